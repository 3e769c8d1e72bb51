//! `question`: a question in running text. A question as a heading (*Was ist Wohngeld?*) is
//! fine and common in Leichte Sprache, so the rule only informs.

use super::*;

/// `question`
pub(super) const QUESTION: Rule = Rule {
    id: RuleId::Question,
    title: "Frage im Text",
    sources: &["N"],
    severity: [Some(I), Some(I), Some(I)],
    explanation: "Fragen im Text können verwirren. Schreiben Sie die Antwort als Aussage. Eine Frage als Überschrift ist gut.",
};

pub(super) fn question(c: &Ctx, hits: &mut Vec<Hit>) {
    let text = c.text();
    let trimmed = text.trim_end_matches(|ch: char| ch.is_whitespace() || "\"“”»«'’)".contains(ch));
    if !trimmed.ends_with('?') || c.toks.is_empty() {
        return;
    }
    // a heading: its own line, short
    let own_line = c.input[..c.sentence.start]
        .trim_end_matches([' ', '\t'])
        .ends_with('\n')
        || c.sentence.start == 0;
    let next_line = c.input[c.sentence.end..]
        .trim_start_matches([' ', '\t'])
        .starts_with('\n')
        || c.sentence.end == c.input.len();
    if own_line && next_line && c.toks.len() <= 8 {
        return;
    }
    let end = c.sentence.start + trimmed.len();
    hits.push(hit(
        c.sentence.start,
        end,
        "Das ist eine Frage im Text.".into(),
        Some("Schreiben Sie die Antwort als Aussage.".into()),
    ));
}
