//! Gradient-boosted trees for a binary target (log-loss), fitted with forust-ml.

use forust_ml::gradientbooster::{GrowPolicy, MissingNodeTreatment};
use forust_ml::metric::Metric;
use forust_ml::objective::ObjectiveType;
use forust_ml::sampler::SampleMethod;
use forust_ml::{GradientBooster, Matrix};
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::error::EnsembleError;
use crate::tree::{Node, Tree};

/// Hyperparameters of [`Boosting`] (unchecked; [`BoostingParams::check`] turns them into a
/// [`Boosting`]). The defaults follow scikit-learn's `HistGradientBoostingClassifier`:
/// learning rate 0.1, up to 31 leaves per tree grown best-first, 255 bins, early stopping on a
/// 10 % validation share after 10 rounds without improvement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BoostingParams {
    /// Most trees (boosting rounds); early stopping may use fewer.
    pub iterations: usize,
    /// Shrinkage of each tree's output (0–1].
    pub learning_rate: f64,
    /// Most leaves per tree (≥ 2), grown best-first.
    pub max_leaves: usize,
    /// Deepest level of a tree (≥ 1).
    pub max_depth: usize,
    /// L2 penalty on leaf values (≥ 0).
    pub l2: f64,
    /// Smallest hessian sum in a leaf (≥ 0; about `0.25 ×` rows for log-loss near 0.5).
    pub min_leaf_weight: f64,
    /// Histogram bins per feature (2–255).
    pub bins: u16,
    /// Share of rows each tree sees, sampled with the seed (0–1].
    pub subsample: f64,
    /// Share of rows held out (seeded) to stop early: 0 = no early stopping, else (0, 0.5).
    pub validation_share: f64,
    /// Rounds without improvement of the held-out log-loss before stopping.
    pub early_stopping_rounds: usize,
    /// Seed of every random step.
    pub seed: u64,
}

impl Default for BoostingParams {
    fn default() -> Self {
        BoostingParams {
            iterations: 500,
            learning_rate: 0.1,
            max_leaves: 31,
            max_depth: 12,
            l2: 1.0,
            min_leaf_weight: 1.0,
            bins: 255,
            subsample: 1.0,
            validation_share: 0.1,
            early_stopping_rounds: 10,
            seed: 0,
        }
    }
}

/// Checked hyperparameters: the only way to fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boosting(BoostingParams);

impl BoostingParams {
    /// One tree grown to `depth` with a full Newton step: a single decision tree on the
    /// log-odds (for a readable model).
    pub fn single_tree(depth: usize) -> BoostingParams {
        BoostingParams {
            iterations: 1,
            learning_rate: 1.0,
            max_leaves: 1 << depth.min(20),
            max_depth: depth,
            validation_share: 0.0,
            ..BoostingParams::default()
        }
    }

    /// Checks every hyperparameter before any fitting.
    pub fn check(self) -> Result<Boosting, EnsembleError> {
        let bad = |name, reason: &str| {
            Err(EnsembleError::Parameter {
                name,
                reason: reason.into(),
            })
        };
        let p = &self;
        if !(1..=100_000).contains(&p.iterations) {
            return bad("iterations", "must be between 1 and 100000");
        }
        if !(p.learning_rate.is_finite() && p.learning_rate > 0.0 && p.learning_rate <= 1.0) {
            return bad("learning_rate", "must be in (0, 1]");
        }
        if p.max_leaves < 2 {
            return bad("max_leaves", "must be at least 2");
        }
        if !(1..=64).contains(&p.max_depth) {
            return bad("max_depth", "must be between 1 and 64");
        }
        if !(p.l2.is_finite() && p.l2 >= 0.0) {
            return bad("l2", "must be a number >= 0");
        }
        if !(p.min_leaf_weight.is_finite() && p.min_leaf_weight >= 0.0) {
            return bad("min_leaf_weight", "must be a number >= 0");
        }
        if !(2..=255).contains(&p.bins) {
            return bad("bins", "must be between 2 and 255");
        }
        if !(p.subsample.is_finite() && p.subsample > 0.0 && p.subsample <= 1.0) {
            return bad("subsample", "must be in (0, 1]");
        }
        if !(p.validation_share == 0.0 || (p.validation_share > 0.0 && p.validation_share < 0.5)) {
            return bad(
                "validation_share",
                "must be 0 (no early stopping) or in (0, 0.5)",
            );
        }
        if p.validation_share > 0.0 && p.early_stopping_rounds == 0 {
            return bad(
                "early_stopping_rounds",
                "must be at least 1 with early stopping",
            );
        }
        Ok(Boosting(self))
    }
}

/// A fitted binary booster: `margin(x) = base_score + Σ trees` is the log-odds of the positive
/// class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booster {
    /// Log-odds before any tree.
    pub base_score: f64,
    /// The trees, in boosting order.
    pub trees: Vec<Tree>,
}

