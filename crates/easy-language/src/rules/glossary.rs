//! `glossary` and `preferred-form`: the translator's terminology list ([`crate::Glossary`]).

use super::*;

/// `glossary`
pub(super) const GLOSSARY: Rule = Rule {
    id: RuleId::Glossary,
    title: "Wort aus dem Glossar",
    sources: &["N", "H"],
    severity: [Some(I), Some(I), Some(I)],
    explanation: "Das Wort steht in Ihrem Glossar. Erklären Sie das Wort so, wie das Glossar es sagt.",
};

/// `preferred-form`
pub(super) const PREFERRED_FORM: Rule = Rule {
    id: RuleId::PreferredForm,
    title: "Schreibweise aus dem Glossar",
    sources: &["N", "H"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Ihr Glossar sagt, wie man das Wort schreibt. Schreiben Sie das Wort immer gleich.",
};

/// The glossary entry of a word, if any: the whole word (*Job-Center*) or its lower case.
pub(super) fn entry<'a>(c: &'a Ctx, t: &Tok) -> Option<&'a crate::GlossaryEntry> {
    c.cfg.glossary.lookup(&t.lower)
}

pub(super) fn glossary(c: &Ctx, hits: &mut Vec<Hit>) {
    if c.cfg.glossary.is_empty() {
        return;
    }
    for t in &c.toks {
        let Some(e) = entry(c, t) else { continue };
        let Some(explanation) = e.explanation.as_deref().filter(|x| !x.trim().is_empty()) else {
            continue;
        };
        hits.push(hit(
            t.start,
            t.end,
            format!("„{}“ steht im Glossar.", t.text),
            Some(explanation.trim().to_string()),
        ));
    }
}

pub(super) fn preferred_form(c: &Ctx, hits: &mut Vec<Hit>) {
    if c.cfg.glossary.is_empty() {
        return;
    }
    for t in &c.toks {
        let Some(e) = entry(c, t) else { continue };
        let Some(preferred) = e
            .preferred
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        else {
            continue;
        };
        if t.text == preferred {
            continue;
        }
        hits.push(hit(
            t.start,
            t.end,
            format!("Im Glossar steht: „{preferred}“."),
            Some(preferred.to_string()),
        ));
    }
}
