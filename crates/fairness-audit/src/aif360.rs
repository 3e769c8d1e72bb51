//! AIF360's two-set comparisons (privileged vs unprivileged, each a union of conditions), the
//! individual and between-group generalized entropy indices, and smoothed empirical
//! differential fairness: all from cell counts.
//!
//! Definitions follow AIF360 0.6.1, quirks included where parity with it is claimed:
//! - differences are `unprivileged − privileged`, ratios `unprivileged / privileged`;
//!   a division by zero is undefined (`None`; AIF360 gives `inf`/`nan`);
//! - the between-group indices give every row of a compared group its group's mean benefit and
//!   every row in *neither* group a benefit of 0 (AIF360 initialises the benefit vector with
//!   zeros); with complementary groups this does not matter;
//! - `average_predictive_value_difference` averages the differences in precision (PPV) and in
//!   the false omission rate (not the negative predictive value);
//! - the generalized entropy index with α = 0 is undefined when any benefit is 0
//!   (AIF360: `inf`), and the coefficient of variation is `sqrt(2·GE(2))`.

use serde::Serialize;

use crate::cells::{Cells, Stats};
use crate::error::AuditError;
use crate::metrics::{Metric, Undefined};

/// A union (OR) of conjunctions (AND) of `column = value`, as AIF360's list of dicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition(pub Vec<Vec<(String, String)>>);

impl Condition {
    /// One conjunction.
    pub fn all(pairs: &[(&str, &str)]) -> Condition {
        Condition(vec![
            pairs
                .iter()
                .map(|(c, v)| ((*c).to_owned(), (*v).to_owned()))
                .collect(),
        ])
    }

    /// Parses `col=value[,col=value]` (one conjunction).
    pub fn parse(text: &str) -> Result<Condition, AuditError> {
        let mut pairs = Vec::new();
        for part in text.split(',') {
            let (c, v) = part
                .split_once('=')
                .ok_or_else(|| AuditError::BadCondition {
                    text: text.to_owned(),
                })?;
            let (c, v) = (c.trim(), v.trim());
            if c.is_empty() || v.is_empty() {
                return Err(AuditError::BadCondition {
                    text: text.to_owned(),
                });
            }
            pairs.push((c.to_owned(), v.to_owned()));
        }
        Ok(Condition(vec![pairs]))
    }

    /// This condition OR another.
    pub fn or(mut self, other: Condition) -> Condition {
        self.0.extend(other.0);
        self
    }

    /// The columns the condition mentions.
    pub fn columns(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self.0.iter().flatten().map(|(c, _)| c.as_str()).collect();
        c.sort_unstable();
        c.dedup();
        c
    }

    /// Which rows satisfy the condition, for columns given as (name, each row's level,
    /// levels). A column or value the data does not have is an error naming the known ones.
    pub fn rows(&self, columns: &[(&str, &[u32], &[String])]) -> Result<Vec<bool>, AuditError> {
        let n = columns.first().map_or(0, |c| c.1.len());
        let resolved: Vec<Vec<(usize, u32)>> = self
            .0
            .iter()
            .map(|conj| {
                conj.iter()
                    .map(|(c, v)| {
                        let k = columns
                            .iter()
                            .position(|(name, _, _)| name == c)
                            .ok_or_else(|| AuditError::UnknownColumn {
                                column: c.clone(),
                                known: columns
                                    .iter()
                                    .map(|(n, _, _)| *n)
                                    .collect::<Vec<_>>()
                                    .join(","),
                            })?;
                        let levels = columns[k].2;
                        let level = levels.iter().position(|l| l == v).ok_or_else(|| {
                            AuditError::UnknownValue {
                                column: c.clone(),
                                value: v.clone(),
                                known: levels.join(","),
                            }
                        })?;
                        Ok((k, level as u32))
                    })
                    .collect::<Result<Vec<_>, AuditError>>()
            })
            .collect::<Result<_, _>>()?;
        Ok((0..n)
            .map(|i| {
                resolved
                    .iter()
                    .any(|conj| conj.iter().all(|&(k, l)| columns[k].1[i] == l))
            })
            .collect())
    }

