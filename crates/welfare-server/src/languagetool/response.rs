//! LanguageTool's answer to `/v2/check`, rendered from the checker's [`Report`]: every field the
//! real clients read (LibreOffice: `shortMessage` and `rule.category.id` are mandatory;
//! ltex-ls: `sentence`; language-tool-python: `context`, `rule.issueType`), offsets in UTF-16
//! code units counted in the text with markup.

use easy_language::{Finding, Report, RuleId, Severity};
use serde::Serialize;

use super::annotation::{Annotated, utf16_offsets};

/// Characters of context on each side of a match (LanguageTool's `CONTEXT_SIZE`).
const CONTEXT_CHARS: usize = 40;

/// `software`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Software {
    name: &'static str,
    version: &'static str,
    build_date: &'static str,
    api_version: u32,
    premium: bool,
    status: &'static str,
}

/// What this server says it is.
pub const SOFTWARE: Software = Software {
    name: "welfare-algorithms Leichte Sprache",
    version: env!("CARGO_PKG_VERSION"),
    build_date: "",
    api_version: 1,
    premium: false,
    status: "",
};

/// `warnings`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warnings {
    incomplete_results: bool,
}

/// `language.detectedLanguage`.
#[derive(Debug, Serialize)]
pub struct DetectedLanguage {
    name: &'static str,
    code: &'static str,
    confidence: f64,
    source: &'static str,
}

/// `language`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Language {
    name: &'static str,
    code: &'static str,
    detected_language: DetectedLanguage,
}

/// One `replacements` entry.
#[derive(Debug, Serialize)]
pub struct Replacement {
    value: String,
}

/// `context`: the match with up to 40 characters on each side.
#[derive(Debug, Serialize)]
pub struct Context {
    text: String,
    offset: usize,
    length: usize,
}

/// `type`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchType {
    type_name: &'static str,
}

/// `rule.urls` entry.
#[derive(Debug, Serialize)]
pub struct Url {
    value: String,
}

/// `rule.category`.
#[derive(Debug, Serialize)]
pub struct Category {
    id: &'static str,
    name: &'static str,
}

/// `rule`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    id: &'static str,
    description: &'static str,
    issue_type: &'static str,
    urls: Vec<Url>,
    category: Category,
}

/// One of `matches`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Match {
    message: String,
    short_message: String,
    replacements: Vec<Replacement>,
    offset: usize,
    length: usize,
    context: Context,
    sentence: String,
    #[serde(rename = "type")]
    kind: MatchType,
    rule: Rule,
    ignore_for_incomplete_sentence: bool,
    context_for_sure_match: i32,
}

/// The answer to `/v2/check`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckResponse {
    software: Software,
    warnings: Warnings,
    language: Language,
    matches: Vec<Match>,
    sentence_ranges: Vec<[usize; 2]>,
}

/// One entry of `/v2/languages`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LanguageEntry {
    /// English name, as LanguageTool lists it.
    pub name: &'static str,
    /// Short code.
    pub code: &'static str,
    /// Code with country and variant (LibreOffice and Obsidian read this one).
    pub long_code: &'static str,
}

/// How a client shows the two messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Messages {
    /// As LanguageTool means them: `message` the full text, `shortMessage` the title.
    Standard,
    /// LibreOffice shows `message` as the short comment and `shortMessage` as the full one.
    Swapped,
}

/// Where the finding is marked. A finding over the whole sentence or over more than
/// [`MARK_WORDS`] words is narrowed to one word, so that it does not hide the other findings in
/// the sentence: LanguageTool marks the word at the limit of a long sentence and the participle
/// of a passive, not the stretch between.
fn mark(f: &Finding, sentence: (usize, usize), text: &str, limit: usize) -> (usize, usize) {
    let whole = f.start <= sentence.0 && f.end >= sentence.1;
    let span = &text[f.start..f.end];
    if !whole && span.split_whitespace().count() <= MARK_WORDS {
        return (f.start, f.end);
    }
    let words: Vec<(usize, usize)> = span
        .split_whitespace()
        .map(|w| {
            let start = f.start + (w.as_ptr() as usize - span.as_ptr() as usize);
            let trimmed = w.trim_end_matches([',', '.', ';', ':', '!', '?']);
            (
                start,
                start
                    + if trimmed.is_empty() {
                        w.len()
                    } else {
                        trimmed.len()
                    },
            )
        })
        .collect();
    let at = match f.rule {
        RuleId::SentenceTooLong => limit.min(words.len().saturating_sub(1)),
        RuleId::PassiveVoice => words.len().saturating_sub(1),
        _ => 0,
    };
    words.get(at).copied().unwrap_or((f.start, f.end))
}

/// Findings over more words than this are marked on one word (see [`mark`]).
const MARK_WORDS: usize = 5;

