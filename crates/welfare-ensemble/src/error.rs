//! Errors of the ensemble.

/// What can go wrong when fitting or loading an ensemble.
#[derive(Debug, thiserror::Error)]
pub enum EnsembleError {
    /// A hyperparameter out of range (checked before any fitting).
    #[error("parameter '{name}': {reason}")]
    Parameter {
        /// The parameter.
        name: &'static str,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// The training data cannot be fitted (shapes, empty, non-finite values, labels).
    #[error("training data: {0}")]
    Data(String),
    /// The booster library failed.
    #[error("gradient boosting failed: {0}")]
    Fit(String),
    /// A stored model is inconsistent (checked when it is loaded).
    #[error("tree ensemble: {0}")]
    Model(String),
}
