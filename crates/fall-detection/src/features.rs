//! Impact events and window features.
//!
//! An *impact candidate* is a sample whose magnitude |a| reaches `candidate_g` and is the
//! largest within ± `suppress_s` (ties: the earliest wins). Around each candidate a window
//! from `pre_s` before to `post_s` after is cut (shorter at the start and end of a trial) and
//! described by features that depend on the magnitude and on angles between mean acceleration
//! vectors, not on how exactly the sensor sits on the belt:
//!
//! | phase | span (relative to the impact) |
//! |---|---|
//! | posture before | −2.0 s … −1.0 s |
//! | descent (free fall) | −1.0 s … 0 |
//! | impact | −0.5 s … +0.5 s |
//! | after | +1.0 s … +`post_s` |
//!
//! The feature functions read slices and write into a fixed array: no allocation per sample or
//! per candidate.

use serde::{Deserialize, Serialize};

use crate::error::FallError;

/// Standard gravity, m/s².
pub const G: f64 = 9.80665;

/// Number of features (the last [`GYRO_FEATURES`] need a gyroscope).
pub const N_FEATURES: usize = 22;
/// Features that need a gyroscope (at the end of the vector).
pub const GYRO_FEATURES: usize = 3;

/// Feature names, in vector order.
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "peak_smv_g",
    "min_smv_descent_g",
    "freefall_s",
    "mean_smv_descent_g",
    "std_smv_posture_g",
    "impact_std_g",
    "impact_max_jerk_g_per_s",
    "impact_area_g_s",
    "impact_above_2g_s",
    "after_mean_smv_g",
    "after_std_smv_g",
    "after_max_smv_g",
    "after_motion_g",
    "tilt_change_deg",
    "after_vector_norm_g",
    "velocity_drop_m_per_s",
    "peak_minus_descent_g",
    "window_range_g",
    "min_to_peak_s",
    "gyro_peak_dps",
    "gyro_impact_deg",
    "gyro_after_mean_dps",
];

/// One feature vector.
pub type Features = [f64; N_FEATURES];

/// Where candidates are and how long their windows are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindowSpec {
    /// Sampling rate the detector works at, Hz.
    pub rate_hz: f64,
    /// Smallest peak magnitude that makes a candidate, g.
    pub candidate_g: f64,
    /// A candidate is the largest peak within ± this, s.
    pub suppress_s: f64,
    /// Window before the impact, s.
    pub pre_s: f64,
    /// Window after the impact, s: also the alarm latency.
    pub post_s: f64,
    /// Magnitude below which the body is taken to be falling freely, g.
    pub freefall_g: f64,
    /// Measuring range the model is made for, ±g per axis: every signal (training and later
    /// ones) is clipped to it before its features, so a ±8-g recording reads like the ±2-g
    /// devices the model must also work on, and clipped impacts are what it learned. `None`:
    /// signals as recorded (a ±2-g device then shows impacts the model has not seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_g: Option<f64>,
}

impl Default for WindowSpec {
    fn default() -> Self {
        WindowSpec {
            rate_hz: 50.0,
            candidate_g: 1.6,
            suppress_s: 1.0,
            pre_s: 2.0,
            post_s: 2.5,
            freefall_g: 0.6,
            range_g: None,
        }
    }
}

impl WindowSpec {
    /// One acceleration sample as the model reads it: clipped to ±[`WindowSpec::range_g`].
    #[inline]
    pub fn clip(&self, a: [f64; 3]) -> [f64; 3] {
        match self.range_g {
            Some(r) => a.map(|v| v.clamp(-r, r)),
            None => a,
        }
    }

