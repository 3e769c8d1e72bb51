//! The figures of docs/debt-triage.md: train on one generated year, evaluate on another
//! (different seed), for each model and each training label.
//!
//! `cargo run --release -p debt-triage --example held_out [-- TRAIN_CASES TEST_CASES [KINDS]]`
//! (KINDS: comma-separated `logistic,tree,forest`, default all)

use debt_triage::evaluate::evaluate;
use debt_triage::generate::{GeneratorSpec, generate};
use debt_triage::model::{ModelKind, Target, TrainOptions, train};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<usize> = raw
        .iter()
        .take(2)
        .map(|a| a.parse())
        .collect::<Result<_, _>>()?;
    let kinds = raw.get(2).map_or("logistic,tree,forest", String::as_str);
    let n_train = args.first().copied().unwrap_or(20_000);
    let n_test = args.get(1).copied().unwrap_or(20_000);
    let train_set = generate(&GeneratorSpec::new(n_train, 2024))?;
    let test_set = generate(&GeneratorSpec::new(n_test, 2025))?;
    for kind in [ModelKind::Logistic, ModelKind::Tree, ModelKind::Forest] {
        if !kinds.split(',').any(|k| k == kind.name()) {
            continue;
        }
        for target in [Target::UrgencyTrue, Target::UrgencyRecorded] {
            let start = std::time::Instant::now();
            let model = train(
                &train_set.cases,
                &TrainOptions {
                    kind,
                    target,
                    ..TrainOptions::default()
                },
            )?;
            let trained = start.elapsed().as_secs_f64();
            let e = evaluate(&model, &test_set.cases, 7)?;
            println!("=== {kind:?} trained on {target:?} ({trained:.1} s)");
            println!("{}", serde_json::to_string_pretty(&e)?);
        }
    }
    Ok(())
}
