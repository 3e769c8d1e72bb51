//! The word lists the rules consult: word frequencies (wordfreq, Zipf scale), verb forms
//! (participle, Präteritum, Konjunktiv II; from simplemma's lemma table), and the closed word
//! classes the rules name themselves (auxiliaries, conjunctions, articles). The two data files are
//! CC BY-SA 4.0 (see `data/README.md`); they are embedded, parsed once on first use.

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

pub use crate::frequency::zipf;

const VERB_FORMS: &str = include_str!("../data/verb-forms.tsv");
const ENGLISH: &str = include_str!("../data/english-words.tsv");

/// Kind of an inflected verb form in the lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbForm {
    /// Partizip II (`gemacht`, `gegangen`, `verkauft`), also inflected (`gegebene`).
    Participle,
    /// Präteritum (`sagte`, `ging`, `kamen`).
    Past,
    /// Konjunktiv II of a strong verb (`käme`, `ginge`).
    Subjunctive,
}

/// The lexicon's class and lemma of a lower-case verb form.
pub fn verb_form(lower: &str) -> Option<(VerbForm, &'static str)> {
    static MAP: OnceLock<HashMap<&'static str, (VerbForm, &'static str)>> = OnceLock::new();
    MAP.get_or_init(|| {
        VERB_FORMS
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (form, class, lemma) = (f.next()?, f.next()?, f.next()?);
                let class = match class {
                    "participle" => VerbForm::Participle,
                    "past" => VerbForm::Past,
                    "subjunctive" => VerbForm::Subjunctive,
                    _ => return None,
                };
                Some((form, (class, lemma)))
            })
            .collect()
    })
    .get(lower)
    .copied()
}

/// Whether a lower-case word is an English word used in German text (`meeting`, `update`).
pub fn is_english(lower: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| ENGLISH.lines().collect())
        .contains(lower)
}

/// A participle of `lemma` from the lexicon (the shortest uninflected one), for suggestions.
pub fn participle_of(lemma: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, &'static str> = HashMap::default();
        for l in VERB_FORMS.lines() {
            let mut f = l.split('\t');
            let (Some(form), Some("participle"), Some(lemma)) = (f.next(), f.next(), f.next())
            else {
                continue;
            };
            if !(form.ends_with('t') || form.ends_with("en")) {
                continue;
            }
            let e = m.entry(lemma).or_insert(form);
            if form.len() < e.len() || (form.len() == e.len() && form < *e) {
                *e = form;
            }
        }
        m
    })
    .get(lemma)
    .copied()
}

/// Closed word classes of [`WordInfo::class`] (bit flags).
pub mod class {
    /// und, oder, sowie, aber, sondern, bzw (statement boundaries)
    pub const COORDINATOR: u16 = 1;
    /// [`super::SUBORDINATORS`]
    pub const SUBORDINATOR: u16 = 2;
    /// [`super::RELATIVE_PRONOUNS`]
    pub const RELATIVE: u16 = 4;
    /// [`super::PREPOSITIONS`]
    pub const PREPOSITION: u16 = 8;
    /// [`super::FINITE_VERBS`]
    pub const FINITE_VERB: u16 = 16;
    /// [`super::ADJUNCTS`]
    pub const ADJUNCT: u16 = 32;
    /// [`super::DETERMINERS`]
    pub const DETERMINER: u16 = 64;
    /// [`super::NEGATIONS`]
    pub const NEGATION: u16 = 128;
    /// [`super::GENITIVE_ARTICLES`] and [`super::GENITIVE_PREPOSITIONS`]
    pub const GENITIVE: u16 = 256;
    /// [`super::WERDEN`]
    pub const WERDEN: u16 = 512;
    /// [`super::NUMBER_WORDS`]
    pub const NUMBER_WORD: u16 = 1024;
    /// [`super::AUXILIARY_PAST`]
    pub const AUXILIARY_PAST: u16 = 2048;
    /// [`super::AUXILIARY_SUBJUNCTIVE`]
    pub const AUXILIARY_SUBJUNCTIVE: u16 = 4096;
    /// [`super::COORDINATORS`] (clause boundaries for the rules)
    pub const CLAUSE_COORDINATOR: u16 = 8192;
    /// [`super::OFFICIAL_WORDS`] (Amtsdeutsch)
    pub const OFFICIAL: u16 = 16384;
}

