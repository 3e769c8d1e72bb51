//! Accelerometer (and gyroscope) recordings for fall detection.
//!
//! Two layouts are read:
//! - the suite's CSV (optionally `.csv.gz`): `t_s,ax_g,ay_g,az_g[,gx_dps,gy_dps,gz_dps]`
//!   `[,label,activity_code,subject,trial]`, rows of one trial contiguous and in time order;
//! - raw SisFall text files (`D01_SA01_R01.txt`: 9 integer columns per line ending in `;`,
//!   200 Hz; ADXL345 ±16 g 13 bit, ITG3200 ±2000 °/s 16 bit, MMA8451Q dropped).
//!
//! Every trial is checked: time strictly increasing, a sampling rate of at least
//! [`MIN_RATE_HZ`], finite values, and accelerations that can be in g (a waist sensor at rest
//! reads about 1 g; a median magnitude near 9.8 means the file is in m/s²). Gaps are not refused:
//! real devices lose samples over Bluetooth, and a user cannot repair a file by hand. Filling
//! short gaps and splitting at long ones is signal processing, done by the detector
//! (`fall_detection::signal`); [`gaps`] describes them.

use std::path::Path;

use crate::error::{Cell, DataError};
use crate::parse;

/// SisFall ADXL345: ±16 g over 13 bits.
pub const SISFALL_ACC_G_PER_COUNT: f64 = 32.0 / 8192.0;
/// SisFall ITG3200: ±2000 °/s over 16 bits.
pub const SISFALL_GYRO_DPS_PER_COUNT: f64 = 4000.0 / 65536.0;
/// SisFall sampling rate.
pub const SISFALL_RATE_HZ: f64 = 200.0;

/// Largest acceleration component accepted as g (sensors in use range to ±16 g).
pub const MAX_ABS_G: f64 = 32.0;
/// Largest angular rate accepted in °/s.
pub const MAX_ABS_DPS: f64 = 4000.0;
/// A step longer than this many median steps is a gap (at least one sample lost; a jittered
/// clock stays below it).
pub const GAP_FACTOR: f64 = 1.5;
/// Gaps up to this long (seconds) are filled by interpolation; a longer gap splits the trial.
pub const MAX_FILLED_GAP_S: f64 = 0.5;
/// Lowest sampling rate read (the median step of a trial), Hz. Below it an impact lasts one
/// sample or none.
pub const MIN_RATE_HZ: f64 = 10.0;

/// The gaps of one trial's time axis (steps longer than [`GAP_FACTOR`] median steps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Gaps {
    /// Gaps up to [`MAX_FILLED_GAP_S`]: filled by interpolation.
    pub filled: usize,
    /// Samples missing in those gaps (from the median step).
    pub samples_filled: usize,
    /// Gaps longer than [`MAX_FILLED_GAP_S`]: the trial is split there.
    pub splits: usize,
}

impl Gaps {
    /// Adds another trial's gaps.
    pub fn add(&mut self, other: Gaps) {
        self.filled += other.filled;
        self.samples_filled += other.samples_filled;
        self.splits += other.splits;
    }
}

/// The gaps of a time axis `t` (strictly increasing) with median step `step`.
pub fn gaps(t: &[f64], step: f64) -> Gaps {
    let mut g = Gaps::default();
    if !(step.is_finite() && step > 0.0) {
        return g;
    }
    for w in t.windows(2) {
        let dt = w[1] - w[0];
        if dt > MAX_FILLED_GAP_S {
            g.splits += 1;
        } else if dt > GAP_FACTOR * step {
            g.filled += 1;
            g.samples_filled += ((dt / step).round() as usize).saturating_sub(1).max(1);
        }
    }
    g
}

/// Index ranges of `t` between gaps longer than [`MAX_FILLED_GAP_S`] (one range without such
/// gaps).
pub fn parts(t: &[f64]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..t.len() {
        if t[i] - t[i - 1] > MAX_FILLED_GAP_S {
            out.push(start..i);
            start = i;
        }
    }
    if start < t.len() {
        out.push(start..t.len());
    }
    out
}

