//! `MetricFrame`: one object with every metric by group and overall, group extremes, and
//! fairlearn's differences and ratios (`between_groups` and `to_overall`).

use serde::Serialize;

use crate::cells::{Cells, Grouping, Stats};
use crate::metrics::{Metric, SortedScores, Undefined};

/// How a disparity compares groups (fairlearn's `method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Largest group value against the smallest.
    BetweenGroups,
    /// Each group against the overall value; the worst group counts.
    ToOverall,
}

/// How equalized odds combines its two parts (fairlearn's `agg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The larger difference (smaller ratio) of true and false positive rates.
    WorstCase,
    /// The mean of the two.
    Mean,
}

/// The largest or smallest group value of a metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extreme {
    /// The value.
    pub value: Option<f64>,
    /// The group holding it.
    pub group: Option<usize>,
    /// Groups whose value is undefined and were skipped.
    pub skipped: Vec<usize>,
}

/// Metrics by group and overall for one set of sensitive columns.
#[derive(Debug, Clone)]
pub struct MetricFrame {
    /// The sensitive columns (several = their intersection).
    pub sensitive: Vec<String>,
    /// Per group, its (column, value) pairs.
    pub groups: Vec<Vec<(String, String)>>,
    /// Counts per group.
    pub stats: Vec<Stats>,
    /// Per group ROC AUC (all `None` without scores).
    pub auc: Vec<Option<f64>>,
    /// Counts over all rows.
    pub overall_stats: Stats,
    /// ROC AUC over all rows (with scores).
    pub overall_auc: Option<f64>,
    /// Whether scores were given.
    pub scored: bool,
    /// Whether every score's rank is at hand (ROC AUC); not in a frame built from merged
    /// counts.
    pub ranked: bool,
    /// How 0/0 rates are reported.
    pub undefined: Undefined,
}

impl MetricFrame {
    /// Builds the frame of a grouping from the cell counts. `scores` (sorted once, shared
    /// between frames) gives ROC AUC.
    pub fn from_cells(
        cells: &Cells,
        grouping: &Grouping,
        scores: Option<&SortedScores>,
        undefined: Undefined,
    ) -> MetricFrame {
        let stats = grouping.stats(&cells.stats);
        let (auc, overall_auc) = match scores {
            Some(sorted) => (
                sorted.auc_by_group(&grouping.cell_group, grouping.len()),
                sorted.auc(),
            ),
            None => (vec![None; grouping.len()], None),
        };
        MetricFrame {
            sensitive: grouping.columns.clone(),
            groups: grouping.labels.clone(),
            stats,
            auc,
            overall_stats: cells.total(),
            overall_auc,
            scored: cells.scored,
            ranked: scores.is_some(),
            undefined,
        }
    }

    /// Builds a frame directly from group counts (no scores).
    pub fn from_stats(
        sensitive: Vec<String>,
        groups: Vec<Vec<(String, String)>>,
        stats: Vec<Stats>,
        undefined: Undefined,
    ) -> MetricFrame {
        let mut overall = Stats::default();
        for s in &stats {
            overall.add(s);
        }
        MetricFrame {
            sensitive,
            auc: vec![None; groups.len()],
            groups,
            stats,
            overall_stats: overall,
            overall_auc: None,
            scored: false,
            ranked: false,
            undefined,
        }
    }

    /// The same frame with another policy for undefined values.
    pub fn with_undefined(&self, undefined: Undefined) -> MetricFrame {
        MetricFrame {
            undefined,
            ..self.clone()
        }
    }

