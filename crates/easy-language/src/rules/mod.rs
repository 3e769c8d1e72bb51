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

/// The id of a rule (kebab-case in JSON and on the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// `sentence-too-long`
    SentenceTooLong,
    /// `multiple-statements`
    MultipleStatements,
    /// `subordinate-clause`
    SubordinateClause,
    /// `passive-voice`
    PassiveVoice,
    /// `genitive`
    Genitive,
    /// `subjunctive`
    Subjunctive,
    /// `negation`
    Negation,
    /// `preterite`
    Preterite,
    /// `long-compound`
    LongCompound,
    /// `compound-separator`
    CompoundSeparator,
    /// `number-word`
    NumberWord,
    /// `big-number`
    BigNumber,
    /// `percentage`
    Percentage,
    /// `date-format`
    DateFormat,
    /// `abbreviation`
    Abbreviation,
    /// `special-character`
    SpecialCharacter,
    /// `brackets`
    Brackets,
    /// `foreign-word`
    ForeignWord,
    /// `rare-word`
    RareWord,
    /// `nominal-style`
    NominalStyle,
    /// `impersonal-man`
    ImpersonalMan,
    /// `one-sentence-per-line`
    OneSentencePerLine,
    /// `line-end-hyphenation`
    LineEndHyphenation,
    /// `roman-numeral`
    RomanNumeral,
    /// `gender-marker`
    GenderMarker,
    /// `cross-reference`
    CrossReference,
    /// `idiom`
    Idiom,
    /// `enumeration`
    Enumeration,
    /// `all-caps`
    AllCaps,
    /// `range-notation`
    RangeNotation,
    /// `footnote`
    Footnote,
    /// `indirect-speech`
    IndirectSpeech,
    /// `question`
    Question,
    /// `glossary`
    Glossary,
    /// `preferred-form`
    PreferredForm,
}

impl RuleId {
    /// Every rule, in the order the checker reports them.
    pub const ALL: [RuleId; 35] = [
        RuleId::SentenceTooLong,
        RuleId::MultipleStatements,
        RuleId::SubordinateClause,
        RuleId::PassiveVoice,
        RuleId::Genitive,
        RuleId::Subjunctive,
        RuleId::Negation,
        RuleId::Preterite,
        RuleId::LongCompound,
        RuleId::CompoundSeparator,
        RuleId::NumberWord,
        RuleId::BigNumber,
        RuleId::Percentage,
        RuleId::DateFormat,
        RuleId::Abbreviation,
        RuleId::SpecialCharacter,
        RuleId::Brackets,
        RuleId::ForeignWord,
        RuleId::RareWord,
        RuleId::NominalStyle,
        RuleId::ImpersonalMan,
        RuleId::OneSentencePerLine,
        RuleId::LineEndHyphenation,
        RuleId::RomanNumeral,
        RuleId::GenderMarker,
        RuleId::CrossReference,
        RuleId::Idiom,
        RuleId::Enumeration,
        RuleId::AllCaps,
        RuleId::RangeNotation,
        RuleId::Footnote,
        RuleId::IndirectSpeech,
        RuleId::Question,
        RuleId::Glossary,
        RuleId::PreferredForm,
    ];

    /// The id as written in reports (`sentence-too-long`).
    pub fn as_str(self) -> &'static str {
        [
            "sentence-too-long",
            "multiple-statements",
            "subordinate-clause",
            "passive-voice",
            "genitive",
            "subjunctive",
            "negation",
            "preterite",
            "long-compound",
            "compound-separator",
            "number-word",
            "big-number",
            "percentage",
            "date-format",
            "abbreviation",
            "special-character",
            "brackets",
            "foreign-word",
            "rare-word",
            "nominal-style",
            "impersonal-man",
            "one-sentence-per-line",
            "line-end-hyphenation",
            "roman-numeral",
            "gender-marker",
            "cross-reference",
            "idiom",
            "enumeration",
            "all-caps",
            "range-notation",
            "footnote",
            "indirect-speech",
            "question",
            "glossary",
            "preferred-form",
        ][self as usize]
    }

    /// The rule's catalogue entry.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
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

use Severity::{Error as E, Info as I, Warning as W};

