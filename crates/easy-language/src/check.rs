//! The rule checks: every finding has a rule id, a severity from the profile, a byte span into
//! the input, a message in Leichte Sprache and, where one can be computed, a suggestion.

use serde::Serialize;

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::lexicon::{self, VerbForm, class};
use crate::rules::{Profile, RULES, Severity, rule};
use crate::text::{Sentence, Word};

/// Thresholds and the profile (all adjustable; the defaults follow the rule books).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
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
    /// Rules switched off by id.
    pub disabled: Vec<String>,
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
        }
    }
}

impl Config {
    pub fn with_profile(profile: Profile) -> Config {
        Config {
            profile,
            ..Config::default()
        }
    }
}

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Byte span into the input.
    pub start: usize,
    pub end: usize,
    /// What is wrong here, in Leichte Sprache.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
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
        if cfg.disabled.iter().any(|d| d == r.id) {
            continue;
        }
        let mut hits = Vec::new();
        match r.id {
            "sentence-too-long" => sentence_too_long(&ctx, &mut hits),
            "multiple-statements" => multiple_statements(&ctx, &mut hits),
            "subordinate-clause" => subordinate_clause(&ctx, &mut hits),
            "passive-voice" => passive_voice(&ctx, &mut hits),
            "genitive" => genitive(&ctx, &mut hits),
            "subjunctive" => subjunctive(&ctx, &mut hits),
            "negation" => negation(&ctx, &mut hits),
            "preterite" => preterite(&ctx, &mut hits),
            "long-compound" => long_compound(&ctx, &mut hits),
            "compound-separator" => compound_separator(&ctx, &mut hits),
            "number-word" => number_word(&ctx, &mut hits),
            "big-number" => big_number(&ctx, &mut hits),
            "percentage" => percentage(&ctx, &mut hits),
            "date-format" => date_format(&ctx, &mut hits),
            "abbreviation" => abbreviation(&ctx, &mut hits),
            "special-character" => special_character(&ctx, &mut hits),
            "brackets" => brackets(&ctx, &mut hits),
            "foreign-word" => foreign_word(&ctx, &mut hits),
            "rare-word" => rare_word(&ctx, &mut hits),
            "nominal-style" => nominal_style(&ctx, &mut hits),
            "impersonal-man" => impersonal_man(&ctx, &mut hits),
            "roman-numeral" => roman_numeral(&ctx, &mut hits),
            "gender-marker" => gender_marker(&ctx, &mut hits),
            "cross-reference" => cross_reference(&ctx, &mut hits),
            "idiom" => idiom(&ctx, &mut hits),
            "enumeration" => enumeration(&ctx, &mut hits),
            "all-caps" => all_caps(&ctx, &mut hits),
            _ => {} // text rules
        }
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

