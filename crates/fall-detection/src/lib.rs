//! # fall-detection
//!
//! Detects falls of older people in waist-worn accelerometer (and gyroscope) signals.
//!
//! 1. [`features`]: impact candidates (magnitude peaks with suppression) and a window around
//!    each, described by mounting-independent features (magnitude statistics, free fall,
//!    jerk, tilt change against the posture before, stillness after, rotation).
//! 2. [`model`]: three detectors — an interpretable [`threshold::Threshold`] (peak and tilt),
//!    a random forest of linfa trees ([`forest`]) and gradient-boosted trees from
//!    `welfare-ensemble` (the default), the learned two with a cut-off chosen by
//!    subject-grouped cross-validation ([`train()`]) — saved as JSON with feature schema and
//!    sampling rate.
//!    The forest's probabilities are calibrated ([`calibration`], Platt scaling on out-of-fold
//!    trial scores; [`CalibrationMode`]).
//! 3. [`stream`]: the same decisions sample by sample with one window of memory; [`watch`]:
//!    the alarm chain for many wearers (candidate, cancel window, alarm or cancelled).
//! 4. [`evaluate`]: per-trial sensitivity, specificity, F1, AUC, false alarms per hour and
//!    latency, overall and by age band; subject-wise cross-validation.
//! 5. [`generate`]: seeded synthetic activities and falls for tests and demos; [`device`]:
//!    what worn devices do to them (rate, range, lost samples, jitter, dropouts).
//!
//! ```
//! use fall_detection::generate::{SyntheticSpec, recording};
//! use fall_detection::{DetectorKind, TrainOptions, train};
//!
//! let data = recording(&SyntheticSpec::default())?;
//! let options = TrainOptions { kind: DetectorKind::Threshold, ..TrainOptions::default() };
//! let model = train(&data.trials, &options)?;
//! let fall = data.trials.iter().find(|t| t.label == Some(true)).unwrap();
//! let alarms = model.detect_trial(fall, "synthetic")?;
//! assert!(alarms.iter().all(|a| a.t_alarm_s - a.t_impact_s <= 3.0));
//! # Ok::<(), fall_detection::FallError>(())
//! ```

#![warn(missing_docs)]

pub mod calibration;
pub mod device;
pub mod error;
pub mod evaluate;
pub mod features;
pub mod forest;
pub mod generate;
pub mod io;
pub mod model;
pub mod signal;
pub mod stream;
pub mod threshold;
pub mod train;
pub mod watch;

pub use error::FallError;
pub use model::{
    Alarm, DetectorKind, Model, OperatingPoint, PreparedTrial, Sensors, prepare, prepare_all,
};
pub use stream::{StreamingDetector, TrialAlarm, detect_stream};
pub use threshold::Threshold;
pub use train::{CalibrationMode, TrainOptions, train, train_prepared};
