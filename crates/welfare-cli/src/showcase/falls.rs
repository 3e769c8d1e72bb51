//! Showcase section of `fall-detection`: both detectors trained on synthetic subjects and
//! evaluated on other synthetic subjects (per trial, by age band), streaming checked against
//! offline, and one fall drawn with its alarm. SisFall results are not computed here (the data
//! may not be redistributed): docs/benchmarks.md has them with the command that produced them.

use std::fmt::Write as _;

use fall_detection::evaluate::{Metrics, evaluate};
use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::{DetectorKind, TrainOptions, prepare_all, train};
use fall_detection::{Model, StreamingDetector};
use serde::Serialize;

use welfare_report::{Lang, Marker, line_chart};

use super::page::{Section, share_chart, table};

const TRAIN_SEED: u64 = 2026;
const TEST_SEED: u64 = 2027;

fn pct(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{:.1} %", 100.0 * v))
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("–".into(), |v| format!("{v:.digits$}"))
}

fn row(name: &str, band: &str, m: &Metrics) -> Vec<String> {
    vec![
        name.to_owned(),
        band.to_owned(),
        m.trials.to_string(),
        m.falls.to_string(),
        pct(m.sensitivity),
        pct(m.specificity),
        num(m.f1, 3),
        num(m.auc, 3),
        num(m.false_alarms_per_hour, 1),
        num(m.median_latency_s, 1),
    ]
}

/// What `summary.json` records of this section.
#[derive(Serialize)]
pub struct Summary {
    data: String,
    detectors: Vec<DetectorSummary>,
    streaming_equals_offline_trials: usize,
    test_trials: usize,
}

#[derive(Serialize)]
struct DetectorSummary {
    detector: &'static str,
    cutoff: f64,
    evaluation: fall_detection::evaluate::Evaluation,
}

