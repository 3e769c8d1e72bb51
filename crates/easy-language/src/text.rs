//! Words and sentences with byte spans into the input.
//!
//! Words: runs of letters and digits; a hyphen (`Lese-Schwierigkeit`) or Mediopunkt
//! (`Bundes·tag`) between letters joins the parts into one word whose parts are kept.
//! Sentences end at `.`, `!`, `?`, `:` followed by space and an upper-case letter, a digit or
//! a quote — except after a known abbreviation (`z. B.`, `Nr.`, `usw.`, `Hauptstr.`) or an
//! ordinal (`am 3. Mai`); dots inside dates and URLs are not followed by a space — and at line
//! breaks that end a heading or a list item.

use serde::Serialize;

/// A word with its byte span and the byte spans of its parts (split at `-` and `·`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Word {
    /// Byte offset where the word starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Parts of a joined word (`Lese-Schwierigkeit`); empty for a word of one part, so that
    /// the common case allocates nothing. Use [`Word::parts`].
    #[serde(skip)]
    joined: Vec<(usize, usize)>,
    #[serde(skip)]
    whole: (usize, usize),
}

impl Word {
    /// A word of one part.
    pub fn new(start: usize, end: usize) -> Word {
        Word {
            start,
            end,
            joined: Vec::new(),
            whole: (start, end),
        }
    }

    /// A word of several parts (spans must be inside `start..end`).
    pub fn joined(start: usize, end: usize, parts: Vec<(usize, usize)>) -> Word {
        if parts.len() <= 1 {
            return Word::new(start, end);
        }
        Word {
            start,
            end,
            joined: parts,
            whole: (start, end),
        }
    }

    /// Byte spans of the parts (one part: the whole word).
    pub fn parts(&self) -> &[(usize, usize)] {
        if self.joined.is_empty() {
            std::slice::from_ref(&self.whole)
        } else {
            &self.joined
        }
    }

    /// The word's text.
    pub fn text<'a>(&self, input: &'a str) -> &'a str {
        &input[self.start..self.end]
    }
}

/// A sentence: its byte span and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte offset where the sentence starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// Its words.
    pub words: Vec<Word>,
}

impl Sentence {
    /// The whole of `input` as one sentence (for texts that are known to be one sentence).
    pub fn whole(input: &str) -> Sentence {
        Sentence {
            start: 0,
            end: input.len(),
            words: words(input),
        }
    }
}

const JOINERS: [char; 3] = ['-', '·', '\u{2011}'];

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || c == '\u{00AD}'
    }
}

/// The words of `input` (any text; never panics).
pub fn words(input: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(input.len() / 6);
    words_into(input, 0, &mut out);
    out
}

/// The character at byte `i` (a char boundary) and its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        text[i..]
            .chars()
            .next()
            .map_or((' ', 1), |c| (c, c.len_utf8()))
    }
}

/// Pushes the words of `text` (which starts at byte `offset` of the input) with absolute spans.
fn words_into(text: &str, offset: usize, out: &mut Vec<Word>) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        let (c, len) = char_at(text, i);
        if !is_word_char(c) {
            i += len;
            continue;
        }
        let start = i;
        let mut part_start = start;
        let mut parts: Vec<(usize, usize)> = Vec::new();
        i += len;
        loop {
            while i < n {
                let (d, len) = char_at(text, i);
                if !is_word_char(d) {
                    break;
                }
                i += len;
            }
            // a joiner between word characters continues the word
            if i < n {
                let (d, len) = char_at(text, i);
                if JOINERS.contains(&d) && i + len < n && is_word_char(char_at(text, i + len).0) {
                    parts.push((offset + part_start, offset + i));
                    i += len;
                    part_start = i;
                    continue;
                }
            }
            break;
        }
        if parts.is_empty() {
            out.push(Word::new(offset + start, offset + i));
        } else {
            parts.push((offset + part_start, offset + i));
            out.push(Word::joined(offset + start, offset + i, parts));
        }
    }
}

/// Abbreviations after which a period does not end a sentence (lower-cased, without the
/// final period; multi-part ones like "z. B." are matched part by part).
const ABBREVIATIONS: [&str; 45] = [
    "z", "b", "d", "h", "u", "a", "o", "ä", "s", "v", "nr", "usw", "bzw", "ca", "vgl", "dr", "hr",
    "fr", "fa", "dipl", "sog", "prof", "str", "abs", "art", "ggf", "evtl", "inkl", "ggü", "tel",
    "mio", "mrd", "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez",
    "bspw", "etc",
];