fn context(markup: &str, start: usize, end: usize) -> Context {
    let before: Vec<char> = markup[..start]
        .chars()
        .rev()
        .take(CONTEXT_CHARS + 1)
        .collect();
    let after: Vec<char> = markup[end..].chars().take(CONTEXT_CHARS + 1).collect();
    let mut text = String::new();
    if before.len() > CONTEXT_CHARS {
        text.push_str("...");
    }
    text.extend(before.iter().take(CONTEXT_CHARS).rev());
    let offset = text.encode_utf16().count();
    text.push_str(&markup[start..end]);
    let length = markup[start..end].encode_utf16().count();
    text.extend(after.iter().take(CONTEXT_CHARS));
    if after.len() > CONTEXT_CHARS {
        text.push_str("...");
    }
    Context {
        text: text.replace(['\n', '\r', '\t'], " "),
        offset,
        length,
    }
}

/// Renders `report` (checked on `text.plain`) as LanguageTool's answer. `language_code` is the
/// code the client asked for (normalised); `rule_url` gives the address of a rule's
/// explanation; `limit` is the sentence length from which a sentence is too long.
pub fn render(
    report: &Report,
    text: &Annotated,
    language: (&'static str, &'static str),
    messages: Messages,
    rule_url: &dyn Fn(RuleId) -> String,
    limit: usize,
) -> CheckResponse {
    // every plain offset, mapped into the text with markup, then into UTF-16 in one pass
    let mut spans = Vec::new();
    for s in &report.sentences {
        for f in &s.findings {
            let (a, b) = mark(f, (s.start, s.end), &text.plain, limit);
            let start = text.to_markup(a, false);
            spans.push((start, text.to_markup(b, true).max(start)));
        }
    }
    let ranges: Vec<(usize, usize)> = report
        .sentences
        .iter()
        .map(|s| (text.to_markup(s.start, false), text.to_markup(s.end, true)))
        .collect();
    let bytes: Vec<usize> = spans
        .iter()
        .chain(&ranges)
        .flat_map(|&(a, b)| [a, b])
        .collect();
    let units = utf16_offsets(&text.markup, &bytes);
    let mut matches = Vec::with_capacity(spans.len());
    let findings = report
        .sentences
        .iter()
        .flat_map(|s| s.findings.iter().map(move |f| (s, f)));
    for (i, (s, f)) in findings.enumerate() {
        let (a, b) = spans[i];
        let rule = f.rule.rule();
        let category = f.rule.category();
        // advice that is not replacement text goes into the message (unless the rule's
        // explanation, shown beside it in LibreOffice, says it already)
        let message = match (&f.suggestion, f.replacement()) {
            (Some(advice), None)
                if !(messages == Messages::Swapped
                    && rule.explanation.contains(advice.as_str())) =>
            {
                format!("{} Vorschlag: {advice}", f.message)
            }
            _ => f.message.clone(),
        };
        let (message, short_message) = match messages {
            Messages::Standard => (message, rule.title.to_owned()),
            Messages::Swapped => (
                rule.title.to_owned(),
                format!("{message} {}", rule.explanation),
            ),
        };
        matches.push(Match {
            message,
            short_message,
            replacements: f
                .replacement()
                .map(|v| Replacement { value: v.into() })
                .into_iter()
                .collect(),
            offset: units[2 * i],
            length: units[2 * i + 1] - units[2 * i],
            context: context(&text.markup, a, b),
            sentence: s.text.clone(),
            kind: MatchType {
                type_name: if f.severity == Severity::Info {
                    "Hint"
                } else {
                    "Other"
                },
            },
            rule: Rule {
                id: f.rule.as_str(),
                description: rule.title,
                issue_type: category.issue_type(),
                urls: vec![Url {
                    value: rule_url(f.rule),
                }],
                category: Category {
                    id: category.id(),
                    name: category.name(),
                },
            },
            ignore_for_incomplete_sentence: false,
            context_for_sure_match: 0,
        });
    }
    let base = 2 * spans.len();
    let sentence_ranges = (0..ranges.len())
        .map(|i| [units[base + 2 * i], units[base + 2 * i + 1]])
        .collect();
    CheckResponse {
        software: SOFTWARE,
        warnings: Warnings {
            incomplete_results: false,
        },
        language: Language {
            name: language.0,
            code: language.1,
            detected_language: DetectedLanguage {
                name: language.0,
                code: language.1,
                confidence: 1.0,
                source: "",
            },
        },
        matches,
        sentence_ranges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_has_forty_characters_each_side() {
        let text = format!("{}Wort{}", "a".repeat(50), "ö".repeat(50));
        let c = context(&text, 50, 54);
        assert_eq!(
            c.text,
            format!("...{}Wort{}...", "a".repeat(40), "ö".repeat(40))
        );
        assert_eq!((c.offset, c.length), (43, 4));
        let c = context("Zeile\nWort", 6, 10);
        assert_eq!((c.text.as_str(), c.offset, c.length), ("Zeile Wort", 6, 4));
    }
}