/// Findings of rules about the layout of the whole text (one sentence per line, words broken
/// at the end of a line).
pub(crate) fn text_findings(input: &str, sentences: &[Sentence], cfg: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let on = |id: &str| {
        (!cfg.disabled.iter().any(|d| d == id))
            .then(|| rule(id).and_then(|r| r.severity_in(cfg.profile)))
            .flatten()
    };
    if let Some(sev) = on("one-sentence-per-line") {
        for pair in sentences.windows(2) {
            let between = &input[pair[0].end..pair[1].start];
            if !between.contains('\n') {
                let first_end = pair[1].words.first().map_or(pair[1].end, |w| w.end);
                out.push(Finding {
                    rule: "one-sentence-per-line",
                    severity: sev,
                    start: pair[1].start,
                    end: first_end,
                    message: "Dieser Satz fängt in derselben Zeile an wie der Satz davor. \
                              Fangen Sie für jeden Satz eine neue Zeile an."
                        .into(),
                    suggestion: Some(format!(
                        "Neue Zeile vor „{}“",
                        &input[pair[1].start..first_end]
                    )),
                });
            }
        }
    }
    if let Some(sev) = on("line-end-hyphenation") {
        for (i, _) in input.match_indices('-') {
            let before_letter = input[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
            if !before_letter {
                continue;
            }
            let rest = &input[i + 1..];
            let trimmed = rest.trim_start_matches([' ', '\t', '\r']);
            let Some(after_nl) = trimmed.strip_prefix('\n') else {
                continue;
            };
            let cont = after_nl.trim_start_matches([' ', '\t']);
            if !cont.starts_with(char::is_lowercase) {
                continue;
            }
            let word_start = input[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(0, |(j, c)| j + c.len_utf8());
            let cont_start = input.len() - cont.len();
            let cont_len: usize = cont
                .chars()
                .take_while(|c| c.is_alphabetic())
                .map(char::len_utf8)
                .sum();
            let end = cont_start + cont_len;
            out.push(Finding {
                rule: "line-end-hyphenation",
                severity: sev,
                start: word_start,
                end,
                message: "Dieses Wort ist am Ende von der Zeile getrennt.".into(),
                suggestion: Some(format!(
                    "{}{}",
                    &input[word_start..i],
                    &input[cont_start..end]
                )),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// sentence rules

fn sentence_too_long(c: &Ctx, hits: &mut Vec<Hit>) {
    let n = c.toks.len();
    if n <= c.cfg.sentence_warning_words {
        return;
    }
    let severity = if n > c.cfg.sentence_error_words {
        Severity::Error
    } else {
        Severity::Warning
    };
    let split = c.toks.iter().skip(2).find(|t| t.clause_before);
    let suggestion = split.map(|t| format!("Machen Sie 2 Sätze. Trennen Sie vor „{}“.", t.text));
    hits.push(Hit {
        severity: Some(severity),
        ..hit(
            c.sentence.start,
            c.sentence.end,
            format!(
                "Dieser Satz hat {n} Wörter. Ein Satz in Leichter Sprache hat höchstens {} Wörter.",
                c.cfg.sentence_warning_words
            ),
            suggestion,
        )
    });
}

fn multiple_statements(c: &Ctx, hits: &mut Vec<Hit>) {
    if c.statements > 1 {
        hits.push(hit(
            c.sentence.start,
            c.sentence.end,
            format!(
                "Dieser Satz hat wahrscheinlich {} Aussagen. Schreiben Sie nur 1 Aussage in einen Satz.",
                c.statements
            ),
            None,
        ));
    }
}

/// End of the clause that starts at token `i` (byte offset).
fn clause_end(c: &Ctx, i: usize) -> usize {
    let mut end = c.toks[i].end;
    for t in &c.toks[i + 1..] {
        if t.clause_before {
            break;
        }
        end = t.end;
    }
    end
}

fn subordinate_clause(c: &Ctx, hits: &mut Vec<Hit>) {
    const ONLY_AFTER_COMMA: [&str; 4] = ["als", "während", "damit", "seitdem"];
    for (i, t) in c.toks.iter().enumerate() {
        let l = t.lower.as_str();
        let starts_clause = i == 0 || t.clause_before;
        let subordinator = t.info.class & class::SUBORDINATOR != 0
            && (t.comma_before
                || (!ONLY_AFTER_COMMA.contains(&l)
                    // at the start, or right after a coordinator ("…, und wenn …"); "damit",
                    // "als", "während" there are adverbs or prepositions ("Und damit …")
                    && (i == 0 || c.toks[i - 1].info.class & class::CLAUSE_COORDINATOR != 0)));
        // a relative pronoun right after a comma, not followed by a noun ("…, die Frau")
        // a relative clause ends in a verb, an apposition or enumeration ("…, die Birnen") in
        // a noun
        let relative = t.comma_before && t.info.class & class::RELATIVE != 0 && {
            let last = c.toks[i + 1..]
                .iter()
                .take_while(|n| !n.clause_before)
                .last();
            last.is_some_and(|n| !n.capitalised())
        };
        // a relative pronoun counts only at the start of a clause
        let flagged = subordinator || (relative && starts_clause);
        if !flagged {
            continue;
        }
        let suggestion = match l {
            "weil" => Some(
                "Schreiben Sie 2 Sätze. Der 2. Satz fängt so an: „Der Grund ist:“ oder „Deshalb …“"
                    .to_string(),
            ),
            "wenn" | "falls" | "sofern" => {
                Some("Schreiben Sie: „Vielleicht …“ Und dann: „Dann …“".to_string())
            }
            "obwohl" | "obgleich" => {
                Some("Schreiben Sie 2 Sätze. Der 2. Satz fängt mit „Aber“ an.".to_string())
            }
            "nachdem" => {
                Some("Schreiben Sie 2 Sätze. Der 2. Satz fängt mit „Danach“ an.".to_string())
            }
            "bevor" | "ehe" => {
                Some("Schreiben Sie 2 Sätze. Der 2. Satz fängt mit „Vorher“ an.".to_string())
            }
            _ => Some("Schreiben Sie 2 Sätze.".to_string()),
        };
        let what = if subordinator {
            format!("„{}“ leitet einen Neben-Satz ein.", t.text)
        } else {
            format!("„{}“ leitet hier einen Relativ-Satz ein.", t.text)
        };
        hits.push(hit(
            t.start,
            clause_end(c, i),
            format!("{what} Neben-Sätze sind schwer."),
            suggestion,
        ));
    }
}

/// Token ranges of the clauses of the sentence.
fn clauses(c: &Ctx) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in c.toks.iter().enumerate() {
        if i > 0 && (t.clause_before || t.info.class & class::CLAUSE_COORDINATOR != 0) {
            out.push(start..i);
            start = i;
        }
    }
    out.push(start..c.toks.len());
    out
}

fn passive_voice(c: &Ctx, hits: &mut Vec<Hit>) {
    for range in clauses(c) {
        let toks = &c.toks[range];
        let Some(aux) = toks
            .iter()
            .position(|t| t.info.class & class::WERDEN != 0 && t.lower != "geworden")
        else {
            continue;
        };
        // next to werden, a past form in -en is the participle it equals (unterschrieben)
        let participle = toks.iter().enumerate().find(|(j, t)| {
            *j != aux
                && !t.capitalised_noun_position(*j)
                && match t.info.verb {
                    Some((VerbForm::Participle, _)) => true,
                    Some((VerbForm::Past, _)) => {
                        t.lower.ends_with("en") && t.info.class & class::WERDEN == 0
                    }
                    _ => false,
                }
        });
        if let Some((j, p)) = participle {
            let (a, b) = (aux.min(j), aux.max(j));
            hits.push(hit(
                toks[a].start,
                toks[b].end,
                format!(
                    "„{} … {}“ ist Passiv. Im Passiv steht nicht, wer etwas tut.",
                    toks[aux].text, p.text
                ),
                Some("Sagen Sie, wer etwas tut. Zum Beispiel: „Das Amt prüft den Antrag.“".into()),
            ));
        }
    }
}

impl Tok<'_> {
    /// A capitalised word not at the start of the sentence is a noun, not a participle.
    fn capitalised_noun_position(&self, index_in_clause: usize) -> bool {
        self.capitalised() && (index_in_clause != 0 || self.clause_before)
    }
}

fn genitive(c: &Ctx, hits: &mut Vec<Hit>) {
    const PREPOSITION_INSTEAD: [(&str, &str); 12] = [
        ("aufgrund", "wegen"),
        ("infolge", "wegen"),
        ("angesichts", "wegen"),
        ("anhand", "mit"),
        ("mittels", "mit"),
        ("innerhalb", "in"),
        ("bezüglich", "zu"),
        ("hinsichtlich", "zu"),
        ("seitens", "von"),
        ("zwecks", "für"),
        ("zugunsten", "für"),
        ("anlässlich", "zu"),
    ];
    for t in &c.toks {
        let l = t.lower.as_str();
        if t.info.class & class::GENITIVE == 0 {
            continue;
        }
        if let Some((_, instead)) = lexicon::GENITIVE_ARTICLES.iter().find(|(g, _)| *g == l) {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist Genitiv.", t.text),
                Some(keep_case(t.text, instead)),
            ));
        } else if lexicon::GENITIVE_PREPOSITIONS.contains(&l) {
            let instead = PREPOSITION_INSTEAD.iter().find(|(p, _)| *p == l);
            hits.push(hit(
                t.start,
                t.end,
                format!("Nach „{}“ kommt der Genitiv.", t.text),
                instead.map(|(_, i)| keep_case(t.text, i)),
            ));
        }
    }
}

/// `replacement` with the first letter upper-case when `original` starts upper-case.
fn keep_case(original: &str, replacement: &str) -> String {
    if original.starts_with(char::is_uppercase) {
        capitalise(replacement)
    } else {
        replacement.to_string()
    }
}

fn subjunctive(c: &Ctx, hits: &mut Vec<Hit>) {
    for (i, t) in c.toks.iter().enumerate() {
        let l = t.lower.as_str();
        // "Sei leise!" at the start of a sentence is an imperative; a capitalised word inside
        // the sentence is a noun ("die Wäre" misspelt for "Ware")
        if (i == 0 && l == "sei") || (i > 0 && t.capitalised() && !t.clause_before) {
            continue;
        }
        let auxiliary = (t.info.class & class::AUXILIARY_SUBJUNCTIVE != 0)
            .then(|| lexicon::AUXILIARY_SUBJUNCTIVE.iter().find(|(k, _)| *k == l))
            .flatten();
        if let Some((_, ind)) = auxiliary {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist Konjunktiv.", t.text),
                Some(format!("Schreiben Sie: {}", keep_case(t.text, ind))),
            ));
        } else if let (true, Some((VerbForm::Subjunctive, lemma))) =
            (!t.capitalised() || i == 0, t.info.verb)
        {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist Konjunktiv (von „{lemma}“).", t.text),
                None,
            ));
        }
    }
}

