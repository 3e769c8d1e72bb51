//! Device robustness on the SisFall development subjects (not shipped: research use only;
//! cite Sucerquia et al., Sensors 17(1):198, 2017). Subject-wise folds: each model is trained
//! on the other folds' subjects in the lab condition (50 Hz, ±16 g) — its cut-off chosen by
//! `train`'s own subject-grouped folds inside the training subjects — and read on the held-out
//! subjects as simulated devices would record them. Prints the table in docs/benchmarks.md.
//!
//! `cargo run -p fall-detection --example sisfall_devices [-- DIR [FOLDS [DUMP]]]`
//! (default DIR `../shared/datasets/fall/sisfall-dev`, 3 folds; the dev profile builds the
//! detector optimised, see the root Cargo.toml). With DUMP (a folder), also writes the
//! accelerometer model's inputs for `benches/peers/falls_devices_sklearn.py`: `trials.csv`
//! (trial, condition, subject, fall, duration_s, fold, day) and `events.csv` (trial, condition,
//! then the accelerometer features of each impact event) — the lab trials of every subject
//! (training) and, per fold, the held-out subjects' trials and days under every condition.

use std::time::Instant;

use fall_detection::device::{DeviceCondition, simulate};
use fall_detection::evaluate::evaluate;
use fall_detection::features::WindowSpec;
use fall_detection::io::{SignalFormat, read_inputs};
use fall_detection::train::subject_folds;
use fall_detection::{DetectorKind, Sensors, TrainOptions, prepare, prepare_all, train_prepared};
use welfare_data::signals::Trial;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| {
        format!(
            "{}/../../../shared/datasets/fall/sisfall-dev",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let folds: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(3);
    let mut dump = args
        .get(2)
        .map(|d| Dump::create(std::path::Path::new(d)))
        .transpose()?;
    let start = Instant::now();
    let trials: Vec<_> = read_inputs(&[dir.into()], SignalFormat::Csv)?
        .into_iter()
        .flat_map(|r| r.trials)
        .collect();
    eprintln!(
        "{} trials read in {:.1} s",
        trials.len(),
        start.elapsed().as_secs_f64()
    );
    let subjects: Vec<String> = trials
        .iter()
        .map(|t| t.subject.clone().unwrap_or_default())
        .collect();
    let groups = subject_folds(&subjects, folds, 2026);

    let lab = DeviceCondition {
        rate_hz: 50.0,
        range_g: None,
        drop_rate: 0.0,
        jitter: 0.0,
        gyro: true,
    };
    let conditions: [(&str, DeviceCondition); 5] = [
        ("lab: 50 Hz, ±16 g, gyroscope", lab),
        (
            "50 Hz, ±8 g, 5 % lost, jitter",
            DeviceCondition {
                rate_hz: 50.0,
                range_g: Some(8.0),
                drop_rate: 0.05,
                jitter: 0.2,
                gyro: false,
            },
        ),
        (
            "25 Hz, ±4 g, 5 % lost, jitter",
            DeviceCondition {
                rate_hz: 25.0,
                range_g: Some(4.0),
                drop_rate: 0.05,
                jitter: 0.2,
                gyro: false,
            },
        ),
        (
            "20 Hz, ±8 g, 5 % lost, jitter",
            DeviceCondition {
                rate_hz: 20.0,
                range_g: Some(8.0),
                drop_rate: 0.05,
                jitter: 0.2,
                gyro: false,
            },
        ),
        (
            "25 Hz, ±2 g, 5 % lost, jitter",
            DeviceCondition {
                rate_hz: 25.0,
                range_g: Some(2.0),
                drop_rate: 0.05,
                jitter: 0.2,
                gyro: false,
            },
        ),
    ];
    // (name, sensors, range, also train on copies as low-rate devices record them, choose the
    // boosting settings in inner subject folds)
    let variants: [(&str, Sensors, Option<f64>, bool, bool); 5] = [
        (
            "boosting, accel+gyro (the old default)",
            Sensors::AccelGyro,
            None,
            false,
            false,
        ),
        (
            "boosting, accel (the new default)",
            Sensors::Accel,
            None,
            false,
            false,
        ),
        (
            "boosting, accel, --range-g 2",
            Sensors::Accel,
            Some(2.0),
            false,
            false,
        ),
        (
            "boosting, accel, --range-g 2, + 20/25-Hz training copies",
            Sensors::Accel,
            Some(2.0),
            true,
            false,
        ),
        (
            "the same, nested: leaves and learning rate chosen in inner folds",
            Sensors::Accel,
            Some(2.0),
            true,
            true,
        ),
    ];
    let cname_of = |c: usize| conditions[c].0;
    // the nested variant's grid (each judged by trial-level F1 of a 3-fold subject-grouped
    // cross-validation on the outer training subjects only)
    let grid: Vec<(usize, f64)> = vec![(7, 0.05), (7, 0.1), (31, 0.05), (31, 0.1)];
    println!(
        "| model | device (held-out subjects) | sensitivity | specificity | false alarms / h of ADL trials | continuous wear: false alarms / h [95 % CI] |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, sensors, range_g, augment, nested) in variants {
        let window = WindowSpec {
            range_g,
            ..WindowSpec::default()
        };
        let options = TrainOptions {
            kind: DetectorKind::Boosting,
            sensors,
            window,
            ..TrainOptions::default()
        };
        let mut prepared = prepare_all(&trials, &window)?;
        // the peers read what the accelerometer model reads
        let dumping = sensors == Sensors::Accel && range_g.is_none() && !augment;
        if let (true, Some(d)) = (dumping, dump.as_mut()) {
            for t in &prepared {
                let fold = groups.iter().position(|g| g.contains(&t.subject));
                d.trial(t, "train-lab", fold, false)?;
            }
        }
        if augment {
            // what `TrainOptions::device_copies` does, once for all folds
            for (k, device) in fall_detection::device::TRAINING_COPIES.iter().enumerate() {
                for t in &trials {
                    let seed = fall_detection::train::DEVICE_COPY_SEED + k as u64;
                    prepared.push(prepare(&simulate(t, device, seed)?, &window)?);
                }
            }
        }
        // per condition: (falls found, falls, ADLs with an alarm, ADLs, alarms on ADLs, ADL
        // hours, alarms in continuous wear, its hours)
        let mut sums = vec![[0.0f64; 8]; conditions.len()];
        let mut refused = vec![false; conditions.len()];
        let t_start = Instant::now();
        for (f, group) in groups.iter().enumerate() {
            let train: Vec<_> = prepared
                .iter()
                .filter(|t| !group.contains(&t.subject))
                .cloned()
                .collect();
            let options = if nested {
                let mut best: Option<(f64, TrainOptions)> = None;
                for &(leaves, rate) in &grid {
                    let mut o = options;
                    o.boosting.max_leaves = leaves;
                    o.boosting.learning_rate = rate;
                    let cv = fall_detection::evaluate::cross_validate(&train, &o, 3, 7 + f as u64)?;
                    let f1 = cv.evaluation.overall.f1.unwrap_or(0.0);
                    if best.as_ref().is_none_or(|b| f1 > b.0) {
                        best = Some((f1, o));
                    }
                }
                let (f1, o) = best.expect("a grid");
                eprintln!(
                    "fold {f}: leaves {}, learning rate {} (inner F1 {f1:.4})",
                    o.boosting.max_leaves, o.boosting.learning_rate
                );
                o
            } else {
                options
            };
            let model = train_prepared(&train, &options)?;
            for (c, (_, device)) in conditions.iter().enumerate() {
                let mut test = Vec::new();
                for t in trials
                    .iter()
                    .filter(|t| group.iter().any(|g| Some(g) == t.subject.as_ref()))
                {
                    let worn = simulate(t, device, 100 + f as u64)?;
                    let p = prepare(&worn, &model.window)?;
                    if model.accepts(&p, "simulated").is_err() {
                        refused[c] = true;
                        break;
                    }
                    if let (true, Some(d)) = (dumping, dump.as_mut()) {
                        d.trial(&p, cname_of(c), Some(f), false)?;
                    }
                    test.push(p);
                }
                if refused[c] {
                    continue;
                }
                let e = evaluate(&model, &test, "simulated")?;
                let m = &e.overall;
                let s = &mut sums[c];
                s[0] += m.sensitivity.unwrap_or(0.0) * m.falls as f64;
                s[1] += m.falls as f64;
                s[2] += (1.0 - m.specificity.unwrap_or(1.0)) * m.adls as f64;
                s[3] += m.adls as f64;
                let hours: f64 = test
                    .iter()
                    .filter(|t| t.label == Some(false))
                    .map(|t| t.duration_s)
                    .sum::<f64>()
                    / 3600.0;
                s[4] += m.false_alarms_per_hour.unwrap_or(0.0) * hours;
                s[5] += hours;
                // continuous wear: each held-out subject's daily activities back to back (no
                // quiet padding), as the device records them, read as one recording
                for subject in group {
                    let adls: Vec<Trial> = trials
                        .iter()
                        .filter(|t| t.subject.as_ref() == Some(subject) && t.label == Some(false))
                        .map(|t| simulate(t, device, 100 + f as u64))
                        .collect::<Result<_, _>>()?;
                    if adls.is_empty() {
                        continue;
                    }
                    let day = back_to_back(&adls);
                    let mut p = prepare(&day, &model.window)?;
                    p.key = format!("DAY/{subject}");
                    if let (true, Some(d)) = (dumping, dump.as_mut()) {
                        d.trial(&p, cname_of(c), Some(f), true)?;
                    }
                    s[6] += model.detect(&p).1.len() as f64;
                    s[7] += p.duration_s / 3600.0;
                }
            }
        }
        eprintln!("{name}: {:.1} s", t_start.elapsed().as_secs_f64());
        for (c, (cname, _)) in conditions.iter().enumerate() {
            if refused[c] {
                println!("| {name} | {cname} | refused: no gyroscope | | | |");
                continue;
            }
            let s = sums[c];
            let (lo, hi) = poisson_interval(s[6] as u64);
            println!(
                "| {name} | {cname} | {:.1} % ({}/{}) | {:.1} % | {:.2} | {:.2} [{:.2}, {:.2}] ({} alarms in {:.1} h) |",
                100.0 * s[0] / s[1],
                s[0].round(),
                s[1],
                100.0 * (1.0 - s[2] / s[3]),
                s[4] / s[5],
                s[6] / s[7],
                lo / s[7],
                hi / s[7],
                s[6],
                s[7]
            );
        }
    }
    Ok(())
}

/// The trials one after another on one clock (each starts one step after the previous ends).
fn back_to_back(trials: &[Trial]) -> Trial {
    let mut day = Trial {
        trial: None,
        activity_code: Some("ADL day".into()),
        t_s: Vec::new(),
        acc_g: Vec::new(),
        gyro_dps: trials.iter().all(|t| t.gyro_dps.is_some()).then(Vec::new),
        ..trials[0].clone()
    };
    let mut offset = 0.0;
    for t in trials {
        let step = 1.0 / t.sample_rate_hz();
        let start = t.t_s[0];
        day.t_s.extend(t.t_s.iter().map(|x| offset + x - start));
        day.acc_g.extend_from_slice(&t.acc_g);
        if let (Some(d), Some(g)) = (day.gyro_dps.as_mut(), t.gyro_dps.as_ref()) {
            d.extend_from_slice(g);
        }
        offset = day.t_s.last().copied().unwrap_or(0.0) + step;
    }
    day
}

/// Exact (Garwood) 95 % interval of a Poisson count `k`, by bisection on the Poisson CDF.
fn poisson_interval(k: u64) -> (f64, f64) {
    let cdf = |k: u64, mu: f64| -> f64 {
        // P(X <= k), summed in log space
        let mut term = (-mu).exp();
        let mut sum = term;
        for i in 1..=k {
            term *= mu / i as f64;
            sum += term;
        }
        sum
    };
    let solve = |f: &dyn Fn(f64) -> f64| {
        let (mut a, mut b) = (0.0, 10.0 + 10.0 * k as f64);
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if f(m) > 0.0 { a = m } else { b = m }
        }
        0.5 * (a + b)
    };
    let lower = if k == 0 {
        0.0
    } else {
        solve(&|mu| cdf(k - 1, mu) - 0.975)
    };
    let upper = solve(&|mu| cdf(k, mu) - 0.025);
    (lower, upper)
}

