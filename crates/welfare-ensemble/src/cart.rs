//! Binary CART trees, grown with linfa's CART (`linfa-trees`) and stored flat: the one tree
//! format of the suite's single trees and random forests (`debt-triage`'s `tree` and `forest`,
//! `fall-detection`'s `forest`).
//!
//! [`CartTree::fit`] grows one tree for a binary target on weighted rows (a weight is how often
//! a row is in a bootstrap sample; 0 leaves it out) and a subset of the features (a random
//! subspace for a forest), then sets each leaf to the share of positives among the rows that
//! reach it — plain ([`LeafValue::Share`], scikit-learn's `predict_proba`) or Laplace-smoothed
//! ([`LeafValue::Laplace`]). Deterministic: the positives weigh 1 + 2⁻¹² more than the
//! negatives, because linfa-trees breaks an exact tie between the classes of a node by
//! `HashMap` order (different from run to run), which changes how it prunes; the tiny extra
//! weight makes equal data give equal trees.

use linfa::prelude::*;
use linfa_trees::{DecisionTree, SplitQuality, TreeNode};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::EnsembleError;

/// Settings of one tree, checked before fitting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CartParams {
    /// Depth limit (`None`: none).
    pub max_depth: Option<usize>,
    /// Smallest total weight of a leaf.
    pub min_leaf: f32,
    /// Smallest total weight of a node that may be split.
    pub min_split: f32,
    /// How a leaf's value is computed.
    pub leaf_value: LeafValue,
}

/// A leaf's value from the rows that reach it (weighted by their bootstrap counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeafValue {
    /// positives / rows; a leaf no row reaches keeps linfa's majority vote (0 or 1).
    Share,
    /// (positives + 1) / (rows + 2), the Laplace-smoothed share (never exactly 0 or 1).
    Laplace,
}

impl CartParams {
    /// Checks the settings before any work.
    pub fn check(&self) -> Result<(), EnsembleError> {
        let bad = |name, reason: &str| {
            Err(EnsembleError::Parameter {
                name,
                reason: reason.into(),
            })
        };
        if self.max_depth == Some(0) {
            return bad("max_depth", "must be at least 1");
        }
        if !(self.min_leaf.is_finite() && self.min_leaf > 0.0) {
            return bad("min_leaf", "must be a positive weight");
        }
        if !(self.min_split.is_finite() && self.min_split >= self.min_leaf) {
            return bad("min_split", "must be at least min_leaf");
        }
        Ok(())
    }
}

/// A node of a flat tree: a split (`x[feature] <= threshold` goes left) or a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CartNode {
    /// An inner node.
    Split {
        /// Index of the feature tested.
        feature: usize,
        /// Go left when the feature is at most this.
        threshold: f64,
        /// Index of the left child.
        left: usize,
        /// Index of the right child.
        right: usize,
    },
    /// A leaf.
    Leaf {
        /// Share of the positive class in the leaf.
        p: f64,
    },
}

/// One binary tree, root at index 0, children after their parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartTree {
    /// Nodes; the root is the first.
    pub nodes: Vec<CartNode>,
}

impl CartTree {
    /// A tree of one leaf.
    pub fn leaf(p: f64) -> CartTree {
        CartTree {
            nodes: vec![CartNode::Leaf { p }],
        }
    }

    /// Index of the leaf a feature row reaches.
    #[inline]
    pub fn leaf_of(&self, x: &[f64]) -> usize {
        let mut i = 0;
        loop {
            match self.nodes[i] {
                CartNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => i = if x[feature] <= threshold { left } else { right },
                CartNode::Leaf { .. } => return i,
            }
        }
    }

    /// Share of the positive class for one feature row.
    #[inline]
    pub fn predict(&self, x: &[f64]) -> f64 {
        match self.nodes[self.leaf_of(x)] {
            CartNode::Leaf { p } => p,
            CartNode::Split { .. } => unreachable!("leaf_of ends at a leaf"),
        }
    }

