//! Reports for people: Markdown, and one self-contained HTML page (the suite's report layer,
//! scripts, no external resources) with per-group bars and confidence whiskers, a disparity
//! table with verdicts, and a plain-language explanation next to each number.

use std::fmt::Write as _;

use welfare_report::{
    Axis, Bar, Cell, Lang, Provenance, bar_chart, definitions, escape, number, page, percent, table,
};

use crate::audit::{GroupRow, Interval, Report, Section};
use crate::metrics::Metric;

/// Plain-language explanations of the headline disparities.
pub fn disparity_explanation(name: &str) -> &'static str {
    match name {
        "demographic_parity_difference" => {
            "Gap between the highest and lowest selection rate of the groups (0 = every group is selected equally often)."
        }
        "demographic_parity_ratio" => {
            "Lowest selection rate divided by the highest (1 = equal; below 0.8 fails the four-fifths rule)."
        }
        "equalized_odds_difference" => {
            "The larger of the gaps in true and false positive rates between groups (0 = errors fall equally on all groups)."
        }
        "equalized_odds_ratio" => {
            "The smaller of the true- and false-positive-rate ratios between groups (1 = equal)."
        }
        "equalized_odds_difference_mean" => {
            "Mean of the gaps in true and false positive rates between groups."
        }
        "equalized_odds_ratio_mean" => {
            "Mean of the true- and false-positive-rate ratios between groups."
        }
        "equal_opportunity_difference" => {
            "Gap in true positive rates: of those who should get the positive decision, how much more often one group gets it."
        }
        "equal_opportunity_ratio" => {
            "Lowest true positive rate divided by the highest (1 = equal)."
        }
        "statistical_parity_difference" => {
            "Selection rate of the unprivileged group minus that of the privileged group (negative = the unprivileged group is selected less often)."
        }
        "disparate_impact" => {
            "Selection rate of the unprivileged group divided by that of the privileged group (below 0.8 fails the four-fifths rule)."
        }
        "average_odds_difference" => {
            "Average of the gaps (unprivileged minus privileged) in false and true positive rates."
        }
        "theil_index" => {
            "Inequality of individual benefit over everyone (0 = the decisions benefit everyone equally; benefit counts a wrong refusal as 0 and a wrong approval as 2)."
        }
        "generalized_entropy_index" => {
            "Inequality of individual benefit (generalized entropy, α = 2); 0 = equal."
        }
        "between_all_groups_theil_index" => {
            "The part of the inequality that lies between the groups (Theil index of the group means)."
        }
        "between_all_groups_generalized_entropy_index" => {
            "The part of the inequality that lies between the groups (generalized entropy of the group means)."
        }
        "smoothed_empirical_differential_fairness" => {
            "Largest log-ratio of (smoothed) selection rates between any two groups; 0 = equal."
        }
        _ => "",
    }
}

/// [`disparity_explanation`] in German.
pub fn disparity_explanation_de(name: &str) -> &'static str {
    match name {
        "demographic_parity_difference" => {
            "Abstand zwischen der höchsten und der niedrigsten Auswahlquote der Gruppen (0 = jede Gruppe wird gleich oft ausgewählt)."
        }
        "demographic_parity_ratio" => {
            "Niedrigste Auswahlquote geteilt durch die höchste (1 = gleich; unter 0,8 verfehlt die Vier-Fünftel-Regel)."
        }
        "equalized_odds_difference" => {
            "Der größere der Abstände bei Richtig- und Falsch-positiv-Raten zwischen den Gruppen (0 = Fehler treffen alle Gruppen gleich)."
        }
        "equalized_odds_ratio" => {
            "Das kleinere der Verhältnisse der Richtig- und Falsch-positiv-Raten zwischen den Gruppen (1 = gleich)."
        }
        "equalized_odds_difference_mean" => {
            "Mittelwert der Abstände bei Richtig- und Falsch-positiv-Raten zwischen den Gruppen."
        }
        "equalized_odds_ratio_mean" => {
            "Mittelwert der Verhältnisse der Richtig- und Falsch-positiv-Raten zwischen den Gruppen."
        }
        "equal_opportunity_difference" => {
            "Abstand der Richtig-positiv-Raten: von denen, die die positive Entscheidung bekommen sollten, wie viel öfter eine Gruppe sie bekommt."
        }
        "equal_opportunity_ratio" => {
            "Niedrigste Richtig-positiv-Rate geteilt durch die höchste (1 = gleich)."
        }
        "statistical_parity_difference" => {
            "Auswahlquote der benachteiligten Gruppe minus die der bevorzugten Gruppe (negativ = die benachteiligte Gruppe wird seltener ausgewählt)."
        }
        "disparate_impact" => {
            "Auswahlquote der benachteiligten Gruppe geteilt durch die der bevorzugten Gruppe (unter 0,8 verfehlt die Vier-Fünftel-Regel)."
        }
        "average_odds_difference" => {
            "Mittel der Abstände (benachteiligt minus bevorzugt) bei Falsch- und Richtig-positiv-Raten."
        }
        "theil_index" => {
            "Ungleichheit des individuellen Nutzens über alle (0 = die Entscheidungen nützen allen gleich; eine falsche Ablehnung zählt 0, eine falsche Zusage 2)."
        }
        "generalized_entropy_index" => {
            "Ungleichheit des individuellen Nutzens (verallgemeinerte Entropie, α = 2); 0 = gleich."
        }
        "between_all_groups_theil_index" => {
            "Der Teil der Ungleichheit, der zwischen den Gruppen liegt (Theil-Index der Gruppenmittel)."
        }
        "between_all_groups_generalized_entropy_index" => {
            "Der Teil der Ungleichheit, der zwischen den Gruppen liegt (verallgemeinerte Entropie der Gruppenmittel)."
        }
        "smoothed_empirical_differential_fairness" => {
            "Größtes Log-Verhältnis der (geglätteten) Auswahlquoten zwischen zwei Gruppen; 0 = gleich."
        }
        _ => "",
    }
}

