//! # easy-language
//!
//! A Leichte Sprache checker for German: it scores a text with the classic readability formulas
//! and a complexity estimate fitted to human ratings, and marks every rule violation per sentence
//! with its exact byte span, an explanation written in Leichte Sprache and, where one can be
//! computed, a suggestion. It does not certify a text: only test readers can.
//!
//! ```
//! use easy_language::{check, Config, Profile, RuleId};
//!
//! let report = check("Die Schuldnerberatung wurde gestern geschlossen.", &Config::with_profile(Profile::Netzwerk))
//!     .unwrap();
//! let rules: Vec<RuleId> = report.sentences[0].findings.iter().map(|f| f.rule).collect();
//! assert!(rules.contains(&RuleId::PassiveVoice));
//! assert!(rules.contains(&RuleId::LongCompound));
//! ```
//!
//! Modules, from the bottom up: [`text`] (words and sentences with byte spans),
//! [`syllables`], [`frequency`] (Zipf values), [`compound`] (splitting and joining compounds),
//! [`lexicon`] (the embedded word lists, facts per word form), [`analysis`] (one pass per
//! sentence: counts and model features), [`scores`] (formulas), [`models`] (statement count and
//! complexity), [`profile`], [`rules`] (the catalogue and the checks, one file per rule family:
//! `rules/{sentence,grammar,words,numbers,typography,layout}.rs`), [`report`] (text, JSON and
//! HTML output), [`io`] (reading text files).

#![warn(missing_docs)]

pub mod analysis;
pub mod compound;
pub mod frequency;
pub mod glossary;
pub mod io;
pub mod lexicon;
pub mod models;
pub mod profile;
pub mod report;
pub mod request;
pub mod rules;
pub mod scores;
pub mod syllables;
pub mod text;

pub use glossary::{Glossary, GlossaryEntry};
pub use request::CheckRequest;
pub use rules::{Category, Config, Finding, Profile, RULES, Rule, RuleId, Severity};

use serde::Serialize;

/// Errors of the checker.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{path}: cannot read: {source}")]
    /// The file cannot be read.
    Read {
        /// The file.
        path: String,
        #[source]
        /// The operating system's error.
        source: std::io::Error,
    },
    #[error(
        "{path}: this is {kind}, not a text file; save the text as a .txt file (UTF-8) or paste it"
    )]
    /// A file of a known binary format (its first bytes say which).
    NotText {
        /// The file.
        path: String,
        /// What it is ("a PDF document").
        kind: &'static str,
    },
    #[error("{path}: not a text file (NUL byte at offset {offset})")]
    /// The file is not text (a NUL byte).
    Binary {
        /// The file.
        path: String,
        /// Byte offset of the NUL byte.
        offset: usize,
    },
    #[error("setting {name}: {reason}")]
    /// A setting of [`Config`] out of range.
    Config {
        /// The setting.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    #[error("{name}, row {row}: {reason}")]
    /// A glossary entry that cannot be used.
    Glossary {
        /// The glossary (its file name).
        name: String,
        /// Row of the entry (1 = the header).
        row: usize,
        /// What is wrong.
        reason: String,
    },
    #[error("{reason}")]
    /// A field of a [`CheckRequest`] that cannot be used.
    Request {
        /// The field.
        field: &'static str,
        /// What is wrong with it (names the field).
        reason: String,
    },
    #[error(transparent)]
    /// A terminology list that cannot be read as a table (file, row and field named).
    Table(#[from] welfare_data::DataError),
    #[error("{what}: the text has {bytes} bytes; the checker takes at most {limit} bytes")]
    /// The text is larger than [`MAX_TEXT_BYTES`].
    TooLarge {
        /// What was checked (a file name or `input`).
        what: String,
        /// Size of the text in bytes.
        bytes: usize,
        /// The largest size accepted.
        limit: usize,
    },
}

/// Largest text [`check`] accepts (64 MiB).
pub const MAX_TEXT_BYTES: usize = 64 << 20;

/// Scores of the whole text (FORMATS.md `scores`): the counts and formulas, the complexity,
/// statements and number of findings. Formulas are `None` for a text without words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextScores {
    /// Counts and readability formulas (flattened into `scores` in the JSON).
    #[serde(flatten)]
    pub readability: scores::Scores,
    /// Word-weighted mean of the sentence complexities (1–7; `None` without words).
    pub complexity: Option<f64>,
    /// Statements summed over the sentences.
    pub statements: usize,
    /// Number of findings.
    pub findings: usize,
}

