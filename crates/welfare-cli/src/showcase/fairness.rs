//! Showcase section of `fairness-audit`: the German Credit decisions audited by sex, age group
//! and their intersection, with the full report written next to the page.

use std::path::Path;

use fairness_audit::{AuditOptions, Bootstrap, Condition, Metric, audit, report};
use serde::Serialize;
use welfare_data::{PredictionColumns, Predictions};
use welfare_report::{Axis, Bar, Lang, bar_chart};

use super::data;
use super::page::{Section, esc, table};

/// The seed of the showcase's bootstrap (fixed: the page is reproducible).
const SEED: u64 = 20_261_125;

/// What `summary.json` records of this section.
#[derive(Serialize)]
pub struct Summary {
    dataset: &'static str,
    bootstrap: usize,
    seed: u64,
    audits: Vec<AuditSummary>,
}

/// The headline figures of one audit.
#[derive(Serialize)]
struct AuditSummary {
    sensitive: Vec<String>,
    demographic_parity_difference: Option<f64>,
    demographic_parity_ratio: Option<f64>,
    equalized_odds_difference: Option<f64>,
    confidence_intervals: fairness_audit::Interval,
    warnings: Vec<String>,
}

pub fn section(out: &Path) -> anyhow::Result<(Section, Summary)> {
    let columns =
        PredictionColumns::new("y_true", "y_pred", &["sex", "age_group"]).with_score("y_score");
    let credit = Predictions::from_bytes(data::GERMAN_CREDIT_NAME, data::GERMAN_CREDIT, &columns)?;
    let options = AuditOptions {
        bootstrap: Some(Bootstrap::new(1000, SEED)),
        privileged: Some(Condition::parse("sex=male,age_group=>=25")?),
        ..AuditOptions::default()
    };
    let report = audit(&credit, &options)?;
    welfare_data::write_bytes_atomic(
        out.join("fairness-audit.html"),
        report::html(
            &report,
            options.tau,
            Some(
                &welfare_report::Provenance::new("welfare showcase", env!("CARGO_PKG_VERSION"))
                    .source(data::GERMAN_CREDIT_NAME, credit.len())
                    .columns(["y_true", "y_pred", "y_score", "sex", "age_group"])
                    .setting(format!("bootstrap 1,000 resamples, seed {SEED}")),
            ),
            Lang::En,
        )
        .as_bytes(),
    )?;

    let mut html = String::from(
        "<p>A credit model's decisions on the UCI German Credit data (1,000 applicants; CC BY 4.0, \
         Hofmann 1994), audited by sex, age group and their intersection. Every number equals \
         fairlearn 0.15 / AIF360 0.6.1 / Aequitas 1.1 to 1e-12 (checked in the test suite); the \
         whiskers are 95 % bootstrap intervals (1,000 resamples, fixed seed). \
         <a href=\"fairness-audit.html\">Full report</a>.</p>",
    );
    let mut rows = Vec::new();
    let mut summary = Vec::new();
    for s in &report.audits {
        let bars: Vec<_> = s
            .by_group
            .iter()
            .enumerate()
            .map(|(g, row)| {
                Bar::new(s.frame.label(g), s.frame.value(Metric::SelectionRate, g))
                    .with_interval(row.interval(Metric::SelectionRate))
            })
            .collect();
        html.push_str(&bar_chart(
            &format!("Approval rate by {}", s.sensitive.join(" × ")),
            &bars,
            Axis::share(),
            Lang::En,
        ));
        let get = |k: &str| s.disparities.get(k).copied().flatten();
        let ci = |k: &str| {
            s.confidence_intervals
                .get(k)
                .copied()
                .flatten()
                .map(|(lo, hi)| format!("[{lo:.3}, {hi:.3}]"))
                .unwrap_or_default()
        };
        let fmt = |v: Option<f64>| v.map_or("undefined".to_owned(), |x| format!("{x:.3}"));
        let dpr = get("demographic_parity_ratio");
        rows.push(vec![
            s.sensitive.join(" × "),
            format!(
                "{} {}",
                fmt(get("demographic_parity_difference")),
                ci("demographic_parity_difference")
            ),
            format!("{} {}", fmt(dpr), ci("demographic_parity_ratio")),
            format!(
                "{} {}",
                fmt(get("equalized_odds_difference")),
                ci("equalized_odds_difference")
            ),
            match report::verdict(
                "demographic_parity_ratio",
                dpr,
                s.confidence_intervals
                    .get("demographic_parity_ratio")
                    .copied()
                    .flatten(),
                options.tau,
            ) {
                "ok" => "within the four-fifths rule".into(),
                "borderline" => {
                    "within the four-fifths rule, but the interval reaches below 0.8".into()
                }
                "review" => "below 0.8: review".into(),
                _ => "undefined".into(),
            },
        ]);
        summary.push(AuditSummary {
            sensitive: s.sensitive.clone(),
            demographic_parity_difference: get("demographic_parity_difference"),
            demographic_parity_ratio: dpr,
            equalized_odds_difference: get("equalized_odds_difference"),
            confidence_intervals: s
                .confidence_intervals
                .get("demographic_parity_difference")
                .copied()
                .flatten(),
            warnings: s.warnings.clone(),
        });
    }
    html.push_str(&table(
        &[
            "groups",
            "approval-rate gap (95 % CI)",
            "approval-rate ratio (95 % CI)",
            "equalized-odds gap (95 % CI)",
            "verdict",
        ],
        &rows,
    ));
    html.push_str(&format!(
        "<p class=\"note\">{}</p>",
        esc("Approval-rate gap: highest minus lowest group approval rate. Ratio: lowest over highest; \
             below 0.8 fails the four-fifths rule. Equalized-odds gap: the larger gap in true and false \
             positive rates, i.e. whether wrong decisions fall on some groups more than others.")
    ));
    Ok((
        Section {
            id: "fairness",
            title: "Fairness audit (fairness-audit)".into(),
            html,
        },
        Summary {
            dataset: data::GERMAN_CREDIT_NAME,
            bootstrap: 1000,
            seed: SEED,
            audits: summary,
        },
    ))
}