    /// Which cells satisfy the condition.
    pub fn cells(&self, cells: &Cells) -> Result<Vec<bool>, AuditError> {
        let resolved: Vec<Vec<(usize, u32)>> = self
            .0
            .iter()
            .map(|conj| {
                conj.iter()
                    .map(|(c, v)| {
                        let k = cells.column_index(c)?;
                        Ok((k, cells.level_index(k, v)?))
                    })
                    .collect::<Result<Vec<_>, AuditError>>()
            })
            .collect::<Result<_, _>>()?;
        Ok(cells
            .keys
            .iter()
            .map(|key| {
                resolved
                    .iter()
                    .any(|conj| conj.iter().all(|&(k, l)| key[k] == l))
            })
            .collect())
    }
}

impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|conj| {
                conj.iter()
                    .map(|(c, v)| format!("{c}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect();
        f.write_str(&parts.join(" | "))
    }
}

/// A privileged and an unprivileged set of rows.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The privileged set of rows.
    pub privileged: Condition,
    /// The unprivileged set of rows.
    pub unprivileged: Condition,
    /// Counts of the privileged rows.
    pub privileged_stats: Stats,
    /// Counts of the unprivileged rows.
    pub unprivileged_stats: Stats,
    /// Rows in neither set.
    pub outside: Stats,
    /// Per cell: 1 privileged, 2 unprivileged, 0 neither (a cell in both counts as privileged
    /// for the two-set metrics, as overlapping groups are a caller error AIF360 does not catch).
    pub cell_side: Vec<u8>,
}

impl Comparison {
    /// Privileged vs unprivileged; `unprivileged = None` means every row not privileged.
    pub fn new(
        cells: &Cells,
        privileged: Condition,
        unprivileged: Option<Condition>,
    ) -> Result<Comparison, AuditError> {
        let priv_cells = privileged.cells(cells)?;
        let unpriv_cells = match &unprivileged {
            Some(u) => u.cells(cells)?,
            None => priv_cells.iter().map(|p| !p).collect(),
        };
        let unprivileged = unprivileged
            .unwrap_or_else(|| Condition(vec![vec![("not".into(), privileged.to_string())]]));
        let (mut p, mut u, mut o) = (Stats::default(), Stats::default(), Stats::default());
        let mut cell_side = vec![0u8; cells.keys.len()];
        for (c, s) in cells.stats.iter().enumerate() {
            if priv_cells[c] {
                p.add(s);
                cell_side[c] = 1;
            } else if unpriv_cells[c] {
                u.add(s);
                cell_side[c] = 2;
            } else {
                o.add(s);
            }
        }
        if p.n() == 0 {
            return Err(AuditError::EmptyComparisonGroup {
                which: "privileged",
                condition: privileged.to_string(),
            });
        }
        if u.n() == 0 {
            return Err(AuditError::EmptyComparisonGroup {
                which: "unprivileged",
                condition: unprivileged.to_string(),
            });
        }
        Ok(Comparison {
            privileged,
            unprivileged,
            privileged_stats: p,
            unprivileged_stats: u,
            outside: o,
            cell_side,
        })
    }

    /// Recomputes the set counts for other cell counts (bootstrap).
    pub fn with_cell_stats(&self, stats: &[Stats]) -> Comparison {
        let (mut p, mut u, mut o) = (Stats::default(), Stats::default(), Stats::default());
        for (s, side) in stats.iter().zip(&self.cell_side) {
            match side {
                1 => p.add(s),
                2 => u.add(s),
                _ => o.add(s),
            }
        }
        Comparison {
            privileged_stats: p,
            unprivileged_stats: u,
            outside: o,
            ..self.clone()
        }
    }

    fn rates(&self, m: Metric) -> Option<(f64, f64)> {
        let u = m.value(&self.unprivileged_stats, None, Undefined::Null)?;
        let p = m.value(&self.privileged_stats, None, Undefined::Null)?;
        Some((u, p))
    }

    /// `metric(unprivileged) − metric(privileged)`.
    pub fn difference(&self, m: Metric) -> Option<f64> {
        self.rates(m).map(|(u, p)| u - p)
    }