fn previous_token(input: &str, dot: usize) -> &str {
    let before = &input[..dot];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// Whether the punctuation at byte `at` ends a sentence.
fn ends_sentence(input: &str, at: usize, mark: char) -> bool {
    let after = &input[at + mark.len_utf8()..];
    let mut rest = after.chars();
    match rest.next() {
        None => return true,
        Some(c) if !c.is_whitespace() && c != '"' && c != '“' && c != '»' && c != ')' => {
            return false;
        }
        _ => {}
    }
    let next = after.trim_start_matches(|c: char| {
        c.is_whitespace() || c == '"' || c == '“' || c == '»' || c == ')'
    });
    let Some(first) = next.chars().next() else {
        return true;
    };
    if mark == ':' && !first.is_uppercase() {
        return false;
    }
    if mark != '.' {
        return first.is_uppercase() || first.is_numeric() || !first.is_alphabetic();
    }
    let prev = previous_token(input, at);
    let lower = prev.to_lowercase();
    // abbreviations, also at the end of compounds ("Hauptstr.")
    if ABBREVIATIONS.contains(&lower.as_str()) || (lower.len() > 3 && lower.ends_with("str")) {
        return false;
    }
    // ordinals: a 1-2 digit number before a month, a lower-case word, or after an article or
    // preposition ("am 3. Mai", "der 2. Antrag"); "Hauptstr. 5. Kommen" and "2024. Er" end
    if !prev.is_empty() && prev.chars().all(|c| c.is_ascii_digit()) && prev.len() <= 2 {
        const MONTHS: [&str; 12] = [
            "januar",
            "februar",
            "märz",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "dezember",
        ];
        let next_word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
        let before = input[..at - prev.len()].trim_end();
        let word_before = before
            .rsplit(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
            .to_lowercase();
        const LEADS: [&str; 14] = [
            "am", "zum", "vom", "bis", "ab", "der", "die", "das", "den", "dem", "des", "im", "zur",
            "seit",
        ];
        if MONTHS.contains(&next_word.to_lowercase().as_str())
            || first.is_lowercase()
            || LEADS.contains(&word_before.as_str())
        {
            return false;
        }
    }
    first.is_uppercase() || first.is_numeric() || first == '„' || first == '-' || first == '–'
}

/// A letter's salutation on its own line, ending in a comma ("Sehr geehrte Frau Müller,",
/// "Liebe Eltern,", "Hallo Herr Öztürk,"): the line break after it ends a unit, although the
/// next line goes on in lower case.
fn is_salutation(line: &str) -> bool {
    const OPENINGS: [&str; 9] = [
        "sehr geehrte",
        "liebe ",
        "lieber ",
        "liebes ",
        "hallo",
        "guten tag",
        "guten morgen",
        "guten abend",
        "moin",
    ];
    let line = line.trim();
    let lower = line.to_lowercase();
    line.ends_with(',')
        && line.split_whitespace().count() <= 8
        && OPENINGS.iter().any(|o| lower.starts_with(o))
}

/// The sentences of `input` with their words.
pub fn sentences(input: &str) -> Vec<Sentence> {
    let mut bounds = Vec::new();
    let mut start = 0;
    // only ASCII punctuation, line breaks and '…' can end a sentence: scan the bytes (ASCII
    // bytes never occur inside a multi-byte character)
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = match bytes[i] {
            b'.' => '.',
            b'!' => '!',
            b'?' => '?',
            b':' => ':',
            b'\n' => '\n',
            0xE2 if input[i..].starts_with('…') => '…',
            _ => {
                i += 1;
                continue;
            }
        };
        let end = match c {
            '.' | '!' | '?' | ':' | '…' if ends_sentence(input, i, c) => Some(i + c.len_utf8()),
            '\n' => {
                // a line break ends a heading or list item without final punctuation, and a
                // blank line ends anything
                let line = input[start..i].trim_end();
                let blank_next = input[i + 1..].starts_with('\n')
                    || input[i + 1..]
                        .trim_start_matches([' ', '\t'])
                        .starts_with('\n');
                let listy = |s: &str| {
                    let t = s.trim_start();
                    t.starts_with(['-', '•', '*', '–'])
                        || t.split_once(". ")
                            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                };
                let next_line = input[i + 1..].lines().next().unwrap_or("");
                let no_final = !line.ends_with(['.', '!', '?', ':', ',', ';']);
                // a short line without final punctuation is a heading unless the next line
                // carries on in lower case
                let continues = next_line.trim_start().starts_with(char::is_lowercase);
                if !line.is_empty()
                    && (blank_next
                        || listy(next_line)
                        || is_salutation(line)
                        || (no_final
                            && !continues
                            && (listy(line) || line.split_whitespace().count() <= 8)))
                {
                    Some(i)
                } else {
                    None
                }
            }
            _ => None,
        };
        match end {
            Some(mut end) => {
                // swallow closing quotes and brackets
                while let Some(d) = input[end..].chars().next() {
                    if matches!(d, '"' | '“' | '»' | ')' | '\'') {
                        end += d.len_utf8();
                    } else {
                        break;
                    }
                }
                bounds.push((start, end));
                start = end;
                i = end.max(i + 1);
            }
            None => i += c.len_utf8(),
        }
    }
    bounds.push((start, input.len()));
    bounds
        .into_iter()
        .filter_map(|(a, b)| {
            let text = &input[a..b];
            let lead = text.len() - text.trim_start().len();
            let trail = text.len() - text.trim_end().len();
            let (a, b) = (a + lead, b - trail);
            if a >= b {
                return None;
            }
            let mut ws = Vec::with_capacity((b - a) / 6);
            words_into(&input[a..b], a, &mut ws);
            (!ws.is_empty()).then_some(Sentence {
                start: a,
                end: b,
                words: ws,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    #[test]
    fn a_salutation_line_is_its_own_unit() {
        assert_eq!(
            split("Sehr geehrte Frau Müller,\ndie Sicherung ist uns wichtig."),
            [
                "Sehr geehrte Frau Müller,",
                "die Sicherung ist uns wichtig."
            ]
        );
        assert_eq!(
            split("Liebe Eltern,\r\nwir laden Sie ein."),
            ["Liebe Eltern,", "wir laden Sie ein."]
        );
        // a comma at a line end elsewhere does not end the sentence
        assert_eq!(
            split("Wir kommen am Montag,\nwenn es nicht regnet."),
            ["Wir kommen am Montag,\nwenn es nicht regnet."]
        );
        // nor does a long line that happens to start like a salutation
        assert_eq!(
            split(
                "Liebe Grüße an alle Kinder und Eltern der Gruppe und an die Erzieher,\nbis bald."
            ),
            ["Liebe Grüße an alle Kinder und Eltern der Gruppe und an die Erzieher,\nbis bald."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("Bringen Sie z. B. Ihren Ausweis mit. Das ist wichtig."),
            ["Bringen Sie z. B. Ihren Ausweis mit.", "Das ist wichtig."]
        );
        assert_eq!(
            split("Wir sind in der Hauptstr. 5. Kommen Sie vorbei!"),
            ["Wir sind in der Hauptstr. 5.", "Kommen Sie vorbei!"]
        );
        assert_eq!(
            split("Antrag Nr. 12 ist da. Gut."),
            ["Antrag Nr. 12 ist da.", "Gut."]
        );
        assert_eq!(
            split("Das gilt usw. Aber nicht hier."),
            ["Das gilt usw. Aber nicht hier."]
        );
    }

    #[test]
    fn dates_ordinals_and_urls() {
        assert_eq!(
            split("Der Termin ist am 3. Mai 2024. Er dauert eine Stunde."),
            ["Der Termin ist am 3. Mai 2024.", "Er dauert eine Stunde."]
        );
        assert_eq!(
            split("Bis zum 12.03.2024 zahlen. Danke."),
            ["Bis zum 12.03.2024 zahlen.", "Danke."]
        );
        assert_eq!(
            split("Lesen Sie www.beispiel.de. Oder rufen Sie an."),
            ["Lesen Sie www.beispiel.de.", "Oder rufen Sie an."]
        );
        assert_eq!(
            split("Mehr unter https://a.de/x.html heute."),
            ["Mehr unter https://a.de/x.html heute."]
        );
    }

    #[test]
    fn headings_and_lists() {
        let t = "Ihr Antrag\n\nSie brauchen:\n- Ausweis\n- Mietvertrag\nDann geht es los.";
        assert_eq!(
            split(t),
            [
                "Ihr Antrag",
                "Sie brauchen:",
                "- Ausweis",
                "- Mietvertrag",
                "Dann geht es los."
            ]
        );
        // a sentence wrapped over two lines stays one sentence
        assert_eq!(
            split(
                "Das ist ein langer Satz, der über\nzwei Zeilen geht und weiter läuft bis zum Punkt."
            ),
            ["Das ist ein langer Satz, der über\nzwei Zeilen geht und weiter läuft bis zum Punkt."]
        );
    }

    #[test]
    fn words_keep_compound_parts_and_spans() {
        let t = "Die Lese-Schwierigkeit im Bundes·tag.";
        let w = words(t);
        let texts: Vec<&str> = w.iter().map(|x| x.text(t)).collect();
        assert_eq!(texts, ["Die", "Lese-Schwierigkeit", "im", "Bundes·tag"]);
        assert_eq!(w[1].parts().len(), 2);
        assert_eq!(&t[w[3].parts()[1].0..w[3].parts()[1].1], "tag");
        // not a joiner at word edges
        assert_eq!(words("- Ausweis -").len(), 1);
    }

    #[test]
    fn any_input_is_safe() {
        for t in [
            "",
            " ",
            "\n\n\n",
            "...",
            "😀 Hallo. 😀",
            "a.b.c.d.",
            "Ä. Ö. Ü.",
            "\u{0}\u{feff}x",
            "a\u{00AD}b",
            "中文。日本語.",
            "!!!???",
        ] {
            let s = sentences(t);
            for x in &s {
                assert!(x.start < x.end && x.end <= t.len());
                assert!(t.is_char_boundary(x.start) && t.is_char_boundary(x.end));
            }
        }
        let big = "Ein Satz. ".repeat(100_000);
        assert_eq!(sentences(&big).len(), 100_000);
    }
}
