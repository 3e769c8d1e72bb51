//! Signal helpers: magnitude, resampling to the detector's rate, and the repair of what real
//! devices do to a time axis (jitter, lost samples, long dropouts).

use std::ops::Range;

use welfare_data::signals::{GAP_FACTOR, Trial};

use crate::error::FallError;

/// Signal magnitude vector |a| in g.
#[inline]
pub fn smv(a: &[f64; 3]) -> f64 {
    (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt()
}

/// Relative tolerance on the sampling rate before a trial is resampled.
pub const RATE_TOLERANCE: f64 = 0.02;

/// Samples `range` of a trial as a trial of its own (the same subject, activity and label).
pub fn part(trial: &Trial, range: Range<usize>) -> Trial {
    Trial {
        subject: trial.subject.clone(),
        trial: trial.trial,
        activity_code: trial.activity_code.clone(),
        label: trial.label,
        t_s: trial.t_s[range.clone()].to_vec(),
        acc_g: trial.acc_g[range.clone()].to_vec(),
        gyro_dps: trial.gyro_dps.as_ref().map(|g| g[range.clone()].to_vec()),
        first_row: trial.first_row + range.start,
    }
}

/// The trial at `rate_hz`: unchanged when its rate is within 2 % of it and no step is longer
/// than [`GAP_FACTOR`] median steps; otherwise low-passed with a moving average as long as the
/// decimation factor (when downsampling) and linearly interpolated onto `t0 + k / rate_hz` —
/// which also fills lost samples (split long gaps first: [`welfare_data::signals::parts`]).
pub fn resample(trial: &Trial, rate_hz: f64) -> Result<Trial, FallError> {
    resample_on(trial, rate_hz, None)
}

/// [`resample`] onto the grid `grid_t0 + k / rate_hz` (the first point at or after the trial's
/// first sample): a part of a trial split at a dropout stays on the trial's grid.
pub fn resample_on(trial: &Trial, rate_hz: f64, grid_t0: Option<f64>) -> Result<Trial, FallError> {
    if !(rate_hz.is_finite() && rate_hz > 0.0) {
        return Err(FallError::Parameter {
            name: "rate_hz",
            reason: "must be a positive number".into(),
        });
    }
    if trial.len() < 2 {
        return Ok(trial.clone());
    }
    let source = trial.sample_rate_hz();
    let step = 1.0 / source;
    let uniform = trial
        .t_s
        .windows(2)
        .all(|w| w[1] - w[0] <= GAP_FACTOR * step);
    if uniform && grid_t0.is_none() && ((source - rate_hz) / rate_hz).abs() <= RATE_TOLERANCE {
        return Ok(trial.clone());
    }
    let width = (source / rate_hz).round().max(1.0) as usize;
    let acc = moving_average(&trial.acc_g, width);
    let gyro = trial.gyro_dps.as_ref().map(|g| moving_average(g, width));
    let first = trial.t_s[0];
    let end = *trial.t_s.last().expect("two samples");
    let (t0, k0) = match grid_t0 {
        Some(g) => (g, ((first - g) * rate_hz - 1e-9).ceil().max(0.0) as usize),
        None => (first, 0),
    };
    let n = (((end - t0) * rate_hz + 1e-9).floor() as usize + 1).saturating_sub(k0);
    let mut out = Trial {
        t_s: Vec::with_capacity(n),
        acc_g: Vec::with_capacity(n),
        gyro_dps: gyro.as_ref().map(|_| Vec::with_capacity(n)),
        ..trial.clone()
    };
    let mut j = 0;
    for k in k0..k0 + n {
        let t = t0 + k as f64 / rate_hz;
        while j + 2 < trial.len() && trial.t_s[j + 1] < t {
            j += 1;
        }
        let (ta, tb) = (trial.t_s[j], trial.t_s[j + 1]);
        let w = ((t - ta) / (tb - ta)).clamp(0.0, 1.0);
        out.t_s.push(t);
        out.acc_g.push(lerp(&acc[j], &acc[j + 1], w));
        if let (Some(g), Some(o)) = (&gyro, out.gyro_dps.as_mut()) {
            o.push(lerp(&g[j], &g[j + 1], w));
        }
    }
    Ok(out)
}

/// The range of the lab sensor the models are developed on (SisFall's ADXL345), ±g: a model
/// without its own `range_g` reads signals up to it.
pub const LAB_RANGE_G: f64 = 16.0;

/// The measuring range a trial was clipped at, ±g, if it shows one: the largest absolute
/// acceleration component, held by at least two runs of two or more consecutive samples
/// (within 0.5 %) — a sensor at the end of its range reads a flat top, real motion does not.
/// Ranges above 16 g are not reported (no clipping that matters for falls).
pub fn clipping_g(trial: &Trial) -> Option<f64> {
    let top = trial
        .acc_g
        .iter()
        .flat_map(|a| a.iter().map(|v| v.abs()))
        .fold(0.0f64, f64::max);
    if !(1.5..=LAB_RANGE_G).contains(&top) {
        return None;
    }
    let at_top = |v: f64| v.abs() >= top * 0.995;
    let mut runs = 0;
    for axis in 0..3 {
        let mut length = 0;
        for a in &trial.acc_g {
            if at_top(a[axis]) {
                length += 1;
                if length == 2 {
                    runs += 1;
                }
            } else {
                length = 0;
            }
        }
    }
    (runs >= 2).then_some(top)
}

/// One sample: time (s), acceleration (g), angular rate (°/s, `[0; 3]` without gyroscope).
pub type Sample = (f64, [f64; 3], [f64; 3]);

/// What [`OnlineResampler::push`] hands on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resampled {
    /// A sample on the detector's grid.
    Sample(Sample),
    /// A dropout longer than [`welfare_data::signals::MAX_FILLED_GAP_S`]: end the part here
    /// (the samples after it start a new grid).
    Dropout,
}