    /// Number of groups.
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// `col=value,...` of a group.
    pub fn label(&self, group: usize) -> String {
        self.groups[group]
            .iter()
            .map(|(c, v)| format!("{c}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The metrics that apply (score metrics only with scores).
    pub fn metrics(&self) -> Vec<Metric> {
        Metric::ALL
            .into_iter()
            .filter(|m| self.scored || !m.needs_score())
            .filter(|&m| self.ranked || m != Metric::RocAuc)
            .collect()
    }

    /// A group's value. A group with no rows (possible in a bootstrap resample) has no value,
    /// whatever the policy for undefined rates: it is absent, not zero.
    pub fn value(&self, metric: Metric, group: usize) -> Option<f64> {
        let stats = &self.stats[group];
        if stats.n() == 0 {
            return if metric == Metric::Count {
                Some(0.0)
            } else {
                None
            };
        }
        metric.value(stats, self.auc[group], self.undefined)
    }

    /// The value over all rows.
    pub fn overall(&self, metric: Metric) -> Option<f64> {
        metric.value(&self.overall_stats, self.overall_auc, self.undefined)
    }

    /// Values of every group.
    pub fn by_group(&self, metric: Metric) -> Vec<Option<f64>> {
        (0..self.len()).map(|g| self.value(metric, g)).collect()
    }

    fn extreme(&self, metric: Metric, larger: fn(f64, f64) -> bool) -> Extreme {
        let mut best: Option<(usize, f64)> = None;
        let mut skipped = Vec::new();
        for g in 0..self.len() {
            match self.value(metric, g) {
                Some(v) => {
                    if best.is_none_or(|(_, b)| larger(v, b)) {
                        best = Some((g, v));
                    }
                }
                None => skipped.push(g),
            }
        }
        Extreme {
            value: best.map(|b| b.1),
            group: best.map(|b| b.0),
            skipped,
        }
    }

    /// The largest group value; undefined groups are skipped (and listed).
    pub fn group_max(&self, metric: Metric) -> Extreme {
        self.extreme(metric, |v, b| v > b)
    }

    /// The smallest group value; undefined groups are skipped (and listed).
    pub fn group_min(&self, metric: Metric) -> Extreme {
        self.extreme(metric, |v, b| v < b)
    }

    /// fairlearn's `difference`: `max − min` between groups, or the largest `|group − overall|`.
    pub fn difference(&self, metric: Metric, method: Method) -> Option<f64> {
        match method {
            Method::BetweenGroups => {
                Some(self.group_max(metric).value? - self.group_min(metric).value?)
            }
            Method::ToOverall => {
                let overall = self.overall(metric)?;
                self.by_group(metric)
                    .into_iter()
                    .flatten()
                    .map(|v| (v - overall).abs())
                    .reduce(f64::max)
            }
        }
    }

    /// fairlearn's `ratio`: `min / max` between groups, or the smallest of `group/overall` and
    /// its inverse. Undefined when it divides by zero.
    pub fn ratio(&self, metric: Metric, method: Method) -> Option<f64> {
        match method {
            Method::BetweenGroups => {
                let max = self.group_max(metric).value?;
                let min = self.group_min(metric).value?;
                (max != 0.0).then(|| min / max)
            }
            Method::ToOverall => {
                let overall = self.overall(metric)?;
                self.by_group(metric)
                    .into_iter()
                    .flatten()
                    .filter_map(|v| {
                        if overall == 0.0 {
                            // v/0: infinity (-> 1/inf = 0) unless v is 0 too (undefined)
                            (v != 0.0).then_some(0.0)
                        } else {
                            let r = v / overall;
                            Some(if r < 1.0 { r } else { 1.0 / r })
                        }
                    })
                    .reduce(f64::min)
            }
        }
    }

    /// Selection rate difference (fairlearn `demographic_parity_difference`).
    pub fn demographic_parity_difference(&self, method: Method) -> Option<f64> {
        self.difference(Metric::SelectionRate, method)
    }

    /// Selection rate ratio (fairlearn `demographic_parity_ratio`).
    pub fn demographic_parity_ratio(&self, method: Method) -> Option<f64> {
        self.ratio(Metric::SelectionRate, method)
    }

    /// True positive rate difference (fairlearn `equal_opportunity_difference`).
    pub fn equal_opportunity_difference(&self, method: Method) -> Option<f64> {
        self.difference(Metric::TruePositiveRate, method)
    }

    /// True positive rate ratio (fairlearn `equal_opportunity_ratio`).
    pub fn equal_opportunity_ratio(&self, method: Method) -> Option<f64> {
        self.ratio(Metric::TruePositiveRate, method)
    }

    /// fairlearn `equalized_odds_difference`: of the true and false positive rate differences,
    /// the larger (`WorstCase`) or their mean.
    pub fn equalized_odds_difference(&self, method: Method, agg: Aggregation) -> Option<f64> {
        let tpr = self.difference(Metric::TruePositiveRate, method)?;
        let fpr = self.difference(Metric::FalsePositiveRate, method)?;
        Some(match agg {
            Aggregation::WorstCase => tpr.max(fpr),
            Aggregation::Mean => (tpr + fpr) / 2.0,
        })
    }

    /// fairlearn `equalized_odds_ratio`: the smaller of the two ratios, or their mean.
    pub fn equalized_odds_ratio(&self, method: Method, agg: Aggregation) -> Option<f64> {
        let tpr = self.ratio(Metric::TruePositiveRate, method)?;
        let fpr = self.ratio(Metric::FalsePositiveRate, method)?;
        Some(match agg {
            Aggregation::WorstCase => tpr.min(fpr),
            Aggregation::Mean => (tpr + fpr) / 2.0,
        })
    }
}
