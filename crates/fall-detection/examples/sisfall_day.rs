//! False alarms per hour on continuous data: each held-out SisFall subject's trials are
//! stitched into one long stream (order shuffled with a seed, 2 s linear transitions between
//! the end of one trial and the start of the next, so no artificial jump), and the streaming
//! detector ([`StreamingDetector`], sample by sample, as a wearable would run it) watches the
//! whole stream. Prints the figures recorded in docs/benchmarks.md.
//!
//! `cargo run --release -p fall-detection --example sisfall_day [-- DIR [KIND [FOLDS [TARGET]]]]`
//! (defaults: `../shared/datasets/fall/sisfall-dev`, `boosting`, 5 subject folds, target
//! sensitivity 0.97).
//!
//! For every outer fold the detector is trained on the other folds' subjects. Two cut-offs are
//! evaluated on the held-out streams, both chosen without them:
//! - the model's own (best trial-level F1 in its inner subject-grouped CV), and
//! - a *low-alarm* cut-off: the highest one at which the training subjects' own streams,
//!   scored out of fold by an inner 4-fold subject-grouped CV, keep a sensitivity ≥ TARGET.
//!
//! Counting: a fall is detected when an alarm's impact lies in that fall's trial; alarms
//! outside falls are false alarms, and alarms less than 10 s after the previous one count as
//! one (the wearer cancels one alarm, not three). Hours = stream time outside fall trials.
//! SisFall's daily activities are dense (walking, jogging, stairs, quick sitting, stumbling,
//! back to back), so an hour here holds far more hard movement than an hour of real wear.

use std::time::Instant;

use fall_detection::io::{SignalFormat, read_inputs};
use fall_detection::signal::resample;
use fall_detection::train::subject_folds;
use fall_detection::{DetectorKind, Model, StreamingDetector, TrainOptions, prepare_all};
use rand::seq::SliceRandom;
use welfare_data::signals::Trial;

/// Seconds of linear transition between two stitched trials.
const TRANSITION_S: f64 = 2.0;
/// Alarms closer than this to the previous alarm count as one.
const REFRACTORY_S: f64 = 10.0;

/// A stitched stream: its segments (start, end in s; `Some(fall)` for a trial, `None` for a
/// transition) and every candidate the detector scored (impact time, probability).
struct Stream {
    segments: Vec<(f64, f64, Option<bool>)>,
    alarms: Vec<(f64, f64)>,
}

/// Counts at one cut-off: (falls detected, falls, false alarms, hours outside falls).
#[derive(Default, Clone, Copy)]
struct Count {
    detected: usize,
    falls: usize,
    false_alarms: usize,
    hours: f64,
}

impl Count {
    fn add(&mut self, o: Count) {
        self.detected += o.detected;
        self.falls += o.falls;
        self.false_alarms += o.false_alarms;
        self.hours += o.hours;
    }
    fn sensitivity(&self) -> f64 {
        self.detected as f64 / self.falls.max(1) as f64
    }
    fn per_hour(&self) -> f64 {
        self.false_alarms as f64 / self.hours
    }
}

fn count(stream: &Stream, cutoff: f64) -> Count {
    let mut c = Count::default();
    let mut detected = vec![false; stream.segments.len()];
    let mut last: Option<f64> = None;
    let mut seg = 0;
    for &(t, p) in &stream.alarms {
        if p < cutoff {
            continue;
        }
        while seg + 1 < stream.segments.len() && stream.segments[seg].1 <= t {
            seg += 1;
        }
        if stream.segments[seg].2 == Some(true) {
            detected[seg] = true;
        } else if last.is_none_or(|l| t - l >= REFRACTORY_S) {
            c.false_alarms += 1;
        }
        last = Some(t);
    }
    for (i, &(a, b, kind)) in stream.segments.iter().enumerate() {
        if kind == Some(true) {
            c.falls += 1;
            c.detected += usize::from(detected[i]);
        } else {
            c.hours += (b - a) / 3600.0;
        }
    }
    c
}

