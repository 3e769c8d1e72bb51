//! How the boosting's defaults were chosen: a small grid, trained on one generated year (seed
//! 7001) and scored on another (seed 7002) — seeds used nowhere else, so the reported figures
//! (docs/benchmarks.md: train 101, test 303) are not tuned on.
//!
//! `cargo run --release -p debt-triage --example tune_boosting [-- CASES]`

use debt_triage::evaluate::evaluate;
use debt_triage::generate::{GeneratorSpec, generate};
use debt_triage::model::{ModelKind, Target, TrainOptions, train};
use welfare_ensemble::BoostingParams;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(20_000);
    let fit = generate(&GeneratorSpec::new(n, 7001))?;
    let validation = generate(&GeneratorSpec::new(n, 7002))?;
    let d = BoostingParams::default();
    println!(
        "| learning rate | leaves | min leaf weight | l2 | subsample | rounds | refit, urgency | trees (urgency) | fit s | missed | pair error | Brier | ECE |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (learning_rate, max_leaves, min_leaf_weight, l2, subsample, rounds, refit, ordinal) in [
        (0.1, 31, 1.0, 1.0, 1.0, 10, false, true),
        (0.1, 31, 1.0, 1.0, 1.0, 10, true, true),
        (0.1, 31, 1.0, 1.0, 0.8, 10, true, true),
        (0.05, 31, 2.0, 1.0, 0.8, 20, true, true),
        (0.1, 15, 5.0, 1.0, 1.0, 10, true, true),
        (0.1, 31, 1.0, 1.0, 1.0, 10, false, false),
        (0.1, 31, 20.0, 0.0, 1.0, 10, false, true),
    ] {
        let boosting = BoostingParams {
            learning_rate,
            max_leaves,
            min_leaf_weight,
            l2,
            subsample,
            early_stopping_rounds: rounds,
            ..d
        };
        let start = std::time::Instant::now();
        let model = train(
            &fit.cases,
            &TrainOptions {
                kind: ModelKind::Boosting,
                target: Target::UrgencyTrue,
                boosting,
                boosting_refit: refit,
                ordinal_urgency: ordinal,
                ..TrainOptions::default()
            },
        )?;
        let seconds = start.elapsed().as_secs_f64();
        let trees: Vec<usize> = match &model.urgency.classifier {
            debt_triage::model::Classifier::Boosted { boosters } => {
                boosters.boosters.iter().map(|b| b.trees.len()).collect()
            }
            _ => Vec::new(),
        };
        let e = evaluate(&model, &validation.cases, 7)?;
        println!(
            "| {learning_rate} | {max_leaves} | {min_leaf_weight} | {l2} | {subsample} | {rounds} | {refit}, ordinal {ordinal} | {trees:?} | {seconds:.1} | {} | {:.4} | {:.4} | {:.4} |",
            e.missed_emergencies, e.rankings.model.u3_below_u2_pairs, e.brier, e.ece
        );
    }
    Ok(())
}
