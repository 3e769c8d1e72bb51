//! Tables read from CSV, gzip-compressed CSV or Parquet, with typed, validated column access.
//!
//! The bytes go through [`scan_csv`](crate::scan::scan_csv) first (exact row/field errors for
//! bad UTF-8 and ragged rows), then through polars' multi-threaded CSV reader with every column
//! read as text; values are parsed by the typed accessors below, so each bad value is reported
//! with its file, row and field. Parquet columns keep their types (numbers are not re-parsed).

use std::io::{Cursor, Read, Write};
use std::path::Path;

use polars::prelude::*;

use crate::atomic::write_atomic;
use crate::categorical::{Categorical, CategoricalBuilder};
use crate::error::{Cell, DataError};
use crate::parse;
use crate::scan::scan_csv;

/// The on-disk formats a [`Table`] can be read from and written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    CsvGz,
    Parquet,
}

impl FileFormat {
    /// The format a path's extension asks for when writing (`.parquet`/`.pq`, `.gz`, else CSV).
    pub fn from_path(path: &Path) -> FileFormat {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".parquet") || name.ends_with(".pq") {
            FileFormat::Parquet
        } else if name.ends_with(".gz") {
            FileFormat::CsvGz
        } else {
            FileFormat::Csv
        }
    }

    /// The format of a file's bytes, by magic number (Parquet `PAR1`, gzip `1f 8b`), else CSV.
    pub fn sniff(bytes: &[u8]) -> FileFormat {
        if bytes.starts_with(b"PAR1") {
            FileFormat::Parquet
        } else if bytes.starts_with(&[0x1f, 0x8b]) {
            FileFormat::CsvGz
        } else {
            FileFormat::Csv
        }
    }
}

/// A table with a name for messages (a path, or the name of an embedded dataset).
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    frame: DataFrame,
    /// Row number (as shown in messages) of the first data record: 2 for CSV (header = row 1),
    /// 1 for Parquet.
    first_row: usize,
}

impl Table {
    /// Reads a table from a file; the format is recognised from the file's bytes.
    pub fn read(path: impl AsRef<Path>) -> Result<Table, DataError> {
        Self::read_expecting(path, &[])
    }

