//! Errors of the allocator.

use welfare_data::DataError;

/// Everything that can go wrong when allocating, checking or explaining.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AllocationError {
    /// Reading or validating files failed (names file, row and field).
    #[error(transparent)]
    Data(#[from] DataError),
    /// The fairness audit of an allocation failed.
    #[error(transparent)]
    Audit(#[from] fairness_audit::AuditError),
    /// An assignment that breaks the rules of the instance.
    #[error("{file}: row {row}, field '{field}': {reason}")]
    InvalidAssignment {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// A parameter out of range.
    #[error("{name}: {reason}")]
    Parameter {
        /// The setting.
        name: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// The constraints admit no allocation.
    #[error("infeasible: {0}")]
    Infeasible(String),
    /// The optimisation solver failed.
    #[error("{0}")]
    Solver(String),
}
