//! welfare-data: reading and validating a 1M-row prediction table (CSV and Parquet), the input
//! of a fairness audit at the scale where fairlearn takes ~100 s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use welfare_data::{PredictionColumns, Predictions};

fn loading(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let rows = benches::PREDICTION_ROWS;
    let (csv, parquet) = benches::write_prediction_fixtures(dir.path(), rows).expect("fixtures");
    let columns = PredictionColumns::new("y_true", "y_pred", &["sex", "age_group", "district"])
        .with_score("y_score");
    let mut group = c.benchmark_group("welfare_data_predictions_1M");
    group.sample_size(10);
    group.throughput(Throughput::Elements(rows as u64));
    group.bench_function("csv_read_validate", |b| {
        b.iter(|| Predictions::read(&csv, &columns).expect("valid"))
    });
    group.bench_function("parquet_read_validate", |b| {
        b.iter(|| Predictions::read(&parquet, &columns).expect("valid"))
    });
    group.finish();
}

criterion_group!(benches, loading);
criterion_main!(benches);
