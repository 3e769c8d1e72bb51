//! Numbers as people type them into a form: `1.450,50`, `18.500`, `0,1`, `10 %`, `3,5 km`,
//! `1,450.50`, `1 450,50`, `-2`. One function for the whole suite, so that no door reads a
//! number differently from what its writer meant.
//!
//! A text is read both ways — the German way (`.` groups thousands, `,` is the decimal mark)
//! and the English way (`,` groups, `.` is the decimal mark). Groups of thousands must be
//! groups of three digits after a first group of one to three digits. When only one reading is
//! possible it is taken (`18.5` can only be eighteen and a half; `0,1` only a tenth). When both
//! are possible and differ (`18.500`, `1,500`), the page's language decides — never silently
//! the other way. A text that no reading fits is refused with what was expected.

/// Which way a number is read when both readings are possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// `1.450,50` (German pages, the default: the staff are German).
    #[default]
    German,
    /// `1,450.50`.
    English,
}

impl Convention {
    /// `de` → German, `en` → English; anything else German.
    pub fn from_lang(lang: &str) -> Convention {
        if lang.trim().to_ascii_lowercase().starts_with("en") {
            Convention::English
        } else {
            Convention::German
        }
    }
}

/// A number read from a form field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Typed {
    /// The number as written (`10 %` → 10).
    pub value: f64,
    /// Whether it was followed by `%` or `Prozent` (the caller decides what that means).
    pub percent: bool,
}

impl Typed {
    /// A share between 0 and 1: `0,1`, `0.1`, `10 %` and `10 Prozent` all give 0.1.
    pub fn share(self) -> f64 {
        if self.percent {
            self.value / 100.0
        } else {
            self.value
        }
    }
}

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Nothing was typed.
    #[error("empty: type a number")]
    Empty,
    /// Not a number in any reading.
    #[error("'{text}' is not a number (for example 1450,50 or 1.450,50)")]
    NotANumber {
        /// What was typed.
        text: String,
    },
}

impl NumberError {
    /// The message in German, for German pages.
    pub fn german(&self) -> String {
        match self {
            NumberError::Empty => "leer: Bitte geben Sie eine Zahl ein".into(),
            NumberError::NotANumber { text } => {
                format!("„{text}“ ist keine Zahl (zum Beispiel 1450,50 oder 1.450,50)")
            }
        }
    }
}

/// Units that may follow a number in a form (removed before reading it).
const UNITS: [&str; 8] = ["€", "eur", "euro", "km", "kg", "m", "tage", "days"];

/// Reads a number as typed into a form (see the module docs).
pub fn parse_typed(text: &str, convention: Convention) -> Result<Typed, NumberError> {
    let not = || NumberError::NotANumber {
        text: text.trim().to_owned(),
    };
    let mut t = text.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    let mut percent = false;
    if let Some(rest) = strip_suffix_ci(t, "%").or_else(|| strip_suffix_ci(t, "prozent")) {
        percent = true;
        t = rest;
    } else if let Some(rest) = UNITS.iter().find_map(|u| {
        strip_suffix_ci(t, u).filter(|rest| {
            rest.chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || c.is_whitespace())
        })
    }) {
        t = rest;
    }
    t = t.trim_matches(|c: char| c.is_whitespace());
    t = t.strip_prefix('€').unwrap_or(t).trim_start();
    let (negative, digits) = match t.chars().next() {
        Some('-' | '−') => (
            true,
            t[t.chars().next().map_or(0, char::len_utf8)..].trim_start(),
        ),
        Some('+') => (false, t[1..].trim_start()),
        _ => (false, t),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(not());
    }
    let german = reading(digits, '.', ',');
    let english = reading(digits, ',', '.');
    let value = match (german, english) {
        (Some(g), Some(e)) if g == e => g,
        (Some(g), Some(e)) => match convention {
            Convention::German => g,
            Convention::English => e,
        },
        (Some(v), None) | (None, Some(v)) => v,
        // what programs write: 1e-05
        (None, None) => match digits.parse::<f64>() {
            Ok(v) if v.is_finite() && digits.contains(['e', 'E']) => v,
            _ => return Err(not()),
        },
    };
    Ok(Typed {
        value: if negative { -value } else { value },
        percent,
    })
}

/// `text` without `suffix` at its end, ignoring ASCII case (`suffix` is ASCII or one symbol).
fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let at = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(at) && text[at..].eq_ignore_ascii_case(suffix)).then(|| &text[..at])
}

