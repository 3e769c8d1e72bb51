//! Mitigation of a table of decisions, as the doors call it: the rows' groups (the
//! intersection of the sensitive columns, named `col=value[,col=value]` as the audit names
//! groups), the post-processor, every row's probability and decision, and the audit before
//! and after — one function, so the CLI, the HTTP API and Python give the same answer.

use serde::{Deserialize, Serialize};
use welfare_data::{Categorical, Predictions};

use crate::aif360::Condition;
use crate::audit::{AuditOptions, Report, audit};
use crate::error::AuditError;
use crate::mitigation::calibrated::{CalibratedEqOdds, CalibratedRequest};
use crate::mitigation::reject_option::{RejectOption, RejectOptionRequest};
use crate::mitigation::threshold::{ThresholdOptimizer, ThresholdRequest};

/// A post-processor and its settings, as a door receives them (`"method"` names it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// fairlearn's threshold optimizer (any number of groups).
    Threshold(ThresholdRequest),
    /// AIF360's calibrated equalized odds (privileged vs unprivileged).
    CalibratedEqOdds(CalibratedRequest),
    /// AIF360's reject option classification (privileged vs unprivileged).
    RejectOption(RejectOptionRequest),
}

impl Default for Method {
    fn default() -> Self {
        Method::Threshold(ThresholdRequest::default())
    }
}

impl Method {
    /// The method's name (`threshold`, `calibrated_eq_odds`, `reject_option`).
    pub fn name(&self) -> &'static str {
        match self {
            Method::Threshold(_) => "threshold",
            Method::CalibratedEqOdds(_) => "calibrated_eq_odds",
            Method::RejectOption(_) => "reject_option",
        }
    }

    /// Checks the settings.
    pub fn check(&self) -> Result<(), AuditError> {
        match self {
            Method::Threshold(r) => r.check(),
            Method::CalibratedEqOdds(r) => r.check(),
            Method::RejectOption(r) => r.check(),
        }
    }

    /// Whether the method needs the privileged group (AIF360's two-group methods).
    pub fn needs_privileged(&self) -> bool {
        !matches!(self, Method::Threshold(_))
    }
}

/// A fitted post-processor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Fitted {
    /// fairlearn's threshold optimizer.
    Threshold(ThresholdOptimizer),
    /// AIF360's calibrated equalized odds.
    CalibratedEqOdds(CalibratedEqOdds),
    /// AIF360's reject option classification.
    RejectOption(RejectOption),
}

impl Fitted {
    /// The threshold optimizer, if that was the method.
    pub fn threshold(&self) -> Option<&ThresholdOptimizer> {
        match self {
            Fitted::Threshold(o) => Some(o),
            _ => None,
        }
    }
}

/// The rows of the privileged and the unprivileged group: `privileged` as given, unprivileged
/// as given or every other row (the audit's convention).
pub fn two_groups(
    sensitive: &[Categorical],
    privileged: Option<&Condition>,
    unprivileged: Option<&Condition>,
) -> Result<(Vec<bool>, Vec<bool>), AuditError> {
    let Some(privileged) = privileged else {
        return Err(AuditError::parameter(
            "privileged",
            "this method compares a privileged with an unprivileged group: name the privileged \
             group (e.g. sex=male)",
        ));
    };
    let cols: Vec<(&str, &[u32], &[String])> = sensitive
        .iter()
        .map(|c| (c.name.as_str(), c.codes.as_slice(), c.levels.as_slice()))
        .collect();
    let p = privileged.rows(&cols)?;
    let u = match unprivileged {
        Some(u) => u.rows(&cols)?,
        None => p.iter().map(|&v| !v).collect(),
    };
    Ok((p, u))
}

/// The rows' groups: each row's index into `names` (sorted).
#[derive(Debug, Clone, PartialEq)]
pub struct RowGroups {
    /// Each row's group.
    pub of_row: Vec<u32>,
    /// The group names, sorted.
    pub names: Vec<String>,
}

