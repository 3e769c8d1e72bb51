//! `welfare.fairness`: the audit of arrays, mergeable counts and the audit of merged counts.

use fairness_audit::{AuditOptions, Bootstrap, Condition, Report, Undefined, report};
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors;
use crate::inputs::{self, FlagArray, FlagSlice, SensitiveColumn};

/// Adds the functions and classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Audit>()?;
    m.add_class::<Counts>()?;
    m.add_class::<Settings>()?;
    m.add_function(wrap_pyfunction!(settings, m)?)?;
    m.add_function(wrap_pyfunction!(audit, m)?)?;
    m.add_function(wrap_pyfunction!(counts, m)?)?;
    m.add_function(wrap_pyfunction!(audit_counts, m)?)?;
    Ok(())
}

/// The settings every audit takes, checked before any work (`welfare.fairness` builds them
/// once per call with `settings`).
#[pyclass(module = "welfare._welfare", name = "Settings", frozen)]
pub struct Settings {
    options: AuditOptions,
    /// For the report's provenance line.
    described: Vec<String>,
}

/// Checks the audit settings.
#[pyfunction]
#[pyo3(signature = (privileged=None, unprivileged=None, bootstrap=0, seed=None, min_group_size=30,
                    undefined="null", tau=0.8))]
fn settings(
    privileged: Option<Vec<String>>,
    unprivileged: Option<Vec<String>>,
    bootstrap: usize,
    seed: Option<u64>,
    min_group_size: usize,
    undefined: &str,
    tau: f64,
) -> PyResult<Settings> {
    let union = |which: &str, texts: Option<Vec<String>>| -> PyResult<Option<Condition>> {
        let mut out: Option<Condition> = None;
        for text in texts.unwrap_or_default() {
            let c = Condition::parse(&text).map_err(|e| errors::input(format!("{which}: {e}")))?;
            out = Some(match out {
                Some(o) => o.or(c),
                None => c,
            });
        }
        Ok(out)
    };
    let undefined = match undefined {
        "null" | "none" | "nan" => Undefined::Null,
        "zero" | "0" => Undefined::Zero,
        other => {
            return Err(errors::input(format!(
                "undefined: '{other}' is not one of 'null' (undefined rates are None, as AIF360) or 'zero' (as fairlearn)"
            )));
        }
    };
    let options = AuditOptions {
        undefined,
        min_group_size,
        bootstrap: (bootstrap > 0).then(|| {
            Bootstrap::new(
                bootstrap,
                seed.unwrap_or(fairness_audit::bootstrap::DEFAULT_SEED),
            )
        }),
        privileged: union("privileged", privileged)?,
        unprivileged: union("unprivileged", unprivileged)?,
        tau,
        ..AuditOptions::default()
    };
    if options.unprivileged.is_some() && options.privileged.is_none() {
        return Err(errors::input("unprivileged needs privileged"));
    }
    options.check().map_err(errors::audit)?;
    let mut described = Vec::new();
    if let Some(b) = &options.bootstrap {
        described.push(format!(
            "bootstrap {} resamples, seed {}",
            b.replicates, b.seed
        ));
    }
    Ok(Settings { options, described })
}

/// The result of an audit (`welfare.fairness.Audit` wraps it).
#[pyclass(module = "welfare._welfare", name = "NativeAudit", frozen)]
pub struct Audit {
    report: Report,
    tau: f64,
    source: String,
    columns: Vec<String>,
    settings: Vec<String>,
}

#[pymethods]
impl Audit {
    /// The audit as the JSON of `welfare audit --format json`.
    #[pyo3(signature = (indent=true))]
    fn to_json(&self, indent: bool) -> PyResult<String> {
        let json = if indent {
            serde_json::to_string_pretty(&self.report)
        } else {
            serde_json::to_string(&self.report)
        };
        json.map_err(|e| errors::input(e.to_string()))
    }

    /// The Markdown report of `welfare audit --format md`.
    fn to_markdown(&self) -> String {
        report::markdown(&self.report, self.tau)
    }

    /// The HTML report of `welfare audit --format html` (one self-contained page), in English
    /// (`en`) or German (`de`).
    #[pyo3(signature = (lang = "en"))]
    fn to_html(&self, lang: &str) -> PyResult<String> {
        let lang = match lang {
            "en" => welfare_report::Lang::En,
            "de" => welfare_report::Lang::De,
            other => {
                return Err(errors::input(format!(
                    "lang: '{other}' is not a report language; use 'de' or 'en'"
                )));
            }
        };
        let mut p = welfare_report::Provenance::new("welfare (Python)", env!("CARGO_PKG_VERSION"))
            .date(chrono::Utc::now().format("%Y-%m-%d").to_string())
            .input(format!("{} ({} rows)", self.source, self.report.rows))
            .columns(self.columns.iter().cloned());
        for s in &self.settings {
            p = p.setting(s.clone());
        }
        Ok(report::html(&self.report, self.tau, Some(&p), lang))
    }

    /// Rows audited.
    #[getter]
    fn rows(&self) -> usize {
        self.report.rows
    }
}

/// The rows as the Python layer passes them, borrowed from the numpy arrays.
struct Rows<'a> {
    y_true: FlagSlice<'a>,
    y_pred: FlagSlice<'a>,
    y_score: Option<&'a [f64]>,
    sensitive: Vec<(String, &'a [i64], Vec<String>)>,
}