    /// Structural check after loading: features below `width`, finite thresholds, children
    /// after their parent (no cycles), leaf values in 0–1.
    pub fn check(&self, width: usize) -> Result<(), EnsembleError> {
        let n = self.nodes.len();
        if n == 0 {
            return Err(EnsembleError::Model("empty tree".into()));
        }
        for (i, node) in self.nodes.iter().enumerate() {
            let ok = match *node {
                CartNode::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    feature < width
                        && threshold.is_finite()
                        && left > i
                        && right > i
                        && left < n
                        && right < n
                }
                CartNode::Leaf { p } => (0.0..=1.0).contains(&p),
            };
            if !ok {
                return Err(EnsembleError::Model(format!("tree node {i} is invalid")));
            }
        }
        Ok(())
    }

    /// Grows one tree on the rows of `x` with `weight[i] > 0` (the weight is how often row `i`
    /// is in the sample), using only the feature columns `cols` (sorted; the tree's splits
    /// name the columns of `x`). `y[i]`: row `i` is positive.
    pub fn fit(
        x: &Array2<f64>,
        y: &[bool],
        weight: &[u32],
        cols: &[usize],
        params: &CartParams,
    ) -> Result<CartTree, EnsembleError> {
        params.check()?;
        let (n, width) = x.dim();
        if y.len() != n || weight.len() != n {
            return Err(EnsembleError::Data(format!(
                "{n} rows, {} labels, {} weights",
                y.len(),
                weight.len()
            )));
        }
        if cols.is_empty() || cols.iter().any(|&c| c >= width) {
            return Err(EnsembleError::Data("feature columns out of range".into()));
        }
        let rows: Vec<usize> = (0..n).filter(|&i| weight[i] > 0).collect();
        if rows.is_empty() {
            return Err(EnsembleError::Data("no rows in the sample".into()));
        }
        let positives: u32 = rows.iter().filter(|&&i| y[i]).map(|&i| weight[i]).sum();
        let total: u32 = rows.iter().map(|&i| weight[i]).sum();
        if positives == 0 || positives == total {
            // one class only: a single leaf
            let (pos, tot) = (f64::from(positives), f64::from(total));
            return Ok(CartTree::leaf(match params.leaf_value {
                LeafValue::Share => pos / tot,
                LeafValue::Laplace => (pos + 1.0) / (tot + 2.0),
            }));
        }
        let mut sub = Array2::<f64>::zeros((rows.len(), cols.len()));
        for (r, &i) in rows.iter().enumerate() {
            for (c, &j) in cols.iter().enumerate() {
                sub[(r, c)] = x[(i, j)];
            }
        }
        if sub.iter().any(|v| !v.is_finite()) {
            return Err(EnsembleError::Data("a feature value is not finite".into()));
        }
        let labels: Array1<usize> = rows.iter().map(|&i| usize::from(y[i])).collect();
        let weights: Array1<f32> = rows
            .iter()
            .map(|&i| weight[i] as f32 * if y[i] { 1.0 + 1.0 / 4096.0 } else { 1.0 })
            .collect();
        let fitted = DecisionTree::params()
            .split_quality(SplitQuality::Gini)
            .max_depth(params.max_depth)
            .min_weight_leaf(params.min_leaf)
            .min_weight_split(params.min_split)
            .fit(&Dataset::new(sub, labels).with_weights(weights))
            .map_err(|e| EnsembleError::Fit(e.to_string()))?;
        let mut tree = CartTree { nodes: Vec::new() };
        flatten(fitted.root_node(), cols, &mut tree.nodes);
        // leaf values from the rows that reach each leaf
        let mut pos = vec![0.0f64; tree.nodes.len()];
        let mut tot = vec![0.0f64; tree.nodes.len()];
        let mut row = vec![0.0; width];
        for &i in &rows {
            for &j in cols {
                row[j] = x[(i, j)];
            }
            let leaf = tree.leaf_of(&row);
            let w = f64::from(weight[i]);
            tot[leaf] += w;
            if y[i] {
                pos[leaf] += w;
            }
        }
        for (k, node) in tree.nodes.iter_mut().enumerate() {
            if let CartNode::Leaf { p } = node {
                match params.leaf_value {
                    LeafValue::Share if tot[k] > 0.0 => *p = pos[k] / tot[k],
                    LeafValue::Share => {}
                    LeafValue::Laplace => *p = (pos[k] + 1.0) / (tot[k] + 2.0),
                }
            }
        }
        Ok(tree)
    }
}

/// linfa's tree as flat nodes (features mapped back to the columns of the full row); a leaf
/// starts with linfa's majority vote.
fn flatten(node: &TreeNode<f64, usize>, cols: &[usize], nodes: &mut Vec<CartNode>) -> usize {
    let at = nodes.len();
    let vote = |n: &TreeNode<f64, usize>| CartNode::Leaf {
        p: if n.prediction() == Some(1) { 1.0 } else { 0.0 },
    };
    if node.is_leaf() {
        nodes.push(vote(node));
        return at;
    }
    let (feature, threshold, _) = node.split();
    nodes.push(vote(node)); // placeholder, replaced below
    let children = node.children();
    let child = |c: &Option<Box<TreeNode<f64, usize>>>, nodes: &mut Vec<CartNode>| match c {
        Some(c) => flatten(c, cols, nodes),
        None => {
            nodes.push(vote(node));
            nodes.len() - 1
        }
    };
    let left = child(children[0], nodes);
    let right = child(children[1], nodes);
    nodes[at] = CartNode::Split {
        feature: cols[feature],
        threshold,
        left,
        right,
    };
    at
}

