//! Word frequencies: the Zipf value of the 100,000 most frequent German words (wordfreq,
//! embedded).

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

const WORDFREQ: &str = include_str!("../data/wordfreq-de.tsv");

/// Zipf frequency of a lower-case word (`None`: not among the 100,000 most frequent words).
pub fn zipf(lower: &str) -> Option<f32> {
    static MAP: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    MAP.get_or_init(|| {
        WORDFREQ
            .lines()
            .filter_map(|l| {
                let (w, z) = l.split_once('\t')?;
                Some((w, z.parse().ok()?))
            })
            .collect()
    })
    .get(lower)
    .copied()
}