    /// `metric(unprivileged) / metric(privileged)`; undefined when the privileged value is 0.
    pub fn ratio(&self, m: Metric) -> Option<f64> {
        self.rates(m).and_then(|(u, p)| (p != 0.0).then(|| u / p))
    }

    /// All AIF360 two-set metrics by their AIF360 names (`None` = undefined).
    pub fn metrics(&self) -> Vec<(&'static str, Option<f64>)> {
        let d_tpr = self.difference(Metric::TruePositiveRate);
        let d_fpr = self.difference(Metric::FalsePositiveRate);
        let both = |f: fn(f64, f64) -> f64| d_tpr.zip(d_fpr).map(|(t, f_)| f(t, f_));
        let ppv = self.difference(Metric::Precision);
        let for_ = self.difference(Metric::FalseOmissionRate);
        let side = |stats: &Stats, m: Metric| m.value(stats, None, Undefined::Null);
        vec![
            (
                "statistical_parity_difference",
                self.difference(Metric::SelectionRate),
            ),
            ("disparate_impact", self.ratio(Metric::SelectionRate)),
            ("equal_opportunity_difference", d_tpr),
            ("average_odds_difference", both(|t, f| (f + t) / 2.0)),
            (
                "average_abs_odds_difference",
                both(|t, f| (f.abs() + t.abs()) / 2.0),
            ),
            (
                "equalized_odds_difference",
                both(|t, f| f.abs().max(t.abs())),
            ),
            ("true_positive_rate_difference", d_tpr),
            ("false_positive_rate_difference", d_fpr),
            (
                "false_positive_rate_ratio",
                self.ratio(Metric::FalsePositiveRate),
            ),
            (
                "false_negative_rate_difference",
                self.difference(Metric::FalseNegativeRate),
            ),
            (
                "false_negative_rate_ratio",
                self.ratio(Metric::FalseNegativeRate),
            ),
            ("error_rate_difference", self.difference(Metric::ErrorRate)),
            ("error_rate_ratio", self.ratio(Metric::ErrorRate)),
            (
                "false_discovery_rate_difference",
                self.difference(Metric::FalseDiscoveryRate),
            ),
            (
                "false_omission_rate_difference",
                self.difference(Metric::FalseOmissionRate),
            ),
            // AIF360 quirk: the mean of the PPV and the *false omission rate* differences
            // (not PPV and NPV, as the name suggests).
            (
                "average_predictive_value_difference",
                ppv.zip(for_).map(|(a, b)| (a + b) / 2.0),
            ),
            ("between_group_theil_index", self.between_group_entropy(1.0)),
            (
                "between_group_generalized_entropy_index_alpha2",
                self.between_group_entropy(2.0),
            ),
            (
                "between_group_coefficient_of_variation",
                self.between_group_entropy(2.0).map(|g| (2.0 * g).sqrt()),
            ),
            (
                "unprivileged_selection_rate",
                side(&self.unprivileged_stats, Metric::SelectionRate),
            ),
            (
                "privileged_selection_rate",
                side(&self.privileged_stats, Metric::SelectionRate),
            ),
            (
                "unprivileged_true_positive_rate",
                side(&self.unprivileged_stats, Metric::TruePositiveRate),
            ),
            (
                "privileged_true_positive_rate",
                side(&self.privileged_stats, Metric::TruePositiveRate),
            ),
            (
                "unprivileged_false_positive_rate",
                side(&self.unprivileged_stats, Metric::FalsePositiveRate),
            ),
            (
                "privileged_false_positive_rate",
                side(&self.privileged_stats, Metric::FalsePositiveRate),
            ),
        ]
    }

    /// AIF360 `between_group_generalized_entropy_index(alpha)`: each compared row gets its
    /// set's mean benefit, rows in neither set get 0.
    pub fn between_group_entropy(&self, alpha: f64) -> Option<f64> {
        let mut classes = Vec::new();
        for s in [&self.privileged_stats, &self.unprivileged_stats] {
            if s.n() > 0 {
                classes.push((mean_benefit(s), s.n()));
            }
        }
        if self.outside.n() > 0 {
            classes.push((0.0, self.outside.n()));
        }
        generalized_entropy(&classes, alpha)
    }
}

