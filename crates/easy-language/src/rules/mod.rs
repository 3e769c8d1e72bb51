//! The rules: their catalogue (id, sources, severity per profile, an explanation written in
//! Leichte Sprache) and their checks, one file per rule family with each rule's metadata beside
//! its check. Every finding has a rule id, a severity from the profile, a byte span into the
//! input, a message in Leichte Sprache and, where one can be computed, a suggestion.

mod category;
mod footnote;
mod glossary;
mod grammar;
mod indirect_speech;
pub(crate) mod layout;
mod numbers;
mod question;
mod range;
mod sentence;
mod typography;
mod words;

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use crate::compound::{capitalise, join_compound, split_compound};
use crate::lexicon::{self, VerbForm, class};
use crate::text::{Sentence, Word};

pub use crate::profile::{Profile, Severity};
pub use category::Category;

/// The catalogue, written once: each rule's variant, id, metadata and check. Generates
/// [`RuleId`] (with [`RuleId::ALL`] and [`RuleId::as_str`]), [`RULES`] and the dispatch of the
/// sentence checks; layout rules run over the whole text ([`layout`]) and check nothing here.
macro_rules! catalogue {
    ($( $variant:ident = $id:literal, $rule:path, $check:path; )*) => {
        /// The id of a rule (kebab-case in JSON and on the command line).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $id, "`")]
                #[serde(rename = $id)]
                $variant,
            )*
        }

        impl RuleId {
            /// Every rule, in the order the checker reports them.
            pub const ALL: [RuleId; RULE_COUNT] = [$(RuleId::$variant,)*];

            /// The id as written in reports (`sentence-too-long`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }

        /// All rules, in the order the checker reports them (the order of [`RuleId`]).
        pub const RULES: [Rule; RULE_COUNT] = [$($rule,)*];

        /// Runs the check of one sentence rule (layout rules run over the whole text).
        fn run(id: RuleId, ctx: &Ctx, hits: &mut Vec<Hit>) {
            match id {
                $(RuleId::$variant => $check(ctx, hits),)*
            }
        }
    };
}

/// How many rules the catalogue has.
pub const RULE_COUNT: usize = 35;

/// A text rule's place in the sentence dispatch: it checks the whole text in [`layout`].
fn text_rule(_: &Ctx, _: &mut Vec<Hit>) {}

use Severity::{Error as E, Info as I, Warning as W};

