//! `welfare.fairness` mitigation: fairlearn's threshold optimizer and AIF360's reweighing on
//! arrays. The sensitive columns arrive as codes (the Python layer factorizes them); several
//! columns are their intersection, named `col=value,col=value` as the audit names groups.

use fairness_audit::Condition;
use fairness_audit::mitigation::{
    CalibratedEqOdds, CalibratedRequest, Operation, Operator, RejectOption, RejectOptionRequest,
    ThresholdOptimizer, ThresholdRequest,
};
use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::errors;
use crate::inputs::{self, FlagArray, SensitiveColumn};

/// Adds the functions and classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ThresholdCore>()?;
    m.add_class::<CalibratedCore>()?;
    m.add_class::<RejectOptionCore>()?;
    m.add_function(wrap_pyfunction!(threshold_fit, m)?)?;
    m.add_function(wrap_pyfunction!(calibrated_fit, m)?)?;
    m.add_function(wrap_pyfunction!(reject_option_fit, m)?)?;
    m.add_function(wrap_pyfunction!(reweighing_weights, m)?)?;
    Ok(())
}

/// The rows' groups: (each row's group, the group names sorted, the columns with their levels).
struct Groups {
    of_row: Vec<u32>,
    names: Vec<String>,
    columns: Vec<(String, Vec<u32>, Vec<String>)>,
}

