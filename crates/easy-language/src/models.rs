//! The two fitted models that ship with the crate: the number of statements per sentence and
//! the complexity of a sentence on the 1–7 scale of the TextComplexityDE ratings. Both are
//! linear over features the checker computes itself; their coefficients were fitted with linfa
//! by `examples/train_models.rs` and are embedded from `data/*.json`.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::check::{Tok, split_compound, toks};
use crate::lexicon::{self, VerbForm};
use crate::syllables::word_syllables;
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

const PREPOSITIONS: [&str; 33] = [
    "in", "im", "am", "an", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom", "vor", "zu",
    "zum", "zur", "über", "unter", "für", "gegen", "ohne", "um", "durch", "bis", "seit",
    "zwischen", "neben", "hinter", "wegen", "ins", "ans", "aufs", "trotz",
];

const FINITE_AUXILIARIES: [&str; 40] = [
    "ist", "sind", "bin", "bist", "seid", "war", "waren", "hat", "haben", "habe", "hast", "hatte",
    "hatten", "wird", "werden", "wurde", "wurden", "kann", "können", "konnte", "muss", "müssen",
    "musste", "darf", "dürfen", "soll", "sollen", "will", "wollen", "möchte", "möchten", "gibt",
    "geht", "macht", "heißt", "kommt", "steht", "gehört", "lebt", "braucht",
];

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

fn is_verb(t: &Tok) -> bool {
    FINITE_AUXILIARIES.contains(&t.lower.as_str())
        || (!t.text.starts_with(char::is_uppercase) && lexicon::verb_form(&t.lower).is_some())
}

/// Features for the statement count of a sentence.
pub fn statement_features(input: &str, s: &Sentence) -> Vec<f64> {
    let toks = toks(input, &s.words);
    let text = &input[s.start..s.end];
    let count = |f: &dyn Fn(usize, &Tok) -> bool| {
        toks.iter().enumerate().filter(|(i, t)| f(*i, t)).count() as f64
    };
    const ADJUNCTS: [&str; 14] = [
        "auch", "dann", "danach", "oft", "immer", "heute", "früher", "manchmal", "zusammen",
        "sehr", "schon", "noch", "dort", "hier",
    ];
    vec![
        toks.len() as f64,
        count(&|i, t| {
            i > 0
                && matches!(
                    t.lower.as_str(),
                    "und" | "oder" | "sowie" | "aber" | "sondern" | "bzw"
                )
        }),
        text.matches(',').count() as f64,
        count(&|_, t| {
            t.comma_before
                && (lexicon::SUBORDINATORS.contains(&t.lower.as_str())
                    || lexicon::RELATIVE_PRONOUNS.contains(&t.lower.as_str()))
        }),
        count(&|_, t| PREPOSITIONS.contains(&t.lower.as_str())),
        count(&|_, t| is_verb(t)),
        count(&|_, t| ADJUNCTS.contains(&t.lower.as_str())),
        f64::from(u8::from(text.contains(':'))),
        count(&|_, t| t.text.starts_with(|c: char| c.is_ascii_digit())),
        toks.windows(2)
            .filter(|w| {
                !w[0].text.starts_with(char::is_uppercase)
                    && w[1].text.starts_with(char::is_uppercase)
                    && (w[0].lower.ends_with("en")
                        || w[0].lower.ends_with("e")
                        || w[0].lower.ends_with("er"))
                    && !is_verb(&w[0])
                    && !matches!(
                        w[0].lower.as_str(),
                        "die"
                            | "eine"
                            | "der"
                            | "den"
                            | "keine"
                            | "seine"
                            | "ihre"
                            | "meine"
                            | "diese"
                            | "einen"
                            | "einer"
                            | "deine"
                            | "unsere"
                            | "jede"
                            | "jeder"
                    )
            })
            .count() as f64,
    ]
}

/// Estimated number of statements in a sentence (at least 1): the logistic model decides
/// whether there is more than one (its cut-off is folded into the intercept); if so, the count is 1 + the clause and phrase boundaries
/// (coordinators, clause markers, prepositional phrases beyond the first), at least 2.
pub fn statements(input: &str, s: &Sentence) -> usize {
    statements_with(statements_model(), input, s)
}

/// [`statements`] with another fitted model (for training and evaluation).
pub fn statements_with(model: &LinearModel, input: &str, s: &Sentence) -> usize {
    if s.words.is_empty() {
        return 0;
    }
    let x = statement_features(input, s);
    if model.linear(&x) <= 0.0 {
        return 1;
    }
    let extra = x[1] + x[3] + (x[4] - 1.0).max(0.0);
    (1 + extra as usize).max(2)
}

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

/// Features for the complexity of a sentence.
pub fn complexity_features(input: &str, s: &Sentence) -> Vec<f64> {
    let toks = toks(input, &s.words);
    let n = toks.len().max(1) as f64;
    let letters: usize = toks
        .iter()
        .map(|t| t.text.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    let mut syllables = 0usize;
    let (mut poly, mut long, mut rare, mut unknown, mut nominal, mut foreign, mut joined) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    let mut zipf_sum = 0.0;
    for t in &toks {
        let syl = word_syllables(t.parts.iter().map(|&(a, b)| &input[a..b]));
        syllables += syl;
        poly += usize::from(syl >= 3);
        long += usize::from(t.text.chars().filter(|c| c.is_alphabetic()).count() > 6);
        joined += usize::from(t.parts.len() > 1);
        let z = t
            .parts
            .iter()
            .map(|&(a, b)| lexicon::zipf(&input[a..b].to_lowercase()))
            .fold(Some(9.0f32), |acc, z| match (acc, z) {
                (Some(a), Some(z)) => Some(a.min(z)),
                _ => None,
            });
        let z = match z {
            Some(z) => z,
            None if t.parts.len() == 1 && split_compound(&t.lower, 2.5).is_some() => 2.0,
            None => {
                unknown += 1;
                1.0
            }
        };
        zipf_sum += f64::from(z);
        rare += usize::from(z < 3.0);
        let capital = t.text.starts_with(char::is_uppercase);
        nominal += usize::from(
            capital
                && ["ung", "heit", "keit", "tion", "ität", "nis", "schaft"]
                    .iter()
                    .any(|x| t.lower.ends_with(x)),
        );
        foreign += usize::from(lexicon::is_english(&t.lower));
    }
    let text = &input[s.start..s.end];
    let clause_markers = toks
        .iter()
        .filter(|t| {
            t.comma_before
                && (lexicon::SUBORDINATORS.contains(&t.lower.as_str())
                    || lexicon::RELATIVE_PRONOUNS.contains(&t.lower.as_str()))
        })
        .count();
    let verb_forms = toks
        .iter()
        .filter(|t| {
            matches!(
                lexicon::verb_form(&t.lower),
                Some((VerbForm::Past | VerbForm::Subjunctive, _))
            )
        })
        .count();
    vec![
        (1.0 + letters as f64).ln(),
        (1.0 + toks.len() as f64).ln(),
        syllables as f64 / n,
        poly as f64 / n,
        long as f64 / n,
        zipf_sum / n,
        rare as f64 / n,
        unknown as f64 / n,
        text.matches(',').count() as f64,
        clause_markers as f64,
        nominal as f64,
        foreign as f64,
        joined as f64,
        verb_forms as f64,
    ]
}

/// Complexity of a sentence on the 1–7 scale (clamped).
pub fn complexity(input: &str, s: &Sentence) -> f64 {
    if s.words.is_empty() {
        return 1.0;
    }
    complexity_model()
        .linear(&complexity_features(input, s))
        .clamp(1.0, 7.0)
}
