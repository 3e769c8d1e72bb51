//! Errors of the audit: what the caller asked for does not fit the data.

use welfare_data::DataError;

/// Everything that can go wrong in an audit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// Reading or validating the input failed (names file, row and field).
    #[error(transparent)]
    Data(#[from] DataError),
    /// No rows to audit.
    #[error("no rows to audit")]
    Empty,
    /// The columns of the input have different lengths.
    #[error("column '{column}' has {found} rows, expected {expected}")]
    Length {
        column: String,
        found: usize,
        expected: usize,
    },
    /// A sensitive column with a single value: there are no groups to compare.
    #[error("sensitive column '{column}' has only one group ('{value}'): nothing to compare")]
    OneGroup { column: String, value: String },
    /// A sensitive column named that the input does not have.
    #[error("unknown sensitive column '{column}' (known: {known})")]
    UnknownColumn { column: String, known: String },
    /// A group condition names a value that never occurs.
    #[error("'{column}={value}' does not occur in the data (values: {known})")]
    UnknownValue {
        column: String,
        value: String,
        known: String,
    },
    /// A condition could not be parsed (expected COL=VALUE).
    #[error("cannot read the group condition '{text}': expected COL=VALUE[,COL=VALUE]")]
    BadCondition { text: String },
    /// A comparison group that contains no rows.
    #[error("the {which} group ({condition}) has no rows")]
    EmptyComparisonGroup {
        which: &'static str,
        condition: String,
    },
    /// A parameter out of range.
    #[error("{name}: {reason}")]
    Parameter { name: &'static str, reason: String },
}
