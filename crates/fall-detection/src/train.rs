//! Training: the threshold grid search, the forest with its cut-off from subject-grouped
//! cross-validation, the training rows and folds.

use crate::calibration::Platt;
use crate::error::FallError;
use crate::features::{FEATURE_NAMES, GYRO_FEATURES, N_FEATURES, WindowSpec};
use crate::forest::{Forest, ForestParams};
use ndarray::Array2;
use welfare_data::signals::Trial;
use welfare_ensemble::BoostingParams;

use crate::model::{
    Detector, DetectorKind, Model, PreparedTrial, SCHEMA_VERSION, Sensors, TrainingSummary,
    prepare_all,
};
use crate::threshold::Threshold;

/// Settings of [`train`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// The detector to train.
    pub kind: DetectorKind,
    /// The window around an impact.
    pub window: WindowSpec,
    /// Settings of the forest.
    pub forest: ForestParams,
    /// Settings of the gradient boosting (its seed is the forest's seed).
    pub boosting: BoostingParams,
    /// Subject-grouped folds used to choose the forest's cut-off (≥ 2).
    pub cutoff_folds: usize,
    /// The sensors the model reads (default: accelerometer only).
    pub sensors: Sensors,
    /// Also train on copies of every trial as low-rate devices record them
    /// ([`crate::device::TRAINING_COPIES`]: 20 Hz ±8 g and 25 Hz ±4 g, 5 % lost samples,
    /// jitter). On the SisFall development subjects this raised the falls found on simulated
    /// 20–25-Hz devices from 87–92 % to 97 %, at about 0.3 points of specificity in the lab
    /// condition (docs/benchmarks.md, "Fall detection on worn devices"). Triples training time.
    pub device_copies: bool,
    /// Whether the learned detector's probabilities are calibrated (Platt scaling on the
    /// out-of-fold trial scores of the cut-off cross-validation).
    pub calibration: CalibrationMode,
}

/// When [`train`] calibrates probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CalibrationMode {
    /// Where it was measured to help: the forest (its vote shares are under-confident: on
    /// SisFall, 5 subject folds, ECE 0.022 → 0.007), not boosting (its log-loss probabilities
    /// are calibrated already: ECE 0.0051 either way, and worse for the older subjects).
    #[default]
    Auto,
    /// Always (forest and boosting).
    Platt,
    /// Never.
    Off,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            kind: DetectorKind::Boosting,
            window: WindowSpec::default(),
            forest: ForestParams::default(),
            boosting: BoostingParams::default(),
            cutoff_folds: 5,
            sensors: Sensors::default(),
            device_copies: false,
            calibration: CalibrationMode::Auto,
        }
    }
}

/// Trial-level confusion counts at a cut-off: (tp, fp, tn, fn).
fn confusion(scores: &[(f64, bool)], cutoff: f64) -> (usize, usize, usize, usize) {
    let mut c = (0, 0, 0, 0);
    for &(s, fall) in scores {
        match (s >= cutoff, fall) {
            (true, true) => c.0 += 1,
            (true, false) => c.1 += 1,
            (false, false) => c.2 += 1,
            (false, true) => c.3 += 1,
        }
    }
    c
}

fn f1(c: (usize, usize, usize, usize)) -> f64 {
    let (tp, fp, _, fnn) = c;
    if tp == 0 {
        0.0
    } else {
        2.0 * tp as f64 / (2 * tp + fp + fnn) as f64
    }
}

/// The cut-off with the best trial-level F1 (ties: fewer false alarms, then the midpoint
/// between neighbouring scores, so small shifts do not flip decisions).
pub fn best_cutoff(scores: &[(f64, bool)]) -> f64 {
    let mut distinct: Vec<f64> = scores.iter().map(|s| s.0).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut best = (f64::NEG_INFINITY, 0usize, 0.5);
    for (k, &s) in distinct.iter().enumerate() {
        let lower = if k == 0 { 0.0 } else { distinct[k - 1] };
        let cut = if s <= 0.0 { 1e-9 } else { 0.5 * (lower + s) };
        let c = confusion(scores, cut);
        let key = (f1(c), usize::MAX - c.1);
        if key.0 > best.0 || (key.0 == best.0 && key.1 > best.1) {
            best = (key.0, key.1, cut);
        }
    }
    best.2.clamp(1e-9, 1.0)
}

