//! Number rules: number words, big numbers, percentages, dates, Roman numerals.

use super::*;

/// `number-word`
pub(super) const NUMBER_WORD: Rule = Rule {
    id: RuleId::NumberWord,
    title: "Zahl als Wort",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie Zahlen als Ziffern. Zum Beispiel: 3. Nicht: drei.",
};

/// `big-number`
pub(super) const BIG_NUMBER: Rule = Rule {
    id: RuleId::BigNumber,
    title: "Große oder genaue Zahl",
    sources: &["N", "H", "IE"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Große Zahlen sind schwer. Schreiben Sie lieber: viele. Oder runden Sie die Zahl.",
};

/// `percentage`
pub(super) const PERCENTAGE: Rule = Rule {
    id: RuleId::Percentage,
    title: "Prozent",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Prozent-Zahlen sind schwer. Schreiben Sie zum Beispiel: die Hälfte. Oder: 3 von 10.",
};

/// `date-format`
pub(super) const DATE_FORMAT: Rule = Rule {
    id: RuleId::DateFormat,
    title: "Datum",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Schreiben Sie den Monat als Wort. Zum Beispiel: 3. März 2025.",
};

/// `roman-numeral`
pub(super) const ROMAN_NUMERAL: Rule = Rule {
    id: RuleId::RomanNumeral,
    title: "Römische Zahl",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Römische Zahlen sind schwer. Schreiben Sie: 14. Nicht: XIV.",
};

pub(super) fn number_word(c: &Ctx, hits: &mut Vec<Hit>) {
    for (i, t) in c.toks.iter().enumerate() {
        if t.capitalised() && i > 0 {
            continue; // "die Acht", "eine Elf"
        }
        if t.info.class & class::NUMBER_WORD == 0 {
            continue;
        }
        let digits = lexicon::NUMBER_WORDS
            .iter()
            .find(|(w, _)| *w == t.lower)
            .map(|(_, d)| (*d).to_string())
            // composed number words: fünfzehn, dreiundzwanzig, zweihundert, viertausend
            .or_else(|| lexicon::number_word_value(&t.lower).map(group_thousands));
        if let Some(digits) = digits {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist eine Zahl.", t.text),
                Some(digits),
            ));
        }
    }
}

/// Numbers in the sentence: (start, end, value, is_plain_year_like).
pub(super) fn numbers(text: &str) -> Vec<(usize, usize, f64, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut grouped = false;
        let mut decimal = false;
        loop {
            while i < b.len() && b[i].is_ascii_digit() {
                digits.push(b[i] as char);
                i += 1;
            }
            // thousands separator: '.' or thin/normal space followed by exactly 3 digits
            let sep = (i < b.len() && b[i] == b'.').then_some(1);
            if let Some(len) = sep {
                let next = &b[i + len..];
                if next.len() >= 3
                    && next[..3].iter().all(u8::is_ascii_digit)
                    && next.get(3).is_none_or(|c| !c.is_ascii_digit())
                {
                    grouped = true;
                    i += len;
                    continue;
                }
            }
            if i + 1 < b.len() && b[i] == b',' && b[i + 1].is_ascii_digit() && !decimal {
                decimal = true;
                digits.push('.');
                i += 1;
                continue;
            }
            break;
        }
        // a date (3.5.2024) or a time (10.30) is not a number here
        if i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            continue;
        }
        let value: f64 = digits.parse().unwrap_or(0.0);
        let year_like =
            !grouped && !decimal && digits.len() == 4 && (1000.0..=2199.0).contains(&value);
        out.push((start, i, value, year_like));
    }
    out
}

pub(super) fn big_number(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (a, b, value, year) in numbers(text) {
        let after = text[b..].trim_start();
        if year || after.starts_with('%') || starts_with_word_ignore_case(after, "prozent") {
            continue;
        }
        let is_decimal = text[a..b].contains(',');
        if value < c.cfg.big_number && !is_decimal {
            continue;
        }
        if is_code(text, a, b) {
            continue; // a phone number, customer number, postcode: not a quantity
        }
        let suggestion = if is_decimal {
            format!("ungefähr {}", value.round())
        } else {
            let magnitude = 10f64.powi(value.log10().floor() as i32 - 1);
            let rounded = (value / magnitude).floor() * magnitude;
            format!("mehr als {} (oder: viele)", group_thousands(rounded as u64))
        };
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + b,
            if is_decimal {
                "Zahlen mit Komma sind schwer.".into()
            } else {
                "Das ist eine große Zahl.".into()
            },
            Some(suggestion),
        ));
    }
}

