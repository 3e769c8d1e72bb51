//! The model: its detector (threshold or forest), the prepared trials it reads, alarms, and
//! the versioned model file.

use crate::calibration::Platt;
use crate::error::FallError;
use crate::features::{Event, FEATURE_NAMES, N_FEATURES, WindowSpec, events};
use crate::forest::Forest;
use crate::signal::{part, resample_on};
use serde::{Deserialize, Serialize};
use std::path::Path;
use welfare_data::signals::Trial;
use welfare_data::signals::{Gaps, parts};
use welfare_ensemble::Booster;

pub use crate::threshold::Threshold;

/// Version of the model file layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The decision rule of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Detector {
    /// The threshold detector.
    Threshold(Threshold),
    /// The random forest.
    Forest(Forest),
    /// Gradient-boosted trees (welfare-ensemble).
    Boosting(Booster),
}

/// Which detector to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetectorKind {
    /// Peak and tilt thresholds.
    Threshold,
    /// A random forest over all features.
    Forest,
    /// Gradient-boosted trees over all features.
    Boosting,
}

impl DetectorKind {
    /// The name on the command line and in outputs.
    pub fn name(self) -> &'static str {
        match self {
            DetectorKind::Threshold => "threshold",
            DetectorKind::Forest => "forest",
            DetectorKind::Boosting => "boosting",
        }
    }
}

impl DetectorKind {
    /// Every detector, in the order of the command line's help.
    pub const ALL: [DetectorKind; 3] = [
        DetectorKind::Threshold,
        DetectorKind::Forest,
        DetectorKind::Boosting,
    ];
}

impl std::str::FromStr for DetectorKind {
    type Err = FallError;
    /// A detector by its name (`threshold`, `forest`, `boosting`).
    fn from_str(s: &str) -> Result<DetectorKind, FallError> {
        by_name(
            s,
            DetectorKind::ALL,
            DetectorKind::name,
            "detector",
            "a detector",
        )
    }
}

/// The sensors a learned model reads. Most worn devices (pendants, belt clips, watches of a
/// home emergency call) have an accelerometer only, and the gyroscope features over-fitted the
/// development subjects (more false alarms on held-out ones), so the default is `accel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sensors {
    /// Accelerometer only: the model runs on every device.
    #[default]
    Accel,
    /// Accelerometer and gyroscope: every training trial and every recording read later
    /// must have `gx_dps, gy_dps, gz_dps`.
    AccelGyro,
}

impl Sensors {
    /// Both, in the order of the command line's help.
    pub const ALL: [Sensors; 2] = [Sensors::Accel, Sensors::AccelGyro];

    /// The name on the command line (`accel`, `accel+gyro`).
    pub fn name(self) -> &'static str {
        match self {
            Sensors::Accel => "accel",
            Sensors::AccelGyro => "accel+gyro",
        }
    }
}

impl std::str::FromStr for Sensors {
    type Err = FallError;
    fn from_str(s: &str) -> Result<Sensors, FallError> {
        by_name(s, Sensors::ALL, Sensors::name, "sensors", "a sensor set")
    }
}

/// The one of `all` whose name is `s` (trimmed); otherwise a parameter error naming them all.
fn by_name<T: Copy, const N: usize>(
    s: &str,
    all: [T; N],
    name: fn(T) -> &'static str,
    parameter: &'static str,
    what: &str,
) -> Result<T, FallError> {
    all.into_iter()
        .find(|k| name(*k) == s.trim())
        .ok_or_else(|| FallError::Parameter {
            name: parameter,
            reason: format!(
                "'{s}' is not {what}; use one of {}",
                all.map(name).join(", ")
            ),
        })
}

/// What a model was trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSummary {
    /// Training trials.
    pub trials: usize,
    /// Of them falls.
    pub falls: usize,
    /// Of them daily activities.
    pub adls: usize,
    /// The training subjects.
    pub subjects: Vec<String>,
    /// Impact events (windows) trained on.
    pub events: usize,
    /// How the cut-off was chosen.
    pub cutoff_from: String,
}