/// The peers' input files (see the module documentation).
struct Dump {
    trials: std::io::BufWriter<std::fs::File>,
    events: std::io::BufWriter<std::fs::File>,
}

impl Dump {
    fn create(dir: &std::path::Path) -> std::io::Result<Dump> {
        use std::io::Write;
        std::fs::create_dir_all(dir)?;
        let mut trials = std::io::BufWriter::new(std::fs::File::create(dir.join("trials.csv"))?);
        writeln!(trials, "trial,condition,subject,fall,duration_s,fold,day")?;
        let mut events = std::io::BufWriter::new(std::fs::File::create(dir.join("events.csv"))?);
        let width = fall_detection::features::N_FEATURES - fall_detection::features::GYRO_FEATURES;
        writeln!(
            events,
            "trial,condition,{}",
            fall_detection::features::FEATURE_NAMES[..width].join(",")
        )?;
        Ok(Dump { trials, events })
    }

    fn trial(
        &mut self,
        t: &fall_detection::PreparedTrial,
        condition: &str,
        fold: Option<usize>,
        day: bool,
    ) -> std::io::Result<()> {
        use std::io::Write;
        let Some(label) = t.label else { return Ok(()) };
        let condition = condition.replace(',', ";");
        writeln!(
            self.trials,
            "{},{condition},{},{},{},{},{}",
            t.key,
            t.subject,
            u8::from(label),
            t.duration_s,
            fold.map_or(-1, |f| f as i64),
            u8::from(day)
        )?;
        let width = fall_detection::features::N_FEATURES - fall_detection::features::GYRO_FEATURES;
        for e in &t.events {
            let values: Vec<String> = e.features[..width].iter().map(|v| v.to_string()).collect();
            writeln!(self.events, "{},{condition},{}", t.key, values.join(","))?;
        }
        Ok(())
    }
}
