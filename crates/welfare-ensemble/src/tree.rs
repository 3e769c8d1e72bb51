//! One regression tree in the suite's stable format.

use serde::{Deserialize, Serialize};

use crate::error::EnsembleError;

/// A node. A split sends a row left when `x[feature] < threshold`, to `missing` when the
/// value is NaN, right otherwise. Every node carries the `value` the tree would give a row that
/// stopped there (for a leaf: its output), so a row's output splits into per-feature
/// contributions along its path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Node {
    /// An inner node.
    Split {
        /// Index of the feature tested.
        feature: usize,
        /// Rows with `x[feature] < threshold` go left.
        threshold: f64,
        /// Index of the left child.
        left: usize,
        /// Index of the right child.
        right: usize,
        /// Index of the child for a missing (NaN) value.
        missing: usize,
        /// The node's value before the split.
        value: f64,
    },
    /// A leaf.
    Leaf {
        /// The leaf's output.
        value: f64,
    },
}

impl Node {
    /// The node's value (a leaf's output, an inner node's value before its split).
    pub fn value(&self) -> f64 {
        match self {
            Node::Split { value, .. } | Node::Leaf { value } => *value,
        }
    }
}

/// A tree: `nodes[0]` is the root; children come after their parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// The nodes, root first.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// Index of the leaf a row reaches.
    #[inline]
    pub fn leaf(&self, x: &[f64]) -> usize {
        let mut i = 0;
        while let Node::Split {
            feature,
            threshold,
            left,
            right,
            missing,
            ..
        } = &self.nodes[i]
        {
            let v = x[*feature];
            i = if v < *threshold {
                *left
            } else if v.is_nan() {
                *missing
            } else {
                *right
            };
        }
        i
    }

    /// The tree's output for a row.
    #[inline]
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.nodes[self.leaf(x)].value()
    }

    /// Adds the row's per-feature contributions to `out` (`out[feature]`: the change of value
    /// at the splits on that feature along the row's path; Saabas' decomposition) and returns
    /// the root's value: root value + Σ contributions = the output.
    pub fn contributions(&self, x: &[f64], out: &mut [f64]) -> f64 {
        let mut i = 0;
        while let Node::Split {
            feature,
            threshold,
            left,
            right,
            missing,
            value,
        } = &self.nodes[i]
        {
            let v = x[*feature];
            let next = if v < *threshold {
                *left
            } else if v.is_nan() {
                *missing
            } else {
                *right
            };
            out[*feature] += self.nodes[next].value() - value;
            i = next;
        }
        self.nodes[0].value()
    }

    /// The splits on a row's path: `(feature, whether the row went right)`, root first.
    pub fn path(&self, x: &[f64]) -> Vec<(usize, bool)> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Node::Split {
            feature,
            threshold,
            left,
            right,
            missing,
            ..
        } = &self.nodes[i]
        {
            let v = x[*feature];
            let (next, went_right) = if v < *threshold {
                (*left, false)
            } else if v.is_nan() {
                (*missing, *missing == *right)
            } else {
                (*right, true)
            };
            out.push((*feature, went_right));
            i = next;
        }
        out
    }

    /// Checks a stored tree against the feature count: children after their parent and in
    /// range (so every walk ends), finite values and thresholds.
    pub fn check(&self, features: usize) -> Result<(), EnsembleError> {
        if self.nodes.is_empty() {
            return Err(EnsembleError::Model("a tree without nodes".into()));
        }
        let n = self.nodes.len();
        for (i, node) in self.nodes.iter().enumerate() {
            if !node.value().is_finite() {
                return Err(EnsembleError::Model(format!(
                    "node {i}: value is not finite"
                )));
            }
            if let Node::Split {
                feature,
                threshold,
                left,
                right,
                missing,
                ..
            } = node
            {
                if *feature >= features {
                    return Err(EnsembleError::Model(format!(
                        "node {i} tests feature {feature}, the model has {features}"
                    )));
                }
                if threshold.is_nan() {
                    return Err(EnsembleError::Model(format!("node {i}: threshold is NaN")));
                }
                if [left, right, missing].iter().any(|&&c| c <= i || c >= n) {
                    return Err(EnsembleError::Model(format!(
                        "node {i}: a child index is out of order or out of range"
                    )));
                }
            }
        }
        Ok(())
    }
}
