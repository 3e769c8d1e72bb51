//! Output of a [`Report`]: JSON (the FORMATS.md contract), plain text for the terminal, and a
//! self-contained HTML page that highlights every finding in the text with its explanation on
//! hover.

use std::fmt::Write as _;

use welfare_report::Lang;

use crate::rules::RuleId;
use crate::{Report, Severity};

/// The JSON of `welfare text check`.
pub fn to_json(report: &Report) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Line starts of a text, for line:column of byte offsets (binary search, not a scan per
/// finding: reports of 10 MB texts stay linear).
struct LineIndex<'a> {
    input: &'a str,
    starts: Vec<usize>,
    /// The last answer (byte offset, line, column): offsets asked in increasing order (as
    /// findings come) continue from there, so a 10 MB single line costs one pass, not one
    /// pass per finding.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    fn new(input: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(input.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            input,
            starts,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// 1-based line and column (in characters) of byte offset `at`.
    fn line_col(&self, at: usize) -> (usize, usize) {
        let mut at = at.min(self.input.len());
        while !self.input.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[line - 1];
        let (last_at, last_line, last_col) = self.last.get();
        let col = if last_line == line && last_at >= start && last_at <= at {
            last_col + self.input[last_at..at].chars().count()
        } else {
            self.input[start..at].chars().count() + 1
        };
        self.last.set((at, line, col));
        (line, col)
    }
}

/// The marked words for the terminal: line breaks shown as ⏎, long passages (a whole long
/// sentence) shortened to their first and last words.
fn excerpt(text: &str) -> String {
    const KEEP: usize = 40;
    let count = text.chars().take(2 * KEEP + 2).count();
    let shown = if count > 2 * KEEP + 1 {
        let head: String = text.chars().take(KEEP).collect();
        let tail_start = text
            .char_indices()
            .rev()
            .nth(KEEP - 1)
            .map_or(0, |(i, _)| i);
        format!("{head} … {}", &text[tail_start..])
    } else {
        text.to_owned()
    };
    shown.replace('\n', "⏎")
}

/// `1 finding`, `2 findings`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.1}"))
}

/// Plain text: the scores, then every finding with line:column, severity, rule, the marked
/// words, the message and the suggestion.
pub fn to_text(report: &Report, input: &str) -> String {
    let s = &report.scores;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}, {}, {} (profile {})",
        counted(s.readability.words, "word", "words"),
        counted(s.readability.sentences, "sentence", "sentences"),
        counted(s.findings, "finding", "findings"),
        report.profile.as_str()
    );
    let _ = writeln!(
        out,
        "complexity {} (1 easy … 7 hard) · Flesch {} · Wiener Sachtextformel 1 {} · LIX {} · statements {}",
        fmt(s.complexity),
        fmt(s.readability.flesch_reading_ease),
        fmt(s.readability.wiener_sachtextformel_1),
        fmt(s.readability.lix),
        s.statements
    );
    let per_rule = report.findings_per_rule();
    if !per_rule.is_empty() {
        let list: Vec<String> = per_rule.iter().map(|(r, n)| format!("{r} {n}")).collect();
        let _ = writeln!(out, "findings per rule: {}", list.join(" · "));
    }
    let lines = LineIndex::new(input);
    for sentence in &report.sentences {
        for f in &sentence.findings {
            let (line, col) = lines.line_col(f.start);
            let marked = excerpt(&input[f.start..f.end]);
            let _ = write!(
                out,
                "\n{line}:{col}  {:<7}  {:<21} „{marked}“\n    {}",
                f.severity.as_str(),
                f.rule,
                f.message
            );
            if let Some(sugg) = &f.suggestion {
                let _ = write!(out, "\n    → {}", sugg.replace('\n', "\n      "));
            }
            out.push('\n');
        }
    }
    out
}

fn escape(s: &str) -> String {
    welfare_report::escape(s).into_owned()
}

/// The severity in German, as the page names it.
fn severity_de(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Fehler",
        Severity::Warning => "Warnung",
        Severity::Info => "Hinweis",
    }
}