/// Row weights of a bootstrap sample (bagging): `n` rows drawn with replacement from `n`, each
/// weight the number of times its row was drawn — what [`CartTree::fit`] takes. The one
/// bagging of the suite (the fall forest and the triage forest), seeded by the caller's `rng`.
pub fn bootstrap_weights(n: usize, rng: &mut impl rand::Rng) -> Vec<u32> {
    let mut weight = vec![0u32; n];
    for _ in 0..n {
        weight[rng.gen_range(0..n)] += 1;
    }
    weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bootstrap_draws_n_rows_with_replacement_seeded() {
        use rand::SeedableRng;
        let draw =
            |seed| bootstrap_weights(1000, &mut rand_chacha::ChaCha8Rng::seed_from_u64(seed));
        let w = draw(7);
        assert_eq!(w.iter().map(|&c| c as usize).sum::<usize>(), 1000);
        // about 1/e of the rows are left out of a bootstrap sample
        let out = w.iter().filter(|&&c| c == 0).count();
        assert!((330..=410).contains(&out), "{out}");
        assert_eq!(w, draw(7));
        assert_ne!(w, draw(8));
    }
    use rand::{Rng, SeedableRng};

    fn data(n: usize) -> (Array2<f64>, Vec<bool>) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let mut x = Array2::zeros((n, 3));
        let mut y = Vec::new();
        for i in 0..n {
            x[(i, 0)] = rng.gen_range(1.0..4.0);
            x[(i, 1)] = rng.gen_range(0.0..90.0);
            x[(i, 2)] = rng.gen_range(0.0..1.0);
            y.push(x[(i, 0)] > 2.0 && x[(i, 1)] > 45.0);
        }
        (x, y)
    }

    const PARAMS: CartParams = CartParams {
        max_depth: Some(8),
        min_leaf: 1.0,
        min_split: 2.0,
        leaf_value: LeafValue::Share,
    };

    #[test]
    fn learns_a_rule_on_a_feature_subset_and_round_trips() {
        let (x, y) = data(400);
        let w = vec![1u32; 400];
        let t = CartTree::fit(&x, &y, &w, &[0, 1], &PARAMS).unwrap();
        assert!(t.predict(&[3.5, 80.0, 0.5]) > 0.9);
        assert!(t.predict(&[1.5, 80.0, 0.5]) < 0.1);
        assert!(t.predict(&[3.5, 10.0, 0.5]) < 0.1);
        t.check(3).unwrap();
        assert!(t.check(1).is_err(), "a split names feature 1");
        let json = serde_json::to_string(&t).unwrap();
        assert!(json.starts_with("{\"nodes\":[{\"feature\":"), "{json}");
        assert_eq!(serde_json::from_str::<CartTree>(&json).unwrap(), t);
        // equal data, equal tree; a column outside the subset is never used
        assert_eq!(CartTree::fit(&x, &y, &w, &[0, 1], &PARAMS).unwrap(), t);
        let only_noise = CartTree::fit(&x, &y, &w, &[2], &PARAMS).unwrap();
        assert!(only_noise.nodes.iter().all(|n| match n {
            CartNode::Split { feature, .. } => *feature == 2,
            CartNode::Leaf { .. } => true,
        }));
    }

    #[test]
    fn weights_are_bootstrap_counts_and_laplace_smooths() {
        let (x, y) = data(200);
        // rows with weight 0 are out of the sample; a one-class sample is one leaf
        let negatives: Vec<u32> = y.iter().map(|&v| u32::from(!v)).collect();
        let t = CartTree::fit(&x, &y, &negatives, &[0, 1, 2], &PARAMS).unwrap();
        assert_eq!(t, CartTree::leaf(0.0));
        let laplace = CartParams {
            leaf_value: LeafValue::Laplace,
            ..PARAMS
        };
        let t = CartTree::fit(&x, &y, &negatives, &[0, 1, 2], &laplace).unwrap();
        let k = negatives.iter().sum::<u32>() as f64;
        assert_eq!(t, CartTree::leaf(1.0 / (k + 2.0)));
        // leaf values never reach 0 or 1 with Laplace smoothing
        let t = CartTree::fit(&x, &y, &vec![2; 200], &[0, 1], &laplace).unwrap();
        assert!(t.nodes.iter().all(|n| match n {
            CartNode::Leaf { p } => *p > 0.0 && *p < 1.0,
            CartNode::Split { .. } => true,
        }));
    }

    #[test]
    fn bad_settings_and_data_are_errors() {
        let (x, y) = data(50);
        let w = vec![1u32; 50];
        let bad = CartParams {
            min_split: 0.5,
            ..PARAMS
        };
        assert!(matches!(
            CartTree::fit(&x, &y, &w, &[0], &bad),
            Err(EnsembleError::Parameter {
                name: "min_split",
                ..
            })
        ));
        assert!(CartTree::fit(&x, &y[..10], &w, &[0], &PARAMS).is_err());
        assert!(CartTree::fit(&x, &y, &w, &[7], &PARAMS).is_err());
        assert!(CartTree::fit(&x, &y, &[0; 50], &[0], &PARAMS).is_err());
        let mut nan = x.clone();
        nan[(3, 0)] = f64::NAN;
        assert!(CartTree::fit(&nan, &y, &w, &[0], &PARAMS).is_err());
        let cyclic = CartTree {
            nodes: vec![CartNode::Split {
                feature: 0,
                threshold: 1.0,
                left: 0,
                right: 0,
            }],
        };
        assert!(cyclic.check(3).is_err());
    }
}