/// Samples that decide the source rate before the first sample is handed on.
const WARMUP: usize = 9;

/// [`resample`] sample by sample, in bounded memory: the source rate is the median of the first
/// steps; when it is higher than the detector's rate, the same centred moving average as
/// offline (delayed by half its width); then linear interpolation onto `t0 + k / rate_hz`,
/// which fills lost samples. A step longer than
/// [`welfare_data::signals::MAX_FILLED_GAP_S`] reports a [`Resampled::Dropout`] and starts a
/// new grid, as offline splits the trial there. Samples already on the grid (within 1e-9 s)
/// pass unchanged, so a recording at the detector's rate gives the offline decisions exactly.
#[derive(Debug, Clone)]
pub struct OnlineResampler {
    rate_hz: f64,
    /// Raw samples before the source rate is known.
    warmup: Vec<Sample>,
    /// Moving-average width (1: no filter), once known.
    width: Option<usize>,
    /// The last `width` raw samples, and how many raw samples the part has had.
    ring: std::collections::VecDeque<Sample>,
    raw_seen: usize,
    /// Filtered samples handed to the interpolation so far (the filter's output index).
    filtered_seen: usize,
    /// Previous filtered sample.
    last: Option<Sample>,
    /// Grid: start and next index.
    t0: f64,
    k: u64,
    /// Time of the last raw sample (for the dropout check).
    last_raw_t: Option<f64>,
    /// The trial's grid start, kept across dropouts.
    grid_t0: Option<f64>,
}

impl OnlineResampler {
    /// A resampler onto `rate_hz` (checked by the caller: the model's window).
    pub fn new(rate_hz: f64) -> OnlineResampler {
        OnlineResampler {
            rate_hz,
            warmup: Vec::with_capacity(WARMUP),
            width: None,
            ring: std::collections::VecDeque::new(),
            raw_seen: 0,
            filtered_seen: 0,
            last: None,
            t0: 0.0,
            k: 0,
            last_raw_t: None,
            grid_t0: None,
        }
    }

    /// Adds one raw sample; `out` receives what it completes.
    pub fn push(&mut self, s: Sample, out: &mut impl FnMut(Resampled)) {
        if let Some(t) = self.last_raw_t
            && s.0 - t > welfare_data::signals::MAX_FILLED_GAP_S
        {
            let grid = self.grid_t0;
            self.finish(out);
            // the next part stays on the trial's grid, as offline
            self.grid_t0 = grid;
            out(Resampled::Dropout);
        }
        self.last_raw_t = Some(s.0);
        if self.width.is_none() {
            self.warmup.push(s);
            if self.warmup.len() == WARMUP {
                self.start();
                let warm = std::mem::take(&mut self.warmup);
                for w in warm {
                    self.raw(w, out);
                }
            }
            return;
        }
        self.raw(s, out);
    }

