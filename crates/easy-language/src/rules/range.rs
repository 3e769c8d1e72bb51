//! `range-notation`: a range written with a dash (*9–12 Uhr*, *Mo-Fr*, *1990 – 2000*).

use super::*;

/// `range-notation`
pub(super) const RANGE_NOTATION: Rule = Rule {
    id: RuleId::RangeNotation,
    title: "Von … bis",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(I)],
    explanation: "Schreiben Sie: von 9 bis 12 Uhr. Nicht: 9–12 Uhr. Der Strich ist schwer.",
};

/// Weekday and month abbreviations that are written as ranges (*Mo–Fr*, *Jan.–März*).
const NAMED: [&str; 19] = [
    "mo", "di", "mi", "do", "fr", "sa", "so", "jan", "feb", "mär", "apr", "jun", "jul", "aug",
    "sep", "sept", "okt", "nov", "dez",
];

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒')
}

/// The end of the range's left or right item starting at byte `i` of `text` (digits with
/// optional `.`/`:` groups, or a weekday/month abbreviation; without a final dot), and whether
/// it is numeric.
fn item_end(text: &str, i: usize) -> Option<(usize, bool)> {
    let rest = &text[i..];
    if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        // (only from a digit: a scan from every colon of ":::…" would be quadratic)
        let digits = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ':'))
            .map_or(rest.len(), |(j, _)| j);
        return Some((i + rest[..digits].trim_end_matches(['.', ':']).len(), true));
    }
    let letters = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(j, _)| j);
    let word = rest[..letters].to_lowercase();
    if NAMED.contains(&word.as_str()) {
        return Some((i + letters, false));
    }
    None
}

pub(super) fn range_notation(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let mut i = 0;
    while i < text.len() {
        let starts_item = text[..i]
            .chars()
            .next_back()
            .is_none_or(|p| !(p.is_alphanumeric() || p == '.' || p == '-' || p == '/'));
        let Some((left_end, numeric)) = starts_item.then(|| item_end(text, i)).flatten() else {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // the dash, with or without spaces around it
        // (a date's last dot belongs to it: 1.3.–31.3., an abbreviation's: Mo.–Fr.)
        let after = &text[left_end..];
        let after = after.strip_prefix('.').unwrap_or(after);
        let left_shown_end = text.len() - after.len();
        let spaced = after.trim_start_matches(' ');
        let Some(dash) = spaced.chars().next().filter(|&d| is_dash(d)) else {
            i = left_end.max(i + 1);
            continue;
        };
        let right_start = text.len() - spaced.len() + dash.len_utf8();
        let right_start = right_start
            + (text[right_start..].len() - text[right_start..].trim_start_matches(' ').len());
        let right = (right_start < text.len())
            .then(|| item_end(text, right_start))
            .flatten();
        match right {
            Some((right_end, right_numeric))
                if right_numeric == numeric
                    // not a phone number (0221-123456) or an ISO date (2024-05-03)
                    && !(numeric && text[i..left_end].starts_with('0'))
                    && !text[right_end..].starts_with(['-', '–'])
                    && text[right_end..]
                        .chars()
                        .next()
                        .is_none_or(|n| !n.is_alphanumeric()) =>
            {
                let (from, to) = (&text[i..left_shown_end], &text[right_start..right_end]);
                hits.push(hit(
                    c.sentence.start + i,
                    c.sentence.start + right_end,
                    format!("„{}“ ist eine Spanne mit Strich.", &text[i..right_end]),
                    Some(format!("von {from} bis {to}")),
                ));
                i = right_end;
            }
            _ => i = left_end.max(i + 1),
        }
    }
}