catalogue! {
    SentenceTooLong = "sentence-too-long", sentence::SENTENCE_TOO_LONG, sentence::sentence_too_long;
    MultipleStatements = "multiple-statements", sentence::MULTIPLE_STATEMENTS, sentence::multiple_statements;
    SubordinateClause = "subordinate-clause", sentence::SUBORDINATE_CLAUSE, sentence::subordinate_clause;
    PassiveVoice = "passive-voice", grammar::PASSIVE_VOICE, grammar::passive_voice;
    Genitive = "genitive", grammar::GENITIVE, grammar::genitive;
    Subjunctive = "subjunctive", grammar::SUBJUNCTIVE, grammar::subjunctive;
    Negation = "negation", grammar::NEGATION, grammar::negation;
    Preterite = "preterite", grammar::PRETERITE, grammar::preterite;
    LongCompound = "long-compound", words::LONG_COMPOUND, words::long_compound;
    CompoundSeparator = "compound-separator", words::COMPOUND_SEPARATOR, words::compound_separator;
    NumberWord = "number-word", numbers::NUMBER_WORD, numbers::number_word;
    BigNumber = "big-number", numbers::BIG_NUMBER, numbers::big_number;
    Percentage = "percentage", numbers::PERCENTAGE, numbers::percentage;
    DateFormat = "date-format", numbers::DATE_FORMAT, numbers::date_format;
    Abbreviation = "abbreviation", words::ABBREVIATION, words::abbreviation;
    SpecialCharacter = "special-character", typography::SPECIAL_CHARACTER, typography::special_character;
    Brackets = "brackets", typography::BRACKETS, typography::brackets;
    ForeignWord = "foreign-word", words::FOREIGN_WORD, words::foreign_word;
    RareWord = "rare-word", words::RARE_WORD, words::rare_word;
    NominalStyle = "nominal-style", grammar::NOMINAL_STYLE, grammar::nominal_style;
    ImpersonalMan = "impersonal-man", grammar::IMPERSONAL_MAN, grammar::impersonal_man;
    OneSentencePerLine = "one-sentence-per-line", layout::ONE_SENTENCE_PER_LINE, text_rule;
    LineEndHyphenation = "line-end-hyphenation", layout::LINE_END_HYPHENATION, text_rule;
    RomanNumeral = "roman-numeral", numbers::ROMAN_NUMERAL, numbers::roman_numeral;
    GenderMarker = "gender-marker", words::GENDER_MARKER, words::gender_marker;
    CrossReference = "cross-reference", words::CROSS_REFERENCE, words::cross_reference;
    Idiom = "idiom", words::IDIOM, words::idiom;
    Enumeration = "enumeration", sentence::ENUMERATION, sentence::enumeration;
    AllCaps = "all-caps", words::ALL_CAPS, words::all_caps;
    RangeNotation = "range-notation", range::RANGE_NOTATION, range::range_notation;
    Footnote = "footnote", footnote::FOOTNOTE, footnote::footnote;
    IndirectSpeech = "indirect-speech", indirect_speech::INDIRECT_SPEECH, indirect_speech::indirect_speech;
    Question = "question", question::QUESTION, question::question;
    Glossary = "glossary", glossary::GLOSSARY, glossary::glossary;
    PreferredForm = "preferred-form", glossary::PREFERRED_FORM, glossary::preferred_form;
}

impl RuleId {
    /// The rule's catalogue entry.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

/// The rule with this id (`sentence-too-long`).
pub fn rule(id: &str) -> Option<&'static Rule> {
    id.parse::<RuleId>().ok().map(RuleId::rule)
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for RuleId {
    type Err = String;
    fn from_str(s: &str) -> Result<RuleId, String> {
        RuleId::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown rule {s:?} (known: {})",
                    RuleId::ALL.map(RuleId::as_str).join(", ")
                )
            })
    }
}

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    /// The rule's id.
    pub id: RuleId,
    /// Short German title.
    pub title: &'static str,
    /// Rule books that state the rule (N = Netzwerk, H = Hildesheim/Bredel & Maaß, B = BITV 2.0
    /// Anlage 2, IE = Inclusion Europe, DIN = DIN SPEC 33429).
    pub sources: &'static [&'static str],
    /// Default severity under netzwerk, hildesheim, bitv (`None` = not checked).
    pub severity: [Option<Severity>; 3],
    /// What the rule asks for, in Leichte Sprache.
    pub explanation: &'static str,
}

impl Rule {
    /// The rule's default severity in `profile` (`None`: not checked there).
    pub fn severity_in(&self, profile: Profile) -> Option<Severity> {
        self.severity[profile.index()]
    }
}

/// Thresholds and the profile (all adjustable; the defaults follow the rule books).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The rule book.
    pub profile: Profile,
    /// A sentence with more words gets a warning (default 10).
    pub sentence_warning_words: usize,
    /// A sentence with more words gets an error (default 15).
    pub sentence_error_words: usize,
    /// Words below this Zipf frequency are rare (default 3.0 = once per million words).
    pub rare_word_zipf: f32,
    /// Unsegmented nouns with at least this many letters are checked for a split (default 12).
    pub compound_min_letters: usize,
    /// Numbers from this value on are big (default 1,000; years are not numbers here).
    pub big_number: f64,
    /// Rules switched off.
    pub disabled: Vec<RuleId>,
    /// The translator's terminology list (empty by default).
    pub glossary: crate::Glossary,
    /// Findings below this severity are not reported (default [`Severity::Info`]: all).
    pub min_severity: Severity,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            profile: Profile::Netzwerk,
            sentence_warning_words: 10,
            sentence_error_words: 15,
            rare_word_zipf: 3.0,
            compound_min_letters: 12,
            big_number: 1000.0,
            disabled: Vec::new(),
            glossary: crate::Glossary::default(),
            min_severity: Severity::Info,
        }
    }
}

