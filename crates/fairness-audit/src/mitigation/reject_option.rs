//! AIF360's `RejectOptionClassification` (Kamiran, Karim & Zhang 2012), as AIF360 0.6.1 fits
//! it (`aif360/algorithms/postprocessing/reject_option_classification.py`), so the chosen
//! threshold and margin and every label agree with AIF360 exactly.
//!
//! A grid of classification thresholds `t = linspace(low, high, num_class_thresh)` and, per
//! threshold, margins `m = linspace(0, min(t, 1 − t), num_ROC_margin)`. Labels: favourable
//! where `score > t`; inside the critical region `t − m < score ≤ t + m` the privileged get the
//! unfavourable label and the unprivileged the favourable one. Among the grid points whose
//! fairness metric (statistical parity, average odds or equal opportunity difference,
//! unprivileged − privileged) lies in `[metric_lb, metric_ub]`, the first with the highest
//! balanced accuracy (over all rows) wins.
//!
//! AIF360's quirk, kept and named: when no grid point meets the bounds, the first grid point
//! with the *smallest signed* metric wins (not the smallest absolute value), and
//! [`RejectOption::feasible`] is false (AIF360 warns "Unable to satisy fairness constraints").
//!
//! AIF360 predicts every row at every grid point (O(grid · n)); here the labels at a grid point
//! come from counts: a privileged row is favourable iff `score > t + m`, an unprivileged one iff
//! `score > t − m`, any other iff `score > t`, so sorted scores and running label counts answer
//! each grid point in O(log n). Cost: O(n log n + grid · log n). The counts are whole numbers,
//! so every rate is the same division AIF360 does and the choice is bit-identical.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::AuditError;
use crate::mitigation::calibrated::{check_scores, membership};
use crate::mitigation::linspace;

/// The fairness metric to bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FairnessMetric {
    /// Selection rate, unprivileged − privileged (AIF360's default).
    #[default]
    StatisticalParityDifference,
    /// Half the sum of the FPR and TPR differences.
    AverageOddsDifference,
    /// The TPR difference.
    EqualOpportunityDifference,
}

impl FairnessMetric {
    const ALL: [FairnessMetric; 3] = [
        FairnessMetric::StatisticalParityDifference,
        FairnessMetric::AverageOddsDifference,
        FairnessMetric::EqualOpportunityDifference,
    ];

    /// The suite's name (snake case).
    pub fn name(self) -> &'static str {
        match self {
            FairnessMetric::StatisticalParityDifference => "statistical_parity_difference",
            FairnessMetric::AverageOddsDifference => "average_odds_difference",
            FairnessMetric::EqualOpportunityDifference => "equal_opportunity_difference",
        }
    }

    /// AIF360's name.
    pub fn aif360_name(self) -> &'static str {
        match self {
            FairnessMetric::StatisticalParityDifference => "Statistical parity difference",
            FairnessMetric::AverageOddsDifference => "Average odds difference",
            FairnessMetric::EqualOpportunityDifference => "Equal opportunity difference",
        }
    }
}

impl FromStr for FairnessMetric {
    type Err = AuditError;
    fn from_str(s: &str) -> Result<FairnessMetric, AuditError> {
        FairnessMetric::ALL
            .into_iter()
            .find(|m| m.name() == s || m.aif360_name() == s)
            .ok_or_else(|| {
                AuditError::parameter(
                    "metric_name",
                    format!(
                        "'{s}' is not a metric; use one of {}",
                        FairnessMetric::ALL.map(FairnessMetric::name).join(", ")
                    ),
                )
            })
    }
}

/// The settings (AIF360's names and defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RejectOptionRequest {
    /// The smallest classification threshold (default 0.01).
    pub low_class_thresh: f64,
    /// The largest classification threshold (default 0.99).
    pub high_class_thresh: f64,
    /// How many thresholds (default 100).
    pub num_class_thresh: usize,
    /// How many margins per threshold (default 50).
    #[serde(rename = "num_ROC_margin", alias = "num_roc_margin")]
    pub num_roc_margin: usize,
    /// The metric to bound (default statistical parity difference).
    pub metric_name: FairnessMetric,
    /// Upper bound of the metric (default 0.05).
    pub metric_ub: f64,
    /// Lower bound of the metric (default −0.05).
    pub metric_lb: f64,
}