/// [`disparity_title`] in German.
pub fn disparity_title_de(name: &str) -> &'static str {
    match name {
        "demographic_parity_difference" => "Abstand der Auswahlquoten",
        "demographic_parity_ratio" => "Verhältnis der Auswahlquoten (Vier-Fünftel-Regel)",
        "equalized_odds_difference" => "Abstand der Fehlerraten (Equalized Odds)",
        "equalized_odds_ratio" => "Verhältnis der Fehlerraten (Equalized Odds)",
        "equalized_odds_difference_mean" => "Mittlerer Abstand der Fehlerraten",
        "equalized_odds_ratio_mean" => "Mittleres Verhältnis der Fehlerraten",
        "equal_opportunity_difference" => "Abstand der Richtig-positiv-Raten (Chancengleichheit)",
        "equal_opportunity_ratio" => "Verhältnis der Richtig-positiv-Raten",
        "statistical_parity_difference" => "Auswahlquote, benachteiligt minus bevorzugt",
        "disparate_impact" => "Auswahlquote, benachteiligt durch bevorzugt (Disparate Impact)",
        "average_odds_difference" => {
            "Mittlerer Abstand der Fehlerraten, benachteiligt minus bevorzugt"
        }
        "theil_index" => "Ungleichheit des Nutzens (Theil-Index)",
        "generalized_entropy_index" => "Ungleichheit des Nutzens (verallgemeinerte Entropie)",
        "between_all_groups_theil_index" => "Ungleichheit zwischen den Gruppen (Theil)",
        "between_all_groups_generalized_entropy_index" => {
            "Ungleichheit zwischen den Gruppen (verallgemeinerte Entropie)"
        }
        "smoothed_empirical_differential_fairness" => "Differentielle Fairness (geglättet)",
        _ => "",
    }
}

/// Every disparity the audit reports, by id (the keys of `disparities`).
pub const DISPARITIES: [&str; 16] = [
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "equalized_odds_difference_mean",
    "equalized_odds_ratio_mean",
    "equal_opportunity_difference",
    "equal_opportunity_ratio",
    "statistical_parity_difference",
    "disparate_impact",
    "average_odds_difference",
    "theil_index",
    "generalized_entropy_index",
    "between_all_groups_theil_index",
    "between_all_groups_generalized_entropy_index",
    "smoothed_empirical_differential_fairness",
];

/// A disparity in words, for pages that render the audit's JSON themselves.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DisparityTerm {
    /// The id (a key of `disparities`).
    pub id: &'static str,
    /// A readable title.
    pub title: &'static str,
    /// What it means.
    pub explanation: &'static str,
    /// A ratio: gets a verdict against τ ([`verdict`]); differences and indices get none.
    pub ratio: bool,
}

/// Every disparity in words, in `lang`.
pub fn disparity_terms(lang: Lang) -> Vec<DisparityTerm> {
    DISPARITIES
        .iter()
        .map(|&id| DisparityTerm {
            id,
            title: match lang {
                Lang::De => disparity_title_de(id),
                Lang::En => disparity_title(id),
            },
            explanation: match lang {
                Lang::De => disparity_explanation_de(id),
                Lang::En => disparity_explanation(id),
            },
            ratio: is_ratio(id),
        })
        .collect()
}

