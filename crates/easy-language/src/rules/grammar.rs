//! Grammar rules: passive, genitive, subjunctive, negation, preterite, nominal style, impersonal "man".

use super::*;

/// `passive-voice`
pub(super) const PASSIVE_VOICE: Rule = Rule {
    id: RuleId::PassiveVoice,
    title: "Passiv",
    sources: &["N", "H", "B", "IE"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie aktiv. Sagen Sie, wer etwas tut. Zum Beispiel: „Das Amt prüft den Antrag.“ Nicht: „Der Antrag wird geprüft.“",
};

/// `genitive`
pub(super) const GENITIVE: Rule = Rule {
    id: RuleId::Genitive,
    title: "Genitiv",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Der Genitiv ist schwer. Schreiben Sie „von dem“ oder „von der“. Zum Beispiel: „Das Haus von dem Lehrer.“",
};

/// `subjunctive`
pub(super) const SUBJUNCTIVE: Rule = Rule {
    id: RuleId::Subjunctive,
    title: "Konjunktiv",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie klar, was ist. Wörter wie „würde“, „könnte“ oder „wäre“ sind schwer.",
};

/// `negation`
pub(super) const NEGATION: Rule = Rule {
    id: RuleId::Negation,
    title: "Verneinung",
    sources: &["N", "H", "IE"],
    severity: [Some(W), Some(I), Some(W)],
    explanation: "Schreiben Sie positiv. Sagen Sie, was ist. Nicht: was nicht ist. Zum Beispiel: „Bleiben Sie ruhig.“ Nicht: „Seien Sie nicht aufgeregt.“",
};

/// `preterite`
pub(super) const PRETERITE: Rule = Rule {
    id: RuleId::Preterite,
    title: "Präteritum",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie in der Gegenwart. Oder im Perfekt. Zum Beispiel: „Er hat gesagt.“ Nicht: „Er sagte.“",
};

/// `nominal-style`
pub(super) const NOMINAL_STYLE: Rule = Rule {
    id: RuleId::NominalStyle,
    title: "Nominalstil",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Benutzen Sie Verben. Verben sind Tu-Wörter. Zum Beispiel: „Wir beraten Sie.“ Nicht: „Die Beratung erfolgt.“",
};

/// `impersonal-man`
pub(super) const IMPERSONAL_MAN: Rule = Rule {
    id: RuleId::ImpersonalMan,
    title: "Unpersönliches „man“",
    sources: &["N", "H"],
    severity: [Some(W), Some(I), Some(W)],
    explanation: "Sprechen Sie die Leser direkt an. Schreiben Sie: Sie. Nicht: man.",
};

/// Token ranges of the clauses of the sentence.
pub(super) fn clauses(c: &Ctx) -> Vec<std::ops::Range<usize>> {
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

pub(super) fn passive_voice(c: &Ctx, hits: &mut Vec<Hit>) {
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
                    Some((VerbForm::Subjunctive, _)) => false,
                    None => looks_like_participle(t),
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

/// A participle the lexicon does not list, from its shape: lower case, ending in -t, with an
/// inseparable prefix (*veranlasst*, *verabreicht*, *berechnet*) or *ge* after a separable one
/// (*angemeldet*, *ausgezahlt*). Only used next to a form of *werden*.
pub(super) fn looks_like_participle(t: &Tok<'_>) -> bool {
    const INSEPARABLE: [&str; 8] = ["ge", "be", "ver", "er", "ent", "zer", "über", "unter"];
    const SEPARABLE: [&str; 12] = [
        "an", "auf", "ab", "aus", "ein", "vor", "zu", "mit", "nach", "zurück", "weg", "fest",
    ];
    const NOT_PARTICIPLES: [&str; 8] = [
        "bereit", "bereits", "gerecht", "erst", "ersten", "gesamt", "genug", "gut",
    ];
    let l = t.lower.as_str();
    if t.capitalised()
        || !l.ends_with('t')
        || l.chars().count() < 6
        || !l.chars().all(char::is_alphabetic)
        || NOT_PARTICIPLES.contains(&l)
    {
        return false;
    }
    INSEPARABLE.iter().any(|p| l.starts_with(p))
        || SEPARABLE
            .iter()
            .any(|p| l.strip_prefix(p).is_some_and(|rest| rest.starts_with("ge")))
}

impl Tok<'_> {
    /// A capitalised word not at the start of the sentence is a noun, not a participle.
    fn capitalised_noun_position(&self, index_in_clause: usize) -> bool {
        self.capitalised() && (index_in_clause != 0 || self.clause_before)
    }
}

pub(super) fn genitive(c: &Ctx, hits: &mut Vec<Hit>) {
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
    // an attribute in the genitive after a noun: "die Kosten der Unterkunft", "die
    // Bedürfnisse der Kinder", "eine Überprüfung Ihrer Pflichten" (the article is ambiguous
    // with the dative, so only between two nouns); "während dieser Zeit"
    const AMBIGUOUS: [&str; 7] = [
        "der", "einer", "ihrer", "unserer", "dieser", "meiner", "seiner",
    ];
    for (i, t) in c.toks.iter().enumerate() {
        if !AMBIGUOUS.contains(&t.lower.as_str()) || i == 0 || t.clause_before {
            continue;
        }
        let prev = &c.toks[i - 1];
        // the polite pronouns are capitalised but not nouns ("Sagen Sie der Ärztin …")
        const POLITE: [&str; 4] = ["sie", "ihnen", "ihr", "ihre"];
        let after_noun = i >= 2
            && prev.capitalised()
            && prev.letters() >= 3
            && !prev.clause_before
            && !POLITE.contains(&prev.lower.as_str());
        let after_while = prev.lower == "während";
        let noun_follows = c.toks[i + 1..]
            .iter()
            .take(3)
            .take_while(|n| !n.clause_before)
            .any(|n| n.capitalised());
        if (after_noun || after_while) && noun_follows {
            let instead = if t.lower == "der" { "von der" } else { "von" };
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist hier Genitiv.", t.text),
                Some(format!(
                    "Schreiben Sie „{}“. Zum Beispiel: die Kosten von der Wohnung.",
                    keep_case(t.text, instead)
                )),
            ));
        }
    }
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
pub(super) fn keep_case(original: &str, replacement: &str) -> String {
    if original.starts_with(char::is_uppercase) {
        capitalise(replacement)
    } else {
        replacement.to_string()
    }
}

pub(super) fn subjunctive(c: &Ctx, hits: &mut Vec<Hit>) {
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

pub(super) fn negation(c: &Ctx, hits: &mut Vec<Hit>) {
    let question = c.text().trim_end().ends_with('?');
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
            // a hint, not a warning, where Leichte Sprache has no positive wording: the
            // question that states a condition ("Sie können nicht kommen? Dann rufen Sie an.")
            // and "niemand"
            let hint = question || t.lower == "niemand";
            hits.push(Hit {
                severity: hint.then_some(Severity::Info),
                ..hit(t.start, t.end, message, None)
            });
        }
    }
}

