//! The one error type of the data layer.
//!
//! Every variant names the file (its path, or the name of an embedded dataset) and, where it
//! applies, the row and the field. Rows are 1-based with the header as row 1, so the first data
//! row of a CSV file is row 2 (the line a spreadsheet shows). Parquet files have no header row:
//! their first record is row 1.
//!
//! Privacy: messages never repeat cell values, except identifiers (`child_id`, `case_id`, ...),
//! so an error can be logged or shown without leaking personal data.

use std::path::PathBuf;

/// Everything that can go wrong while reading, validating or writing the suite's formats.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// The file could not be opened, read or written. The message says why in plain words
    /// (the operating system's text is the error's source, not repeated in the message).
    #[error("{file}: {action} failed: {}", io_reason(.source))]
    Io {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What was being done (`reading`, `writing`).
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A folder was given where a file is expected (or the other way round).
    #[error("{file}: {reason}")]
    NotAFile {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// The file has no content at all (not even a header row).
    #[error("{file}: the file is empty; expected a header row with the columns {expected}")]
    EmptyFile {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What was expected.
        expected: String,
    },
    /// The file has a header but no data rows where at least one is required.
    #[error("{file}: the file has a header but no data rows")]
    NoRows {
        /// The file (as given), or the dataset's name.
        file: String,
    },
    /// Bytes that are not valid UTF-8.
    #[error(
        "{file}: row {row}, field '{field}': invalid UTF-8 (byte offset {byte}); save the file as UTF-8"
    )]
    BadUtf8 {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
        /// Byte offset of the invalid sequence.
        byte: usize,
    },
    /// A required column is not in the header.
    #[error("{file}: missing column '{column}' (the file has: {found})")]
    MissingColumn {
        /// The file (as given), or the dataset's name.
        file: String,
        /// The column.
        column: String,
        /// What was found.
        found: String,
    },
    /// The header names a column twice, or has an empty name.
    #[error("{file}: row 1, field '{column}': {reason}")]
    BadHeader {
        /// The file (as given), or the dataset's name.
        file: String,
        /// The column.
        column: String,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// A row has a different number of fields than the header.
    #[error("{file}: row {row}: has {found} fields, the header has {expected}{}",
        .hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    FieldCount {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// What was found.
        found: usize,
        /// What was expected.
        expected: usize,
        /// The likely cause, where one is recognised (e.g. a decimal comma).
        hint: Option<String>,
    },
    /// A required value is empty.
    #[error("{file}: row {row}, field '{field}': value is missing")]
    MissingValue {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
    },
    /// A value that cannot be read as the field's type.
    #[error("{file}: row {row}, field '{field}': expected {expected}")]
    WrongType {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
        /// What was expected.
        expected: &'static str,
    },
    /// NaN or infinity where a finite number is required.
    #[error("{file}: row {row}, field '{field}': value is not a finite number (NaN or infinity)")]
    NotFinite {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
    },
    /// A reference to an id that the referenced table does not contain.
    #[error("{file}: row {row}, field '{field}': unknown {kind} id '{id}'")]
    UnknownId {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
        /// What the id names (`daycare`, `child`).
        kind: &'static str,
        /// The id that is not known.
        id: String,
    },
    /// An id (or another value that must be unique) appears twice.
    #[error("{file}: row {row}, field '{field}': duplicate {what} (first in row {first_row})")]
    Duplicate {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
        /// What is duplicated.
        what: String,
        /// Row of the first occurrence.
        first_row: usize,
    },
    /// A value of the right type that breaks a rule of the format.
    #[error("{file}: row {row}, field '{field}': {reason}")]
    Invalid {
        /// The file (as given), or the dataset's name.
        file: String,
        /// 1-based row as a spreadsheet shows it (header = row 1).
        row: usize,
        /// The column.
        field: String,
        /// What is wrong, in plain words.
        reason: String,
        /// The same in German, where the caller wrote it ([`Cell::invalid_de`]); pages in
        /// German show it ([`DataError::german`]).
        reason_de: Option<String>,
    },
    /// The bytes are not a readable file of the expected format (bad gzip, broken Parquet, ...).
    #[error("{file}: not a readable {format} file: {reason}")]
    Corrupt {
        /// The file (as given), or the dataset's name.
        file: String,
        /// The file format.
        format: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// Arguments given by the caller that do not fit the data (e.g. the same column twice).
    #[error("{file}: {reason}")]
    Usage {
        /// The file (as given), or the dataset's name.
        file: String,
        /// What is wrong, in plain words.
        reason: String,
    },
}

impl DataError {
    /// An I/O error on `file`; a folder where a file was expected is named as such.
    pub fn io(file: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> Self {
        let path = file.into();
        let file = path.display().to_string();
        if path.is_dir() {
            return DataError::NotAFile {
                file,
                reason: "is a folder, expected a file".into(),
            };
        }
        DataError::Io {
            file,
            action,
            source,
        }
    }

    /// The file (path or embedded name) the error is about.
    pub fn file(&self) -> &str {
        match self {
            DataError::Io { file, .. }
            | DataError::NotAFile { file, .. }
            | DataError::EmptyFile { file, .. }
            | DataError::NoRows { file }
            | DataError::BadUtf8 { file, .. }
            | DataError::MissingColumn { file, .. }
            | DataError::BadHeader { file, .. }
            | DataError::FieldCount { file, .. }
            | DataError::MissingValue { file, .. }
            | DataError::WrongType { file, .. }
            | DataError::NotFinite { file, .. }
            | DataError::UnknownId { file, .. }
            | DataError::Duplicate { file, .. }
            | DataError::Invalid { file, .. }
            | DataError::Corrupt { file, .. }
            | DataError::Usage { file, .. } => file,
        }
    }

    /// The 1-based row the error is about, if it is about one row.
    pub fn row(&self) -> Option<usize> {
        match self {
            DataError::BadUtf8 { row, .. }
            | DataError::FieldCount { row, .. }
            | DataError::MissingValue { row, .. }
            | DataError::WrongType { row, .. }
            | DataError::NotFinite { row, .. }
            | DataError::UnknownId { row, .. }
            | DataError::Duplicate { row, .. }
            | DataError::Invalid { row, .. } => Some(*row),
            DataError::BadHeader { .. } => Some(1),
            _ => None,
        }
    }

    /// The field (column) the error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            DataError::BadUtf8 { field, .. }
            | DataError::MissingValue { field, .. }
            | DataError::WrongType { field, .. }
            | DataError::NotFinite { field, .. }
            | DataError::UnknownId { field, .. }
            | DataError::Duplicate { field, .. }
            | DataError::Invalid { field, .. } => Some(field),
            DataError::MissingColumn { column, .. } | DataError::BadHeader { column, .. } => {
                Some(column)
            }
            _ => None,
        }
    }
}