fn is_ratio(name: &str) -> bool {
    name.ends_with("_ratio") || name.ends_with("_ratio_mean") || name == "disparate_impact"
}

fn fmt(v: Option<f64>) -> String {
    match v {
        Some(x) => format!("{x:.4}"),
        None => "undefined".into(),
    }
}

fn fmt_ci(v: Interval) -> String {
    match v {
        Some((lo, hi)) => format!("[{lo:.4}, {hi:.4}]"),
        None => String::new(),
    }
}

/// The verdict of a ratio against τ: `ok`, `borderline` (the value passes but its interval
/// reaches below τ) or `review`; differences and indices get none.
pub fn verdict(name: &str, v: Option<f64>, interval: Interval, tau: f64) -> &'static str {
    let low = interval.map(|(lo, _)| lo);
    match v {
        Some(x) if is_ratio(name) => {
            if x < tau {
                "review"
            } else if low.is_some_and(|l| l < tau) {
                "borderline"
            } else {
                "ok"
            }
        }
        _ => "",
    }
}

/// A by-group table cell: counts as integers, rates with four decimals.
fn cell_text(row: &GroupRow, m: Metric) -> String {
    match row.metrics.get(m) {
        Some(n) if m == Metric::Count => (n as u64).to_string(),
        v => fmt(v),
    }
}

fn title(s: &Section, lang: Lang) -> String {
    format!("{} {}", lang.pick("Nach", "By"), s.sensitive.join(" × "))
}

/// A verdict's word on the page.
fn verdict_word(verdict: &str, lang: Lang) -> &'static str {
    match verdict {
        "review" => lang.pick("prüfen", "review"),
        "borderline" => lang.pick("grenzwertig", "borderline"),
        "ok" => "ok",
        _ => "",
    }
}

fn group_label(row: &GroupRow) -> String {
    row.label()
}

const TABLE_METRICS: [Metric; 6] = [
    Metric::Count,
    Metric::SelectionRate,
    Metric::TruePositiveRate,
    Metric::FalsePositiveRate,
    Metric::Precision,
    Metric::Accuracy,
];

/// The report as Markdown.
pub fn markdown(report: &Report, tau: f64) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Fairness audit\n\n{} rows. Undefined rates (0/0) are reported as `{}`.\n",
        report.rows,
        match report.undefined {
            crate::Undefined::Null => "undefined",
            crate::Undefined::Zero => "0 (fairlearn convention)",
        }
    );
    for s in &report.audits {
        let _ = writeln!(md, "## {}\n", title(s, Lang::En));
        let _ = write!(md, "| group |");
        for m in TABLE_METRICS {
            let _ = write!(md, " {} |", m.title());
        }
        let _ = writeln!(md, "\n|---|{}", "---|".repeat(TABLE_METRICS.len()));
        for row in &s.by_group {
            let small = row.small_group;
            let _ = write!(
                md,
                "| {}{} |",
                group_label(row),
                if small { " (small group)" } else { "" }
            );
            for m in TABLE_METRICS {
                let _ = write!(md, " {} |", cell_text(row, m));
            }
            md.push('\n');
        }
        let _ = writeln!(
            md,
            "\n| disparity | value | 95 % interval | verdict | meaning |\n|---|---|---|---|---|"
        );
        for (k, &v) in s.disparities.iter() {
            let ci = s.confidence_intervals.get(k).copied().flatten();
            let _ = writeln!(
                md,
                "| {k} | {} | {} | {} | {} |",
                fmt(v),
                fmt_ci(ci),
                verdict(k, v, ci, tau),
                disparity_explanation(k)
            );
        }
        if !s.warnings.is_empty() {
            md.push_str("\nWarnings:\n\n");
            for w in &s.warnings {
                let _ = writeln!(md, "- {w}");
            }
        }
        md.push('\n');
    }
    md.push_str("Metric meanings:\n\n");
    for m in Metric::ALL {
        let _ = writeln!(md, "- **{}**: {}", m.title(), m.explanation());
    }
    md
}