/// A trained detector with everything needed to apply it: window, feature schema, sampling
/// rate, cut-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Version of the file layout.
    pub schema_version: u32,
    /// The window around an impact.
    pub window: WindowSpec,
    /// Names of the features the detector reads, in order (a prefix of [`FEATURE_NAMES`]).
    pub features: Vec<String>,
    /// The model needs gyroscope signals.
    pub uses_gyro: bool,
    /// Alarm when the (calibrated) score reaches this.
    pub cutoff: f64,
    /// The decision rule.
    pub detector: Detector,
    /// Platt scaling of the detector's raw probability (learned detectors trained since
    /// 2026-12-03; absent in older files and for the threshold detector, whose score is used
    /// as it is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Platt>,
    /// What it was trained on.
    pub training: TrainingSummary,
    /// Cut-offs with the sensitivity and false alarms per hour they gave on the out-of-fold
    /// trials of training (learned detectors trained since 2026-12-07; empty otherwise), from
    /// the lowest cut-off up: the choice of an operating point by a target false-alarm rate
    /// ([`Model::operating_point`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operating_points: Vec<OperatingPoint>,
}

/// One cut-off and what it gave in training's subject-grouped cross-validation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OperatingPoint {
    /// The cut-off on the model's (calibrated) score.
    pub cutoff: f64,
    /// Share of out-of-fold fall trials with an alarm.
    pub sensitivity: f64,
    /// Alarms per hour of out-of-fold daily-activity trials.
    pub false_alarms_per_hour: f64,
}

impl Model {
    /// The operating point with the highest sensitivity whose false alarms per hour in
    /// training's cross-validation stay at or below `target` (`None` without points or when
    /// none is that low). Activity trials are denser than a day of wear: a target met here
    /// is an upper bound for continuous wear only in that sense.
    pub fn operating_point(&self, target: f64) -> Option<OperatingPoint> {
        self.operating_points
            .iter()
            .filter(|p| p.false_alarms_per_hour <= target)
            .max_by(|a, b| {
                a.sensitivity
                    .total_cmp(&b.sensitivity)
                    .then(b.false_alarms_per_hour.total_cmp(&a.false_alarms_per_hour))
            })
            .copied()
    }
}

/// One trial reduced to what detection needs: its events.
#[derive(Debug, Clone)]
pub struct PreparedTrial {
    /// The trial's key.
    pub key: String,
    /// The subject.
    pub subject: String,
    /// Whether it is a fall, when known.
    pub label: Option<bool>,
    /// Length, seconds.
    pub duration_s: f64,
    /// Time of the first sample (seconds), to report alarm times in the trial's clock.
    pub t0: f64,
    /// Sampling rate, Hz.
    pub rate_hz: f64,
    /// The trial has gyroscope signals.
    pub has_gyro: bool,
    /// Its impact events with features (sample indices on the grid `t0 + k / rate_hz`).
    pub events: Vec<Event>,
    /// Lost samples filled by interpolation and dropouts split at.
    pub gaps: Gaps,
}

/// Resamples a trial to the window's rate and cuts its events. Lost samples (gaps up to
/// [`welfare_data::signals::MAX_FILLED_GAP_S`]) are filled by interpolation; at a longer
/// dropout the trial is split and each part is read on its own (no window spans a dropout);
/// `duration_s` counts the recorded parts only.
pub fn prepare(trial: &Trial, window: &WindowSpec) -> Result<PreparedTrial, FallError> {
    let t0 = trial.t_s.first().copied().unwrap_or(0.0);
    let mut smv = Vec::new();
    let mut all = Vec::new();
    let mut duration_s = 0.0;
    for (i, range) in parts(&trial.t_s).into_iter().enumerate() {
        // later parts on the first part's grid, so their events have indices of the trial
        let grid = (i > 0).then_some(t0);
        let mut t = resample_on(&part(trial, range), window.rate_hz, grid)?;
        if window.range_g.is_some() {
            for a in &mut t.acc_g {
                *a = window.clip(*a);
            }
        }
        let Some(&first) = t.t_s.first() else {
            continue;
        };
        let offset = ((first - t0) * window.rate_hz).round() as usize;
        all.extend(
            events(window, &t.acc_g, t.gyro_dps.as_deref(), &mut smv)
                .into_iter()
                .map(|e| Event {
                    impact: e.impact + offset,
                    decided_at: e.decided_at + offset,
                    ..e
                }),
        );
        duration_s += t.duration_s() + 1.0 / window.rate_hz;
    }
    Ok(PreparedTrial {
        key: trial.key(),
        subject: trial.subject.clone().unwrap_or_else(|| "-".into()),
        label: trial.label,
        duration_s,
        t0,
        rate_hz: window.rate_hz,
        has_gyro: trial.gyro_dps.is_some(),
        events: all,
        gaps: trial.gaps(),
    })
}

/// Prepares many trials (all must carry labels and subjects for training).
pub fn prepare_all(trials: &[Trial], window: &WindowSpec) -> Result<Vec<PreparedTrial>, FallError> {
    window.check()?;
    trials.iter().map(|t| prepare(t, window)).collect()
}

