//! Reports for people: Markdown, and one self-contained HTML page (inline CSS and SVG, no
//! scripts, no external resources) with per-group bars and confidence whiskers, a disparity
//! table with verdicts, and a plain-language explanation next to each number.

use std::fmt::Write as _;

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

fn title(s: &Section) -> String {
    format!("By {}", s.sensitive.join(" × "))
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
        let _ = writeln!(md, "## {}\n", title(s));
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

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One bar of [`bars_svg`].
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// In [0, 1]; `None` is drawn as "undefined".
    pub value: Option<f64>,
    /// Confidence interval, drawn as a whisker.
    pub interval: Option<(f64, f64)>,
}

/// Horizontal bars (0..1) per group with optional confidence whiskers, as inline SVG.
pub fn bars_svg(title: &str, bars: &[Bar]) -> String {
    let (left, width, row) = (210.0, 300.0, 22.0);
    let height = 28.0 + row * bars.len() as f64 + 18.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg role="img" aria-label="{t}" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="0" y="14" font-size="13" font-weight="bold">{t}</text>"#,
        t = esc(title),
        w = left + width + 70.0
    );
    for (
        i,
        Bar {
            label,
            value,
            interval: ci,
        },
    ) in bars.iter().enumerate()
    {
        let y = 24.0 + i as f64 * row;
        let _ = write!(
            s,
            r#"<text x="{x}" y="{ty}" text-anchor="end" font-size="11">{l}</text>"#,
            x = left - 6.0,
            ty = y + 13.0,
            l = esc(label)
        );
        match value {
            Some(v) => {
                let _ = write!(
                    s,
                    r##"<rect x="{left}" y="{y}" width="{bw:.1}" height="16" fill="#2a6f97"/><text x="{tx:.1}" y="{ty}" font-size="11">{v:.3}</text>"##,
                    bw = width * v.clamp(0.0, 1.0),
                    tx = left + width + 6.0,
                    ty = y + 13.0
                );
            }
            None => {
                let _ = write!(
                    s,
                    r##"<text x="{left}" y="{ty}" font-size="11" fill="#777">undefined</text>"##,
                    ty = y + 13.0
                );
            }
        }
        if let Some((lo, hi)) = ci {
            let (x1, x2) = (
                left + width * lo.clamp(0.0, 1.0),
                left + width * hi.clamp(0.0, 1.0),
            );
            let ym = y + 8.0;
            let _ = write!(
                s,
                r##"<path d="M{x1:.1} {ym} H{x2:.1} M{x1:.1} {a} V{b} M{x2:.1} {a} V{b}" stroke="#d1495b" stroke-width="1.5" fill="none"/>"##,
                a = ym - 5.0,
                b = ym + 5.0
            );
        }
    }
    let axis_y = 24.0 + row * bars.len() as f64 + 4.0;
    let _ = write!(
        s,
        r##"<path d="M{left} {axis_y} H{r}" stroke="#999"/><text x="{left}" y="{ty}" font-size="10">0</text><text x="{r}" y="{ty}" font-size="10" text-anchor="end">1</text></svg>"##,
        r = left + width,
        ty = axis_y + 12.0
    );
    s
}

