//! Evaluation per trial (FORMATS.md): a fall trial is detected if the detector alarms at
//! least once; a daily-activity trial is a false positive if it alarms at least once; false
//! alarms per hour count every alarm in daily-activity signal. Subject-wise cross-validation
//! keeps every subject's trials in one fold.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::FallError;
use crate::model::{Model, PreparedTrial};
use crate::train::{TrainOptions, subject_folds, train_prepared};

/// The result of one trial.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrialOutcome {
    /// The trial's key (subject/activity/trial).
    pub key: String,
    /// The subject.
    pub subject: String,
    /// The trial is a fall.
    pub fall: bool,
    /// Highest event score (0 without events).
    pub score: f64,
    /// Alarms raised.
    pub alarms: usize,
    /// First alarm's decision time minus its impact time, s.
    pub latency_s: Option<f64>,
    /// Length of the trial, seconds.
    pub duration_s: f64,
}

/// Trial-level metrics (`null` where undefined, e.g. sensitivity without fall trials).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    /// Trials.
    pub trials: usize,
    /// Fall trials.
    pub falls: usize,
    /// Trials of daily activities (ADL).
    pub adls: usize,
    /// Share of falls with an alarm.
    pub sensitivity: Option<f64>,
    /// Share of daily activities without an alarm.
    pub specificity: Option<f64>,
    /// F1 of the fall class.
    pub f1: Option<f64>,
    /// ROC AUC of the trial scores.
    pub auc: Option<f64>,
    /// False alarms per hour of daily activities.
    pub false_alarms_per_hour: Option<f64>,
    /// Median seconds from impact to alarm.
    pub median_latency_s: Option<f64>,
    /// Brier score of the trial scores as probabilities of a fall (mean squared error).
    pub brier: Option<f64>,
    /// Expected calibration error of the trial scores (10 equal-width bins, weighted by
    /// trials: Σ |bin| / n · |mean score − share of falls|).
    pub ece: Option<f64>,
}

/// Metrics overall and per age band (`SA*` adults, `SE*` older people, `other`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    #[serde(flatten)]
    /// Over all trials.
    pub overall: Metrics,
    /// By age band (`SA`, `SE`, `other`).
    pub by_age_band: BTreeMap<String, Metrics>,
}

/// Outcomes of prepared trials under a model (every trial must be labelled).
pub fn outcomes(
    model: &Model,
    trials: &[PreparedTrial],
    source: &str,
) -> Result<Vec<TrialOutcome>, FallError> {
    trials
        .iter()
        .map(|t| {
            model.accepts(t, source)?;
            let fall = t.label.ok_or_else(|| FallError::Signal {
                source_name: source.to_owned(),
                trial: t.key.clone(),
                reason: "no label: evaluation needs the 'label' column".into(),
            })?;
            let (score, alarms) = model.detect(t);
            Ok(TrialOutcome {
                key: t.key.clone(),
                subject: t.subject.clone(),
                fall,
                score,
                alarms: alarms.len(),
                latency_s: alarms.first().map(|a| a.t_alarm_s - a.t_impact_s),
                duration_s: t.duration_s,
            })
        })
        .collect()
}

/// Every trial's alarms in one recording, and — when every trial is labelled — how they score
/// (falls detected, daily activities with false alarms, false alarms per hour): what a care
/// provider reads after uploading a labelled recording.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordingResult {
    /// Per trial (in file order): its alarms.
    pub alarms: Vec<Vec<crate::model::Alarm>>,
    /// The trial-level metrics when every trial has a label.
    pub metrics: Option<Metrics>,
    /// Lost samples filled and dropouts split at, over all trials.
    pub gaps: welfare_data::signals::Gaps,
    /// The smallest measuring range (±g) at which a trial shows clipping, if any
    /// ([`crate::signal::clipping_g`]).
    pub clipping_g: Option<f64>,
    /// The device clips below the range the model was made for (its `range_g`, or the lab
    /// sensor's ±16 g): clipped impacts look weaker to it than in training, falls may be missed.
    pub clipping_warning: bool,
}