    /// Checks the settings (positive, latency at most 3 s, suppression inside the window).
    pub fn check(&self) -> Result<(), FallError> {
        let bad = |name, reason: &str| {
            Err(FallError::Parameter {
                name,
                reason: reason.into(),
            })
        };
        if !(self.rate_hz.is_finite() && self.rate_hz >= 10.0 && self.rate_hz <= 2000.0) {
            return bad("rate_hz", "must be between 10 and 2000 Hz");
        }
        if !(self.candidate_g.is_finite() && self.candidate_g > 1.0) {
            return bad("candidate_g", "must be above 1 g");
        }
        if !(self.pre_s.is_finite() && self.pre_s >= 1.0 && self.pre_s <= 10.0) {
            return bad("pre_s", "must be between 1 and 10 s");
        }
        if !(self.post_s.is_finite() && self.post_s >= 1.0 && self.post_s <= 3.0) {
            return bad(
                "post_s",
                "must be between 1 and 3 s (the alarm comes post_s after the impact)",
            );
        }
        if !(self.suppress_s.is_finite() && self.suppress_s > 0.0 && self.suppress_s <= self.post_s)
        {
            return bad("suppress_s", "must be positive and at most post_s");
        }
        if !(self.freefall_g.is_finite() && self.freefall_g > 0.0 && self.freefall_g < 1.0) {
            return bad("freefall_g", "must be between 0 and 1 g");
        }
        if let Some(r) = self.range_g
            && !((1.5..=32.0).contains(&r) && r * 3f64.sqrt() > self.candidate_g)
        {
            return bad(
                "range_g",
                "must be between 1.5 and 32 g (and leave room for candidates above candidate_g)",
            );
        }
        Ok(())
    }

    /// Samples for a duration.
    #[inline]
    pub fn samples(&self, seconds: f64) -> usize {
        (seconds * self.rate_hz).round() as usize
    }
    /// Samples before the impact.
    pub fn pre(&self) -> usize {
        self.samples(self.pre_s)
    }
    /// Samples after the impact.
    pub fn post(&self) -> usize {
        self.samples(self.post_s)
    }
    /// Samples within which a smaller peak is suppressed.
    pub fn suppress(&self) -> usize {
        self.samples(self.suppress_s).max(1)
    }
}

/// Whether sample `i` of `smv` is a candidate: at least `threshold` and the largest within
/// ± `suppress` samples (strictly larger than every earlier one, at least as large as every
/// later one), looking only inside `smv`.
#[inline]
pub fn is_candidate(smv: &[f64], i: usize, threshold: f64, suppress: usize) -> bool {
    let v = smv[i];
    if v < threshold {
        return false;
    }
    let lo = i.saturating_sub(suppress);
    let hi = (i + suppress + 1).min(smv.len());
    smv[lo..i].iter().all(|&u| u < v) && smv[i + 1..hi].iter().all(|&u| u <= v)
}

/// Candidate impacts of a whole trial (sample indices).
pub fn candidates(spec: &WindowSpec, smv: &[f64]) -> Vec<usize> {
    let s = spec.suppress();
    (0..smv.len())
        .filter(|&i| is_candidate(smv, i, spec.candidate_g, s))
        .collect()
}

/// The window of candidate `i` in a trial of `n` samples: `[start, end)`.
#[inline]
pub fn window_bounds(spec: &WindowSpec, i: usize, n: usize) -> (usize, usize) {
    (i.saturating_sub(spec.pre()), (i + spec.post() + 1).min(n))
}

/// Clipped sub-range `[impact + a, impact + b)` (in samples) of a window of length `len`;
/// never empty (falls back to the nearest sample).
#[inline]
fn span(impact: usize, a: isize, b: isize, len: usize) -> (usize, usize) {
    let clip = |x: isize| x.clamp(0, len as isize) as usize;
    let lo = clip(impact as isize + a);
    let hi = clip(impact as isize + b);
    if hi > lo {
        (lo, hi)
    } else {
        let lo = lo.min(len - 1);
        (lo, lo + 1)
    }
}

#[inline]
fn mean_std(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.max(0.0).sqrt())
}

