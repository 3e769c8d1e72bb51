//! Seeded synthetic accelerometer and gyroscope signals of daily activities and falls, for
//! the project's own tests, examples and the showcase (no real recordings are shipped).
//!
//! The sensor sits on the waist, SisFall's axes: standing upright it reads about −1 g on y.
//! A trial is the gravity direction `u(t)` (the posture, turning about an activity-specific
//! axis) scaled by `1 + v(t)` (vertical body acceleration: steps, free fall, impacts), plus
//! noise, all rotated by a per-subject mounting error of up to 15°. Falls have a descent
//! with low magnitude, an impact of 1.6–6 g, a turn to lying (or kneeling) and stillness;
//! jogging and stumbling have high peaks without the turn, sitting and lying down turn
//! without the impact — but a third of sittings are hard drops into the chair, some lying
//! down is quick and a quarter of falls end on the knees (less tilt), so that no single
//! threshold separates everything. Older subjects (`SE*`) fall softer and move more slowly.

use std::f64::consts::PI;

use rand::Rng;
use rand_distr::{Distribution, Normal};
use welfare_data::signals::{Recording, Trial};

use crate::error::FallError;

/// Activities the generator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// Walking.
    Walking,
    /// Jogging.
    Jogging,
    /// Sitting down on a chair.
    SittingDown,
    /// Lying down on a bed.
    LyingDown,
    /// Stumbling without falling.
    Stumbling,
    /// A fall forward.
    FallForward,
    /// A fall backward.
    FallBackward,
    /// A fall to the side.
    FallLateral,
}

impl Activity {
    /// Every activity.
    pub const ALL: [Activity; 8] = [
        Activity::Walking,
        Activity::Jogging,
        Activity::SittingDown,
        Activity::LyingDown,
        Activity::Stumbling,
        Activity::FallForward,
        Activity::FallBackward,
        Activity::FallLateral,
    ];

