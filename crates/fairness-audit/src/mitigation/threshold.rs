//! fairlearn's `ThresholdOptimizer` with `prefit=True` on given scores, step by step as
//! fairlearn 0.15 computes it (`_threshold_optimizer.py`, `_tradeoff_curve_utilities.py`,
//! `_interpolated_thresholder.py`), so that the probability of a positive decision for every
//! row, the chosen point and every group's rule agree with fairlearn to 1e-12.
//!
//! Per group: the trade-off points of every threshold between runs of equal scores (sorted
//! by (x, y)), their upper convex hull (Andrew's monotone chain), interpolated on
//! `linspace(0, 1, grid_size + 1)`. Simple constraints: the grid point maximising the
//! group-size-weighted objective, the same x for every group. Equalized odds: the lowest
//! true-positive rate over the groups at each false-positive rate, the best objective (rounded
//! to 15 decimals, as fairlearn does), and per group the share `p_ignore` of a constant
//! prediction that brings it down to that point.
//!
//! Not matched: the labels of `predict`. fairlearn draws `RandomState(seed).rand(n)` (numpy's
//! Mersenne Twister); here the suite's seeded generator draws them, so labels are equal in
//! distribution, not row by row.
//!
//! `tol` (fairlearn 0.13+, relaxed constraints; not for equalized odds): each group picks its own
//! grid point, the chosen x values at most `tol` apart, maximising the size-weighted sum of the
//! objective — fairlearn's sliding window with one monotone deque per group (O(groups · grid)),
//! ties going to the later window whose x values are no wider. fairlearn's quirks are kept:
//! `tol = 0` is the same as no `tol` (`if not self.tol`). fairlearn leaves `_x_best` unset under
//! `tol` (its plot fails); here `x_best` is then the groups' x weighted by their share of the
//! rows, and `x_best_per_group` holds each group's own.
//!
//! Cost: O(n log n) for sorting each group's scores, O(groups · grid_size) for the curves.

use rand::Rng;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use crate::error::AuditError;

/// The parity to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    /// Equal selection rates (= `selection_rate_parity`).
    DemographicParity,
    /// Equal selection rates.
    SelectionRateParity,
    /// Equal true positive rates.
    TruePositiveRateParity,
    /// Equal false positive rates.
    FalsePositiveRateParity,
    /// Equal true negative rates.
    TrueNegativeRateParity,
    /// Equal false negative rates.
    FalseNegativeRateParity,
    /// Equal true and false positive rates.
    EqualizedOdds,
}

impl Constraint {
    /// fairlearn's name.
    pub fn name(self) -> &'static str {
        match self {
            Constraint::DemographicParity => "demographic_parity",
            Constraint::SelectionRateParity => "selection_rate_parity",
            Constraint::TruePositiveRateParity => "true_positive_rate_parity",
            Constraint::FalsePositiveRateParity => "false_positive_rate_parity",
            Constraint::TrueNegativeRateParity => "true_negative_rate_parity",
            Constraint::FalseNegativeRateParity => "false_negative_rate_parity",
            Constraint::EqualizedOdds => "equalized_odds",
        }
    }

    /// Every constraint.
    pub const ALL: [Constraint; 7] = [
        Constraint::DemographicParity,
        Constraint::SelectionRateParity,
        Constraint::TruePositiveRateParity,
        Constraint::FalsePositiveRateParity,
        Constraint::TrueNegativeRateParity,
        Constraint::FalseNegativeRateParity,
        Constraint::EqualizedOdds,
    ];

    /// The rate this constraint equalises, in words (the x axis of the trade-off curves).
    pub fn rate_name(self) -> &'static str {
        match self.x() {
            Rate::Selection => "selection rate",
            Rate::TruePositive => "true positive rate",
            Rate::FalsePositive => "false positive rate",
            Rate::TrueNegative => "true negative rate",
            _ => "false negative rate",
        }
    }

    /// [`Constraint::rate_name`] in German.
    pub fn rate_name_de(self) -> &'static str {
        match self.x() {
            Rate::Selection => "Auswahlquote",
            Rate::TruePositive => "Richtig-positiv-Rate",
            Rate::FalsePositive => "Falsch-positiv-Rate",
            Rate::TrueNegative => "Richtig-negativ-Rate",
            _ => "Falsch-negativ-Rate",
        }
    }

    /// The x axis of the trade-off curves.
    fn x(self) -> Rate {
        match self {
            Constraint::DemographicParity | Constraint::SelectionRateParity => Rate::Selection,
            Constraint::TruePositiveRateParity => Rate::TruePositive,
            Constraint::FalsePositiveRateParity | Constraint::EqualizedOdds => Rate::FalsePositive,
            Constraint::TrueNegativeRateParity => Rate::TrueNegative,
            Constraint::FalseNegativeRateParity => Rate::FalseNegative,
        }
    }
}