/// What the checker needs to know about one word form (the exact text of a word or word
/// part). Computed once per distinct form and cached per thread, so long texts pay the
/// hyphenation patterns and the table look-ups once per vocabulary item, not per token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordInfo {
    /// Syllables (of a word part: see [`crate::syllables::part_syllables`]).
    pub syllables: u16,
    /// Letters (alphabetic characters).
    pub letters: u16,
    /// Zipf frequency of the lower-cased form.
    pub zipf: Option<f32>,
    /// Verb-form class and lemma of the lower-cased form.
    pub verb: Option<(VerbForm, &'static str)>,
    /// An English word used in German text.
    pub english: bool,
    /// Unknown to the frequency list but splits into known words (a compound).
    pub splits: bool,
    /// [`class`] flags of the lower-cased form.
    pub class: u16,
}

fn compute_info(form: &str) -> WordInfo {
    let lower = form.to_lowercase();
    let l = lower.as_str();
    let zipf = zipf(l);
    let mut class = 0;
    for (list, flag) in [
        (&STATEMENT_COORDINATORS[..], class::COORDINATOR),
        (&SUBORDINATORS[..], class::SUBORDINATOR),
        (&RELATIVE_PRONOUNS[..], class::RELATIVE),
        (&PREPOSITIONS[..], class::PREPOSITION),
        (&FINITE_VERBS[..], class::FINITE_VERB),
        (&ADJUNCTS[..], class::ADJUNCT),
        (&DETERMINERS[..], class::DETERMINER),
    ] {
        if list.contains(&l) {
            class |= flag;
        }
    }
    let pairs = |list: &[(&str, &str)]| list.iter().any(|(w, _)| *w == l);
    for (is, flag) in [
        (NEGATIONS.contains(&l), class::NEGATION),
        (
            pairs(&GENITIVE_ARTICLES) || GENITIVE_PREPOSITIONS.contains(&l),
            class::GENITIVE,
        ),
        (WERDEN.contains(&l), class::WERDEN),
        (
            pairs(&NUMBER_WORDS) || number_word_value(l).is_some_and(|v| v >= 13),
            class::NUMBER_WORD,
        ),
        (official_word(l).is_some(), class::OFFICIAL),
        (AUXILIARY_PAST.contains(&l), class::AUXILIARY_PAST),
        (pairs(&AUXILIARY_SUBJUNCTIVE), class::AUXILIARY_SUBJUNCTIVE),
        (COORDINATORS.contains(&l), class::CLAUSE_COORDINATOR),
    ] {
        if is {
            class |= flag;
        }
    }
    WordInfo {
        syllables: u16::try_from(crate::syllables::part_syllables(form)).unwrap_or(u16::MAX),
        letters: u16::try_from(form.chars().filter(|c| c.is_alphabetic()).count())
            .unwrap_or(u16::MAX),
        zipf,
        verb: verb_form(l),
        english: is_english(l),
        splits: zipf.is_none() && crate::compound::split_compound(l, 2.5).is_some(),
        class,
    }
}

/// [`WordInfo`] of a word form (cached).
pub fn info(form: &str) -> WordInfo {
    thread_local! {
        static CACHE: RefCell<HashMap<Box<str>, WordInfo>> = RefCell::new(HashMap::default());
    }
    CACHE.with(|c| {
        if let Some(i) = c.borrow().get(form) {
            return *i;
        }
        let i = compute_info(form);
        let mut c = c.borrow_mut();
        if c.len() >= 1 << 19 {
            c.clear(); // bound the memory on huge vocabularies
        }
        c.insert(form.into(), i);
        i
    })
}

/// Coordinators that mark a statement boundary.
pub const STATEMENT_COORDINATORS: [&str; 6] = ["und", "oder", "sowie", "aber", "sondern", "bzw"];