/// The report as one self-contained HTML page.
pub fn html(report: &Report, tau: f64) -> String {
    let mut h = String::from(concat!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Fairness audit</title><style>body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}",
        "table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#eef4f8}",
        ".ok{color:#1a7f37;font-weight:bold}.borderline{color:#9a6700;font-weight:bold}.review{color:#b42318;font-weight:bold}.note{color:#555;font-size:.9rem}.warn{background:#fff4e5;padding:.5rem 1rem}",
        "svg{margin:.4rem 1rem .4rem 0}</style></head><body><h1>Fairness audit</h1>"
    ));
    let _ = write!(
        h,
        "<p class=\"note\">{} rows. Whiskers show 95 % bootstrap intervals where computed. A ratio below {tau} is marked <span class=\"review\">review</span> (four-fifths rule), one whose interval reaches below {tau} <span class=\"borderline\">borderline</span>; either is a prompt to look closer, not a legal finding.</p>",
        report.rows
    );
    for s in &report.audits {
        let _ = write!(h, "<h2>{}</h2>", esc(&title(s)));
        if !s.warnings.is_empty() {
            h.push_str("<div class=\"warn\"><b>Warnings</b><ul>");
            for w in &s.warnings {
                let _ = write!(h, "<li>{}</li>", esc(w));
            }
            h.push_str("</ul></div>");
        }
        for m in [
            Metric::SelectionRate,
            Metric::TruePositiveRate,
            Metric::FalsePositiveRate,
        ] {
            let bars: Vec<_> = s
                .by_group
                .iter()
                .map(|row| Bar {
                    label: group_label(row),
                    value: row.metrics.get(m),
                    interval: row.interval(m),
                })
                .collect();
            h.push_str(&bars_svg(m.title(), &bars));
        }
        h.push_str("<table><thead><tr><th>group</th>");
        for m in TABLE_METRICS {
            let _ = write!(
                h,
                "<th title=\"{}\">{}</th>",
                esc(m.explanation()),
                esc(m.title())
            );
        }
        h.push_str("</tr></thead><tbody>");
        for row in &s.by_group {
            let small = row.small_group;
            let _ = write!(
                h,
                "<tr><td>{}{}</td>",
                esc(&group_label(row)),
                if small { " <em>(small group)</em>" } else { "" }
            );
            for m in TABLE_METRICS {
                let _ = write!(h, "<td>{}</td>", cell_text(row, m));
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table><table><thead><tr><th>disparity</th><th>value</th><th>95 % interval</th><th>verdict</th><th>what it means</th></tr></thead><tbody>");
        for (k, &v) in s.disparities.iter() {
            let ci = s.confidence_intervals.get(k).copied().flatten();
            let verdict = verdict(k, v, ci, tau);
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"{verdict}\">{verdict}</td><td>{}</td></tr>",
                esc(k),
                fmt(v),
                fmt_ci(ci),
                esc(disparity_explanation(k))
            );
        }
        h.push_str("</tbody></table>");
        {
            let groups = &s.aequitas.groups;
            let reference = s.aequitas.reference_group.as_str();
            let _ = write!(
                h,
                "<p>Parity checks against the reference group <b>{}</b> (each rate within {tau}–{:.2} × the reference's):</p><table><thead><tr><th>group</th>",
                esc(reference),
                1.0 / tau
            );
            let names = [
                "Statistical Parity",
                "Impact Parity",
                "FPR Parity",
                "FNR Parity",
                "TPR Parity",
                "Precision Parity",
                "Equalized Odds",
            ];
            for n in names {
                let _ = write!(h, "<th>{n}</th>");
            }
            h.push_str("</tr></thead><tbody>");
            for g in groups {
                let _ = write!(h, "<tr><td>{}</td>", esc(&g.group));
                for n in names {
                    let cell = match g.verdicts.get(n).copied().flatten() {
                        Some(true) => "<td class=\"ok\">yes</td>",
                        Some(false) => "<td class=\"review\">no</td>",
                        None => "<td>undefined</td>",
                    };
                    h.push_str(cell);
                }
                h.push_str("</tr>");
            }
            h.push_str("</tbody></table>");
        }
    }
    h.push_str("<h2>What the metrics mean</h2><dl>");
    for m in Metric::ALL {
        let _ = write!(
            h,
            "<dt><b>{}</b></dt><dd>{}</dd>",
            esc(m.title()),
            esc(m.explanation())
        );
    }
    h.push_str("</dl></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn bars_are_scaled_and_whiskered() {
        let svg = bars_svg(
            "t",
            &[Bar {
                label: "a<b".into(),
                value: Some(0.5),
                interval: Some((0.25, 0.75)),
            }],
        );
        assert!(svg.contains(r#"width="150.0""#), "{svg}"); // half of 300
        assert!(svg.contains("a&lt;b"));
        assert!(
            svg.contains("M285.0 32 H435.0"),
            "whisker from 0.25 to 0.75: {svg}"
        );
    }
}