impl FromStr for Constraint {
    type Err = AuditError;
    fn from_str(s: &str) -> Result<Constraint, AuditError> {
        Constraint::ALL
            .into_iter()
            .find(|c| c.name() == s)
            .ok_or_else(|| {
                AuditError::parameter(
                    "constraints",
                    format!(
                        "'{s}' is not a constraint; use one of {}",
                        Constraint::ALL.map(Constraint::name).join(", ")
                    ),
                )
            })
    }
}

/// What to maximise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Objective {
    /// Accuracy.
    #[serde(rename = "accuracy_score")]
    Accuracy,
    /// Balanced accuracy.
    #[serde(rename = "balanced_accuracy_score")]
    BalancedAccuracy,
    /// Selection rate.
    #[serde(rename = "selection_rate")]
    SelectionRate,
    /// True positive rate.
    #[serde(rename = "true_positive_rate")]
    TruePositiveRate,
    /// True negative rate.
    #[serde(rename = "true_negative_rate")]
    TrueNegativeRate,
}

impl Objective {
    /// fairlearn's name.
    pub fn name(self) -> &'static str {
        match self {
            Objective::Accuracy => "accuracy_score",
            Objective::BalancedAccuracy => "balanced_accuracy_score",
            Objective::SelectionRate => "selection_rate",
            Objective::TruePositiveRate => "true_positive_rate",
            Objective::TrueNegativeRate => "true_negative_rate",
        }
    }

    /// Every objective.
    pub const ALL: [Objective; 5] = [
        Objective::Accuracy,
        Objective::BalancedAccuracy,
        Objective::SelectionRate,
        Objective::TruePositiveRate,
        Objective::TrueNegativeRate,
    ];

    fn rate(self) -> Rate {
        match self {
            Objective::Accuracy => Rate::Accuracy,
            Objective::BalancedAccuracy => Rate::BalancedAccuracy,
            Objective::SelectionRate => Rate::Selection,
            Objective::TruePositiveRate => Rate::TruePositive,
            Objective::TrueNegativeRate => Rate::TrueNegative,
        }
    }
}

impl FromStr for Objective {
    type Err = AuditError;
    fn from_str(s: &str) -> Result<Objective, AuditError> {
        Objective::ALL
            .into_iter()
            .find(|o| o.name() == s)
            .ok_or_else(|| {
                AuditError::parameter(
                    "objective",
                    format!(
                        "'{s}' is not an objective; use one of {}",
                        Objective::ALL.map(Objective::name).join(", ")
                    ),
                )
            })
    }
}

/// The settings of a threshold optimizer (fairlearn's names and defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThresholdRequest {
    /// The parity to reach (default `demographic_parity`).
    pub constraints: Constraint,
    /// What to maximise (default `accuracy_score`).
    pub objective: Objective,
    /// Points of the grid over x minus one (default 1000).
    pub grid_size: usize,
    /// Also consider predicting positive below a threshold (default false).
    pub flip: bool,
    /// How far apart the groups' values of the constraint's metric may be (default none:
    /// equal; `0` means the same as none, as in fairlearn; not for equalized odds).
    pub tol: Option<f64>,
}

impl Default for ThresholdRequest {
    fn default() -> Self {
        ThresholdRequest {
            constraints: Constraint::DemographicParity,
            objective: Objective::Accuracy,
            grid_size: 1000,
            flip: false,
            tol: None,
        }
    }
}

/// The seed of `predict` when a door is not given one (the same in every door).
pub const DEFAULT_SEED: u64 = 0;

/// From this many rows the groups' curves are computed on threads of their own.
pub const PARALLEL_FROM: usize = 100_000;

/// The largest grid the optimizer accepts (fairlearn has no limit; 10⁷ points per group is
/// far beyond any use and bounds the memory).
pub const MAX_GRID_SIZE: usize = 10_000_000;