/// A readable title for a disparity id (the id itself is shown beside it).
pub fn disparity_title(name: &str) -> &'static str {
    match name {
        "demographic_parity_difference" => "Gap in selection rates",
        "demographic_parity_ratio" => "Ratio of selection rates (four-fifths rule)",
        "equalized_odds_difference" => "Gap in error rates (equalized odds)",
        "equalized_odds_ratio" => "Ratio of error rates (equalized odds)",
        "equalized_odds_difference_mean" => "Mean gap in error rates",
        "equalized_odds_ratio_mean" => "Mean ratio of error rates",
        "equal_opportunity_difference" => "Gap in true positive rates (equal opportunity)",
        "equal_opportunity_ratio" => "Ratio of true positive rates",
        "statistical_parity_difference" => "Selection rate, unprivileged minus privileged",
        "disparate_impact" => "Selection rate, unprivileged over privileged (disparate impact)",
        "average_odds_difference" => "Average gap in error rates, unprivileged minus privileged",
        "theil_index" => "Inequality of benefit (Theil index)",
        "generalized_entropy_index" => "Inequality of benefit (generalized entropy)",
        "between_all_groups_theil_index" => "Inequality between the groups (Theil)",
        "between_all_groups_generalized_entropy_index" => {
            "Inequality between the groups (generalized entropy)"
        }
        "smoothed_empirical_differential_fairness" => "Differential fairness (smoothed)",
        _ => "",
    }
}

/// The report as one self-contained HTML page (the suite's report layer): per group bars with
/// 95 % whiskers, a group table, the disparities with verdicts and what each means, the
/// Aequitas parity checks, and the metric glossary. `provenance` names what it was computed
/// from.
pub fn html(report: &Report, tau: f64, provenance: Option<&Provenance>, lang: Lang) -> String {
    page(
        lang,
        lang.pick("Fairness-Prüfung", "Fairness audit"),
        provenance,
        &html_body(report, tau, lang),
    )
}