/// One trial (recording of one activity by one subject).
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    /// The subject, when known.
    pub subject: Option<String>,
    /// The trial number, when known.
    pub trial: Option<u32>,
    /// The activity code, when known.
    pub activity_code: Option<String>,
    /// `true` for a fall trial, `false` for an activity of daily living.
    pub label: Option<bool>,
    /// Time since the start of the trial, seconds, strictly increasing.
    pub t_s: Vec<f64>,
    /// Acceleration in g, one `[x, y, z]` per sample.
    pub acc_g: Vec<[f64; 3]>,
    /// Angular rate in °/s, if recorded.
    pub gyro_dps: Option<Vec<[f64; 3]>>,
    /// Row of the first sample in the source file (for messages).
    pub first_row: usize,
}

impl Trial {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.t_s.len()
    }
    /// Whether the trial has no samples.
    pub fn is_empty(&self) -> bool {
        self.t_s.is_empty()
    }
    /// Sampling rate from the median time step, Hz.
    pub fn sample_rate_hz(&self) -> f64 {
        1.0 / median_step(&self.t_s)
    }
    /// Its gaps (see [`gaps`]).
    pub fn gaps(&self) -> Gaps {
        gaps(&self.t_s, median_step(&self.t_s))
    }
    /// Duration from first to last sample, seconds.
    pub fn duration_s(&self) -> f64 {
        match (self.t_s.first(), self.t_s.last()) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }
    /// A readable name, e.g. `SA01/F05/1`.
    pub fn key(&self) -> String {
        format!(
            "{}/{}/{}",
            self.subject.as_deref().unwrap_or("-"),
            self.activity_code.as_deref().unwrap_or("-"),
            self.trial.map_or("-".to_owned(), |t| t.to_string())
        )
    }
}

/// All trials of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// Where the recording was read from.
    pub source: String,
    /// Its trials.
    pub trials: Vec<Trial>,
}

impl Recording {
    /// Total number of samples.
    pub fn samples(&self) -> usize {
        self.trials.iter().map(Trial::len).sum()
    }
}

fn median_step(t: &[f64]) -> f64 {
    let mut steps: Vec<f64> = t.windows(2).map(|w| w[1] - w[0]).collect();
    if steps.is_empty() {
        return f64::NAN;
    }
    let mid = steps.len() / 2;
    *steps.select_nth_unstable_by(mid, |a, b| a.total_cmp(b)).1
}

/// Checks one trial's time axis and units; `row_of(i)` gives the file row of sample `i`.
/// The same [`TrialCheck`] runs sample by sample in stream mode.
pub fn validate_trial(
    file: &str,
    trial: &Trial,
    row_of: impl Fn(usize) -> usize,
) -> Result<(), DataError> {
    let step = if trial.t_s.len() >= 3 {
        Some(median_step(&trial.t_s))
    } else {
        None
    };
    let mut check = TrialCheck::new(file, &trial.key(), step);
    for i in 0..trial.t_s.len() {
        let gyro = trial.gyro_dps.as_ref().map(|g| g[i]);
        check.push(row_of(i), trial.t_s[i], trial.acc_g[i], gyro)?;
    }
    check.finish(row_of(0))?;
    if let Some(step) = step
        && step > 1.0 / MIN_RATE_HZ
    {
        return Err(Cell {
            file,
            row: row_of(0),
            field: "t_s",
        }
        .invalid(format!(
            "trial {} is sampled at {:.1} Hz (median step {step:.3} s); fall detection needs at least {MIN_RATE_HZ} Hz",
            trial.key(),
            1.0 / step
        )));
    }
    Ok(())
}

/// Bins of the magnitude histogram of [`TrialCheck`]: 0.001 g wide, up to 40 g.
const SMV_BIN_G: f64 = 0.001;
const SMV_BINS: usize = 40_000;

/// The checks of one trial, sample by sample, in bounded memory: time strictly increasing
/// (gaps are allowed: see [`gaps`]), accelerations that can be in g (each component within
/// ±[`MAX_ABS_G`], median magnitude 0.3–3 g — checked after the first second and over the whole
/// trial), angular rates within ±[`MAX_ABS_DPS`]. Offline reading and streaming both use it, so
/// a file refused offline is refused in stream mode too (at the first sample that shows it).
#[derive(Debug, Clone)]
pub struct TrialCheck {
    file: String,
    key: String,
    last_t: Option<f64>,
    samples: usize,
    /// Samples in the first second (from the step), when the early unit check runs.
    first_second: usize,
    histogram: Vec<u32>,
}

