//! Errors of the triage.

use welfare_data::DataError;

/// Everything that can go wrong when generating, training, scoring or evaluating.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TriageError {
    /// Reading or validating a case file failed (names file, row and field).
    #[error(transparent)]
    Data(#[from] DataError),
    /// The fairness audit failed.
    #[error(transparent)]
    Audit(#[from] fairness_audit::AuditError),
    /// A parameter out of range.
    #[error("{name}: {reason}")]
    Parameter {
        /// The setting.
        name: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// Data that cannot train or evaluate a model (e.g. a missing label column); names the file.
    #[error("{file}: {reason}")]
    Training {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// A model file that cannot be used.
    #[error("{file}: {reason}")]
    Model {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// linfa refused to fit.
    #[error("fitting failed: {0}")]
    Fit(String),
}
