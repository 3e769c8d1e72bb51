//! Mitigation of a table of decisions, as the doors call it: the rows' groups (the
//! intersection of the sensitive columns, named `col=value[,col=value]` as the audit names
//! groups), the optimizer, every row's probability and decision, and the audit before and
//! after — one function, so the CLI, the HTTP API and Python give the same answer.

use serde::Serialize;
use welfare_data::{Categorical, Predictions};

use crate::audit::{AuditOptions, Report, audit};
use crate::error::AuditError;
use crate::mitigation::threshold::{ThresholdOptimizer, ThresholdRequest};

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
    let mut seen: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    for (i, &k) in key.iter().enumerate() {
        seen.entry(k).or_insert(i);
    }
    let label = |row: usize| {
        sensitive
            .iter()
            .map(|c| format!("{}={}", c.name, c.levels[c.codes[row] as usize]))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut named: Vec<(String, u64)> = seen.iter().map(|(&k, &row)| (label(row), k)).collect();
    named.sort();
    let position: std::collections::BTreeMap<u64, u32> = named
        .iter()
        .enumerate()
        .map(|(i, (_, k))| (*k, i as u32))
        .collect();
    Ok(RowGroups {
        of_row: key.iter().map(|k| position[k]).collect(),
        names: named.into_iter().map(|(name, _)| name).collect(),
    })
}

/// What mitigating a table gives.
#[derive(Debug, Clone, Serialize)]
pub struct Mitigation {
    /// The fitted optimizer (groups, rules, chosen point, curves).
    pub optimizer: ThresholdOptimizer,
    /// Each row's probability of a positive decision.
    #[serde(skip)]
    pub p_positive: Vec<f64>,
    /// Each row's decision, drawn with `seed`.
    #[serde(skip)]
    pub decisions: Vec<bool>,
    /// The audit of the decisions as they were.
    pub before: Report,
    /// The audit of the mitigated decisions.
    pub after: Report,
}

/// Fits the threshold optimizer on a table of decisions with scores, decides every row with
/// the suite's generator seeded with `seed`, and audits before and after with `options`.
pub fn mitigate(
    data: &Predictions,
    request: &ThresholdRequest,
    seed: u64,
    options: &AuditOptions,
) -> Result<Mitigation, AuditError> {
    request.check()?;
    options.check()?;
    let Some(scores) = &data.y_score else {
        return Err(AuditError::parameter(
            "y_score",
            "the threshold optimizer needs a score column",
        ));
    };
    let groups = row_groups(&data.sensitive)?;
    let optimizer =
        ThresholdOptimizer::fit(request, &data.y_true, scores, &groups.of_row, &groups.names)?;
    let p_positive = optimizer.positive_probability(scores, &groups.of_row, &groups.names)?;
    let decisions = optimizer.predict(scores, &groups.of_row, &groups.names, seed)?;
    let before = audit(data, options)?;
    let mut after_data = data.clone();
    after_data.y_pred = decisions.clone();
    let after = audit(&after_data, options)?;
    Ok(Mitigation {
        optimizer,
        p_positive,
        decisions,
        before,
        after,
    })
}
