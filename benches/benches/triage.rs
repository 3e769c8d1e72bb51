//! Debt-counselling triage: generate 100k cases, train on a year of cases (20k), score 1M cases.
//!
//! `cargo bench -p benches --bench triage`

use std::hint::black_box;

use benches::SEED;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use debt_triage::generate::{GeneratorSpec, generate};
use debt_triage::model::{ModelKind, TrainOptions, train};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("triage");
    g.sample_size(10);
    g.throughput(Throughput::Elements(100_000));
    g.bench_function("generate_100k", |b| {
        b.iter(|| {
            black_box(
                generate(&GeneratorSpec::new(100_000, SEED))
                    .expect("valid")
                    .cases
                    .cases
                    .len(),
            )
        })
    });
    let year = generate(&GeneratorSpec::new(20_000, SEED)).expect("valid");
    g.throughput(Throughput::Elements(20_000));
    for kind in [ModelKind::Logistic, ModelKind::Tree] {
        g.bench_function(format!("train_{kind:?}_20k").to_lowercase(), |b| {
            b.iter(|| {
                black_box(
                    train(
                        &year.cases,
                        &TrainOptions {
                            kind,
                            ..TrainOptions::default()
                        },
                    )
                    .expect("trains")
                    .training_cases,
                )
            })
        });
    }
    let million = generate(&GeneratorSpec::new(1_000_000, SEED + 1)).expect("valid");
    g.throughput(Throughput::Elements(1_000_000));
    for kind in [ModelKind::Logistic, ModelKind::Tree, ModelKind::Forest] {
        let model = train(
            &year.cases,
            &TrainOptions {
                kind,
                ..TrainOptions::default()
            },
        )
        .expect("trains");
        g.bench_function(format!("score_1m_{kind:?}").to_lowercase(), |b| {
            b.iter(|| black_box(model.score(&million.cases.cases).len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
