//! Reading signal inputs (files or folders, suite CSV or raw SisFall) and a sample-by-sample
//! CSV reader for streaming.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use welfare_data::error::Cell;
use welfare_data::signals::{Recording, read_sisfall_raw};
use welfare_data::{DataError, parse};

use crate::error::FallError;

/// Layout of signal files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalFormat {
    /// The suite's CSV / CSV.gz.
    Csv,
    /// Raw SisFall text files (200 Hz integer counts).
    Sisfall,
}

/// The files a path stands for: the file itself, or a folder's signal files (sorted; `.csv`
/// and `.csv.gz` for CSV, `.txt` for SisFall).
fn expand(path: &Path, format: SignalFormat) -> Result<Vec<PathBuf>, FallError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let io = |e: std::io::Error| FallError::Io {
        file: path.display().to_string(),
        reason: welfare_data::error::io_reason(&e),
        source: e,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(io)? {
        let p = entry.map_err(io)?.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let wanted = match format {
            SignalFormat::Csv => name.ends_with(".csv") || name.ends_with(".csv.gz"),
            SignalFormat::Sisfall => name.ends_with(".txt"),
        };
        if wanted && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    if files.is_empty() {
        let wanted = match format {
            SignalFormat::Csv => ".csv or .csv.gz",
            SignalFormat::Sisfall => ".txt (raw SisFall)",
        };
        return Err(FallError::Io {
            file: path.display().to_string(),
            reason: format!("the folder has no signal files ({wanted})"),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no signal files"),
        });
    }
    Ok(files)
}

/// Reads every file behind `paths`.
pub fn read_inputs(paths: &[PathBuf], format: SignalFormat) -> Result<Vec<Recording>, FallError> {
    let mut out = Vec::new();
    for p in paths {
        for f in expand(p, format)? {
            out.push(match format {
                SignalFormat::Csv => Recording::read(&f)?,
                SignalFormat::Sisfall => read_sisfall_raw(&f)?,
            });
        }
    }
    Ok(out)
}

/// One sample read from a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Row in the input (header = 1).
    pub row: usize,
    /// Time, seconds.
    pub t_s: f64,
    /// Acceleration x, y, z in g.
    pub acc_g: [f64; 3],
    /// Rotation rate x, y, z in °/s, when recorded.
    pub gyro_dps: Option<[f64; 3]>,
    /// The subject, when known.
    pub subject: Option<String>,
    /// The activity code, when known.
    pub activity_code: Option<String>,
    /// The trial, when known.
    pub trial: Option<String>,
    /// Whether the trial is a fall, when known.
    pub label: Option<bool>,
    /// The wearer pressed "I'm fine" (column `button`, 0/1), when the device reports it.
    pub button: Option<bool>,
}

/// Reads the suite's signal CSV record by record (for `--stream`), with the `csv` crate's
/// incremental reader (quoted fields, CRLF, blank lines). Gzip input (`.csv.gz`) is recognised
/// by its first bytes; the separator (`,` `;` tab) from the header row, with decimal commas
/// when it is `;` or tab, as the offline reader does.
pub struct SampleReader {
    records: csv::Reader<Box<dyn Read>>,
    name: String,
    columns: Columns,
    record: csv::ByteRecord,
    decimal_comma: bool,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    t: usize,
    acc: [usize; 3],
    gyro: Option<[usize; 3]>,
    subject: Option<usize>,
    activity: Option<usize>,
    trial: Option<usize>,
    label: Option<usize>,
    button: Option<usize>,
}