/// An alarm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Alarm {
    /// Impact time, s (trial clock).
    pub t_impact_s: f64,
    /// When the detector could decide, s (trial clock).
    pub t_alarm_s: f64,
    /// Probability of a fall.
    pub probability: f64,
}

impl Model {
    /// Number of features the detector reads.
    pub fn width(&self) -> usize {
        self.features.len()
    }

    /// Score of one event (0–1): the detector's probability, calibrated when the model has a
    /// calibration.
    #[inline]
    pub fn score(&self, features: &[f64; N_FEATURES]) -> f64 {
        let raw = self.raw_score(features);
        match &self.calibration {
            Some(c) => c.apply(raw),
            None => raw,
        }
    }

    /// The detector's own score of one event, before calibration.
    #[inline]
    pub fn raw_score(&self, features: &[f64; N_FEATURES]) -> f64 {
        let x = &features[..self.width()];
        match &self.detector {
            Detector::Threshold(t) => t.score(x),
            Detector::Forest(f) => f.probability(x),
            Detector::Boosting(b) => b.probability(x),
        }
    }

    /// Checks that a prepared trial fits the model.
    pub fn accepts(&self, t: &PreparedTrial, source: &str) -> Result<(), FallError> {
        if self.uses_gyro && !t.has_gyro {
            return Err(FallError::Signal {
                source_name: source.to_owned(),
                trial: t.key.clone(),
                reason:
                    "the model uses gyroscope features but the signal has no gx_dps/gy_dps/gz_dps"
                        .into(),
            });
        }
        Ok(())
    }

    /// The alarms of a prepared trial and its score (highest event score, 0 without events).
    pub fn detect(&self, t: &PreparedTrial) -> (f64, Vec<Alarm>) {
        let mut best = 0.0f64;
        let mut alarms = Vec::new();
        for e in &t.events {
            let p = self.score(&e.features);
            best = best.max(p);
            if p >= self.cutoff {
                alarms.push(Alarm {
                    t_impact_s: t.t0 + e.impact as f64 / t.rate_hz,
                    t_alarm_s: t.t0 + e.decided_at as f64 / t.rate_hz,
                    probability: p,
                });
            }
        }
        (best, alarms)
    }

    /// Alarms of a raw trial (resampled to the model's rate first).
    pub fn detect_trial(&self, trial: &Trial, source: &str) -> Result<Vec<Alarm>, FallError> {
        let t = prepare(trial, &self.window)?;
        self.accepts(&t, source)?;
        Ok(self.detect(&t).1)
    }

    /// Writes the model as JSON (atomically).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), FallError> {
        Ok(welfare_data::model_file::save(path.as_ref(), self)?)
    }

    /// Reads and checks a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Model, FallError> {
        let path = path.as_ref();
        let bytes = welfare_data::model_file::read(path)?;
        Self::from_json(&path.display().to_string(), &bytes)
    }

    /// Parses and checks model JSON; `file` names it in errors.
    pub fn from_json(file: &str, bytes: &[u8]) -> Result<Model, FallError> {
        let bad = |reason: String| FallError::Model {
            file: file.to_owned(),
            reason,
        };
        let model: Model =
            welfare_data::model_file::decode(bytes, SCHEMA_VERSION, "fall-detection model")
                .map_err(&bad)?;
        model.window.check().map_err(|e| bad(e.to_string()))?;
        let w = model.width();
        let expected: Vec<&str> = FEATURE_NAMES[..w].to_vec();
        if w == 0 || model.features != expected {
            return Err(bad("the feature schema does not match this build".into()));
        }
        if model.uses_gyro != (w == N_FEATURES) {
            return Err(bad("uses_gyro does not match the feature schema".into()));
        }
        if !(0.0..=1.0).contains(&model.cutoff) {
            return Err(bad("cutoff outside 0-1".into()));
        }
        if model.calibration.is_some_and(|c| !c.is_valid()) {
            return Err(bad("calibration: a must be positive and a, b finite".into()));
        }
        match &model.detector {
            Detector::Forest(f) => f.check(w).map_err(bad)?,
            Detector::Boosting(b) => b.check(w).map_err(|e| bad(e.to_string()))?,
            Detector::Threshold(t) => {
                if !(t.peak_g > 0.0 && t.tilt_deg > 0.0) {
                    return Err(bad("threshold values must be positive".into()));
                }
            }
        }
        Ok(model)
    }
}
