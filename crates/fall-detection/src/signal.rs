//! Signal helpers: magnitude and resampling to the detector's rate.

use welfare_data::signals::Trial;

use crate::error::FallError;

/// Signal magnitude vector |a| in g.
#[inline]
pub fn smv(a: &[f64; 3]) -> f64 {
    (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]).sqrt()
}

/// Relative tolerance on the sampling rate before a trial is resampled.
pub const RATE_TOLERANCE: f64 = 0.02;

/// The trial at `rate_hz`: unchanged when its rate is within 2 % of it, otherwise low-passed
/// with a moving average as long as the decimation factor (when downsampling) and linearly
/// interpolated onto `t0 + k / rate_hz`.
pub fn resample(trial: &Trial, rate_hz: f64) -> Result<Trial, FallError> {
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
    if ((source - rate_hz) / rate_hz).abs() <= RATE_TOLERANCE {
        return Ok(trial.clone());
    }
    let width = (source / rate_hz).round().max(1.0) as usize;
    let acc = moving_average(&trial.acc_g, width);
    let gyro = trial.gyro_dps.as_ref().map(|g| moving_average(g, width));
    let t0 = trial.t_s[0];
    let end = *trial.t_s.last().expect("two samples");
    let n = ((end - t0) * rate_hz).floor() as usize + 1;
    let mut out = Trial {
        t_s: Vec::with_capacity(n),
        acc_g: Vec::with_capacity(n),
        gyro_dps: gyro.as_ref().map(|_| Vec::with_capacity(n)),
        ..trial.clone()
    };
    let mut j = 0;
    for k in 0..n {
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
}
