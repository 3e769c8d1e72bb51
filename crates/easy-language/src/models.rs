//! The two fitted models that ship with the crate: the number of statements per sentence and
//! the complexity of a sentence on the 1–7 scale of the TextComplexityDE ratings. Both are
//! linear over features the checker computes itself; their coefficients were fitted with linfa
//! by `examples/train_models.rs` and are embedded from `data/*.json`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::lexicon::{self, VerbForm};
use crate::scores::Counts;
use crate::text::Sentence;

/// A linear model over standardised features: `intercept + Σ w·(x − mean)/scale`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    /// What the model predicts and how it was fitted (data, validation).
    pub about: String,
    pub features: Vec<String>,
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    pub intercept: f64,
}

impl LinearModel {
    pub fn linear(&self, x: &[f64]) -> f64 {
        self.intercept
            + x.iter()
                .zip(&self.weights)
                .zip(self.mean.iter().zip(&self.scale))
                .map(|((x, w), (m, s))| w * (x - m) / s)
                .sum::<f64>()
    }
}

pub fn statements_model() -> &'static LinearModel {
    static M: OnceLock<LinearModel> = OnceLock::new();
    M.get_or_init(|| {
        serde_json::from_str(include_str!("../data/statements-model.json"))
            .expect("the embedded statements model is valid JSON (checked by a test)")
    })
}

pub fn complexity_model() -> &'static LinearModel {
    static M: OnceLock<LinearModel> = OnceLock::new();
    M.get_or_init(|| {
        serde_json::from_str(include_str!("../data/complexity-model.json"))
            .expect("the embedded complexity model is valid JSON (checked by a test)")
    })
}

/// Names of the statement features, in order.
pub const STATEMENT_FEATURES: [&str; 10] = [
    "words",
    "coordinators",
    "commas",
    "clause_markers",
    "prepositions",
    "verbs",
    "adjuncts",
    "colon",
    "digits",
    "adjectives_before_nouns",
];

/// Names of the complexity features, in order.
pub const COMPLEXITY_FEATURES: [&str; 14] = [
    "ln_letters",
    "ln_words",
    "syllables_per_word",
    "polysyllable_share",
    "long_word_share",
    "mean_zipf",
    "rare_word_share",
    "unknown_word_share",
    "commas",
    "clause_markers",
    "nominal_words",
    "foreign_words",
    "joined_compounds",
    "verb_forms",
];

/// One pass over a sentence: the formula counts and the features of both models.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub counts: Counts,
    pub statement_features: [f64; 10],
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

/// Features for the statement count of a sentence.
pub fn statement_features(input: &str, s: &Sentence) -> Vec<f64> {
    analyse(input, s).statement_features.to_vec()
}

/// Features for the complexity of a sentence.
pub fn complexity_features(input: &str, s: &Sentence) -> Vec<f64> {
    analyse(input, s).complexity_features.to_vec()
}

/// Statements from the features: the logistic model decides whether there is more than one
/// (its cut-off is folded into the intercept); if so, the count is 1 + the clause and phrase
/// boundaries (coordinators, clause markers, prepositional phrases beyond the first), at least 2.
pub fn statements_from(model: &LinearModel, x: &[f64]) -> usize {
    if x[0] == 0.0 {
        return 0;
    }
    if model.linear(x) <= 0.0 {
        return 1;
    }
    let extra = x[1] + x[3] + (x[4] - 1.0).max(0.0);
    (1 + extra as usize).max(2)
}

/// Estimated number of statements in a sentence (see [`statements_from`]).
pub fn statements(input: &str, s: &Sentence) -> usize {
    statements_with(statements_model(), input, s)
}

/// [`statements`] with another fitted model (for training and evaluation).
pub fn statements_with(model: &LinearModel, input: &str, s: &Sentence) -> usize {
    statements_from(model, &analyse(input, s).statement_features)
}

/// Complexity from the features, on the 1–7 scale (clamped).
pub fn complexity_from(x: &[f64], words: usize) -> f64 {
    if words == 0 {
        return 1.0;
    }
    complexity_model().linear(x).clamp(1.0, 7.0)
}

/// Complexity of a sentence on the 1–7 scale (clamped).
pub fn complexity(input: &str, s: &Sentence) -> f64 {
    complexity_from(&analyse(input, s).complexity_features, s.words.len())
}
