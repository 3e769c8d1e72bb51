//! Streaming detection: samples arrive one at a time, memory stays bounded (one window), and
//! each alarm is raised as soon as its window is complete — `post_s` after the impact. The
//! decisions are the same as the offline detector's on the same recording.

use std::collections::VecDeque;

use crate::error::FallError;
use crate::features::{Features, N_FEATURES, is_candidate, window_features};
use crate::model::{Alarm, Model};
use crate::signal::{OnlineResampler, Resampled, smv};

/// Relative deviation of a time step from `1 / rate` that is still accepted.
pub const STEP_TOLERANCE: f64 = 0.05;

/// What [`StreamingDetector::finish`] returns.
#[derive(Debug, Clone, PartialEq)]
pub struct TrialEnd {
    /// Alarms decided at the end (their windows were cut short by the end of the trial).
    pub alarms: Vec<Alarm>,
    /// The trial's highest event score (0 without events).
    pub best_score: f64,
}

/// A streaming detector over one trial (call [`StreamingDetector::finish`] at its end).
#[derive(Debug, Clone)]
pub struct StreamingDetector<'m> {
    model: &'m Model,
    pre: usize,
    post: usize,
    suppress: usize,
    capacity: usize,
    t: Vec<f64>,
    acc: Vec<[f64; 3]>,
    smv: Vec<f64>,
    gyro: Vec<[f64; 3]>,
    /// Samples seen.
    seen: usize,
    /// Next sample whose candidacy is still open.
    next_check: usize,
    /// Candidates waiting for their window to complete.
    pending: VecDeque<usize>,
    scratch_acc: Vec<[f64; 3]>,
    scratch_smv: Vec<f64>,
    scratch_gyro: Vec<[f64; 3]>,
    features: Features,
    /// Highest event score so far.
    best: f64,
}