fn groups(sensitive: &[SensitiveColumn<'_>], n: usize) -> PyResult<Groups> {
    if sensitive.is_empty() {
        return Err(errors::input(
            "sensitive_features: at least one column is needed",
        ));
    }
    let mut columns = Vec::with_capacity(sensitive.len());
    for (name, codes, values) in sensitive {
        let codes = codes.as_slice()?;
        if codes.len() != n {
            return Err(errors::input(format!(
                "sensitive column '{name}' has {} rows, y has {n}",
                codes.len()
            )));
        }
        let c = inputs::categorical(name, codes, values)?;
        columns.push((c.name, c.codes, c.levels));
    }
    let cats: Vec<welfare_data::Categorical> = columns
        .iter()
        .map(|(name, codes, levels)| welfare_data::Categorical {
            name: name.clone(),
            levels: levels.clone(),
            codes: codes.clone(),
        })
        .collect();
    let fairness_audit::mitigation::RowGroups { of_row, names } =
        fairness_audit::mitigation::row_groups(&cats).map_err(errors::audit)?;
    Ok(Groups {
        of_row,
        names,
        columns,
    })
}

/// 0/1 decisions as a numpy uint8 array.
fn decisions(py: Python<'_>, d: Vec<bool>) -> Bound<'_, PyArray1<u8>> {
    d.into_iter()
        .map(u8::from)
        .collect::<Vec<u8>>()
        .into_pyarray(py)
}

/// A fitted threshold optimizer (the Python class `ThresholdOptimizer` wraps it).
#[pyclass(module = "welfare._welfare", name = "ThresholdCore", frozen)]
pub struct ThresholdCore {
    inner: ThresholdOptimizer,
}

/// Fits fairlearn's threshold optimizer on labels, scores and sensitive columns.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sensitive, constraints, objective, grid_size, flip, tol))]
#[allow(clippy::too_many_arguments)]
fn threshold_fit(
    py: Python<'_>,
    y_true: FlagArray<'_>,
    y_score: PyReadonlyArray1<'_, f64>,
    sensitive: Vec<SensitiveColumn<'_>>,
    constraints: &str,
    objective: &str,
    grid_size: usize,
    flip: bool,
    tol: Option<f64>,
) -> PyResult<ThresholdCore> {
    let request = ThresholdRequest {
        constraints: constraints.parse().map_err(errors::audit)?,
        objective: objective.parse().map_err(errors::audit)?,
        grid_size,
        flip,
        tol,
    };
    request.check().map_err(errors::audit)?;
    let y = inputs::flags("y_true", y_true.as_slice()?)?;
    let s = inputs::scores(y_score.as_slice()?)?;
    if s.len() != y.len() {
        return Err(errors::input(format!(
            "y_score has {} rows, y_true has {}",
            s.len(),
            y.len()
        )));
    }
    let g = groups(&sensitive, y.len())?;
    let inner = py
        .detach(|| ThresholdOptimizer::fit(&request, &y, &s, &g.of_row, &g.names))
        .map_err(errors::audit)?;
    Ok(ThresholdCore { inner })
}

#[pymethods]
impl ThresholdCore {
    /// The probability of a positive decision for each row.
    fn positive_probability<'py>(
        &self,
        py: Python<'py>,
        y_score: PyReadonlyArray1<'_, f64>,
        sensitive: Vec<SensitiveColumn<'_>>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let s = inputs::scores(y_score.as_slice()?)?;
        let g = groups(&sensitive, s.len())?;
        let p = py
            .detach(|| self.inner.positive_probability(&s, &g.of_row, &g.names))
            .map_err(errors::audit)?;
        Ok(p.into_pyarray(py))
    }

    /// Randomised 0/1 decisions with the suite's seeded generator.
    fn predict<'py>(
        &self,
        py: Python<'py>,
        y_score: PyReadonlyArray1<'_, f64>,
        sensitive: Vec<SensitiveColumn<'_>>,
        seed: Option<u64>,
    ) -> PyResult<Bound<'py, PyArray1<u8>>> {
        let seed = seed.unwrap_or(fairness_audit::mitigation::threshold::DEFAULT_SEED);
        let s = inputs::scores(y_score.as_slice()?)?;
        let g = groups(&sensitive, s.len())?;
        let d = py
            .detach(|| self.inner.predict(&s, &g.of_row, &g.names, seed))
            .map_err(errors::audit)?;
        Ok(decisions(py, d))
    }

    /// Each group's chosen value of the constraint's metric (differs with `tol`).
    fn x_best_per_group<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (g, x) in self.inner.groups.iter().zip(&self.inner.x_best_per_group) {
            out.set_item(g, x)?;
        }
        Ok(out)
    }

    /// The chosen value of the constraint's metric.
    #[getter]
    fn x_best(&self) -> f64 {
        self.inner.x_best
    }

    /// The objective there (equalized odds: the true positive rate).
    #[getter]
    fn y_best(&self) -> f64 {
        self.inner.y_best
    }

    /// `{group: {"p0", "operation0": {"operator", "threshold"}, "p1", "operation1",
    /// "p_ignore"?}}` (thresholds may be ±inf).
    fn interpolation<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (g, r) in self.inner.groups.iter().zip(&self.inner.rules) {
            let op = |o: &Operation| -> PyResult<Bound<'py, PyDict>> {
                let d = PyDict::new(py);
                d.set_item(
                    "operator",
                    match o.operator {
                        Operator::Greater => ">",
                        Operator::Less => "<",
                    },
                )?;
                d.set_item("threshold", o.threshold)?;
                Ok(d)
            };
            let d = PyDict::new(py);
            d.set_item("p0", r.p0)?;
            d.set_item("operation0", op(&r.operation0)?)?;
            d.set_item("p1", r.p1)?;
            d.set_item("operation1", op(&r.operation1)?)?;
            if let Some(p) = r.p_ignore {
                d.set_item("p_ignore", p)?;
                d.set_item("prediction_constant", r.prediction_constant)?;
            }
            out.set_item(g, d)?;
        }
        Ok(out)
    }

    /// Each group's trade-off curve (its upper convex hull): `{group: (x, y)}`.
    fn curves<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (g, c) in self.inner.groups.iter().zip(&self.inner.curves) {
            out.set_item(g, (c.x.clone(), c.y.clone()))?;
        }
        Ok(out)
    }

    /// The rate on the x axis of the trade-off curves, in words (equalized odds: the false
    /// positive rate).
    fn x_label(&self) -> &'static str {
        self.inner.request.constraints.rate_name()
    }

    /// The settings: (constraints, objective, grid_size, flip).
    fn settings(&self) -> (&'static str, &'static str, usize, bool) {
        let r = &self.inner.request;
        (
            r.constraints.name(),
            r.objective.name(),
            r.grid_size,
            r.flip,
        )
    }
}

/// Reweighing weights: AIF360's for a privileged and an unprivileged group (rows in neither
/// keep 1), or Kamiran–Calders' for every group when both are `None`.
#[pyfunction]
#[pyo3(signature = (y_true, sensitive, privileged=None, unprivileged=None, favorable=1))]
fn reweighing_weights<'py>(
    py: Python<'py>,
    y_true: FlagArray<'_>,
    sensitive: Vec<SensitiveColumn<'_>>,
    privileged: Option<Vec<String>>,
    unprivileged: Option<Vec<String>>,
    favorable: u8,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let y: Vec<bool> = inputs::flags("y_true", y_true.as_slice()?)?
        .into_iter()
        .map(|v| v == (favorable == 1))
        .collect();
    let g = groups(&sensitive, y.len())?;
    let weights = match (privileged, unprivileged) {
        (None, None) => fairness_audit::mitigation::kamiran_calders(&y, &g.of_row, g.names.len()),
        (Some(p), Some(u)) => {
            let cols: Vec<(&str, &[u32], &[String])> = g
                .columns
                .iter()
                .map(|(n, c, l)| (n.as_str(), c.as_slice(), l.as_slice()))
                .collect();
            let p = condition("privileged", p)?
                .rows(&cols)
                .map_err(errors::audit)?;
            let u = condition("unprivileged", u)?
                .rows(&cols)
                .map_err(errors::audit)?;
            fairness_audit::mitigation::reweighing(&y, &p, &u)
        }
        _ => {
            return Err(errors::input(
                "give both privileged and unprivileged (AIF360's two groups), or neither \
                 (weights for every group)",
            ));
        }
    }
    .map_err(errors::audit)?;
    Ok(weights.into_pyarray(py))
}

