//! Subject-wise cross-validation on the SisFall development subjects (not shipped: research
//! use only). Prints the figures recorded in docs/benchmarks.md.
//!
//! `cargo run --release -p fall-detection --example sisfall_cv [-- DIR [FOLDS [TREES]]]`
//! (default DIR `../shared/datasets/fall/sisfall-dev`, 5 folds, 100 trees).

use std::time::Instant;

use fall_detection::evaluate::cross_validate;
use fall_detection::forest::ForestParams;
use fall_detection::{DetectorKind, TrainOptions, prepare_all};
use welfare_data::signals::Recording;

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
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".csv.gz"))
        .collect();
    files.sort();
    let start = Instant::now();
    let mut trials = Vec::new();
    for f in &files {
        trials.extend(Recording::read(f)?.trials);
    }
    let samples: usize = trials.iter().map(|t| t.len()).sum();
    println!(
        "{} files, {} trials, {samples} samples read in {:.1} s",
        files.len(),
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
    for kind in [DetectorKind::Threshold, DetectorKind::Forest] {
        let start = Instant::now();
        let cv = cross_validate(&prepared, &TrainOptions { kind, ..options }, folds, 2026)?;
        println!(
            "{}: {} ({:.1} s)\n  cut-offs {:?}",
            kind.name(),
            serde_json::to_string_pretty(&cv.evaluation)?,
            start.elapsed().as_secs_f64(),
            cv.cutoffs
        );
    }
    Ok(())
}
