//! Fall detection over a day of 50 Hz waist-sensor data (4.32 M samples): features alone,
//! features + forest, the streaming detector, and forest training.
//!
//! `cargo bench -p benches --bench falls`

use std::hint::black_box;

use benches::{DAY_50HZ, SEED, day_of_signal};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fall_detection::StreamingDetector;
use fall_detection::features::{WindowSpec, events};
use fall_detection::forest::ForestParams;
use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::{DetectorKind, TrainOptions, prepare_all, train, train_prepared};

fn bench(c: &mut Criterion) {
    let (acc, gyro) = day_of_signal();
    let spec = WindowSpec::default();
    let training = recording(&SyntheticSpec {
        seed: SEED,
        adults: 10,
        older: 5,
        repetitions: 3,
        ..SyntheticSpec::default()
    })
    .expect("valid spec");
    let forest = train(&training.trials, &TrainOptions::default()).expect("trains");
    let threshold = train(
        &training.trials,
        &TrainOptions {
            kind: DetectorKind::Threshold,
            ..TrainOptions::default()
        },
    )
    .expect("trains");

    let mut g = c.benchmark_group("falls_day_50hz");
    g.sample_size(10);
    g.throughput(Throughput::Elements(DAY_50HZ as u64));
    let mut smv = Vec::with_capacity(DAY_50HZ);
    g.bench_function("features", |b| {
        b.iter(|| black_box(events(&spec, &acc, Some(&gyro), &mut smv).len()))
    });
    for (name, model) in [("threshold", &threshold), ("forest", &forest)] {
        g.bench_function(format!("features_and_{name}"), |b| {
            b.iter(|| {
                let ev = events(&spec, &acc, Some(&gyro), &mut smv);
                black_box(
                    ev.iter()
                        .filter(|e| model.score(&e.features) >= model.cutoff)
                        .count(),
                )
            })
        });
    }
    g.bench_function("stream_forest", |b| {
        b.iter(|| {
            let mut s = StreamingDetector::new(&forest);
            let mut alarms = 0usize;
            for k in 0..acc.len() {
                alarms += usize::from(
                    s.push(k as f64 / 50.0, acc[k], Some(gyro[k]))
                        .expect("valid")
                        .is_some(),
                );
            }
            alarms += s.finish().alarms.len();
            black_box(alarms)
        })
    });
    g.finish();

    let prepared = prepare_all(&training.trials, &spec).expect("valid");
    let mut g = c.benchmark_group("falls_training");
    g.sample_size(10);
    g.bench_function("forest_100_trees_with_cutoff_cv", |b| {
        b.iter(|| {
            black_box(
                train_prepared(&prepared, &TrainOptions::default())
                    .expect("trains")
                    .cutoff,
            )
        })
    });
    g.bench_function("forest_100_trees_only", |b| {
        let all: Vec<_> = prepared.iter().collect();
        let (x, y) =
            fall_detection::train::training_rows(&all, fall_detection::features::N_FEATURES);
        let params = ForestParams::default();
        b.iter(|| {
            black_box(
                fall_detection::forest::Forest::fit(&x, &y, &params)
                    .expect("fits")
                    .trees
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