impl ThresholdRequest {
    /// Checks the settings as fairlearn does (objectives allowed per constraint).
    pub fn check(&self) -> Result<(), AuditError> {
        if self.grid_size == 0 || self.grid_size > MAX_GRID_SIZE {
            return Err(AuditError::parameter(
                "grid_size",
                format!("grid_size must be between 1 and {MAX_GRID_SIZE}"),
            ));
        }
        if self.constraints == Constraint::EqualizedOdds
            && !matches!(
                self.objective,
                Objective::Accuracy | Objective::BalancedAccuracy
            )
        {
            return Err(AuditError::parameter(
                "objective",
                "equalized_odds supports only accuracy_score and balanced_accuracy_score",
            ));
        }
        if let Some(tol) = self.tol {
            if self.constraints == Constraint::EqualizedOdds {
                return Err(AuditError::parameter(
                    "tol",
                    "relaxed constraints (tol) are not supported for equalized_odds",
                ));
            }
            if !(0.0..=1.0).contains(&tol) {
                return Err(AuditError::parameter(
                    "tol",
                    format!("tol must be a number between 0 and 1, not {tol}"),
                ));
            }
        }
        Ok(())
    }
}

/// `>` (positive above the threshold) or `<` (below, with `flip`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operator {
    /// Positive iff score > threshold.
    #[serde(rename = ">")]
    Greater,
    /// Positive iff score < threshold.
    #[serde(rename = "<")]
    Less,
}

/// A threshold rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// The comparison.
    pub operator: Operator,
    /// The threshold (may be ±infinity: written `"inf"` / `"-inf"` in JSON, which has no
    /// infinity).
    #[serde(serialize_with = "threshold_out", deserialize_with = "threshold_in")]
    pub threshold: f64,
}

fn threshold_out<S: serde::Serializer>(t: &f64, s: S) -> Result<S::Ok, S::Error> {
    if t.is_infinite() {
        s.serialize_str(if *t > 0.0 { "inf" } else { "-inf" })
    } else {
        s.serialize_f64(*t)
    }
}

fn threshold_in<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Threshold {
        Number(f64),
        Text(String),
    }
    match Threshold::deserialize(d)? {
        Threshold::Number(x) => Ok(x),
        Threshold::Text(t) => match t.as_str() {
            "inf" | "+inf" | "Infinity" => Ok(f64::INFINITY),
            "-inf" | "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(serde::de::Error::custom(format!(
                "threshold '{other}': a number, \"inf\" or \"-inf\""
            ))),
        },
    }
}

impl Operation {
    fn positive(&self, score: f64) -> bool {
        match self.operator {
            Operator::Greater => score > self.threshold,
            Operator::Less => score < self.threshold,
        }
    }
}

/// A group's randomised rule: `p0·op0(score) + p1·op1(score)`, and for equalized odds mixed
/// with a constant: `p_ignore·prediction_constant + (1 − p_ignore)·(…)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GroupRule {
    /// Weight of the first operation.
    pub p0: f64,
    /// The first operation.
    pub operation0: Operation,
    /// Weight of the second operation.
    pub p1: f64,
    /// The second operation.
    pub operation1: Operation,
    /// Share of the constant prediction (equalized odds).
    pub p_ignore: Option<f64>,
    /// The constant: the chosen false positive rate (equalized odds).
    pub prediction_constant: Option<f64>,
}

impl GroupRule {
    /// The probability of a positive decision for a score.
    pub fn positive_probability(&self, score: f64) -> f64 {
        let b = |o: &Operation| if o.positive(score) { 1.0 } else { 0.0 };
        let p = self.p0 * b(&self.operation0) + self.p1 * b(&self.operation1);
        match (self.p_ignore, self.prediction_constant) {
            (Some(q), Some(c)) => q * c + (1.0 - q) * p,
            _ => p,
        }
    }
}

/// One group's trade-off curve (its upper convex hull), for plots.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// The constraint's metric at each hull point.
    pub x: Vec<f64>,
    /// The objective (equalized odds: the true positive rate).
    pub y: Vec<f64>,
}

