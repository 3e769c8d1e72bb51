//! Per-group metrics, each derived from counts (and score sums), with a plain-language
//! explanation a welfare board member can read next to the number.

use serde::Serialize;

use crate::cells::Stats;

/// What to do with a rate whose denominator is 0 (e.g. the true positive rate of a group with no
/// actual positives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Undefined {
    /// `null`: undefined values are reported as such and skipped in max/min (AIF360, Aequitas).
    #[default]
    Null,
    /// 0.0, as fairlearn/scikit-learn do by default.
    Zero,
}

/// A per-group metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Rows in the group.
    Count,
    /// Share with a positive decision.
    SelectionRate,
    /// Share that is truly positive.
    BaseRate,
    /// Share of correct decisions.
    Accuracy,
    /// Share of wrong decisions.
    ErrorRate,
    /// Of the truly positive, the share decided positive (recall).
    TruePositiveRate,
    /// Of the truly negative, the share decided positive.
    FalsePositiveRate,
    /// Of the truly positive, the share decided negative.
    FalseNegativeRate,
    /// Of the truly negative, the share decided negative.
    TrueNegativeRate,
    /// Of the decided positive, the share truly positive.
    Precision,
    /// Of the decided negative, the share truly negative.
    NegativePredictiveValue,
    /// Of the decided positive, the share truly negative.
    FalseDiscoveryRate,
    /// Of the decided negative, the share truly positive.
    FalseOmissionRate,
    /// Mean score.
    MeanScore,
    /// Mean squared error of the score against the truth.
    BrierScore,
    /// Area under the ROC curve of the score.
    RocAuc,
}

impl Metric {
    /// Every metric, in report order.
    pub const ALL: [Metric; 16] = [
        Metric::Count,
        Metric::SelectionRate,
        Metric::BaseRate,
        Metric::Accuracy,
        Metric::ErrorRate,
        Metric::TruePositiveRate,
        Metric::FalsePositiveRate,
        Metric::FalseNegativeRate,
        Metric::TrueNegativeRate,
        Metric::Precision,
        Metric::NegativePredictiveValue,
        Metric::FalseDiscoveryRate,
        Metric::FalseOmissionRate,
        Metric::MeanScore,
        Metric::BrierScore,
        Metric::RocAuc,
    ];

    /// Metrics that need only decisions and outcomes.
    pub const COUNT_BASED: [Metric; 13] = [
        Metric::Count,
        Metric::SelectionRate,
        Metric::BaseRate,
        Metric::Accuracy,
        Metric::ErrorRate,
        Metric::TruePositiveRate,
        Metric::FalsePositiveRate,
        Metric::FalseNegativeRate,
        Metric::TrueNegativeRate,
        Metric::Precision,
        Metric::NegativePredictiveValue,
        Metric::FalseDiscoveryRate,
        Metric::FalseOmissionRate,
    ];

