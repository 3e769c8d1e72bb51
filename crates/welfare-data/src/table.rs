//! Tables read from CSV, gzip-compressed CSV or Parquet, with typed, validated column access.
//!
//! CSV bytes go through [`crate::scan::parse_csv`]: one pass that decodes the text
//! (UTF-8, UTF-16, Windows-1252), detects the separator and records where every field is. The
//! typed accessors below parse values straight from those bytes, so each bad value is reported
//! with its file, row and field. Parquet is read by polars; its columns keep their types
//! (numbers are not re-parsed).

use std::io::{Cursor, Read, Write};
use std::path::Path;

use polars::prelude::*;

use crate::atomic::write_atomic;
use crate::categorical::{Categorical, CategoricalBuilder};
use crate::error::{Cell, DataError};
use crate::parse;
use crate::scan::{CsvData, Encoding, decimal_comma_to_point, parse_csv};

/// The on-disk formats a [`Table`] can be read from and written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-, semicolon- or tab-separated text.
    Csv,
    /// CSV compressed with gzip.
    CsvGz,
    /// Apache Parquet.
    Parquet,
}

impl FileFormat {
    /// The format a path's extension asks for when writing: `.csv`, `.csv.gz`, `.parquet` (or
    /// `.pq`). Any other extension is refused rather than silently written as CSV (a file named
    /// `cases.xlsx` holding CSV would not open in Excel).
    pub fn from_path(path: &Path) -> Result<FileFormat, DataError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".parquet") || name.ends_with(".pq") {
            Ok(FileFormat::Parquet)
        } else if name.ends_with(".csv.gz") {
            Ok(FileFormat::CsvGz)
        } else if name.ends_with(".csv") {
            Ok(FileFormat::Csv)
        } else {
            Err(DataError::Usage {
                file: path.display().to_string(),
                reason: "cannot write this file type; name the file .csv (opens in Excel), \
                         .csv.gz or .parquet"
                    .into(),
            })
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

/// Where a table's values live: CSV text with the position of every field (parsed on access,
/// no string per cell), or a polars frame (Parquet files and tables built in memory).
#[derive(Debug, Clone)]
enum Data {
    Csv(Box<CsvData>),
    Frame(DataFrame),
}

/// A table with a name for messages (a path, or the name of an embedded dataset).
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    data: Data,
    /// Row number (as shown in messages) of the first data record of a frame: 2 for tables
    /// built in memory (as in CSV: header = row 1), 1 for Parquet. CSV tables know each row.
    first_row: usize,
}

