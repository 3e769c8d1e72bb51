//! Shared fixtures for the suite's criterion benchmarks (`cargo bench -p benches`).
//!
//! Benchmarks generate their inputs with a seed, so every machine measures the same data.

use std::path::{Path, PathBuf};

use welfare_data::synth::{PredictionSpec, predictions};

/// Rows in the "large" prediction table (fairlearn's peer timing was ~100 s for 1M rows).
pub const PREDICTION_ROWS: usize = 1_000_000;
/// The seed every benchmark fixture uses.
pub const SEED: u64 = 20_261_125;

/// Writes the 1M-row synthetic prediction table into `dir` as CSV and Parquet; returns both paths.
pub fn write_prediction_fixtures(
    dir: &Path,
    rows: usize,
) -> Result<(PathBuf, PathBuf), welfare_data::DataError> {
    let p = predictions(&PredictionSpec::new(rows, SEED));
    let csv = dir.join("predictions.csv");
    let parquet = dir.join("predictions.parquet");
    p.write(&csv)?;
    p.write(&parquet)?;
    Ok((csv, parquet))
}