fn negation(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if t.info.class & class::NEGATION != 0 {
            let message = match c.cfg.profile {
                Profile::Hildesheim => format!(
                    "„{}“ ist eine Verneinung. Das ist erlaubt. Machen Sie das Wort fett.",
                    t.text
                ),
                _ => format!(
                    "„{}“ ist eine Verneinung. Verneinungen versteht man leicht falsch.",
                    t.text
                ),
            };
            hits.push(hit(t.start, t.end, message, None));
        }
    }
}

fn preterite(c: &Ctx, hits: &mut Vec<Hit>) {
    // per clause, once: does it hold a participle, a form of werden (linear in the sentence)
    let clause_ranges = clauses(c);
    let facts: Vec<(bool, bool)> = clause_ranges
        .iter()
        .map(|r| {
            let toks = &c.toks[r.clone()];
            (
                toks.iter().any(|t| {
                    matches!(
                        lexicon::verb_form(&t.lower),
                        Some((VerbForm::Participle, _))
                    )
                }),
                toks.iter().any(|x| x.info.class & class::WERDEN != 0),
            )
        })
        .collect();
    let mut clause = 0usize; // the clause holding token i (ranges are in order and cover all)
    for (i, t) in c.toks.iter().enumerate() {
        while clause + 1 < clause_ranges.len() && clause_ranges[clause].end <= i {
            clause += 1;
        }
        let l = t.lower.as_str();
        if t.capitalised() && i > 0 && !t.clause_before {
            continue; // a noun
        }
        let (has_participle, with_werden) = facts.get(clause).copied().unwrap_or_default();
        if matches!(l, "wurde" | "wurden" | "wurdest") && has_participle {
            continue; // passive auxiliary: reported as passive voice
        }
        // next to a form of werden, a past form in -en is the participle (wird freigelassen)
        if with_werden && l.ends_with("en") && matches!(t.info.verb, Some((VerbForm::Past, _))) {
            continue;
        }
        let auxiliary = t.info.class & class::AUXILIARY_PAST != 0;
        let suggestion = if auxiliary {
            const INSTEAD: [(&str, &str); 8] = [
                ("war", "ist … gewesen"),
                ("waren", "sind … gewesen"),
                ("hatte", "hat … gehabt"),
                ("hatten", "haben … gehabt"),
                ("konnte", "kann"),
                ("musste", "muss"),
                ("durfte", "darf"),
                ("wollte", "will"),
            ];
            INSTEAD
                .iter()
                .find(|(p, _)| *p == l)
                .map(|(_, s)| format!("Schreiben Sie: {s}"))
        } else if matches!(l, "wurde" | "wurden") {
            Some(format!(
                "Schreiben Sie: {} … geworden",
                if l == "wurde" { "ist" } else { "sind" }
            ))
        } else if let Some((VerbForm::Past, lemma)) = t.info.verb {
            let with_sein = lexicon::PERFECT_WITH_SEIN.contains(&lemma);
            let plural = l.ends_with("en") || l.ends_with("tet");
            let aux = match (with_sein, plural, l.ends_with("st")) {
                (false, false, false) => "hat",
                (false, false, true) => "hast",
                (false, true, _) => "haben",
                (true, false, false) => "ist",
                (true, false, true) => "bist",
                (true, true, _) => "sind",
            };
            Some(match lexicon::participle_of(lemma) {
                Some(p) => format!("Perfekt: {aux} … {p}"),
                None => format!("Perfekt mit „{aux}“ (von „{lemma}“)"),
            })
        } else {
            continue;
        };
        let severity =
            (auxiliary && c.cfg.profile == Profile::Hildesheim).then_some(Severity::Info);
        hits.push(Hit {
            severity,
            ..hit(
                t.start,
                t.end,
                format!("„{}“ ist Präteritum (Vergangenheit).", t.text),
                suggestion,
            )
        });
    }
}

/// Splits a long lower-case compound into known words (each with Zipf ≥ `min_zipf`); cached
/// per thread.
pub(crate) fn split_compound(lower: &str, min_zipf: f32) -> Option<Vec<String>> {
    type Cache = rustc_hash::FxHashMap<(Box<str>, u32), Option<Vec<String>>>;
    thread_local! {
        static CACHE: std::cell::RefCell<Cache> = std::cell::RefCell::new(Cache::default());
    }
    let key = (Box::<str>::from(lower), min_zipf.to_bits());
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return hit;
    }
    let result = split_compound_uncached(lower, min_zipf);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 1 << 16 {
            c.clear();
        }
        c.insert(key, result.clone());
    });
    result
}

fn split_compound_uncached(lower: &str, min_zipf: f32) -> Option<Vec<String>> {
    let bounds: Vec<usize> = lower.char_indices().map(|(i, _)| i).skip(3).collect();
    let mut best: Option<(f32, usize, usize)> = None; // (score, split, head end)
    for &i in &bounds {
        let (left, right) = lower.split_at(i);
        if right.chars().count() < 3 {
            break;
        }
        let Some(zr) = lexicon::zipf(right).filter(|z| *z >= min_zipf) else {
            continue;
        };
        // the left part may end in a linking element (Arbeit-s-amt, Kinder-garten)
        let mut zl = lexicon::zipf(left);
        for link in ["s", "es", "n", "en", "er"] {
            if let (None, Some(stem)) = (zl, left.strip_suffix(link))
                && stem.chars().count() >= 3
            {
                zl = lexicon::zipf(stem);
            }
        }
        let Some(zl) = zl.filter(|z| *z >= min_zipf) else {
            continue;
        };
        let score = zl.min(zr);
        if best.is_none_or(|(s, _, _)| score > s) {
            best = Some((score, i, i));
        }
    }
    let (_, split, _) = best?;
    let (left, right) = lower.split_at(split);
    let mut parts = vec![left.to_string()];
    // split the right part further when it is long itself (Kinder-tages-stätte)
    match (right.chars().count() >= 9)
        .then(|| split_compound(right, min_zipf))
        .flatten()
    {
        Some(more) => parts.extend(more),
        None => parts.push(right.to_string()),
    }
    Some(parts)
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    cs.next()
        .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
        .unwrap_or_default()
}