impl Config {
    /// Checks only `rules` (one rule at a time, `--rule`): every other rule is switched off.
    pub fn only(&mut self, rules: &[RuleId]) {
        self.disabled = RuleId::ALL
            .into_iter()
            .filter(|r| !rules.contains(r))
            .collect();
    }

    /// [`Config::only`] by rule ids as written (`rare-word`); an unknown id is an error listing
    /// the known ones.
    pub fn only_named<S: AsRef<str>>(&mut self, names: &[S]) -> Result<(), String> {
        let rules = names
            .iter()
            .map(|n| n.as_ref().parse::<RuleId>())
            .collect::<Result<Vec<_>, String>>()?;
        self.only(&rules);
        Ok(())
    }

    /// The defaults with another profile.
    pub fn with_profile(profile: Profile) -> Config {
        Config {
            profile,
            ..Config::default()
        }
    }

    /// Checks the thresholds before any text is checked.
    pub fn check(&self) -> Result<(), crate::TextError> {
        let bad =
            |name: &'static str, reason: String| Err(crate::TextError::Config { name, reason });
        if self.sentence_warning_words == 0 {
            return bad("sentence_warning_words", "must be at least 1".into());
        }
        if self.sentence_error_words < self.sentence_warning_words {
            return bad(
                "sentence_error_words",
                format!(
                    "must be at least sentence_warning_words ({}), got {}",
                    self.sentence_warning_words, self.sentence_error_words
                ),
            );
        }
        if !(self.rare_word_zipf.is_finite() && (0.0..=8.0).contains(&self.rare_word_zipf)) {
            return bad(
                "rare_word_zipf",
                format!("must be a Zipf value in 0–8, got {}", self.rare_word_zipf),
            );
        }
        if self.compound_min_letters < 4 {
            return bad(
                "compound_min_letters",
                format!("must be at least 4, got {}", self.compound_min_letters),
            );
        }
        if !(self.big_number.is_finite() && self.big_number > 0.0) {
            return bad(
                "big_number",
                format!("must be a positive number, got {}", self.big_number),
            );
        }
        Ok(())
    }
}

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule that found it.
    pub rule: RuleId,
    /// How serious it is under the profile.
    pub severity: Severity,
    /// Byte span into the input.
    pub start: usize,
    /// Byte offset where the marked words end.
    pub end: usize,
    /// What is wrong here, in Leichte Sprache.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// What to write instead, where one can be computed.
    pub suggestion: Option<String>,
}

impl Finding {
    /// The suggestion if it is text to put in place of the marked words (an editor may apply it
    /// with one click), `None` if it is advice ("Machen Sie 2 Sätze. Trennen Sie vor „weil“.",
    /// "Neue Zeile vor „Wir“") or the marked stretch is longer than a few words.
    pub fn replacement(&self) -> Option<&str> {
        self.suggestion.as_deref().filter(|s| {
            self.end - self.start < 60
                && !s.ends_with(['.', ':', '!', '?'])
                && !s.contains(": ")
                && !s.contains(['\n', '„', '“'])
        })
    }
}

/// A finding before the profile gives it a severity.
struct Hit {
    start: usize,
    end: usize,
    message: String,
    suggestion: Option<String>,
    severity: Option<Severity>,
}

fn hit(start: usize, end: usize, message: String, suggestion: Option<String>) -> Hit {
    Hit {
        start,
        end,
        message,
        suggestion,
        severity: None,
    }
}

