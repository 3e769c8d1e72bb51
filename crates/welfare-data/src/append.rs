//! Writing a table with more columns appended (scores, predictions), keeping every input
//! column exactly as it was read.
//!
//! A CSV table written back as CSV (or CSV.gz) is not re-rendered: each record's bytes are
//! copied as they are in the file and the new cells are added behind them, in the file's own
//! dialect (its separator and line end; a decimal comma and a UTF-8 byte-order mark where it
//! came from German Excel, so Excel shows the umlauts of the new text). Rows are written in blocks on all
//! cores ([`crate::blocks`]), the output does not depend on their number. Amounts with decimals, leading zeros, ids
//! that look like numbers and columns the suite does not know all come out unchanged. Parquet
//! tables, and CSV written as Parquet, go through polars with typed columns (numbers as
//! floats). Linear in the size of the table.

use std::path::Path;

use polars::prelude::*;

use crate::error::DataError;
use crate::scan::{CsvData, Encoding};
use crate::table::{FileFormat, Table, write_frame};

/// The cells appended to one row, written by the closure given to
/// [`Table::write_appending`] in the order of the new column names.
pub struct AppendedCells<'a> {
    sink: Sink<'a>,
    written: usize,
    /// Whether a separator goes before the first cell (the row already has fields).
    after_fields: bool,
}

enum Sink<'a> {
    Csv {
        out: &'a mut Vec<u8>,
        separator: u8,
        decimal_comma: bool,
    },
    Collect(&'a mut Vec<Value>),
}

/// A collected cell for the typed (polars) path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Empty,
    Text(String),
    Number(f64),
}

impl AppendedCells<'_> {
    fn begin_cell(&mut self) {
        if let Sink::Csv { out, separator, .. } = &mut self.sink
            && (self.written > 0 || self.after_fields)
        {
            out.push(*separator);
        }
        self.written += 1;
    }

    /// A text cell (quoted where the file's dialect needs it).
    pub fn text(&mut self, value: &str) {
        self.joined(&[value], "");
    }

    /// A text cell made of `parts` joined by `joiner` (e.g. reasons joined by `"; "`), without
    /// building the joined string first.
    pub fn joined<S: AsRef<str>>(&mut self, parts: &[S], joiner: &str) {
        self.begin_cell();
        match &mut self.sink {
            Sink::Csv { out, separator, .. } => {
                let sep = *separator;
                let special = |s: &str| {
                    s.bytes()
                        .any(|b| b == sep || matches!(b, b'"' | b'\n' | b'\r'))
                };
                let quote = (parts.len() > 1 && special(joiner))
                    || parts.iter().any(|p| special(p.as_ref()));
                if quote {
                    out.push(b'"');
                }
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        push_escaped(out, joiner, quote);
                    }
                    push_escaped(out, p.as_ref(), quote);
                }
                if quote {
                    out.push(b'"');
                }
            }
            Sink::Collect(values) => {
                let mut s = String::new();
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        s.push_str(joiner);
                    }
                    s.push_str(p.as_ref());
                }
                values.push(if s.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(s)
                });
            }
        }
    }

    /// A number rounded to `decimals` places (at most 9), with the file's decimal separator;
    /// a non-finite value is written as an empty cell.
    pub fn number(&mut self, value: f64, decimals: u8) {
        self.begin_cell();
        let decimals = decimals.min(9);
        match &mut self.sink {
            Sink::Csv {
                out, decimal_comma, ..
            } => push_fixed(out, value, decimals, *decimal_comma),
            Sink::Collect(values) => values.push(if value.is_finite() {
                let scale = 10f64.powi(i32::from(decimals));
                Value::Number((value * scale).round() / scale)
            } else {
                Value::Empty
            }),
        }
    }

    /// An empty cell.
    pub fn empty(&mut self) {
        self.begin_cell();
        if let Sink::Collect(values) = &mut self.sink {
            values.push(Value::Empty);
        }
    }
}