impl Default for RejectOptionRequest {
    fn default() -> Self {
        RejectOptionRequest {
            low_class_thresh: 0.01,
            high_class_thresh: 0.99,
            num_class_thresh: 100,
            num_roc_margin: 50,
            metric_name: FairnessMetric::StatisticalParityDifference,
            metric_ub: 0.05,
            metric_lb: -0.05,
        }
    }
}

/// The largest grid accepted (AIF360 has no limit; its grid costs n work per point).
pub const MAX_GRID_POINTS: usize = 10_000_000;

impl RejectOptionRequest {
    /// AIF360's checks ("Input parameter values out of bounds"), each naming its field.
    pub fn check(&self) -> Result<(), AuditError> {
        for (name, v) in [
            ("low_class_thresh", self.low_class_thresh),
            ("high_class_thresh", self.high_class_thresh),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(AuditError::parameter(
                    name,
                    format!("{name} must be between 0 and 1, not {v}"),
                ));
            }
        }
        if self.low_class_thresh >= self.high_class_thresh {
            return Err(AuditError::parameter(
                "low_class_thresh",
                "low_class_thresh must be below high_class_thresh",
            ));
        }
        if self.num_class_thresh < 1 || self.num_roc_margin < 1 {
            return Err(AuditError::parameter(
                "num_class_thresh",
                "num_class_thresh and num_ROC_margin must be at least 1",
            ));
        }
        if self.num_class_thresh.saturating_mul(self.num_roc_margin) > MAX_GRID_POINTS {
            return Err(AuditError::parameter(
                "num_class_thresh",
                format!("at most {MAX_GRID_POINTS} grid points (thresholds × margins)"),
            ));
        }
        for (name, v) in [("metric_ub", self.metric_ub), ("metric_lb", self.metric_lb)] {
            if v.is_nan() {
                return Err(AuditError::parameter(
                    name,
                    format!("{name} must be a number"),
                ));
            }
        }
        Ok(())
    }
}

/// A fitted reject option classifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectOption {
    /// The settings.
    pub request: RejectOptionRequest,
    /// The chosen classification threshold.
    pub classification_threshold: f64,
    /// The chosen margin of the critical region.
    #[serde(rename = "ROC_margin")]
    pub roc_margin: f64,
    /// Whether a grid point met the bounds (false: AIF360's fallback, the smallest metric).
    pub feasible: bool,
    /// The balanced accuracy at the chosen point (on the fitted data).
    pub balanced_accuracy: f64,
    /// The metric at the chosen point (on the fitted data).
    pub metric: f64,
}

/// One group's scores in ascending order with the number of positives below each position.
struct Sorted {
    scores: Vec<f64>,
    positives_before: Vec<usize>,
}

impl Sorted {
    fn new(mut rows: Vec<(f64, bool)>) -> Sorted {
        rows.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let mut positives_before = Vec::with_capacity(rows.len() + 1);
        let mut p = 0;
        positives_before.push(0);
        for r in &rows {
            p += usize::from(r.1);
            positives_before.push(p);
        }
        Sorted {
            scores: rows.into_iter().map(|r| r.0).collect(),
            positives_before,
        }
    }

    fn len(&self) -> usize {
        self.scores.len()
    }

    fn positives(&self) -> usize {
        self.positives_before[self.len()]
    }

    /// (true positives, false positives) when `score > cut` is favourable.
    fn above(&self, cut: f64) -> (f64, f64) {
        let i = self.scores.partition_point(|&s| s <= cut);
        let tp = self.positives() - self.positives_before[i];
        let fp = (self.len() - i) - tp;
        (tp as f64, fp as f64)
    }
}

/// Counts and rates of one group at one grid point.
struct Rates {
    tp: f64,
    fp: f64,
    selection: f64,
    tpr: f64,
    fpr: f64,
}

fn rates(g: &Sorted, cut: f64) -> Rates {
    let (tp, fp) = g.above(cut);
    let p = g.positives() as f64;
    let n = g.len() as f64 - p;
    Rates {
        tp,
        fp,
        selection: (tp + fp) / (p + n),
        tpr: tp / p,
        fpr: fp / n,
    }
}

