//! Layout rules over the whole text: one sentence per line, no hyphenation at the end of a line.

use super::*;

/// `one-sentence-per-line`
pub(super) const ONE_SENTENCE_PER_LINE: Rule = Rule {
    id: RuleId::OneSentencePerLine,
    title: "Ein Satz pro Zeile",
    sources: &["N", "H", "B"],
    severity: [Some(W), Some(W), Some(W)],
    explanation: "Schreiben Sie jeden Satz in eine neue Zeile.",
};

/// `line-end-hyphenation`
pub(super) const LINE_END_HYPHENATION: Rule = Rule {
    id: RuleId::LineEndHyphenation,
    title: "Trennung am Zeilenende",
    sources: &["N", "H", "B"],
    severity: [Some(E), Some(E), Some(E)],
    explanation: "Trennen Sie Wörter nicht am Ende von einer Zeile. Schreiben Sie das ganze Wort in eine Zeile.",
};

/// Findings of rules about the layout of the whole text (one sentence per line, words broken
/// at the end of a line).
pub(crate) fn text_findings(input: &str, sentences: &[Sentence], cfg: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let on = |id: RuleId| {
        (!cfg.disabled.contains(&id))
            .then(|| id.rule().severity_in(cfg.profile))
            .flatten()
            .filter(|&sev| sev >= cfg.min_severity)
    };
    if let Some(sev) = on(RuleId::OneSentencePerLine) {
        for pair in sentences.windows(2) {
            let between = &input[pair[0].end..pair[1].start];
            // a colon does not end a sentence: "Das heißt: Sie bekommen Geld." is one line
            // and one sentence in Leichte Sprache, even though the checker counts the part
            // after the colon on its own
            let after_colon = input[..pair[1].start].trim_end().ends_with(':');
            if !between.contains('\n') && !after_colon {
                let first_end = pair[1].words.first().map_or(pair[1].end, |w| w.end);
                out.push(Finding {
                    rule: RuleId::OneSentencePerLine,
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
    if let Some(sev) = on(RuleId::LineEndHyphenation) {
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
                rule: RuleId::LineEndHyphenation,
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