impl TrialCheck {
    /// A check of trial `key` of `file`; `step` is the expected time step in seconds (the
    /// trial's median step offline, the model's `1 / rate` in stream mode), used for the length
    /// of the first second.
    pub fn new(file: &str, key: &str, step: Option<f64>) -> TrialCheck {
        let first_second = step
            .filter(|s| s.is_finite() && *s > 0.0)
            .map_or(50, |s| (1.0 / s).round().clamp(3.0, 10_000.0) as usize);
        TrialCheck {
            file: file.to_owned(),
            key: key.to_owned(),
            last_t: None,
            samples: 0,
            first_second,
            histogram: vec![0; SMV_BINS + 1],
        }
    }

    fn cell<'a>(&'a self, row: usize, field: &'a str) -> Cell<'a> {
        Cell {
            file: &self.file,
            row,
            field,
        }
    }

    /// Checks one sample at file row `row`.
    pub fn push(
        &mut self,
        row: usize,
        t_s: f64,
        acc_g: [f64; 3],
        gyro_dps: Option<[f64; 3]>,
    ) -> Result<(), DataError> {
        parse::check_finite(self.cell(row, "t_s"), t_s)?;
        for (k, name) in ["ax_g", "ay_g", "az_g"].iter().enumerate() {
            parse::check_finite(self.cell(row, name), acc_g[k])?;
        }
        if let Some(last) = self.last_t
            && t_s <= last
        {
            return Err(self.cell(row, "t_s").invalid(format!(
                "time does not increase within trial {} (previous row has a later or equal time)",
                self.key
            )));
        }
        self.last_t = Some(t_s);
        let names = ["ax_g", "ay_g", "az_g"];
        for k in 0..3 {
            if acc_g[k].abs() > MAX_ABS_G {
                return Err(self.cell(row, names[k]).invalid(format!(
                    "|acceleration| above {MAX_ABS_G} g cannot be g; is the file in m/s²? (divide by 9.80665)"
                )));
            }
        }
        if let Some(g) = gyro_dps {
            let names = ["gx_dps", "gy_dps", "gz_dps"];
            for k in 0..3 {
                parse::check_finite(self.cell(row, names[k]), g[k])?;
                if g[k].abs() > MAX_ABS_DPS {
                    return Err(self.cell(row, names[k]).invalid(format!(
                        "|angular rate| above {MAX_ABS_DPS} °/s cannot be °/s"
                    )));
                }
            }
        }
        let m = (acc_g[0] * acc_g[0] + acc_g[1] * acc_g[1] + acc_g[2] * acc_g[2]).sqrt();
        let bin = ((m / SMV_BIN_G) as usize).min(SMV_BINS);
        self.histogram[bin] += 1;
        self.samples += 1;
        if self.samples == self.first_second {
            self.check_units(row)?;
        }
        Ok(())
    }

    /// The median acceleration magnitude so far (to 0.001 g).
    fn median(&self) -> Option<f64> {
        if self.samples == 0 {
            return None;
        }
        let half = self.samples / 2 + 1;
        let mut seen = 0usize;
        for (bin, &n) in self.histogram.iter().enumerate() {
            seen += n as usize;
            if seen >= half {
                return Some((bin as f64 + 0.5) * SMV_BIN_G);
            }
        }
        None
    }

    fn check_units(&self, row: usize) -> Result<(), DataError> {
        let Some(median) = self.median() else {
            return Ok(());
        };
        if !(0.3..=3.0).contains(&median) {
            let hint = if (7.0..=13.0).contains(&median) {
                "looks like m/s²: divide by 9.80665"
            } else {
                "a worn sensor reads about 1 g most of the time"
            };
            return Err(self.cell(row, "ax_g").invalid(format!(
                "median acceleration magnitude of trial {} is {median:.2}, which cannot be in g ({hint})",
                self.key
            )));
        }
        Ok(())
    }