/// Labelled training rows: in a fall trial its strongest event is the fall (the others are
/// left out: they may be part of the fall or of the walk before it); every event of a daily
/// activity is a non-fall.
pub fn training_rows(trials: &[&PreparedTrial], width: usize) -> (Array2<f64>, Vec<bool>) {
    let mut rows: Vec<&[f64]> = Vec::new();
    let mut labels = Vec::new();
    for t in trials {
        match t.label {
            Some(true) => {
                if let Some(e) = t
                    .events
                    .iter()
                    .max_by(|a, b| a.features[0].total_cmp(&b.features[0]))
                {
                    rows.push(&e.features[..width]);
                    labels.push(true);
                }
            }
            Some(false) => {
                for e in &t.events {
                    rows.push(&e.features[..width]);
                    labels.push(false);
                }
            }
            None => {}
        }
    }
    let mut x = Array2::zeros((rows.len(), width));
    for (i, r) in rows.iter().enumerate() {
        for (j, &v) in r.iter().enumerate() {
            x[(i, j)] = v;
        }
    }
    (x, labels)
}

/// Subject-grouped folds: subjects sorted, shuffled with `seed`, dealt round-robin.
pub fn subject_folds(subjects: &[String], folds: usize, seed: u64) -> Vec<Vec<String>> {
    use rand::seq::SliceRandom;
    let mut s: Vec<String> = subjects.to_vec();
    s.sort();
    s.dedup();
    let mut rng = welfare_data::rng::stream(seed, "fall/folds");
    s.shuffle(&mut rng);
    let mut out = vec![Vec::new(); folds.min(s.len()).max(1)];
    let k = out.len();
    for (i, subject) in s.into_iter().enumerate() {
        out[i % k].push(subject);
    }
    out
}

fn fit_detector(
    trials: &[&PreparedTrial],
    kind: DetectorKind,
    options: &TrainOptions,
    width: usize,
) -> Result<(Detector, f64), FallError> {
    match kind {
        DetectorKind::Threshold => {
            let t = tune_threshold(trials);
            Ok((Detector::Threshold(t), 0.5))
        }
        DetectorKind::Forest => {
            let (x, y) = training_rows(trials, width);
            Ok((Detector::Forest(Forest::fit(&x, &y, &options.forest)?), 0.5))
        }
        DetectorKind::Boosting => {
            let (x, y) = training_rows(trials, width);
            let boosting = BoostingParams {
                seed: options.forest.seed,
                ..options.boosting
            }
            .check()
            .map_err(|e| FallError::Training(e.to_string()))?;
            let b = boosting
                .fit(x.view(), &y, None)
                .map_err(|e| FallError::Training(e.to_string()))?;
            Ok((Detector::Boosting(b), 0.5))
        }
    }
}

/// Grid search for the threshold pair with the best trial-level F1 on the training trials.
pub fn tune_threshold(trials: &[&PreparedTrial]) -> Threshold {
    // per trial: (peak, tilt) of each event
    let mut best = (
        f64::NEG_INFINITY,
        usize::MAX,
        Threshold {
            peak_g: 2.2,
            tilt_deg: 45.0,
        },
    );
    for p in 0..=60 {
        let peak_g = 1.6 + 0.05 * p as f64;
        for a in 0..=32 {
            let tilt_deg = 10.0 + 2.5 * a as f64;
            let th = Threshold { peak_g, tilt_deg };
            let scores: Vec<(f64, bool)> = trials
                .iter()
                .filter_map(|t| {
                    let s = t
                        .events
                        .iter()
                        .map(|e| th.score(&e.features))
                        .fold(0.0, f64::max);
                    t.label.map(|l| (s, l))
                })
                .collect();
            let c = confusion(&scores, 0.5);
            let key = (f1(c), c.1);
            if key.0 > best.0 || (key.0 == best.0 && key.1 < best.1) {
                best = (key.0, key.1, th);
            }
        }
    }
    best.2
}

