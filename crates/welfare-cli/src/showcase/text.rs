//! Showcase section of `easy-language`: a letter in office German and its Leichte Sprache
//! version (both written for this project) checked under the Netzwerk profile; the full
//! report of the letter is written as `text-check.html`.

use std::path::Path;

use easy_language::{Config, Profile, Severity, check, report};
use serde::Serialize;

use super::page::{Section, esc, table};

const LETTER: &str = "Sehr geehrte Damen und Herren,\n\
ihr Antrag auf Übernahme der Kosten für die Schuldnerberatung wurde am 03.05.2024 geprüft. \
Aufgrund der Unvollständigkeit der eingereichten Unterlagen kann eine Bewilligung derzeit nicht erfolgen, \
sofern Sie die fehlenden Nachweise (z. B. Kontoauszüge, Lohnabrechnungen u. Ä.) nicht innerhalb von vierzehn Tagen nachreichen. \
Man würde Ihnen ggf. ca. 50 % der Kosten erstatten.\n";

const EASY: &str = "Guten Tag,\n\
Sie haben einen Antrag gestellt.\n\
Sie möchten Geld für die Schuldner-Beratung.\n\
Wir haben den Antrag gelesen.\n\
Es fehlen noch Papiere.\n\
Bitte schicken Sie uns diese Papiere:\n\
- Ihre Konto-Auszüge\n\
- Ihre Lohn-Zettel\n\
Dann zahlen wir die Hälfte von den Kosten.\n";

/// What `summary.json` records of this section.
#[derive(Serialize)]
pub struct Summary {
    letter: LetterSummary,
    easy_version: TextSummary,
}

#[derive(Serialize)]
struct LetterSummary {
    findings: usize,
    complexity: Option<f64>,
    rules: Vec<&'static str>,
}

#[derive(Serialize)]
struct TextSummary {
    findings: usize,
    complexity: Option<f64>,
}

pub fn section(out: &Path) -> anyhow::Result<(Section, Summary)> {
    let cfg = Config::with_profile(Profile::Netzwerk);
    let letter = check(LETTER, &cfg)?;
    let easy = check(EASY, &cfg)?;
    welfare_data::write_bytes_atomic(
        out.join("text-check.html"),
        report::to_html_with(
            &letter,
            LETTER,
            Some(
                &welfare_report::Provenance::new("welfare showcase", env!("CARGO_PKG_VERSION"))
                    .input("a sample office letter shipped with the showcase")
                    .setting(format!("Profil {}", letter.profile.as_str())),
            ),
        )
        .as_bytes(),
    )?;
    let count = |r: &easy_language::Report, s: Severity| {
        r.sentences
            .iter()
            .flat_map(|x| &x.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let f1 = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.1}"));
    let row = |name: &str, r: &easy_language::Report| {
        vec![
            name.to_owned(),
            r.scores.readability.words.to_string(),
            r.scores.readability.sentences.to_string(),
            f1(r.scores.complexity),
            f1(r.scores.readability.flesch_reading_ease),
            f1(r.scores.readability.lix),
            count(r, Severity::Error).to_string(),
            count(r, Severity::Warning).to_string(),
            count(r, Severity::Info).to_string(),
        ]
    };
    let mut rules: Vec<&str> = letter
        .sentences
        .iter()
        .flat_map(|s| &s.findings)
        .map(|f| f.rule.as_str())
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let examples: Vec<Vec<String>> = letter
        .sentences
        .iter()
        .flat_map(|s| &s.findings)
        .filter(|f| f.suggestion.is_some() && f.end - f.start < 40)
        .take(8)
        .map(|f| {
            vec![
                f.rule.as_str().to_owned(),
                format!("„{}“", &LETTER[f.start..f.end]),
                f.suggestion.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let html = format!(
        "<p>The checker marks every rule violation with its exact span, an explanation in Leichte Sprache and a \
suggestion where one can be computed ({n_rules} rules, profiles netzwerk / hildesheim / bitv). Below: an office letter \
and a Leichte Sprache version of it (both written for this project), profile netzwerk. <a href=\"text-check.html\">Full \
report of the letter</a> (hover over a marked word for the explanation). Complexity is the model fitted to the \
TextComplexityDE ratings (1 easy … 7 hard; article-grouped CV Pearson 0.81).</p>{t}\
<h3>Some findings in the letter, with suggestions</h3>{e}\
<p class=\"note\">Rules that fired in the letter: {rules}. The checker finds candidates; only test readers can say \
whether a text is easy to understand.</p>",
        n_rules = easy_language::RULES.len(),
        t = table(
            &[
                "text",
                "words",
                "sentences",
                "complexity",
                "Flesch",
                "LIX",
                "errors",
                "warnings",
                "info"
            ],
            &[
                row("office letter", &letter),
                row("Leichte Sprache version", &easy)
            ]
        ),
        e = table(&["rule", "where", "suggestion"], &examples),
        rules = esc(&rules.join(", ")),
    );
    Ok((
        Section {
            id: "easy-language",
            title: "Leichte Sprache checker".into(),
            html,
        },
        Summary {
            letter: LetterSummary {
                findings: letter.scores.findings,
                complexity: letter.scores.complexity,
                rules,
            },
            easy_version: TextSummary {
                findings: easy.scores.findings,
                complexity: easy.scores.complexity,
            },
        },
    ))
}