    /// Like [`Table::read`]; `expected` columns are named if the file turns out to be empty.
    pub fn read_expecting(path: impl AsRef<Path>, expected: &[&str]) -> Result<Table, DataError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| DataError::io(path, "reading", e))?;
        Self::from_bytes(&path.display().to_string(), &bytes, expected)
    }

    /// Reads a table from bytes (for embedded datasets); `name` is used in every message.
    pub fn from_bytes(name: &str, bytes: &[u8], expected: &[&str]) -> Result<Table, DataError> {
        match FileFormat::sniff(bytes) {
            FileFormat::Parquet => Self::from_parquet(name, bytes),
            FileFormat::CsvGz => {
                let text = gunzip(name, bytes)?;
                Self::from_csv(name, &text, expected)
            }
            FileFormat::Csv => Self::from_csv(name, bytes, expected),
        }
    }

    /// Reads CSV bytes (UTF-8, comma separated, header row).
    pub fn from_csv(name: &str, bytes: &[u8], expected: &[&str]) -> Result<Table, DataError> {
        let layout = scan_csv(name, bytes, expected)?;
        let frame = if layout.rows == 0 {
            // polars cannot build columns from a header alone; the scan already has the names.
            let columns = layout
                .header
                .iter()
                .map(|h| Column::new(h.as_str().into(), Vec::<String>::new()))
                .collect();
            DataFrame::new(0, columns).map_err(|e| corrupt(name, "CSV", e))?
        } else {
            CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(Some(0)) // every column as text; we parse with errors
                .with_raise_if_empty(false)
                .into_reader_with_file_handle(Cursor::new(layout.body))
                .finish()
                .map_err(|e| corrupt(name, "CSV", e))?
        };
        if frame.height() != layout.rows {
            return Err(DataError::Corrupt {
                file: name.to_owned(),
                format: "CSV",
                reason: format!(
                    "read {} rows but the file has {}; check quoting",
                    frame.height(),
                    layout.rows
                ),
            });
        }
        let mut table = Table::from_frame(name, frame);
        // Header names as the scan trimmed them (polars keeps surrounding spaces).
        let names: Vec<PlSmallStr> = layout.header.iter().map(|h| h.as_str().into()).collect();
        table
            .frame
            .set_column_names(&names)
            .map_err(|e| corrupt(name, "CSV", e))?;
        Ok(table)
    }

    /// Reads Parquet bytes.
    pub fn from_parquet(name: &str, bytes: &[u8]) -> Result<Table, DataError> {
        let frame = ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| corrupt(name, "Parquet", e))?;
        Ok(Table {
            name: name.to_owned(),
            frame,
            first_row: 1,
        })
    }

    /// Wraps a data frame built in memory (row numbers as in CSV: first data row = 2).
    pub fn from_frame(name: &str, frame: DataFrame) -> Table {
        Table {
            name: name.to_owned(),
            frame,
            first_row: 2,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of data rows.
    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// The underlying polars frame.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// Column names in file order.
    pub fn column_names(&self) -> Vec<String> {
        self.frame
            .get_column_names()
            .into_iter()
            .map(|c| c.to_string())
            .collect()
    }

    /// Whether the table has a column.
    pub fn has(&self, column: &str) -> bool {
        self.frame.column(column).is_ok()
    }

    /// The row number (as used in messages) of the 0-based record `index`.
    pub fn row_number(&self, index: usize) -> usize {
        index + self.first_row
    }

    /// A cell location for messages.
    pub fn cell<'a>(&'a self, index: usize, field: &'a str) -> Cell<'a> {
        Cell {
            file: &self.name,
            row: self.row_number(index),
            field,
        }
    }

    /// Fails unless the table has at least one data row.
    pub fn require_rows(&self) -> Result<(), DataError> {
        if self.height() == 0 {
            Err(DataError::NoRows {
                file: self.name.clone(),
            })
        } else {
            Ok(())
        }
    }

    /// Fails with [`DataError::MissingColumn`] for the first of `columns` the table lacks.
    pub fn require_columns(&self, columns: &[&str]) -> Result<(), DataError> {
        for c in columns {
            self.column(c)?;
        }
        Ok(())
    }

    fn column(&self, column: &str) -> Result<&Series, DataError> {
        self.frame
            .column(column)
            .map(|c| c.as_materialized_series())
            .map_err(|_| DataError::MissingColumn {
                file: self.name.clone(),
                column: column.to_owned(),
                found: self.column_names().join(","),
            })
    }

    fn first_value_row(&self, series: &Series) -> usize {
        let index = (0..series.len())
            .find(|&i| series.get(i).is_ok_and(|v| !v.is_null()))
            .unwrap_or(0);
        self.row_number(index)
    }

    fn column_type_error(&self, series: &Series, field: &str, expected: &'static str) -> DataError {
        Cell {
            file: &self.name,
            row: self.first_value_row(series),
            field,
        }
        .wrong_type(expected)
    }

    /// A column as text (numbers in Parquet columns are converted; CSV columns already are).
    fn text_column(&self, column: &str) -> Result<Series, DataError> {
        let series = self.column(column)?;
        if series.dtype() == &DataType::String {
            Ok(series.clone())
        } else {
            series
                .cast(&DataType::String)
                .map_err(|_| self.column_type_error(series, column, "text"))
        }
    }

    /// A required text column (values trimmed; empty values are errors). Numbers in Parquet
    /// columns are converted to text.
    pub fn strings(&self, column: &str) -> Result<Vec<String>, DataError> {
        let series = self.text_column(column)?;
        let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
        ca.iter()
            .enumerate()
            .map(|(i, v)| match v {
                Some(s) => parse::text(self.cell(i, column), s),
                None => Err(self.cell(i, column).missing()),
            })
            .collect()
    }

    /// A required text column, dictionary-encoded with sorted levels (for group columns:
    /// one pass, no string allocated per row).
    pub fn categorical(&self, column: &str) -> Result<Categorical, DataError> {
        let series = self.text_column(column)?;
        let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
        let mut builder = CategoricalBuilder::default();
        builder.codes.reserve(ca.len());
        for (i, v) in ca.iter().enumerate() {
            match v.map(str::trim).filter(|s| !s.is_empty()) {
                Some(s) => builder.push(s),
                None => return Err(self.cell(i, column).missing()),
            }
        }
        Ok(builder.finish(column))
    }

    /// An optional text column: `None` if the column is absent; empty values are `None`.
    pub fn optional_strings(&self, column: &str) -> Result<Option<Vec<Option<String>>>, DataError> {
        if !self.has(column) {
            return Ok(None);
        }
        let series = self.text_column(column)?;
        let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
        Ok(Some(
            ca.iter()
                .map(|v| {
                    v.map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                })
                .collect(),
        ))
    }

    /// A required column of finite numbers.
    pub fn f64s(&self, column: &str) -> Result<Vec<f64>, DataError> {
        let series = self.column(column)?;
        match series.dtype() {
            DataType::String => {
                let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Some(s) => parse::finite_f64(self.cell(i, column), s),
                        None => Err(self.cell(i, column).missing()),
                    })
                    .collect()
            }
            dt if dt.is_primitive_numeric() => {
                let cast = series
                    .cast(&DataType::Float64)
                    .map_err(|e| corrupt(&self.name, "table", e))?;
                let ca = cast.f64().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Some(x) => parse::check_finite(self.cell(i, column), x),
                        None => Err(self.cell(i, column).missing()),
                    })
                    .collect()
            }
            _ => Err(self.column_type_error(series, column, "a number")),
        }
    }

    /// A required column of integers.
    pub fn i64s(&self, column: &str) -> Result<Vec<i64>, DataError> {
        let series = self.column(column)?;
        match series.dtype() {
            DataType::String => {
                let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Some(s) => parse::integer(self.cell(i, column), s),
                        None => Err(self.cell(i, column).missing()),
                    })
                    .collect()
            }
            dt if dt.is_integer() || dt == &DataType::Boolean => {
                let cast = series
                    .cast(&DataType::Int64)
                    .map_err(|_| self.column_type_error(series, column, "an integer"))?;
                let ca = cast.i64().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| v.ok_or_else(|| self.cell(i, column).missing()))
                    .collect()
            }
            dt if dt.is_float() => {
                // Integral floats are accepted (as pandas writes integer columns with gaps).
                let cast = series
                    .cast(&DataType::Float64)
                    .map_err(|e| corrupt(&self.name, "table", e))?;
                let ca = cast.f64().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let cell = self.cell(i, column);
                        let x = parse::check_finite(cell, v.ok_or_else(|| cell.missing())?)?;
                        if x.fract() == 0.0 && x.abs() < 9.0e15 {
                            Ok(x as i64)
                        } else {
                            Err(cell.wrong_type("an integer"))
                        }
                    })
                    .collect()
            }
            _ => Err(self.column_type_error(series, column, "an integer")),
        }
    }

    /// A required column of 0/1 flags.
    pub fn flags(&self, column: &str) -> Result<Vec<bool>, DataError> {
        let series = self.column(column)?;
        match series.dtype() {
            DataType::String => {
                let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Some(s) => parse::flag(self.cell(i, column), s),
                        None => Err(self.cell(i, column).missing()),
                    })
                    .collect()
            }
            _ => self
                .i64s(column)?
                .into_iter()
                .enumerate()
                .map(|(i, v)| parse::flag_from_int(self.cell(i, column), v))
                .collect(),
        }
    }

    /// Adds the columns of `other` (same number of rows) to the right. A column name that
    /// exists already is an error: nothing of the input is overwritten.
    pub fn append(&mut self, other: Table) -> Result<(), DataError> {
        for name in other.column_names() {
            if self.has(&name) {
                return Err(DataError::Usage {
                    file: self.name.clone(),
                    reason: format!("the table already has a column {name:?}; rename it first"),
                });
            }
        }
        let columns: Vec<Column> = other.frame.columns().to_vec();
        self.frame = self.frame.hstack(&columns).map_err(|e| DataError::Usage {
            file: self.name.clone(),
            reason: e.to_string(),
        })?;
        Ok(())
    }

    /// Writes the table as CSV (with header) to `w`, e.g. stdout.
    pub fn write_csv_to<W: Write>(&self, w: W) -> Result<(), DataError> {
        let mut frame = self.frame.clone();
        write_csv(w, &mut frame).map_err(|e| corrupt(&self.name, "output", e))
    }

    /// Writes the table atomically; the format follows the extension (see [`FileFormat::from_path`]).
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
        let path = path.as_ref();
        let format = FileFormat::from_path(path);
        let mut frame = self.frame.clone();
        let name = path.display().to_string();
        write_atomic(path, |w| {
            let written: PolarsResult<()> = match format {
                FileFormat::Csv => write_csv(w, &mut frame),
                FileFormat::CsvGz => {
                    let mut gz = flate2::write::GzEncoder::new(w, flate2::Compression::default());
                    write_csv(&mut gz, &mut frame)
                        .and_then(|()| gz.finish().map(|_| ()).map_err(PolarsError::from))
                }
                FileFormat::Parquet => ParquetWriter::new(w).finish(&mut frame).map(|_| ()),
            };
            written.map_err(|e| DataError::Corrupt {
                file: name.clone(),
                format: "output",
                reason: e.to_string(),
            })
        })
    }
}