/// The body of [`html`] (for pages that hold more than one audit).
pub fn html_body(report: &Report, tau: f64, lang: Lang) -> String {
    let de = lang == Lang::De;
    let undefined = lang.pick("nicht definiert", "undefined");
    let tau_text = number(tau, 2, lang);
    let mut h = String::new();
    if de {
        let _ = write!(
            h,
            "<p>{} Zeilen, geprüft nach jeder sensiblen Spalte und nach ihrer Schnittmenge. Jede \
             Zahl ist gleich der, die fairlearn, AIF360 und Aequitas für dieselben Daten berechnen \
             (in den Tests geprüft). Die Striche an den Balken sind 95-%-Bootstrap-Intervalle, wo \
             sie berechnet wurden.</p>\
             <p class=\"note\">So lesen Sie die Bewertungen: ein Verhältnis unter {tau_text} ist \
             mit <span class=\"review\">prüfen</span> markiert (die Vier-Fünftel-Regel), eines, \
             dessen Intervall unter {tau_text} reicht, mit <span class=\"borderline\">\
             grenzwertig</span>. Beides ist ein Anlass, genauer hinzusehen, keine rechtliche \
             Feststellung. Abstände und Ungleichheitsmaße bekommen keine Bewertung: lesen Sie sie \
             mit der Erklärung daneben.</p>",
            number(report.rows as f64, 0, lang)
        );
    } else {
        let _ = write!(
            h,
            "<p>{} rows, audited by each sensitive column and by their intersection. Every number \
             equals what fairlearn, AIF360 and Aequitas compute on the same data (checked in the \
             test suite). Whiskers on the bars are 95 % bootstrap intervals where computed.</p>\
             <p class=\"note\">How to read the verdicts: a ratio below {tau_text} is marked \
             <span class=\"review\">review</span> (the four-fifths rule), one whose interval \
             reaches below {tau_text} <span class=\"borderline\">borderline</span>. Either is a \
             prompt to look closer, not a legal finding. Differences and inequality indices get no \
             verdict: read them with the explanation beside them.</p>",
            number(report.rows as f64, 0, lang)
        );
    }
    for s in &report.audits {
        let _ = write!(h, "<h2>{}</h2>", escape(&title(s, lang)));
        if !s.warnings.is_empty() {
            let _ = write!(
                h,
                "<div class=\"warn\"><b>{}</b><ul>",
                lang.pick("Warnungen", "Warnings")
            );
            for w in &s.warnings {
                let _ = write!(h, "<li>{}</li>", escape(w));
            }
            h.push_str("</ul></div>");
        }
        for m in [
            Metric::SelectionRate,
            Metric::TruePositiveRate,
            Metric::FalsePositiveRate,
        ] {
            let bars: Vec<Bar> = s
                .by_group
                .iter()
                .map(|row| {
                    Bar::new(group_label(row), row.metrics.get(m)).with_interval(row.interval(m))
                })
                .collect();
            h.push_str(&bar_chart(
                &format!("{}: {}", m.title_in(de), m.explanation_in(de)),
                &bars,
                Axis::share(),
                lang,
            ));
        }
        let header: Vec<&str> = std::iter::once(lang.pick("Gruppe", "group"))
            .chain(TABLE_METRICS.iter().map(|m| m.title_in(de)))
            .collect();
        let rows: Vec<Vec<Cell>> = s
            .by_group
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::Html(format!(
                    "{}{}",
                    escape(&group_label(row)),
                    if row.small_group {
                        lang.pick(
                            " <em>(kleine Gruppe: Werte unsicher)</em>",
                            " <em>(small group: values unreliable)</em>",
                        )
                    } else {
                        ""
                    }
                ))];
                for m in TABLE_METRICS {
                    cells.push(Cell::Number(match (m, row.metrics.get(m)) {
                        (Metric::Count, Some(n)) => number(n, 0, lang),
                        (_, Some(v)) => percent(v, 1, lang),
                        (_, None) => undefined.into(),
                    }));
                }
                cells
            })
            .collect();
        h.push_str(&table(&header, &rows));
        let rows: Vec<Vec<Cell>> = s
            .disparities
            .iter()
            .map(|(k, &v)| {
                let ci = s.confidence_intervals.get(k).copied().flatten();
                let verdict = verdict(k, v, ci, tau);
                vec![
                    Cell::Html(format!(
                        "{}<br><code>{}</code>",
                        escape(if de {
                            disparity_title_de(k)
                        } else {
                            disparity_title(k)
                        }),
                        escape(k)
                    )),
                    Cell::Number(v.map_or(undefined.into(), |x| number(x, 3, lang))),
                    Cell::Number(ci.map_or(String::new(), |(lo, hi)| {
                        format!("{} – {}", number(lo, 3, lang), number(hi, 3, lang))
                    })),
                    Cell::Html(format!(
                        "<span class=\"{verdict}\">{}</span>",
                        verdict_word(verdict, lang)
                    )),
                    Cell::Text(
                        if de {
                            disparity_explanation_de(k)
                        } else {
                            disparity_explanation(k)
                        }
                        .into(),
                    ),
                ]
            })
            .collect();
        let header = if de {
            [
                "Unterschied",
                "Wert",
                "95-%-Intervall",
                "Bewertung",
                "Was er bedeutet",
            ]
        } else {
            [
                "disparity",
                "value",
                "95 % interval",
                "verdict",
                "what it means",
            ]
        };
        h.push_str(&table(&header, &rows));
        let a = &s.aequitas;
        if de {
            let _ = write!(
                h,
                "<h3>Parität jeder Gruppe mit der Referenzgruppe (Aequitas)</h3>\
                 <p>Referenzgruppe: <b>{}</b>. Eine Gruppe besteht eine Prüfung, wenn ihre Rate \
                 das {}- bis {}-Fache der Rate der Referenzgruppe beträgt. Das ist ein anderer Test \
                 als die Vier-Fünftel-Bewertung oben: jene vergleicht die niedrigste mit der \
                 höchsten Gruppe, diese jede Gruppe mit einer Referenzgruppe, in beide Richtungen. \
                 Eine Gruppe kann hier bestehen und das Verhältnis oben trotzdem unter {tau_text} \
                 liegen, und umgekehrt. Statistical Parity vergleicht den Anteil jeder Gruppe an \
                 allen positiven Entscheidungen, der auch von der Größe der Gruppe abhängt; \
                 Impact Parity vergleicht Auswahlquoten.</p>",
                escape(&a.reference_group),
                number(a.tau, 2, lang),
                number(1.0 / a.tau, 2, lang),
            );
        } else {
            let _ = write!(
                h,
                "<h3>Parity of each group with the reference group (Aequitas)</h3>\
                 <p>Reference group: <b>{}</b>. A group passes a check when its rate is within \
                 {}–{} times the reference group's rate. This is a different test from the \
                 four-fifths verdict above: that one compares the lowest with the highest group, \
                 this one each group with one reference group, in both directions. A group can \
                 pass here and the ratio above can still be below {tau_text}, and the other way \
                 round. Statistical Parity compares each group's share of all positive decisions, \
                 which also depends on how large the group is; Impact Parity compares selection \
                 rates.</p>",
                escape(&a.reference_group),
                number(a.tau, 2, lang),
                number(1.0 / a.tau, 2, lang),
            );
        }
        let names = [
            (
                "Statistical Parity",
                lang.pick(
                    "Anteil an allen positiven Entscheidungen",
                    "share of all positive decisions",
                ),
            ),
            ("Impact Parity", lang.pick("Auswahlquote", "selection rate")),
            (
                "FPR Parity",
                lang.pick("Falsch-positiv-Rate", "false positive rate"),
            ),
            (
                "FNR Parity",
                lang.pick("Falsch-negativ-Rate", "false negative rate"),
            ),
            (
                "TPR Parity",
                lang.pick("Richtig-positiv-Rate", "true positive rate"),
            ),
            ("Precision Parity", lang.pick("Präzision", "precision")),
            (
                "Equalized Odds",
                lang.pick(
                    "Richtig- und Falsch-positiv-Rate",
                    "true and false positive rate",
                ),
            ),
        ];
        let header: Vec<String> = std::iter::once(lang.pick("Gruppe", "group").to_owned())
            .chain(names.iter().map(|(n, what)| format!("{n} ({what})")))
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<Cell>> = a
            .groups
            .iter()
            .map(|g| {
                std::iter::once(Cell::Text(g.group.clone()))
                    .chain(names.iter().map(|(n, _)| {
                        Cell::Html(match g.verdicts.get(n).copied().flatten() {
                            Some(true) => format!(
                                "<span class=\"ok\">{}</span>",
                                lang.pick("besteht", "passes")
                            ),
                            Some(false) => format!(
                                "<span class=\"review\">{}</span>",
                                lang.pick("besteht nicht", "fails")
                            ),
                            None => undefined.into(),
                        })
                    }))
                    .collect()
            })
            .collect();
        h.push_str(&table(&header, &rows));
    }
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.pick("Was die Kennzahlen bedeuten", "What the metrics mean")
    );
    let terms: Vec<(&str, &str)> = Metric::ALL
        .iter()
        .map(|m| (m.title_in(de), m.explanation_in(de)))
        .collect();
    h.push_str(&definitions(&terms));
    h
}

