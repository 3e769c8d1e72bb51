//! `footnote`: footnote marks (*Antrag¹*, *Antrag[1]*, *Antrag\**) and the word
//! *Fußnote*: the explanation belongs into the text.

use super::*;

/// `footnote`
pub(super) const FOOTNOTE: Rule = Rule {
    id: RuleId::Footnote,
    title: "Fußnote",
    sources: &["N", "H", "IE"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Schreiben Sie keine Fuß-Noten. Schreiben Sie die Erklärung direkt in den Text.",
};

const SUPERSCRIPTS: [char; 10] = ['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹', '⁰'];

pub(super) fn footnote(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let mut marks: Vec<(usize, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        let after_word = prev.is_some_and(|p| p.is_alphabetic() || p == '.' || p == ',');
        if SUPERSCRIPTS.contains(&ch) && prev.is_some_and(|p| !p.is_whitespace()) {
            // ² after a unit (m², km²) is an exponent, not a footnote (a word ending in m, such
            // as *Programm¹*, is missed: left for a unit list)
            let unit = text[..i].ends_with('m') || text[..i].ends_with("cm");
            let mut end = i + ch.len_utf8();
            while let Some(&(j, n)) = iter.peek() {
                if !SUPERSCRIPTS.contains(&n) {
                    break;
                }
                end = j + n.len_utf8();
                iter.next();
            }
            if !unit {
                marks.push((i, end));
            }
        } else if ch == '[' && after_word {
            // [1], [12]
            let rest = &text[i + 1..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=3).contains(&digits) && rest[digits..].starts_with(']') {
                marks.push((i, i + digits + 2));
            }
        } else if ch == '*'
            && prev.is_some_and(char::is_alphabetic)
            && iter
                .peek()
                .is_none_or(|&(_, n)| n.is_whitespace() || ".,;:!?)".contains(n))
        {
            // Antrag* (a gender star is followed by a letter: Lehrer*innen)
            marks.push((i, i + 1));
        }
        prev = Some(ch);
    }
    for (a, b) in marks {
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + b,
            format!("„{}“ ist ein Zeichen für eine Fuß-Note.", &text[a..b]),
            Some("Schreiben Sie die Erklärung hier in den Text.".into()),
        ));
    }
    for t in &c.toks {
        if t.lower.starts_with("fußnote") || t.lower.starts_with("fussnote") {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“: Die Leser müssen woanders weiter-lesen.", t.text),
                Some("Schreiben Sie die Erklärung hier in den Text.".into()),
            ));
        }
    }
}