/// Detects every trial of a recording once; with labels on every trial, also its metrics.
pub fn detect_recording(
    model: &Model,
    recording: &welfare_data::signals::Recording,
) -> Result<RecordingResult, FallError> {
    let mut alarms = Vec::with_capacity(recording.trials.len());
    let mut outcomes = Vec::with_capacity(recording.trials.len());
    let mut gaps = welfare_data::signals::Gaps::default();
    let mut clipping = None;
    for trial in &recording.trials {
        let t = crate::model::prepare(trial, &model.window)?;
        model.accepts(&t, &recording.source)?;
        gaps.add(t.gaps);
        if let Some(c) = crate::signal::clipping_g(trial) {
            clipping = Some(clipping.map_or(c, |m: f64| m.min(c)));
        }
        let (score, found) = model.detect(&t);
        if let Some(fall) = t.label {
            outcomes.push(TrialOutcome {
                key: t.key.clone(),
                subject: t.subject.clone(),
                fall,
                score,
                alarms: found.len(),
                latency_s: found.first().map(|a| a.t_alarm_s - a.t_impact_s),
                duration_s: t.duration_s,
            });
        }
        alarms.push(found);
    }
    let labelled = !recording.trials.is_empty() && outcomes.len() == recording.trials.len();
    Ok(RecordingResult {
        alarms,
        metrics: labelled.then(|| metrics(&outcomes)),
        gaps,
        clipping_g: clipping,
        clipping_warning: clipping
            .is_some_and(|c| c < model.window.range_g.unwrap_or(crate::signal::LAB_RANGE_G) * 0.98),
    })
}

/// Area under the ROC curve of trial scores (Mann–Whitney, ties count one half).
pub fn auc(outcomes: &[TrialOutcome]) -> Option<f64> {
    let mut pos: Vec<f64> = outcomes
        .iter()
        .filter(|o| o.fall)
        .map(|o| o.score)
        .collect();
    let mut neg: Vec<f64> = outcomes
        .iter()
        .filter(|o| !o.fall)
        .map(|o| o.score)
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    pos.sort_by(f64::total_cmp);
    neg.sort_by(f64::total_cmp);
    let mut wins = 0.0;
    for &p in &pos {
        let below = neg.partition_point(|&n| n < p);
        let equal = neg.partition_point(|&n| n <= p) - below;
        wins += below as f64 + 0.5 * equal as f64;
    }
    Some(wins / (pos.len() * neg.len()) as f64)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[m]
    } else {
        0.5 * (v[m - 1] + v[m])
    })
}

/// Brier score and expected calibration error (10 bins) of trial scores; `None` without trials.
pub fn calibration(outcomes: &[TrialOutcome]) -> (Option<f64>, Option<f64>) {
    if outcomes.is_empty() {
        return (None, None);
    }
    let n = outcomes.len() as f64;
    let mut bins = [(0.0f64, 0.0f64); 10];
    let mut brier = 0.0;
    for o in outcomes {
        let y = if o.fall { 1.0 } else { 0.0 };
        brier += (o.score - y) * (o.score - y);
        let b = ((o.score * 10.0) as usize).min(9);
        bins[b].0 += o.score;
        bins[b].1 += y;
    }
    let ece = bins.iter().map(|b| (b.0 - b.1).abs()).sum::<f64>() / n;
    (Some(brier / n), Some(ece))
}

/// Metrics of a set of outcomes.
pub fn metrics(outcomes: &[TrialOutcome]) -> Metrics {
    let falls = outcomes.iter().filter(|o| o.fall).count();
    let adls = outcomes.len() - falls;
    let tp = outcomes.iter().filter(|o| o.fall && o.alarms > 0).count();
    let fp = outcomes.iter().filter(|o| !o.fall && o.alarms > 0).count();
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let adl_hours: f64 = outcomes
        .iter()
        .filter(|o| !o.fall)
        .map(|o| o.duration_s)
        .sum::<f64>()
        / 3600.0;
    let adl_alarms: usize = outcomes.iter().filter(|o| !o.fall).map(|o| o.alarms).sum();
    let (brier, ece) = calibration(outcomes);
    Metrics {
        trials: outcomes.len(),
        falls,
        adls,
        sensitivity: ratio(tp, falls),
        specificity: ratio(adls - fp, adls),
        f1: (falls > 0).then(|| {
            if tp == 0 {
                0.0
            } else {
                2.0 * tp as f64 / (2 * tp + fp + (falls - tp)) as f64
            }
        }),
        auc: auc(outcomes),
        false_alarms_per_hour: (adl_hours > 0.0).then(|| adl_alarms as f64 / adl_hours),
        median_latency_s: median(
            outcomes
                .iter()
                .filter(|o| o.fall)
                .filter_map(|o| o.latency_s)
                .collect(),
        ),
        brier,
        ece,
    }
}

/// Age band of a SisFall subject id.
pub fn age_band(subject: &str) -> &'static str {
    if subject.starts_with("SA") {
        "SA"
    } else if subject.starts_with("SE") {
        "SE"
    } else {
        "other"
    }
}