    /// Ends the part (the trial's end or a dropout): hands on what is left and resets.
    pub fn finish(&mut self, out: &mut impl FnMut(Resampled)) {
        if self.width.is_none() {
            if self.warmup.is_empty() {
                return;
            }
            self.start();
            let warm = std::mem::take(&mut self.warmup);
            for w in warm {
                self.raw(w, out);
            }
        }
        // the filter's last outputs, with the window shortened at the end as offline
        let width = self.width.unwrap_or(1);
        let half = width / 2;
        while self.filtered_seen < self.raw_seen {
            let j = self.filtered_seen;
            let a = j.saturating_sub(half).max(self.raw_seen - self.ring.len());
            let b = (j + width - half).min(self.raw_seen);
            let f = self.average(a, b, j);
            self.filtered(f, out);
        }
        let rate = self.rate_hz;
        *self = OnlineResampler::new(rate);
    }

    /// Chooses the filter width from the warm-up samples' median step.
    fn start(&mut self) {
        let mut steps: Vec<f64> = self.warmup.windows(2).map(|w| w[1].0 - w[0].0).collect();
        let width = if steps.is_empty() {
            1
        } else {
            let mid = steps.len() / 2;
            let step = *steps.select_nth_unstable_by(mid, |a, b| a.total_cmp(b)).1;
            let source = 1.0 / step;
            if ((source - self.rate_hz) / self.rate_hz).abs() <= RATE_TOLERANCE {
                1
            } else {
                (source / self.rate_hz).round().max(1.0) as usize
            }
        };
        self.width = Some(width);
        self.ring = std::collections::VecDeque::with_capacity(width + 1);
        let first = self.warmup[0].0;
        match self.grid_t0 {
            Some(g) => {
                self.t0 = g;
                self.k = ((first - g) * self.rate_hz - 1e-9).ceil().max(0.0) as u64;
            }
            None => {
                self.t0 = first;
                self.k = 0;
                self.grid_t0 = Some(first);
            }
        }
    }

    /// Mean of raw samples `[a, b)` (all in the ring), at the time of raw sample `j`.
    fn average(&self, a: usize, b: usize, j: usize) -> Sample {
        let base = self.raw_seen - self.ring.len();
        let mut acc = [0.0; 3];
        let mut gyro = [0.0; 3];
        for i in a..b {
            let r = &self.ring[i - base];
            for d in 0..3 {
                acc[d] += r.1[d];
                gyro[d] += r.2[d];
            }
        }
        let n = (b - a) as f64;
        (
            self.ring[j - base].0,
            acc.map(|v| v / n),
            gyro.map(|v| v / n),
        )
    }

    fn raw(&mut self, s: Sample, out: &mut impl FnMut(Resampled)) {
        let width = self.width.unwrap_or(1);
        self.ring.push_back(s);
        self.raw_seen += 1;
        if width == 1 {
            self.ring.pop_front();
            self.filtered_seen += 1;
            self.filtered(s, out);
            return;
        }
        let half = width / 2;
        // offline: sample j averages [j - half, j + width - half); decidable once that end is in
        while self.filtered_seen + width - half <= self.raw_seen {
            let j = self.filtered_seen;
            let a = j.saturating_sub(half);
            let f = self.average(a, j + width - half, j);
            self.filtered(f, out);
        }
        // keep what later averages still need: from (next j) - half
        let keep_from = self.filtered_seen.saturating_sub(half);
        while self.raw_seen - self.ring.len() < keep_from {
            self.ring.pop_front();
        }
    }

    /// Interpolates between the previous filtered sample and `f` onto the grid.
    fn filtered(&mut self, f: Sample, out: &mut impl FnMut(Resampled)) {
        // (`raw` counts width-1 samples itself)
        if self.width != Some(1) {
            self.filtered_seen += 1;
        }
        let Some(prev) = self.last.replace(f) else {
            let t = self.grid_time();
            if (t - f.0).abs() <= 1e-9 {
                self.k += 1;
                out(Resampled::Sample(f));
            }
            return;
        };
        loop {
            let t = self.grid_time();
            if t > f.0 + 1e-9 {
                break;
            }
            self.k += 1;
            if (t - f.0).abs() <= 1e-9 {
                out(Resampled::Sample(f));
                continue;
            }
            let w = ((t - prev.0) / (f.0 - prev.0)).clamp(0.0, 1.0);
            out(Resampled::Sample((
                t,
                lerp(&prev.1, &f.1, w),
                lerp(&prev.2, &f.2, w),
            )));
        }
    }