/// Mean of `b = y_pred − y_true + 1` over a set of rows.
pub fn mean_benefit(s: &Stats) -> f64 {
    1.0 + (s.pp() as f64 - s.p() as f64) / s.n() as f64
}

/// Generalized entropy of a distribution given as (benefit value, number of rows) classes:
/// `GE(α) = 1/(n·α·(α−1)) · Σ ((b/μ)^α − 1)`, `GE(1) = 1/n · Σ (b/μ)·ln(b/μ)` (Theil, with
/// 0·ln 0 = 0), `GE(0) = −1/n · Σ ln(b/μ)` (undefined if any b = 0).
pub fn generalized_entropy(classes: &[(f64, u64)], alpha: f64) -> Option<f64> {
    let n: u64 = classes.iter().map(|c| c.1).sum();
    if n == 0 || !alpha.is_finite() {
        return None;
    }
    let nf = n as f64;
    let mu = classes.iter().map(|&(b, k)| b * k as f64).sum::<f64>() / nf;
    if mu <= 0.0 {
        return None;
    }
    let mut sum = 0.0;
    for &(b, k) in classes {
        if k == 0 {
            continue;
        }
        let x = b / mu;
        let term = if alpha == 1.0 {
            if x == 0.0 { 0.0 } else { x * x.ln() }
        } else if alpha == 0.0 {
            if x == 0.0 {
                return None;
            }
            -x.ln()
        } else {
            if x == 0.0 && alpha < 0.0 {
                return None;
            }
            (x.powf(alpha) - 1.0) / (alpha * (alpha - 1.0))
        };
        sum += term * k as f64;
    }
    Some(sum / nf)
}

/// AIF360 `generalized_entropy_index(alpha)` over individuals: benefit 0 for false negatives,
/// 1 for correct decisions, 2 for false positives.
pub fn individual_entropy(s: &Stats, alpha: f64) -> Option<f64> {
    generalized_entropy(&[(0.0, s.fn_), (1.0, s.tp + s.tn), (2.0, s.fp)], alpha)
}

/// AIF360 `between_all_groups_generalized_entropy_index(alpha)`: every row gets its group's
/// mean benefit, over the given groups (empty groups skipped).
pub fn between_all_groups_entropy(groups: &[Stats], alpha: f64) -> Option<f64> {
    let classes: Vec<(f64, u64)> = groups
        .iter()
        .filter(|s| s.n() > 0)
        .map(|s| (mean_benefit(s), s.n()))
        .collect();
    generalized_entropy(&classes, alpha)
}

/// AIF360 `smoothed_empirical_differential_fairness(concentration)` of the decisions: the
/// largest log-ratio of smoothed selection rates (and of their complements) between any two
/// groups, with rates smoothed as `(selected + c/k) / (n + c)`, k = number of distinct decisions
/// observed (2 unless everyone got the same decision).
pub fn smoothed_empirical_differential_fairness(
    groups: &[Stats],
    concentration: f64,
) -> Option<f64> {
    // AIF360 divides the concentration by the number of distinct decision values observed.
    let (pp, pn) = groups
        .iter()
        .fold((0, 0), |(a, b), s| (a + s.pp(), b + s.pn()));
    let classes = f64::from(u8::from(pp > 0) + u8::from(pn > 0)).max(1.0);
    let rates: Vec<f64> = groups
        .iter()
        .filter(|s| s.n() > 0)
        .map(|s| (s.pp() as f64 + concentration / classes) / (s.n() as f64 + concentration))
        .collect();
    if rates.len() < 2 {
        return None;
    }
    let mut best = 0.0_f64;
    for i in 0..rates.len() {
        for j in 0..rates.len() {
            if i != j {
                let pos = (rates[i].ln() - rates[j].ln()).abs();
                let neg = ((1.0 - rates[i]).ln() - (1.0 - rates[j]).ln()).abs();
                best = best.max(pos.max(neg));
            }
        }
    }
    Some(best)
}
