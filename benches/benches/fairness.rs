//! fairness-audit at the scale of the peers' timings: 1M decisions × 10 groups (fairlearn
//! MetricFrame ~100 s, AIF360 12.5 s on this size), 2 sensitive columns × 5 levels with their
//! intersection, and 1,000 bootstrap resamples.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fairness_audit::{AuditOptions, Bootstrap, Cells, Condition, audit};
use welfare_data::Categorical;
use welfare_data::synth::{PredictionSpec, predictions};

fn fairness(c: &mut Criterion) {
    let rows = benches::PREDICTION_ROWS;
    let ten_groups = {
        let mut p = predictions(&PredictionSpec::new(rows, benches::SEED));
        p.sensitive.retain(|s| s.name == "district"); // 10 levels
        p
    };
    let two_by_five = {
        let mut p = predictions(&PredictionSpec::new(rows, benches::SEED));
        let district = p
            .sensitive
            .iter()
            .find(|s| s.name == "district")
            .expect("district")
            .clone();
        let a: Vec<String> = district
            .codes
            .iter()
            .map(|&d| format!("a{}", d % 5))
            .collect();
        let b: Vec<String> = district
            .codes
            .iter()
            .enumerate()
            .map(|(i, &d)| format!("b{}", (d as usize + i) % 5))
            .collect();
        p.sensitive = vec![Categorical::encode("a", &a), Categorical::encode("b", &b)];
        p
    };
    let no_score = {
        let mut p = ten_groups.clone();
        p.y_score = None;
        p
    };

    let mut g = c.benchmark_group("fairness_audit_1M");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_function("count_core_10_groups", |b| {
        b.iter(|| Cells::count(&no_score).expect("counts"))
    });
    g.bench_function("audit_10_groups_no_score", |b| {
        b.iter(|| audit(&no_score, &AuditOptions::default()).expect("audit"))
    });
    g.bench_function("audit_10_groups_with_score_auc", |b| {
        b.iter(|| audit(&ten_groups, &AuditOptions::default()).expect("audit"))
    });
    let options = AuditOptions {
        privileged: Some(Condition::parse("a=a0,b=b0").expect("condition")),
        ..AuditOptions::default()
    };
    let mut two_no_score = two_by_five.clone();
    two_no_score.y_score = None;
    g.bench_function("audit_2x5_intersection_no_score", |b| {
        b.iter(|| audit(&two_no_score, &options).expect("audit"))
    });
    let with_bootstrap = AuditOptions {
        bootstrap: Some(Bootstrap::new(1000, benches::SEED)),
        ..options.clone()
    };
    g.bench_function("audit_2x5_bootstrap_1000", |b| {
        b.iter(|| audit(&two_no_score, &with_bootstrap).expect("audit"))
    });
    let score_bootstrap = AuditOptions {
        bootstrap: Some(Bootstrap::new(100, benches::SEED)),
        ..AuditOptions::default()
    };
    g.bench_function("audit_10_groups_with_score_bootstrap_100", |b| {
        b.iter(|| audit(&ten_groups, &score_bootstrap).expect("audit"))
    });
    g.finish();
}

criterion_group!(benches, fairness);
criterion_main!(benches);