/// The page of a mitigation: what it costs (accuracy and rates per group before and after, the
/// chosen point, each group's trade-off curve with it), then the audits after and before.
pub fn mitigation_html(
    m: &crate::mitigation::Mitigation,
    tau: f64,
    provenance: Option<&Provenance>,
    lang: Lang,
) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.pick("Was würde es kosten?", "What would it cost")
    );
    if lang == Lang::De {
        h.push_str(&mitigation_intro_de(&m.fitted));
    } else {
        h.push_str(&mitigation_intro_en(&m.fitted));
    }
    let de = lang == Lang::De;
    let undefined = lang.pick("nicht definiert", "undefined");
    let last = |rep: &Report| rep.audits.last().cloned();
    let (before, after) = (last(&m.before), last(&m.after));
    let metrics = [
        Metric::SelectionRate,
        Metric::TruePositiveRate,
        Metric::FalsePositiveRate,
        Metric::Accuracy,
    ];
    let mut header = vec![lang.pick("Gruppe", "group").to_owned()];
    for metric in metrics {
        header.push(format!(
            "{} {}",
            metric.title_in(de),
            lang.pick("vorher", "before")
        ));
        header.push(format!(
            "{} {}",
            metric.title_in(de),
            lang.pick("nachher", "after")
        ));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if let (Some(b), Some(a)) = (&before, &after) {
        let mut all = vec![Cell::Text(lang.pick("alle Zeilen", "all rows").into())];
        for metric in metrics {
            for s in [b, a] {
                all.push(Cell::Number(
                    s.overall
                        .get(metric)
                        .map_or(undefined.into(), |v| percent(v, 1, lang)),
                ));
            }
        }
        rows.push(all);
        for (gb, ga) in b.by_group.iter().zip(&a.by_group) {
            let mut row = vec![Cell::Text(group_label(gb))];
            for metric in metrics {
                for g in [gb, ga] {
                    row.push(Cell::Number(
                        g.metrics
                            .get(metric)
                            .map_or(undefined.into(), |v| percent(v, 1, lang)),
                    ));
                }
            }
            rows.push(row);
        }
    }
    h.push_str(&table(&header, &rows));
    if let Some(o) = m.fitted.threshold() {
        h.push_str(&tradeoff_curves(o, lang));
    }
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.pick("Prüfung nach der Korrektur", "Audit after mitigation")
    );
    h.push_str(&html_body(&m.after, tau, lang));
    let _ = write!(
        h,
        "<h2>{}</h2>",
        lang.pick("Prüfung vor der Korrektur", "Audit before mitigation")
    );
    h.push_str(&html_body(&m.before, tau, lang));
    page(
        lang,
        lang.pick("Fairness-Korrektur", "Fairness mitigation"),
        provenance,
        &h,
    )
}

