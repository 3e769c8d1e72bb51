//! Errors of the fall detector.

use welfare_data::DataError;

/// Everything that can go wrong when training, detecting or evaluating.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FallError {
    /// Reading or validating a signal file failed (names file, row and field).
    #[error(transparent)]
    Data(#[from] DataError),
    /// A parameter out of range.
    #[error("{name}: {reason}")]
    Parameter {
        /// The setting.
        name: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// Training data that cannot train a detector (e.g. no fall trial).
    #[error("training data: {0}")]
    Training(String),
    /// A signal that does not fit the model (sampling rate, missing gyroscope, unlabelled).
    #[error("{source_name}: trial {trial}: {reason}")]
    Signal {
        /// The recording (file or dataset name).
        source_name: String,
        /// The trial key.
        trial: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// A streamed sample that does not fit the model (rate, missing gyroscope, NaN).
    #[error("{0}")]
    Stream(String),
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
    /// A folder or file that cannot be read (not a data error inside a file).
    #[error("{file}: {reason}")]
    Io {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What is wrong, in plain words.
        reason: String,
        #[source]
        /// The operating system's error.
        source: std::io::Error,
    },
    /// Writing the alarms failed (e.g. the reader closed the pipe).
    #[error("writing the alarms failed: {}", welfare_data::error::io_reason(.0))]
    Output(#[source] std::io::Error),
}
