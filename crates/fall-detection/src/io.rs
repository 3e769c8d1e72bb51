//! Reading signal inputs (files or folders, suite CSV or raw SisFall) and a sample-by-sample
//! CSV reader for streaming.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use welfare_data::DataError;
use welfare_data::signals::{Recording, read_sisfall_raw};

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
    let io = |e| FallError::Io {
        file: path.display().to_string(),
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
        return Err(FallError::Io {
            file: path.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the folder has no signal files",
            ),
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
    pub t_s: f64,
    pub acc_g: [f64; 3],
    pub gyro_dps: Option<[f64; 3]>,
    pub subject: Option<String>,
    pub trial: Option<String>,
}

/// Reads the suite's signal CSV line by line (for `--stream`): plain comma-separated values,
/// header first.
pub struct SampleReader<R> {
    input: R,
    name: String,
    row: usize,
    columns: Columns,
    line: String,
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    t: usize,
    acc: [usize; 3],
    gyro: Option<[usize; 3]>,
    subject: Option<usize>,
    trial: Option<usize>,
    width: usize,
}

impl<R: BufRead> SampleReader<R> {
    /// Reads the header; `name` is used in messages (e.g. "stdin").
    pub fn new(mut input: R, name: &str) -> Result<SampleReader<R>, FallError> {
        let mut header = String::new();
        input.read_line(&mut header).map_err(|e| FallError::Io {
            file: name.to_owned(),
            source: e,
        })?;
        let fields: Vec<String> = header
            .trim_start_matches('\u{feff}')
            .trim_end()
            .split(',')
            .map(|f| f.trim().trim_matches('"').to_owned())
            .collect();
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
            _ => None,
        };
        let columns = Columns {
            t: need("t_s")?,
            acc: [need("ax_g")?, need("ay_g")?, need("az_g")?],
            gyro,
            subject: find("subject"),
            trial: find("trial"),
            width: fields.len(),
        };
        Ok(SampleReader {
            input,
            name: name.to_owned(),
            row: 1,
            columns,
            line: String::new(),
        })
    }

    /// The next sample, `None` at the end of the input.
    pub fn next_sample(&mut self) -> Result<Option<Sample>, FallError> {
        loop {
            self.line.clear();
            let n = self
                .input
                .read_line(&mut self.line)
                .map_err(|e| FallError::Io {
                    file: self.name.clone(),
                    source: e,
                })?;
            if n == 0 {
                return Ok(None);
            }
            self.row += 1;
            if !self.line.trim().is_empty() {
                break;
            }
        }
        let row = self.row;
        let fields: Vec<&str> = self.line.trim_end().split(',').collect();
        let c = self.columns;
        if fields.len() != c.width {
            return Err(FallError::Data(DataError::FieldCount {
                file: self.name.clone(),
                row,
                found: fields.len(),
                expected: c.width,
                hint: None,
            }));
        }
        let num = |i: usize, field: &str| -> Result<f64, FallError> {
            let text = fields[i].trim();
            if text.is_empty() {
                return Err(FallError::Data(DataError::MissingValue {
                    file: self.name.clone(),
                    row,
                    field: field.to_owned(),
                }));
            }
            let v: f64 = text.parse().map_err(|_| {
                FallError::Data(DataError::WrongType {
                    file: self.name.clone(),
                    row,
                    field: field.to_owned(),
                    expected: "a number",
                })
            })?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(FallError::Data(DataError::NotFinite {
                    file: self.name.clone(),
                    row,
                    field: field.to_owned(),
                }))
            }
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
        Ok(Some(Sample {
            row,
            t_s: num(c.t, "t_s")?,
            acc_g: acc,
            gyro_dps: gyro,
            subject: c.subject.map(|i| fields[i].trim().to_owned()),
            trial: c.trial.map(|i| fields[i].trim().to_owned()),
        }))
    }
}