/// One row of `welfare text score` (FORMATS.md): the columns it adds to a table of texts, in
/// their order. `welfare.text.score` in Python returns the same rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
    /// Flesch Reading Ease (Amstad).
    pub flesch_reading_ease: Option<f64>,
    /// Wiener Sachtextformel 1.
    pub wiener_sachtextformel_1: Option<f64>,
    /// Wiener Sachtextformel 2.
    pub wiener_sachtextformel_2: Option<f64>,
    /// Wiener Sachtextformel 3.
    pub wiener_sachtextformel_3: Option<f64>,
    /// Wiener Sachtextformel 4.
    pub wiener_sachtextformel_4: Option<f64>,
    /// LIX.
    pub lix: Option<f64>,
    /// Word-weighted sentence complexity (1–7).
    pub complexity: Option<f64>,
    /// Statements.
    pub statements: usize,
    /// Findings of the checks.
    pub findings: usize,
}

impl From<&TextScores> for ScoreRow {
    fn from(s: &TextScores) -> ScoreRow {
        let r = &s.readability;
        ScoreRow {
            words: r.words,
            sentences: r.sentences,
            syllables: r.syllables,
            flesch_reading_ease: r.flesch_reading_ease,
            wiener_sachtextformel_1: r.wiener_sachtextformel_1,
            wiener_sachtextformel_2: r.wiener_sachtextformel_2,
            wiener_sachtextformel_3: r.wiener_sachtextformel_3,
            wiener_sachtextformel_4: r.wiener_sachtextformel_4,
            lix: r.lix,
            complexity: s.complexity,
            statements: s.statements,
            findings: s.findings,
        }
    }
}

/// One sentence of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceReport {
    /// Byte offset where the sentence starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The sentence's text.
    pub text: String,
    /// Complexity on the 1–7 scale of the TextComplexityDE ratings.
    pub complexity: f64,
    /// Estimated number of statements.
    pub statements: usize,
    /// The findings in this sentence, by position.
    pub findings: Vec<Finding>,
}

/// The result of [`check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The rule book checked against.
    pub profile: Profile,
    /// Scores of the whole text.
    pub scores: TextScores,
    /// Every sentence with its findings.
    pub sentences: Vec<SentenceReport>,
}

