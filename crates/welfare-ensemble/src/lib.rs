//! The suite's tree ensemble, shared by `debt-triage` and `fall-detection`.
//!
//! - [`BoostingParams`] → [`BoostingParams::check`] → [`Boosting`]: hyperparameters are
//!   checked before any fitting (linfa's `ParamGuard` habit).
//! - [`Boosting::fit`] grows gradient-boosted trees for a binary target with
//!   [forust-ml](https://crates.io/crates/forust-ml) (log-loss, histogram splits, loss-guided
//!   growth, seeded early stopping on a held-out share) and returns a [`Booster`] in the
//!   suite's own [`Tree`] format: the model file stays the suite's, readable without forust,
//!   and predictions and per-feature contributions are computed here.
//! - [`CartTree::fit`] grows one binary CART tree (linfa-trees) on weighted rows and a feature
//!   subset, stored flat ([`CartNode`]): the single trees and random forests of the prototypes
//!   are made of these, so there is one tree format and one way to grow them.
//! - [`Classes`]: several classes from binary boosters, ordered ([`Decomposition::Ordinal`],
//!   Frank & Hall 2001) or unordered ([`Decomposition::OneVsRest`]).
//!
//! Deterministic: forust runs single-threaded here and every random step (row sampling, the
//! early-stopping split) takes [`BoostingParams::seed`]; equal data and seed give equal trees
//! on every machine.
#![deny(missing_docs)]

mod boosting;
mod cart;
mod classes;
mod error;
mod tree;

pub use boosting::{Booster, Boosting, BoostingParams};
pub use cart::{CartNode, CartParams, CartTree, LeafValue, bootstrap_weights};
pub use classes::{Classes, Decomposition};
pub use error::EnsembleError;
pub use tree::{Node, Tree};