/// Prepositions (a prepositional phrase beyond the first is a statement boundary candidate).
pub const PREPOSITIONS: [&str; 33] = [
    "in", "im", "am", "an", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom", "vor", "zu",
    "zum", "zur", "über", "unter", "für", "gegen", "ohne", "um", "durch", "bis", "seit",
    "zwischen", "neben", "hinter", "wegen", "ins", "ans", "aufs", "trotz",
];

/// Frequent finite verbs (auxiliaries, modals, common full verbs in the 3rd person).
pub const FINITE_VERBS: [&str; 40] = [
    "ist", "sind", "bin", "bist", "seid", "war", "waren", "hat", "haben", "habe", "hast", "hatte",
    "hatten", "wird", "werden", "wurde", "wurden", "kann", "können", "konnte", "muss", "müssen",
    "musste", "darf", "dürfen", "soll", "sollen", "will", "wollen", "möchte", "möchten", "gibt",
    "geht", "macht", "heißt", "kommt", "steht", "gehört", "lebt", "braucht",
];

/// Adverbs that usually add an optional adjunct (a statement in the StaGE sense).
pub const ADJUNCTS: [&str; 14] = [
    "auch", "dann", "danach", "oft", "immer", "heute", "früher", "manchmal", "zusammen", "sehr",
    "schon", "noch", "dort", "hier",
];

/// Articles and determiners that end in -e/-en/-er like adjectives.
pub const DETERMINERS: [&str; 15] = [
    "die", "eine", "der", "den", "keine", "seine", "ihre", "meine", "diese", "einen", "einer",
    "deine", "unsere", "jede", "jeder",
];

/// Finite forms and the participle of *werden* (passive auxiliary).
pub const WERDEN: [&str; 11] = [
    "werde", "wirst", "wird", "werden", "werdet", "wurde", "wurdest", "wurden", "wurdet", "worden",
    "geworden",
];

/// Präteritum of *sein*, *haben* and the modal verbs (Hildesheim allows these).
pub const AUXILIARY_PAST: [&str; 26] = [
    "war", "warst", "waren", "wart", "hatte", "hattest", "hatten", "hattet", "konnte", "konntest",
    "konnten", "musste", "musstest", "mussten", "durfte", "durftest", "durften", "wollte",
    "wolltest", "wollten", "mochte", "mochten", "sollte", "solltest", "sollten", "solltet",
];

/// Konjunktiv of auxiliaries and modals with the indicative to use instead.
pub const AUXILIARY_SUBJUNCTIVE: [(&str, &str); 30] = [
    ("würde", "wird"),
    ("würdest", "wirst"),
    ("würden", "werden"),
    ("würdet", "werdet"),
    ("wäre", "ist"),
    ("wärst", "bist"),
    ("wärest", "bist"),
    ("wären", "sind"),
    ("wäret", "seid"),
    ("hätte", "hat"),
    ("hättest", "hast"),
    ("hätten", "haben"),
    ("hättet", "habt"),
    ("könnte", "kann"),
    ("könntest", "kannst"),
    ("könnten", "können"),
    ("müsste", "muss"),
    ("müssten", "müssen"),
    ("dürfte", "darf"),
    ("dürften", "dürfen"),
    ("sei", "ist"),
    ("seien", "sind"),
    ("seiest", "bist"),
    ("möge", "soll"),
    ("müsse", "muss"),
    ("könne", "kann"),
    ("sollte", "soll"),
    ("solltest", "sollst"),
    ("sollten", "sollen"),
    ("solltet", "sollt"),
];

/// Verbs that form the Perfekt with *sein*.
pub const PERFECT_WITH_SEIN: [&str; 30] = [
    "gehen",
    "kommen",
    "fahren",
    "laufen",
    "fallen",
    "sterben",
    "bleiben",
    "passieren",
    "geschehen",
    "reisen",
    "fliegen",
    "umziehen",
    "aufstehen",
    "einschlafen",
    "ankommen",
    "wachsen",
    "springen",
    "steigen",
    "folgen",
    "begegnen",
    "gelingen",
    "entstehen",
    "verschwinden",
    "wandern",
    "rennen",
    "schwimmen",
    "einziehen",
    "ausziehen",
    "zurückkommen",
    "erscheinen",
];