/// Stitches one subject's trials (already at the model's rate) and runs the streaming detector
/// over it with cut-off 0, so that every scored candidate is kept with its probability.
fn run_stream(
    model: &Model,
    trials: &[&Trial],
    rate: f64,
) -> Result<Stream, Box<dyn std::error::Error>> {
    let mut model = model.clone();
    model.cutoff = 0.0;
    let mut detector = StreamingDetector::new(&model);
    let step = 1.0 / rate;
    let mut n = 0usize;
    let mut segments = Vec::new();
    let mut alarms = Vec::new();
    let mut previous: Option<([f64; 3], [f64; 3])> = None;
    let mut push =
        |acc: [f64; 3], gyro: [f64; 3], n: &mut usize| -> Result<(), Box<dyn std::error::Error>> {
            if let Some(a) = detector.push(*n as f64 * step, acc, Some(gyro))? {
                alarms.push((a.t_impact_s, a.probability));
            }
            *n += 1;
            Ok(())
        };
    for t in trials {
        let gyro = t
            .gyro_dps
            .as_ref()
            .ok_or("the stream needs gyroscope signals")?;
        if let Some((a0, g0)) = previous {
            let (a1, g1) = (t.acc_g[0], gyro[0]);
            let start = n as f64 * step;
            let steps = (TRANSITION_S * rate).round() as usize;
            for k in 1..=steps {
                let f = k as f64 / (steps + 1) as f64;
                let mix = |x: [f64; 3], y: [f64; 3]| {
                    [
                        x[0] + f * (y[0] - x[0]),
                        x[1] + f * (y[1] - x[1]),
                        x[2] + f * (y[2] - x[2]),
                    ]
                };
                push(mix(a0, a1), mix(g0, g1), &mut n)?;
            }
            segments.push((start, n as f64 * step, None));
        }
        let start = n as f64 * step;
        for (a, g) in t.acc_g.iter().zip(gyro) {
            push(*a, *g, &mut n)?;
        }
        segments.push((start, n as f64 * step, t.label));
        previous = Some((
            *t.acc_g.last().expect("non-empty"),
            *gyro.last().expect("non-empty"),
        ));
    }
    for a in detector.finish().alarms {
        alarms.push((a.t_impact_s, a.probability));
    }
    Ok(Stream { segments, alarms })
}

/// The streams of `subjects`, each scored by `model`.
fn streams(
    model: &Model,
    trials: &[Trial],
    subjects: &[String],
    rate: f64,
    seed: u64,
) -> Result<Vec<Stream>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for s in subjects {
        let mut own: Vec<&Trial> = trials
            .iter()
            .filter(|t| t.subject.as_deref() == Some(s) && t.label.is_some())
            .collect();
        own.shuffle(&mut welfare_data::rng::stream(
            seed,
            &format!("fall/day/{s}"),
        ));
        out.push(run_stream(model, &own, rate)?);
    }
    Ok(out)
}

fn pooled(streams: &[Stream], cutoff: f64) -> Count {
    let mut c = Count::default();
    for s in streams {
        c.add(count(s, cutoff));
    }
    c
}