impl<'m> StreamingDetector<'m> {
    /// A detector with no samples yet.
    pub fn new(model: &'m Model) -> StreamingDetector<'m> {
        let w = &model.window;
        let (pre, post, suppress) = (w.pre(), w.post(), w.suppress());
        let capacity = pre + post + 1;
        StreamingDetector {
            model,
            pre,
            post,
            suppress,
            capacity,
            t: vec![0.0; capacity],
            acc: vec![[0.0; 3]; capacity],
            smv: vec![0.0; capacity],
            gyro: vec![[0.0; 3]; capacity],
            seen: 0,
            next_check: 0,
            pending: VecDeque::with_capacity(post / suppress.max(1) + 2),
            scratch_acc: Vec::with_capacity(capacity),
            scratch_smv: Vec::with_capacity(capacity),
            scratch_gyro: Vec::with_capacity(capacity),
            features: [0.0; N_FEATURES],
            best: 0.0,
        }
    }

    /// Highest event score so far (0 before the first event).
    pub fn best_score(&self) -> f64 {
        self.best
    }

    /// Samples held in memory at most.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Adds one sample (time in s, acceleration in g, angular rate in °/s if the model uses
    /// it); returns the alarm this sample completes, if any.
    pub fn push(
        &mut self,
        t_s: f64,
        acc_g: [f64; 3],
        gyro_dps: Option<[f64; 3]>,
    ) -> Result<Option<Alarm>, FallError> {
        let err = FallError::Stream;
        if !t_s.is_finite() || acc_g.iter().any(|v| !v.is_finite()) {
            return Err(err(format!(
                "sample {}: value is not a finite number",
                self.seen + 1
            )));
        }
        if self.seen > 0 {
            let step = t_s - self.t[(self.seen - 1) % self.capacity];
            let expected = 1.0 / self.model.window.rate_hz;
            if ((step - expected) / expected).abs() > STEP_TOLERANCE {
                return Err(err(format!(
                    "time step {step:.4} s, the model needs {:.0} Hz ({expected:.4} s); resample first",
                    self.model.window.rate_hz
                )));
            }
        }
        let g = match (self.model.uses_gyro, gyro_dps) {
            (true, None) => {
                return Err(err(
                    "the model uses gyroscope features; samples need gx_dps, gy_dps, gz_dps".into(),
                ));
            }
            (_, Some(g)) => g,
            (false, None) => [0.0; 3],
        };
        let slot = self.seen % self.capacity;
        let acc_g = self.model.window.clip(acc_g);
        self.t[slot] = t_s;
        self.acc[slot] = acc_g;
        self.smv[slot] = smv(&acc_g);
        self.gyro[slot] = g;
        self.seen += 1;
        // candidacy of the sample `suppress` back is now decidable
        while self.next_check + self.suppress < self.seen {
            let c = self.next_check;
            self.next_check += 1;
            self.check_candidate(c);
        }
        // a window completes
        if let Some(&f) = self.pending.front()
            && f + self.post + 1 == self.seen
        {
            self.pending.pop_front();
            return Ok(self.decide(f));
        }
        Ok(None)
    }

    /// Ends the trial: decides the remaining candidates with the samples there are, returns
    /// their alarms and the trial's highest event score, and resets the detector for the next
    /// trial.
    pub fn finish(&mut self) -> TrialEnd {
        while self.next_check < self.seen {
            let c = self.next_check;
            self.next_check += 1;
            self.check_candidate(c);
        }
        let mut alarms = Vec::new();
        while let Some(f) = self.pending.pop_front() {
            alarms.extend(self.decide(f));
        }
        let best_score = self.best;
        self.seen = 0;
        self.next_check = 0;
        self.best = 0.0;
        TrialEnd { alarms, best_score }
    }

    /// Copies samples `[from, to)` (absolute indices, all in the ring) into the scratch buffers.
    fn gather(&mut self, from: usize, to: usize) {
        self.scratch_acc.clear();
        self.scratch_smv.clear();
        self.scratch_gyro.clear();
        for k in from..to {
            let slot = k % self.capacity;
            self.scratch_acc.push(self.acc[slot]);
            self.scratch_smv.push(self.smv[slot]);
            self.scratch_gyro.push(self.gyro[slot]);
        }
    }

    fn check_candidate(&mut self, c: usize) {
        let threshold = self.model.window.candidate_g;
        if self.smv[c % self.capacity] < threshold {
            return;
        }
        let from = c.saturating_sub(self.suppress);
        let to = (c + self.suppress + 1).min(self.seen);
        self.gather(from, to);
        if is_candidate(&self.scratch_smv, c - from, threshold, self.suppress) {
            self.pending.push_back(c);
        }
    }

    fn decide(&mut self, f: usize) -> Option<Alarm> {
        let from = f.saturating_sub(self.pre);
        let to = (f + self.post + 1).min(self.seen);
        self.gather(from, to);
        let gyro = self.model.uses_gyro.then_some(self.scratch_gyro.as_slice());
        window_features(
            &self.model.window,
            &self.scratch_acc,
            &self.scratch_smv,
            gyro,
            f - from,
            &mut self.features,
        );
        let p = self.model.score(&self.features);
        self.best = self.best.max(p);
        (p >= self.model.cutoff).then(|| Alarm {
            t_impact_s: self.t[f % self.capacity],
            t_alarm_s: self.t[(to - 1) % self.capacity],
            probability: p,
        })
    }
}

/// An alarm with the trial it belongs to (what `welfare falls detect` prints per row).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrialAlarm {
    /// The subject, when known.
    pub subject: Option<String>,
    /// The activity code, when known.
    pub activity_code: Option<String>,
    /// The trial, when known.
    pub trial: Option<String>,
    #[serde(flatten)]
    /// The alarm.
    pub alarm: Alarm,
}

/// (subject, activity_code, trial) of a sample.
type StreamKey = (Option<String>, Option<String>, Option<String>);

