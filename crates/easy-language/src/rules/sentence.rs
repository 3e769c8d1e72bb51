//! Sentence rules: length, statements, subordinate clauses, enumerations.

use super::*;

/// `sentence-too-long`
pub(super) const SENTENCE_TOO_LONG: Rule = Rule {
    id: RuleId::SentenceTooLong,
    title: "Langer Satz",
    sources: &["N", "H", "B", "IE", "DIN"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie kurze Sätze. Ein kurzer Satz hat höchstens 10 Wörter.",
};

/// `multiple-statements`
pub(super) const MULTIPLE_STATEMENTS: Rule = Rule {
    id: RuleId::MultipleStatements,
    title: "Mehr als eine Aussage",
    sources: &["N", "H", "B", "DIN"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie in jeden Satz nur 1 Aussage. Machen Sie aus einem langen Satz 2 kurze Sätze.",
};

/// `subordinate-clause`
pub(super) const SUBORDINATE_CLAUSE: Rule = Rule {
    id: RuleId::SubordinateClause,
    title: "Nebensatz",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Ein Neben-Satz ist schwer. Zum Beispiel ein Satz mit „dass“ oder „weil“. Schreiben Sie lieber 2 Haupt-Sätze.",
};

/// `enumeration`
pub(super) const ENUMERATION: Rule = Rule {
    id: RuleId::Enumeration,
    title: "Aufzählung im Satz",
    sources: &["N", "H", "B"],
    severity: [Some(I), Some(I), Some(I)],
    explanation: "Wenn Sie viele Dinge aufzählen: Machen Sie eine Liste. Jedes Ding kommt in eine neue Zeile.",
};

/// Words of the sentence as a reader counts them: a number written with dots, commas or a
/// colon (01.02.2025, 1.234,56, 9:00) is one word, not three.
pub(super) fn word_count(c: &Ctx) -> usize {
    let digit = |t: &Tok<'_>| t.text.starts_with(|ch: char| ch.is_ascii_digit());
    c.toks
        .iter()
        .enumerate()
        .filter(|&(i, t)| {
            let continues_number = i > 0 && digit(t) && digit(&c.toks[i - 1]) && {
                let between = &c.input[c.toks[i - 1].end..t.start];
                matches!(between, "." | "," | ":")
            };
            !continues_number
        })
        .count()
}

pub(super) fn sentence_too_long(c: &Ctx, hits: &mut Vec<Hit>) {
    let n = word_count(c);
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

/// A word that is probably the finite verb of a clause: a frequent finite verb, a past or
/// Konjunktiv form of the lexicon, or a lower-case word in -t that is not one of the common
/// adverbs, adjectives and prepositions in -t (*dauert*, *kostet*, *hilft*; not *nicht*,
/// *jetzt*, *gut*).
fn verb_like(t: &Tok<'_>, i: usize) -> bool {
    const NOT_VERBS: [&str; 44] = [
        "nicht",
        "jetzt",
        "selbst",
        "oft",
        "sonst",
        "erst",
        "zuerst",
        "meist",
        "bereits",
        "gut",
        "laut",
        "zuletzt",
        "seit",
        "weit",
        "breit",
        "leicht",
        "schlecht",
        "recht",
        "echt",
        "fast",
        "halt",
        "insgesamt",
        "bereit",
        "nachts",
        "mit",
        "heut",
        "bist",
        "samt",
        "satt",
        "sanft",
        "stolz",
        "kalt",
        "alt",
        "bunt",
        "feucht",
        "hart",
        "zart",
        "fest",
        "nett",
        "glatt",
        "tot",
        "rot",
        "spät",
        "bekannt",
    ];
    if t.info.class & class::FINITE_VERB != 0 {
        return true;
    }
    if i > 0 && t.capitalised() {
        return false; // a noun
    }
    match t.info.verb {
        Some((lexicon::VerbForm::Past | lexicon::VerbForm::Subjunctive, _)) => true,
        Some((lexicon::VerbForm::Participle, _)) => false,
        // a participle (behandelt) is the end of the verb bracket, not a new finite verb
        None => {
            i > 0
                && t.lower.ends_with('t')
                && t.letters() >= 4
                && t.text.chars().all(char::is_alphabetic)
                && !NOT_VERBS.contains(&t.lower.as_str())
                && !super::grammar::looks_like_participle(t)
        }
    }
}

/// Subject pronouns that stand right before or after the finite verb of a main clause.
const SUBJECT_PRONOUNS: [&str; 6] = ["ich", "du", "er", "wir", "ihr", "sie"];

/// Whether token `j` is a finite verb: [`verb_like`], or the word of verb-second order next to
/// a subject pronoun ("wir gehen", "du deckst"; "morgen arbeiten wir"), which catches the
/// forms of every person, not only those in -t.
fn finite(c: &Ctx, j: usize) -> bool {
    let t = &c.toks[j];
    if verb_like(t, j) {
        return true;
    }
    let plain = !t.capitalised()
        && t.text.chars().all(char::is_alphabetic)
        && t.letters() >= 3
        && t.info.class & (class::PREPOSITION | class::DETERMINER | class::COORDINATOR) == 0
        && t.info.class & class::CLAUSE_COORDINATOR == 0
        && t.info.class & class::SUBORDINATOR == 0
        && (t.lower.ends_with('e') || t.lower.ends_with("en") || t.lower.ends_with('t'));
    if !plain {
        return false;
    }
    let pronoun = |k: usize| SUBJECT_PRONOUNS.contains(&c.toks[k].lower.as_str());
    // "wir gehen …" at the start of a clause
    let after = j >= 1 && pronoun(j - 1) && {
        let p = j - 1;
        p == 0
            || c.toks[p].clause_before
            || c.toks[p - 1].info.class & class::CLAUSE_COORDINATOR != 0
    };
    // "… morgen arbeiten wir": the verb before the subject, after one word of the clause
    let before = j >= 1
        && c.toks
            .get(j + 1)
            .is_some_and(|n| pronoun(j + 1) && !n.clause_before)
        && !c.toks[j].clause_before;
    after || before
}

/// An article or a personal pronoun: the start of a new subject ("… und die Sonne scheint").
fn starts_subject(t: &Tok<'_>) -> bool {
    const MORE: [&str; 10] = [
        "das", "ein", "er", "sie", "es", "wir", "ihr", "ich", "du", "man",
    ];
    t.info.class & class::DETERMINER != 0 || MORE.contains(&t.lower.as_str())
}

/// Whether the sentence joins two main clauses: a coordinator (*und*, *oder*, *aber* …) with a
/// finite verb on both sides (*Der Beitrag ist gering und wird jährlich berechnet.*), or a paired
/// conjunction. A subordinate clause is reported by `subordinate-clause`, not here.
fn joins_main_clauses(c: &Ctx) -> bool {
    if crate::models::has_paired_conjunction(c.input, c.sentence) {
        return true;
    }
    // ", aber …", ", denn …", ", sondern …" after a finite verb, with a clause of its own after
    // it (not "nicht Tee, sondern Kaffee")
    const CONTRASTS: [&str; 5] = ["aber", "denn", "sondern", "doch", "jedoch"];
    let contrast = c.toks.iter().enumerate().any(|(k, t)| {
        k >= 2
            && t.comma_before
            && CONTRASTS.contains(&t.lower.as_str())
            && (0..k).any(|j| finite(c, j))
            && c.toks[k + 1..]
                .iter()
                .take_while(|n| !n.clause_before)
                .count()
                >= 3
    });
    if contrast {
        return true;
    }
    // a finite verb before the coordinator, in the same main clause: a colon, a subordinator
    // or a question word starts over ("…, dass PRISM und Tempora nicht rechtmäßig sind")
    let verb_before: Vec<bool> = c
        .toks
        .iter()
        .enumerate()
        .scan(false, |seen, (i, t)| {
            let starts_over = t.info.class & class::SUBORDINATOR != 0
                || INTERROGATIVES.contains(&t.lower.as_str())
                || (i > 0 && c.input[c.toks[i - 1].end..t.start].contains(':'));
            if starts_over {
                *seen = false;
            }
            let before = *seen;
            *seen |= finite(c, i);
            Some(before)
        })
        .collect();
    c.toks.iter().enumerate().any(|(k, t)| {
        if k == 0 || t.info.class & class::CLAUSE_COORDINATOR == 0 || !verb_before[k] {
            return false;
        }
        let conjunct: Vec<(usize, &Tok)> = c.toks[k + 1..]
            .iter()
            .enumerate()
            .map(|(j, n)| (k + 1 + j, n))
            .take_while(|(_, n)| !n.clause_before && n.info.class & class::CLAUSE_COORDINATOR == 0)
            .collect();
        // the verbs at the very end after a coordination of nouns close the bracket of the
        // one clause ("… müssen Frauen und Männer gleich behandelt werden")
        let first_verb = conjunct.iter().position(|&(j, _)| finite(c, j));
        let ends_sentence = k + 1 + conjunct.len() == c.toks.len();
        first_verb.is_some_and(|p| {
            let only_bracket_end = ends_sentence
                && p + 2 >= conjunct.len()
                && p >= 1
                && conjunct[p..].iter().all(|(_, n)| n.lower.ends_with("en"))
                && !conjunct[..p].iter().any(|(_, n)| starts_subject(n));
            !only_bracket_end
        })
    })
}

pub(super) fn multiple_statements(c: &Ctx, hits: &mut Vec<Hit>) {
    // a warning where two main clauses are joined (whatever the statement model counts);
    // otherwise the model's count (which, like the StaGE data it is fitted on, counts adjuncts
    // and phrases as statements: "Die Kita ist von 8 Uhr bis 16 Uhr offen.") is a hint
    let joined = joins_main_clauses(c);
    if c.statements > 1 || joined {
        let message = if joined {
            format!(
                "Dieser Satz verbindet 2 Sätze. Er hat wahrscheinlich {} Aussagen. Schreiben Sie nur 1 Aussage in einen Satz.",
                c.statements.max(2)
            )
        } else {
            format!(
                "Dieser Satz hat vielleicht {} Aussagen. Prüfen Sie: Steht nur 1 Aussage in dem Satz?",
                c.statements
            )
        };
        hits.push(Hit {
            severity: (!joined).then_some(Severity::Info),
            ..hit(c.sentence.start, c.sentence.end, message, None)
        });
    }
}

/// End of the clause that starts at token `i` (byte offset).
pub(super) fn clause_end(c: &Ctx, i: usize) -> usize {
    let mut end = c.toks[i].end;
    for t in &c.toks[i + 1..] {
        if t.clause_before {
            break;
        }
        end = t.end;
    }
    end
}

/// Question words that start an indirect question.
const INTERROGATIVES: [&str; 12] = [
    "wie", "wer", "wen", "wem", "was", "wo", "wann", "warum", "wieso", "weshalb", "woher", "wohin",
];

pub(super) fn subordinate_clause(c: &Ctx, hits: &mut Vec<Hit>) {
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
        // an indirect question: a question word after a comma ("…, wie viel Geld Sie
        // bekommen") or at the start of a sentence that is not a question ("Wie viel Geld Sie
        // bezahlen, hängt …"), its clause ending in a verb
        let interrogative = INTERROGATIVES.contains(&l)
            && (t.comma_before || (i == 0 && !c.text().trim_end().ends_with('?')))
            && {
                let clause: Vec<&Tok> = c.toks[i + 1..]
                    .iter()
                    .take_while(|n| !n.clause_before)
                    .collect();
                clause.len() >= 2
                    && clause.last().is_some_and(|n| !n.capitalised())
                    && (i > 0 || c.toks.get(i + 1 + clause.len()).is_some())
            };
        // a relative pronoun counts only at the start of a clause
        let flagged = subordinator || (relative && starts_clause) || interrogative;
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
        let what = if interrogative && !subordinator {
            format!("„{}“ leitet hier einen Neben-Satz ein.", t.text)
        } else if subordinator {
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

pub(super) fn enumeration(c: &Ctx, hits: &mut Vec<Hit>) {
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