#[inline]
fn mean_vector(x: &[[f64; 3]]) -> [f64; 3] {
    let mut m = [0.0; 3];
    for v in x {
        m[0] += v[0];
        m[1] += v[1];
        m[2] += v[2];
    }
    let n = x.len() as f64;
    [m[0] / n, m[1] / n, m[2] / n]
}

#[inline]
fn angle_deg(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let na = crate::signal::smv(a);
    let nb = crate::signal::smv(b);
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let cos = ((a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (na * nb)).clamp(-1.0, 1.0);
    cos.acos().to_degrees()
}

/// Features of one window. `acc`, `smv` (and `gyro`) cover the window; `impact` is the
/// candidate's index inside it.
pub fn window_features(
    spec: &WindowSpec,
    acc: &[[f64; 3]],
    smv: &[f64],
    gyro: Option<&[[f64; 3]]>,
    impact: usize,
    out: &mut Features,
) {
    let len = smv.len();
    debug_assert!(impact < len && acc.len() == len);
    let rate = spec.rate_hz;
    let s = |sec: f64| (sec * rate).round() as isize;
    let post_end = s(spec.post_s) + 1;
    let posture = span(impact, -s(spec.pre_s), -s(1.0), len);
    let descent = span(impact, -s(1.0), 0, len);
    let hit = span(impact, -s(0.5), s(0.5) + 1, len);
    let after = span(impact, s(1.0), post_end, len);

    let peak = smv[impact];
    let d = &smv[descent.0..descent.1];
    let (mean_descent, _) = mean_std(d);
    let (min_pos, min_descent) = d.iter().enumerate().fold(
        (0, f64::INFINITY),
        |(bi, bv), (k, &v)| {
            if v < bv { (k, v) } else { (bi, bv) }
        },
    );
    let freefall = d.iter().filter(|&&v| v < spec.freefall_g).count() as f64 / rate;
    let mut velocity = 0.0f64;
    let mut lowest = 0.0f64;
    for &v in d {
        velocity += (v - 1.0) * G / rate;
        lowest = lowest.min(velocity);
    }
    let (_, std_posture) = mean_std(&smv[posture.0..posture.1]);
    let h = &smv[hit.0..hit.1];
    let (_, std_hit) = mean_std(h);
    let mut jerk = 0.0f64;
    for w in h.windows(2) {
        jerk = jerk.max((w[1] - w[0]).abs() * rate);
    }
    let area = h.iter().map(|v| (v - 1.0).abs()).sum::<f64>() / rate;
    let above = h.iter().filter(|&&v| v >= 2.0).count() as f64 / rate;
    let a = &smv[after.0..after.1];
    let (mean_after, std_after) = mean_std(a);
    let max_after = a.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let motion_after = a.iter().map(|v| (v - 1.0).abs()).sum::<f64>() / a.len() as f64;
    let before_vec = mean_vector(&acc[posture.0..posture.1]);
    let after_vec = mean_vector(&acc[after.0..after.1]);
    let (lo, hi) = smv
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let min_to_peak = (impact as f64 - (descent.0 + min_pos) as f64) / rate;

    out[0] = peak;
    out[1] = min_descent;
    out[2] = freefall;
    out[3] = mean_descent;
    out[4] = std_posture;
    out[5] = std_hit;
    out[6] = jerk;
    out[7] = area;
    out[8] = above;
    out[9] = mean_after;
    out[10] = std_after;
    out[11] = max_after;
    out[12] = motion_after;
    out[13] = angle_deg(&before_vec, &after_vec);
    out[14] = crate::signal::smv(&after_vec);
    out[15] = lowest;
    out[16] = peak - mean_descent;
    out[17] = hi - lo;
    out[18] = min_to_peak;
    match gyro {
        Some(g) => {
            let mag = |v: &[f64; 3]| crate::signal::smv(v);
            let gh = &g[hit.0..hit.1];
            out[19] = gh.iter().map(mag).fold(0.0, f64::max);
            let wide = span(impact, -s(1.0), s(1.0) + 1, len);
            out[20] = g[wide.0..wide.1].iter().map(mag).sum::<f64>() / rate;
            let ga = &g[after.0..after.1];
            out[21] = ga.iter().map(mag).sum::<f64>() / ga.len() as f64;
        }
        None => {
            out[19] = 0.0;
            out[20] = 0.0;
            out[21] = 0.0;
        }
    }
}

/// One candidate with its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Sample index of the impact in the trial.
    pub impact: usize,
    /// Sample index at which the decision is possible (impact + post, or the last sample).
    pub decided_at: usize,
    /// Its features (names: [`FEATURE_NAMES`]).
    pub features: Features,
}