    /// The name used in JSON and by fairlearn.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Count => "count",
            Metric::SelectionRate => "selection_rate",
            Metric::BaseRate => "base_rate",
            Metric::Accuracy => "accuracy",
            Metric::ErrorRate => "error_rate",
            Metric::TruePositiveRate => "true_positive_rate",
            Metric::FalsePositiveRate => "false_positive_rate",
            Metric::FalseNegativeRate => "false_negative_rate",
            Metric::TrueNegativeRate => "true_negative_rate",
            Metric::Precision => "precision",
            Metric::NegativePredictiveValue => "negative_predictive_value",
            Metric::FalseDiscoveryRate => "false_discovery_rate",
            Metric::FalseOmissionRate => "false_omission_rate",
            Metric::MeanScore => "mean_score",
            Metric::BrierScore => "brier_score",
            Metric::RocAuc => "roc_auc",
        }
    }

    /// Parses a name as produced by [`Metric::name`].
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// A heading for reports.
    pub fn title(self) -> &'static str {
        match self {
            Metric::Count => "Number of people",
            Metric::SelectionRate => "Selection rate",
            Metric::BaseRate => "Base rate",
            Metric::Accuracy => "Accuracy",
            Metric::ErrorRate => "Error rate",
            Metric::TruePositiveRate => "True positive rate",
            Metric::FalsePositiveRate => "False positive rate",
            Metric::FalseNegativeRate => "False negative rate",
            Metric::TrueNegativeRate => "True negative rate",
            Metric::Precision => "Precision",
            Metric::NegativePredictiveValue => "Negative predictive value",
            Metric::FalseDiscoveryRate => "False discovery rate",
            Metric::FalseOmissionRate => "False omission rate",
            Metric::MeanScore => "Mean score",
            Metric::BrierScore => "Brier score",
            Metric::RocAuc => "ROC AUC",
        }
    }

    /// What the number means, in plain language.
    pub fn explanation(self) -> &'static str {
        match self {
            Metric::Count => "How many people of the group are in the data.",
            Metric::SelectionRate => {
                "Share of the group that got the positive decision (for example: was offered a place)."
            }
            Metric::BaseRate => {
                "Share of the group for whom the positive outcome was actually true."
            }
            Metric::Accuracy => "Share of decisions for the group that were right.",
            Metric::ErrorRate => "Share of decisions for the group that were wrong.",
            Metric::TruePositiveRate => {
                "Of the people who should get the positive decision, the share who got it."
            }
            Metric::FalsePositiveRate => {
                "Of the people who should not get the positive decision, the share who got it anyway."
            }
            Metric::FalseNegativeRate => {
                "Of the people who should get the positive decision, the share who were missed."
            }
            Metric::TrueNegativeRate => {
                "Of the people who should not get the positive decision, the share correctly not given it."
            }
            Metric::Precision => {
                "Of the people who got the positive decision, the share for whom it was right."
            }
            Metric::NegativePredictiveValue => {
                "Of the people who got the negative decision, the share for whom it was right."
            }
            Metric::FalseDiscoveryRate => {
                "Of the people who got the positive decision, the share for whom it was wrong."
            }
            Metric::FalseOmissionRate => {
                "Of the people who got the negative decision, the share for whom it was wrong."
            }
            Metric::MeanScore => "Average score the model gave the group.",
            Metric::BrierScore => {
                "Average squared gap between score and outcome (0 is perfect; lower is better)."
            }
            Metric::RocAuc => {
                "How well the score ranks people with the positive outcome above the others (0.5 = chance, 1 = perfect)."
            }
        }
    }

    /// [`Metric::title`] in German.
    pub fn title_de(self) -> &'static str {
        match self {
            Metric::Count => "Anzahl Personen",
            Metric::SelectionRate => "Auswahlquote",
            Metric::BaseRate => "Basisrate",
            Metric::Accuracy => "Trefferquote",
            Metric::ErrorRate => "Fehlerquote",
            Metric::TruePositiveRate => "Richtig-positiv-Rate",
            Metric::FalsePositiveRate => "Falsch-positiv-Rate",
            Metric::FalseNegativeRate => "Falsch-negativ-Rate",
            Metric::TrueNegativeRate => "Richtig-negativ-Rate",
            Metric::Precision => "Präzision",
            Metric::NegativePredictiveValue => "Negativer Vorhersagewert",
            Metric::FalseDiscoveryRate => "Falschentdeckungsrate",
            Metric::FalseOmissionRate => "Falschauslassungsrate",
            Metric::MeanScore => "Mittlerer Score",
            Metric::BrierScore => "Brier-Score",
            Metric::RocAuc => "ROC-AUC",
        }
    }

    /// [`Metric::explanation`] in German.
    pub fn explanation_de(self) -> &'static str {
        match self {
            Metric::Count => "Wie viele Personen der Gruppe in den Daten sind.",
            Metric::SelectionRate => {
                "Anteil der Gruppe mit der positiven Entscheidung (zum Beispiel: bekam einen Platz angeboten)."
            }
            Metric::BaseRate => {
                "Anteil der Gruppe, bei dem das positive Ergebnis tatsächlich zutraf."
            }
            Metric::Accuracy => "Anteil der Entscheidungen für die Gruppe, die richtig waren.",
            Metric::ErrorRate => "Anteil der Entscheidungen für die Gruppe, die falsch waren.",
            Metric::TruePositiveRate => {
                "Von den Personen, die die positive Entscheidung bekommen sollten, der Anteil, der sie bekam."
            }
            Metric::FalsePositiveRate => {
                "Von den Personen, die die positive Entscheidung nicht bekommen sollten, der Anteil, der sie trotzdem bekam."
            }
            Metric::FalseNegativeRate => {
                "Von den Personen, die die positive Entscheidung bekommen sollten, der Anteil, der übersehen wurde."
            }
            Metric::TrueNegativeRate => {
                "Von den Personen, die die positive Entscheidung nicht bekommen sollten, der Anteil, der sie zu Recht nicht bekam."
            }
            Metric::Precision => {
                "Von den Personen mit positiver Entscheidung der Anteil, bei dem sie richtig war."
            }
            Metric::NegativePredictiveValue => {
                "Von den Personen mit negativer Entscheidung der Anteil, bei dem sie richtig war."
            }
            Metric::FalseDiscoveryRate => {
                "Von den Personen mit positiver Entscheidung der Anteil, bei dem sie falsch war."
            }
            Metric::FalseOmissionRate => {
                "Von den Personen mit negativer Entscheidung der Anteil, bei dem sie falsch war."
            }
            Metric::MeanScore => "Durchschnittlicher Score, den das Modell der Gruppe gab.",
            Metric::BrierScore => {
                "Mittlere quadrierte Abweichung zwischen Score und Ergebnis (0 ist perfekt; kleiner ist besser)."
            }
            Metric::RocAuc => {
                "Wie gut der Score Personen mit positivem Ergebnis vor die anderen reiht (0,5 = Zufall, 1 = perfekt)."
            }
        }
    }

    /// The title in a report language (`true` = German).
    pub fn title_in(self, german: bool) -> &'static str {
        if german {
            self.title_de()
        } else {
            self.title()
        }
    }

    /// The explanation in a report language (`true` = German).
    pub fn explanation_in(self, german: bool) -> &'static str {
        if german {
            self.explanation_de()
        } else {
            self.explanation()
        }
    }

    /// Whether the metric needs a score column.
    pub fn needs_score(self) -> bool {
        matches!(
            self,
            Metric::MeanScore | Metric::BrierScore | Metric::RocAuc
        )
    }

    /// The value from counts. `auc` is the group's ROC AUC if computed. `None` = undefined.
    pub fn value(self, s: &Stats, auc: Option<f64>, undefined: Undefined) -> Option<f64> {
        let rate = |num: u64, den: u64| -> Option<f64> {
            if den == 0 {
                match undefined {
                    Undefined::Null => None,
                    Undefined::Zero => Some(0.0),
                }
            } else {
                Some(num as f64 / den as f64)
            }
        };
        let n = s.n();
        match self {
            Metric::Count => Some(n as f64),
            Metric::SelectionRate => rate(s.pp(), n),
            Metric::BaseRate => rate(s.p(), n),
            Metric::Accuracy => rate(s.tp + s.tn, n),
            Metric::ErrorRate => rate(s.fp + s.fn_, n),
            Metric::TruePositiveRate => rate(s.tp, s.p()),
            Metric::FalsePositiveRate => rate(s.fp, s.neg()),
            Metric::FalseNegativeRate => rate(s.fn_, s.p()),
            Metric::TrueNegativeRate => rate(s.tn, s.neg()),
            Metric::Precision => rate(s.tp, s.pp()),
            Metric::NegativePredictiveValue => rate(s.tn, s.pn()),
            Metric::FalseDiscoveryRate => rate(s.fp, s.pp()),
            Metric::FalseOmissionRate => rate(s.fn_, s.pn()),
            Metric::MeanScore => (n > 0).then(|| s.score_sum / n as f64),
            Metric::BrierScore => (n > 0).then(|| s.brier_sum / n as f64),
            Metric::RocAuc => auc,
        }
    }
}

