//! Subject-wise cross-validation on the SisFall development subjects (not shipped: research
//! use only). Prints the figures recorded in docs/benchmarks.md.
//!
//! `cargo run --release -p fall-detection --example sisfall_cv [-- DIR [FOLDS [TREES [DUMP]]]]`
//! (default DIR `../shared/datasets/fall/sisfall-dev`, 5 folds, 100 trees). With DUMP (a
//! folder), also writes `trials.csv` (trial, subject, fall, duration_s, fold) and `events.csv`
//! (trial, then the features of each impact event) for `benches/peers/falls_sklearn.py`, which
//! fits scikit-learn on the same events with the same folds.

use std::time::Instant;

use fall_detection::evaluate::cross_validate;
use fall_detection::forest::ForestParams;
use fall_detection::io::{SignalFormat, read_inputs};
use fall_detection::{CalibrationMode, DetectorKind, TrainOptions, prepare_all};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().cloned().unwrap_or_else(|| {
        format!(
            "{}/../../../shared/datasets/fall/sisfall-dev",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let folds: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(5);
    let trees: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(100);
    let dump = args.get(3).map(std::path::PathBuf::from);
    let start = Instant::now();
    let recordings = read_inputs(&[dir.into()], SignalFormat::Csv)?;
    let files = recordings.len();
    let trials: Vec<_> = recordings.into_iter().flat_map(|r| r.trials).collect();
    let samples: usize = trials.iter().map(|t| t.len()).sum();
    println!(
        "{files} files, {} trials, {samples} samples read in {:.1} s",
        trials.len(),
        start.elapsed().as_secs_f64()
    );
    let options = TrainOptions {
        forest: ForestParams {
            trees,
            ..ForestParams::default()
        },
        ..TrainOptions::default()
    };
    let start = Instant::now();
    let prepared = prepare_all(&trials, &options.window)?;
    let events: usize = prepared.iter().map(|t| t.events.len()).sum();
    println!(
        "features: {events} events in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    if let Some(dir) = &dump {
        use std::io::Write;
        std::fs::create_dir_all(dir)?;
        let subjects: Vec<String> = prepared.iter().map(|t| t.subject.clone()).collect();
        let groups = fall_detection::train::subject_folds(&subjects, folds, 2026);
        let fold_of = |s: &str| groups.iter().position(|g| g.iter().any(|x| x == s));
        let mut trials_csv =
            std::io::BufWriter::new(std::fs::File::create(dir.join("trials.csv"))?);
        writeln!(trials_csv, "trial,subject,fall,duration_s,fold")?;
        let mut events_csv =
            std::io::BufWriter::new(std::fs::File::create(dir.join("events.csv"))?);
        writeln!(
            events_csv,
            "trial,{}",
            fall_detection::features::FEATURE_NAMES.join(",")
        )?;
        for t in &prepared {
            let Some(label) = t.label else { continue };
            writeln!(
                trials_csv,
                "{},{},{},{},{}",
                t.key,
                t.subject,
                u8::from(label),
                t.duration_s,
                fold_of(&t.subject).expect("every subject has a fold")
            )?;
            for e in &t.events {
                let values: Vec<String> = e.features.iter().map(|v| v.to_string()).collect();
                writeln!(events_csv, "{},{}", t.key, values.join(","))?;
            }
        }
        println!("wrote {}/trials.csv and events.csv", dir.display());
    }
    // the learned detectors with and without calibration: the Brier score and ECE it changes,
    // the same alarms
    for (kind, calibration) in [
        (DetectorKind::Threshold, CalibrationMode::Auto),
        (DetectorKind::Forest, CalibrationMode::Auto),
        (DetectorKind::Forest, CalibrationMode::Off),
        (DetectorKind::Boosting, CalibrationMode::Auto),
        (DetectorKind::Boosting, CalibrationMode::Platt),
    ] {
        let start = Instant::now();
        let cv = cross_validate(
            &prepared,
            &TrainOptions {
                kind,
                calibration,
                ..options
            },
            folds,
            2026,
        )?;
        println!(
            "{}{}: {} ({:.1} s)\n  cut-offs {:?}",
            kind.name(),
            match calibration {
                CalibrationMode::Auto => "",
                CalibrationMode::Platt => " (Platt-calibrated)",
                CalibrationMode::Off => " (not calibrated)",
            },
            serde_json::to_string_pretty(&cv.evaluation)?,
            start.elapsed().as_secs_f64(),
            cv.cutoffs
        );
    }
    Ok(())
}
