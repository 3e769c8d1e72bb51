//! Showcase section of `debt-triage`: a generated year of intake records, the logistic model
//! trained on the truth and on the historical labels, compared with first come, first served
//! and a points checklist; reasons for the most urgent cases; the fairness audit of missed
//! emergencies.

use debt_triage::evaluate::{Evaluation, MissRates, evaluate};
use debt_triage::generate::{GeneratorSpec, generate};
use debt_triage::model::{Target, TrainOptions, train};
use serde::Serialize;
use welfare_data::cases::Urgency;

use super::page::{Section, bar_chart, table};

const TRAIN_SEED: u64 = 2024;
const TEST_SEED: u64 = 2025;

fn miss_rate(audit: &[MissRates], attribute: &str, level: &str) -> Option<f64> {
    audit
        .iter()
        .find(|a| a.attributes == [attribute])?
        .group(attribute, level)?
        .u3_miss_rate
}

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.0} %", 100.0 * v))
}

/// What `summary.json` records of this section.
#[derive(Serialize)]
pub struct Summary {
    data: String,
    emergencies: usize,
    missed_emergencies: Missed,
    brier: f64,
    ece: f64,
}

#[derive(Serialize)]
struct Missed {
    model: usize,
    checklist: usize,
    #[serde(rename = "first-come")]
    first_come: usize,
}

pub fn section() -> anyhow::Result<(Section, Summary)> {
    let train_set = generate(&GeneratorSpec::new(4_000, TRAIN_SEED))?;
    let test_set = generate(&GeneratorSpec::new(4_000, TEST_SEED))?;
    let mut evaluations: Vec<(Target, Evaluation)> = Vec::new();
    let mut models = Vec::new();
    for target in [Target::UrgencyTrue, Target::UrgencyRecorded] {
        let model = train(
            &train_set.cases,
            &TrainOptions {
                target,
                ..TrainOptions::default()
            },
        )?;
        evaluations.push((target, evaluate(&model, &test_set.cases, 1)?));
        models.push(model);
    }
    let e = &evaluations[0].1;
    let mut rows = Vec::new();
    let (mut names, mut missed) = (Vec::new(), Vec::new());
    for (label, r) in [
        ("model (logistic, trained on the truth)", &e.rankings.model),
        ("points checklist", &e.rankings.checklist),
        ("first come, first served", &e.rankings.first_come),
    ] {
        rows.push(vec![
            label.to_owned(),
            r.missed_emergencies.to_string(),
            format!("{:.1}", r.waiting.emergency_mean_days),
            format!("{:.0}", r.waiting.emergency_p90_days),
        ]);
        names.push(label.to_owned());
        missed.push(r.missed_emergencies as f64);
    }
    let mut html = String::from(
        "<p>A generated year of intake records at a counselling centre (synthetic: a latent true \
         situation per person, and the incomplete picture the centre gets at intake). The model \
         orders the waiting list by urgency; a counsellor decides. It never sees sex, \
         nationality, language support or age.</p>",
    );
    html.push_str(&table(
        &[
            "ordering",
            "emergencies ranked below the typical U2 case",
            "days an emergency waits (mean)",
            "(90th percentile)",
        ],
        &rows,
    ));
    html.push_str(&bar_chart(
        &format!("Missed emergencies among {} (U3) cases", e.emergencies),
        &names,
        &[("missed", "#d1495b", missed)],
    ));
    html.push_str(&format!(
        "<p>Calibration: Brier score {:.3}, expected calibration error {:.3}. Recall of U3: {}.</p>",
        e.brier,
        e.ece,
        pct(e.recall.of(Urgency::U3))
    ));
    // reasons for the three highest-scored cases
    let scores = models[0].score(&test_set.cases.cases);
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        scores[b]
            .urgency_score
            .total_cmp(&scores[a].urgency_score)
            .then(a.cmp(&b))
    });
    let reason_rows: Vec<Vec<String>> = order
        .iter()
        .take(3)
        .map(|&i| {
            vec![
                test_set.cases.cases[i].case_id.clone(),
                format!("{:.0}", scores[i].urgency_score),
                scores[i].track_pred.as_str().to_owned(),
                scores[i].reasons.join("; "),
            ]
        })
        .collect();
    html.push_str("<h3>The most urgent cases and why</h3>");
    html.push_str(&table(
        &[
            "case",
            "score",
            "suggested track",
            "reasons (from the model's own weights)",
        ],
        &reason_rows,
    ));
    // fairness: the historical labels, the model trained on them, the model trained on the truth
    let recorded = &evaluations[1].1;
    let historical = recorded
        .fairness_of_recorded_labels
        .as_deref()
        .unwrap_or(&[]);
    let fair_rows = vec![
        vec![
            "historical counsellor labels".to_owned(),
            pct(miss_rate(historical, "language_support", "yes")),
            pct(miss_rate(historical, "language_support", "no")),
        ],
        vec![
            "model trained on the historical labels".to_owned(),
            pct(miss_rate(&recorded.fairness, "language_support", "yes")),
            pct(miss_rate(&recorded.fairness, "language_support", "no")),
        ],
        vec![
            "model trained on the truth".to_owned(),
            pct(miss_rate(&e.fairness, "language_support", "yes")),
            pct(miss_rate(&e.fairness, "language_support", "no")),
        ],
    ];
    html.push_str(
        "<h3>Fairness audit: emergencies not flagged as such</h3><p>The historical labels carry \
         a bias the generator injects on purpose: people who need language support and lack \
         documents were rated less urgent. The audit (fairness-audit, 500 bootstrap resamples; \
         by sex, nationality, household type and their intersections in the JSON) shows what a \
         model learns from such labels.</p>",
    );
    html.push_str(&table(
        &["labels", "needs language support", "does not"],
        &fair_rows,
    ));
    Ok((
        Section {
            id: "triage",
            title: "Debt-counselling triage (debt-triage)".into(),
            html,
        },
        Summary {
            data: format!(
                "synthetic: train seed {TRAIN_SEED} (4,000 cases), test seed {TEST_SEED} (4,000 cases)"
            ),
            emergencies: e.emergencies,
            missed_emergencies: Missed {
                model: e.rankings.model.missed_emergencies,
                checklist: e.rankings.checklist.missed_emergencies,
                first_come: e.rankings.first_come.missed_emergencies,
            },
            brier: e.brier,
            ece: e.ece,
        },
    ))
}