/// Subordinating conjunctions.
pub const SUBORDINATORS: [&str; 24] = [
    "dass",
    "weil",
    "wenn",
    "obwohl",
    "obgleich",
    "damit",
    "ob",
    "nachdem",
    "bevor",
    "falls",
    "sodass",
    "indem",
    "sobald",
    "solange",
    "sofern",
    "wobei",
    "womit",
    "wodurch",
    "worauf",
    "wohingegen",
    "ehe",
    "seitdem",
    "als",
    "während",
];

/// Relative pronouns (a subordinate clause when they follow a comma).
pub const RELATIVE_PRONOUNS: [&str; 15] = [
    "der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welcher", "welche", "welches",
    "welchem", "welchen", "wo", "was",
];

/// Coordinating conjunctions that join two main clauses.
pub const COORDINATORS: [&str; 8] = [
    "und", "oder", "aber", "sondern", "denn", "doch", "sowie", "jedoch",
];

/// Prepositions that take the genitive (`wegen` and `trotz` are also used with the dative in
/// everyday German and in Leichte Sprache, so they are not listed).
pub const GENITIVE_PREPOSITIONS: [&str; 16] = [
    "aufgrund",
    "anhand",
    "infolge",
    "innerhalb",
    "außerhalb",
    "bezüglich",
    "statt",
    "anstatt",
    "mittels",
    "seitens",
    "zwecks",
    "angesichts",
    "hinsichtlich",
    "zugunsten",
    "anlässlich",
    "mangels",
];

/// Genitive articles and possessives with the dative construction to use instead.
pub const GENITIVE_ARTICLES: [(&str, &str); 10] = [
    ("des", "von dem"),
    ("eines", "von einem"),
    ("meines", "von meinem"),
    ("deines", "von deinem"),
    ("seines", "von seinem"),
    ("ihres", "von ihrem"),
    ("unseres", "von unserem"),
    ("eures", "von eurem"),
    ("keines", "von keinem"),
    ("dieses", "von diesem"),
];

/// Negation words.
pub const NEGATIONS: [&str; 14] = [
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "nie",
    "niemals",
    "niemand",
    "nichts",
    "nirgends",
    "nirgendwo",
    "weder",
];

/// Number words 2–12, round tens, hundred and thousand with their digits (`ein`/`eine` are
/// articles too and are not listed).
pub const NUMBER_WORDS: [(&str, &str); 17] = [
    ("zwei", "2"),
    ("drei", "3"),
    ("vier", "4"),
    ("fünf", "5"),
    ("sechs", "6"),
    ("sieben", "7"),
    ("acht", "8"),
    ("neun", "9"),
    ("zehn", "10"),
    ("elf", "11"),
    ("zwölf", "12"),
    ("zwanzig", "20"),
    ("dreißig", "30"),
    ("vierzig", "40"),
    ("fünfzig", "50"),
    ("hundert", "100"),
    ("tausend", "1.000"),
];