/// Scores with their outcomes and cells, sorted by score once per audit so that every ROC AUC
/// pass reads memory sequentially.
#[derive(Debug, Clone)]
pub struct SortedScores {
    /// Scores, sorted.
    pub scores: Vec<f64>,
    /// The truth, in the same order.
    pub y_true: Vec<bool>,
    /// The cell of each sorted row.
    pub cell: Vec<u32>,
}

impl SortedScores {
    /// Sorts rows by score (f64 total order).
    pub fn new(scores: &[f64], y_true: &[bool], row_cell: &[u32]) -> SortedScores {
        let mut keyed: Vec<(u64, u32)> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let bits = s.to_bits();
                let key = if bits >> 63 == 1 {
                    !bits
                } else {
                    bits | (1 << 63)
                };
                (key, i as u32)
            })
            .collect();
        keyed.sort_unstable();
        let rows = keyed.iter().map(|&(_, i)| i as usize);
        SortedScores {
            scores: rows.clone().map(|i| scores[i]).collect(),
            y_true: rows.clone().map(|i| y_true[i]).collect(),
            cell: rows.map(|i| row_cell[i]).collect(),
        }
    }

    /// ROC AUC per group, `cell_group` mapping a cell to its group.
    pub fn auc_by_group(&self, cell_group: &[u32], groups: usize) -> Vec<Option<f64>> {
        roc_auc_by_group(
            &self.scores,
            &self.y_true,
            |j| cell_group[self.cell[j] as usize] as usize,
            groups,
        )
    }

    /// ROC AUC over all rows.
    pub fn auc(&self) -> Option<f64> {
        roc_auc_by_group(&self.scores, &self.y_true, |_| 0, 1)[0]
    }
}

