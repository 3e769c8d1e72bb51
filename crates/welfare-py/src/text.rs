//! `welfare.text`: the Leichte Sprache checker.

use easy_language::{Config, Profile, ScoreRow};
use pyo3::prelude::*;

use crate::errors;

/// Adds the functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_json, m)?)?;
    m.add_function(wrap_pyfunction!(score_json, m)?)?;
    Ok(())
}

fn config(profile: &str) -> PyResult<Config> {
    let profile: Profile = profile
        .parse()
        .map_err(|e: String| errors::TextError::new_err(format!("profile: {e}")))?;
    Ok(Config::with_profile(profile))
}

/// The JSON of `welfare text check --format json` for one text.
#[pyfunction]
#[pyo3(signature = (text, profile="netzwerk"))]
fn check_json(py: Python<'_>, text: &str, profile: &str) -> PyResult<String> {
    let cfg = config(profile)?;
    let report = py.detach(|| easy_language::check(text, &cfg).map_err(errors::text))?;
    Ok(easy_language::report::to_json(&report))
}

/// The rows of `welfare text score` for many texts, as one JSON array (`None` = empty text).
#[pyfunction]
#[pyo3(signature = (texts, profile="netzwerk"))]
fn score_json(py: Python<'_>, texts: Vec<Option<String>>, profile: &str) -> PyResult<String> {
    let cfg = config(profile)?;
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