/// A column of a table, ready for typed access.
enum Col<'a> {
    Csv(&'a CsvData, usize),
    Series(&'a Series),
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
        Self::from_owned_bytes(&path.display().to_string(), bytes, expected)
    }

    /// Reads a table from bytes (for embedded datasets); `name` is used in every message.
    pub fn from_bytes(name: &str, bytes: &[u8], expected: &[&str]) -> Result<Table, DataError> {
        match FileFormat::sniff(bytes) {
            FileFormat::Parquet => Self::from_parquet(name, bytes),
            FileFormat::CsvGz => Self::from_csv(name, gunzip(name, bytes)?, expected),
            FileFormat::Csv => Self::from_csv(name, bytes, expected),
        }
    }

    /// Like [`Table::from_bytes`], taking the bytes (CSV is parsed in place, not copied).
    pub fn from_owned_bytes(
        name: &str,
        bytes: Vec<u8>,
        expected: &[&str],
    ) -> Result<Table, DataError> {
        match FileFormat::sniff(&bytes) {
            FileFormat::Parquet => Self::from_parquet(name, &bytes),
            FileFormat::CsvGz => Self::from_csv(name, gunzip(name, &bytes)?, expected),
            FileFormat::Csv => Self::from_csv(name, bytes, expected),
        }
    }

    /// Reads CSV bytes as people save them (see [`crate::scan`]: UTF-8/UTF-16/Windows-1252,
    /// BOM, CRLF, blank lines, `,` `;` or tab with decimal commas). A file that was not UTF-8
    /// is decoded and a notice is logged (`log::warn!`; the CLI prints it on stderr).
    pub fn from_csv(
        name: &str,
        bytes: impl Into<Vec<u8>>,
        expected: &[&str],
    ) -> Result<Table, DataError> {
        let data = parse_csv(name, bytes, expected)?;
        match data.encoding {
            Encoding::Utf8 => {}
            Encoding::Utf16 => log::warn!("{name}: read as UTF-16 text (not UTF-8)"),
            Encoding::Windows1252 => log::warn!(
                "{name}: not UTF-8; read as Windows-1252 (Excel's \"CSV\" on Windows). \
                 Check umlauts in the output, or save the file as \"CSV UTF-8\""
            ),
        }
        Ok(Table {
            name: name.to_owned(),
            data: Data::Csv(Box::new(data)),
            first_row: 2,
        })
    }

    /// Reads Parquet bytes.
    pub fn from_parquet(name: &str, bytes: &[u8]) -> Result<Table, DataError> {
        let frame = ParquetReader::new(Cursor::new(bytes))
            .finish()
            .map_err(|e| corrupt(name, "Parquet", e))?;
        Ok(Table {
            name: name.to_owned(),
            data: Data::Frame(frame),
            first_row: 1,
        })
    }

    /// Wraps a data frame built in memory (row numbers as in CSV: first data row = 2).
    pub fn from_frame(name: &str, frame: DataFrame) -> Table {
        Table {
            name: name.to_owned(),
            data: Data::Frame(frame),
            first_row: 2,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of data rows.
    pub fn height(&self) -> usize {
        match &self.data {
            Data::Csv(c) => c.len(),
            Data::Frame(f) => f.height(),
        }
    }

    /// The rows `from..to` (clamped to the table) as a table of their own, with the same name
    /// and the same row numbers in messages: for reading a large table in blocks that stay in
    /// the processor's cache, on several threads. A CSV table's block copies only its records.
    pub fn rows(&self, from: usize, to: usize) -> Table {
        let to = to.min(self.height());
        let from = from.min(to);
        match &self.data {
            Data::Csv(c) => Table {
                name: self.name.clone(),
                data: Data::Csv(Box::new(c.records(from, to))),
                first_row: self.first_row,
            },
            Data::Frame(f) => Table {
                name: self.name.clone(),
                data: Data::Frame(f.slice(from as i64, to - from)),
                first_row: self.first_row + from,
            },
        }
    }

    /// The parsed CSV text, for tables read from CSV.
    pub(crate) fn csv_data(&self) -> Option<&CsvData> {
        match &self.data {
            Data::Csv(c) => Some(c),
            Data::Frame(_) => None,
        }
    }

    /// The separator of a CSV table (`,`, `;` or tab); `None` for Parquet and built tables.
    pub fn separator(&self) -> Option<u8> {
        match &self.data {
            Data::Csv(c) => Some(c.separator),
            Data::Frame(_) => None,
        }
    }

    /// The table as a polars frame (CSV columns become text columns).
    pub fn to_frame(&self) -> Result<DataFrame, DataError> {
        match &self.data {
            Data::Frame(f) => Ok(f.clone()),
            Data::Csv(c) => {
                let columns: Vec<Column> = c
                    .header
                    .iter()
                    .enumerate()
                    .map(|(j, h)| {
                        let values: Vec<Option<String>> = (0..c.len())
                            .map(|i| {
                                let v = c.value(j, i);
                                if v.trim().is_empty() {
                                    None
                                } else {
                                    Some(v.into_owned())
                                }
                            })
                            .collect();
                        Column::new(h.as_str().into(), values)
                    })
                    .collect();
                DataFrame::new(c.len(), columns).map_err(|e| corrupt(&self.name, "CSV", e))
            }
        }
    }

    /// This table with the columns of `extra` (same number of rows) added at the right; a
    /// column of `extra` replaces one of the same name. The result takes `extra`'s name.
    pub fn with_columns(&self, extra: &Table) -> Result<Table, DataError> {
        if extra.height() != self.height() {
            return Err(DataError::Invalid {
                file: extra.name.clone(),
                row: 1,
                field: String::new(),
                reason: format!(
                    "{} rows, but {} has {}",
                    extra.height(),
                    self.name,
                    self.height()
                ),
                reason_de: None,
            });
        }
        let mut frame = self.to_frame()?;
        for column in extra.to_frame()?.columns() {
            frame
                .with_column(column.clone())
                .map_err(|e| corrupt(&self.name, "table", e))?;
        }
        Ok(Table::from_frame(&extra.name, frame))
    }

    /// Column names in file order.
    pub fn column_names(&self) -> Vec<String> {
        match &self.data {
            Data::Csv(c) => c.header.clone(),
            Data::Frame(f) => f
                .get_column_names()
                .into_iter()
                .map(|c| c.to_string())
                .collect(),
        }
    }

    /// Whether the table has a column.
    pub fn has(&self, column: &str) -> bool {
        match &self.data {
            Data::Csv(c) => c.header.iter().any(|h| h == column),
            Data::Frame(f) => f.column(column).is_ok(),
        }
    }

    /// The row number (as used in messages) of the 0-based record `index`.
    pub fn row_number(&self, index: usize) -> usize {
        match &self.data {
            Data::Csv(c) if index < c.len() => c.row(index),
            _ => index + self.first_row,
        }
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

    fn column(&self, column: &str) -> Result<Col<'_>, DataError> {
        let found = match &self.data {
            Data::Csv(c) => c
                .header
                .iter()
                .position(|h| h == column)
                .map(|j| Col::Csv(c, j)),
            Data::Frame(f) => f
                .column(column)
                .ok()
                .map(|c| Col::Series(c.as_materialized_series())),
        };
        found.ok_or_else(|| DataError::MissingColumn {
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

    /// A frame column as text (numbers in Parquet columns are converted).
    fn text_series(&self, series: &Series, column: &str) -> Result<Series, DataError> {
        if series.dtype() == &DataType::String {
            Ok(series.clone())
        } else {
            series
                .cast(&DataType::String)
                .map_err(|_| self.column_type_error(series, column, "text"))
        }
    }

    /// Calls `f(index, text)` for every value of a column as text (`None` = empty).
    fn for_each_text<E>(
        &self,
        column: &str,
        mut f: impl FnMut(usize, Option<&str>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<DataError>,
    {
        match self.column(column)? {
            Col::Csv(c, j) => {
                for i in 0..c.len() {
                    let v = c.trimmed(j, i);
                    f(i, (!v.is_empty()).then_some(&v))?;
                }
            }
            Col::Series(s) => {
                let series = self.text_series(s, column)?;
                let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                for (i, v) in ca.iter().enumerate() {
                    f(i, v.map(str::trim).filter(|t| !t.is_empty()))?;
                }
            }
        }
        Ok(())
    }

    /// A required text column (values trimmed; empty values are errors). Numbers in Parquet
    /// columns are converted to text.
    pub fn strings(&self, column: &str) -> Result<Vec<String>, DataError> {
        let mut out = Vec::with_capacity(self.height());
        self.for_each_text(column, |i, v| match v {
            Some(s) => {
                out.push(s.to_owned());
                Ok(())
            }
            None => Err(self.cell(i, column).missing()),
        })?;
        Ok(out)
    }

    /// Maps every value of a required text column (trimmed; an empty value is an error) with
    /// `f(row index, value)`, without allocating a string per row (for ids looked up in a map).
    pub fn map_text<T>(
        &self,
        column: &str,
        mut f: impl FnMut(usize, &str) -> Result<T, DataError>,
    ) -> Result<Vec<T>, DataError> {
        let mut out = Vec::with_capacity(self.height());
        self.for_each_text(column, |i, v| match v {
            Some(s) => {
                out.push(f(i, s)?);
                Ok(())
            }
            None => Err(self.cell(i, column).missing()),
        })?;
        Ok(out)
    }

    /// A required text column, dictionary-encoded with sorted levels (for group columns:
    /// one pass, no string allocated per row).
    pub fn categorical(&self, column: &str) -> Result<Categorical, DataError> {
        Ok(self.dictionary(column)?.finish(column))
    }

    /// The distinct values of a required text column in order of first appearance and the
    /// code of every row (for ids that are only looked up: no sorting).
    pub(crate) fn dictionary_unsorted(
        &self,
        column: &str,
    ) -> Result<(Vec<String>, Vec<u32>), DataError> {
        let b = self.dictionary(column)?;
        Ok((b.levels, b.codes))
    }

    fn dictionary(&self, column: &str) -> Result<CategoricalBuilder, DataError> {
        match self.column(column)? {
            Col::Csv(c, j) => {
                let mut builder = CategoricalBuilder::default();
                builder.codes.reserve(c.len());
                for i in 0..c.len() {
                    let v = c.trimmed(j, i);
                    if v.is_empty() {
                        return Err(self.cell(i, column).missing());
                    }
                    builder.push(&v);
                }
                Ok(builder)
            }
            Col::Series(s) => {
                let series = self.text_series(s, column)?;
                let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                let mut builder = CategoricalBuilder::default();
                builder.codes.reserve(ca.len());
                for (i, v) in ca.iter().enumerate() {
                    match v.map(str::trim).filter(|s| !s.is_empty()) {
                        Some(s) => builder.push(s),
                        None => return Err(self.cell(i, column).missing()),
                    }
                }
                Ok(builder)
            }
        }
    }

    /// An optional text column: `None` if the column is absent; empty values are `None`.
    pub fn optional_strings(&self, column: &str) -> Result<Option<Vec<Option<String>>>, DataError> {
        if !self.has(column) {
            return Ok(None);
        }
        let mut out = Vec::with_capacity(self.height());
        self.for_each_text::<DataError>(column, |_, v| {
            out.push(v.map(str::to_owned));
            Ok(())
        })?;
        Ok(Some(out))
    }

    /// Whether the dots of column `j` group thousands: only in a `;`- or tab-separated file
    /// (German Excel), when a cell of the column has a decimal comma, or when every cell with a
    /// dot is shaped like a number with thousands groups (`18.500`, `1.450.000`; not `0.020`
    /// or `18.5`). German Excel writes `18.500` for eighteen thousand five hundred with a
    /// thousands format; read the English way it would silently be 18.5. A column read that
    /// way without a decimal comma in it gets a notice (`log::warn!`), naming an example.
    fn dots_group_thousands(&self, c: &CsvData, j: usize, column: &str) -> bool {
        if !c.decimal_comma() {
            return false;
        }
        let mut example: Option<usize> = None;
        for i in 0..c.len() {
            let raw = c.raw_bytes(j, i);
            if raw.contains(&b',') {
                return true;
            }
            if raw.contains(&b'.') {
                if !thousands_shaped(c.trimmed(j, i).as_bytes()) {
                    return false;
                }
                example.get_or_insert(i);
            }
        }
        if let Some(i) = example {
            let v = c.trimmed(j, i);
            log::warn!(
                "{}: column {column}: numbers like '{v}' (row {}) are read as {} — in a file separated by '{}' a dot groups thousands, as German Excel writes them",
                self.name,
                c.row(i),
                v.replace('.', ""),
                if c.separator == b'\t' { "tab" } else { ";" }
            );
        }
        example.is_some()
    }

    /// Parses a CSV number, with a decimal comma where the file's dialect allows it; with
    /// `thousands`, a dot-grouped number (`18.500`) is read as a whole number.
    fn csv_number<T>(
        &self,
        c: &CsvData,
        cell: Cell<'_>,
        raw: &str,
        thousands: bool,
        parse: impl Fn(Cell<'_>, &str) -> Result<T, DataError>,
    ) -> Result<T, DataError> {
        if thousands && !raw.contains(',') && thousands_shaped(raw.as_bytes()) {
            return parse(cell, &raw.replace('.', ""));
        }
        match parse(cell, raw) {
            Ok(v) => Ok(v),
            Err(e @ DataError::WrongType { .. }) => match decimal_comma_to_point(raw) {
                Some(p) if c.decimal_comma() => parse(cell, &p),
                Some(_) => Err(cell.invalid(
                    "expected a number, found one with a decimal comma in a comma-separated \
                         file; save the file with ';' as separator or use a decimal point",
                )),
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// A required column of finite numbers.
    pub fn f64s(&self, column: &str) -> Result<Vec<f64>, DataError> {
        // every cell is present when the column is required
        Ok(self.numbers(column, true)?.into_iter().flatten().collect())
    }

    /// A required column of optional numbers: an empty cell is `None`, anything else must be a
    /// finite number (with a decimal comma where the file's dialect allows it).
    pub fn optional_f64s(&self, column: &str) -> Result<Vec<Option<f64>>, DataError> {
        self.numbers(column, false)
    }

    /// The numbers of a column; an empty cell is an error when `required`, else `None`.
    fn numbers(&self, column: &str, required: bool) -> Result<Vec<Option<f64>>, DataError> {
        let empty = |i: usize| {
            if required {
                Err(self.cell(i, column).missing())
            } else {
                Ok(None)
            }
        };
        match self.column(column)? {
            Col::Csv(c, j) => {
                let thousands = self.dots_group_thousands(c, j, column);
                (0..c.len())
                    .map(|i| {
                        let v = c.trimmed(j, i);
                        if v.is_empty() {
                            return empty(i);
                        }
                        self.csv_number(c, self.cell(i, column), &v, thousands, parse::finite_f64)
                            .map(Some)
                    })
                    .collect()
            }
            Col::Series(series) => match series.dtype() {
                DataType::String => {
                    let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                    ca.iter()
                        .enumerate()
                        .map(|(i, v)| match v.map(str::trim).filter(|s| !s.is_empty()) {
                            Some(s) => parse::finite_f64(self.cell(i, column), s).map(Some),
                            None => empty(i),
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
                            Some(x) => parse::check_finite(self.cell(i, column), x).map(Some),
                            None => empty(i),
                        })
                        .collect()
                }
                DataType::Null if !required => Ok(vec![None; series.len()]),
                _ => Err(self.column_type_error(series, column, "a number")),
            },
        }
    }

    /// A required column of integers.
    pub fn i64s(&self, column: &str) -> Result<Vec<i64>, DataError> {
        match self.column(column)? {
            Col::Csv(c, j) => {
                let thousands = self.dots_group_thousands(c, j, column);
                (0..c.len())
                    .map(|i| {
                        let v = c.trimmed(j, i);
                        self.csv_number(c, self.cell(i, column), &v, thousands, parse::integer)
                    })
                    .collect()
            }
            Col::Series(series) => match series.dtype() {
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
            },
        }
    }

    /// A required column of 0/1 flags.
    pub fn flags(&self, column: &str) -> Result<Vec<bool>, DataError> {
        match self.column(column)? {
            Col::Csv(c, j) => (0..c.len())
                .map(|i| {
                    match c.raw_bytes(j, i) {
                        b"1" => return Ok(true),
                        b"0" => return Ok(false),
                        _ => {}
                    }
                    let v = c.trimmed(j, i);
                    let cell = self.cell(i, column);
                    match parse::flag(cell, &v) {
                        Err(DataError::WrongType { .. }) if c.decimal_comma() => {
                            // "1,0" from a German spreadsheet
                            match decimal_comma_to_point(&v) {
                                Some(p) => parse::flag(cell, &p),
                                None => Err(cell.wrong_type("0 or 1")),
                            }
                        }
                        r => r,
                    }
                })
                .collect(),
            Col::Series(series) if series.dtype() == &DataType::String => {
                let ca = series.str().map_err(|e| corrupt(&self.name, "table", e))?;
                ca.iter()
                    .enumerate()
                    .map(|(i, v)| match v {
                        Some(s) => parse::flag(self.cell(i, column), s),
                        None => Err(self.cell(i, column).missing()),
                    })
                    .collect()
            }
            Col::Series(_) => self
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
        let columns: Vec<Column> = other.to_frame()?.columns().to_vec();
        let frame = self.to_frame()?;
        let frame = frame.hstack(&columns).map_err(|e| DataError::Usage {
            file: self.name.clone(),
            reason: e.to_string(),
        })?;
        self.data = Data::Frame(frame);
        Ok(())
    }

    /// Writes the table as CSV (with header) to `w`, e.g. stdout.
    pub fn write_csv_to<W: Write>(&self, w: W) -> Result<(), DataError> {
        let mut frame = self.to_frame()?;
        write_csv(w, &mut frame).map_err(|e| corrupt(&self.name, "output", e))
    }

    /// Writes the table atomically; the format follows the extension (see [`FileFormat::from_path`]).
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
        let path = path.as_ref();
        FileFormat::from_path(path)?;
        write_frame(path, self.to_frame()?)
    }
}

/// Writes a frame atomically; the format follows the extension.
pub(crate) fn write_frame(path: &Path, mut frame: DataFrame) -> Result<(), DataError> {
    let format = FileFormat::from_path(path)?;
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

fn write_csv<W: Write>(mut w: W, frame: &mut DataFrame) -> PolarsResult<()> {
    if let Some(text) = plain_csv(frame) {
        return w.write_all(text.as_bytes()).map_err(PolarsError::from);
    }
    CsvWriter::new(w).include_header(true).finish(frame)
}

/// The CSV text of a frame of only text and integer columns whose values need no quoting (ids,
/// codes, counts: assignments, scores), written directly — byte for byte what polars'
/// `CsvWriter` writes for them, without its conversion and thread pool (a 150k-row assignment:
/// 40 ms → 5 ms). `None` for anything else (floats, booleans, empty strings, values with a
/// separator, quote or line break): those go through polars.
fn plain_csv(frame: &DataFrame) -> Option<String> {
    use std::fmt::Write as _;
    let plain =
        |v: &str| !v.is_empty() && !v.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
    enum Values<T, I> {
        Text(T),
        Integer(I),
    }
    let mut columns = Vec::new();
    for c in frame.columns() {
        columns.push(match c.dtype() {
            DataType::String => {
                let ca = c.str().ok()?;
                if !ca.iter().all(|v| v.is_none_or(plain)) {
                    return None;
                }
                Values::Text(ca.iter())
            }
            DataType::Int64 => Values::Integer(c.i64().ok()?.iter()),
            _ => return None,
        });
    }
    let names = frame.get_column_names();
    if names.is_empty() || !names.iter().all(|n| plain(n.as_str())) {
        return None;
    }
    let mut out = String::with_capacity(16 * (frame.height() + 1) * names.len());
    for (j, n) in names.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        out.push_str(n.as_str());
    }
    out.push('\n');
    for _ in 0..frame.height() {
        for (j, c) in columns.iter_mut().enumerate() {
            if j > 0 {
                out.push(',');
            }
            match c {
                Values::Text(values) => {
                    if let Some(Some(v)) = values.next() {
                        out.push_str(v);
                    }
                }
                Values::Integer(values) => {
                    if let Some(Some(v)) = values.next() {
                        let _ = write!(out, "{v}");
                    }
                }
            }
        }
        out.push('\n');
    }
    Some(out)
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
    /// A builder with no columns.
    pub fn new() -> Self {
        Self::default()
    }
    /// Adds a text column.
    pub fn text<S: AsRef<str>>(mut self, name: &str, values: &[S]) -> Self {
        let v: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
        self.columns.push(Column::new(name.into(), v));
        self
    }
    /// Adds a text column with empty cells for `None`.
    pub fn optional_text(mut self, name: &str, values: &[Option<String>]) -> Self {
        let v: Vec<Option<&str>> = values.iter().map(|s| s.as_deref()).collect();
        self.columns.push(Column::new(name.into(), v));
        self
    }
    /// Adds a column of numbers.
    pub fn float(mut self, name: &str, values: &[f64]) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    /// Adds a column of integers.
    pub fn integer(mut self, name: &str, values: &[i64]) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    /// A float column with missing values (written as empty cells).
    pub fn optional_float(mut self, name: &str, values: &[Option<f64>]) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self
    }
    /// Adds a column of 0/1 flags.
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

/// `18.500`, `-1.450.000`: one to three digits (not a lone leading zero), then groups of a dot
/// and three digits.
fn thousands_shaped(b: &[u8]) -> bool {
    let b = b
        .strip_prefix(b"-")
        .or_else(|| b.strip_prefix(b"+"))
        .unwrap_or(b);
    let mut groups = b.split(|&x| x == b'.');
    let Some(first) = groups.next() else {
        return false;
    };
    if first.is_empty()
        || first.len() > 3
        || first[0] == b'0'
        || !first.iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    let mut any = false;
    for g in groups {
        if g.len() != 3 || !g.iter().all(u8::is_ascii_digit) {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(t: &Table) -> (Option<String>, String) {
        let mut frame = t.to_frame().unwrap();
        let mut polars = Vec::new();
        CsvWriter::new(&mut polars)
            .include_header(true)
            .finish(&mut frame)
            .unwrap();
        let mut ours = Vec::new();
        t.write_csv_to(&mut ours).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(polars.clone()).unwrap()
        );
        (plain_csv(&frame), String::from_utf8(polars).unwrap())
    }

    #[test]
    fn the_direct_csv_writer_writes_what_polars_writes() {
        let t = TableBuilder::new()
            .text("child_id", &["C1", "Kind-ü", "C 3"])
            .optional_text(
                "daycare_id",
                &[Some("K1".into()), None, Some("Kita Süd".into())],
            )
            .integer("rank", &[1, -20, 9_223_372_036_854_775_807])
            .flag("hardship", &[true, false, true])
            .build("a.csv")
            .unwrap();
        let (plain, polars) = both(&t);
        assert_eq!(
            plain.as_deref(),
            Some(polars.as_str()),
            "the direct path is taken"
        );
        // values that need quoting, and other types, go through polars
        for t in [
            TableBuilder::new().text("id", &["a,b"]).build("q.csv"),
            TableBuilder::new()
                .text("id", &["say \"hi\""])
                .build("q.csv"),
            TableBuilder::new()
                .text("id", &["two\nlines"])
                .build("q.csv"),
            TableBuilder::new().text("id", &[""]).build("q.csv"),
            TableBuilder::new().float("x", &[0.1]).build("f.csv"),
        ] {
            assert_eq!(both(&t.unwrap()).0, None);
        }
    }
}