/// All rules, in the order the checker reports them (the order of [`RuleId`]).
pub const RULES: [Rule; 35] = [
    sentence::SENTENCE_TOO_LONG,
    sentence::MULTIPLE_STATEMENTS,
    sentence::SUBORDINATE_CLAUSE,
    grammar::PASSIVE_VOICE,
    grammar::GENITIVE,
    grammar::SUBJUNCTIVE,
    grammar::NEGATION,
    grammar::PRETERITE,
    words::LONG_COMPOUND,
    words::COMPOUND_SEPARATOR,
    numbers::NUMBER_WORD,
    numbers::BIG_NUMBER,
    numbers::PERCENTAGE,
    numbers::DATE_FORMAT,
    words::ABBREVIATION,
    typography::SPECIAL_CHARACTER,
    typography::BRACKETS,
    words::FOREIGN_WORD,
    words::RARE_WORD,
    grammar::NOMINAL_STYLE,
    grammar::IMPERSONAL_MAN,
    layout::ONE_SENTENCE_PER_LINE,
    layout::LINE_END_HYPHENATION,
    numbers::ROMAN_NUMERAL,
    words::GENDER_MARKER,
    words::CROSS_REFERENCE,
    words::IDIOM,
    sentence::ENUMERATION,
    words::ALL_CAPS,
    range::RANGE_NOTATION,
    footnote::FOOTNOTE,
    indirect_speech::INDIRECT_SPEECH,
    question::QUESTION,
    glossary::GLOSSARY,
    glossary::PREFERRED_FORM,
];

/// The rule with this id (`sentence-too-long`).
pub fn rule(id: &str) -> Option<&'static Rule> {
    id.parse::<RuleId>().ok().map(RuleId::rule)
}

/// Runs the check of one sentence rule (layout rules run over the whole text).
fn run(id: RuleId, ctx: &Ctx, hits: &mut Vec<Hit>) {
    match id {
        RuleId::SentenceTooLong => sentence::sentence_too_long(ctx, hits),
        RuleId::MultipleStatements => sentence::multiple_statements(ctx, hits),
        RuleId::SubordinateClause => sentence::subordinate_clause(ctx, hits),
        RuleId::PassiveVoice => grammar::passive_voice(ctx, hits),
        RuleId::Genitive => grammar::genitive(ctx, hits),
        RuleId::Subjunctive => grammar::subjunctive(ctx, hits),
        RuleId::Negation => grammar::negation(ctx, hits),
        RuleId::Preterite => grammar::preterite(ctx, hits),
        RuleId::LongCompound => words::long_compound(ctx, hits),
        RuleId::CompoundSeparator => words::compound_separator(ctx, hits),
        RuleId::NumberWord => numbers::number_word(ctx, hits),
        RuleId::BigNumber => numbers::big_number(ctx, hits),
        RuleId::Percentage => numbers::percentage(ctx, hits),
        RuleId::DateFormat => numbers::date_format(ctx, hits),
        RuleId::Abbreviation => words::abbreviation(ctx, hits),
        RuleId::SpecialCharacter => typography::special_character(ctx, hits),
        RuleId::Brackets => typography::brackets(ctx, hits),
        RuleId::ForeignWord => words::foreign_word(ctx, hits),
        RuleId::RareWord => words::rare_word(ctx, hits),
        RuleId::NominalStyle => grammar::nominal_style(ctx, hits),
        RuleId::ImpersonalMan => grammar::impersonal_man(ctx, hits),
        RuleId::OneSentencePerLine => {} // a text rule: see [`layout`]
        RuleId::LineEndHyphenation => {} // a text rule: see [`layout`]
        RuleId::RomanNumeral => numbers::roman_numeral(ctx, hits),
        RuleId::GenderMarker => words::gender_marker(ctx, hits),
        RuleId::CrossReference => words::cross_reference(ctx, hits),
        RuleId::Idiom => words::idiom(ctx, hits),
        RuleId::Enumeration => sentence::enumeration(ctx, hits),
        RuleId::AllCaps => words::all_caps(ctx, hits),
        RuleId::RangeNotation => range::range_notation(ctx, hits),
        RuleId::Footnote => footnote::footnote(ctx, hits),
        RuleId::IndirectSpeech => indirect_speech::indirect_speech(ctx, hits),
        RuleId::Question => question::question(ctx, hits),
        RuleId::Glossary => glossary::glossary(ctx, hits),
        RuleId::PreferredForm => glossary::preferred_form(ctx, hits),
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