/// A compound written in the profile's style: `Schuldner-Beratung` or `Schuldner·beratung`.
pub(crate) fn join_compound(parts: &[String], profile: Profile) -> String {
    match profile {
        Profile::Hildesheim => {
            let mut s = capitalise(&parts[0]);
            for p in &parts[1..] {
                s.push('·');
                s.push_str(p);
            }
            s
        }
        _ => parts
            .iter()
            .map(|p| capitalise(p))
            .collect::<Vec<_>>()
            .join("-"),
    }
}

fn long_compound(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if t.parts.len() != 1 || !t.capitalised() || t.letters() < c.cfg.compound_min_letters {
            continue;
        }
        if !t.text.chars().all(char::is_alphabetic)
            || t.text.chars().skip(1).any(char::is_uppercase)
        {
            continue;
        }
        if let Some(parts) = split_compound(&t.lower, 2.5) {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist ein langes Wort.", t.text),
                Some(join_compound(&parts, c.cfg.profile)),
            ));
        }
    }
}

fn compound_separator(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if t.parts.len() < 2 || !t.capitalised() {
            continue;
        }
        let parts: Vec<&str> = t.parts.iter().map(|&(a, b)| &c.input[a..b]).collect();
        if parts
            .iter()
            .any(|p| p.chars().count() < 3 || !p.chars().all(char::is_alphabetic))
        {
            continue; // E-Mail, A4-Blatt
        }
        let joiners: Vec<&str> = t
            .parts
            .windows(2)
            .map(|w| &c.input[w[0].1..w[1].0])
            .collect();
        let lower_parts: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
        let wanted = join_compound(&lower_parts, c.cfg.profile);
        if wanted == t.text {
            continue;
        }
        let message = match c.cfg.profile {
            Profile::Hildesheim if joiners.iter().any(|j| *j != "·") => format!(
                "Nach den Regeln aus Hildesheim trennt man „{}“ mit einem Medio-Punkt.",
                t.text
            ),
            Profile::Hildesheim => format!("Nach dem Medio-Punkt schreibt man klein: „{wanted}“."),
            _ if joiners.contains(&"·") => format!(
                "Netzwerk Leichte Sprache trennt „{}“ mit einem Binde-Strich.",
                t.text
            ),
            _ => format!("Nach dem Binde-Strich schreibt man groß: „{wanted}“."),
        };
        hits.push(hit(t.start, t.end, message, Some(wanted)));
    }
}

fn number_word(c: &Ctx, hits: &mut Vec<Hit>) {
    for (i, t) in c.toks.iter().enumerate() {
        if t.capitalised() && i > 0 {
            continue; // "die Acht", "eine Elf"
        }
        if t.info.class & class::NUMBER_WORD == 0 {
            continue;
        }
        if let Some((_, digits)) = lexicon::NUMBER_WORDS.iter().find(|(w, _)| *w == t.lower) {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist eine Zahl.", t.text),
                Some((*digits).to_string()),
            ));
        }
    }
}

/// Numbers in the sentence: (start, end, value, is_plain_year_like).
fn numbers(text: &str) -> Vec<(usize, usize, f64, bool)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut grouped = false;
        let mut decimal = false;
        loop {
            while i < b.len() && b[i].is_ascii_digit() {
                digits.push(b[i] as char);
                i += 1;
            }
            // thousands separator: '.' or thin/normal space followed by exactly 3 digits
            let sep = (i < b.len() && b[i] == b'.').then_some(1);
            if let Some(len) = sep {
                let next = &b[i + len..];
                if next.len() >= 3
                    && next[..3].iter().all(u8::is_ascii_digit)
                    && next.get(3).is_none_or(|c| !c.is_ascii_digit())
                {
                    grouped = true;
                    i += len;
                    continue;
                }
            }
            if i + 1 < b.len() && b[i] == b',' && b[i + 1].is_ascii_digit() && !decimal {
                decimal = true;
                digits.push('.');
                i += 1;
                continue;
            }
            break;
        }
        // a date (3.5.2024) or a time (10.30) is not a number here
        if i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            continue;
        }
        let value: f64 = digits.parse().unwrap_or(0.0);
        let year_like =
            !grouped && !decimal && digits.len() == 4 && (1000.0..=2199.0).contains(&value);
        out.push((start, i, value, year_like));
    }
    out
}

fn big_number(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (a, b, value, year) in numbers(text) {
        let after = text[b..].trim_start();
        if year || after.starts_with('%') || starts_with_word_ignore_case(after, "prozent") {
            continue;
        }
        let is_decimal = text[a..b].contains(',');
        if value < c.cfg.big_number && !is_decimal {
            continue;
        }
        let suggestion = if is_decimal {
            format!("ungefähr {}", value.round())
        } else {
            let magnitude = 10f64.powi(value.log10().floor() as i32 - 1);
            let rounded = (value / magnitude).floor() * magnitude;
            format!("mehr als {} (oder: viele)", group_thousands(rounded as u64))
        };
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + b,
            if is_decimal {
                "Zahlen mit Komma sind schwer.".into()
            } else {
                "Das ist eine große Zahl.".into()
            },
            Some(suggestion),
        ));
    }
}

/// Whether `text` starts with the ASCII word `prefix` in any case (looks only at the prefix,
/// so it is constant time however long the text is).
fn starts_with_word_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

fn percentage(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (a, b, value, _) in numbers(text) {
        let rest = &text[b..];
        let trimmed = rest.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let unit_len = if trimmed.starts_with('%') {
            1
        } else if starts_with_word_ignore_case(trimmed, "prozent") {
            "prozent".len()
        } else {
            continue;
        };
        let end = b + (rest.len() - trimmed.len()) + unit_len;
        let p = value;
        let plain = match p.round() as i64 {
            100 => "alle".to_string(),
            0 => "keiner".to_string(),
            50 => "die Hälfte".to_string(),
            25 => "ein Viertel".to_string(),
            75 => "3 von 4".to_string(),
            33 | 34 => "1 von 3".to_string(),
            66 | 67 => "2 von 3".to_string(),
            _ if p < 5.0 => "sehr wenige".to_string(),
            _ if p > 95.0 => "fast alle".to_string(),
            _ if (p / 10.0).fract() == 0.0 => format!("{} von 10", (p / 10.0) as i64),
            _ => format!("ungefähr {} von 10", (p / 10.0).round() as i64),
        };
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + end,
            "Prozent-Zahlen sind schwer.".into(),
            Some(plain),
        ));
    }
}

