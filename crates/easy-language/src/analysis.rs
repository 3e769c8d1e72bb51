//! One pass over a sentence: the counts the readability formulas need and the features of the
//! two fitted models (statements, complexity), from the cached facts about each word form.

use serde::Serialize;

use crate::lexicon::{self, VerbForm};
use crate::text::Sentence;

/// Counts a formula needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Words.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables.
    pub syllables: usize,
    /// Words with ≥ 3 syllables.
    pub polysyllables: usize,
    /// Words with 1 syllable.
    pub monosyllables: usize,
    /// Words with more than 6 letters.
    pub long_words: usize,
}

impl Counts {
    /// Counts of one sentence (from the one-pass analysis the models use too).
    pub fn of_sentence(input: &str, s: &Sentence) -> Counts {
        analyse(input, s).counts
    }

    /// Adds the counts of another text part.
    pub fn add(&mut self, o: &Counts) {
        self.words += o.words;
        self.sentences += o.sentences;
        self.syllables += o.syllables;
        self.polysyllables += o.polysyllables;
        self.monosyllables += o.monosyllables;
        self.long_words += o.long_words;
    }
}

/// One pass over a sentence: the formula counts and the features of both models.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The counts the formulas need.
    pub counts: Counts,
    /// Features of the statement model (names: `models::STATEMENT_FEATURES`).
    pub statement_features: [f64; 10],
    /// Features of the complexity model (names: `models::COMPLEXITY_FEATURES`).
    pub complexity_features: [f64; 14],
}

const NOMINAL: [&str; 7] = ["ung", "heit", "keit", "tion", "ität", "nis", "schaft"];

/// Analyses a sentence (one pass over its words; word forms are looked up once per thread).
pub fn analyse(input: &str, s: &Sentence) -> Analysis {
    use lexicon::class::*;
    let text = &input[s.start..s.end];
    let n_words = s.words.len();
    let mut counts = Counts {
        sentences: 1,
        ..Counts::default()
    };
    let (mut letters_total, mut poly, mut long, mut rare, mut unknown) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut nominal, mut foreign, mut joined, mut verb_forms) = (0usize, 0usize, 0usize, 0usize);
    let (mut coordinators, mut clause_markers, mut prepositions, mut verbs) =
        (0usize, 0usize, 0usize, 0usize);
    let (mut adjuncts, mut digits, mut adj_noun) = (0usize, 0usize, 0usize);
    let mut zipf_sum = 0.0;
    let mut prev: Option<(&str, lexicon::WordInfo, bool)> = None; // text, info, is_verb
    let mut prev_end = None;
    for (i, w) in s.words.iter().enumerate() {
        let wt = &input[w.start..w.end];
        let parts = w.parts();
        let info = lexicon::info(wt);
        let comma_before = prev_end.is_some_and(|p| input.as_bytes()[p..w.start].contains(&b','));
        prev_end = Some(w.end);
        // formula counts and syllables: per part
        let (mut syl, mut min_zipf) = (0usize, Some(9.0f32));
        for &(a, b) in parts {
            let pi = if parts.len() == 1 {
                info
            } else {
                lexicon::info(&input[a..b])
            };
            syl += usize::from(pi.syllables);
            min_zipf = match (min_zipf, pi.zipf) {
                (Some(m), Some(z)) => Some(m.min(z)),
                _ => None,
            };
        }
        let syl = syl.max(1);
        let letters = usize::from(info.letters);
        counts.words += 1;
        counts.syllables += syl;
        counts.polysyllables += usize::from(syl >= 3);
        counts.monosyllables += usize::from(syl == 1);
        counts.long_words += usize::from(letters > 6);
        letters_total += letters;
        poly += usize::from(syl >= 3);
        long += usize::from(letters > 6);
        joined += usize::from(parts.len() > 1);
        let z = match min_zipf {
            Some(z) => z,
            None if parts.len() == 1 && info.splits => 2.0,
            None => {
                unknown += 1;
                1.0
            }
        };
        zipf_sum += f64::from(z);
        rare += usize::from(z < 3.0);
        let capital = wt.starts_with(char::is_uppercase);
        if capital {
            let hit = NOMINAL.iter().any(|x| wt.ends_with(x))
                || (wt.chars().skip(1).any(char::is_uppercase) && {
                    let lower = wt.to_lowercase();
                    NOMINAL.iter().any(|x| lower.ends_with(x))
                });
            nominal += usize::from(hit);
        }
        foreign += usize::from(info.english);
        verb_forms += usize::from(matches!(
            info.verb,
            Some((VerbForm::Past | VerbForm::Subjunctive, _))
        ));
        // statement features
        coordinators += usize::from(i > 0 && info.class & COORDINATOR != 0);
        clause_markers += usize::from(comma_before && info.class & (SUBORDINATOR | RELATIVE) != 0);
        prepositions += usize::from(info.class & PREPOSITION != 0);
        let is_verb = info.class & FINITE_VERB != 0 || (!capital && info.verb.is_some());
        verbs += usize::from(is_verb);
        adjuncts += usize::from(info.class & ADJUNCT != 0);
        digits += usize::from(wt.starts_with(|c: char| c.is_ascii_digit()));
        if let Some((pt, pinfo, pverb)) = prev {
            let lower_prev_ends = pt.ends_with("en")
                || pt.ends_with('e')
                || pt.ends_with("er")
                || pt.ends_with("EN")
                || pt.ends_with('E')
                || pt.ends_with("ER");
            adj_noun += usize::from(
                !pt.starts_with(char::is_uppercase)
                    && capital
                    && lower_prev_ends
                    && !pverb
                    && pinfo.class & DETERMINER == 0,
            );
        }
        prev = Some((wt, info, is_verb));
    }
    let n = n_words.max(1) as f64;
    let commas = text.bytes().filter(|&b| b == b',').count() as f64;
    Analysis {
        counts,
        statement_features: [
            n_words as f64,
            coordinators as f64,
            commas,
            clause_markers as f64,
            prepositions as f64,
            verbs as f64,
            adjuncts as f64,
            f64::from(u8::from(text.contains(':'))),
            digits as f64,
            adj_noun as f64,
        ],
        complexity_features: [
            (1.0 + letters_total as f64).ln(),
            (1.0 + n_words as f64).ln(),
            counts.syllables as f64 / n,
            poly as f64 / n,
            long as f64 / n,
            zipf_sum / n,
            rare as f64 / n,
            unknown as f64 / n,
            commas,
            clause_markers as f64,
            nominal as f64,
            foreign as f64,
            joined as f64,
            verb_forms as f64,
        ],
    }
}