/// ROC AUC per group in one pass over rows sorted by score (Mann–Whitney U with ties counted
/// half, which is what scikit-learn's trapezoidal ROC AUC equals). `scores` ascending,
/// `y_true` in the same order, `group(j)` the group of sorted row `j`. `None` where a group has
/// only one outcome class.
pub fn roc_auc_by_group(
    scores: &[f64],
    y_true: &[bool],
    group: impl Fn(usize) -> usize,
    groups: usize,
) -> Vec<Option<f64>> {
    weighted_roc_auc_by_group(scores, y_true, group, |_| 1, groups)
}

/// [`roc_auc_by_group`] with an integer weight (multiplicity) per sorted row, as a bootstrap
/// resample needs. Exact: the Mann–Whitney sum is kept in integers.
pub fn weighted_roc_auc_by_group(
    scores: &[f64],
    y_true: &[bool],
    group: impl Fn(usize) -> usize,
    weight: impl Fn(usize) -> u64,
    groups: usize,
) -> Vec<Option<f64>> {
    let mut neg_below = vec![0u64; groups];
    let mut pos = vec![0u64; groups];
    let mut neg = vec![0u64; groups];
    // 2·U, exact in integers
    let mut twice_u = vec![0u128; groups];
    let mut block_pos = vec![0u64; groups];
    let mut block_neg = vec![0u64; groups];
    let mut touched: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < scores.len() {
        let s = scores[i];
        let mut j = i;
        while j < scores.len() && scores[j] == s {
            let w = weight(j);
            if w > 0 {
                let g = group(j);
                if block_pos[g] == 0 && block_neg[g] == 0 {
                    touched.push(g);
                }
                if y_true[j] {
                    block_pos[g] += w;
                } else {
                    block_neg[g] += w;
                }
            }
            j += 1;
        }
        for &g in &touched {
            let (bp, bn) = (u128::from(block_pos[g]), u128::from(block_neg[g]));
            twice_u[g] += 2 * bp * u128::from(neg_below[g]) + bp * bn;
            neg_below[g] += block_neg[g];
            pos[g] += block_pos[g];
            neg[g] += block_neg[g];
            block_pos[g] = 0;
            block_neg[g] = 0;
        }
        touched.clear();
        i = j;
    }
    (0..groups)
        .map(|g| {
            let pairs = u128::from(pos[g]) * u128::from(neg[g]);
            (pairs > 0).then(|| twice_u[g] as f64 / (2.0 * pairs as f64))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_from_counts_and_undefined_policy() {
        let s = Stats {
            tp: 3,
            fp: 1,
            fn_: 0,
            tn: 0,
            ..Stats::default()
        };
        assert_eq!(
            Metric::SelectionRate.value(&s, None, Undefined::Null),
            Some(1.0)
        );
        assert_eq!(
            Metric::Precision.value(&s, None, Undefined::Null),
            Some(0.75)
        );
        assert_eq!(
            Metric::NegativePredictiveValue.value(&s, None, Undefined::Null),
            None
        );
        assert_eq!(
            Metric::NegativePredictiveValue.value(&s, None, Undefined::Zero),
            Some(0.0)
        );
        for m in Metric::ALL {
            assert_eq!(Metric::from_name(m.name()), Some(m));
        }
    }

    #[test]
    fn auc_with_ties_matches_the_pairwise_definition() {
        let scores: [f64; 8] = [0.1, 0.4, 0.4, 0.8, 0.3, 0.3, 0.9, 0.2];
        let y = [false, true, false, true, true, false, true, false];
        let group: [usize; 8] = [0, 0, 0, 0, 1, 1, 1, 1];
        let cells: Vec<u32> = group.iter().map(|&g| g as u32).collect();
        let sorted = SortedScores::new(&scores, &y, &cells);
        let auc = sorted.auc_by_group(&[0, 1], 2);
        for (g, &got) in auc.iter().enumerate() {
            let (mut num, mut den) = (0.0, 0.0);
            for i in 0..8 {
                for j in 0..8 {
                    if group[i] == g && group[j] == g && y[i] && !y[j] {
                        den += 1.0;
                        num += if scores[i] > scores[j] {
                            1.0
                        } else if scores[i] == scores[j] {
                            0.5
                        } else {
                            0.0
                        };
                    }
                }
            }
            assert_eq!(got, Some(num / den));
        }
        let one_class = roc_auc_by_group(&[0.1, 0.2], &[true, true], |_| 0, 1);
        assert_eq!(one_class, vec![None]);
    }
}
