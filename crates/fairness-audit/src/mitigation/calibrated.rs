//! AIF360's `CalibratedEqOddsPostprocessing` (Pleiss et al. 2017), step by step as AIF360 0.6.1
//! computes it (`aif360/algorithms/postprocessing/calibrated_eq_odds_postprocessing.py`), so
//! the base rates, the costs, the mix rates and every row's probability of the favourable
//! label agree with AIF360 to 1e-12.
//!
//! Fit: per group (privileged, unprivileged) the base rate of the true labels and a cost of the
//! scores — the generalized false positive rate (`fpr`), the generalized false negative rate
//! (`fnr`) or both weighted by the base rate (`weighted`: `½·GFPR·(1 − base) + ½·GFNR·base`).
//! The same cost of "trivial" scores (every score = the group's base rate). The group that
//! costs less gets a mix rate `(other cost − cost)/(trivial cost − cost)`, the other 0.
//! Predict: a row's score is replaced by its group's base rate with probability mix rate; the
//! label is `score ≥ threshold` (default 0.5).
//!
//! AIF360's quirks, kept and named: rows in neither group get the score 0 (so the unfavourable
//! label unless `threshold ≤ 0`); a mix rate outside [0, 1] is used as a probability as AIF360's
//! `random ≤ mix` does (below 0 never, above 1 always); 0/0 (equal costs, trivial cost equal to
//! the cost) is a mix rate of 0 where AIF360 gets NaN, which draws never. AIF360 draws the
//! unprivileged rows' random numbers first with numpy's global generator; here the suite's
//! seeded generator draws them, so labels are equal in distribution, not row by row.
//!
//! Cost: O(n).

use rand::Rng;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::AuditError;

/// Which error rate to equalise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CostConstraint {
    /// The generalized false positive rate.
    Fpr,
    /// The generalized false negative rate.
    Fnr,
    /// Both, weighted by the base rate (AIF360's default).
    #[default]
    Weighted,
}

impl CostConstraint {
    /// AIF360's name.
    pub fn name(self) -> &'static str {
        match self {
            CostConstraint::Fpr => "fpr",
            CostConstraint::Fnr => "fnr",
            CostConstraint::Weighted => "weighted",
        }
    }
}

impl FromStr for CostConstraint {
    type Err = AuditError;
    fn from_str(s: &str) -> Result<CostConstraint, AuditError> {
        [
            CostConstraint::Fpr,
            CostConstraint::Fnr,
            CostConstraint::Weighted,
        ]
        .into_iter()
        .find(|c| c.name() == s)
        .ok_or_else(|| {
            AuditError::parameter(
                "cost_constraint",
                format!("'{s}' is not a cost constraint; use fpr, fnr or weighted"),
            )
        })
    }
}

/// The settings (AIF360's names and defaults; `threshold` is AIF360's `predict` argument).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalibratedRequest {
    /// Which rate to equalise (default `weighted`).
    pub cost_constraint: CostConstraint,
    /// A score at or above it is the favourable label (default 0.5).
    pub threshold: f64,
}

impl Default for CalibratedRequest {
    fn default() -> Self {
        CalibratedRequest {
            cost_constraint: CostConstraint::Weighted,
            threshold: 0.5,
        }
    }
}

impl CalibratedRequest {
    /// Checks the settings.
    pub fn check(&self) -> Result<(), AuditError> {
        if !self.threshold.is_finite() {
            return Err(AuditError::parameter(
                "threshold",
                "the threshold must be a number",
            ));
        }
        Ok(())
    }
}

/// One group's fitted numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CalibratedGroup {
    /// The share of favourable true labels.
    pub base_rate: f64,
    /// The cost of the scores.
    pub cost: f64,
    /// The cost of trivial scores (all = the base rate).
    pub trivial_cost: f64,
    /// The probability that a score is replaced by the base rate.
    pub mix_rate: f64,
}

impl CalibratedGroup {
    /// The probability of the favourable label for a score, at `threshold`.
    fn favorable_probability(&self, score: f64, threshold: f64) -> f64 {
        let mix = if self.mix_rate.is_nan() {
            0.0
        } else {
            self.mix_rate.clamp(0.0, 1.0)
        };
        let b = |v: f64| if v >= threshold { 1.0 } else { 0.0 };
        mix * b(self.base_rate) + (1.0 - mix) * b(score)
    }
}

/// A fitted calibrated equalized odds post-processor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibratedEqOdds {
    /// The settings.
    pub request: CalibratedRequest,
    /// The privileged group.
    pub privileged: CalibratedGroup,
    /// The unprivileged group.
    pub unprivileged: CalibratedGroup,
}

/// Each row's group: privileged, unprivileged or neither (a row in both is an error).
pub(crate) fn membership(
    n: usize,
    privileged: &[bool],
    unprivileged: &[bool],
) -> Result<(), AuditError> {
    if n == 0 {
        return Err(AuditError::Empty);
    }
    for (column, len) in [
        ("privileged", privileged.len()),
        ("unprivileged", unprivileged.len()),
    ] {
        if len != n {
            return Err(AuditError::Length {
                column: column.to_owned(),
                found: len,
                expected: n,
            });
        }
    }
    if let Some(i) = (0..n).find(|&i| privileged[i] && unprivileged[i]) {
        return Err(AuditError::parameter(
            "privileged",
            format!(
                "row {} is in both the privileged and the unprivileged group",
                i + 1
            ),
        ));
    }
    Ok(())
}

