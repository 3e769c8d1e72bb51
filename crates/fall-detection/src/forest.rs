//! Bagged decision trees with random feature subspaces (a random forest at the tree level),
//! grown with linfa's CART (`linfa-trees`) and stored flat for JSON and allocation-free
//! scoring.
//!
//! Each tree sees a bootstrap sample (given to linfa as sample weights) and a random subset
//! of the features. A leaf's value is the weighted share of fall events among the in-bag
//! samples that reach it; the forest's probability is the mean over trees (as scikit-learn's
//! `predict_proba`). linfa-ensemble 0.8 offers bagging too, but without leaf probabilities
//! or a serialisable fitted model, which the detector needs.

use linfa::prelude::*;
use linfa_trees::{DecisionTree, SplitQuality, TreeNode};
use ndarray::{Array1, Array2};
use rand::Rng;
use rand::seq::index::sample;
use serde::{Deserialize, Serialize};

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

/// A node of a flat tree: a split (`x[feature] <= threshold` goes left) or a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Node {
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
        /// Share of fall windows in the leaf.
        p: f64,
    },
}

/// One tree, root at index 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// Nodes; the root is the first.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// Index of the leaf a sample reaches.
    #[inline]
    fn leaf(&self, x: &[f64]) -> usize {
        let mut i = 0;
        loop {
            match self.nodes[i] {
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => i = if x[feature] <= threshold { left } else { right },
                Node::Leaf { .. } => return i,
            }
        }
    }

    #[inline]
    /// Probability of a fall for one feature row.
    pub fn predict(&self, x: &[f64]) -> f64 {
        match self.nodes[self.leaf(x)] {
            Node::Leaf { p } => p,
            Node::Split { .. } => unreachable!("leaf() ends at a leaf"),
        }
    }

    fn check(&self, features: usize) -> Result<(), String> {
        let n = self.nodes.len();
        if n == 0 {
            return Err("empty tree".into());
        }
        for (i, node) in self.nodes.iter().enumerate() {
            match *node {
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    if feature >= features || !threshold.is_finite() {
                        return Err(format!("node {i}: bad feature or threshold"));
                    }
                    // children come after their parent: no cycles
                    if left <= i || right <= i || left >= n || right >= n {
                        return Err(format!("node {i}: bad child index"));
                    }
                }
                Node::Leaf { p } => {
                    if !(0.0..=1.0).contains(&p) {
                        return Err(format!("node {i}: leaf value outside 0-1"));
                    }
                }
            }
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
    pub trees: Vec<Tree>,
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
        let mut trees = Vec::with_capacity(params.trees);
        for b in 0..params.trees {
            let mut rng = welfare_data::rng::stream(params.seed, &format!("forest/tree/{b}"));
            let mut weight = vec![0u32; n];
            for _ in 0..n {
                weight[rng.gen_range(0..n)] += 1;
            }
            let mut cols: Vec<usize> = sample(&mut rng, f, m).into_vec();
            cols.sort_unstable();
            let rows: Vec<usize> = (0..n).filter(|&i| weight[i] > 0).collect();
            let mut sub = Array2::<f64>::zeros((rows.len(), m));
            for (r, &i) in rows.iter().enumerate() {
                for (c, &j) in cols.iter().enumerate() {
                    sub[(r, c)] = x[(i, j)];
                }
            }
            let targets: Array1<usize> = rows.iter().map(|&i| usize::from(y[i])).collect();
            // positives weigh 1 + 2^-12 more: linfa-trees breaks an exact tie between the
            // classes of a leaf by `HashMap` order (different from run to run), which changes
            // how it prunes; the tiny extra weight makes equal data give equal trees
            let weights: Array1<f32> = rows
                .iter()
                .map(|&i| weight[i] as f32 * if y[i] { 1.0 + 1.0 / 4096.0 } else { 1.0 })
                .collect();
            let positives: u32 = rows.iter().filter(|&&i| y[i]).map(|&i| weight[i]).sum();
            let total: u32 = rows.iter().map(|&i| weight[i]).sum();
            let tree = if positives == 0 || positives == total {
                // a one-class bootstrap: a single leaf
                Tree {
                    nodes: vec![Node::Leaf {
                        p: f64::from(positives) / f64::from(total),
                    }],
                }
            } else {
                let data = Dataset::new(sub.clone(), targets).with_weights(weights);
                let fitted = DecisionTree::params()
                    .split_quality(SplitQuality::Gini)
                    .max_depth(params.max_depth)
                    .min_weight_leaf(params.min_leaf)
                    .min_weight_split(2.0 * params.min_leaf)
                    .fit(&data)
                    .map_err(|e| FallError::Fit(e.to_string()))?;
                let mut tree = flatten(fitted.root_node(), &cols);
                set_leaf_values(&mut tree, &sub, &rows, y, &weight, &cols);
                tree
            };
            trees.push(tree);
        }
        Ok(Forest {
            params: *params,
            trees,
        })
    }
}

/// linfa's tree as flat nodes (features mapped back to the full vector).
fn flatten(root: &TreeNode<f64, usize>, cols: &[usize]) -> Tree {
    let mut nodes = Vec::new();
    fn walk(node: &TreeNode<f64, usize>, cols: &[usize], nodes: &mut Vec<Node>) -> usize {
        let at = nodes.len();
        if node.is_leaf() {
            let p = if node.prediction() == Some(1) {
                1.0
            } else {
                0.0
            };
            nodes.push(Node::Leaf { p });
            return at;
        }
        let (feature, threshold, _) = node.split();
        nodes.push(Node::Leaf { p: 0.0 }); // placeholder, replaced below
        let children = node.children();
        let left = match children[0] {
            Some(c) => walk(c, cols, nodes),
            None => {
                nodes.push(Node::Leaf { p: 0.0 });
                nodes.len() - 1
            }
        };
        let right = match children[1] {
            Some(c) => walk(c, cols, nodes),
            None => {
                nodes.push(Node::Leaf { p: 0.0 });
                nodes.len() - 1
            }
        };
        nodes[at] = Node::Split {
            feature: cols[feature],
            threshold,
            left,
            right,
        };
        at
    }
    walk(root, cols, &mut nodes);
    Tree { nodes }
}

/// Leaf values = weighted share of falls among the in-bag samples reaching each leaf (leaves
/// nobody reaches keep linfa's majority vote).
fn set_leaf_values(
    tree: &mut Tree,
    sub: &Array2<f64>,
    rows: &[usize],
    y: &[bool],
    weight: &[u32],
    cols: &[usize],
) {
    let width = cols.iter().max().map_or(0, |&c| c + 1);
    let mut full = vec![0.0; width];
    let mut pos = vec![0.0f64; tree.nodes.len()];
    let mut tot = vec![0.0f64; tree.nodes.len()];
    for (r, &i) in rows.iter().enumerate() {
        for (c, &j) in cols.iter().enumerate() {
            full[j] = sub[(r, c)];
        }
        let leaf = tree.leaf(&full);
        let w = f64::from(weight[i]);
        tot[leaf] += w;
        if y[i] {
            pos[leaf] += w;
        }
    }
    for (k, node) in tree.nodes.iter_mut().enumerate() {
        if let (Node::Leaf { p }, true) = (node, tot[k] > 0.0) {
            *p = pos[k] / tot[k];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