/// The highest cut-off at which `streams` keep sensitivity ≥ `target`.
fn low_alarm_cutoff(streams: &[Stream], target: f64) -> f64 {
    let mut candidates: Vec<f64> = streams
        .iter()
        .flat_map(|s| s.alarms.iter().map(|a| a.1))
        .collect();
    candidates.sort_by(f64::total_cmp);
    candidates.dedup();
    // sensitivity falls as the cut-off rises: binary search for the last candidate that holds
    let (mut lo, mut hi) = (0usize, candidates.len());
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        if pooled(streams, candidates[mid]).sensitivity() >= target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    candidates.get(lo).copied().unwrap_or(0.5)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| {
        format!(
            "{}/../../../shared/datasets/fall/sisfall-dev",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let kind = match args.get(1).map(String::as_str).unwrap_or("boosting") {
        "forest" => DetectorKind::Forest,
        "boosting" => DetectorKind::Boosting,
        other => return Err(format!("unknown detector {other} (forest, boosting)").into()),
    };
    let folds: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(5);
    let target: f64 = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(0.97);
    let seed = 2026;
    let start = Instant::now();
    let raw: Vec<Trial> = read_inputs(&[dir.into()], SignalFormat::Csv)?
        .into_iter()
        .flat_map(|r| r.trials)
        .collect();
    let options = TrainOptions {
        kind,
        ..TrainOptions::default()
    };
    let rate = options.window.rate_hz;
    let trials: Vec<Trial> = raw
        .iter()
        .map(|t| resample(t, rate))
        .collect::<Result<_, _>>()?;
    let prepared = prepare_all(&trials, &options.window)?;
    let subjects: Vec<String> = prepared.iter().map(|t| t.subject.clone()).collect();
    let outer = subject_folds(&subjects, folds, seed);
    println!(
        "{} trials of {} subjects read and resampled in {:.1} s; detector {}, {} folds, target {target}",
        trials.len(),
        outer.iter().map(Vec::len).sum::<usize>(),
        start.elapsed().as_secs_f64(),
        kind.name(),
        outer.len()
    );
    let (mut own, mut low) = (Count::default(), Count::default());
    let mut held_out_all = Vec::new();
    for fold in &outer {
        let train_idx: Vec<usize> = (0..trials.len())
            .filter(|&i| !fold.contains(&prepared[i].subject))
            .collect();
        let train: Vec<_> = train_idx.iter().map(|&i| prepared[i].clone()).collect();
        let model = fall_detection::train_prepared(&train, &options)?;
        // inner: the training subjects' streams, each scored by a model that did not see them
        let train_subjects: Vec<String> = train.iter().map(|t| t.subject.clone()).collect();
        let mut inner_streams = Vec::new();
        for inner in subject_folds(&train_subjects, 4, seed) {
            let fit: Vec<_> = train
                .iter()
                .filter(|t| !inner.contains(&t.subject))
                .cloned()
                .collect();
            let m = fall_detection::train_prepared(&fit, &options)?;
            inner_streams.extend(streams(&m, &trials, &inner, rate, seed)?);
        }
        let low_cutoff = low_alarm_cutoff(&inner_streams, target);
        let held_out = streams(&model, &trials, fold, rate, seed)?;
        let a = pooled(&held_out, model.cutoff);
        let b = pooled(&held_out, low_cutoff);
        println!(
            "  fold {:?}: own cut-off {:.3} → sens {:.3}, {:.2} FA/h; low-alarm {:.3} → sens {:.3}, {:.2} FA/h",
            fold,
            model.cutoff,
            a.sensitivity(),
            a.per_hour(),
            low_cutoff,
            b.sensitivity(),
            b.per_hour()
        );
        own.add(a);
        low.add(b);
        held_out_all.extend(held_out);
    }
    let hours = own.hours;
    println!(
        "held-out streams: {:.1} h outside falls, {} falls",
        hours, own.falls
    );
    for (name, c) in [("own cut-off (best F1)", own), ("low-alarm cut-off", low)] {
        println!(
            "{name}: sensitivity {:.1} % ({}/{}), {} false alarms = {:.2} per hour",
            100.0 * c.sensitivity(),
            c.detected,
            c.falls,
            c.false_alarms,
            c.per_hour()
        );
    }
    // the curve of the pooled held-out streams (read off the test data: context, not a result)
    println!("curve on the held-out streams (one cut-off for all folds; not a tuned result):");
    for c in [0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99] {
        let k = pooled(&held_out_all, c);
        println!(
            "  cut-off {c:.2}: sensitivity {:.1} %, {:.2} false alarms per hour",
            100.0 * k.sensitivity(),
            k.per_hour()
        );
    }
    println!("{:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}