/// The value of `digits` with `group` between thousands (also a space or `'`) and `decimal` as
/// the decimal mark; `None` when the text does not fit that reading.
fn reading(digits: &str, group: char, decimal: char) -> Option<f64> {
    let (int_part, frac) = match digits.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let is_group =
        |c: char| c == group || c == ' ' || c == '\'' || c == '\u{a0}' || c == '\u{202f}';
    let groups: Vec<&str> = int_part.split(is_group).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.chars().all(|c| c.is_ascii_digit()))
    {
        // ",5" or ".5": no integer part
        if !(groups.len() == 1 && groups[0].is_empty() && frac.is_some()) {
            return None;
        }
    }
    if groups.len() > 1
        && (groups[0].len() > 3
            || groups[0].starts_with('0')
            || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let plain = format!("{}.{}", groups.concat(), frac.unwrap_or("0"));
    let plain = if plain.starts_with('.') {
        format!("0{plain}")
    } else {
        plain
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Convention::{English, German};

    fn de(text: &str) -> Option<f64> {
        parse_typed(text, German).ok().map(Typed::share)
    }
    fn en(text: &str) -> Option<f64> {
        parse_typed(text, English).ok().map(Typed::share)
    }

    #[test]
    fn german_and_english_forms() {
        // (text, on a German page, on an English page)
        let table: [(&str, Option<f64>, Option<f64>); 24] = [
            ("1.450,50", Some(1450.5), Some(1450.5)),
            ("1,450.50", Some(1450.5), Some(1450.5)),
            ("18.500", Some(18500.0), Some(18.5)),
            ("18.500 €", Some(18500.0), Some(18.5)),
            ("€ 18.500,00", Some(18500.0), Some(18500.0)),
            ("18,5", Some(18.5), Some(18.5)),
            ("18.5", Some(18.5), Some(18.5)),
            ("1,500", Some(1.5), Some(1500.0)),
            ("0,1", Some(0.1), Some(0.1)),
            ("0.1", Some(0.1), Some(0.1)),
            ("10 %", Some(0.1), Some(0.1)),
            ("10%", Some(0.1), Some(0.1)),
            ("12,5 Prozent", Some(0.125), Some(0.125)),
            ("3,5 km", Some(3.5), Some(3.5)),
            ("1 450,50", Some(1450.5), Some(1450.5)),
            ("1.000.000", Some(1e6), Some(1e6)),
            ("1,000,000", Some(1e6), Some(1e6)),
            ("-2", Some(-2.0), Some(-2.0)),
            ("−1.234,5", Some(-1234.5), Some(-1234.5)),
            (",5", Some(0.5), Some(0.5)),
            ("18500", Some(18500.0), Some(18500.0)),
            ("1.45.0", None, None),
            ("zehn", None, None),
            ("1,2,3", None, None),
        ];
        for (text, g, e) in table {
            assert_eq!(de(text), g, "German page: {text}");
            assert_eq!(en(text), e, "English page: {text}");
        }
        assert_eq!(parse_typed("  ", German), Err(NumberError::Empty));
        assert!(
            parse_typed("1.2.3,4,5", German)
                .unwrap_err()
                .german()
                .contains("keine Zahl")
        );
        assert_eq!(Convention::from_lang("en-GB"), English);
        assert_eq!(Convention::from_lang("de"), German);
        // odd input is refused, never a panic
        for odd in [
            "ẞ10%",
            "€",
            "%",
            "-",
            "+,",
            "1,,5",
            "..",
            "1 000 000,5 €",
            "١٢٣",
            "1e5",
            "NaN",
            "inf",
        ] {
            let _ = parse_typed(odd, German);
            let _ = parse_typed(odd, English);
        }
        assert_eq!(de("1 000 000,5 €"), Some(1_000_000.5));
        assert_eq!(de("1e-5"), Some(1e-5));
    }

    /// The German way of writing `cents / 100` with thousands groups (or not).
    fn german(cents: u64, grouped: bool, decimals: bool) -> String {
        let int = (cents / 100).to_string();
        let int = if grouped {
            let mut out = String::new();
            for (i, c) in int.chars().enumerate() {
                if i > 0 && (int.len() - i).is_multiple_of(3) {
                    out.push('.');
                }
                out.push(c);
            }
            out
        } else {
            int
        };
        if decimals {
            format!("{int},{:02}", cents % 100)
        } else {
            int
        }
    }

    #[test]
    fn numbers_written_the_pages_way_are_read_as_meant() {
        // a property over many amounts: written the German way on a German page, or the
        // English way on an English page, the number is what its writer meant
        let mut x: u64 = 88172645463325252;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let cents = x % 10_000_000_000;
            let decimals = x & 1 == 1;
            let grouped = x & 2 == 2;
            let meant = if decimals {
                cents as f64 / 100.0
            } else {
                (cents / 100) as f64
            };
            let g = german(cents, grouped, decimals);
            assert_eq!(de(&g), Some(meant), "{g}");
            let e = g.replace('.', "_").replace(',', ".").replace('_', ",");
            assert_eq!(en(&e), Some(meant), "{e}");
            // the German writer on an English page is read as meant or refused, never scaled
            // by a thousand, unless the text has both readings (then the page decides)
            if let Some(v) = en(&g)
                && v != meant
            {
                assert!(de(&g).is_some() && grouped && !decimals, "{g} read as {v}");
            }
        }
    }
}