    fn grid_time(&self) -> f64 {
        self.t0 + self.k as f64 / self.rate_hz
    }
}

fn lerp(a: &[f64; 3], b: &[f64; 3], w: f64) -> [f64; 3] {
    [
        a[0] + (b[0] - a[0]) * w,
        a[1] + (b[1] - a[1]) * w,
        a[2] + (b[2] - a[2]) * w,
    ]
}

/// Centred moving average of `width` samples (shorter at the edges).
fn moving_average(x: &[[f64; 3]], width: usize) -> Vec<[f64; 3]> {
    if width <= 1 {
        return x.to_vec();
    }
    let half = width / 2;
    let mut prefix = vec![[0.0; 3]; x.len() + 1];
    for (i, v) in x.iter().enumerate() {
        for d in 0..3 {
            prefix[i + 1][d] = prefix[i][d] + v[d];
        }
    }
    (0..x.len())
        .map(|i| {
            let a = i.saturating_sub(half);
            let b = (i + width - half).min(x.len());
            let n = (b - a) as f64;
            [
                (prefix[b][0] - prefix[a][0]) / n,
                (prefix[b][1] - prefix[a][1]) / n,
                (prefix[b][2] - prefix[a][2]) / n,
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trial(rate: f64, seconds: f64) -> Trial {
        let n = (rate * seconds) as usize;
        Trial {
            subject: None,
            trial: None,
            activity_code: None,
            label: None,
            t_s: (0..n).map(|k| k as f64 / rate).collect(),
            acc_g: (0..n)
                .map(|k| [0.0, -1.0, 0.1 * (k as f64 / rate).sin()])
                .collect(),
            gyro_dps: None,
            first_row: 2,
        }
    }

    #[test]
    fn resampling_keeps_duration_and_slow_content() {
        let t = trial(200.0, 10.0);
        let r = resample(&t, 50.0).unwrap();
        assert_eq!(r.len(), 500);
        assert!((r.sample_rate_hz() - 50.0).abs() < 1e-9);
        for (k, a) in r.acc_g.iter().enumerate() {
            let expected = 0.1 * (k as f64 / 50.0).sin();
            assert!((a[2] - expected).abs() < 1e-3, "{k}");
            assert!((a[1] + 1.0).abs() < 1e-12);
        }
        // at the target rate: untouched
        assert_eq!(resample(&r, 50.0).unwrap(), r);
        assert!(resample(&r, 0.0).is_err());
    }

    #[test]
    fn lost_samples_are_filled_on_the_grid() {
        let full = trial(50.0, 4.0);
        let mut lossy = full.clone();
        // drop 10 samples (0.2 s) in the middle and every 7th sample elsewhere
        let keep: Vec<usize> = (0..full.len())
            .filter(|&k| k + 1 == full.len() || (!(100..110).contains(&k) && k % 7 != 3))
            .collect();
        lossy.t_s = keep.iter().map(|&k| full.t_s[k]).collect();
        lossy.acc_g = keep.iter().map(|&k| full.acc_g[k]).collect();
        let r = resample(&lossy, 50.0).unwrap();
        assert_eq!(r.len(), full.len());
        for (a, b) in r.acc_g.iter().zip(&full.acc_g) {
            assert!((a[2] - b[2]).abs() < 2e-3);
        }
        assert_eq!(clipping_g(&full), None);
        let mut clipped = full.clone();
        for (k, a) in clipped.acc_g.iter_mut().enumerate() {
            a[0] = (3.0 * (k as f64 / 9.0).sin()).clamp(-2.0, 2.0);
        }
        assert_eq!(clipping_g(&clipped), Some(2.0));
        let p = part(&full, 10..20);
        assert_eq!((p.len(), p.first_row, p.t_s[0]), (10, 12, full.t_s[10]));
    }
}