/// All candidates of a trial with their features (`acc` at `spec.rate_hz`). `smv` is a
/// scratch buffer reused between calls.
pub fn events(
    spec: &WindowSpec,
    acc: &[[f64; 3]],
    gyro: Option<&[[f64; 3]]>,
    smv: &mut Vec<f64>,
) -> Vec<Event> {
    smv.clear();
    smv.extend(acc.iter().map(crate::signal::smv));
    let n = acc.len();
    candidates(spec, smv)
        .into_iter()
        .map(|i| {
            let (a, b) = window_bounds(spec, i, n);
            let mut features = [0.0; N_FEATURES];
            window_features(
                spec,
                &acc[a..b],
                &smv[a..b],
                gyro.map(|g| &g[a..b]),
                i - a,
                &mut features,
            );
            Event {
                impact: i,
                decided_at: b - 1,
                features,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_keep_the_largest_peak_and_the_earliest_of_ties() {
        let spec = WindowSpec {
            rate_hz: 10.0,
            suppress_s: 0.3,
            ..WindowSpec::default()
        };
        let mut smv = vec![1.0; 30];
        smv[5] = 2.0;
        smv[7] = 2.5; // suppresses 5
        smv[15] = 3.0;
        smv[17] = 3.0; // tie: 15 wins
        smv[25] = 1.5; // below threshold
        assert_eq!(candidates(&spec, &smv), vec![7, 15]);
    }

    #[test]
    fn a_fall_like_window_has_free_fall_impact_and_tilt() {
        let spec = WindowSpec::default();
        // upright (gravity on -y), 0.4 s free fall, impact 4 g, then lying (gravity on z)
        let mut acc = Vec::new();
        for k in 0..300 {
            let a = match k {
                0..=79 => [0.0, -1.0, 0.0],
                80..=99 => [0.0, -0.2, 0.0],
                100 => [0.0, -2.0, 3.464],
                _ => [0.0, 0.0, 1.0],
            };
            acc.push(a);
        }
        let mut smv = Vec::new();
        let ev = events(&spec, &acc, None, &mut smv);
        assert_eq!(ev.len(), 1);
        let f = &ev[0].features;
        assert_eq!(ev[0].impact, 100);
        assert!((f[0] - 4.0).abs() < 1e-3, "{}", f[0]);
        assert!((f[2] - 0.4).abs() < 1e-9, "free fall {}", f[2]);
        assert!((f[13] - 90.0).abs() < 1e-6, "tilt {}", f[13]);
        assert!(f[10] < 1e-9, "still after");
        assert!(f[15] < -2.0, "velocity drop {}", f[15]);
        assert_eq!(ev[0].decided_at, 100 + 125);
    }

    #[test]
    fn spec_is_checked() {
        assert!(WindowSpec::default().check().is_ok());
        for bad in [
            WindowSpec {
                post_s: 4.0,
                ..WindowSpec::default()
            },
            WindowSpec {
                rate_hz: f64::NAN,
                ..WindowSpec::default()
            },
            WindowSpec {
                candidate_g: 0.5,
                ..WindowSpec::default()
            },
            WindowSpec {
                range_g: Some(0.9),
                ..WindowSpec::default()
            },
        ] {
            assert!(bad.check().is_err());
        }
    }
}