/// Labels, scores and the rows of AIF360's two groups (unprivileged: as given, or every row
/// not privileged).
struct TwoGroups {
    scores: Vec<f64>,
    privileged: Vec<bool>,
    unprivileged: Vec<bool>,
}

fn two_groups(
    y_score: PyReadonlyArray1<'_, f64>,
    sensitive: &[SensitiveColumn<'_>],
    privileged: Option<Vec<String>>,
    unprivileged: Option<Vec<String>>,
) -> PyResult<TwoGroups> {
    let scores = inputs::scores(y_score.as_slice()?)?;
    let g = groups(sensitive, scores.len())?;
    let cats: Vec<welfare_data::Categorical> = g
        .columns
        .into_iter()
        .map(|(name, codes, levels)| welfare_data::Categorical {
            name,
            levels,
            codes,
        })
        .collect();
    let p = privileged.map(|p| condition("privileged", p)).transpose()?;
    let u = unprivileged
        .map(|u| condition("unprivileged", u))
        .transpose()?;
    let (privileged, unprivileged) =
        fairness_audit::mitigation::two_groups(&cats, p.as_ref(), u.as_ref())
            .map_err(errors::audit)?;
    Ok(TwoGroups {
        scores,
        privileged,
        unprivileged,
    })
}

/// A union of `col=value[,col=value]` conditions.
fn condition(which: &str, texts: Vec<String>) -> PyResult<Condition> {
    let mut out: Option<Condition> = None;
    for t in texts {
        let c = Condition::parse(&t).map_err(|e| errors::input(format!("{which}: {e}")))?;
        out = Some(match out {
            Some(o) => o.or(c),
            None => c,
        });
    }
    out.ok_or_else(|| errors::input(format!("{which}: an empty condition")))
}

fn labels(y_true: FlagArray<'_>, n: usize) -> PyResult<Vec<bool>> {
    let y = inputs::flags("y_true", y_true.as_slice()?)?;
    if y.len() != n {
        return Err(errors::input(format!(
            "y_score has {n} rows, y_true has {}",
            y.len()
        )));
    }
    Ok(y)
}

/// A fitted calibrated equalized odds post-processor.
#[pyclass(module = "welfare._welfare", name = "CalibratedCore", frozen)]
pub struct CalibratedCore {
    inner: CalibratedEqOdds,
}

/// Fits AIF360's calibrated equalized odds; settings not given take the library's defaults.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sensitive, privileged, unprivileged, cost_constraint, threshold))]
#[allow(clippy::too_many_arguments)]
fn calibrated_fit(
    py: Python<'_>,
    y_true: FlagArray<'_>,
    y_score: PyReadonlyArray1<'_, f64>,
    sensitive: Vec<SensitiveColumn<'_>>,
    privileged: Option<Vec<String>>,
    unprivileged: Option<Vec<String>>,
    cost_constraint: Option<&str>,
    threshold: Option<f64>,
) -> PyResult<CalibratedCore> {
    let defaults = CalibratedRequest::default();
    let request = CalibratedRequest {
        cost_constraint: match cost_constraint {
            Some(c) => c.parse().map_err(errors::audit)?,
            None => defaults.cost_constraint,
        },
        threshold: threshold.unwrap_or(defaults.threshold),
    };
    request.check().map_err(errors::audit)?;
    let t = two_groups(y_score, &sensitive, privileged, unprivileged)?;
    let y = labels(y_true, t.scores.len())?;
    let inner = py
        .detach(|| CalibratedEqOdds::fit(&request, &y, &t.scores, &t.privileged, &t.unprivileged))
        .map_err(errors::audit)?;
    Ok(CalibratedCore { inner })
}

#[pymethods]
impl CalibratedCore {
    /// Each row's probability of the favourable label.
    #[pyo3(signature = (y_score, sensitive, privileged, unprivileged))]
    fn favorable_probability<'py>(
        &self,
        py: Python<'py>,
        y_score: PyReadonlyArray1<'_, f64>,
        sensitive: Vec<SensitiveColumn<'_>>,
        privileged: Option<Vec<String>>,
        unprivileged: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let t = two_groups(y_score, &sensitive, privileged, unprivileged)?;
        let p = py
            .detach(|| {
                self.inner
                    .favorable_probability(&t.scores, &t.privileged, &t.unprivileged)
            })
            .map_err(errors::audit)?;
        Ok(p.into_pyarray(py))
    }

    /// Labels drawn with the suite's seeded generator.
    #[pyo3(signature = (y_score, sensitive, privileged, unprivileged, seed))]
    fn predict<'py>(
        &self,
        py: Python<'py>,
        y_score: PyReadonlyArray1<'_, f64>,
        sensitive: Vec<SensitiveColumn<'_>>,
        privileged: Option<Vec<String>>,
        unprivileged: Option<Vec<String>>,
        seed: Option<u64>,
    ) -> PyResult<Bound<'py, PyArray1<u8>>> {
        let seed = seed.unwrap_or(fairness_audit::mitigation::threshold::DEFAULT_SEED);
        let t = two_groups(y_score, &sensitive, privileged, unprivileged)?;
        let d = py
            .detach(|| {
                self.inner
                    .predict(&t.scores, &t.privileged, &t.unprivileged, seed)
            })
            .map_err(errors::audit)?;
        Ok(decisions(py, d))
    }

    /// The fitted numbers as JSON (settings, and per group base rate, costs and mix rate).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| errors::input(e.to_string()))
    }
}