fn write_csv<W: Write>(w: W, frame: &mut DataFrame) -> PolarsResult<()> {
    CsvWriter::new(w).include_header(true).finish(frame)
}

fn corrupt(file: &str, format: &'static str, e: impl std::fmt::Display) -> DataError {
    DataError::Corrupt {
        file: file.to_owned(),
        format,
        reason: e.to_string(),
    }
}

/// Decompresses gzip bytes.
pub(crate) fn gunzip(name: &str, bytes: &[u8]) -> Result<Vec<u8>, DataError> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(name, "gzip", e))?;
    Ok(out)
}

/// Builds a [`Table`] column by column (for writers and generators).
#[derive(Debug, Default)]
pub struct TableBuilder {
    columns: Vec<Column>,
}

impl TableBuilder {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn text<S: AsRef<str>>(mut self, name: &str, values: &[S]) -> Self {
        let v: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
        self.columns.push(Column::new(name.into(), v));
        self
    }
    pub fn optional_text(mut self, name: &str, values: &[Option<String>]) -> Self {
        let v: Vec<Option<&str>> = values.iter().map(|s| s.as_deref()).collect();
        self.columns.push(Column::new(name.into(), v));
        self
    }
    pub fn float(mut self, name: &str, values: &[f64]) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn integer(mut self, name: &str, values: &[i64]) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    /// A float column with missing values (written as empty cells).
    pub fn optional_float(mut self, name: &str, values: &[Option<f64>]) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    pub fn flag(self, name: &str, values: &[bool]) -> Self {
        let v: Vec<i64> = values.iter().map(|&b| i64::from(b)).collect();
        self.integer(name, &v)
    }
    /// Finishes the table; all columns must have the same length.
    pub fn build(self, name: &str) -> Result<Table, DataError> {
        let height = self.columns.first().map_or(0, |c| c.len());
        let frame = DataFrame::new(height, self.columns).map_err(|e| DataError::Usage {
            file: name.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Table::from_frame(name, frame))
    }
}
