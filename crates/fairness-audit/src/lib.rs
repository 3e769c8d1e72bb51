//! # fairness-audit
//!
//! Group-fairness metrics for decisions and allocations, with the numbers of the peers people
//! trust: fairlearn 0.15 (`MetricFrame`, differences and ratios by both methods), AIF360 0.6
//! (privileged/unprivileged comparisons, Theil and generalized entropy indices, smoothed
//! empirical differential fairness) and Aequitas 1.1 (disparities to a reference group with τ
//! verdicts): identical to 1e-12 on the German Credit reference data.
//!
//! One pass over the rows builds confusion counts (and score sums) per *cell*: every observed
//! combination of all sensitive columns. Every group, intersection, privileged set and union
//! of conditions is a set of cells, so no metric re-scans the rows, and bootstrap resamples are
//! drawn as multinomial cell counts.
//!
//! ```
//! use fairness_audit::{Method, Metric, MetricFrame, Undefined};
//! use welfare_data::{Categorical, Predictions};
//!
//! let data = Predictions {
//!     y_true: vec![true, true, false, false, true, false],
//!     y_pred: vec![true, false, false, true, true, true],
//!     y_score: None,
//!     sensitive: vec![Categorical::encode("sex", &["f", "f", "f", "m", "m", "m"])],
//! };
//! let frame = MetricFrame::new(&data, &["sex"], Undefined::Null)?;
//! assert_eq!(frame.by_group(Metric::SelectionRate), vec![Some(1.0 / 3.0), Some(1.0)]);
//! assert_eq!(frame.overall(Metric::SelectionRate), Some(4.0 / 6.0));
//! assert_eq!(frame.demographic_parity_difference(Method::BetweenGroups), Some(1.0 - 1.0 / 3.0));
//! # Ok::<(), fairness_audit::AuditError>(())
//! ```
//!
//! The whole audit (all metrics, disparities, comparisons, intervals, warnings) is [`audit()`];
//! reports for people are [`report::markdown`] and [`report::html`].

#![warn(missing_docs)]

pub mod aequitas;
pub mod aif360;
pub mod allocation;
pub mod audit;
pub mod bootstrap;
pub mod cells;
pub mod counts;
pub mod error;
pub mod exact_sum;
pub mod frame;
pub mod metrics;
pub mod mitigation;
pub mod report;

pub use aif360::{Comparison, Condition};
pub use allocation::{AllocationAudit, Placement, audit_allocation};
pub use audit::{
    AequitasGroup, AequitasSummary, AuditOptions, ComparisonSummary, GroupRow, Interval, Key,
    MetricValues, Named, Report, Section, Spread, audit, audit_counts,
};
pub use bootstrap::Bootstrap;
pub use cells::{Cells, Grouping, Stats};
pub use counts::{CellCount, Counts};
pub use error::AuditError;
pub use exact_sum::ExactSum;
pub use frame::{Aggregation, Extreme, Method, MetricFrame};
pub use metrics::{Metric, Undefined};

use welfare_data::Predictions;

impl MetricFrame {
    /// Counts `data` and builds the frame for the named sensitive columns (several = their
    /// intersection). For many frames over the same data, count once with [`Cells::count`]
    /// and use [`MetricFrame::from_cells`].
    pub fn new(
        data: &Predictions,
        sensitive: &[&str],
        undefined: Undefined,
    ) -> Result<MetricFrame, AuditError> {
        let cells = Cells::count(data)?;
        let columns = sensitive
            .iter()
            .map(|c| cells.column_index(c))
            .collect::<Result<Vec<_>, _>>()?;
        let grouping = cells.grouping(&columns);
        let sorted = data
            .y_score
            .as_deref()
            .map(|s| metrics::SortedScores::new(s, &data.y_true, &cells.row_cell));
        Ok(MetricFrame::from_cells(
            &cells,
            &grouping,
            sorted.as_ref(),
            undefined,
        ))
    }
}