    /// Ends the trial: the unit check over all its samples (`row` = the trial's first row).
    pub fn finish(&self, row: usize) -> Result<(), DataError> {
        self.check_units(row)
    }
}

/// Parses a raw SisFall file name `D01_SA01_R01.txt` into (activity, subject, trial).
pub fn parse_sisfall_name(name: &str) -> Option<(String, String, u32)> {
    let stem = name.strip_suffix(".txt").unwrap_or(name);
    let mut parts = stem.split('_');
    let activity = parts.next()?;
    let subject = parts.next()?;
    let trial = parts.next()?.strip_prefix('R')?.parse().ok()?;
    if parts.next().is_some() || activity.is_empty() || subject.is_empty() {
        return None;
    }
    Some((activity.to_owned(), subject.to_owned(), trial))
}

/// Reads a raw SisFall text file (converted to g and °/s; MMA8451Q columns dropped).
pub fn read_sisfall_raw(path: impl AsRef<Path>) -> Result<Recording, DataError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| DataError::io(path, "reading", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    sisfall_from_bytes(&path.display().to_string(), &name, &bytes)
}

/// Reads raw SisFall bytes; `file_name` (like `D01_SA01_R01.txt`) gives activity, subject, trial.
pub fn sisfall_from_bytes(
    file: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Recording, DataError> {
    let (activity, subject, trial_no) = match parse_sisfall_name(file_name) {
        Some((a, s, t)) => (Some(a), Some(s), Some(t)),
        None => (None, None, None),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let row = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        DataError::BadUtf8 {
            file: file.to_owned(),
            row,
            field: "line".into(),
            byte: e.valid_up_to(),
        }
    })?;
    const FIELDS: [&str; 9] = [
        "adxl345_x",
        "adxl345_y",
        "adxl345_z",
        "itg3200_x",
        "itg3200_y",
        "itg3200_z",
        "mma8451q_x",
        "mma8451q_y",
        "mma8451q_z",
    ];
    let mut t_s = Vec::new();
    let mut acc = Vec::new();
    let mut gyro = Vec::new();
    let mut rows = Vec::new();
    for (line_no, line) in text.lines().enumerate() {
        let line = line.trim().trim_end_matches(';').trim();
        if line.is_empty() {
            continue;
        }
        let row = line_no + 1; // the raw format has no header
        let mut v = [0i64; 9];
        let mut n = 0;
        for part in line.split(',') {
            if n == 9 {
                n += 1;
                break;
            }
            let cell = Cell {
                file,
                row,
                field: FIELDS[n],
            };
            v[n] = parse::integer(cell, part)?;
            n += 1;
        }
        if n != 9 {
            return Err(DataError::FieldCount {
                file: file.to_owned(),
                row,
                found: line.split(',').count(),
                expected: 9,
                hint: None,
            });
        }
        t_s.push(t_s.len() as f64 / SISFALL_RATE_HZ);
        acc.push([0, 1, 2].map(|k| v[k] as f64 * SISFALL_ACC_G_PER_COUNT));
        gyro.push([3, 4, 5].map(|k| v[k] as f64 * SISFALL_GYRO_DPS_PER_COUNT));
        rows.push(row);
    }
    if t_s.is_empty() {
        return Err(DataError::EmptyFile {
            file: file.to_owned(),
            expected: "9 comma-separated integers per line".into(),
        });
    }
    let trial = Trial {
        label: activity.as_deref().map(|a| a.starts_with('F')),
        subject,
        trial: trial_no,
        activity_code: activity,
        t_s,
        acc_g: acc,
        gyro_dps: Some(gyro),
        first_row: rows[0],
    };
    validate_trial(file, &trial, |i| rows[i])?;
    Ok(Recording {
        source: file.to_owned(),
        trials: vec![trial],
    })
}

#[cfg(feature = "polars")]
pub use self::csv::*;

#[cfg(feature = "polars")]
mod csv {
    use std::collections::HashMap;
    use std::path::Path;

    use super::{Recording, Trial, validate_trial};
    use crate::error::DataError;
    use crate::parse;
    use crate::table::{Table, TableBuilder};