fn sigmoid(m: f64) -> f64 {
    1.0 / (1.0 + (-m).exp())
}

impl Booster {
    /// Log-odds of the positive class.
    #[inline]
    pub fn margin(&self, x: &[f64]) -> f64 {
        self.base_score + self.trees.iter().map(|t| t.predict(x)).sum::<f64>()
    }

    /// Probability of the positive class.
    #[inline]
    pub fn probability(&self, x: &[f64]) -> f64 {
        sigmoid(self.margin(x))
    }

    /// Adds each feature's contribution to the margin of `x` into `out` (length = features)
    /// and returns the margin's constant part: constant + Σ out = margin.
    pub fn contributions(&self, x: &[f64], out: &mut [f64]) -> f64 {
        self.base_score
            + self
                .trees
                .iter()
                .map(|t| t.contributions(x, out))
                .sum::<f64>()
    }

    /// Checks a stored booster against the feature count.
    pub fn check(&self, features: usize) -> Result<(), EnsembleError> {
        if !self.base_score.is_finite() {
            return Err(EnsembleError::Model("base score is not finite".into()));
        }
        self.trees.iter().try_for_each(|t| t.check(features))
    }
}

/// Splits the row indices into (fit, validation) by a seeded shuffle (SplitMix64: the same on
/// every machine and independent of the `rand` version).
fn validation_split(n: usize, share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let held = ((n as f64) * share).round() as usize;
    let mut validation = order[..held].to_vec();
    let mut fit = order[held..].to_vec();
    validation.sort_unstable();
    fit.sort_unstable();
    (fit, validation)
}

/// Column-major copy of the chosen rows (forust's layout).
fn column_major(x: &ArrayView2<f64>, rows: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(rows.len() * x.ncols());
    for j in 0..x.ncols() {
        let col = x.column(j);
        out.extend(rows.iter().map(|&i| col[i]));
    }
    out
}

impl Boosting {
    /// The checked hyperparameters.
    pub fn params(&self) -> &BoostingParams {
        &self.0
    }

    /// Fits a booster for `y` (true = positive) on the rows of `x`, with optional positive
    /// sample weights. Features may be NaN (missing: the trees learn where it goes); labels
    /// and weights must be finite.
    pub fn fit(
        &self,
        x: ArrayView2<f64>,
        y: &[bool],
        weights: Option<&[f64]>,
    ) -> Result<Booster, EnsembleError> {
        self.fit_inner(x, y, weights, None)
    }

    /// Like [`Boosting::fit`], but stops early on the given held-out rows instead of carving
    /// [`BoostingParams::validation_share`] out of the training rows (all of `x` is fitted).
    pub fn fit_with_validation(
        &self,
        x: ArrayView2<f64>,
        y: &[bool],
        validation: (ArrayView2<f64>, &[bool]),
    ) -> Result<Booster, EnsembleError> {
        let (vx, vy) = validation;
        if vx.ncols() != x.ncols() || vy.len() != vx.nrows() {
            return Err(EnsembleError::Data(format!(
                "validation rows: {} labels for {} rows of {} features (training: {})",
                vy.len(),
                vx.nrows(),
                vx.ncols(),
                x.ncols()
            )));
        }
        if let Some((i, j)) = vx
            .indexed_iter()
            .find(|(_, v)| v.is_infinite())
            .map(|(ij, _)| ij)
        {
            return Err(EnsembleError::Data(format!(
                "validation row {i}, feature {j}: infinite value"
            )));
        }
        self.fit_inner(x, y, None, Some((vx, vy)))
    }