/// A fitted reject option classifier.
#[pyclass(module = "welfare._welfare", name = "RejectOptionCore", frozen)]
pub struct RejectOptionCore {
    inner: RejectOption,
}

/// Fits AIF360's reject option classification; settings not given take the library's
/// defaults.
#[pyfunction]
#[pyo3(signature = (y_true, y_score, sensitive, privileged, unprivileged, low_class_thresh, high_class_thresh, num_class_thresh, num_roc_margin, metric_name, metric_ub, metric_lb))]
#[allow(clippy::too_many_arguments)]
fn reject_option_fit(
    py: Python<'_>,
    y_true: FlagArray<'_>,
    y_score: PyReadonlyArray1<'_, f64>,
    sensitive: Vec<SensitiveColumn<'_>>,
    privileged: Option<Vec<String>>,
    unprivileged: Option<Vec<String>>,
    low_class_thresh: Option<f64>,
    high_class_thresh: Option<f64>,
    num_class_thresh: Option<usize>,
    num_roc_margin: Option<usize>,
    metric_name: Option<&str>,
    metric_ub: Option<f64>,
    metric_lb: Option<f64>,
) -> PyResult<RejectOptionCore> {
    let d = RejectOptionRequest::default();
    let request = RejectOptionRequest {
        low_class_thresh: low_class_thresh.unwrap_or(d.low_class_thresh),
        high_class_thresh: high_class_thresh.unwrap_or(d.high_class_thresh),
        num_class_thresh: num_class_thresh.unwrap_or(d.num_class_thresh),
        num_roc_margin: num_roc_margin.unwrap_or(d.num_roc_margin),
        metric_name: match metric_name {
            Some(m) => m.parse().map_err(errors::audit)?,
            None => d.metric_name,
        },
        metric_ub: metric_ub.unwrap_or(d.metric_ub),
        metric_lb: metric_lb.unwrap_or(d.metric_lb),
    };
    request.check().map_err(errors::audit)?;
    let t = two_groups(y_score, &sensitive, privileged, unprivileged)?;
    let y = labels(y_true, t.scores.len())?;
    let inner = py
        .detach(|| RejectOption::fit(&request, &y, &t.scores, &t.privileged, &t.unprivileged))
        .map_err(errors::audit)?;
    Ok(RejectOptionCore { inner })
}

#[pymethods]
impl RejectOptionCore {
    /// Each row's label (1 = favourable).
    #[pyo3(signature = (y_score, sensitive, privileged, unprivileged))]
    fn predict<'py>(
        &self,
        py: Python<'py>,
        y_score: PyReadonlyArray1<'_, f64>,
        sensitive: Vec<SensitiveColumn<'_>>,
        privileged: Option<Vec<String>>,
        unprivileged: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyArray1<u8>>> {
        let t = two_groups(y_score, &sensitive, privileged, unprivileged)?;
        let d = py
            .detach(|| {
                self.inner
                    .predict(&t.scores, &t.privileged, &t.unprivileged)
            })
            .map_err(errors::audit)?;
        Ok(decisions(py, d))
    }

    /// The fitted numbers as JSON (settings, threshold, margin, feasible, balanced accuracy,
    /// metric).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| errors::input(e.to_string()))
    }
}