/// Trains a detector on labelled trials. The forest's cut-off comes from subject-grouped
/// cross-validation on these trials (out-of-fold trial scores, best F1); the threshold
/// detector's thresholds are tuned on all of them (cut-off 0.5 by construction).
pub fn train(trials: &[Trial], options: &TrainOptions) -> Result<Model, FallError> {
    options.window.check()?;
    options.forest.check()?;
    if options.cutoff_folds < 2 {
        return Err(FallError::Parameter {
            name: "cutoff_folds",
            reason: "must be at least 2".into(),
        });
    }
    if let Some(t) = trials.iter().find(|t| t.label.is_none()) {
        return Err(FallError::Training(format!(
            "trial {} has no label (column 'label' is needed for training)",
            t.key()
        )));
    }
    let mut prepared = prepare_all(trials, &options.window)?;
    if options.device_copies {
        for (k, device) in crate::device::TRAINING_COPIES.iter().enumerate() {
            for t in trials {
                let copy = crate::device::simulate(t, device, DEVICE_COPY_SEED + k as u64)?;
                prepared.push(crate::model::prepare(&copy, &options.window)?);
            }
        }
    }
    train_prepared(&prepared, options)
}

/// Seed of the training copies' simulated devices (one default, owned here).
pub const DEVICE_COPY_SEED: u64 = 900;

/// [`train`] on trials already cut into events.
pub fn train_prepared(
    prepared: &[PreparedTrial],
    options: &TrainOptions,
) -> Result<Model, FallError> {
    let falls = prepared.iter().filter(|t| t.label == Some(true)).count();
    let adls = prepared.iter().filter(|t| t.label == Some(false)).count();
    if falls == 0 || adls == 0 {
        return Err(FallError::Training(format!(
            "need fall and daily-activity trials, got {falls} falls and {adls} daily activities"
        )));
    }
    if options.sensors == Sensors::AccelGyro
        && let Some(t) = prepared.iter().find(|t| !t.has_gyro)
    {
        return Err(FallError::Training(format!(
            "sensors accel+gyro: trial {} has no gyroscope columns (gx_dps, gy_dps, gz_dps); train with sensors accel",
            t.key
        )));
    }
    // the threshold detector reads peak and tilt only
    let uses_gyro =
        options.kind != DetectorKind::Threshold && options.sensors == Sensors::AccelGyro;
    let width = if uses_gyro {
        N_FEATURES
    } else {
        N_FEATURES - GYRO_FEATURES
    };
    let all: Vec<&PreparedTrial> = prepared.iter().collect();
    let mut subjects: Vec<String> = prepared.iter().map(|t| t.subject.clone()).collect();
    subjects.sort();
    subjects.dedup();
    let (detector, mut cutoff) = fit_detector(&all, options.kind, options, width)?;
    let mut cutoff_from = "thresholds tuned for trial-level F1 on the training trials".to_owned();
    let mut calibration = None;
    let mut operating_points = Vec::new();
    if options.kind != DetectorKind::Threshold {
        // out-of-fold trial scores by subject
        let folds = subject_folds(&subjects, options.cutoff_folds, options.forest.seed);
        if folds.len() >= 2 {
            let mut scores = Vec::new();
            // out-of-fold event scores of daily activities, for the operating points
            let mut adl_events: Vec<f64> = Vec::new();
            let mut adl_hours = 0.0;
            for fold in &folds {
                let train_part: Vec<&PreparedTrial> = all
                    .iter()
                    .copied()
                    .filter(|t| !fold.contains(&t.subject))
                    .collect();
                let test_part: Vec<&PreparedTrial> = all
                    .iter()
                    .copied()
                    .filter(|t| fold.contains(&t.subject))
                    .collect();
                let Ok((d, _)) = fit_detector(&train_part, options.kind, options, width) else {
                    continue; // a fold without falls cannot train; the others decide
                };
                let m = model_of(
                    d,
                    0.5,
                    options,
                    uses_gyro,
                    width,
                    &train_part,
                    String::new(),
                );
                for t in test_part {
                    scores.push((m.detect(t).0, t.label == Some(true)));
                    if t.label == Some(false) {
                        adl_events.extend(t.events.iter().map(|e| m.score(&e.features)));
                        adl_hours += t.duration_s / 3600.0;
                    }
                }
            }
            if scores.iter().any(|s| s.1) {
                cutoff = best_cutoff(&scores);
                cutoff_from = format!(
                    "best trial-level F1 over out-of-fold scores, {}-fold cross-validation grouped by subject",
                    folds.len()
                );
                // the same out-of-fold scores calibrate the probabilities; the cut-off moves
                // with them, so the alarms stay the same
                calibration = match (options.calibration, options.kind) {
                    (CalibrationMode::Platt, _) | (CalibrationMode::Auto, DetectorKind::Forest) => {
                        Platt::fit(&scores)
                    }
                    _ => None,
                };
                if let Some(c) = &calibration {
                    cutoff = c.apply(cutoff);
                    cutoff_from.push_str("; probabilities Platt-calibrated on the same scores");
                }
                operating_points =
                    operating_curve(&scores, &mut adl_events, adl_hours, calibration.as_ref());
            }
        }
    }
    let mut model = model_of(
        detector,
        cutoff,
        options,
        uses_gyro,
        width,
        &all,
        cutoff_from,
    );
    model.calibration = calibration;
    model.operating_points = operating_points;
    Ok(model)
}