/// The reason of an I/O error in plain words, without the `(os error N)` suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "no such file or folder".into(),
        K::PermissionDenied => "permission denied".into(),
        K::IsADirectory => "is a folder, expected a file".into(),
        K::NotADirectory => "a part of the path is not a folder".into(),
        K::AlreadyExists => "already exists".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the file system is read-only".into(),
        K::InvalidData => "the data is not valid text".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

/// Where a value sits: file, row and field. Builds the errors that name all three.
#[derive(Debug, Clone, Copy)]
pub struct Cell<'a> {
    /// The file.
    pub file: &'a str,
    /// 1-based row (header = row 1).
    pub row: usize,
    /// The column.
    pub field: &'a str,
}

impl Cell<'_> {
    /// The field is empty.
    pub fn missing(&self) -> DataError {
        DataError::MissingValue {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
        }
    }
    /// The field is not of the expected type.
    pub fn wrong_type(&self, expected: &'static str) -> DataError {
        DataError::WrongType {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
            expected,
        }
    }
    /// The number is not finite (NaN, inf).
    pub fn not_finite(&self) -> DataError {
        DataError::NotFinite {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
        }
    }
    /// The field is invalid for `reason`.
    pub fn invalid(&self, reason: impl Into<String>) -> DataError {
        DataError::Invalid {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
            reason: reason.into(),
            reason_de: None,
        }
    }
    /// [`Cell::invalid`] with the reason in German too, for pages in German.
    pub fn invalid_de(&self, reason: impl Into<String>, german: impl Into<String>) -> DataError {
        DataError::Invalid {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
            reason: reason.into(),
            reason_de: Some(german.into()),
        }
    }
    /// The field names an id that is not known.
    pub fn unknown_id(&self, kind: &'static str, id: &str) -> DataError {
        DataError::UnknownId {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
            kind,
            id: id.to_owned(),
        }
    }
    /// The value occurred before, in `first_row`.
    pub fn duplicate(&self, what: impl Into<String>, first_row: usize) -> DataError {
        DataError::Duplicate {
            file: self.file.to_owned(),
            row: self.row,
            field: self.field.to_owned(),
            what: what.into(),
            first_row,
        }
    }
}

/// Result alias of the data layer.
pub type Result<T, E = DataError> = std::result::Result<T, E>;
