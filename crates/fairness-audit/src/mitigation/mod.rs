//! Mitigation: closing a gap, and what it costs. Post-processing with fairlearn's
//! [`threshold::ThresholdOptimizer`] (group-specific randomised thresholds on given scores),
//! AIF360's [`calibrated::CalibratedEqOdds`] (scores mixed with the group's base rate) and
//! [`reject_option::RejectOption`] (a band around the threshold decided in the unprivileged
//! group's favour), and pre-processing with AIF360's [`reweighing()`] weights — each computed
//! exactly as the peer does
//! (`../shared/design/FAIRNESS-MITIGATION.md`), tested against the peers' numbers.
//!
//! Inputs are plain slices: labels as `bool` (true = positive/favourable), scores as `f64`,
//! and each row's group as an index into a list of group names, so every door (CLI, HTTP,
//! Python) passes its data without copies of strings per row.

/// `Deserialize` through `FromStr`, so a request read from JSON or a form refuses a wrong
/// name with the library's message (naming the field and the known names).
macro_rules! deserialize_from_str {
    ($($t:ty),*) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
pub(crate) use deserialize_from_str;

pub mod calibrated;
pub mod reject_option;
pub mod reweighing;
pub mod table;
pub mod threshold;

pub use calibrated::{CalibratedEqOdds, CalibratedGroup, CalibratedRequest, CostConstraint};
pub use reject_option::{FairnessMetric, RejectOption, RejectOptionRequest};

pub use reweighing::{kamiran_calders, reweighing};
pub use table::{Fitted, Method, Mitigation, RowGroups, mitigate, row_groups, two_groups};
pub use threshold::{
    Constraint, GroupRule, Objective, Operation, Operator, ThresholdOptimizer, ThresholdRequest,
};

/// numpy's `linspace(start, stop, num)`: `i·step + start` with `step = (stop − start)/(num − 1)`,
/// the last point exactly `stop` (one point: `start`), so grids equal the peers' bit for bit.
pub(crate) fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num <= 1 {
        return vec![start; num];
    }
    let div = (num - 1) as f64;
    let delta = stop - start;
    let step = delta / div;
    let mut out: Vec<f64> = (0..num)
        .map(|i| {
            if step == 0.0 {
                i as f64 / div * delta + start
            } else {
                i as f64 * step + start
            }
        })
        .collect();
    out[num - 1] = stop;
    out
}