impl<'a> Rows<'a> {
    fn new(
        y_true: &'a FlagArray<'_>,
        y_pred: &'a FlagArray<'_>,
        sensitive: &'a [SensitiveColumn<'_>],
        y_score: &'a Option<PyReadonlyArray1<'_, f64>>,
    ) -> PyResult<Rows<'a>> {
        Ok(Rows {
            y_true: y_true.as_slice()?,
            y_pred: y_pred.as_slice()?,
            y_score: y_score.as_ref().map(|s| s.as_slice()).transpose()?,
            sensitive: sensitive
                .iter()
                .map(|(name, codes, values)| Ok((name.clone(), codes.as_slice()?, values.clone())))
                .collect::<PyResult<Vec<_>>>()?,
        })
    }

    /// Checked predictions (call without the GIL).
    fn predictions(&self) -> PyResult<welfare_data::Predictions> {
        inputs::predictions(self.y_true, self.y_pred, self.y_score, &self.sensitive)
    }
}

/// The columns a report names in its provenance.
fn used_columns<'a>(scored: bool, sensitive: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut columns = vec!["y_true".to_owned(), "y_pred".to_owned()];
    if scored {
        columns.push("y_score".into());
    }
    columns.extend(sensitive.cloned());
    columns
}

/// Audits arrays (the Python layer has checked their kinds and factorised the groups).
#[pyfunction]
#[pyo3(signature = (y_true, y_pred, sensitive, y_score, settings))]
fn audit(
    py: Python<'_>,
    y_true: FlagArray<'_>,
    y_pred: FlagArray<'_>,
    sensitive: Vec<SensitiveColumn<'_>>,
    y_score: Option<PyReadonlyArray1<'_, f64>>,
    settings: &Settings,
) -> PyResult<Audit> {
    let rows = Rows::new(&y_true, &y_pred, &sensitive, &y_score)?;
    let options = &settings.options;
    let report =
        py.detach(|| fairness_audit::audit(&rows.predictions()?, options).map_err(errors::audit))?;
    Ok(Audit {
        report,
        tau: options.tau,
        source: "Python arrays".into(),
        columns: used_columns(rows.y_score.is_some(), rows.sensitive.iter().map(|g| &g.0)),
        settings: settings.described.clone(),
    })
}

/// The mergeable counts of a chunk of rows (`welfare.fairness.Counts`).
#[pyclass(module = "welfare._welfare", name = "Counts", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct Counts {
    inner: fairness_audit::Counts,
}

#[pymethods]
impl Counts {
    /// Merged counts of this chunk and another (exact; any order gives the same audit).
    fn __add__(&self, other: &Counts) -> PyResult<Counts> {
        let mut inner = self.inner.clone();
        inner.merge(&other.inner).map_err(errors::audit)?;
        Ok(Counts { inner })
    }

    /// `sum(list_of_counts)` starts from 0.
    fn __radd__(&self, other: &Bound<'_, PyAny>) -> PyResult<Counts> {
        if other.extract::<i64>().is_ok_and(|v| v == 0) {
            return Ok(self.clone());
        }
        let other: PyRef<'_, Counts> = other.extract()?;
        other.__add__(self)
    }

    /// The stable serialised form: a versioned JSON object (format `welfare-fairness-counts`).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| errors::input(e.to_string()))
    }

    /// Counts from their serialised form, checked.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Counts> {
        let inner: fairness_audit::Counts = serde_json::from_str(text)
            .map_err(|e| errors::AuditError::new_err(format!("cannot read the counts: {e}")))?;
        inner.check().map_err(errors::audit)?;
        Ok(Counts { inner })
    }

    /// Pickling goes through the serialised form.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_json = py.get_type::<Counts>().getattr("from_json")?;
        let json = slf.get().to_json()?;
        PyTuple::new(
            py,
            [from_json.into_any(), PyTuple::new(py, [json])?.into_any()],
        )
    }

    /// Rows counted.
    #[getter]
    fn rows(&self) -> u64 {
        self.inner.rows
    }

    /// The sensitive columns.
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.inner.columns.clone()
    }

    /// Per sensitive column, its observed values (sorted).
    #[getter]
    fn values(&self) -> Vec<Vec<String>> {
        self.inner.levels.clone()
    }

    /// Whether scores were counted.
    #[getter]
    fn scored(&self) -> bool {
        self.inner.scored
    }

    fn __repr__(&self) -> String {
        format!(
            "Counts(rows={}, columns={:?}, cells={}, scored={})",
            self.inner.rows,
            self.inner.columns,
            self.inner.cells.len(),
            if self.inner.scored { "True" } else { "False" }
        )
    }
}

/// Counts arrays.
#[pyfunction]
#[pyo3(signature = (y_true, y_pred, sensitive, y_score=None))]
fn counts(
    py: Python<'_>,
    y_true: FlagArray<'_>,
    y_pred: FlagArray<'_>,
    sensitive: Vec<SensitiveColumn<'_>>,
    y_score: Option<PyReadonlyArray1<'_, f64>>,
) -> PyResult<Counts> {
    let rows = Rows::new(&y_true, &y_pred, &sensitive, &y_score)?;
    let inner =
        py.detach(|| fairness_audit::Counts::count(&rows.predictions()?).map_err(errors::audit))?;
    Ok(Counts { inner })
}

/// Audits merged counts.
#[pyfunction]
fn audit_counts(py: Python<'_>, counts: &Counts, settings: &Settings) -> PyResult<Audit> {
    let options = &settings.options;
    let inner = &counts.inner;
    let report =
        py.detach(|| fairness_audit::audit_counts(inner, options).map_err(errors::audit))?;
    Ok(Audit {
        report,
        tau: options.tau,
        source: "merged counts".into(),
        columns: used_columns(inner.scored, inner.columns.iter()),
        settings: settings.described.clone(),
    })
}