/// The value of a German number word up to 999,999 written as one word (*fünfzehn*,
/// *dreiundzwanzig*, *zweihundertfünfzig*, *viertausend*); `None` for any other word.
pub fn number_word_value(word: &str) -> Option<u64> {
    fn unit(s: &str) -> Option<u64> {
        let units = [
            "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
        ];
        units.iter().position(|u| *u == s).map(|i| i as u64 + 1)
    }
    fn below_100(s: &str) -> Option<u64> {
        const WORDS: [(&str, u64); 27] = [
            ("eins", 1),
            ("zwei", 2),
            ("drei", 3),
            ("vier", 4),
            ("fünf", 5),
            ("sechs", 6),
            ("sieben", 7),
            ("acht", 8),
            ("neun", 9),
            ("zehn", 10),
            ("elf", 11),
            ("zwölf", 12),
            ("dreizehn", 13),
            ("vierzehn", 14),
            ("fünfzehn", 15),
            ("sechzehn", 16),
            ("siebzehn", 17),
            ("achtzehn", 18),
            ("neunzehn", 19),
            ("zwanzig", 20),
            ("dreißig", 30),
            ("vierzig", 40),
            ("fünfzig", 50),
            ("sechzig", 60),
            ("siebzig", 70),
            ("achtzig", 80),
            ("neunzig", 90),
        ];
        if let Some(&(_, v)) = WORDS.iter().find(|(w, _)| *w == s) {
            return Some(v);
        }
        let (u, tens) = s.split_once("und")?;
        let tens = WORDS[19..].iter().find(|(w, _)| *w == tens)?.1;
        Some(unit(u)? + tens)
    }
    fn below_1000(s: &str) -> Option<u64> {
        match s.split_once("hundert") {
            Some((h, rest)) => {
                let h = if h.is_empty() { 1 } else { unit(h)? };
                let rest = if rest.is_empty() { 0 } else { below_100(rest)? };
                Some(h * 100 + rest)
            }
            None => below_100(s),
        }
    }
    match word.split_once("tausend") {
        Some((t, rest)) => {
            let t = if t.is_empty() { 1 } else { below_1000(t)? };
            let rest = if rest.is_empty() {
                0
            } else {
                below_1000(rest)?
            };
            Some(t * 1000 + rest)
        }
        None => below_1000(word),
    }
}

/// Words of official language (Amtsdeutsch) with a plain word for them: the stem, the plain
/// word, and whether the stem is the whole word (then the plain word can replace it).
pub const OFFICIAL_WORDS: [(&str, &str, bool); 22] = [
    ("genehmig", "erlauben", false),
    ("gestatt", "erlauben", false),
    ("unverzüglich", "sofort", true),
    ("umgehend", "sofort", true),
    ("gemäß", "nach", true),
    ("bezüglich", "zu", true),
    ("hinsichtlich", "zu", true),
    ("seitens", "von", true),
    ("zwecks", "für", true),
    ("erforderlich", "nötig", false),
    ("entricht", "bezahlen", false),
    ("aushändig", "geben", false),
    ("gewähr", "geben", false),
    ("veranlass", "machen", false),
    ("zuzüglich", "und dazu", true),
    ("abzüglich", "ohne", true),
    ("infolgedessen", "deshalb", true),
    ("diesbezüglich", "dazu", true),
    ("obliegenheit", "Pflicht", false),
    ("vorbehaltlich", "wenn", true),
    ("mittels", "mit", true),
    ("ungeachtet", "trotz", true),
];

/// A word of official language: (plain word, whether it can replace the word as it is).
pub fn official_word(lower: &str) -> Option<(&'static str, bool)> {
    const ENDINGS: [&str; 14] = [
        "", "e", "en", "er", "es", "em", "t", "te", "ten", "tes", "st", "ung", "ungen", "et",
    ];
    OFFICIAL_WORDS.iter().find_map(|&(stem, plain, whole)| {
        let rest = lower.strip_prefix(stem)?;
        (ENDINGS.contains(&rest) && (!whole || rest.is_empty())).then_some((plain, rest.is_empty()))
    })
}

/// Month names, January first (dates are written with the month as a word).
pub use welfare_report::GERMAN_MONTHS as MONTHS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_load() {
        assert!(zipf("die").unwrap() > 7.0);
        assert!(zipf("schuldner").unwrap() > 2.0);
        assert_eq!(zipf("xqzvw"), None);
        assert_eq!(verb_form("gemacht"), Some((VerbForm::Participle, "machen")));
        assert_eq!(verb_form("ging"), Some((VerbForm::Past, "gehen")));
        assert_eq!(verb_form("käme"), Some((VerbForm::Subjunctive, "kommen")));
        assert_eq!(verb_form("machen"), None);
        assert_eq!(verb_form("gesamt"), None);
        assert_eq!(participle_of("sagen"), Some("gesagt"));
    }
}