impl RejectOption {
    /// Fits on the true labels (`true` = favourable), the scores (probabilities of the
    /// favourable label) and the rows of each group.
    pub fn fit(
        request: &RejectOptionRequest,
        y_true: &[bool],
        scores: &[f64],
        privileged: &[bool],
        unprivileged: &[bool],
    ) -> Result<RejectOption, AuditError> {
        request.check()?;
        let n = y_true.len();
        membership(n, privileged, unprivileged)?;
        check_scores(scores, n)?;
        let mut rows = [Vec::new(), Vec::new(), Vec::new()];
        for i in 0..n {
            let k = if privileged[i] {
                0
            } else if unprivileged[i] {
                1
            } else {
                2
            };
            rows[k].push((scores[i], y_true[i]));
        }
        let [p, u, other] = rows.map(Sorted::new);
        let positives = p.positives() + u.positives() + other.positives();
        if positives == 0 || positives == n {
            return Err(AuditError::DegenerateLabels {
                group: "all rows".to_owned(),
            });
        }
        // the rates the metric divides by must exist in both groups
        for (g, name) in [(&p, "privileged"), (&u, "unprivileged")] {
            let degenerate = g.len() == 0
                || match request.metric_name {
                    FairnessMetric::StatisticalParityDifference => false,
                    FairnessMetric::AverageOddsDifference => {
                        g.positives() == 0 || g.positives() == g.len()
                    }
                    FairnessMetric::EqualOpportunityDifference => g.positives() == 0,
                };
            if degenerate {
                return Err(AuditError::DegenerateLabels {
                    group: name.to_owned(),
                });
            }
        }
        let (all_p, all_n) = (positives as f64, (n - positives) as f64);
        // (threshold, margin, balanced accuracy, metric) in AIF360's grid order
        let mut grid = Vec::with_capacity(request.num_class_thresh * request.num_roc_margin);
        for t in linspace(
            request.low_class_thresh,
            request.high_class_thresh,
            request.num_class_thresh,
        ) {
            let high_margin = if t <= 0.5 { t } else { 1.0 - t };
            for m in linspace(0.0, high_margin, request.num_roc_margin) {
                let rp = rates(&p, t + m);
                let ru = rates(&u, t - m);
                let (tp_o, fp_o) = other.above(t);
                let tp = rp.tp + ru.tp + tp_o;
                let fp = rp.fp + ru.fp + fp_o;
                let tpr = tp / all_p;
                let tnr = (all_n - fp) / all_n;
                let balanced = 0.5 * (tpr + tnr);
                let metric = match request.metric_name {
                    FairnessMetric::StatisticalParityDifference => ru.selection - rp.selection,
                    FairnessMetric::AverageOddsDifference => {
                        0.5 * ((ru.fpr - rp.fpr) + (ru.tpr - rp.tpr))
                    }
                    FairnessMetric::EqualOpportunityDifference => ru.tpr - rp.tpr,
                };
                grid.push((t, m, balanced, metric));
            }
        }
        let feasible_point =
            |g: &(f64, f64, f64, f64)| g.3 >= request.metric_lb && g.3 <= request.metric_ub;
        let feasible = grid.iter().any(feasible_point);
        let mut best: Option<usize> = None;
        for (i, g) in grid.iter().enumerate() {
            let better = if feasible {
                feasible_point(g) && best.is_none_or(|b| g.2 > grid[b].2)
            } else {
                best.is_none_or(|b| g.3 < grid[b].3)
            };
            if better {
                best = Some(i);
            }
        }
        let (t, m, balanced, metric) = grid[best.expect("the grid has at least one point")];
        Ok(RejectOption {
            request: *request,
            classification_threshold: t,
            roc_margin: m,
            feasible,
            balanced_accuracy: balanced,
            metric,
        })
    }

    /// Each row's label (`true` = favourable) at the chosen threshold and margin.
    pub fn predict(
        &self,
        scores: &[f64],
        privileged: &[bool],
        unprivileged: &[bool],
    ) -> Result<Vec<bool>, AuditError> {
        let n = scores.len();
        membership(n, privileged, unprivileged)?;
        check_scores(scores, n)?;
        let (t, m) = (self.classification_threshold, self.roc_margin);
        Ok((0..n)
            .map(|i| {
                let s = scores[i];
                let critical = s <= t + m && s > t - m;
                if critical && privileged[i] {
                    false
                } else if critical && unprivileged[i] {
                    true
                } else {
                    s > t
                }
            })
            .collect())
    }
}

crate::mitigation::deserialize_from_str!(FairnessMetric);