fn date_format(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let take = |from: usize| {
            let n = b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
            (n, text[from..from + n].parse::<u32>().unwrap_or(0))
        };
        let (n1, v1) = take(i);
        let mut found = None;
        // 03.05.2024 or 3.5.24
        if (1..=2).contains(&n1) && b.get(i + n1) == Some(&b'.') {
            let j = i + n1 + 1;
            let (n2, v2) = take(j);
            if (1..=2).contains(&n2) && b.get(j + n2) == Some(&b'.') {
                let k = j + n2 + 1;
                let (n3, v3) = take(k);
                if n3 == 4 || n3 == 2 {
                    let year = if n3 == 2 { 2000 + v3 } else { v3 };
                    found = Some((k + n3, v1, v2, year));
                }
            }
        }
        // 2024-05-03
        if n1 == 4 && b.get(i + 4) == Some(&b'-') {
            let (n2, v2) = take(i + 5);
            if n2 == 2 && b.get(i + 7) == Some(&b'-') {
                let (n3, v3) = take(i + 8);
                if n3 == 2 {
                    found = Some((i + 10, v3, v2, v1));
                }
            }
        }
        match found {
            Some((end, day, month, year))
                if (1..=31).contains(&day) && (1..=12).contains(&month) =>
            {
                hits.push(hit(
                    c.sentence.start + i,
                    c.sentence.start + end,
                    "Dieses Datum ist nur mit Zahlen geschrieben.".into(),
                    Some(format!(
                        "{day}. {} {year}",
                        lexicon::MONTHS[month as usize - 1]
                    )),
                ));
                i = end;
            }
            _ => i += n1.max(1),
        }
    }
}

const DOTTED_ABBREVIATIONS: [(&str, &str); 33] = [
    ("z. B.", "zum Beispiel"),
    ("z.B.", "zum Beispiel"),
    ("Z. B.", "Zum Beispiel"),
    ("Z.B.", "Zum Beispiel"),
    ("d. h.", "das heißt"),
    ("d.h.", "das heißt"),
    ("u. a.", "unter anderem"),
    ("u.a.", "unter anderem"),
    ("o. ä.", "oder so ähnlich"),
    ("o.ä.", "oder so ähnlich"),
    ("u. U.", "vielleicht"),
    ("i. d. R.", "meistens"),
    ("z. T.", "zum Teil"),
    ("usw.", "und so weiter"),
    ("bzw.", "oder"),
    ("ca.", "ungefähr"),
    ("Nr.", "Nummer"),
    ("evtl.", "vielleicht"),
    ("ggf.", "wenn nötig"),
    ("inkl.", "mit"),
    ("etc.", "und so weiter"),
    ("bspw.", "zum Beispiel"),
    ("Tel.", "Telefon"),
    ("Mio.", "Millionen"),
    ("Mrd.", "Milliarden"),
    ("Abs.", "Absatz"),
    ("Str.", "Straße"),
    ("sog.", "so genannt"),
    ("max.", "höchstens"),
    ("mind.", "mindestens"),
    ("Std.", "Stunden"),
    ("Min.", "Minuten"),
    ("zzgl.", "und dazu"),
];

fn abbreviation(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let mut covered: Vec<(usize, usize)> = Vec::new();
    // "Hauptstr.": a street name ending in the abbreviation
    for (i, _) in text.match_indices("str.") {
        let ws = text[..i]
            .char_indices()
            .rev()
            .find(|(_, ch)| !ch.is_alphabetic())
            .map_or(0, |(j, ch)| j + ch.len_utf8());
        if i - ws >= 3 && text[ws..].starts_with(char::is_uppercase) {
            covered.push((ws, i + 4));
            hits.push(hit(
                c.sentence.start + ws,
                c.sentence.start + i + 4,
                format!("„{}“ ist eine Abkürzung.", &text[ws..i + 4]),
                Some(format!("{}straße", &text[ws..i])),
            ));
        }
    }
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        let patterns: Vec<&str> = DOTTED_ABBREVIATIONS.iter().map(|(a, _)| *a).collect();
        automaton(&patterns, false)
    });
    if text.contains('.') {
        for m in ac.find_iter(text) {
            let (i, end) = (m.start(), m.end());
            let before_ok = text[..i]
                .chars()
                .next_back()
                .is_none_or(|ch| !ch.is_alphabetic());
            if !before_ok || covered.iter().any(|&(a, b)| i < b && end > a) {
                continue;
            }
            covered.push((i, end));
            let (abbr, long) = DOTTED_ABBREVIATIONS[m.pattern().as_usize()];
            hits.push(hit(
                c.sentence.start + i,
                c.sentence.start + end,
                format!("„{abbr}“ ist eine Abkürzung."),
                Some(long.to_string()),
            ));
        }
    }
    // acronyms: SGB, ALG, BAföG
    for t in &c.toks {
        let upper = t.text.chars().filter(|ch| ch.is_uppercase()).count();
        let letters = t.letters();
        if t.parts.len() == 1
            && (2..=6).contains(&letters)
            && upper >= 2
            && upper * 2 > letters
            && !is_roman(t.text)
            && lexicon::zipf(&t.lower).is_none_or(|z| z < 4.0 || upper == letters)
            && !(upper == letters && letters >= 5 && lexicon::zipf(&t.lower).is_some())
        {
            hits.push(Hit {
                severity: Some(Severity::Info),
                ..hit(
                    t.start,
                    t.end,
                    format!(
                        "„{}“ ist eine Abkürzung. Erklären Sie die Abkürzung beim ersten Mal.",
                        t.text
                    ),
                    None,
                )
            });
        }
    }
}

