//! Audit the shipped German Credit decisions by sex and age group, like fairlearn's
//! `MetricFrame` and AIF360's `ClassificationMetric`, and write the HTML report.
//!
//! `cargo run -p fairness-audit --example german_credit` (from the repository root)

use fairness_audit::{
    AuditOptions, Bootstrap, Condition, Method, Metric, MetricFrame, Undefined, audit, report,
};
use welfare_data::{PredictionColumns, Predictions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../datasets/fairness/german_credit/predictions.csv"
    );
    let columns =
        PredictionColumns::new("y_true", "y_pred", &["sex", "age_group"]).with_score("y_score");
    let data = Predictions::read(path, &columns)?;

    // MetricFrame: every metric by group and overall, differences and ratios.
    let frame = MetricFrame::new(&data, &["sex"], Undefined::Null)?;
    for g in 0..frame.len() {
        println!(
            "{:<12} n={:<4} selection rate {:.3}  TPR {:.3}  FPR {:.3}",
            frame.label(g),
            frame.stats[g].n(),
            frame.value(Metric::SelectionRate, g).unwrap_or(f64::NAN),
            frame.value(Metric::TruePositiveRate, g).unwrap_or(f64::NAN),
            frame
                .value(Metric::FalsePositiveRate, g)
                .unwrap_or(f64::NAN),
        );
    }
    println!(
        "demographic parity difference {:.6}, ratio {:.6}",
        frame
            .demographic_parity_difference(Method::BetweenGroups)
            .unwrap_or(f64::NAN),
        frame
            .demographic_parity_ratio(Method::BetweenGroups)
            .unwrap_or(f64::NAN)
    );

    // The whole audit: both columns and their intersection, AIF360 comparison, intervals.
    let options = AuditOptions {
        privileged: Some(Condition::parse("sex=male,age_group=>=25")?),
        bootstrap: Some(Bootstrap::new(1000, 42)),
        ..AuditOptions::default()
    };
    let report = audit(&data, &options)?;
    let out = std::env::temp_dir().join("german-credit-fairness.html");
    welfare_data::write_bytes_atomic(
        &out,
        report::html(&report, options.tau, None, welfare_report::Lang::En).as_bytes(),
    )?;
    println!("report: {}", out.display());
    Ok(())
}