    fn fit_inner(
        &self,
        x: ArrayView2<f64>,
        y: &[bool],
        weights: Option<&[f64]>,
        held_out: Option<(ArrayView2<f64>, &[bool])>,
    ) -> Result<Booster, EnsembleError> {
        let p = &self.0;
        let n = x.nrows();
        if n == 0 {
            return Err(EnsembleError::Data("no rows to fit".into()));
        }
        if y.len() != n {
            return Err(EnsembleError::Data(format!(
                "{} labels for {n} rows",
                y.len()
            )));
        }
        if x.ncols() == 0 {
            return Err(EnsembleError::Data("no features".into()));
        }
        if let Some((i, j)) = x
            .indexed_iter()
            .find(|(_, v)| v.is_infinite())
            .map(|(ij, _)| ij)
        {
            return Err(EnsembleError::Data(format!(
                "row {i}, feature {j}: infinite value"
            )));
        }
        let w: Vec<f64> = match weights {
            Some(w) if w.len() != n => {
                return Err(EnsembleError::Data(format!(
                    "{} weights for {n} rows",
                    w.len()
                )));
            }
            Some(w) => {
                if let Some(i) = w.iter().position(|v| !(v.is_finite() && *v > 0.0)) {
                    return Err(EnsembleError::Data(format!(
                        "row {i}: weight must be a positive number"
                    )));
                }
                w.to_vec()
            }
            None => vec![1.0; n],
        };
        let positive: f64 = y.iter().zip(&w).filter(|(l, _)| **l).map(|(_, w)| w).sum();
        let total: f64 = w.iter().sum();
        // One class only: no split can help; the (smoothed) log-odds of the data.
        if positive == 0.0 || positive == total {
            return Ok(Booster {
                base_score: ((positive + 0.5) / (total - positive + 0.5)).ln(),
                trees: Vec::new(),
            });
        }
        let (fit_rows, validation_rows) = if held_out.is_some() {
            ((0..n).collect(), Vec::new())
        } else if p.validation_share > 0.0 && n >= 20 {
            validation_split(n, p.validation_share, p.seed)
        } else {
            ((0..n).collect(), Vec::new())
        };
        let data = column_major(&x, &fit_rows);
        let labels: Vec<f64> = fit_rows
            .iter()
            .map(|&i| f64::from(u8::from(y[i])))
            .collect();
        let fit_w: Vec<f64> = fit_rows.iter().map(|&i| w[i]).collect();
        let matrix = Matrix::new(&data, fit_rows.len(), x.ncols());
        let mut booster = GradientBooster::default()
            .set_objective_type(ObjectiveType::LogLoss)
            .set_iterations(p.iterations)
            .set_learning_rate(p.learning_rate as f32)
            .set_max_depth(p.max_depth)
            .set_max_leaves(p.max_leaves)
            .set_l2(p.l2 as f32)
            .set_min_leaf_weight(p.min_leaf_weight as f32)
            .set_nbins(p.bins)
            .set_subsample(p.subsample as f32)
            .set_seed(p.seed)
            .set_parallel(false)
            .set_initialize_base_score(true)
            .set_missing(f64::NAN)
            .set_create_missing_branch(false)
            .set_allow_missing_splits(true)
            .set_sample_method(if p.subsample < 1.0 {
                SampleMethod::Random
            } else {
                SampleMethod::None
            });
        booster.grow_policy = GrowPolicy::LossGuide;
        booster.missing_node_treatment = MissingNodeTreatment::AssignToParent;
        let label = |l: bool| f64::from(u8::from(l));
        let (vdata, vlabels, vw): (Vec<f64>, Vec<f64>, Vec<f64>) = match held_out {
            Some((vx, vy)) => {
                let rows: Vec<usize> = (0..vx.nrows()).collect();
                (
                    column_major(&vx, &rows),
                    vy.iter().map(|&l| label(l)).collect(),
                    vec![1.0; rows.len()],
                )
            }
            None => (
                column_major(&x, &validation_rows),
                validation_rows.iter().map(|&i| label(y[i])).collect(),
                validation_rows.iter().map(|&i| w[i]).collect(),
            ),
        };
        let evaluation = if vlabels.is_empty() {
            None
        } else {
            booster = booster
                .set_evaluation_metric(Some(Metric::LogLoss))
                .set_early_stopping_rounds(Some(p.early_stopping_rounds));
            Some(vec![(
                Matrix::new(&vdata, vlabels.len(), x.ncols()),
                vlabels.as_slice(),
                vw.as_slice(),
            )])
        };
        booster
            .fit(&matrix, &labels, &fit_w, evaluation)
            .map_err(|e| EnsembleError::Fit(e.to_string()))?;
        let keep = booster
            .prediction_iteration
            .unwrap_or(booster.trees.len())
            .min(booster.trees.len());
        let trees = booster.trees[..keep].iter().map(convert).collect();
        Ok(Booster {
            base_score: booster.base_score,
            trees,
        })
    }
}

/// forust's tree (node numbers = positions, children after parents) in the suite's format.
fn convert(tree: &forust_ml::tree::Tree) -> Tree {
    Tree {
        nodes: tree
            .nodes
            .iter()
            .map(|n| {
                let value = f64::from(n.weight_value);
                if n.is_leaf {
                    Node::Leaf { value }
                } else {
                    Node::Split {
                        feature: n.split_feature,
                        threshold: n.split_value,
                        left: n.left_child,
                        right: n.right_child,
                        missing: n.missing_node,
                        value,
                    }
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::validation_split;

    #[test]
    fn the_validation_split_is_a_seeded_partition() {
        let (a, b) = validation_split(1000, 0.1, 7);
        assert_eq!(b.len(), 100);
        let mut all: Vec<usize> = a.iter().chain(&b).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
        assert_eq!(validation_split(1000, 0.1, 7), (a.clone(), b.clone()));
        assert_ne!(validation_split(1000, 0.1, 8).1, b);
    }
}
