//! `welfare.text`: the Leichte Sprache checker.

use easy_language::{Config, Glossary, GlossaryEntry, Profile, ScoreRow};
use pyo3::prelude::*;

use crate::errors;

/// Adds the functions and the glossary type to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeGlossary>()?;
    m.add_function(wrap_pyfunction!(check_json, m)?)?;
    m.add_function(wrap_pyfunction!(score_json, m)?)?;
    Ok(())
}

/// A translator's terminology list, read once and used for many texts.
#[pyclass(module = "welfare._welfare", name = "NativeGlossary", frozen)]
pub struct NativeGlossary {
    glossary: Glossary,
}

#[pymethods]
impl NativeGlossary {
    /// Reads a CSV file's bytes (`word`, optional `explanation`, `preferred`; any dialect the
    /// suite reads). `name` names the file in errors.
    #[staticmethod]
    fn from_csv(py: Python<'_>, name: &str, data: Vec<u8>) -> PyResult<NativeGlossary> {
        let glossary = py
            .detach(|| Glossary::from_csv(name, data))
            .map_err(errors::text)?;
        Ok(NativeGlossary { glossary })
    }

    /// Builds a list from `(word, explanation, preferred)` triples (row numbers in errors count
    /// a header, as in a file).
    #[staticmethod]
    fn from_entries(
        name: &str,
        entries: Vec<(String, Option<String>, Option<String>)>,
    ) -> PyResult<NativeGlossary> {
        let entries = entries
            .into_iter()
            .map(|(word, explanation, preferred)| GlossaryEntry {
                word,
                explanation,
                preferred,
            })
            .collect();
        let glossary = Glossary::new(name, entries).map_err(errors::text)?;
        Ok(NativeGlossary { glossary })
    }

    /// The entries in the list's order: `(word, explanation, preferred)`.
    fn entries(&self) -> Vec<(String, Option<String>, Option<String>)> {
        self.glossary
            .entries()
            .iter()
            .map(|e| (e.word.clone(), e.explanation.clone(), e.preferred.clone()))
            .collect()
    }

    fn __len__(&self) -> usize {
        self.glossary.entries().len()
    }
}

fn config(
    profile: &str,
    glossary: Option<&NativeGlossary>,
    rules: Option<Vec<String>>,
) -> PyResult<Config> {
    let profile: Profile = profile
        .parse()
        .map_err(|e: String| errors::TextError::new_err(format!("profile: {e}")))?;
    let mut cfg = Config::with_profile(profile);
    if let Some(g) = glossary {
        cfg.glossary = g.glossary.clone();
    }
    if let Some(rules) = rules {
        cfg.only_named(&rules)
            .map_err(|e| errors::TextError::new_err(format!("rules: {e}")))?;
    }
    Ok(cfg)
}

/// The JSON of `welfare text check --format json` for one text.
#[pyfunction]
#[pyo3(signature = (text, profile="netzwerk", glossary=None, rules=None))]
fn check_json(
    py: Python<'_>,
    text: &str,
    profile: &str,
    glossary: Option<PyRef<'_, NativeGlossary>>,
    rules: Option<Vec<String>>,
) -> PyResult<String> {
    let cfg = config(profile, glossary.as_deref(), rules)?;
    let report = py.detach(|| easy_language::check(text, &cfg).map_err(errors::text))?;
    Ok(easy_language::report::to_json(&report))
}

/// The rows of `welfare text score` for many texts, as one JSON array (`None` = empty text).
#[pyfunction]
#[pyo3(signature = (texts, profile="netzwerk", glossary=None, rules=None))]
fn score_json(
    py: Python<'_>,
    texts: Vec<Option<String>>,
    profile: &str,
    glossary: Option<PyRef<'_, NativeGlossary>>,
    rules: Option<Vec<String>>,
) -> PyResult<String> {
    let cfg = config(profile, glossary.as_deref(), rules)?;
    let rows = py.detach(|| {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                easy_language::check(t.as_deref().unwrap_or(""), &cfg)
                    .map(|r| ScoreRow::from(&r.scores))
                    .map_err(|e| errors::TextError::new_err(format!("texts: row {i}: {e}")))
            })
            .collect::<PyResult<Vec<ScoreRow>>>()
    })?;
    serde_json::to_string(&rows).map_err(|e| errors::input(e.to_string()))
}
