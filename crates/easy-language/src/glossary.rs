//! A translator's terminology list: words with an explanation and, where the office has
//! agreed on one, the preferred form. Glossary words are not marked as rare, foreign or long
//! (the text explains them); their explanation is offered as a suggestion (`glossary`, info);
//! a variant with another preferred form is marked (`preferred-form`).

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use crate::TextError;

/// One entry of a [`Glossary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The word as the list writes it (*Jobcenter*).
    pub word: String,
    /// Its explanation in Leichte Sprache, if the list gives one.
    #[serde(default)]
    pub explanation: Option<String>,
    /// The form to write instead of `word` (*Job-Center*), if the list names one.
    #[serde(default)]
    pub preferred: Option<String>,
}

/// A terminology list, looked up by lower-case word (the entry's word and its preferred form
/// both find the entry).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    entries: Vec<GlossaryEntry>,
    index: HashMap<String, usize>,
}

impl Glossary {
    /// A glossary of `entries`: every word must be non-empty and listed once (case ignored);
    /// `name` names the list in errors, `row` of an entry is its position + 2 (after a header).
    /// A blank explanation or preferred form counts as absent.
    pub fn new(name: &str, entries: Vec<GlossaryEntry>) -> Result<Glossary, TextError> {
        Glossary::with_rows(name, entries, |i| i + 2)
    }

    /// Reads a terminology list saved as CSV: a `word` column and optional `explanation` and
    /// `preferred` columns, in any dialect the suite reads (`,` `;` or tab, byte-order mark,
    /// CRLF, Windows-1252, blank lines). Errors name `name`, the spreadsheet row and the field.
    pub fn from_csv(name: &str, bytes: impl Into<Vec<u8>>) -> Result<Glossary, TextError> {
        let csv =
            welfare_data::scan::parse_csv(name, bytes, &["word", "explanation", "preferred"])?;
        let column = |c: &str| csv.header.iter().position(|h| h == c);
        let word = column("word").ok_or_else(|| welfare_data::DataError::MissingColumn {
            file: name.to_string(),
            column: "word".into(),
            found: csv.header.join(","),
        })?;
        let (explanation, preferred) = (column("explanation"), column("preferred"));
        let optional = |c: Option<usize>, i: usize| c.map(|c| csv.trimmed(c, i).into_owned());
        let entries = (0..csv.len())
            .map(|i| GlossaryEntry {
                word: csv.trimmed(word, i).into_owned(),
                explanation: optional(explanation, i),
                preferred: optional(preferred, i),
            })
            .collect();
        Glossary::with_rows(name, entries, |i| csv.row(i))
    }

    fn with_rows(
        name: &str,
        mut entries: Vec<GlossaryEntry>,
        row_of: impl Fn(usize) -> usize,
    ) -> Result<Glossary, TextError> {
        let blank = |s: &mut Option<String>| {
            if s.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *s = None;
            }
        };
        for e in &mut entries {
            blank(&mut e.explanation);
            blank(&mut e.preferred);
        }
        let error = |i: usize, reason: String| TextError::Glossary {
            name: name.to_string(),
            row: row_of(i),
            reason,
        };
        let mut index: HashMap<String, usize> = HashMap::default();
        for (i, e) in entries.iter().enumerate() {
            let word = e.word.trim();
            if word.is_empty() {
                return Err(error(i, "the field word is empty".into()));
            }
            if word.split_whitespace().count() > 1 {
                return Err(error(
                    i,
                    format!("word \"{word}\": one word per entry (no spaces)"),
                ));
            }
            if let Some(&j) = index.get(&word.to_lowercase()) {
                return Err(error(
                    i,
                    format!(
                        "word \"{word}\" is listed twice (also in row {})",
                        row_of(j)
                    ),
                ));
            }
            index.insert(word.to_lowercase(), i);
        }
        // a preferred form finds its entry too, unless it is an entry of its own
        for (i, e) in entries.iter().enumerate() {
            if let Some(p) = e
                .preferred
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                index.entry(p.to_lowercase()).or_insert(i);
            }
        }
        Ok(Glossary { entries, index })
    }

    /// The entry of a lower-case word, if the list has it.
    pub fn lookup(&self, lower: &str) -> Option<&GlossaryEntry> {
        self.index.get(lower).map(|&i| &self.entries[i])
    }

    /// The entries in the list's order.
    pub fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
