//! Readability formulas for German, per sentence and per text.
//!
//! - Flesch Reading Ease, German (Amstad 1978): 180 − ASL − 58.5 · ASW
//! - Wiener Sachtextformel 1–4 (Bamberger & Vanecek 1984), with MS = % words of ≥ 3 syllables,
//!   SL = mean sentence length in words, IW = % words longer than 6 letters, ES = % words of
//!   one syllable:
//!   1: 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875;
//!   2: 0.2007·MS + 0.1682·SL + 0.1373·IW − 2.779;
//!   3: 0.2963·MS + 0.1905·SL − 1.1144;
//!   4: 0.2744·MS + 0.2656·SL − 1.693
//! - LIX = ASL + 100 · (words > 6 letters) / words; RIX = (words > 6 letters) / sentences.
//!
//! Unlike textstat, hyphens and Mediopunkte join word parts instead of being dropped (a
//! compound written `Lese-Schwierigkeit` is one word with the syllables of both parts), and
//! fragments of ≤ 2 words are kept as sentences (headings and list items are part of the text).

use serde::Serialize;

use crate::text::{Sentence, sentences};

pub use crate::analysis::Counts;

/// The formulas (`None` for a text without words).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
    /// Flesch Reading Ease, German (Amstad): 0–100, higher = easier.
    pub flesch_reading_ease: Option<f64>,
    /// Wiener Sachtextformel 1 (a school grade, 4–15).
    pub wiener_sachtextformel_1: Option<f64>,
    /// Wiener Sachtextformel 2.
    pub wiener_sachtextformel_2: Option<f64>,
    /// Wiener Sachtextformel 3.
    pub wiener_sachtextformel_3: Option<f64>,
    /// Wiener Sachtextformel 4.
    pub wiener_sachtextformel_4: Option<f64>,
    /// LIX (Läsbarhetsindex).
    pub lix: Option<f64>,
    /// RIX.
    pub rix: Option<f64>,
}

impl Scores {
    /// The formulas of the counts (`None` for a text without words).
    pub fn from_counts(c: &Counts) -> Scores {
        let defined = c.words > 0 && c.sentences > 0;
        let w = c.words as f64;
        let asl = w / c.sentences.max(1) as f64;
        let asw = c.syllables as f64 / w.max(1.0);
        let ms = 100.0 * c.polysyllables as f64 / w.max(1.0);
        let iw = 100.0 * c.long_words as f64 / w.max(1.0);
        let es = 100.0 * c.monosyllables as f64 / w.max(1.0);
        let f = |v: f64| defined.then_some(v);
        Scores {
            words: c.words,
            sentences: c.sentences,
            syllables: c.syllables,
            flesch_reading_ease: f(180.0 - asl - 58.5 * asw),
            wiener_sachtextformel_1: f(0.1935 * ms + 0.1672 * asl + 0.1297 * iw
                - 0.0327 * es
                - 0.875),
            wiener_sachtextformel_2: f(0.2007 * ms + 0.1682 * asl + 0.1373 * iw - 2.779),
            wiener_sachtextformel_3: f(0.2963 * ms + 0.1905 * asl - 1.1144),
            wiener_sachtextformel_4: f(0.2744 * ms + 0.2656 * asl - 1.693),
            lix: f(asl + iw),
            rix: f(c.long_words as f64 / c.sentences.max(1) as f64),
        }
    }
}

/// Scores of a whole text and of each sentence.
pub fn score(input: &str) -> (Scores, Vec<(Sentence, Scores)>) {
    let mut total = Counts::default();
    let per: Vec<(Sentence, Scores)> = sentences(input)
        .into_iter()
        .map(|s| {
            let c = Counts::of_sentence(input, &s);
            total.add(&c);
            (s, Scores::from_counts(&c))
        })
        .collect();
    (Scores::from_counts(&total), per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_formulas() {
        // 2 sentences, 8 words; syllables: Das(1) ist(1) ein(1) Haus(1) / Die(1)
        // Schuldnerberatung(5) hilft(1) Ihnen(2) = 13; ≥3 syllables: 1; 1 syllable: 6;
        // > 6 letters: Schuldnerberatung = 1
        let t = "Das ist ein Haus. Die Schuldnerberatung hilft Ihnen.";
        let (s, per) = score(t);
        assert_eq!((s.words, s.sentences, s.syllables), (8, 2, 13));
        assert_eq!(per.len(), 2);
        let asl = 4.0;
        let asw = 13.0 / 8.0;
        let close = |a: Option<f64>, b: f64| assert!((a.unwrap() - b).abs() < 1e-9, "{a:?} vs {b}");
        close(s.flesch_reading_ease, 180.0 - asl - 58.5 * asw);
        let (ms, iw, es) = (12.5, 12.5, 75.0);
        close(
            s.wiener_sachtextformel_1,
            0.1935 * ms + 0.1672 * asl + 0.1297 * iw - 0.0327 * es - 0.875,
        );
        close(
            s.wiener_sachtextformel_2,
            0.2007 * ms + 0.1682 * asl + 0.1373 * iw - 2.779,
        );
        close(
            s.wiener_sachtextformel_3,
            0.2963 * ms + 0.1905 * asl - 1.1144,
        );
        close(
            s.wiener_sachtextformel_4,
            0.2744 * ms + 0.2656 * asl - 1.693,
        );
        close(s.lix, 4.0 + 12.5);
        close(s.rix, 0.5);
        // the first sentence alone: 4 words of one syllable
        close(per[0].1.flesch_reading_ease, 180.0 - 4.0 - 58.5);
    }

    #[test]
    fn empty_text_has_no_scores() {
        let (s, per) = score("");
        assert!(per.is_empty());
        assert_eq!(s.words, 0);
        assert!(s.flesch_reading_ease.is_none() && s.lix.is_none());
    }
}