/// Whether the number at `text[a..b]` is a code rather than a quantity: a digit group with a
/// leading zero (*0221*), a group that follows one or an international prefix (*0221 123456*,
/// *0221/123456*, *+49 221 123456*), or a number after a word that announces one (*Telefon*,
/// *Tel.*, *Fax*, *Kunden-Nummer*, *Nr.*, *Aktenzeichen*, *IBAN*, *PLZ*).
fn is_code(text: &str, a: usize, b: usize) -> bool {
    let number = &text[a..b];
    if number.len() >= 2 && number.starts_with('0') {
        return true;
    }
    let before = &text[..a];
    // the groups before, each across one separator: a run that starts with a leading zero or
    // a + is a phone number (0221 123456, 0221/12 34 56, +49 (0)221 123456)
    let mut rest = before;
    let mut first_group: Option<&str> = None;
    for _ in 0..8 {
        // (phone numbers have few groups: bounded, so a text of a million digit groups stays
        // linear)
        let Some(stripped) = rest.strip_suffix([' ', '/', '-', '\u{a0}', ')', '(']) else {
            break;
        };
        let stripped = stripped.trim_end_matches(['(', ')']);
        let group_start = after_last(stripped, |ch| !ch.is_ascii_digit());
        if group_start == stripped.len() {
            break;
        }
        first_group = Some(&stripped[group_start..]);
        rest = &stripped[..group_start];
    }
    if let Some(group) = first_group
        && (group.starts_with('0') || rest.trim_end_matches('(').ends_with('+'))
    {
        return true;
    }
    // the word before (skipping spaces, a colon, a dot)
    let word_end = before.trim_end_matches([' ', ':', '.', '\u{a0}']);
    let word_start = after_last(word_end, |ch| !ch.is_alphanumeric() && ch != '-');
    let word = word_end[word_start..].to_lowercase();
    word.ends_with("nummer")
        || matches!(
            word.as_str(),
            "tel"
                | "telefon"
                | "fax"
                | "handy"
                | "mobil"
                | "nr"
                | "az"
                | "aktenzeichen"
                | "iban"
                | "plz"
                | "postleitzahl"
                | "kundennr"
        )
}

/// The byte offset just after the last character of `text` that matches (0 if none).
fn after_last(text: &str, matches: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|&(_, ch)| matches(ch))
        .map_or(0, |(i, ch)| i + ch.len_utf8())
}

/// Whether `text` starts with the ASCII word `prefix` in any case (looks only at the prefix,
/// so it is constant time however long the text is).
pub(super) fn starts_with_word_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

pub(super) fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

pub(super) fn percentage(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (a, b, value, _) in numbers(text) {
        let rest = &text[b..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let unit_len = if trimmed.starts_with('%') {
            1
        } else if starts_with_word_ignore_case(trimmed, "prozent") {
            "prozent".len()
        } else {
            continue;
        };
        let end = b + (rest.len() - trimmed.len()) + unit_len;
        let p = value;
        let plain = match p.round() as i64 {
            100 => "alle".to_string(),
            0 => "keiner".to_string(),
            50 => "die Hälfte".to_string(),
            25 => "ein Viertel".to_string(),
            75 => "3 von 4".to_string(),
            33 | 34 => "1 von 3".to_string(),
            66 | 67 => "2 von 3".to_string(),
            _ if p < 5.0 => "sehr wenige".to_string(),
            _ if p > 95.0 => "fast alle".to_string(),
            _ if (p / 10.0).fract() == 0.0 => format!("{} von 10", (p / 10.0) as i64),
            _ => format!("ungefähr {} von 10", (p / 10.0).round() as i64),
        };
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + end,
            "Prozent-Zahlen sind schwer.".into(),
            Some(plain),
        ));
    }
}