pub fn section() -> anyhow::Result<(Section, Summary)> {
    let train_set = recording(&SyntheticSpec {
        adults: 8,
        older: 4,
        repetitions: 3,
        seed: TRAIN_SEED,
        ..SyntheticSpec::default()
    })?;
    let test_set = recording(&SyntheticSpec {
        adults: 6,
        older: 3,
        repetitions: 3,
        seed: TEST_SEED,
        ..SyntheticSpec::default()
    })?;
    let mut rows = Vec::new();
    let mut summaries = Vec::new();
    let (mut names, mut sens, mut spec) = (Vec::new(), Vec::new(), Vec::new());
    let mut boosted: Option<Model> = None;
    for kind in [
        DetectorKind::Threshold,
        DetectorKind::Forest,
        DetectorKind::Boosting,
    ] {
        let model = train(
            &train_set.trials,
            &TrainOptions {
                kind,
                ..TrainOptions::default()
            },
        )?;
        let test = prepare_all(&test_set.trials, &model.window)?;
        let e = evaluate(&model, &test, "synthetic")?;
        rows.push(row(kind.name(), "all", &e.overall));
        for (band, m) in &e.by_age_band {
            let label = match band.as_str() {
                "SA" => "adults (SA)",
                "SE" => "older (SE)",
                other => other,
            };
            rows.push(row(kind.name(), label, m));
        }
        names.push(kind.name().to_owned());
        sens.push(e.overall.sensitivity.unwrap_or(0.0));
        spec.push(e.overall.specificity.unwrap_or(0.0));
        summaries.push(DetectorSummary {
            detector: kind.name(),
            cutoff: model.cutoff,
            evaluation: e,
        });
        if kind == DetectorKind::Boosting {
            boosted = Some(model);
        }
    }
    let boosted = boosted.expect("trained above");

    // streaming over every test trial gives the offline alarms
    let mut stream = StreamingDetector::new(&boosted);
    let (mut same, mut alarms) = (0usize, 0usize);
    for t in &test_set.trials {
        let offline = boosted.detect_trial(t, "synthetic")?;
        let mut online = Vec::new();
        for k in 0..t.len() {
            let g = t.gyro_dps.as_ref().map(|g| g[k]);
            online.extend(stream.push(t.t_s[k], t.acc_g[k], g)?);
        }
        online.extend(stream.finish().alarms);
        alarms += offline.len();
        same += usize::from(
            online.len() == offline.len()
                && online
                    .iter()
                    .zip(&offline)
                    .all(|(a, b)| a.probability == b.probability),
        );
    }

    let mut html = String::from(
        "<p>A waist-worn sensor, 50 samples per second. The detector looks for impacts \
         (acceleration peaks), cuts 2 s before and 2.5 s after each, and describes the window \
         by features that do not depend on how exactly the sensor sits: the free fall before the \
         impact, its strength, the change of posture (tilt) and the stillness after it. The \
         <b>threshold</b> detector (peak and tilt, tuned) can be explained in one sentence; the \
         <b>forest</b> (a random forest: 100 decision trees that vote) and the <b>boosting</b> \
         detector (gradient-boosted trees, each correcting the ones before; the most accurate \
         on the real recordings) weigh all 22 features. An alarm comes 2.5 s after the impact. \
         Streaming and the example signal below use the boosting detector. Here all three are trained on 12 <i>synthetic</i> subjects and tested on \
         9 others (the generator ships with the crate); figures on the real SisFall recordings \
         (subject-wise cross-validation) are in <code>docs/benchmarks.md</code>.</p>",
    );
    html.push_str(&table(
        &[
            "detector",
            "subjects",
            "trials",
            "falls",
            "sensitivity",
            "specificity",
            "F1",
            "AUC",
            "false alarms / h",
            "latency s",
        ],
        &rows,
    ));
    html.push_str(
        "<p class=\"note\"><b>Sensitivity</b>: share of falls that raised an alarm. \
         <b>Specificity</b>: share of everyday activities (walking, sitting down, stairs) without \
         a false alarm. <b>F1</b>: one number for both kinds of error (1 = no missed fall and \
         no false alarm). <b>AUC</b>: how well the detector's score orders falls above everyday \
         activities, whatever the cut-off (1 = perfectly, 0.5 = by chance). SA: young adults \
         (19–30), SE: older people (60–75), the age groups of the SisFall study.</p>",
    );
    html.push_str(&share_chart(
        "Falls detected (sensitivity) and daily activities without a false alarm (specificity)",
        &names,
        &[
            ("sensitivity", "#2a6f97", sens),
            ("specificity", "#a9d6e5", spec),
        ],
    ));
    let _ = write!(
        html,
        "<p>Streaming (sample by sample, one window of memory) raised exactly the offline alarms \
         on {same} of {} test trials ({alarms} alarms).</p>",
        test_set.trials.len()
    );
    if let Some(t) = test_set.trials.iter().find(|t| t.label == Some(true)) {
        let a = boosted.detect_trial(t, "synthetic")?;
        html.push_str(&signal_svg(
            t,
            a.first().map(|a| (a.t_impact_s, a.t_alarm_s)),
        ));
    }
    Ok((
        Section {
            id: "falls",
            title: "Fall detection (fall-detection)".into(),
            html,
        },
        Summary {
            data: format!(
                "synthetic: train seed {TRAIN_SEED} (12 subjects), test seed {TEST_SEED} (9 subjects)"
            ),
            detectors: summaries,
            streaming_equals_offline_trials: same,
            test_trials: test_set.trials.len(),
        },
    ))
}

/// |a| over time for one trial, with the impact and the alarm marked.
fn signal_svg(t: &welfare_data::signals::Trial, alarm: Option<(f64, f64)>) -> String {
    let t0 = t.t_s.first().copied().unwrap_or(0.0);
    let points: Vec<(f64, f64)> = t
        .acc_g
        .iter()
        .zip(&t.t_s)
        .map(|(a, &s)| (s - t0, fall_detection::signal::smv(a)))
        .collect();
    let markers: Vec<Marker> = alarm
        .map(|(impact, at)| {
            vec![
                Marker {
                    x: impact - t0,
                    label: format!("impact {impact:.1} s"),
                    colour: "#555".into(),
                },
                Marker {
                    x: at - t0,
                    label: format!("alarm {at:.1} s"),
                    colour: "#d1495b".into(),
                },
            ]
        })
        .unwrap_or_default();
    line_chart(
        &format!(
            "A synthetic fall ({}): acceleration magnitude over time",
            t.key()
        ),
        &points,
        &markers,
        "time (s)",
        "acceleration (g)",
        Lang::En,
    )
}
