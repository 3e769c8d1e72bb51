//! Bagged decision trees with random feature subspaces (a random forest at the tree level):
//! the suite's CART trees ([`welfare_ensemble::CartTree`], grown with linfa-trees, stored
//! flat for JSON and allocation-free scoring).
//!
//! Each tree sees a bootstrap sample (given to linfa as sample weights) and a random subset
//! of the features. A leaf's value is the weighted share of fall events among the in-bag
//! samples that reach it; the forest's probability is the mean over trees (as scikit-learn's
//! `predict_proba`). linfa-ensemble 0.8 offers bagging too, but without leaf probabilities
//! or a serialisable fitted model, which the detector needs.

use ndarray::Array2;
use rand::seq::index::sample;
use serde::{Deserialize, Serialize};
use welfare_ensemble::{CartParams, CartTree, LeafValue};

use crate::error::FallError;

/// Settings of the forest, checked before fitting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ForestParams {
    /// Number of trees.
    pub trees: usize,
    /// Share of the features each tree may use (0–1].
    pub feature_fraction: f64,
    /// Depth limit of each tree (`None`: none).
    pub max_depth: Option<usize>,
    /// Smallest total weight of a leaf.
    pub min_leaf: f32,
    /// Seed of the bootstrap samples.
    pub seed: u64,
}

impl Default for ForestParams {
    fn default() -> Self {
        ForestParams {
            trees: 100,
            feature_fraction: 0.6,
            max_depth: Some(12),
            min_leaf: 1.0,
            seed: 7,
        }
    }
}

impl ForestParams {
    /// Checks the settings before any work.
    pub fn check(&self) -> Result<(), FallError> {
        let bad = |name, reason: &str| {
            Err(FallError::Parameter {
                name,
                reason: reason.into(),
            })
        };
        if !(1..=10_000).contains(&self.trees) {
            return bad("trees", "must be between 1 and 10000");
        }
        if !(self.feature_fraction > 0.0 && self.feature_fraction <= 1.0) {
            return bad("feature_fraction", "must be in (0, 1]");
        }
        if self.max_depth == Some(0) {
            return bad("max_depth", "must be at least 1");
        }
        if !(self.min_leaf.is_finite() && self.min_leaf >= 1.0) {
            return bad("min_leaf", "must be at least 1");
        }
        Ok(())
    }
}

/// The fitted forest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forest {
    /// The settings it was trained with.
    pub params: ForestParams,
    /// Its trees.
    pub trees: Vec<CartTree>,
}

impl Forest {
    /// Probability of a fall for one feature vector.
    #[inline]
    pub fn probability(&self, x: &[f64]) -> f64 {
        let sum: f64 = self.trees.iter().map(|t| t.predict(x)).sum();
        sum / self.trees.len() as f64
    }

    /// Structural check after loading (indices, features in range, values in 0–1).
    pub fn check(&self, features: usize) -> Result<(), String> {
        if self.trees.is_empty() {
            return Err("forest without trees".into());
        }
        for (k, t) in self.trees.iter().enumerate() {
            t.check(features).map_err(|e| format!("tree {k}: {e}"))?;
        }
        Ok(())
    }

    /// Fits the forest on rows `x` (events × features) with labels `y` (true = fall).
    pub fn fit(x: &Array2<f64>, y: &[bool], params: &ForestParams) -> Result<Forest, FallError> {
        params.check()?;
        let (n, f) = x.dim();
        if n == 0 || y.len() != n {
            return Err(FallError::Training("no training events".into()));
        }
        if !y.iter().any(|&v| v) || y.iter().all(|&v| v) {
            return Err(FallError::Training(
                "training events need both falls and daily activities".into(),
            ));
        }
        if x.iter().any(|v| !v.is_finite()) {
            return Err(FallError::Training("a feature value is not finite".into()));
        }
        let m = ((params.feature_fraction * f as f64).ceil() as usize).clamp(1, f);
        let tree_params = CartParams {
            max_depth: params.max_depth,
            min_leaf: params.min_leaf,
            min_split: 2.0 * params.min_leaf,
            leaf_value: LeafValue::Share,
        };
        let mut trees = Vec::with_capacity(params.trees);
        for b in 0..params.trees {
            let mut rng = welfare_data::rng::stream(params.seed, &format!("forest/tree/{b}"));
            let weight = welfare_ensemble::bootstrap_weights(n, &mut rng);
            let mut cols: Vec<usize> = sample(&mut rng, f, m).into_vec();
            cols.sort_unstable();
            let tree = CartTree::fit(x, y, &weight, &cols, &tree_params)
                .map_err(|e| FallError::Fit(e.to_string()))?;
            trees.push(tree);
        }
        Ok(Forest {
            params: *params,
            trees,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn learns_a_separable_rule_and_round_trips() {
        // fall if x0 > 2 and x1 > 45
        let mut rng = welfare_data::rng::seeded(3);
        let n = 400;
        let mut x = Array2::zeros((n, 3));
        let mut y = Vec::new();
        for i in 0..n {
            x[(i, 0)] = rng.gen_range(1.0..4.0);
            x[(i, 1)] = rng.gen_range(0.0..90.0);
            x[(i, 2)] = rng.gen_range(0.0..1.0);
            y.push(x[(i, 0)] > 2.0 && x[(i, 1)] > 45.0);
        }
        let params = ForestParams {
            trees: 25,
            feature_fraction: 1.0,
            ..ForestParams::default()
        };
        let forest = Forest::fit(&x, &y, &params).unwrap();
        assert!(forest.probability(&[3.5, 80.0, 0.5]) > 0.8);
        assert!(forest.probability(&[1.5, 80.0, 0.5]) < 0.2);
        assert!(forest.probability(&[3.5, 10.0, 0.5]) < 0.2);
        forest.check(3).unwrap();
        let json = serde_json::to_string(&forest).unwrap();
        let back: Forest = serde_json::from_str(&json).unwrap();
        assert_eq!(back, forest);
        // same seed, same forest
        assert_eq!(Forest::fit(&x, &y, &params).unwrap(), forest);
        // one class only, bad parameters
        assert!(Forest::fit(&x, &vec![false; n], &params).is_err());
        let bad = ForestParams {
            feature_fraction: 0.0,
            ..params
        };
        assert!(Forest::fit(&x, &y, &bad).is_err());
    }
}
