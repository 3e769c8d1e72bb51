//! Typography rules: special characters and brackets.

use super::*;

/// `special-character`
pub(super) const SPECIAL_CHARACTER: Rule = Rule {
    id: RuleId::SpecialCharacter,
    title: "Sonderzeichen",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Sonder-Zeichen sind schwer. Zum Beispiel: & oder §. Schreiben Sie das Wort: und, Paragraf.",
};

/// `brackets`
pub(super) const BRACKETS: Rule = Rule {
    id: RuleId::Brackets,
    title: "Klammer",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Schreiben Sie nichts in Klammern. Schreiben Sie lieber einen eigenen Satz.",
};

pub(super) fn special_character(c: &Ctx, hits: &mut Vec<Hit>) {
    const CHARS: [(char, Option<&str>); 14] = [
        ('&', Some("und")),
        ('§', Some("Paragraf")),
        (';', Some(". (neuer Satz)")),
        ('/', Some("oder")),
        ('+', Some("und")),
        ('=', Some("ist")),
        ('~', Some("ungefähr")),
        ('<', Some("weniger als")),
        ('>', Some("mehr als")),
        ('#', None),
        ('|', None),
        ('^', None),
        ('†', Some("gestorben")),
        ('*', None),
    ];
    let text = c.text();
    // URLs, e-mail addresses and gender markers are not flagged here
    let skip: Vec<(usize, usize)> = text
        .split_whitespace()
        .filter(|w| w.contains("://") || w.starts_with("www.") || w.contains('@'))
        .map(|w| {
            let a = w.as_ptr() as usize - text.as_ptr() as usize;
            (a, a + w.len())
        })
        .collect();
    for (i, ch) in text.char_indices() {
        let Some((_, instead)) = CHARS.iter().find(|(x, _)| *x == ch) else {
            continue;
        };
        if skip.iter().any(|&(a, b)| (a..b).contains(&i)) {
            continue;
        }
        let prev = text[..i].chars().next_back();
        let next = text[i + ch.len_utf8()..].chars().next();
        if matches!(ch, '*' | '/')
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(|n| n.is_alphabetic() || n == '-')
        {
            continue; // gender marker (Lehrer*innen, Lehrer/-innen)
        }
        if ch == '/'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            continue; // 2024/25, 24/7
        }
        if ch == '+'
            && prev.is_none_or(|p| p.is_whitespace() || p == '(')
            && is_phone_number(&text[i + 1..])
        {
            continue; // the international prefix of a phone number: +49 221 123456
        }
        hits.push(hit(
            c.sentence.start + i,
            c.sentence.start + i + ch.len_utf8(),
            format!("„{ch}“ ist ein Sonder-Zeichen."),
            instead.map(|s| s.to_string()),
        ));
    }
}

/// Whether `after` (the text after a `+`) starts with a phone number: digit groups separated
/// by spaces, `-`, `/` or brackets, at least 6 digits, the first right after the `+`. Reads at
/// most 24 characters (linear on any input).
fn is_phone_number(after: &str) -> bool {
    if !after.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let digits = after
        .chars()
        .take(24)
        .take_while(|&c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '-' | '/' | '(' | ')'))
        .filter(char::is_ascii_digit)
        .count();
    digits >= 6
}

pub(super) fn brackets(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let mut open: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        match ch {
            '(' | '[' if open.is_none() => open = Some(i),
            ')' | ']' => {
                let a = open.take().unwrap_or(i);
                hits.push(hit(
                    c.sentence.start + a,
                    c.sentence.start + i + 1,
                    "Hier steht etwas in Klammern.".into(),
                    Some("Schreiben Sie das in einen eigenen Satz.".into()),
                ));
            }
            _ => {}
        }
    }
    if let Some(a) = open {
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + a + 1,
            "Hier steht eine Klammer.".into(),
            Some("Schreiben Sie das in einen eigenen Satz.".into()),
        ));
    }
}
