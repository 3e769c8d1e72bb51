//! Word frequencies: the Zipf value of the 100,000 most frequent German words (wordfreq,
//! embedded).

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

const WORDFREQ: &str = include_str!("../data/wordfreq-de.tsv");

/// Zipf frequency of a lower-case word (`None`: not among the 100,000 most frequent words).
/// The list spells ß as ss (wordfreq folds it): *Grüße* is looked up as *grüsse*.
pub fn zipf(lower: &str) -> Option<f32> {
    if lower.contains('ß') {
        return zipf_folded(&lower.replace('ß', "ss"));
    }
    zipf_folded(lower)
}

fn zipf_folded(lower: &str) -> Option<f32> {
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

/// Zipf frequency of a word or, if higher, of a base form its ending suggests: inflected forms
/// of common words are common (*bellt* → *bellen*, *Grüßen* → *Grüße*, *Kindern* → *Kinder*),
/// and so is the female form of a common noun (*Betreuerin*, *Ärztinnen* → *Betreuer*, *Ärzte*).
/// Only for deciding whether a word is rare; the readability features use [`zipf`].
pub fn zipf_of_lemma(lower: &str) -> Option<f32> {
    let mut best = zipf(lower);
    let mut consider = |candidate: &str| {
        if candidate.chars().count() >= 3
            && let Some(z) = zipf(candidate)
        {
            best = Some(best.map_or(z, |b| b.max(z)));
        }
    };
    // verb endings: -t, -st, -et, -est, -te, -ten, -tet → -en; noun and adjective endings
    for (ending, base) in [
        ("est", "en"),
        ("et", "en"),
        ("st", "en"),
        ("t", "en"),
        ("ten", "en"),
        ("te", "en"),
        ("en", ""),
        ("n", ""),
        ("es", ""),
        ("s", ""),
        ("e", ""),
        ("er", ""),
        ("em", ""),
        ("ern", ""),
    ] {
        if let Some(stem) = lower.strip_suffix(ending) {
            consider(&format!("{stem}{base}"));
            if !base.is_empty() {
                // a stem ending in a vowel or -el/-er takes -n (wandert → wandern)
                consider(&format!("{stem}n"));
            }
        }
    }
    // female forms: -in, -innen (Betreuerin → Betreuer, Ärztin → Arzt/Ärzte)
    for ending in ["innen", "in"] {
        if let Some(stem) = lower.strip_suffix(ending)
            && stem.chars().count() >= 3
        {
            consider(stem);
            consider(&format!("{stem}e"));
            if stem.contains(['ä', 'ö', 'ü']) {
                let plain = stem.replace('ä', "a").replace('ö', "o").replace('ü', "u");
                consider(&plain);
            }
        }
    }
    best
}
