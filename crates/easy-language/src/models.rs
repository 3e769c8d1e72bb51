//! The two fitted models that ship with the crate: the number of statements per sentence and
//! the complexity of a sentence on the 1–7 scale of the TextComplexityDE ratings. Both are
//! linear over features the checker computes itself; their coefficients were fitted with linfa
//! by `examples/train_models.rs` and are embedded from `data/*.json`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use crate::analysis::{Analysis, analyse};
use crate::text::Sentence;

/// A linear model over standardised features: `intercept + Σ w·(x − mean)/scale`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    /// What the model predicts and how it was fitted (data, validation).
    pub about: String,
    /// Feature names, in order.
    pub features: Vec<String>,
    /// Mean of each feature in the training data.
    pub mean: Vec<f64>,
    /// Scale (standard deviation) of each feature.
    pub scale: Vec<f64>,
    /// Weight of each standardised feature.
    pub weights: Vec<f64>,
    /// The intercept.
    pub intercept: f64,
}

impl LinearModel {
    /// `intercept + Σ w·(x − mean)/scale`.
    pub fn linear(&self, x: &[f64]) -> f64 {
        self.intercept
            + x.iter()
                .zip(&self.weights)
                .zip(self.mean.iter().zip(&self.scale))
                .map(|((x, w), (m, s))| w * (x - m) / s)
                .sum::<f64>()
    }
}

/// The shipped statement model.
pub fn statements_model() -> &'static LinearModel {
    static M: OnceLock<LinearModel> = OnceLock::new();
    M.get_or_init(|| {
        serde_json::from_str(include_str!("../data/statements-model.json"))
            .expect("the embedded statements model is valid JSON (checked by a test)")
    })
}

/// The shipped complexity model.
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
    statements_in(model, input, s, &analyse(input, s).statement_features)
}

/// Statements of a sentence from its features ([`statements_from`]), at least 2 when the
/// sentence joins two statements with a paired conjunction (*sowohl … als auch*, *weder …
/// noch*, *entweder … oder*, *nicht nur … sondern auch*), which the model cannot see.
pub fn statements_in(model: &LinearModel, input: &str, s: &Sentence, x: &[f64]) -> usize {
    let n = statements_from(model, x);
    if n == 1 && has_paired_conjunction(input, s) {
        2
    } else {
        n
    }
}

/// Whether a sentence contains a paired conjunction: the first word, then later the second
/// (and its companion where there is one).
pub fn has_paired_conjunction(input: &str, s: &Sentence) -> bool {
    // all the words involved are ASCII: compare without allocating (this runs on every
    // sentence of the fast scoring path)
    let word: Vec<&str> = s.words.iter().map(|w| w.text(input)).collect();
    let is = |k: usize, w: &str| word.get(k).is_some_and(|x| x.eq_ignore_ascii_case(w));
    let firsts = ["sowohl", "weder", "entweder", "nur"];
    if !(0..word.len()).any(|k| firsts.iter().any(|f| is(k, f))) {
        return false;
    }
    // the last position of each second word (linear, however often the first ones occur)
    let last = |second: &str, then: Option<&str>| {
        (0..word.len())
            .rev()
            .find(|&k| is(k, second) && then.is_none_or(|t| is(k + 1, t)))
    };
    let (als_auch, noch, oder, sondern) = (
        last("als", Some("auch")),
        last("noch", None),
        last("oder", None),
        last("sondern", None),
    );
    let later = |i: usize, k: Option<usize>| k.is_some_and(|k| k > i);
    (0..word.len()).any(|i| {
        (is(i, "sowohl") && later(i, als_auch))
            || (is(i, "weder") && later(i, noch))
            || (is(i, "entweder") && later(i, oder))
            || (is(i, "nur") && i > 0 && is(i - 1, "nicht") && later(i, sondern))
    })
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