    /// Activity code in the style of SisFall (`D*` daily activity, `F*` fall).
    pub fn code(self) -> &'static str {
        match self {
            Activity::Walking => "D01",
            Activity::Jogging => "D03",
            Activity::SittingDown => "D07",
            Activity::LyingDown => "D11",
            Activity::Stumbling => "D18",
            Activity::FallForward => "F01",
            Activity::FallBackward => "F02",
            Activity::FallLateral => "F03",
        }
    }

    /// Whether the activity is a fall.
    pub fn is_fall(self) -> bool {
        matches!(
            self,
            Activity::FallForward | Activity::FallBackward | Activity::FallLateral
        )
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticSpec {
    /// Adults `SA01…`; older subjects `SE01…`.
    pub adults: usize,
    /// Older subjects (`SE01…`).
    pub older: usize,
    /// Repetitions of every activity per subject.
    pub repetitions: u32,
    /// Sampling rate, Hz.
    pub rate_hz: f64,
    /// Seconds per trial.
    pub trial_s: f64,
    /// Record the gyroscope too.
    pub gyro: bool,
    /// The seed (same seed, same recordings).
    pub seed: u64,
}

impl Default for SyntheticSpec {
    fn default() -> Self {
        SyntheticSpec {
            adults: 4,
            older: 2,
            repetitions: 2,
            rate_hz: 50.0,
            trial_s: 12.0,
            gyro: true,
            seed: 1,
        }
    }
}

/// Rotation of `v` about the unit `axis` by `angle` radians (Rodrigues).
fn rotate(v: [f64; 3], axis: [f64; 3], angle: f64) -> [f64; 3] {
    let (s, c) = angle.sin_cos();
    let dot = axis[0] * v[0] + axis[1] * v[1] + axis[2] * v[2];
    let cross = [
        axis[1] * v[2] - axis[2] * v[1],
        axis[2] * v[0] - axis[0] * v[2],
        axis[0] * v[1] - axis[1] * v[0],
    ];
    [
        v[0] * c + cross[0] * s + axis[0] * dot * (1.0 - c),
        v[1] * c + cross[1] * s + axis[1] * dot * (1.0 - c),
        v[2] * c + cross[2] * s + axis[2] * dot * (1.0 - c),
    ]
}

fn unit(v: [f64; 3]) -> [f64; 3] {
    let n = crate::signal::smv(&v);
    [v[0] / n, v[1] / n, v[2] / n]
}

/// Smooth step from 0 to 1 between `a` and `b`.
fn smoothstep(t: f64, a: f64, b: f64) -> f64 {
    let x = ((t - a) / (b - a)).clamp(0.0, 1.0);
    x * x * (3.0 - 2.0 * x)
}

fn bump(t: f64, centre: f64, width: f64) -> f64 {
    let z = (t - centre) / width;
    (-0.5 * z * z).exp()
}

/// One trial of `activity`.
pub fn trial(
    activity: Activity,
    subject: &str,
    repetition: u32,
    spec: &SyntheticSpec,
) -> Result<Trial, FallError> {
    if !(spec.rate_hz.is_finite() && spec.rate_hz >= 10.0 && spec.rate_hz <= 1000.0) {
        return Err(FallError::Parameter {
            name: "rate_hz",
            reason: "must be between 10 and 1000 Hz".into(),
        });
    }
    if !(spec.trial_s.is_finite() && spec.trial_s >= 8.0 && spec.trial_s <= 600.0) {
        return Err(FallError::Parameter {
            name: "trial_s",
            reason: "must be between 8 and 600 s".into(),
        });
    }
    let older = subject.starts_with("SE");
    let mut rng = welfare_data::rng::stream(
        spec.seed,
        &format!("fall/{subject}/{}/{repetition}", activity.code()),
    );
    // mounting: a subject-specific tilt of up to 15° about a random axis
    let mut mount_rng = welfare_data::rng::stream(spec.seed, &format!("fall/mount/{subject}"));
    let mount_axis = unit([
        mount_rng.gen_range(-1.0..1.0),
        mount_rng.gen_range(-1.0..1.0),
        mount_rng.gen_range(-1.0..1.0f64) + 1e-3,
    ]);
    let mount_angle = mount_rng.gen_range(0.0..15.0f64).to_radians();
    let noise = Normal::new(0.0, 0.015).expect("valid sd");
    let gyro_noise = Normal::new(0.0, 1.5).expect("valid sd");

    let rate = spec.rate_hz;
    let n = (spec.trial_s * rate).round() as usize;
    let t_event = rng.gen_range(4.0..spec.trial_s - 5.0);
    let slow = if older { 1.4 } else { 1.0 };
    let upright = [0.0, -1.0, 0.0];
    // turn axis and final angle, vertical acceleration v(t), walking before/after
    let (axis, turn_deg, turn_from, turn_to): ([f64; 3], f64, f64, f64);
    let cadence = rng.gen_range(1.6..2.2) / slow;
    let step_amp = rng.gen_range(0.12..0.3);
    let heel = rng.gen_range(0.25..0.55);
    let mut walk_until = 0.0;
    let mut walk_from = f64::INFINITY;
    let mut pulses: Vec<(f64, f64, f64)> = Vec::new(); // (centre, amplitude, width)
    let mut dip: Option<(f64, f64, f64)> = None; // (from, to, level)
    match activity {
        Activity::Walking => {
            axis = [1.0, 0.0, 0.0];
            turn_deg = 0.0;
            turn_from = 0.0;
            turn_to = 1.0;
            walk_until = spec.trial_s;
        }
        Activity::Jogging => {
            axis = [1.0, 0.0, 0.0];
            turn_deg = 0.0;
            turn_from = 0.0;
            turn_to = 1.0;
            let f = rng.gen_range(2.4..3.0) / slow;
            let mut t = 0.5;
            while t < spec.trial_s {
                pulses.push((t, rng.gen_range(0.9..1.8) / slow, 0.05));
                t += 1.0 / f;
            }
        }
        Activity::SittingDown => {
            // a third drop into the chair: a hard landing and a deeper recline
            let hard = rng.gen_bool(0.35);
            axis = [1.0, 0.0, 0.0];
            turn_deg = -if hard {
                rng.gen_range(20.0..45.0)
            } else {
                rng.gen_range(10.0..30.0)
            };
            turn_from = t_event - 0.6 * slow;
            turn_to = t_event + 0.3;
            walk_until = t_event - 1.5;
            let level = if hard {
                rng.gen_range(0.35..0.65)
            } else {
                rng.gen_range(0.55..0.8)
            };
            dip = Some((t_event - 0.6 * slow, t_event - 0.05, level));
            let landing = if hard {
                rng.gen_range(1.0..2.4)
            } else {
                rng.gen_range(0.4..1.2)
            };
            pulses.push((t_event, landing, 0.05));
        }
        Activity::LyingDown => {
            // some lie down quickly, landing with a bump
            let quick = rng.gen_bool(0.3);
            axis = [1.0, 0.0, 0.0];
            turn_deg = -rng.gen_range(75.0..95.0);
            turn_from = t_event;
            turn_to = t_event
                + if quick {
                    rng.gen_range(0.6..1.0)
                } else {
                    rng.gen_range(1.5..2.5) * slow
                };
            walk_until = t_event - 2.0;
            let landing = if quick {
                rng.gen_range(0.5..1.4)
            } else {
                rng.gen_range(0.1..0.4)
            };
            pulses.push((turn_to, landing, 0.06));
        }
        Activity::Stumbling => {
            axis = [1.0, 0.0, 0.0];
            turn_deg = rng.gen_range(5.0..25.0);
            turn_from = t_event - 0.2;
            turn_to = t_event + 0.2;
            walk_until = t_event - 0.3;
            walk_from = t_event + 1.0;
            dip = Some((t_event - 0.25, t_event - 0.05, rng.gen_range(0.5..0.8)));
            pulses.push((t_event, rng.gen_range(0.9..1.8), 0.04));
            pulses.push((t_event + 0.25, rng.gen_range(0.3..0.7), 0.05));
        }
        Activity::FallForward | Activity::FallBackward | Activity::FallLateral => {
            let sign = if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
            // a quarter end on the knees or sitting against something: less tilt
            let (lo, hi) = if rng.gen_bool(0.25) {
                (25.0, 55.0)
            } else {
                (70.0, 100.0)
            };
            (axis, turn_deg) = match activity {
                Activity::FallForward => ([1.0, 0.0, 0.0], rng.gen_range(lo..hi)),
                Activity::FallBackward => ([1.0, 0.0, 0.0], -rng.gen_range(lo..hi)),
                _ => ([0.0, 0.0, 1.0], sign * rng.gen_range(lo..hi)),
            };
            let descent = rng.gen_range(0.3..0.6) * if older { 1.2 } else { 1.0 };
            turn_from = t_event - descent;
            turn_to = t_event + 0.1;
            if rng.gen_bool(0.6) {
                walk_until = t_event - descent - 0.2;
            }
            let level = if older {
                rng.gen_range(0.3..0.7)
            } else {
                rng.gen_range(0.1..0.5)
            };
            dip = Some((t_event - descent, t_event - 0.04, level));
            let peak = if older {
                rng.gen_range(0.6..3.0)
            } else {
                rng.gen_range(1.2..5.0)
            };
            pulses.push((t_event, peak, rng.gen_range(0.025..0.05)));
            pulses.push((t_event + 0.15, peak * rng.gen_range(0.2..0.4), 0.04));
            // some try to move after a while
            if rng.gen_bool(0.3) {
                pulses.push((t_event + rng.gen_range(3.0..4.5), 0.25, 0.2));
            }
        }
    }
    let axis = unit(axis);
    let turn = turn_deg.to_radians();
    let mut acc = Vec::with_capacity(n);
    let mut gyro = Vec::with_capacity(n);
    let mut t_s = Vec::with_capacity(n);
    let phase = rng.gen_range(0.0..2.0 * PI);
    for k in 0..n {
        let t = k as f64 / rate;
        let progress = smoothstep(t, turn_from, turn_to);
        let angle = turn * progress;
        let u = rotate(upright, axis, angle);
        let mut v = 0.0;
        let walking = t < walk_until || t > walk_from;
        if walking {
            let p = 2.0 * PI * cadence * t + phase;
            v += step_amp * p.sin();
            let step_phase = (cadence * t + phase / (2.0 * PI)).fract();
            v += heel * bump(step_phase, 0.1, 0.03);
        }
        if let Some((a, b, level)) = dip {
            let w = smoothstep(t, a, a + 0.08) * (1.0 - smoothstep(t, b - 0.02, b));
            v += w * (level - 1.0);
        }
        for &(c, amp, width) in &pulses {
            v += amp * bump(t, c, width);
        }
        let mut a = [u[0] * (1.0 + v), u[1] * (1.0 + v), u[2] * (1.0 + v)];
        let sway = if walking { 0.05 } else { 0.0 };
        a[0] += sway * (2.0 * PI * cadence * 0.5 * t).sin();
        for x in &mut a {
            *x += noise.sample(&mut rng);
        }
        // angular rate: the posture turn plus walking wobble
        let dtheta = turn
            * (smoothstep(t + 0.5 / rate, turn_from, turn_to)
                - smoothstep(t - 0.5 / rate, turn_from, turn_to))
            * rate;
        let mut w = [
            axis[0] * dtheta.to_degrees(),
            axis[1] * dtheta.to_degrees(),
            axis[2] * dtheta.to_degrees(),
        ];
        if walking {
            w[1] += 15.0 * (2.0 * PI * cadence * 0.5 * t).cos();
        }
        for x in &mut w {
            *x += gyro_noise.sample(&mut rng);
        }
        acc.push(rotate(a, mount_axis, mount_angle));
        gyro.push(rotate(w, mount_axis, mount_angle));
        t_s.push(t);
        let _ = progress;
    }
    // SisFall-like resolution: 1 mg, 0.1 °/s
    for a in &mut acc {
        for x in a.iter_mut() {
            *x = (*x * 1000.0).round() / 1000.0;
        }
    }
    for w in &mut gyro {
        for x in w.iter_mut() {
            *x = (*x * 10.0).round() / 10.0;
        }
    }
    Ok(Trial {
        subject: Some(subject.to_owned()),
        trial: Some(repetition),
        activity_code: Some(activity.code().to_owned()),
        label: Some(activity.is_fall()),
        t_s,
        acc_g: acc,
        gyro_dps: spec.gyro.then_some(gyro),
        first_row: 2,
    })
}

/// Subject ids of a spec: `SA01…` then `SE01…`.
pub fn subjects(spec: &SyntheticSpec) -> Vec<String> {
    (1..=spec.adults)
        .map(|i| format!("SA{i:02}"))
        .chain((1..=spec.older).map(|i| format!("SE{i:02}")))
        .collect()
}

/// Every activity for every subject and repetition.
pub fn recording(spec: &SyntheticSpec) -> Result<Recording, FallError> {
    let mut trials = Vec::new();
    for subject in subjects(spec) {
        for activity in Activity::ALL {
            for r in 1..=spec.repetitions {
                trials.push(trial(activity, &subject, r, spec)?);
            }
        }
    }
    Ok(Recording {
        source: format!("synthetic(seed {})", spec.seed),
        trials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_and_shaped() {
        let spec = SyntheticSpec::default();
        let a = trial(Activity::FallForward, "SA01", 1, &spec).unwrap();
        assert_eq!(a, trial(Activity::FallForward, "SA01", 1, &spec).unwrap());
        assert_ne!(
            a,
            trial(
                Activity::FallForward,
                "SA01",
                1,
                &SyntheticSpec {
                    seed: 2,
                    ..spec.clone()
                }
            )
            .unwrap()
        );
        assert_eq!(a.len(), 600);
        let peak = a.acc_g.iter().map(crate::signal::smv).fold(0.0, f64::max);
        assert!(peak > 1.8, "{peak}");
        // standing still at the start reads about 1 g
        let m = crate::signal::smv(&a.acc_g[0]);
        assert!((0.6..1.5).contains(&m), "{m}");
        let rec = recording(&spec).unwrap();
        assert_eq!(rec.trials.len(), 6 * 8 * 2);
        // the result passes the loader's checks
        for t in &rec.trials {
            welfare_data::signals::validate_trial("synthetic", t, |i| i + 2).unwrap();
        }
    }
}