/// A fitted threshold optimizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdOptimizer {
    /// The settings.
    pub request: ThresholdRequest,
    /// The groups, as given.
    pub groups: Vec<String>,
    /// Each group's rule.
    pub rules: Vec<GroupRule>,
    /// The chosen value of the constraint's metric (with `tol`: the groups' values weighted
    /// by their share of the rows).
    pub x_best: f64,
    /// Each group's chosen value of the constraint's metric (all `x_best` without `tol`).
    pub x_best_per_group: Vec<f64>,
    /// The objective there (equalized odds: the true positive rate).
    pub y_best: f64,
    /// Each group's hull.
    pub curves: Vec<Curve>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rate {
    Selection,
    FalsePositive,
    FalseNegative,
    TruePositive,
    TrueNegative,
    Accuracy,
    BalancedAccuracy,
}

/// Confusion counts, as fairlearn's `_extend_confusion_matrix` (floats: for equalized odds
/// they are fractional).
#[derive(Debug, Clone, Copy)]
struct Counts {
    tp: f64,
    fp: f64,
    tn: f64,
    fn_: f64,
}

impl Rate {
    /// fairlearn's `METRIC_DICT`, the same operations in the same order.
    fn of(self, c: &Counts) -> f64 {
        let positives = c.tp + c.fn_;
        let negatives = c.tn + c.fp;
        let n = c.tp + c.tn + c.fp + c.fn_;
        match self {
            Rate::Selection => (c.tp + c.fp) / n,
            Rate::FalsePositive => c.fp / negatives,
            Rate::FalseNegative => c.fn_ / positives,
            Rate::TruePositive => c.tp / positives,
            Rate::TrueNegative => c.tn / negatives,
            Rate::Accuracy => (c.tp + c.tn) / n,
            Rate::BalancedAccuracy => 0.5 * c.tp / positives + 0.5 * c.tn / negatives,
        }
    }
}

/// One point of a trade-off curve.
#[derive(Debug, Clone, Copy)]
struct Point {
    x: f64,
    y: f64,
    operation: Operation,
}

/// Every threshold's point, sorted by (x, y) (a stable sort, as pandas' multi-column sort).
fn tradeoff_points(
    mut rows: Vec<(f64, bool)>,
    group: &str,
    flip: bool,
    x: Rate,
    y: Rate,
) -> Result<Vec<Point>, AuditError> {
    let n = rows.len();
    let n_pos = rows.iter().filter(|r| r.1).count();
    let n_neg = n - n_pos;
    if n_pos == 0 || n_neg == 0 {
        return Err(AuditError::DegenerateLabels {
            group: group.to_owned(),
        });
    }
    // descending scores; equal scores are one run, so their order does not matter
    // scores are finite: their bits, made order-preserving, compare as integers (faster than
    // comparing floats), largest first
    rows.sort_unstable_by_key(|r| std::cmp::Reverse(order_bits(r.0)));
    let score = |i: usize| if i < n { rows[i].0 } else { f64::NEG_INFINITY };
    let mut points = Vec::with_capacity(if flip { 2 } else { 1 } * (n + 1));
    let mut count = [0usize; 2];
    let mut i = 0;
    let mut first = true;
    while i < n {
        let threshold = if first {
            first = false;
            f64::INFINITY
        } else {
            let t = score(i);
            while i < n && score(i) == t {
                count[usize::from(rows[i].1)] += 1;
                i += 1;
            }
            (t + score(i)) / 2.0
        };
        let (fp, tp) = (count[0] as f64, count[1] as f64);
        let (neg, pos) = (n_neg as f64, n_pos as f64);
        let actual = Counts {
            tp,
            fp,
            tn: neg - fp,
            fn_: pos - tp,
        };
        points.push(Point {
            x: x.of(&actual),
            y: y.of(&actual),
            operation: Operation {
                operator: Operator::Greater,
                threshold,
            },
        });
        if flip {
            let flipped = Counts {
                tp: pos - tp,
                fp: neg - fp,
                tn: fp,
                fn_: tp,
            };
            points.push(Point {
                x: x.of(&flipped),
                y: y.of(&flipped),
                operation: Operation {
                    operator: Operator::Less,
                    threshold,
                },
            });
        }
    }
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    Ok(points)
}