/// The intersection of sensitive columns (each row's levels, all columns the same length).
pub fn row_groups(sensitive: &[Categorical]) -> Result<RowGroups, AuditError> {
    if sensitive.is_empty() {
        return Err(AuditError::parameter(
            "sensitive",
            "at least one sensitive column is needed",
        ));
    }
    let n = sensitive[0].codes.len();
    let mut key = vec![0u64; n];
    let mut radix = 1u64;
    for c in sensitive {
        for (k, &code) in key.iter_mut().zip(&c.codes) {
            *k += u64::from(code) * radix;
        }
        radix = radix.saturating_mul(c.levels.len().max(1) as u64);
    }
    // the first row of each key: a dense table when the keys are few (the usual case: the
    // product of the columns' level counts), a hash map otherwise — O(n) either way
    let dense = radix <= 1 << 22;
    let mut first: Vec<(u64, usize)> = Vec::new();
    if dense {
        let mut row_of = vec![usize::MAX; radix.max(1) as usize];
        for (i, &k) in key.iter().enumerate() {
            if row_of[k as usize] == usize::MAX {
                row_of[k as usize] = i;
                first.push((k, i));
            }
        }
    } else {
        let mut seen: rustc_hash::FxHashMap<u64, usize> = rustc_hash::FxHashMap::default();
        for (i, &k) in key.iter().enumerate() {
            seen.entry(k).or_insert_with(|| {
                first.push((k, i));
                i
            });
        }
    }
    let label = |row: usize| {
        sensitive
            .iter()
            .map(|c| format!("{}={}", c.name, c.levels[c.codes[row] as usize]))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut named: Vec<(String, u64)> = first.iter().map(|&(k, row)| (label(row), k)).collect();
    named.sort();
    let of_row = if dense {
        let mut position = vec![0u32; radix.max(1) as usize];
        for (i, (_, k)) in named.iter().enumerate() {
            position[*k as usize] = i as u32;
        }
        key.iter().map(|&k| position[k as usize]).collect()
    } else {
        let position: rustc_hash::FxHashMap<u64, u32> = named
            .iter()
            .enumerate()
            .map(|(i, (_, k))| (*k, i as u32))
            .collect();
        key.iter().map(|k| position[k]).collect()
    };
    Ok(RowGroups {
        of_row,
        names: named.into_iter().map(|(name, _)| name).collect(),
    })
}

/// What mitigating a table gives.
#[derive(Debug, Clone, Serialize)]
pub struct Mitigation {
    /// The fitted post-processor (its settings, chosen point and, for the threshold optimizer,
    /// each group's rule and curve).
    pub fitted: Fitted,
    /// Each row's probability of a positive decision.
    #[serde(skip)]
    pub p_positive: Vec<f64>,
    /// Each row's decision, drawn with `seed` where the method randomises.
    #[serde(skip)]
    pub decisions: Vec<bool>,
    /// The audit of the decisions as they were.
    pub before: Report,
    /// The audit of the mitigated decisions.
    pub after: Report,
}

/// Fits a post-processor on a table of decisions with scores, decides every row (randomised
/// methods with the suite's generator seeded with `seed`), and audits before and after with
/// `options` (whose privileged/unprivileged groups the AIF360 methods use).
pub fn mitigate(
    data: &Predictions,
    method: &Method,
    seed: u64,
    options: &AuditOptions,
) -> Result<Mitigation, AuditError> {
    method.check()?;
    options.check()?;
    let Some(scores) = &data.y_score else {
        return Err(AuditError::parameter(
            "y_score",
            format!("{} needs a score column", method.name()),
        ));
    };
    let (fitted, p_positive, decisions) = match method {
        Method::Threshold(request) => {
            let groups = row_groups(&data.sensitive)?;
            let o = ThresholdOptimizer::fit(
                request,
                &data.y_true,
                scores,
                &groups.of_row,
                &groups.names,
            )?;
            let p = o.positive_probability(scores, &groups.of_row, &groups.names)?;
            let d = o.predict(scores, &groups.of_row, &groups.names, seed)?;
            (Fitted::Threshold(o), p, d)
        }
        Method::CalibratedEqOdds(request) => {
            let (p, u) = two_groups(
                &data.sensitive,
                options.privileged.as_ref(),
                options.unprivileged.as_ref(),
            )?;
            let c = CalibratedEqOdds::fit(request, &data.y_true, scores, &p, &u)?;
            let prob = c.favorable_probability(scores, &p, &u)?;
            let d = c.predict(scores, &p, &u, seed)?;
            (Fitted::CalibratedEqOdds(c), prob, d)
        }
        Method::RejectOption(request) => {
            let (p, u) = two_groups(
                &data.sensitive,
                options.privileged.as_ref(),
                options.unprivileged.as_ref(),
            )?;
            let r = RejectOption::fit(request, &data.y_true, scores, &p, &u)?;
            let d = r.predict(scores, &p, &u)?;
            let prob = d.iter().map(|&v| if v { 1.0 } else { 0.0 }).collect();
            (Fitted::RejectOption(r), prob, d)
        }
    };
    let before = audit(data, options)?;
    let mut after_data = data.clone();
    after_data.y_pred = decisions.clone();
    let after = audit(&after_data, options)?;
    Ok(Mitigation {
        fitted,
        p_positive,
        decisions,
        before,
        after,
    })
}