/// Most operating points kept in a model file.
const OPERATING_POINTS: usize = 200;

/// Sensitivity and false alarms per hour at up to [`OPERATING_POINTS`] cut-offs (quantiles of
/// the out-of-fold scores), on the calibrated scale when there is a calibration. `scores`:
/// (trial score, is a fall); `adl_events`: every daily-activity event's score.
fn operating_curve(
    scores: &[(f64, bool)],
    adl_events: &mut [f64],
    adl_hours: f64,
    calibration: Option<&Platt>,
) -> Vec<crate::model::OperatingPoint> {
    let mut falls: Vec<f64> = scores.iter().filter(|s| s.1).map(|s| s.0).collect();
    if falls.is_empty() || adl_hours <= 0.0 {
        return Vec::new();
    }
    falls.sort_by(f64::total_cmp);
    adl_events.sort_by(f64::total_cmp);
    let mut candidates: Vec<f64> = falls.iter().chain(adl_events.iter()).copied().collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    let step = candidates.len().div_ceil(OPERATING_POINTS).max(1);
    let at_or_above = |sorted: &[f64], c: f64| sorted.len() - sorted.partition_point(|&v| v < c);
    candidates
        .iter()
        .step_by(step)
        .map(|&c| crate::model::OperatingPoint {
            cutoff: calibration.map_or(c, |p| p.apply(c)),
            sensitivity: at_or_above(&falls, c) as f64 / falls.len() as f64,
            false_alarms_per_hour: at_or_above(adl_events, c) as f64 / adl_hours,
        })
        .collect()
}

fn model_of(
    detector: Detector,
    cutoff: f64,
    options: &TrainOptions,
    uses_gyro: bool,
    width: usize,
    trials: &[&PreparedTrial],
    cutoff_from: String,
) -> Model {
    let mut subjects: Vec<String> = trials.iter().map(|t| t.subject.clone()).collect();
    subjects.sort();
    subjects.dedup();
    Model {
        schema_version: SCHEMA_VERSION,
        window: options.window,
        features: FEATURE_NAMES[..width]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        uses_gyro,
        cutoff,
        detector,
        calibration: None,
        operating_points: Vec::new(),
        training: TrainingSummary {
            trials: trials.len(),
            falls: trials.iter().filter(|t| t.label == Some(true)).count(),
            adls: trials.iter().filter(|t| t.label == Some(false)).count(),
            subjects,
            events: trials.iter().map(|t| t.events.len()).sum(),
            cutoff_from,
        },
    }
}