/// An integer with the order of the float (`total_cmp`'s mapping).
fn order_bits(v: f64) -> i64 {
    let bits = v.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The upper convex hull of points sorted by (x, y): a middle point on or below the line of
/// its neighbours is dropped.
fn upper_hull(points: &[Point]) -> Vec<Point> {
    let mut hull: Vec<Point> = Vec::new();
    for &r2 in points {
        while hull.len() >= 2 {
            let r1 = hull[hull.len() - 1];
            let r0 = hull[hull.len() - 2];
            if (r1.y - r0.y) * (r2.x - r0.x) <= (r2.y - r0.y) * (r1.x - r0.x) {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(r2);
    }
    hull
}

/// numpy's `linspace(0, 1, grid_size + 1)`.
fn grid(grid_size: usize) -> Vec<f64> {
    crate::mitigation::linspace(0.0, 1.0, grid_size + 1)
}

/// The hull interpolated at each grid point: (y, p0, index of the left hull point).
struct Interpolated {
    y: Vec<f64>,
    p0: Vec<f64>,
    left: Vec<usize>,
}

fn interpolate(hull: &[Point], x_grid: &[f64]) -> Interpolated {
    let xs: Vec<f64> = hull.iter().map(|p| p.x).collect();
    let mut out = Interpolated {
        y: Vec::with_capacity(x_grid.len()),
        p0: Vec::with_capacity(x_grid.len()),
        left: Vec::with_capacity(x_grid.len()),
    };
    let last = xs.len().saturating_sub(2);
    for (k, &x) in x_grid.iter().enumerate() {
        // searchsorted(right) − 1, then one to the left where the grid hits a hull point
        // (except at the first grid point): x_i < x ≤ x_{i+1}
        let right = xs.partition_point(|&v| v <= x);
        let mut i = right as isize - 1;
        if k > 0 && i >= 0 && x == xs[i as usize] {
            i -= 1;
        }
        let i = (i.max(0) as usize).min(last);
        let p0 = (xs[i + 1] - x) / (xs[i + 1] - xs[i]);
        let p1 = 1.0 - p0;
        out.y.push(p0 * hull[i].y + p1 * hull[i + 1].y);
        out.p0.push(p0);
        out.left.push(i);
    }
    out
}

/// numpy's `around(v, 15)`: scale, round half to even, scale back.
fn around15(v: f64) -> f64 {
    (v * 1e15).round_ties_even() / 1e15
}

/// fairlearn's `maximize_objective_with_tolerance`: one grid index per group, the chosen x
/// values at most `tol` apart, maximising the sum of `weight · y`. A window slides over the
/// grid; per group a deque keeps the window's indices in descending order of y (front = the
/// window's best). A later window wins on a larger sum, or on an equal sum with x values no
/// wider apart. O(groups · grid).
fn within_tolerance(columns: &[&[f64]], weights: &[f64], x: &[f64], tol: f64) -> (Vec<usize>, f64) {
    use std::collections::VecDeque;
    let y: Vec<Vec<f64>> = columns
        .iter()
        .zip(weights)
        .map(|(c, &w)| c.iter().map(|v| v * w).collect())
        .collect();
    let mut deques: Vec<VecDeque<usize>> = vec![VecDeque::new(); y.len()];
    let mut best: Vec<usize> = Vec::new();
    let mut max_objective = f64::NEG_INFINITY;
    let mut min_violation = f64::INFINITY;
    let mut start = 0;
    for end in 0..x.len() {
        for (d, col) in deques.iter_mut().zip(&y) {
            while d.back().is_some_and(|&b| col[b] <= col[end]) {
                d.pop_back();
            }
            d.push_back(end);
        }
        while x[end] - x[start] > tol {
            for d in &mut deques {
                if d.front() == Some(&start) {
                    d.pop_front();
                }
            }
            start += 1;
        }
        let current: Vec<usize> = deques.iter().map(|d| d[0]).collect();
        let objective = current
            .iter()
            .zip(&y)
            .fold(0.0, |sum, (&i, col)| sum + col[i]);
        let (lo, hi) = current
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
                (lo.min(x[i]), hi.max(x[i]))
            });
        let violation = hi - lo;
        if objective > max_objective || (objective == max_objective && violation <= min_violation) {
            max_objective = objective;
            min_violation = violation;
            best = current;
        }
    }
    (best, max_objective)
}

/// The first index of the largest value (pandas' `idxmax`; NaN never wins).
fn idxmax(v: &[f64]) -> usize {
    let mut best = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[best] || v[best].is_nan() && !x.is_nan() {
            best = i;
        }
    }
    best
}

