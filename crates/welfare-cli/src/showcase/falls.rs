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

use super::page::{Section, bar_chart, esc, table};

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
    let mut forest: Option<Model> = None;
    for kind in [DetectorKind::Threshold, DetectorKind::Forest] {
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
        sens.push(100.0 * e.overall.sensitivity.unwrap_or(0.0));
        spec.push(100.0 * e.overall.specificity.unwrap_or(0.0));
        summaries.push(DetectorSummary {
            detector: kind.name(),
            cutoff: model.cutoff,
            evaluation: e,
        });
        if kind == DetectorKind::Forest {
            forest = Some(model);
        }
    }
    let forest = forest.expect("trained above");

    // streaming over every test trial gives the offline alarms
    let mut stream = StreamingDetector::new(&forest);
    let (mut same, mut alarms) = (0usize, 0usize);
    for t in &test_set.trials {
        let offline = forest.detect_trial(t, "synthetic")?;
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
         <b>forest</b> (100 linfa decision trees) weighs all 22 features. An alarm comes 2.5 s \
         after the impact. Here both are trained on 12 <i>synthetic</i> subjects and tested on \
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
    html.push_str(&bar_chart(
        "Falls detected and daily activities without alarm (%)",
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
        let a = forest.detect_trial(t, "synthetic")?;
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
    let (w, h, left, top) = (560.0, 180.0, 40.0, 24.0);
    let duration = t.duration_s().max(1e-9);
    let peak = t
        .acc_g
        .iter()
        .map(fall_detection::signal::smv)
        .fold(2.0, f64::max);
    let x = |s: f64| left + (s - t.t_s[0]) / duration * (w - left - 10.0);
    let y = |g: f64| top + (1.0 - g / peak) * (h - top - 20.0);
    let mut svg = String::new();
    let title = format!(
        "A synthetic fall ({}): acceleration magnitude in g",
        t.key()
    );
    let _ = write!(
        svg,
        r#"<svg role="img" aria-label="{t}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="0" y="14" font-size="13" font-weight="bold">{t}</text>"#,
        t = esc(&title)
    );
    for g in [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        .into_iter()
        .filter(|&g| g <= peak)
    {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{x2}" y1="{yy:.1}" y2="{yy:.1}" stroke="#ddd"/><text x="{tx}" y="{ty:.1}" font-size="10" text-anchor="end">{g}</text>"##,
            x2 = w - 10.0,
            yy = y(g),
            tx = left - 4.0,
            ty = y(g) + 3.0
        );
    }
    let mut points = String::new();
    for (k, a) in t.acc_g.iter().enumerate() {
        let _ = write!(
            points,
            "{:.1},{:.1} ",
            x(t.t_s[k]),
            y(fall_detection::signal::smv(a))
        );
    }
    let _ = write!(
        svg,
        r##"<polyline fill="none" stroke="#2a6f97" stroke-width="1" points="{points}"/>"##
    );
    if let Some((impact, at)) = alarm {
        for (s, colour, label) in [(impact, "#555", "impact"), (at, "#d1495b", "alarm")] {
            let _ = write!(
                svg,
                r##"<line x1="{xx:.1}" x2="{xx:.1}" y1="{top}" y2="{yb}" stroke="{colour}" stroke-dasharray="4 3"/><text x="{tx:.1}" y="{ty}" font-size="11" fill="{colour}">{label} {s:.1} s</text>"##,
                xx = x(s),
                yb = h - 20.0,
                tx = x(s) + 3.0,
                ty = top + 10.0
            );
        }
    }
    let _ = write!(
        svg,
        r#"<text x="{left}" y="{yy}" font-size="10">0 s</text><text x="{xe}" y="{yy}" font-size="10" text-anchor="end">{d:.0} s</text></svg>"#,
        yy = h - 6.0,
        xe = w - 10.0,
        d = duration
    );
    svg
}