/// Runs the streaming detector over every trial of a signal stream and calls `on_alarm` as soon
/// as each alarm is raised. Every check of the offline reader runs too, sample by sample
/// ([`welfare_data::signals::TrialCheck`]: time order, NaN, units; rows of a trial
/// contiguous; one label per trial), and an error names the input, row and field. Samples at
/// any rate, with jitter and lost samples, are put on the model's grid as offline
/// ([`OnlineResampler`]); a dropout longer than 0.5 s ends a part of the trial. Memory is
/// bounded by one window plus the keys of the trials seen. `on_alarm` errors (a closed pipe)
/// end the stream and are returned as [`FallError::Output`].
pub fn detect_stream(
    model: &Model,
    reader: &mut crate::io::SampleReader,
    mut on_alarm: impl FnMut(&TrialAlarm) -> std::io::Result<()>,
) -> Result<(), FallError> {
    use welfare_data::signals::TrialCheck;
    let name = reader.name().to_owned();
    let mut detector = StreamingDetector::new(model);
    let mut resampler = OnlineResampler::new(model.window.rate_hz);
    let mut grid: Vec<Resampled> = Vec::new();
    let mut seen: std::collections::HashMap<StreamKey, usize> = std::collections::HashMap::new();
    let mut current: Option<(StreamKey, TrialCheck, usize, Option<bool>)> = None;
    let emit = |key: &StreamKey,
                alarm: Alarm,
                on_alarm: &mut dyn FnMut(&TrialAlarm) -> std::io::Result<()>|
     -> Result<(), FallError> {
        on_alarm(&TrialAlarm {
            subject: key.0.clone(),
            activity_code: key.1.clone(),
            trial: key.2.clone(),
            alarm,
        })
        .map_err(FallError::Output)
    };
    // hands the grid samples to the detector; a dropout ends a part of the trial
    let feed = |detector: &mut StreamingDetector,
                grid: &mut Vec<Resampled>,
                key: &StreamKey,
                on_alarm: &mut dyn FnMut(&TrialAlarm) -> std::io::Result<()>,
                row: usize|
     -> Result<(), FallError> {
        for r in grid.drain(..) {
            match r {
                Resampled::Sample((t, a, g)) => {
                    let alarm = detector
                        .push(t, a, model.uses_gyro.then_some(g))
                        .map_err(|e| FallError::Stream(format!("{name}: row {row}: {e}")))?;
                    if let Some(alarm) = alarm {
                        emit(key, alarm, on_alarm)?;
                    }
                }
                Resampled::Dropout => {
                    for alarm in detector.finish().alarms {
                        emit(key, alarm, on_alarm)?;
                    }
                }
            }
        }
        Ok(())
    };
    let key_name = |k: &StreamKey| {
        format!(
            "{}/{}/{}",
            k.0.as_deref().unwrap_or("-"),
            k.1.as_deref().unwrap_or("-"),
            k.2.as_deref().unwrap_or("-")
        )
    };
    while let Some(s) = reader.next_sample()? {
        let key: StreamKey = (s.subject.clone(), s.activity_code.clone(), s.trial.clone());
        if current.as_ref().is_some_and(|c| c.0 != key) {
            let (old, check, first_row, _) = current.take().expect("checked");
            check.finish(first_row)?;
            resampler.finish(&mut |r| grid.push(r));
            feed(&mut detector, &mut grid, &old, &mut on_alarm, first_row)?;
            for a in detector.finish().alarms {
                emit(&old, a, &mut on_alarm)?;
            }
        }
        if current.is_none() {
            if let Some(&first) = seen.get(&key) {
                return Err(welfare_data::error::Cell {
                    file: &name,
                    row: s.row,
                    field: "trial",
                }
                .invalid(format!(
                    "rows of one trial must be contiguous; this trial already had rows starting at row {first}"
                ))
                .into());
            }
            seen.insert(key.clone(), s.row);
            current = Some((
                key.clone(),
                TrialCheck::new(&name, &key_name(&key), Some(1.0 / model.window.rate_hz)),
                s.row,
                s.label,
            ));
        }
        let (key, check, _, label) = current.as_mut().expect("set above");
        if s.label != *label {
            return Err(welfare_data::error::Cell {
                file: &name,
                row: s.row,
                field: "label",
            }
            .invalid("the label must be the same for all rows of a trial")
            .into());
        }
        check.push(s.row, s.t_s, s.acc_g, s.gyro_dps)?;
        if model.uses_gyro && s.gyro_dps.is_none() {
            return Err(FallError::Stream(format!(
                "{name}: row {}: the model uses gyroscope features; samples need gx_dps, gy_dps, gz_dps",
                s.row
            )));
        }
        resampler.push((s.t_s, s.acc_g, s.gyro_dps.unwrap_or_default()), &mut |r| {
            grid.push(r)
        });
        let key = key.clone();
        feed(&mut detector, &mut grid, &key, &mut on_alarm, s.row)?;
    }
    if let Some((key, check, first_row, _)) = current {
        check.finish(first_row)?;
        resampler.finish(&mut |r| grid.push(r));
        feed(&mut detector, &mut grid, &key, &mut on_alarm, first_row)?;
        for a in detector.finish().alarms {
            emit(&key, a, &mut on_alarm)?;
        }
    }
    Ok(())
}