fn special_character(c: &Ctx, hits: &mut Vec<Hit>) {
    const CHARS: [(char, Option<&str>); 14] = [
        ('&', Some("und")),
        ('§', Some("Paragraf")),
        (';', Some(". (neuer Satz)")),
        ('/', Some("oder")),
        ('+', Some("und")),
        ('=', Some("ist")),
        ('~', Some("ungefähr")),
        ('<', Some("weniger als")),
        ('>', Some("mehr als")),
        ('#', None),
        ('|', None),
        ('^', None),
        ('†', Some("gestorben")),
        ('*', None),
    ];
    let text = c.text();
    // URLs, e-mail addresses and gender markers are not flagged here
    let skip: Vec<(usize, usize)> = text
        .split_whitespace()
        .filter(|w| w.contains("://") || w.starts_with("www.") || w.contains('@'))
        .map(|w| {
            let a = w.as_ptr() as usize - text.as_ptr() as usize;
            (a, a + w.len())
        })
        .collect();
    for (i, ch) in text.char_indices() {
        let Some((_, instead)) = CHARS.iter().find(|(x, _)| *x == ch) else {
            continue;
        };
        if skip.iter().any(|&(a, b)| (a..b).contains(&i)) {
            continue;
        }
        let prev = text[..i].chars().next_back();
        let next = text[i + ch.len_utf8()..].chars().next();
        if matches!(ch, '*' | '/')
            && prev.is_some_and(char::is_alphabetic)
            && next.is_some_and(|n| n.is_alphabetic() || n == '-')
        {
            continue; // gender marker (Lehrer*innen, Lehrer/-innen)
        }
        if ch == '/'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            continue; // 2024/25, 24/7
        }
        hits.push(hit(
            c.sentence.start + i,
            c.sentence.start + i + ch.len_utf8(),
            format!("„{ch}“ ist ein Sonder-Zeichen."),
            instead.map(|s| s.to_string()),
        ));
    }
}

fn brackets(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let mut open: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        match ch {
            '(' | '[' if open.is_none() => open = Some(i),
            ')' | ']' => {
                let a = open.take().unwrap_or(i);
                hits.push(hit(
                    c.sentence.start + a,
                    c.sentence.start + i + 1,
                    "Hier steht etwas in Klammern.".into(),
                    Some("Schreiben Sie das in einen eigenen Satz.".into()),
                ));
            }
            _ => {}
        }
    }
    if let Some(a) = open {
        hits.push(hit(
            c.sentence.start + a,
            c.sentence.start + a + 1,
            "Hier steht eine Klammer.".into(),
            Some("Schreiben Sie das in einen eigenen Satz.".into()),
        ));
    }
}

/// Latin and Greek suffixes of foreign words (Partizipation, Kompetenz, Inklusion).
const FOREIGN_SUFFIXES: [&str; 10] = [
    "ation", "ität", "ismus", "enz", "anz", "ion", "ive", "iv", "ologie", "ieren",
];

/// A foreign word: an English word used in German below Zipf 4.5 (*Meeting*, not *Team*), or a
/// word with a Latin/Greek suffix below Zipf 3.5 (*Partizipation*, not *Information* or
/// *Explosion*).
fn is_foreign(lower: &str, zipf: Option<f32>) -> bool {
    let z = zipf.unwrap_or(0.0);
    (lexicon::is_english(lower) && z < 4.5)
        || (z < 3.5
            && FOREIGN_SUFFIXES.iter().any(|s| lower.ends_with(s))
            && lower.chars().count() >= 7)
}

fn foreign_word(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        for &(a, b) in t.parts {
            let part = &c.input[a..b];
            let info = lexicon::info(part);
            if info.zipf.is_some_and(|z| z >= 4.5) || usize::from(info.letters) < 3 {
                continue;
            }
            if !part.chars().all(char::is_alphabetic) {
                continue;
            }
            let lower = part.to_lowercase();
            if is_foreign(&lower, info.zipf) {
                hits.push(hit(
                    a,
                    b,
                    format!("„{part}“ ist ein Fremd-Wort."),
                    Some("Nehmen Sie ein deutsches Wort. Oder erklären Sie das Wort.".into()),
                ));
            }
        }
    }
}

fn rare_word(c: &Ctx, hits: &mut Vec<Hit>) {
    for (i, t) in c.toks.iter().enumerate() {
        for &(a, b) in t.parts {
            let part = &c.input[a..b];
            let info = lexicon::info(part);
            if info.zipf.is_some_and(|z| z >= c.cfg.rare_word_zipf) || info.letters < 4 {
                continue;
            }
            let lower = part.to_lowercase();
            if !part.chars().all(char::is_alphabetic) {
                continue;
            }
            if is_foreign(&lower, info.zipf) || is_roman(part) {
                continue; // reported as foreign word or Roman numeral
            }
            let z = lexicon::zipf(&lower);
            if z.is_some_and(|z| z >= c.cfg.rare_word_zipf) {
                continue;
            }
            let capital = part.starts_with(char::is_uppercase);
            // a long noun that splits into known words is reported as a compound
            if capital
                && t.parts.len() == 1
                && t.letters() >= c.cfg.compound_min_letters
                && split_compound(&lower, 2.5).is_some()
            {
                continue;
            }
            if z.is_none() && capital && t.parts.len() == 1 {
                // an unknown capitalised word inside the sentence is probably a name
                if i > 0 && lexicon::zipf(&lower).is_none() && split_compound(&lower, 2.5).is_none()
                {
                    hits.push(Hit {
                        severity: Some(Severity::Info),
                        ..hit(
                            a,
                            b,
                            format!("„{part}“ kennen viele Menschen nicht. Wenn es ein Name ist: Alles gut."),
                            Some("Erklären Sie das Wort.".into()),
                        )
                    });
                    continue;
                }
            }
            hits.push(hit(
                a,
                b,
                format!("„{part}“ ist ein seltenes Wort."),
                Some("Nehmen Sie ein bekanntes Wort. Oder erklären Sie das Wort.".into()),
            ));
        }
    }
}

const NOMINAL_SUFFIXES: [&str; 8] = [
    "ung", "heit", "keit", "tion", "ität", "nis", "schaft", "ungen",
];

