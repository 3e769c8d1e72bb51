//! What the devices people wear do to a signal, simulated: a lower sampling rate, a smaller
//! measuring range (clipping), lost samples and a jittered clock (Bluetooth), a long dropout.
//! For tests and for the device robustness figures: a model is trained on one condition and
//! read on the others.

use rand::Rng;
use welfare_data::signals::Trial;

use crate::error::FallError;
use crate::signal::resample;

/// A simulated device.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceCondition {
    /// Sampling rate, Hz (the trial is resampled to it).
    pub rate_hz: f64,
    /// Measuring range ±g per axis (`None`: the source's range).
    pub range_g: Option<f64>,
    /// Share of samples lost (0–1), independently per sample.
    pub drop_rate: f64,
    /// Clock jitter: each time stamp moves by up to this share of a step (0–0.45).
    pub jitter: f64,
    /// Keep the gyroscope (if the source has one).
    pub gyro: bool,
}

impl Default for DeviceCondition {
    /// A typical pendant: 25 Hz, ±4 g, 2 % lost samples, 10 % jitter, no gyroscope.
    fn default() -> Self {
        DeviceCondition {
            rate_hz: 25.0,
            range_g: Some(4.0),
            drop_rate: 0.02,
            jitter: 0.1,
            gyro: false,
        }
    }
}

/// The simulated devices of [`crate::TrainOptions::device_copies`].
pub const TRAINING_COPIES: [DeviceCondition; 2] = [
    DeviceCondition {
        rate_hz: 20.0,
        range_g: Some(8.0),
        drop_rate: 0.05,
        jitter: 0.2,
        gyro: false,
    },
    DeviceCondition {
        rate_hz: 25.0,
        range_g: Some(4.0),
        drop_rate: 0.05,
        jitter: 0.2,
        gyro: false,
    },
];

/// `trial` as the device would have recorded it (seeded: same trial, condition and seed give
/// the same samples). The first and last samples are never dropped.
pub fn simulate(trial: &Trial, device: &DeviceCondition, seed: u64) -> Result<Trial, FallError> {
    let bad = |name: &'static str, reason: &str| FallError::Parameter {
        name,
        reason: reason.into(),
    };
    if !(0.0..1.0).contains(&device.drop_rate) {
        return Err(bad("drop_rate", "must be at least 0 and below 1"));
    }
    if !(0.0..=0.45).contains(&device.jitter) {
        return Err(bad("jitter", "must be between 0 and 0.45 of a step"));
    }
    if device.range_g.is_some_and(|r| !(r.is_finite() && r > 0.0)) {
        return Err(bad("range_g", "must be a positive number of g"));
    }
    let mut t = resample(trial, device.rate_hz)?;
    if !device.gyro {
        t.gyro_dps = None;
    }
    if let Some(r) = device.range_g {
        for a in &mut t.acc_g {
            for v in a.iter_mut() {
                *v = v.clamp(-r, r);
            }
        }
    }
    let mut rng = welfare_data::rng::stream(seed, &format!("fall/device/{}", trial.key()));
    let step = 1.0 / device.rate_hz;
    let n = t.len();
    let keep: Vec<usize> = (0..n)
        .filter(|&k| k == 0 || k + 1 == n || rng.gen_range(0.0..1.0) >= device.drop_rate)
        .collect();
    let mut out = Trial {
        t_s: Vec::with_capacity(keep.len()),
        acc_g: Vec::with_capacity(keep.len()),
        gyro_dps: t.gyro_dps.as_ref().map(|_| Vec::with_capacity(keep.len())),
        ..t.clone()
    };
    for &k in &keep {
        let shift = if device.jitter > 0.0 {
            rng.gen_range(-device.jitter..device.jitter) * step
        } else {
            0.0
        };
        out.t_s.push(t.t_s[k] + shift);
        out.acc_g.push(t.acc_g[k]);
        if let (Some(o), Some(g)) = (out.gyro_dps.as_mut(), t.gyro_dps.as_ref()) {
            o.push(g[k]);
        }
    }
    Ok(out)
}

/// `trial` with the samples in `[from_s, from_s + length_s)` (trial clock) removed: a dropout.
pub fn drop_out(trial: &Trial, from_s: f64, length_s: f64) -> Trial {
    let keep: Vec<usize> = (0..trial.len())
        .filter(|&k| !(from_s..from_s + length_s).contains(&trial.t_s[k]))
        .collect();
    Trial {
        t_s: keep.iter().map(|&k| trial.t_s[k]).collect(),
        acc_g: keep.iter().map(|&k| trial.acc_g[k]).collect(),
        gyro_dps: trial
            .gyro_dps
            .as_ref()
            .map(|g| keep.iter().map(|&k| g[k]).collect()),
        ..trial.clone()
    }
}
