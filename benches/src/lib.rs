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

/// Samples in a day of 50 Hz signal.
pub const DAY_50HZ: usize = 24 * 3600 * 50;

/// A day of 50 Hz waist-sensor signal made of synthetic trials back to back (daily activities
/// with about one fall per hour), with gyroscope.
pub fn day_of_signal() -> (Vec<[f64; 3]>, Vec<[f64; 3]>) {
    use fall_detection::generate::{Activity, SyntheticSpec, trial};
    let spec = SyntheticSpec {
        seed: SEED,
        ..SyntheticSpec::default()
    };
    let mut acc = Vec::with_capacity(DAY_50HZ);
    let mut gyro = Vec::with_capacity(DAY_50HZ);
    let mut k = 0u32;
    while acc.len() < DAY_50HZ {
        // 299 daily activities, then one fall (12 s trials: one fall per hour)
        let activity = if k % 300 == 299 {
            Activity::ALL[5 + (k as usize / 300) % 3]
        } else {
            Activity::ALL[k as usize % 5]
        };
        let t = trial(activity, &format!("SA{:02}", k % 20 + 1), k, &spec).expect("valid spec");
        acc.extend_from_slice(&t.acc_g);
        gyro.extend_from_slice(t.gyro_dps.as_deref().expect("gyro generated"));
        k += 1;
    }
    acc.truncate(DAY_50HZ);
    gyro.truncate(DAY_50HZ);
    (acc, gyro)
}

/// At least `min_bytes` of varied German text for the Leichte Sprache checker: the 700
/// TextComplexityDE sentences as paragraphs per article (Wikipedia prose and two Leichte Sprache
/// sites) and the 3,386 StaGE sentences one per line per topic (Hurraki, Leichte Sprache), from
/// `datasets/easy-language/`; the whole is repeated with the paragraphs in a different (seeded)
/// order until it is long enough. About 57 % of the words come from the Wikipedia prose.
pub fn german_text_corpus(min_bytes: usize) -> Result<String, welfare_data::DataError> {
    use rand::seq::SliceRandom;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/easy-language");
    let ratings = welfare_data::Table::read(dir.join("textcomplexityde_ratings.csv"))?;
    let stage = welfare_data::Table::read(dir.join("stage_statements.csv"))?;
    let mut paragraphs: Vec<String> = Vec::new();
    let group = |keys: Vec<String>, texts: Vec<String>, sep: &str, out: &mut Vec<String>| {
        let mut current = String::new();
        let mut last: Option<String> = None;
        for (k, t) in keys.into_iter().zip(texts) {
            if last.as_ref().is_some_and(|l| *l != k) && !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !current.is_empty() {
                current.push_str(sep);
            }
            current.push_str(&t.replace("\\newline", "\n"));
            last = Some(k);
        }
        if !current.is_empty() {
            out.push(current);
        }
    };
    group(
        ratings.strings("article")?,
        ratings.strings("sentence")?,
        " ",
        &mut paragraphs,
    );
    group(
        stage.strings("topic")?,
        stage.strings("sentence")?,
        "\n",
        &mut paragraphs,
    );
    let mut rng = welfare_data::rng::stream(SEED, "german-text-corpus");
    let mut text = String::new();
    while text.len() < min_bytes {
        paragraphs.shuffle(&mut rng);
        for p in &paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
    }
    Ok(text)
}