fn nominal_style(c: &Ctx, hits: &mut Vec<Hit>) {
    let nominal: Vec<&Tok> = c
        .toks
        .iter()
        .filter(|t| {
            t.capitalised()
                && t.letters() >= 6
                && NOMINAL_SUFFIXES.iter().any(|s| t.lower.ends_with(s))
        })
        .collect();
    if nominal.len() >= 2 {
        for t in nominal {
            let verb = t
                .lower
                .strip_suffix("ungen")
                .or_else(|| t.lower.strip_suffix("ung"))
                .map(|stem| format!("{stem}en"))
                .filter(|v| lexicon::zipf(v).is_some());
            hits.push(hit(
                t.start,
                t.end,
                format!(
                    "„{}“ ist ein Haupt-Wort aus einem Verb. Der Satz hat viele solche Wörter.",
                    t.text
                ),
                verb.map(|v| format!("Nehmen Sie das Verb: {v}")),
            ));
        }
    }
    // "zum Ausfüllen", "beim Lesen": a verb used as a noun
    for pair in c.toks.windows(2) {
        let (p, n) = (&pair[0], &pair[1]);
        if matches!(p.lower.as_str(), "zum" | "beim" | "vom")
            && n.capitalised()
            && n.lower.ends_with("en")
            && lexicon::verb_form(&n.lower).is_none()
            && lexicon::zipf(&n.lower).is_some()
            && is_verb_infinitive(&n.lower)
        {
            hits.push(hit(
                p.start,
                n.end,
                format!("„{} {}“: Hier ist ein Verb ein Haupt-Wort.", p.text, n.text),
                Some(format!("Nehmen Sie das Verb: {}", n.lower)),
            ));
        }
    }
}

/// Whether a lower-case word ending in -en is a verb infinitive (some form of it is in the
/// verb lexicon with this lemma).
fn is_verb_infinitive(lower: &str) -> bool {
    lexicon::participle_of(lower).is_some()
}

fn impersonal_man(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if t.lower == "man" {
            hits.push(hit(
                t.start,
                t.end,
                "„man“ sagt nicht, wer gemeint ist.".into(),
                Some(keep_case(t.text, "Sie")),
            ));
        }
    }
}

fn roman_value(s: &str) -> Option<u32> {
    let v = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(v).collect();
    let digits = digits?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    let total = u32::try_from(total).ok()?;
    // canonical form only (rejects "IIII", "VX", "DM")
    (to_roman(total) == s).then_some(total)
}

fn to_roman(mut n: u32) -> String {
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

fn is_roman(s: &str) -> bool {
    const NOT_NUMERALS: [&str; 8] = ["CD", "DC", "MC", "CM", "MD", "CC", "XL", "MM"];
    s.chars().count() >= 2 && !NOT_NUMERALS.contains(&s) && roman_value(s).is_some()
}

fn roman_numeral(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        if is_roman(t.text) {
            let v = roman_value(t.text).unwrap_or(0);
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist eine römische Zahl.", t.text),
                Some(v.to_string()),
            ));
        }
    }
}

fn gender_marker(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    for (i, ch) in text.char_indices() {
        let marker_len = match ch {
            '*' | ':' | '_' | '/' => ch.len_utf8(),
            'I' => 0, // Binnen-I: LehrerInnen
            _ => continue,
        };
        let before = &text[..i];
        if !before.chars().next_back().is_some_and(char::is_lowercase) {
            continue;
        }
        let mut rest = &text[i + marker_len..];
        if ch == '/' {
            rest = rest.strip_prefix('-').unwrap_or(rest);
        }
        let ending = if rest.starts_with("innen") || (ch == 'I' && rest.starts_with("Innen")) {
            "innen"
        } else if rest.starts_with("in") || (ch == 'I' && rest.starts_with("In")) {
            "in"
        } else {
            continue;
        };
        let after_end = &rest[ending.len()..];
        if after_end.chars().next().is_some_and(char::is_alphabetic) {
            continue; // "LehrerInnenzimmer" is still a marker, but "Berlin:" is not: require a word end
        }
        let ws = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(j, c)| j + c.len_utf8());
        let base = &text[ws..i];
        if base.chars().count() < 3 || !base.starts_with(char::is_uppercase) {
            continue;
        }
        let end = text.len() - after_end.len();
        let suggestion = if ending == "innen" && (base.ends_with("er") || base.ends_with("el")) {
            format!("{base}innen und {base}")
        } else if ending == "in" && (base.ends_with("er") || base.ends_with("el")) {
            format!("{base}in oder {base}")
        } else {
            format!("{base}{ending} und … (die männliche Form)")
        };
        hits.push(hit(
            c.sentence.start + ws,
            c.sentence.start + end,
            format!("„{}“ hat ein Gender-Zeichen.", &text[ws..end]),
            Some(suggestion),
        ));
    }
}

const CROSS_REFERENCES: [&str; 22] = [
    "siehe oben",
    "siehe unten",
    "s. o.",
    "s. u.",
    "s.o.",
    "s.u.",
    "vgl.",
    "wie oben",
    "oben genannt",
    "oben erwähnt",
    "oben beschrieben",
    "weiter oben",
    "weiter unten",
    "im folgenden",
    "siehe seite",
    "siehe kapitel",
    "siehe abschnitt",
    "siehe anlage",
    "siehe punkt",
    "wie bereits erwähnt",
    "wie schon gesagt",
    "wie bereits gesagt",
];

fn automaton(patterns: &[&str], case_insensitive: bool) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(case_insensitive)
        .match_kind(MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("constant patterns build an automaton")
}

fn cross_reference(c: &Ctx, hits: &mut Vec<Hit>) {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| automaton(&CROSS_REFERENCES, true));
    let text = c.text();
    for m in ac.find_iter(text) {
        let (i, j) = (m.start(), m.end());
        if text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        {
            continue;
        }
        hits.push(hit(
            c.sentence.start + i,
            c.sentence.start + j,
            format!("„{}“ schickt die Leser an eine andere Stelle.", &text[i..j]),
            Some("Schreiben Sie die Information hier noch einmal.".into()),
        ));
    }
}