impl ThresholdOptimizer {
    /// Fits the optimizer on labels, scores and each row's group (an index into `groups`,
    /// whose order is the order of the result; fairlearn sorts groups by value).
    pub fn fit(
        request: &ThresholdRequest,
        y_true: &[bool],
        scores: &[f64],
        group_of: &[u32],
        groups: &[String],
    ) -> Result<ThresholdOptimizer, AuditError> {
        request.check()?;
        let n = y_true.len();
        if n == 0 {
            return Err(AuditError::Empty);
        }
        for (column, len) in [
            ("y_score", scores.len()),
            ("sensitive_features", group_of.len()),
        ] {
            if len != n {
                return Err(AuditError::Length {
                    column: column.to_owned(),
                    found: len,
                    expected: n,
                });
            }
        }
        if let Some(i) = scores.iter().position(|s| !s.is_finite()) {
            return Err(AuditError::parameter(
                "y_score",
                format!("row {}: scores must be finite numbers", i + 1),
            ));
        }
        let mut rows: Vec<Vec<(f64, bool)>> = vec![Vec::new(); groups.len()];
        for ((&g, &s), &y) in group_of.iter().zip(scores).zip(y_true) {
            let Some(r) = rows.get_mut(g as usize) else {
                return Err(AuditError::parameter(
                    "sensitive_features",
                    format!("group index {g} of {} groups", groups.len()),
                ));
            };
            r.push((s, y));
        }
        // groups without rows take no part (fairlearn only sees groups present)
        let present: Vec<usize> = (0..groups.len()).filter(|&g| !rows[g].is_empty()).collect();
        let x_rate = request.constraints.x();
        let y_rate = if request.constraints == Constraint::EqualizedOdds {
            Rate::TruePositive
        } else {
            request.objective.rate()
        };
        let x_grid = grid(request.grid_size);
        let mut curves = Vec::with_capacity(present.len());
        // each group's curve on its own thread when there is enough to do (a city's year of
        // decisions); the result is the same either way
        let one = |g: usize, rows: Vec<(f64, bool)>| {
            let points = tradeoff_points(rows, &groups[g], request.flip, x_rate, y_rate)?;
            let hull = upper_hull(&points);
            let interpolated = interpolate(&hull, &x_grid);
            Ok::<_, AuditError>((g, hull, interpolated))
        };
        let work: Vec<(usize, Vec<(f64, bool)>)> = present
            .iter()
            .map(|&g| (g, std::mem::take(&mut rows[g])))
            .collect();
        let hulls: Vec<(usize, Vec<Point>, Interpolated)> = if n < PARALLEL_FROM || work.len() < 2 {
            work.into_iter()
                .map(|(g, r)| one(g, r))
                .collect::<Result<_, _>>()?
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = work
                    .into_iter()
                    .map(|(g, r)| scope.spawn(move || one(g, r)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("a curve's thread does not panic"))
                    .collect::<Result<Vec<_>, _>>()
            })?
        };
        let rule_at = |hull: &[Point], it: &Interpolated, k: usize| {
            let i = it.left[k];
            let p0 = it.p0[k];
            GroupRule {
                p0,
                operation0: hull[i].operation,
                p1: 1.0 - p0,
                operation1: hull[i + 1].operation,
                p_ignore: None,
                prediction_constant: None,
            }
        };
        let mut rules = vec![None; groups.len()];
        let mut chosen_x = vec![0.0; groups.len()];
        let (x_best, y_best);
        if request.constraints == Constraint::EqualizedOdds {
            let n_pos = y_true.iter().filter(|&&y| y).count() as f64;
            let n_neg = n as f64 - n_pos;
            let y_min: Vec<f64> = (0..x_grid.len())
                .map(|k| {
                    hulls
                        .iter()
                        .map(|(_, _, it)| it.y[k])
                        .fold(f64::INFINITY, f64::min)
                })
                .collect();
            let objective: Vec<f64> = x_grid
                .iter()
                .zip(&y_min)
                .map(|(&x, &y)| {
                    let c = Counts {
                        fp: n_neg * x,
                        tn: n_neg * (1.0 - x),
                        tp: n_pos * y,
                        fn_: n_pos * (1.0 - y),
                    };
                    around15(request.objective.rate().of(&c))
                })
                .collect();
            let k = idxmax(&objective);
            x_best = x_grid[k];
            y_best = y_min[k];
            for (g, hull, it) in &hulls {
                let (x, y) = (x_grid[k], it.y[k]);
                let p_ignore = if y == x { 0.0 } else { (y - y_best) / (y - x) };
                let mut rule = rule_at(hull, it, k);
                rule.p_ignore = Some(p_ignore);
                rule.prediction_constant = Some(x_best);
                rules[*g] = Some(rule);
                chosen_x[*g] = x_best;
            }
        } else {
            // each group's share of the rows, times its curve, summed in group order
            let mut size = vec![0usize; groups.len()];
            for &g in group_of {
                size[g as usize] += 1;
            }
            let share: Vec<f64> = hulls
                .iter()
                .map(|(g, _, _)| size[*g] as f64 / n as f64)
                .collect();
            let overall: Vec<f64> = (0..x_grid.len())
                .map(|k| {
                    hulls
                        .iter()
                        .zip(&share)
                        .fold(0.0, |sum, ((_, _, it), p)| sum + p * it.y[k])
                })
                .collect();
            match request.tol.filter(|&t| t != 0.0) {
                None => {
                    let k = idxmax(&overall);
                    x_best = x_grid[k];
                    y_best = overall[k];
                    for (g, hull, it) in &hulls {
                        rules[*g] = Some(rule_at(hull, it, k));
                        chosen_x[*g] = x_best;
                    }
                }
                Some(tol) => {
                    let columns: Vec<&[f64]> = hulls.iter().map(|(_, _, it)| &it.y[..]).collect();
                    let (best, objective) = within_tolerance(&columns, &share, &x_grid, tol);
                    y_best = objective;
                    let mut weighted = 0.0;
                    for (((g, hull, it), &k), p) in hulls.iter().zip(&best).zip(&share) {
                        rules[*g] = Some(rule_at(hull, it, k));
                        chosen_x[*g] = x_grid[k];
                        weighted += p * x_grid[k];
                    }
                    x_best = weighted;
                }
            }
        }
        for (_, hull, _) in &hulls {
            curves.push(Curve {
                x: hull.iter().map(|p| p.x).collect(),
                y: hull.iter().map(|p| p.y).collect(),
            });
        }
        Ok(ThresholdOptimizer {
            request: *request,
            groups: present.iter().map(|&g| groups[g].clone()).collect(),
            rules: present
                .iter()
                .map(|&g| rules[g].expect("every present group has a rule"))
                .collect(),
            x_best,
            x_best_per_group: present.iter().map(|&g| chosen_x[g]).collect(),
            y_best,
            curves,
        })
    }

    /// The rule of a group by name.
    pub fn rule(&self, group: &str) -> Option<&GroupRule> {
        self.groups
            .iter()
            .position(|g| g == group)
            .map(|i| &self.rules[i])
    }

    /// The probability of a positive decision for each row (fairlearn's
    /// `_pmf_predict(...)[:, 1]`). `group_of` indexes `groups`; a group the optimizer was not
    /// fitted on is an error (fairlearn silently gives 0).
    pub fn positive_probability(
        &self,
        scores: &[f64],
        group_of: &[u32],
        groups: &[String],
    ) -> Result<Vec<f64>, AuditError> {
        if scores.len() != group_of.len() {
            return Err(AuditError::Length {
                column: "sensitive_features".into(),
                found: group_of.len(),
                expected: scores.len(),
            });
        }
        let rule_of: Vec<Option<&GroupRule>> = groups.iter().map(|g| self.rule(g)).collect();
        scores
            .iter()
            .zip(group_of)
            .map(|(&s, &g)| {
                let name = groups.get(g as usize).map(String::as_str).unwrap_or("?");
                match rule_of.get(g as usize).copied().flatten() {
                    Some(rule) => Ok(rule.positive_probability(s)),
                    None => Err(AuditError::parameter(
                        "sensitive_features",
                        format!("group '{name}' was not in the data the optimizer was fitted on"),
                    )),
                }
            })
            .collect()
    }

    /// Randomised decisions: 1 where the positive probability ≥ a uniform draw of the suite's
    /// generator seeded with `seed` (the same seed, the same decisions).
    pub fn predict(
        &self,
        scores: &[f64],
        group_of: &[u32],
        groups: &[String],
        seed: u64,
    ) -> Result<Vec<bool>, AuditError> {
        let p = self.positive_probability(scores, group_of, groups)?;
        let mut rng = welfare_data::seeded(seed);
        Ok(p.into_iter().map(|p| p >= rng.r#gen::<f64>()).collect())
    }
}

crate::mitigation::deserialize_from_str!(Constraint, Objective);
