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

/// Case and number endings of German nouns tried when a word is not in the glossary as it is
/// written (*des Jobcenters*, *den Beratungsstellen*, *Kindern*).
const ENDINGS: [&str; 7] = ["ns", "es", "ern", "en", "er", "s", "n"];

/// Shortest stem an ending is taken off (*Raten* is not an inflected *Rat*).
const MIN_STEM_CHARS: usize = 4;

/// The glossary entry of a word, if any, and the ending the word has beyond the entry: the
/// whole word (*Job-Center*) or its lower case (ending ""), else the word without a noun ending.
pub(super) fn entry_and_ending<'a, 't>(
    c: &'a Ctx,
    t: &'t Tok,
) -> Option<(&'a crate::GlossaryEntry, &'t str)> {
    if let Some(e) = c.cfg.glossary.lookup(&t.lower) {
        return Some((e, ""));
    }
    ENDINGS.iter().find_map(|ending| {
        let stem = t.lower.strip_suffix(ending)?;
        if stem.chars().count() < MIN_STEM_CHARS {
            return None;
        }
        let e = c.cfg.glossary.lookup(stem)?;
        // the ending as written (endings are ASCII, so the byte count is the same)
        Some((e, &t.text[t.text.len() - ending.len()..]))
    })
}

/// The glossary entry of a word or of its uninflected form, if any.
pub(super) fn entry<'a>(c: &'a Ctx, t: &Tok) -> Option<&'a crate::GlossaryEntry> {
    entry_and_ending(c, t).map(|(e, _)| e)
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
        let Some((e, ending)) = entry_and_ending(c, t) else {
            continue;
        };
        let Some(preferred) = e
            .preferred
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        else {
            continue;
        };
        let preferred = format!("{preferred}{ending}");
        if t.text == preferred {
            continue;
        }
        hits.push(hit(
            t.start,
            t.end,
            format!("Im Glossar steht: „{preferred}“."),
            Some(preferred),
        ));
    }
}