/// Scores must be numbers in [0, 1] (probabilities of the favourable label).
pub(crate) fn check_scores(scores: &[f64], n: usize) -> Result<(), AuditError> {
    if scores.len() != n {
        return Err(AuditError::Length {
            column: "y_score".to_owned(),
            found: scores.len(),
            expected: n,
        });
    }
    if let Some(i) = scores.iter().position(|s| !(0.0..=1.0).contains(s)) {
        return Err(AuditError::parameter(
            "y_score",
            format!(
                "row {}: the score {} is not a probability between 0 and 1",
                i + 1,
                scores[i]
            ),
        ));
    }
    Ok(())
}

/// Counts and score sums of one group, as AIF360's `ClassificationMetric` takes them.
struct GroupSums {
    positives: f64,
    negatives: f64,
    /// Σ score over the negatives (generalized false positives).
    gfp: f64,
    /// Σ (1 − score) over the positives (generalized false negatives).
    gfn: f64,
}

fn sums(y: &[bool], scores: impl Iterator<Item = f64>, member: &[bool]) -> GroupSums {
    let mut s = GroupSums {
        positives: 0.0,
        negatives: 0.0,
        gfp: 0.0,
        gfn: 0.0,
    };
    for ((&label, score), &m) in y.iter().zip(scores).zip(member) {
        if !m {
            continue;
        }
        if label {
            s.positives += 1.0;
            s.gfn += 1.0 - score;
        } else {
            s.negatives += 1.0;
            s.gfp += score;
        }
    }
    s
}

impl GroupSums {
    fn base_rate(&self) -> f64 {
        self.positives / (self.positives + self.negatives)
    }

    /// AIF360's cost (`weighted_cost` in its order of operations).
    fn cost(&self, constraint: CostConstraint, base_rate: f64) -> f64 {
        let gfpr = self.gfp / self.negatives;
        let gfnr = self.gfn / self.positives;
        match constraint {
            CostConstraint::Fpr => gfpr,
            CostConstraint::Fnr => gfnr,
            CostConstraint::Weighted => {
                1.0 / 2.0 * gfpr * (1.0 - base_rate) + 1.0 / 2.0 * gfnr * base_rate
            }
        }
    }
}

/// `a / b`, with 0/0 = 0 (AIF360: NaN, which never draws).
fn ratio(a: f64, b: f64) -> f64 {
    let r = a / b;
    if r.is_nan() { 0.0 } else { r }
}

impl CalibratedEqOdds {
    /// Fits on the true labels (`true` = favourable), the scores (probabilities of the
    /// favourable label) and the rows of each group.
    pub fn fit(
        request: &CalibratedRequest,
        y_true: &[bool],
        scores: &[f64],
        privileged: &[bool],
        unprivileged: &[bool],
    ) -> Result<CalibratedEqOdds, AuditError> {
        request.check()?;
        let n = y_true.len();
        membership(n, privileged, unprivileged)?;
        check_scores(scores, n)?;
        let mut fitted = [None, None];
        for (k, (member, name)) in [(privileged, "privileged"), (unprivileged, "unprivileged")]
            .into_iter()
            .enumerate()
        {
            let real = sums(y_true, scores.iter().copied(), member);
            if real.positives == 0.0 || real.negatives == 0.0 {
                return Err(AuditError::DegenerateLabels {
                    group: name.to_owned(),
                });
            }
            let base_rate = real.base_rate();
            let trivial = sums(y_true, std::iter::repeat(base_rate), member);
            fitted[k] = Some(CalibratedGroup {
                base_rate,
                cost: real.cost(request.cost_constraint, base_rate),
                trivial_cost: trivial.cost(request.cost_constraint, base_rate),
                mix_rate: 0.0,
            });
        }
        let [Some(mut p), Some(mut u)] = fitted else {
            unreachable!("both groups are fitted above")
        };
        if u.cost > p.cost {
            p.mix_rate = ratio(u.cost - p.cost, p.trivial_cost - p.cost);
        } else {
            u.mix_rate = ratio(p.cost - u.cost, u.trivial_cost - u.cost);
        }
        Ok(CalibratedEqOdds {
            request: *request,
            privileged: p,
            unprivileged: u,
        })
    }

    /// Each row's probability of the favourable label (rows in neither group: the score 0,
    /// as AIF360 sets it).
    pub fn favorable_probability(
        &self,
        scores: &[f64],
        privileged: &[bool],
        unprivileged: &[bool],
    ) -> Result<Vec<f64>, AuditError> {
        let n = scores.len();
        membership(n, privileged, unprivileged)?;
        check_scores(scores, n)?;
        let t = self.request.threshold;
        Ok((0..n)
            .map(|i| {
                if privileged[i] {
                    self.privileged.favorable_probability(scores[i], t)
                } else if unprivileged[i] {
                    self.unprivileged.favorable_probability(scores[i], t)
                } else if 0.0 >= t {
                    1.0
                } else {
                    0.0
                }
            })
            .collect())
    }

    /// Labels: favourable where the probability ≥ a uniform draw of the suite's generator
    /// seeded with `seed` (draws in row order).
    pub fn predict(
        &self,
        scores: &[f64],
        privileged: &[bool],
        unprivileged: &[bool],
        seed: u64,
    ) -> Result<Vec<bool>, AuditError> {
        let p = self.favorable_probability(scores, privileged, unprivileged)?;
        Ok(draw(&p, seed))
    }
}

/// 1 where p ≥ a uniform draw (p = 0 never, p = 1 always: the draw is in [0, 1)).
pub(crate) fn draw(p: &[f64], seed: u64) -> Vec<bool> {
    let mut rng = welfare_data::seeded(seed);
    p.iter()
        .map(|&p| {
            let u: f64 = rng.r#gen();
            p > 0.0 && p >= u
        })
        .collect()
}

crate::mitigation::deserialize_from_str!(CostConstraint);