/// A word of a sentence with what the checks need.
pub(crate) struct Tok<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    pub lower: String,
    pub parts: &'a [(usize, usize)],
    /// A comma stands between the previous word and this one.
    pub comma_before: bool,
    /// A clause ends before this word (comma, semicolon, colon, dash, bracket).
    pub clause_before: bool,
    /// The cached facts about the word form.
    pub info: lexicon::WordInfo,
}

impl Tok<'_> {
    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    fn letters(&self) -> usize {
        self.text.chars().filter(|c| c.is_alphabetic()).count()
    }
}

pub(crate) fn toks<'a>(input: &'a str, words: &'a [Word]) -> Vec<Tok<'a>> {
    let mut prev_end = None;
    words
        .iter()
        .map(|w| {
            let between = prev_end.map_or("", |p| &input[p..w.start]);
            prev_end = Some(w.end);
            Tok {
                start: w.start,
                end: w.end,
                text: &input[w.start..w.end],
                lower: input[w.start..w.end].to_lowercase(),
                parts: w.parts(),
                comma_before: between.contains(','),
                clause_before: between.contains([',', ';', ':', '–', '(', ')', '—']),
                info: lexicon::info(&input[w.start..w.end]),
            }
        })
        .collect()
}

/// What a sentence check sees.
struct Ctx<'a> {
    input: &'a str,
    sentence: &'a Sentence,
    toks: Vec<Tok<'a>>,
    cfg: &'a Config,
    statements: usize,
}

impl Ctx<'_> {
    fn text(&self) -> &str {
        &self.input[self.sentence.start..self.sentence.end]
    }
}

/// The findings of one sentence (sentence rules only; see [`text_findings`]).
pub(crate) fn sentence_findings(
    input: &str,
    sentence: &Sentence,
    statements: usize,
    cfg: &Config,
) -> Vec<Finding> {
    let ctx = Ctx {
        input,
        sentence,
        toks: toks(input, &sentence.words),
        cfg,
        statements,
    };
    let mut out = Vec::new();
    for r in &RULES {
        let Some(default) = r.severity_in(cfg.profile) else {
            continue;
        };
        if cfg.disabled.contains(&r.id) {
            continue;
        }
        let mut hits = Vec::new();
        run(r.id, &ctx, &mut hits);
        hits.retain(|h| h.severity.unwrap_or(default) >= cfg.min_severity);
        out.extend(hits.into_iter().map(|h| Finding {
            rule: r.id,
            severity: h.severity.unwrap_or(default),
            start: h.start,
            end: h.end,
            message: h.message,
            suggestion: h.suggestion,
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_complete_and_in_id_order() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{} is at its id's position", r.id);
            assert_eq!(r.id.as_str().parse::<RuleId>(), Ok(r.id));
            assert!(!r.sources.is_empty() && !r.explanation.is_empty());
            assert!(
                r.severity.iter().any(Option::is_some),
                "{} is checked in some profile",
                r.id
            );
        }
        assert_eq!(RULES.len(), RuleId::ALL.len());
        for r in RuleId::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        assert_eq!(
            serde_json::to_string(&RuleId::SentenceTooLong).unwrap(),
            "\"sentence-too-long\""
        );
        assert!(
            "no-such-rule"
                .parse::<RuleId>()
                .unwrap_err()
                .contains("all-caps")
        );
    }

    #[test]
    fn config_is_checked() {
        assert!(Config::default().check().is_ok());
        for bad in [
            Config {
                sentence_error_words: 5,
                ..Config::default()
            },
            Config {
                rare_word_zipf: f32::NAN,
                ..Config::default()
            },
            Config {
                big_number: -1.0,
                ..Config::default()
            },
            Config {
                sentence_warning_words: 0,
                ..Config::default()
            },
        ] {
            let err = crate::check("Ein Satz.", &bad).unwrap_err().to_string();
            assert!(err.starts_with("setting "), "{err}");
        }
    }
}