/// Overall and per-age-band metrics.
pub fn evaluation(outcomes: &[TrialOutcome]) -> Evaluation {
    let mut bands: BTreeMap<String, Vec<TrialOutcome>> = BTreeMap::new();
    for o in outcomes {
        bands
            .entry(age_band(&o.subject).to_owned())
            .or_default()
            .push(o.clone());
    }
    Evaluation {
        overall: metrics(outcomes),
        by_age_band: bands.iter().map(|(k, v)| (k.clone(), metrics(v))).collect(),
    }
}

/// Evaluates a model on prepared, labelled trials.
pub fn evaluate(
    model: &Model,
    trials: &[PreparedTrial],
    source: &str,
) -> Result<Evaluation, FallError> {
    Ok(evaluation(&outcomes(model, trials, source)?))
}

/// Result of subject-wise cross-validation.
#[derive(Debug, Clone, Serialize)]
pub struct CrossValidation {
    /// The subjects of each fold.
    pub folds: Vec<Vec<String>>,
    /// The out-of-fold evaluation.
    pub evaluation: Evaluation,
    /// Cut-off chosen in each fold (from that fold's training subjects only).
    pub cutoffs: Vec<f64>,
    #[serde(skip)]
    /// Per trial: its outcome.
    pub outcomes: Vec<TrialOutcome>,
}

/// Subject-grouped k-fold cross-validation: each fold's subjects are scored by a detector
/// trained (thresholds or forest and its cut-off) on the other subjects only.
pub fn cross_validate(
    trials: &[PreparedTrial],
    options: &TrainOptions,
    folds: usize,
    seed: u64,
) -> Result<CrossValidation, FallError> {
    if folds < 2 {
        return Err(FallError::Parameter {
            name: "folds",
            reason: "must be at least 2".into(),
        });
    }
    let subjects: Vec<String> = trials.iter().map(|t| t.subject.clone()).collect();
    let groups = subject_folds(&subjects, folds, seed);
    if groups.len() < 2 {
        return Err(FallError::Training(
            "cross-validation needs at least two subjects".into(),
        ));
    }
    let mut all = Vec::new();
    let mut cutoffs = Vec::new();
    for fold in &groups {
        let train: Vec<PreparedTrial> = trials
            .iter()
            .filter(|t| !fold.contains(&t.subject))
            .cloned()
            .collect();
        let test: Vec<PreparedTrial> = trials
            .iter()
            .filter(|t| fold.contains(&t.subject))
            .cloned()
            .collect();
        let model = train_prepared(&train, options)?;
        cutoffs.push(model.cutoff);
        all.extend(outcomes(&model, &test, "cross-validation")?);
    }
    Ok(CrossValidation {
        folds: groups,
        evaluation: evaluation(&all),
        cutoffs,
        outcomes: all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(fall: bool, score: f64, alarms: usize) -> TrialOutcome {
        TrialOutcome {
            key: String::new(),
            subject: if fall { "SA01" } else { "SE01" }.into(),
            fall,
            score,
            alarms,
            latency_s: (alarms > 0).then_some(2.5),
            duration_s: 1800.0,
        }
    }

    #[test]
    fn hand_computed_metrics() {
        let v = vec![
            o(true, 0.9, 1),
            o(true, 0.7, 2),
            o(true, 0.2, 0),
            o(false, 0.8, 1),
            o(false, 0.1, 0),
        ];
        let m = metrics(&v);
        assert_eq!((m.trials, m.falls, m.adls), (5, 3, 2));
        assert_eq!(m.sensitivity, Some(2.0 / 3.0));
        assert_eq!(m.specificity, Some(0.5));
        // tp 2, fp 1, fn 1: F1 = 4 / 6
        assert_eq!(m.f1, Some(4.0 / 6.0));
        // pairs (fall, adl): 0.9>0.8, 0.9>0.1, 0.7<0.8, 0.7>0.1, 0.2<0.8, 0.2>0.1 → 4/6
        assert_eq!(m.auc, Some(4.0 / 6.0));
        // one alarm in one hour of daily activities
        assert_eq!(m.false_alarms_per_hour, Some(1.0));
        assert_eq!(m.median_latency_s, Some(2.5));
        let e = evaluation(&v);
        assert_eq!(e.by_age_band["SA"].falls, 3);
        assert_eq!(e.by_age_band["SE"].sensitivity, None);
        assert_eq!(auc(&[o(true, 0.5, 0), o(false, 0.5, 0)]), Some(0.5));
    }
}
