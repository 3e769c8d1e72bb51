//! Mitigation: closing a gap, and what it costs. Post-processing with fairlearn's
//! [`threshold::ThresholdOptimizer`] (group-specific randomised thresholds on given scores) and
//! pre-processing with AIF360's [`reweighing()`] weights — each computed exactly as the peer does
//! (`../shared/design/FAIRNESS-MITIGATION.md`), tested against the peers' numbers.
//!
//! Inputs are plain slices: labels as `bool` (true = positive/favourable), scores as `f64`,
//! and each row's group as an index into a list of group names, so every door (CLI, HTTP,
//! Python) passes its data without copies of strings per row.

pub mod reweighing;
pub mod table;
pub mod threshold;

pub use reweighing::{kamiran_calders, reweighing};
pub use table::{Mitigation, RowGroups, mitigate, row_groups};
pub use threshold::{
    Constraint, GroupRule, Objective, Operation, Operator, ThresholdOptimizer, ThresholdRequest,
};
