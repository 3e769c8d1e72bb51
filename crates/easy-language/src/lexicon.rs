//! The word lists the rules consult: word frequencies (wordfreq, Zipf scale), verb forms
//! (participle, Präteritum, Konjunktiv II; from simplemma's lemma table), and the closed word
//! classes the rules name themselves (auxiliaries, conjunctions, articles). The two data files are
//! CC BY-SA 4.0 (see `data/README.md`); they are embedded, parsed once on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

const WORDFREQ: &str = include_str!("../data/wordfreq-de.tsv");
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
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| ENGLISH.lines().collect())
        .contains(lower)
}

/// A participle of `lemma` from the lexicon (the shortest uninflected one), for suggestions.
pub fn participle_of(lemma: &str) -> Option<&'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: HashMap<&'static str, &'static str> = HashMap::new();
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
pub const AUXILIARY_SUBJUNCTIVE: [(&str, &str); 26] = [
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

pub const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

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