/// What the English mitigation page says of the fitted method.
fn mitigation_intro_en(fitted: &crate::mitigation::Fitted) -> String {
    let lang = Lang::En;
    let mut h = String::new();
    match fitted {
        crate::mitigation::Fitted::Threshold(o) => {
            let r = &o.request;
            let _ = write!(
                h,
                "<p>Thresholds per group chosen as fairlearn's ThresholdOptimizer does, for \
                 <b>{}</b> while maximising <b>{}</b> (grid of {} points{}{}). The chosen point: \
                 {} = {}, {} = {}. Decisions are randomised where a group's rule mixes two \
                 thresholds; the audit below is of one draw.</p>",
                escape(r.constraints.name()),
                escape(r.objective.name()),
                r.grid_size,
                if r.flip {
                    ", flipped thresholds allowed"
                } else {
                    ""
                },
                match r.tol {
                    Some(t) if t > 0.0 => format!(", groups at most {} apart", number(t, 3, lang)),
                    _ => String::new(),
                },
                r.constraints.rate_name(),
                number(o.x_best, 3, lang),
                if r.constraints == crate::mitigation::Constraint::EqualizedOdds {
                    "true positive rate"
                } else {
                    "objective"
                },
                number(o.y_best, 3, lang),
            );
        }
        crate::mitigation::Fitted::CalibratedEqOdds(c) => {
            let _ = write!(
                h,
                "<p>Calibrated equalized odds as AIF360 computes it (cost: <b>{}</b>): with the \
                 mix rate's probability a row's score is replaced by its group's base rate, then \
                 a score of at least {} is a positive decision. Privileged group: base rate {}, \
                 mix rate {}; unprivileged group: base rate {}, mix rate {}. Rows in neither \
                 group get the score 0, as in AIF360. The audit below is of one draw.</p>",
                c.request.cost_constraint.name(),
                number(c.request.threshold, 3, lang),
                number(c.privileged.base_rate, 3, lang),
                number(c.privileged.mix_rate, 3, lang),
                number(c.unprivileged.base_rate, 3, lang),
                number(c.unprivileged.mix_rate, 3, lang),
            );
        }
        crate::mitigation::Fitted::RejectOption(r) => {
            let _ = write!(
                h,
                "<p>Reject option classification as AIF360 computes it: a score above {} is a \
                 positive decision, except in the band from {} to {} around it, where the \
                 unprivileged group is decided positive and the privileged group negative. \
                 Chosen for the highest balanced accuracy ({}) with {} = {}{}.</p>",
                number(r.classification_threshold, 3, lang),
                number(r.classification_threshold - r.roc_margin, 3, lang),
                number(r.classification_threshold + r.roc_margin, 3, lang),
                number(r.balanced_accuracy, 3, lang),
                r.request.metric_name.name(),
                number(r.metric, 3, lang),
                if r.feasible {
                    String::new()
                } else {
                    format!(
                        " — <b>no threshold and band met the bounds {} to {}</b>; as AIF360 does, \
                         the smallest value of the metric was taken",
                        number(r.request.metric_lb, 3, lang),
                        number(r.request.metric_ub, 3, lang)
                    )
                },
            );
        }
    }
    h
}