fn push_escaped(out: &mut Vec<u8>, s: &str, quoted: bool) {
    if quoted && s.contains('"') {
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// `value` with exactly `decimals` places, e.g. `82.4` / `82,4`; empty when not finite.
fn push_fixed(out: &mut Vec<u8>, value: f64, decimals: u8, decimal_comma: bool) {
    if !value.is_finite() {
        return;
    }
    let scale = 10u64.pow(u32::from(decimals));
    let scaled = (value.abs() * scale as f64).round();
    if scaled >= 9.0e15 {
        // beyond exact integers: the standard formatting (never for scores)
        let text = format!("{value:.prec$}", prec = usize::from(decimals));
        let text = if decimal_comma {
            text.replace('.', ",")
        } else {
            text
        };
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let scaled = scaled as u64;
    if value < 0.0 && scaled > 0 {
        out.push(b'-');
    }
    let mut digits = itoa::Buffer::new();
    out.extend_from_slice(digits.format(scaled / scale).as_bytes());
    if decimals > 0 {
        out.push(if decimal_comma { b',' } else { b'.' });
        let frac = scaled % scale;
        let text = digits.format(frac);
        out.extend(std::iter::repeat_n(
            b'0',
            usize::from(decimals) - text.len(),
        ));
        out.extend_from_slice(text.as_bytes());
    }
}

/// Rows per block of the parallel CSV writer.
const BLOCK: usize = 16_384;

impl Table {
    /// Writes the table with the columns `names` appended; `cells(row, …)` writes row `row`'s
    /// new cells in that order (it is called once per row, from several threads). Columns of
    /// the table that have one of the new names are replaced (a scored file can be scored
    /// again). The format follows the extension, as in [`Table::write`]; the file is written
    /// atomically.
    ///
    /// A CSV table written as CSV or CSV.gz keeps every input column byte for byte (see the
    /// module documentation for the dialect of the new cells).
    pub fn write_appending<F>(
        &self,
        path: impl AsRef<Path>,
        names: &[&str],
        cells: F,
    ) -> Result<(), DataError>
    where
        F: Fn(usize, &mut AppendedCells<'_>) + Sync,
    {
        let path = path.as_ref();
        let format = FileFormat::from_path(path)?;
        match (self.csv_data(), format) {
            (Some(csv), FileFormat::Csv | FileFormat::CsvGz) => {
                let parts = appended_csv(csv, names, &cells);
                crate::atomic::write_atomic(path, |w| {
                    let written = if format == FileFormat::CsvGz {
                        let mut gz =
                            flate2::write::GzEncoder::new(w, flate2::Compression::default());
                        parts
                            .iter()
                            .try_for_each(|p| std::io::Write::write_all(&mut gz, p))
                            .and_then(|()| gz.finish().map(|_| ()))
                    } else {
                        parts.iter().try_for_each(|p| w.write_all(p))
                    };
                    written.map_err(|e| DataError::io(path, "writing", e))
                })
            }
            _ => {
                let mut frame = self.to_frame()?;
                let keep: Vec<PlSmallStr> = frame
                    .get_column_names()
                    .into_iter()
                    .filter(|c| !names.contains(&c.as_str()))
                    .cloned()
                    .collect();
                frame = frame.select(keep).map_err(|e| corrupt(self.name(), e))?;
                let columns = collected_columns(self.height(), names, &cells);
                let frame = frame
                    .hstack(&columns)
                    .map_err(|e| corrupt(self.name(), e))?;
                write_frame(path, frame)
            }
        }
    }
}

fn corrupt(file: &str, e: impl std::fmt::Display) -> DataError {
    DataError::Corrupt {
        file: file.to_owned(),
        format: "table",
        reason: e.to_string(),
    }
}

/// The new columns for the polars path: numbers (and empty cells) as floats, else text.
fn collected_columns<F>(height: usize, names: &[&str], cells: &F) -> Vec<Column>
where
    F: Fn(usize, &mut AppendedCells<'_>) + Sync,
{
    let mut by_column: Vec<Vec<Value>> = vec![Vec::with_capacity(height); names.len()];
    let mut row = Vec::with_capacity(names.len());
    for i in 0..height {
        row.clear();
        let mut sink = AppendedCells {
            sink: Sink::Collect(&mut row),
            written: 0,
            after_fields: false,
        };
        cells(i, &mut sink);
        row.resize(names.len(), Value::Empty);
        for (column, v) in by_column.iter_mut().zip(row.drain(..)) {
            column.push(v);
        }
    }
    names
        .iter()
        .zip(by_column)
        .map(|(name, values)| {
            let numeric = values.iter().all(|v| !matches!(v, Value::Text(_)));
            if numeric {
                let v: Vec<Option<f64>> = values
                    .into_iter()
                    .map(|v| match v {
                        Value::Number(x) => Some(x),
                        _ => None,
                    })
                    .collect();
                Column::new((*name).into(), v)
            } else {
                let v: Vec<Option<String>> = values
                    .into_iter()
                    .map(|v| match v {
                        Value::Text(s) => Some(s),
                        Value::Number(x) => Some(x.to_string()),
                        Value::Empty => None,
                    })
                    .collect();
                Column::new((*name).into(), v)
            }
        })
        .collect()
}

/// The whole CSV text in parts (to be written one after the other): header, then every
/// record's kept fields as bytes plus the new cells.
fn appended_csv<F>(csv: &CsvData, names: &[&str], cells: &F) -> Vec<Vec<u8>>
where
    F: Fn(usize, &mut AppendedCells<'_>) + Sync,
{
    let separator = csv.separator;
    let excel = separator != b',' || csv.encoding != Encoding::Utf8;
    // kept input columns as runs of neighbouring columns, copied as one slice per run
    let kept: Vec<bool> = csv
        .header
        .iter()
        .map(|h| !names.contains(&h.as_str()))
        .collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (j, &k) in kept.iter().enumerate() {
        if !k {
            continue;
        }
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == j => *last = j,
            _ => runs.push((j, j)),
        }
    }
    let mut header = Vec::new();
    if excel {
        header.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut sink = AppendedCells {
            sink: Sink::Csv {
                out: &mut header,
                separator,
                decimal_comma: false,
            },
            written: 0,
            after_fields: false,
        };
        for name in csv
            .header
            .iter()
            .zip(&kept)
            .filter(|(_, k)| **k)
            .map(|(h, _)| h.as_str())
            .chain(names.iter().copied())
        {
            sink.text(name);
        }
    }
    let line_end = csv.line_end();
    header.extend_from_slice(line_end);
    let n = csv.len();
    let write_block = |from: usize, to: usize| {
        let mut out = Vec::with_capacity(
            csv.raw_span(0, csv.header.len() - 1, from).len() * (to - from) * 3 / 2 + 64,
        );
        for i in from..to {
            for (r, &(a, b)) in runs.iter().enumerate() {
                if r > 0 {
                    out.push(separator);
                }
                out.extend_from_slice(csv.raw_span(a, b, i));
            }
            let mut sink = AppendedCells {
                sink: Sink::Csv {
                    out: &mut out,
                    separator,
                    decimal_comma: separator != b',',
                },
                written: 0,
                after_fields: !runs.is_empty(),
            };
            cells(i, &mut sink);
            for _ in sink.written..names.len() {
                sink.empty();
            }
            out.extend_from_slice(line_end);
        }
        out
    };
    let mut parts: Vec<Vec<u8>> = vec![header];
    parts.extend(crate::blocks::map_blocks(n, BLOCK, write_block));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(v: f64, d: u8, comma: bool) -> String {
        let mut out = Vec::new();
        push_fixed(&mut out, v, d, comma);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_with_fixed_places_in_the_files_dialect() {
        assert_eq!(fixed(82.44, 1, false), "82.4");
        assert_eq!(fixed(82.45001, 1, true), "82,5");
        assert_eq!(fixed(100.0, 1, false), "100.0");
        assert_eq!(fixed(0.04, 1, false), "0.0");
        assert_eq!(fixed(-0.04, 1, false), "0.0");
        assert_eq!(fixed(-3.25, 2, true), "-3,25");
        assert_eq!(fixed(7.0, 0, false), "7");
        assert_eq!(fixed(0.000_5, 3, false), "0.001");
        assert_eq!(fixed(f64::NAN, 1, false), "");
        assert_eq!(
            fixed(1e300, 1, true),
            format!("{:.1}", 1e300).replace('.', ",")
        );
    }
}