/// Idioms: the words (lower-case prefixes, in order) and what they mean.
const IDIOMS: [(&[&str], &str); 36] = [
    (&["daumen", "drück"], "Glück wünschen"),
    (&["schlauch", "steh"], "etwas nicht verstehen"),
    (
        &["hals", "über", "kopf"],
        "sehr schnell und ohne nachzudenken",
    ),
    (&["unter", "den", "teppich"], "etwas verstecken"),
    (&["auf", "den", "punkt"], "kurz sagen, was wichtig ist"),
    (&["über", "den", "berg"], "das Schlimmste ist vorbei"),
    (&["tomaten", "auf", "den", "augen"], "etwas nicht sehen"),
    (&["ins", "gras", "beiß"], "sterben"),
    (&["katze", "im", "sack"], "etwas kaufen, ohne es zu kennen"),
    (&["tassen", "im", "schrank"], "verrückt sein"),
    (&["ins", "fettnäpfchen"], "etwas Peinliches sagen oder tun"),
    (&["unter", "einen", "hut"], "zusammen-bringen"),
    (&["unter", "die", "arme"], "helfen"),
    (&["auf", "dem", "laufenden"], "Bescheid wissen"),
    (&["aus", "allen", "wolken"], "sehr überrascht sein"),
    (
        &["den", "faden", "verl"],
        "nicht mehr wissen, was man sagen will",
    ),
    (&["die", "nase", "voll"], "genug haben"),
    (&["auf", "eigene", "faust"], "allein, ohne Hilfe"),
    (&["kopf", "und", "kragen"], "alles riskieren"),
    (&["unter", "vier", "augen"], "allein, nur zu zweit"),
    (
        &["auge", "zudrück"],
        "etwas erlauben, das eigentlich nicht erlaubt ist",
    ),
    (
        &["zwei", "fliegen", "mit", "einer", "klappe"],
        "2 Dinge auf einmal schaffen",
    ),
    (
        &["blaue", "vom", "himmel"],
        "viel versprechen, das nicht stimmt",
    ),
    (&["liegt", "auf", "der", "hand"], "das ist klar"),
    (&["ins", "wasser", "fiel"], "hat nicht statt-gefunden"),
    (&["ins", "wasser", "fällt"], "findet nicht statt"),
    (&["am", "ball", "bleib"], "weiter-machen"),
    (&["auf", "augenhöhe"], "gleich-berechtigt"),
    (&["den", "kopf", "hängen"], "traurig sein"),
    (&["auf", "die", "nerven"], "stören, ärgern"),
    (&["mit", "kind", "und", "kegel"], "mit der ganzen Familie"),
    (&["den", "löffel", "abgeb"], "sterben"),
    (
        &["in", "den", "sauren", "apfel"],
        "etwas Unangenehmes tun müssen",
    ),
    (&["dorn", "im", "auge"], "etwas stört sehr"),
    (&["über", "den", "tisch", "gezogen"], "betrogen"),
    (&["den", "gürtel", "enger"], "weniger Geld ausgeben"),
];

/// Token range of `words` in order, each within 3 tokens of the previous one.
fn find_in_order(c: &Ctx, words: &[&str]) -> Option<(usize, usize)> {
    // short keywords must match exactly, longer ones may be inflected (gedrückt)
    let matches = |l: &str, w: &str| if w.len() <= 3 { l == w } else { l.contains(w) };
    'start: for i in 0..c.toks.len() {
        if !matches(&c.toks[i].lower, words[0]) {
            continue;
        }
        let mut at = i;
        for w in &words[1..] {
            match (at + 1..(at + 4).min(c.toks.len())).find(|&j| matches(&c.toks[j].lower, w)) {
                Some(j) => at = j,
                None => continue 'start,
            }
        }
        return Some((i, at));
    }
    None
}

fn idiom(c: &Ctx, hits: &mut Vec<Hit>) {
    // the longest keyword of each idiom must occur in the sentence before its words are matched
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        let anchors: Vec<&str> = IDIOMS
            .iter()
            .map(|(words, _)| *words.iter().max_by_key(|w| w.len()).unwrap_or(&""))
            .collect();
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(anchors)
            .expect("constant patterns build an automaton")
    });
    let mut candidates: Vec<usize> = ac
        .find_overlapping_iter(c.text())
        .map(|m| m.pattern().as_usize())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for k in candidates {
        let (words, meaning) = IDIOMS[k];
        // two-word idioms also in the other order ("drücken Ihnen die Daumen")
        let reversed: Vec<&str> = words.iter().rev().copied().collect();
        let found = find_in_order(c, words).or_else(|| {
            (words.len() == 2)
                .then(|| find_in_order(c, &reversed))
                .flatten()
        });
        if let Some((i, j)) = found {
            let (a, b) = (c.toks[i].start, c.toks[j].end);
            hits.push(hit(
                a,
                b,
                format!("„{}“ ist eine Rede-Wendung.", &c.input[a..b]),
                Some(format!("Schreiben Sie, was Sie meinen: {meaning}")),
            ));
        }
    }
}

fn enumeration(c: &Ctx, hits: &mut Vec<Hit>) {
    // items: short runs separated by commas, the last one after und/oder/sowie
    let commas: Vec<usize> = c
        .toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.comma_before)
        .map(|(i, _)| i)
        .collect();
    let mut k = 0;
    while k < commas.len() {
        // a run of commas with ≤ 4 words between them
        let mut run = vec![commas[k]];
        while k + 1 < commas.len() && commas[k + 1] - commas[k] <= 4 {
            k += 1;
            run.push(commas[k]);
        }
        k += 1;
        let last = *run.last().unwrap_or(&0);
        let conj = (last + 1..(last + 5).min(c.toks.len()))
            .find(|&j| matches!(c.toks[j].lower.as_str(), "und" | "oder" | "sowie"));
        let Some(conj) = conj else { continue };
        if run.len() + 2 < 3 {
            continue;
        }
        let item_len = run.get(1).map_or(conj - last, |r| r - run[0]).clamp(1, 4);
        let first = run[0].saturating_sub(item_len);
        let end_item = (conj + 1 + item_len).min(c.toks.len());
        if conj + 1 >= c.toks.len() {
            continue;
        }
        let mut bounds = vec![first];
        bounds.extend(&run);
        bounds.push(conj);
        let mut items: Vec<String> = bounds
            .windows(2)
            .map(|w| {
                let (a, b) = (c.toks[w[0]].start, c.toks[w[1] - 1].end);
                c.input[a..b].to_string()
            })
            .collect();
        items.push(c.input[c.toks[conj + 1].start..c.toks[end_item - 1].end].to_string());
        if items.len() < 3 {
            continue;
        }
        let list: String = items.iter().map(|i| format!("\n- {i}")).collect();
        hits.push(hit(
            c.toks[first].start,
            c.toks[end_item - 1].end,
            format!("Dieser Satz zählt {} Dinge auf.", items.len()),
            Some(format!("Machen Sie eine Liste:{list}")),
        ));
    }
}

fn all_caps(c: &Ctx, hits: &mut Vec<Hit>) {
    for t in &c.toks {
        let letters = t.letters();
        if letters >= 5
            && t.text
                .chars()
                .filter(|ch| ch.is_alphabetic())
                .all(char::is_uppercase)
            && !is_roman(t.text)
            && lexicon::zipf(&t.lower).is_some()
        {
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist in Groß-Buchstaben geschrieben.", t.text),
                Some(capitalise(&t.lower)),
            ));
        }
    }
}
