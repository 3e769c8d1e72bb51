//! Errors of a season.

use welfare_data::DataError;

/// Everything that can go wrong in a season command. Nothing is changed when a command fails.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeasonError {
    /// A file is unreadable or a row cannot apply (names file, row and field).
    #[error(transparent)]
    Data(#[from] DataError),
    /// A setting of the request is out of range (names the setting).
    #[error("{field}: {reason}")]
    Request {
        /// The setting, as on the command line.
        field: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// The database cannot be opened, read or written.
    #[error("database {db}: {reason}")]
    Store {
        /// The database, without password.
        db: String,
        /// What failed.
        reason: String,
    },
    /// `init` on a database that already holds a season.
    #[error("database {0} already holds a season; use another file or database")]
    Exists(String),
    /// A command on a database without a season.
    #[error("database {0} holds no season; create one with `welfare daycare season init`")]
    NoSeason(String),
    /// The database was written by a newer version of this program.
    #[error("database {db} has schema version {found}; this program knows up to {known}")]
    Schema {
        /// The database.
        db: String,
        /// Its schema version.
        found: i64,
        /// The newest this program knows.
        known: i64,
    },
    /// `replay` or `verify` found a difference or a broken rule.
    #[error("{0}")]
    Verification(String),
    /// The round's mechanism gave no allocation: the season's constraints cannot all be met,
    /// or the solver failed (nothing was changed).
    #[error("the round could not be computed: {0}; nothing was changed")]
    Allocation(#[from] daycare_allocation::AllocationError),
}

impl SeasonError {
    pub(crate) fn request(field: &'static str, reason: impl Into<String>) -> SeasonError {
        SeasonError::Request {
            field,
            reason: reason.into(),
        }
    }
}