pub(super) fn preterite(c: &Ctx, hits: &mut Vec<Hit>) {
    // per clause, once: does it hold a participle, a form of werden (linear in the sentence)
    let clause_ranges = clauses(c);
    // present forms of haben and sein: with them a past form in -en is the participle it
    // equals (Sie haben unterschrieben; Rauchen ist verboten)
    const PERFECT_AUXILIARIES: [&str; 11] = [
        "hat", "haben", "habe", "hast", "habt", "ist", "sind", "bin", "bist", "seid", "sei",
    ];
    let facts: Vec<(bool, bool, bool)> = clause_ranges
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
                toks.iter()
                    .any(|x| PERFECT_AUXILIARIES.contains(&x.lower.as_str())),
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
        let (has_participle, with_werden, with_perfect) =
            facts.get(clause).copied().unwrap_or_default();
        // sollte, sollten: in today's German mostly Konjunktiv (Sie sollten kommen): reported
        // as subjunctive
        if l.starts_with("sollt") {
            continue;
        }
        if matches!(l, "wurde" | "wurden" | "wurdest") && has_participle {
            continue; // passive auxiliary: reported as passive voice
        }
        // next to a form of werden, a past form in -en is the participle (wird freigelassen)
        if (with_werden || with_perfect)
            && l.ends_with("en")
            && matches!(t.info.verb, Some((VerbForm::Past, _)))
        {
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

pub(super) const NOMINAL_SUFFIXES: [&str; 8] = [
    "ung", "heit", "keit", "tion", "ität", "nis", "schaft", "ungen",
];

/// The verb of a noun's stem (*Sicher-ung* → *sichern*, *Handl-ung* → *handeln*, *Prüf-ung* →
/// *prüfen*): the candidates in the order German forms them, a known verb (one with a
/// participle in the lexicon) first, else a known word.
fn verb_of_stem(stem: &str) -> Option<String> {
    let mut candidates = Vec::new();
    if stem.ends_with("er") || stem.ends_with("el") {
        candidates.push(format!("{stem}n")); // sicher-n, wechsel-n
    }
    let mut chars = stem.chars().rev();
    if let (Some(last @ ('l' | 'r')), Some(before)) = (chars.next(), chars.next())
        && !"aeiouäöü".contains(before)
    {
        // handl-ung → hand-el-n, wandr-ung → wand-er-n
        let head = &stem[..stem.len() - 1];
        candidates.push(format!("{head}e{last}n"));
    }
    candidates.push(format!("{stem}en"));
    candidates
        .iter()
        .find(|v| lexicon::participle_of(v).is_some())
        .or_else(|| candidates.iter().find(|v| lexicon::zipf(v).is_some()))
        .cloned()
}

pub(super) fn nominal_style(c: &Ctx, hits: &mut Vec<Hit>) {
    let nominal: Vec<&Tok> = c
        .toks
        .iter()
        .filter(|t| {
            t.capitalised()
                && t.letters() >= 6
                && NOMINAL_SUFFIXES.iter().any(|s| t.lower.ends_with(s))
        })
        .collect();
    // a function verb carries no meaning of its own: the meaning is in the noun ("Die
    // Bewilligung erfolgt", "Die Prüfung findet statt")
    const FUNCTION_VERBS: [&str; 10] = [
        "erfolgt",
        "erfolgen",
        "erfolgte",
        "erfolgten",
        "stattfinden",
        "vorgenommen",
        "durchgeführt",
        "vorbehalten",
        "vornehmen",
        "durchführen",
    ];
    let function_verb = c
        .toks
        .iter()
        .any(|t| FUNCTION_VERBS.contains(&t.lower.as_str()));
    if nominal.len() >= 2 || (function_verb && !nominal.is_empty()) {
        let why = if nominal.len() >= 2 {
            "Der Satz hat viele solche Wörter."
        } else {
            "Das Verb in dem Satz sagt fast nichts."
        };
        for t in nominal {
            let verb = t
                .lower
                .strip_suffix("ungen")
                .or_else(|| t.lower.strip_suffix("ung"))
                .and_then(verb_of_stem);
            hits.push(hit(
                t.start,
                t.end,
                format!("„{}“ ist ein Haupt-Wort aus einem Verb. {why}", t.text),
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
pub(super) fn is_verb_infinitive(lower: &str) -> bool {
    lexicon::participle_of(lower).is_some()
}

pub(super) fn impersonal_man(c: &Ctx, hits: &mut Vec<Hit>) {
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