pub(super) fn date_format(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let take = |from: usize| {
            let n = b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
            (n, text[from..from + n].parse::<u32>().unwrap_or(0))
        };
        let (n1, v1) = take(i);
        let mut found = None;
        // 03.05.2024 or 3.5.24
        if (1..=2).contains(&n1) && b.get(i + n1) == Some(&b'.') {
            let j = i + n1 + 1;
            let (n2, v2) = take(j);
            if (1..=2).contains(&n2) && b.get(j + n2) == Some(&b'.') {
                let k = j + n2 + 1;
                let (n3, v3) = take(k);
                if n3 == 4 || n3 == 2 {
                    let year = if n3 == 2 { 2000 + v3 } else { v3 };
                    found = Some((k + n3, v1, v2, year));
                }
            }
        }
        // 7.10. after "am", "vom", "bis", "zum", "ab", "seit": a day and month without year
        if found.is_none() && (1..=2).contains(&n1) && b.get(i + n1) == Some(&b'.') {
            let j = i + n1 + 1;
            let (n2, v2) = take(j);
            let after = b.get(j + n2 + 1);
            let before = text[..i].trim_end().to_lowercase();
            if (1..=2).contains(&n2)
                && b.get(j + n2) == Some(&b'.')
                && after.is_none_or(|c| !c.is_ascii_digit())
                && ["am", "vom", "bis", "zum", "ab", "seit"].iter().any(|w| {
                    before.ends_with(w)
                        && !before[..before.len() - w.len()].ends_with(char::is_alphabetic)
                })
            {
                found = Some((j + n2 + 1, v1, v2, 0));
            }
        }
        // 2024-05-03
        if n1 == 4 && b.get(i + 4) == Some(&b'-') {
            let (n2, v2) = take(i + 5);
            if n2 == 2 && b.get(i + 7) == Some(&b'-') {
                let (n3, v3) = take(i + 8);
                if n3 == 2 {
                    found = Some((i + 10, v3, v2, v1));
                }
            }
        }
        match found {
            Some((end, day, month, year))
                if (1..=31).contains(&day) && (1..=12).contains(&month) =>
            {
                hits.push(hit(
                    c.sentence.start + i,
                    c.sentence.start + end,
                    "Dieses Datum ist nur mit Zahlen geschrieben.".into(),
                    Some(if year == 0 {
                        format!("{day}. {}", lexicon::MONTHS[month as usize - 1])
                    } else {
                        format!("{day}. {} {year}", lexicon::MONTHS[month as usize - 1])
                    }),
                ));
                i = end;
            }
            _ => i += n1.max(1),
        }
    }
}

pub(super) fn roman_value(s: &str) -> Option<u32> {
    let v = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(v).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    let total = u32::try_from(total).ok()?;
    // canonical form only (rejects "IIII", "VX", "DM")
    (to_roman(total) == s).then_some(total)
}

pub(super) fn to_roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

pub(super) fn is_roman(s: &str) -> bool {
    const NOT_NUMERALS: [&str; 8] = ["CD", "DC", "MC", "CM", "MD", "CC", "XL", "MM"];
    s.chars().count() >= 2 && !NOT_NUMERALS.contains(&s) && roman_value(s).is_some()
}

/// Words after which a lower-case Roman numeral is a number (*Kapitel iv*, *Teil ii*).
const NUMBERED: [&str; 10] = [
    "kapitel",
    "teil",
    "band",
    "abschnitt",
    "absatz",
    "buch",
    "anlage",
    "artikel",
    "nummer",
    "stufe",
];

pub(super) fn roman_numeral(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (k, t) in c.toks.iter().enumerate() {
        // lower case only where it must be a number: after "Kapitel", or as a list label
        // ("ii) …") at the start of the sentence
        let lower_numeral = t.text.chars().all(|ch| "ivxlcdm".contains(ch))
            && roman_value(&t.text.to_uppercase()).is_some()
            && ((k > 0 && NUMBERED.contains(&c.toks[k - 1].lower.as_str()))
                || (k == 0 && text[t.end - c.sentence.start..].starts_with(')')));
        if is_roman(t.text) || lower_numeral {
            let v = roman_value(&t.text.to_uppercase()).unwrap_or(0);
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist eine römische Zahl.", t.text),
                Some(v.to_string()),
            ));
        }
    }
}