impl Report {
    /// The number of findings of each rule that found something, in the rules' order.
    pub fn findings_per_rule(&self) -> Vec<(RuleId, usize)> {
        let mut counts = [0usize; RuleId::ALL.len()];
        for f in self.sentences.iter().flat_map(|s| &s.findings) {
            counts[f.rule as usize] += 1;
        }
        RuleId::ALL
            .into_iter()
            .zip(counts)
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

fn guard(input: &str) -> Result<(), TextError> {
    if input.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLarge {
            what: "input".into(),
            bytes: input.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}

/// Scores only (formulas, complexity and statements; no rule checks): the fast path for corpora.
pub fn score(input: &str) -> Result<TextScores, TextError> {
    guard(input)?;
    let sentences = text::sentences(input);
    let per: Vec<(scores::Counts, f64, usize)> = sentences
        .iter()
        .map(|s| {
            let a = analysis::analyse(input, s);
            (
                a.counts,
                models::complexity_from(&a.complexity_features, s.words.len()),
                models::statements_in(models::statements_model(), input, s, &a.statement_features),
            )
        })
        .collect();
    Ok(text_scores(&per, 0))
}

fn text_scores(per_sentence: &[(scores::Counts, f64, usize)], findings: usize) -> TextScores {
    let mut counts = scores::Counts::default();
    let (mut weighted, mut weight, mut statements) = (0.0, 0.0, 0);
    for (c, complexity, st) in per_sentence {
        counts.add(c);
        weighted += complexity * c.words as f64;
        weight += c.words as f64;
        statements += st;
    }
    TextScores {
        readability: scores::Scores::from_counts(&counts),
        complexity: (weight > 0.0).then(|| weighted / weight),
        statements,
        findings,
    }
}

/// A difficult word is reported where it first appears, not again and again: a `rare-word` or
/// `foreign-word` finding is dropped when the same word (any case) occurs earlier in the text —
/// there it was either reported already or explained ("Eine Anakonda ist eine Schlange.").
/// Linear: one map of each word's first position.
fn once_per_word(input: &str, sentences: &[text::Sentence], reports: &mut [SentenceReport]) {
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in sentences.iter().flat_map(|s| &s.words) {
        for &(a, b) in w.parts() {
            first.entry(input[a..b].to_lowercase()).or_insert(a);
        }
    }
    for r in reports {
        r.findings.retain(|f| {
            !matches!(f.rule, RuleId::RareWord | RuleId::ForeignWord)
                || first
                    .get(&input[f.start..f.end].to_lowercase())
                    .is_none_or(|&at| at >= f.start)
        });
    }
}

/// Texts longer than this are checked on every core, sentence by sentence (shorter ones, such as
/// an editor's paragraph, on the calling thread: a server runs many of them side by side).
pub const PARALLEL_FROM_BYTES: usize = 64 << 10;

/// Checks a text: scores, and per sentence its complexity, statements and findings. Sentences
/// are independent, so a long text is checked in parallel ([`PARALLEL_FROM_BYTES`]); the report
/// is the same either way.
pub fn check(input: &str, cfg: &Config) -> Result<Report, TextError> {
    check_with(input, cfg, input.len() >= PARALLEL_FROM_BYTES)
}

fn check_with(input: &str, cfg: &Config, parallel: bool) -> Result<Report, TextError> {
    use rayon::prelude::*;
    cfg.check()?;
    guard(input)?;
    let sentences = text::sentences(input);
    let one = |s: &text::Sentence| {
        let a = analysis::analyse(input, s);
        let statements =
            models::statements_in(models::statements_model(), input, s, &a.statement_features);
        let report = SentenceReport {
            start: s.start,
            end: s.end,
            text: input[s.start..s.end].to_string(),
            complexity: models::complexity_from(&a.complexity_features, s.words.len()),
            statements,
            findings: rules::sentence_findings(input, s, statements, cfg),
        };
        (a.counts, report)
    };
    let (counts, mut reports): (Vec<scores::Counts>, Vec<SentenceReport>) = if parallel {
        sentences.par_iter().map(one).unzip()
    } else {
        sentences.iter().map(one).unzip()
    };
    // layout findings go to the sentence they start in (sentences are in order: binary search)
    for f in rules::layout::text_findings(input, &sentences, cfg) {
        let i = reports
            .partition_point(|r| r.start <= f.start)
            .saturating_sub(1);
        if let Some(r) = reports.get_mut(i) {
            r.findings.push(f);
        }
    }
    for r in &mut reports {
        r.findings.sort_by_key(|f| (f.start, f.end));
    }
    once_per_word(input, &sentences, &mut reports);
    let findings = reports.iter().map(|r| r.findings.len()).sum();
    let per: Vec<(scores::Counts, f64, usize)> = counts
        .into_iter()
        .zip(&reports)
        .map(|(c, r)| (c, r.complexity, r.statements))
        .collect();
    let scores = text_scores(&per, findings);
    Ok(Report {
        profile: cfg.profile,
        scores,
        sentences: reports,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_check_is_the_serial_check() {
        let paragraph = "Der Antrag wurde gestern abgelehnt. Wir helfen Ihnen gern!\n\
                         Die Schuldnerberatung ist am 3.5.2025 von 9-12 Uhr offen (siehe oben).\n";
        let text = paragraph.repeat(PARALLEL_FROM_BYTES / paragraph.len() + 1);
        let cfg = Config::default();
        let serial = check_with(&text, &cfg, false).unwrap();
        assert!(serial.scores.findings > 1000);
        assert_eq!(check_with(&text, &cfg, true).unwrap(), serial);
        assert_eq!(check(&text, &cfg).unwrap(), serial);
    }
}