    /// Required columns of a signal CSV.
    pub const SIGNAL_COLUMNS: [&str; 4] = ["t_s", "ax_g", "ay_g", "az_g"];
    const GYRO: [&str; 3] = ["gx_dps", "gy_dps", "gz_dps"];

    impl Recording {
        /// Reads a signal CSV or CSV.gz file.
        pub fn read(path: impl AsRef<Path>) -> Result<Recording, DataError> {
            let table = Table::read_expecting(path, &SIGNAL_COLUMNS)?;
            Self::from_table(&table)
        }

        /// Reads signal CSV bytes (plain or gzip); `name` is used in messages.
        pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Recording, DataError> {
            let table = Table::from_bytes(name, bytes, &SIGNAL_COLUMNS)?;
            Self::from_table(&table)
        }

        /// Splits a table into trials and validates each.
        pub fn from_table(t: &Table) -> Result<Recording, DataError> {
            t.require_columns(&SIGNAL_COLUMNS)?;
            t.require_rows()?;
            let time = t.f64s("t_s")?;
            let ax = t.f64s("ax_g")?;
            let ay = t.f64s("ay_g")?;
            let az = t.f64s("az_g")?;
            let gyro_present = GYRO.iter().filter(|c| t.has(c)).count();
            if gyro_present != 0 && gyro_present != 3 {
                let missing = GYRO.iter().find(|c| !t.has(c)).copied().unwrap_or("gx_dps");
                t.require_columns(&[missing])?;
            }
            let gyro = if gyro_present == 3 {
                Some([t.f64s(GYRO[0])?, t.f64s(GYRO[1])?, t.f64s(GYRO[2])?])
            } else {
                None
            };
            let subject = t.optional_strings("subject")?;
            let activity = t.optional_strings("activity_code")?;
            let trial_no = optional_ints(t, "trial")?;
            let label = optional_ints(t, "label")?;

            let key = |i: usize| {
                (
                    subject.as_ref().and_then(|v| v[i].clone()),
                    activity.as_ref().and_then(|v| v[i].clone()),
                    trial_no.as_ref().and_then(|v| v[i]),
                )
            };
            let same_trial = |i: usize, j: usize| {
                subject.as_ref().is_none_or(|v| v[i] == v[j])
                    && activity.as_ref().is_none_or(|v| v[i] == v[j])
                    && trial_no.as_ref().is_none_or(|v| v[i] == v[j])
            };
            let mut trials: Vec<Trial> = Vec::new();
            let mut starts: Vec<usize> = Vec::new();
            let mut seen: HashMap<TrialKey, usize> = HashMap::new();
            let mut start = 0;
            while start < time.len() {
                let k = key(start);
                let mut end = start + 1;
                while end < time.len() && same_trial(start, end) {
                    end += 1;
                }
                if let Some(first) = seen.insert(k.clone(), start) {
                    return Err(t.cell(start, "trial").invalid(format!(
                        "rows of one trial must be contiguous; this trial already had rows starting at row {}",
                        t.row_number(first)
                    )));
                }
                let labels = label.as_ref().map(|v| &v[start..end]);
                let trial_label = match labels {
                    Some(l) => {
                        let first = l[0].ok_or_else(|| t.cell(start, "label").missing())?;
                        for (j, v) in l.iter().enumerate() {
                            let cell = t.cell(start + j, "label");
                            let v = v.ok_or_else(|| cell.missing())?;
                            if v != first {
                                return Err(cell.invalid(
                                    "the label must be the same for all rows of a trial",
                                ));
                            }
                        }
                        Some(parse::flag_from_int(t.cell(start, "label"), first)?)
                    }
                    None => None,
                };
                let trial_number = match k.2 {
                    Some(n) => Some(parse::count(t.cell(start, "trial"), n)?),
                    None => None,
                };
                trials.push(Trial {
                    subject: k.0,
                    activity_code: k.1,
                    trial: trial_number,
                    label: trial_label,
                    t_s: time[start..end].to_vec(),
                    acc_g: (start..end).map(|i| [ax[i], ay[i], az[i]]).collect(),
                    gyro_dps: gyro
                        .as_ref()
                        .map(|g| (start..end).map(|i| [g[0][i], g[1][i], g[2][i]]).collect()),
                    first_row: t.row_number(start),
                });
                starts.push(start);
                start = end;
            }
            for (trial, &s) in trials.iter().zip(&starts) {
                validate_trial(t.name(), trial, |i| t.row_number(s + i))?;
            }
            Ok(Recording {
                source: t.name().to_owned(),
                trials,
            })
        }