impl SampleReader {
    /// Reads the header; `name` is used in messages (e.g. "stdin").
    pub fn new(input: impl Read + 'static, name: &str) -> Result<SampleReader, FallError> {
        let io = |e: std::io::Error| FallError::Data(DataError::io(name, "reading", e));
        let mut buffered = BufReader::with_capacity(1 << 16, input);
        let head = buffered.fill_buf().map_err(io)?;
        let input: Box<dyn Read> = if head.starts_with(&[0x1f, 0x8b]) {
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        let mut input = BufReader::with_capacity(1 << 16, input);
        let head = input.fill_buf().map_err(io)?;
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let separator = welfare_data::scan::detect_separator(head);
        let mut records = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(Box::new(input) as Box<dyn Read>);
        let header = records
            .byte_headers()
            .map_err(|e| csv_error(name, e))?
            .clone();
        let fields: Vec<String> = header
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_owned()
            })
            .collect();
        if fields.iter().all(String::is_empty) {
            return Err(FallError::Data(DataError::EmptyFile {
                file: name.to_owned(),
                expected: welfare_data::signals::SIGNAL_COLUMNS.join(","),
            }));
        }
        let find = |c: &str| fields.iter().position(|f| f == c);
        let need = |c: &'static str| {
            find(c).ok_or_else(|| {
                FallError::Data(DataError::MissingColumn {
                    file: name.to_owned(),
                    column: c.to_owned(),
                    found: fields.join(","),
                })
            })
        };
        let gyro = match (find("gx_dps"), find("gy_dps"), find("gz_dps")) {
            (Some(a), Some(b), Some(c)) => Some([a, b, c]),
            (None, None, None) => None,
            _ => {
                let missing = ["gx_dps", "gy_dps", "gz_dps"]
                    .into_iter()
                    .find(|c| find(c).is_none())
                    .unwrap_or("gx_dps");
                need(missing)?;
                None
            }
        };
        let columns = Columns {
            t: need("t_s")?,
            acc: [need("ax_g")?, need("ay_g")?, need("az_g")?],
            gyro,
            subject: find("subject"),
            activity: find("activity_code"),
            trial: find("trial"),
            label: find("label"),
            button: find("button"),
        };
        Ok(SampleReader {
            records,
            name: name.to_owned(),
            columns,
            record: csv::ByteRecord::new(),
            decimal_comma: separator != b',',
        })
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The next sample, `None` at the end of the input. Each value is checked as the offline
    /// reader checks it (present, a finite number, label 0/1), with file, row and field.
    pub fn next_sample(&mut self) -> Result<Option<Sample>, FallError> {
        loop {
            let more = self
                .records
                .read_byte_record(&mut self.record)
                .map_err(|e| csv_error(&self.name, e))?;
            if !more {
                return Ok(None);
            }
            // blank lines and rows of bare separators (Excel) are skipped, as offline
            if !self.record.iter().all(|f| f.is_empty()) {
                break;
            }
        }
        let row = self.record.position().map_or(0, |p| p.line() as usize);
        let width = self.records.byte_headers().map_or(0, |h| h.len());
        if self.record.len() != width {
            return Err(FallError::Data(DataError::FieldCount {
                file: self.name.clone(),
                row,
                found: self.record.len(),
                expected: width,
                hint: None,
            }));
        }
        let c = self.columns;
        let record = &self.record;
        let text = |i: usize| String::from_utf8_lossy(&record[i]).into_owned();
        let cell = |field: &'static str| Cell {
            file: &self.name,
            row,
            field,
        };
        let num = |i: usize, field: &'static str| -> Result<f64, FallError> {
            let t = String::from_utf8_lossy(&record[i]);
            let t = if self.decimal_comma {
                t.replace(',', ".")
            } else {
                t.into_owned()
            };
            Ok(parse::finite_f64(cell(field), &t)?)
        };
        let acc = [
            num(c.acc[0], "ax_g")?,
            num(c.acc[1], "ay_g")?,
            num(c.acc[2], "az_g")?,
        ];
        let gyro = match c.gyro {
            Some(g) => Some([
                num(g[0], "gx_dps")?,
                num(g[1], "gy_dps")?,
                num(g[2], "gz_dps")?,
            ]),
            None => None,
        };
        let optional = |i: Option<usize>| i.map(text).filter(|s| !s.is_empty());
        let label = match c.label {
            Some(i) => Some(parse::flag(cell("label"), &text(i))?),
            None => None,
        };
        let button = match c.button {
            Some(i) if !record[i].is_empty() => Some(parse::flag(cell("button"), &text(i))?),
            _ => None,
        };
        Ok(Some(Sample {
            button,
            row,
            t_s: num(c.t, "t_s")?,
            acc_g: acc,
            gyro_dps: gyro,
            subject: optional(c.subject),
            activity_code: optional(c.activity),
            trial: optional(c.trial),
            label,
        }))
    }
}

fn csv_error(name: &str, e: csv::Error) -> FallError {
    let row = e.position().map_or(0, |p| p.line() as usize);
    match e.into_kind() {
        csv::ErrorKind::Io(io) => FallError::Data(DataError::io(name, "reading", io)),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => FallError::Data(DataError::FieldCount {
            file: name.to_owned(),
            row,
            found: len as usize,
            expected: expected_len as usize,
            hint: None,
        }),
        other => FallError::Data(DataError::Corrupt {
            file: name.to_owned(),
            format: "CSV",
            reason: format!("{other:?}"),
        }),
    }
}