const STYLE: &str = ".text{white-space:pre-wrap;font-size:1.15rem;line-height:1.7;border:1px solid #ccc;border-radius:6px;padding:1rem;background:#fff}
mark{background:none;border-bottom:3px solid;cursor:help;padding:0 1px;color:inherit}
mark.error{border-color:#c0392b;background:#fdecea}mark.warning{border-color:#d68910;background:#fef5e7}mark.info{border-color:#2e86c1;background:#ebf5fb}
.sev-error{color:#c0392b;font-weight:bold}.sev-warning{color:#9a6700;font-weight:bold}.sev-info{color:#1f6391}
.badge{font-size:.75rem;vertical-align:super;border-radius:3px;padding:0 3px;margin-right:2px;cursor:help;color:#fff}
.badge.error{background:#c0392b}.badge.warning{background:#9a6700}.badge.info{background:#1f6391}
.legend-box{display:flex;flex-wrap:wrap;gap:.6rem 1.6rem;margin:.6rem 0 1rem;font-size:.95rem}
.explain{color:#4a4a4a;font-size:.9rem;display:block;margin-top:.2rem}";

/// A self-contained HTML page (no scripts, no external resources).
/// The HTML page shows at most this much of the text ...
pub const HTML_MAX_TEXT_BYTES: usize = 300_000;
/// ... and at most this many findings; the page says so when it cuts (scores cover all).
pub const HTML_MAX_FINDINGS: usize = 3_000;

/// A self-contained HTML page (no scripts, no external resources): the text with its findings underlined, the legend, and every finding with its explanation.
pub fn to_html(report: &Report, input: &str) -> String {
    to_html_with(report, input, None)
}

/// [`to_html`] with a provenance line (what was checked, by which version, when).
pub fn to_html_with(
    report: &Report,
    input: &str,
    provenance: Option<&welfare_report::Provenance>,
) -> String {
    // bounded work and size whatever the input: the page shows the sentences from the start
    // until the text or finding budget is used up
    let mut shown_sentences = 0;
    let mut shown_findings = 0;
    for s in &report.sentences {
        if shown_sentences > 0
            && (s.end > HTML_MAX_TEXT_BYTES
                || shown_findings + s.findings.len() > HTML_MAX_FINDINGS)
        {
            break;
        }
        shown_sentences += 1;
        shown_findings += s.findings.len();
    }
    let shown = &report.sentences[..shown_sentences];
    let cut = shown_sentences < report.sentences.len();
    // a single sentence over budget is shown only up to the budget
    let shown_end = shown
        .last()
        .map_or(0, |s| s.end)
        .min(if shown_sentences == 1 {
            HTML_MAX_TEXT_BYTES
        } else {
            usize::MAX
        });
    let shown_end = (shown_end..=input.len())
        .find(|&i| input.is_char_boundary(i))
        .unwrap_or(input.len());
    let cut = cut || shown_end < input.len().min(shown.last().map_or(0, |s| s.end));
    let keep = |f: &&crate::Finding| f.start < shown_end;
    let findings: Vec<&crate::Finding> = shown
        .iter()
        .flat_map(|s| &s.findings)
        .filter(keep)
        .take(HTML_MAX_FINDINGS)
        .collect();
    let input_all = input;
    let input = &input[..shown_end];
    // findings about a whole sentence (too long, several statements) become a badge at the
    // sentence's start, so that underlines stay on the words they are about
    let mut badges: Vec<(usize, &crate::Finding)> = Vec::new();
    let mut inline: Vec<&crate::Finding> = Vec::new();
    for s in shown {
        for f in s.findings.iter().filter(keep).take(HTML_MAX_FINDINGS) {
            if f.start <= s.start && f.end >= s.end {
                badges.push((s.start, f));
            } else {
                inline.push(f);
            }
        }
    }
    let clip = |f: &crate::Finding| (f.start.min(input.len()), f.end.min(input.len()));
    badges.sort_by_key(|(at, _)| *at);
    // cut the text at every finding boundary; each piece is marked by the findings covering it
    // (a sweep over the findings sorted by start: linear in the number of findings)
    let mut cuts: Vec<usize> = vec![0, input.len()];
    for f in &inline {
        let (a, b) = clip(f);
        cuts.push(a);
        cuts.push(b);
    }
    cuts.extend(badges.iter().map(|(at, _)| *at));
    cuts.sort_unstable();
    cuts.dedup();
    let mut next_badge = 0;
    let mut by_start = inline.clone();
    by_start.sort_by_key(|f| f.start);
    let mut next = 0;
    let mut active: Vec<&crate::Finding> = Vec::new();
    let mut body = String::with_capacity(input.len() * 2);
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while next < by_start.len() && by_start[next].start <= a {
            active.push(by_start[next]);
            next += 1;
        }
        active.retain(|f| f.end > a);
        while next_badge < badges.len() && badges[next_badge].0 <= a {
            let f = badges[next_badge].1;
            let mut t = format!(
                "{} ({}): {}",
                f.rule.rule().title,
                severity_de(f.severity),
                f.message
            );
            t.push_str(&format!("\n{}", f.rule.rule().explanation));
            let _ = write!(
                body,
                "<span class=\"badge {}\" title=\"{}\">{}</span>",
                f.severity.as_str(),
                escape(&t),
                match f.rule {
                    RuleId::SentenceTooLong => "lang",
                    RuleId::MultipleStatements => "Aussagen",
                    other => other.as_str(),
                }
            );
            next_badge += 1;
        }
        if a == b || !input.is_char_boundary(a) || !input.is_char_boundary(b) {
            continue;
        }
        let piece = escape(&input[a..b]);
        if active.is_empty() {
            body.push_str(&piece);
            continue;
        }
        let worst = active
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Info);
        let title: Vec<String> = active
            .iter()
            .map(|f| {
                let mut t = format!(
                    "{} ({}): {}",
                    f.rule.rule().title,
                    severity_de(f.severity),
                    f.message
                );
                if let Some(s) = &f.suggestion {
                    t.push_str(&format!(" → {s}"));
                }
                t.push_str(&format!("\n{}", f.rule.rule().explanation));
                t
            })
            .collect();
        let _ = write!(
            body,
            "<mark class=\"{}\" title=\"{}\">{piece}</mark>",
            worst.as_str(),
            escape(&title.join("\n\n"))
        );
    }
    let lines = LineIndex::new(input);
    let s = &report.scores;
    let mut rows = String::new();
    for f in &findings {
        let (line, col) = lines.line_col(f.start);
        let (a, b) = clip(f);
        let _ = write!(
            rows,
            "<tr><td>{line}:{col}</td><td class=\"sev-{sev}\">{sev_de}</td><td>{title}<br><code>{rule}</code></td><td>„{text}“</td><td>{msg}<span class=\"explain\">{why}</span></td><td>{sugg}</td></tr>",
            sev = f.severity.as_str(),
            sev_de = severity_de(f.severity),
            title = escape(f.rule.rule().title),
            rule = f.rule,
            text = escape(&input[a..b]),
            msg = escape(&f.message),
            why = escape(f.rule.rule().explanation),
            sugg = f
                .suggestion
                .as_deref()
                .map(escape)
                .unwrap_or_default()
                .replace('\n', "<br>")
        );
    }
    let mut per_rule = String::new();
    for (rule, n) in report.findings_per_rule() {
        let sev = rule.rule().severity_in(report.profile);
        let _ = write!(
            per_rule,
            "<tr><td>{title}<br><code>{rule}</code></td><td class=\"sev-{sev}\">{sev_de}</td><td class=\"num\">{n}</td></tr>",
            title = escape(rule.rule().title),
            sev = sev.map_or("info", Severity::as_str),
            sev_de = sev.map_or("", severity_de),
        );
    }
    let per_rule = if per_rule.is_empty() {
        String::new()
    } else {
        format!(
            "<h2>Hinweise je Regel</h2><table><tr><th>Regel</th><th>Stufe</th><th>Anzahl</th></tr>{per_rule}</table>"
        )
    };
    let de = |v: Option<f64>| {
        v.map_or("–".to_string(), |v| {
            welfare_report::number(v, 1, Lang::De)
        })
    };
    let body = format!(
        "<p class=\"note\">Profil: {profile}. Das Programm findet Hinweise. Es prüft nicht, ob ein \
Text wirklich leicht ist: Das können nur Prüf-Leser. Die Erklärung zu jedem Hinweis steht in der \
Tabelle unter dem Text (und erscheint auch, wenn Sie mit der Maus über ein markiertes Wort \
fahren).</p>\
<table><tr><th>Wörter</th><th>Sätze</th><th>Hinweise</th><th>Komplexität (1 leicht – 7 schwer)</th>\
<th>Flesch-Lesbarkeit (0–100, höher = leichter)</th><th>Wiener Sachtextformel 1 (Schulklasse)</th>\
<th>LIX (Lesbarkeitsindex)</th><th>Aussagen</th></tr>\
<tr><td class=\"num\">{words}</td><td class=\"num\">{sentences}</td><td class=\"num\">{n}</td>\
<td class=\"num\">{cx}</td><td class=\"num\">{fl}</td><td class=\"num\">{w1}</td>\
<td class=\"num\">{lix}</td><td class=\"num\">{st}</td></tr></table>\
<div class=\"legend-box\" aria-label=\"Legende\"><span><mark class=\"error\">rot unterstrichen</mark>: Fehler</span>\
<span><mark class=\"warning\">orange unterstrichen</mark>: Warnung</span>\
<span><mark class=\"info\">blau unterstrichen</mark>: Hinweis</span>\
<span><span class=\"badge warning\">lang</span> vor einem Satz: Der Satz ist zu lang.</span>\
<span><span class=\"badge warning\">Aussagen</span>: Der Satz hat mehr als 1 Aussage.</span></div>\
{cut_note}<div class=\"text\">{body}</div>{per_rule}\
<h2>Alle Hinweise</h2><table><tr><th>Zeile:Spalte</th><th>Stufe</th><th>Regel</th><th>Stelle</th>\
<th>Hinweis und Erklärung</th><th>Vorschlag</th></tr>{rows}</table>",
        profile = report.profile.as_str(),
        words = s.readability.words,
        sentences = s.readability.sentences,
        n = s.findings,
        cx = de(s.complexity),
        fl = de(s.readability.flesch_reading_ease),
        w1 = de(s.readability.wiener_sachtextformel_1),
        lix = de(s.readability.lix),
        st = s.statements,
        cut_note = if cut {
            format!(
                "<p class=\"note cut\"><b>Gekürzt:</b> Die Seite zeigt den Anfang des Textes \
                 ({} von {} Zeichen) mit {} von {} Hinweisen. Die Werte oben gelten für den \
                 ganzen Text. Den ganzen Bericht gibt es mit <code>--format json</code>.</p>",
                input.chars().count(),
                input_all.chars().count(),
                findings.len(),
                s.findings
            )
        } else {
            String::new()
        },
    );
    welfare_report::page_with_style(
        Lang::De,
        "Leichte Sprache: Prüfung",
        provenance,
        STYLE,
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, check};

    #[test]
    fn whole_sentence_findings_are_badges() {
        // a whole-sentence finding is a badge, not an underline of the whole sentence
        let long = "Wir helfen Ihnen gern bei allen Fragen zu Ihrem neuen Antrag heute.";
        let r = check(long, &Config::default()).unwrap();
        let html = to_html(&r, long);
        assert!(
            html.contains("<span class=\"badge warning\" title=\"Langer Satz (Warnung)"),
            "{html}"
        );
        assert!(!html.contains("<mark class=\"warning\" title=\"Langer Satz"));
        // the explanation is on the page, not only in the tooltip
        assert!(html.contains("<span class=\"explain\">Schreiben Sie kurze Sätze."));
        assert!(html.contains("Legende"));
    }

    #[test]
    #[allow(clippy::disallowed_types)] // reads the JSON back
    fn html_marks_findings_with_their_explanation_and_escapes_the_text() {
        let input = "Kinder & Eltern <3 sind willkommen.";
        let r = check(input, &Config::default()).unwrap();
        let html = to_html(&r, input);
        assert!(
            html.contains("<mark class=\"warning\" title=\"Sonderzeichen (Warnung)"),
            "{html}"
        );
        assert!(html.contains("&lt;</mark>3"), "{html}");
        assert!(!html.contains("<3"));
        assert!(!html.contains("<script"));
        let text = to_text(&r, input);
        assert!(
            text.contains("1:8  warning  special-character     „&“"),
            "{text}"
        );
        assert!(text.contains("→ und"));
        let json: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
        assert_eq!(
            json["sentences"][0]["findings"][0]["rule"],
            "special-character"
        );
        assert_eq!(json["sentences"][0]["findings"][0]["start"], 7);
    }
}