        /// The recording as a table in the signal CSV layout. Optional columns are written when
        /// every trial has them.
        pub fn to_table(&self) -> Result<Table, DataError> {
            let n = self.samples();
            let mut t = Vec::with_capacity(n);
            let mut a: [Vec<f64>; 3] = Default::default();
            let mut g: [Vec<f64>; 3] = Default::default();
            let mut label = Vec::with_capacity(n);
            let mut activity = Vec::with_capacity(n);
            let mut subject = Vec::with_capacity(n);
            let mut trial = Vec::with_capacity(n);
            let all_gyro = self.trials.iter().all(|t| t.gyro_dps.is_some());
            for tr in &self.trials {
                t.extend_from_slice(&tr.t_s);
                for (k, col) in a.iter_mut().enumerate() {
                    col.extend(tr.acc_g.iter().map(|s| s[k]));
                }
                if let (true, Some(gy)) = (all_gyro, &tr.gyro_dps) {
                    for (k, col) in g.iter_mut().enumerate() {
                        col.extend(gy.iter().map(|s| s[k]));
                    }
                }
                for _ in 0..tr.len() {
                    label.push(tr.label.map(i64::from));
                    activity.push(tr.activity_code.clone());
                    subject.push(tr.subject.clone());
                    trial.push(tr.trial.map(i64::from));
                }
            }
            let mut b = TableBuilder::new()
                .float("t_s", &t)
                .float("ax_g", &a[0])
                .float("ay_g", &a[1])
                .float("az_g", &a[2]);
            if all_gyro {
                b = b
                    .float("gx_dps", &g[0])
                    .float("gy_dps", &g[1])
                    .float("gz_dps", &g[2]);
            }
            if label.iter().all(Option::is_some) {
                b = b.integer(
                    "label",
                    &label.iter().flatten().copied().collect::<Vec<_>>(),
                );
            }
            if activity.iter().all(Option::is_some) {
                b = b.optional_text("activity_code", &activity);
            }
            if subject.iter().all(Option::is_some) {
                b = b.optional_text("subject", &subject);
            }
            if trial.iter().all(Option::is_some) {
                b = b.integer(
                    "trial",
                    &trial.iter().flatten().copied().collect::<Vec<_>>(),
                );
            }
            b.build(&self.source)
        }

        /// Writes the recording as CSV (or CSV.gz for a `.gz` path), atomically.
        pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
            self.to_table()?.write(path)
        }
    }

    /// (subject, activity_code, trial) of a row; `None` where the column is absent.
    type TrialKey = (Option<String>, Option<String>, Option<i64>);

    fn optional_ints(t: &Table, column: &str) -> Result<Option<Vec<Option<i64>>>, DataError> {
        let Some(values) = t.optional_strings(column)? else {
            return Ok(None);
        };
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_deref()
                    .map(|s| parse::integer(t.cell(i, column), s))
                    .transpose()
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

#[cfg(test)]
mod gap_tests {
    use super::*;

    #[test]
    fn gaps_are_counted_filled_or_split() {
        // 20 Hz with jitter (±20 %), one lost packet (0.15 s), 5 lost samples (0.3 s), a 2-s gap
        let mut t = vec![
            0.0, 0.06, 0.09, 0.15, 0.2, 0.35, 0.4, 0.7, 0.75, 2.75, 2.8, 2.85,
        ];
        let g = gaps(&t, 0.05);
        assert_eq!(g.filled, 2, "{g:?}");
        assert_eq!(g.samples_filled, 2 + 5);
        assert_eq!(g.splits, 1);
        assert_eq!(parts(&t), vec![0..9, 9..12]);
        t.truncate(9);
        assert_eq!(parts(&t), vec![0..9]);
        assert_eq!(parts(&[]), Vec::<std::ops::Range<usize>>::new());
    }
}
