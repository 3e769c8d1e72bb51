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

pub(super) fn sentence_too_long(c: &Ctx, hits: &mut Vec<Hit>) {
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

pub(super) fn multiple_statements(c: &Ctx, hits: &mut Vec<Hit>) {
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