/// What the German mitigation page says of the fitted method.
fn mitigation_intro_de(fitted: &crate::mitigation::Fitted) -> String {
    let lang = Lang::De;
    let mut h = String::new();
    match fitted {
        crate::mitigation::Fitted::Threshold(o) => {
            let r = &o.request;
            let _ = write!(
                h,
                "<p>Schwellen je Gruppe, gewählt wie fairlearns ThresholdOptimizer: Ziel \
                 <b>{}</b>, dabei möglichst hoch <b>{}</b> (Raster mit {} Punkten{}{}). Der \
                 gewählte Punkt: {} = {}, {} = {}. Wo die Regel einer Gruppe zwei Schwellen \
                 mischt, wird per Zufall entschieden; die Prüfung unten zeigt eine Ziehung.</p>",
                escape(r.constraints.name()),
                escape(r.objective.name()),
                r.grid_size,
                if r.flip {
                    ", auch umgekehrte Schwellen"
                } else {
                    ""
                },
                match r.tol {
                    Some(t) if t > 0.0 => {
                        format!(", Gruppen höchstens {} auseinander", number(t, 3, lang))
                    }
                    _ => String::new(),
                },
                r.constraints.rate_name_de(),
                number(o.x_best, 3, lang),
                if r.constraints == crate::mitigation::Constraint::EqualizedOdds {
                    "Richtig-positiv-Rate"
                } else {
                    "Ziel"
                },
                number(o.y_best, 3, lang),
            );
        }
        crate::mitigation::Fitted::CalibratedEqOdds(c) => {
            let _ = write!(
                h,
                "<p>Calibrated Equalized Odds, berechnet wie AIF360 (Kosten: <b>{}</b>): mit der \
                 Wahrscheinlichkeit der Mischrate wird der Score einer Zeile durch die Basisrate \
                 ihrer Gruppe ersetzt; ein Score ab {} ist eine positive Entscheidung. Bevorzugte \
                 Gruppe: Basisrate {}, Mischrate {}; benachteiligte Gruppe: Basisrate {}, \
                 Mischrate {}. Zeilen in keiner der beiden Gruppen bekommen wie in AIF360 den \
                 Score 0. Die Prüfung unten zeigt eine Ziehung.</p>",
                c.request.cost_constraint.name(),
                number(c.request.threshold, 3, lang),
                number(c.privileged.base_rate, 3, lang),
                number(c.privileged.mix_rate, 3, lang),
                number(c.unprivileged.base_rate, 3, lang),
                number(c.unprivileged.mix_rate, 3, lang),
            );
        }
        crate::mitigation::Fitted::RejectOption(r) => {
            let _ = write!(
                h,
                "<p>Reject Option Classification, berechnet wie AIF360: ein Score über {} ist \
                 eine positive Entscheidung, außer im Band von {} bis {} um diese Schwelle; dort \
                 wird die benachteiligte Gruppe positiv und die bevorzugte negativ entschieden. \
                 Gewählt für die höchste balancierte Trefferquote ({}) mit {} = {}{}.</p>",
                number(r.classification_threshold, 3, lang),
                number(r.classification_threshold - r.roc_margin, 3, lang),
                number(r.classification_threshold + r.roc_margin, 3, lang),
                number(r.balanced_accuracy, 3, lang),
                r.request.metric_name.name(),
                number(r.metric, 3, lang),
                if r.feasible {
                    String::new()
                } else {
                    format!(
                        " — <b>keine Schwelle und kein Band hielt die Grenzen {} bis {} ein</b>; \
                         wie AIF360 wurde der kleinste Wert der Kennzahl genommen",
                        number(r.request.metric_lb, 3, lang),
                        number(r.request.metric_ub, 3, lang)
                    )
                },
            );
        }
    }
    h
}

/// Each group's trade-off curve (its upper convex hull) with the group's chosen point.
fn tradeoff_curves(o: &crate::mitigation::ThresholdOptimizer, lang: Lang) -> String {
    let r = &o.request;
    let (x_label, y_label) = match (
        r.constraints == crate::mitigation::Constraint::EqualizedOdds,
        lang,
    ) {
        (true, Lang::De) => ("Falsch-positiv-Rate", "Richtig-positiv-Rate"),
        (true, Lang::En) => ("false positive rate", "true positive rate"),
        (false, Lang::De) => (r.constraints.rate_name_de(), r.objective.name()),
        (false, Lang::En) => (r.constraints.rate_name(), r.objective.name()),
    };
    let mut h = String::new();
    for ((group, curve), &x) in o.groups.iter().zip(&o.curves).zip(&o.x_best_per_group) {
        let points: Vec<(f64, f64)> = curve
            .x
            .iter()
            .copied()
            .zip(curve.y.iter().copied())
            .collect();
        h.push_str(&welfare_report::line_chart(
            &match lang {
                Lang::De => format!(
                    "Abwägungskurve von {group} (obere konvexe Hülle) und der gewählte Punkt"
                ),
                Lang::En => {
                    format!("Trade-off curve of {group} (upper convex hull) and the chosen point")
                }
            },
            &points,
            &[welfare_report::Marker {
                x,
                label: lang.pick("gewählt", "chosen").into(),
                colour: "#b03a2e".into(),
            }],
            x_label,
            y_label,
            lang,
        ));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_disparity_has_words_in_both_languages() {
        for lang in [Lang::De, Lang::En] {
            for term in disparity_terms(lang) {
                assert!(
                    !term.title.is_empty() && !term.explanation.is_empty(),
                    "{term:?}"
                );
            }
        }
    }

    #[test]
    fn verdicts_use_the_interval() {
        let ci = Some((0.70, 0.95));
        assert_eq!(
            verdict("demographic_parity_ratio", Some(0.85), None, 0.8),
            "ok"
        );
        assert_eq!(
            verdict("demographic_parity_ratio", Some(0.85), ci, 0.8),
            "borderline"
        );
        assert_eq!(verdict("disparate_impact", Some(0.75), ci, 0.8), "review");
        assert_eq!(
            verdict("demographic_parity_difference", Some(0.3), None, 0.8),
            ""
        );
        assert_eq!(verdict("demographic_parity_ratio", None, None, 0.8), "");
    }
}
