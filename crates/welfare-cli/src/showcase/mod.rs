//! `welfare showcase`: every prototype on the shipped data, one HTML page and a summary.json.
//!
//! Each prototype contributes a [`Section`]. The output is deterministic (no timestamps), so
//! two runs can be diffed.

mod data;
mod daycare;
mod fairness;
mod falls;
mod page;
mod text;
mod triage;

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;
use welfare_data::{AgeGroup, Instance, PredictionColumns, Predictions};

use page::{Section, bar_chart, table};

/// `summary.json`: the headline figures of every section.
#[derive(Serialize)]
struct Summary {
    suite: &'static str,
    version: &'static str,
    sections: Vec<SectionSummary>,
}

#[derive(Serialize)]
struct SectionSummary {
    id: &'static str,
    title: String,
    summary: Figures,
}

/// The figures of one section, as that section defines them.
#[derive(Serialize)]
#[serde(untagged)]
enum Figures {
    Data(DataSummary),
    Fairness(fairness::Summary),
    Daycare(daycare::Summary),
    Falls(falls::Summary),
    Triage(triage::Summary),
    Text(text::Summary),
}

pub fn run(out: &Path) -> anyhow::Result<()> {
    let start = Instant::now();
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the folder", out.display()))?;
    let bar = crate::progress::progress_bar(6, "showcase");
    let step = |message: &str| {
        bar.set_message(message.to_owned());
        if !crate::progress::interactive() {
            crate::progress::note(format_args!("[{}/6] {message}", bar.position() + 1));
        }
    };
    step("validating the shipped datasets");
    let mut parts = Vec::new();
    let (s, f) = shipped_data()?;
    parts.push((s, Figures::Data(f)));
    bar.inc(1);
    step("fairness audit of the German Credit decisions (1,000 bootstrap resamples)");
    let (s, f) = fairness::section(out)?;
    parts.push((s, Figures::Fairness(f)));
    bar.inc(1);
    step("Kita allocation: four mechanisms on 1,000 children");
    let (s, f) = daycare::section()?;
    parts.push((s, Figures::Daycare(f)));
    bar.inc(1);
    step("fall detection: three detectors on synthetic signals of 21 subjects");
    let (s, f) = falls::section()?;
    parts.push((s, Figures::Falls(f)));
    bar.inc(1);
    step("debt-counselling triage: a generated year of cases");
    let (s, f) = triage::section()?;
    parts.push((s, Figures::Triage(f)));
    bar.inc(1);
    step("Leichte Sprache: an office letter and its easy version checked");
    let (s, f) = text::section(out)?;
    parts.push((s, Figures::Text(f)));
    bar.finish_and_clear();

    let (sections, figures): (Vec<Section>, Vec<Figures>) = parts.into_iter().unzip();
    let summary = Summary {
        suite: "welfare-algorithms",
        version: env!("CARGO_PKG_VERSION"),
        sections: sections
            .iter()
            .zip(figures)
            .map(|(s, summary)| SectionSummary {
                id: s.id,
                title: s.title.clone(),
                summary,
            })
            .collect(),
    };
    let html = page::render(&sections);
    welfare_data::write_bytes_atomic(out.join("index.html"), html.as_bytes())?;
    let mut json_text = serde_json::to_string_pretty(&summary)?;
    json_text.push('\n');
    welfare_data::write_bytes_atomic(out.join("summary.json"), json_text.as_bytes())?;

    println!(
        "showcase: {} sections; wrote {} and {} in {:.2} s",
        sections.len(),
        out.join("index.html").display(),
        out.join("summary.json").display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The shipped datasets, loaded through welfare-data's validation: demand and supply of Kita
/// seats, and the German Credit decision table.
/// What `summary.json` records of the shipped data.
#[derive(Serialize)]
struct DataSummary {
    daycare_instances: Vec<InstanceFigures>,
    german_credit: CreditFigures,
}

#[derive(Serialize)]
struct InstanceFigures {
    name: &'static str,
    daycares: usize,
    children: usize,
    children_u3: usize,
    children_ue3: usize,
    seats_u3: u64,
    seats_ue3: u64,
    listed_pairs: usize,
    families: usize,
}

#[derive(Serialize)]
struct CreditFigures {
    rows: usize,
    y_true_positive: usize,
    y_pred_positive: usize,
}

fn shipped_data() -> anyhow::Result<(Section, DataSummary)> {
    let mut rows = Vec::new();
    let mut instances = Vec::new();
    let mut chart_categories = Vec::new();
    let (mut demand, mut supply) = (Vec::new(), Vec::new());
    for e in &data::DAYCARE_INSTANCES {
        let inst = Instance::from_bytes(e.name, e.daycares, e.children, e.preferences)?;
        let (u3, ue3) = inst.seats();
        let count = |g: AgeGroup| inst.children.iter().filter(|c| c.age_group == g).count();
        let families = {
            let mut f: Vec<&str> = inst.children.iter().map(|c| c.family_id.as_str()).collect();
            f.sort_unstable();
            f.dedup();
            f.len()
        };
        rows.push(vec![
            e.name.to_owned(),
            inst.daycares.len().to_string(),
            inst.children.len().to_string(),
            format!("{} / {}", count(AgeGroup::U3), count(AgeGroup::Ue3)),
            format!("{u3} / {ue3}"),
            inst.listed_pairs().to_string(),
            families.to_string(),
        ]);
        for (g, seats) in [(AgeGroup::U3, u3), (AgeGroup::Ue3, ue3)] {
            chart_categories.push(format!(
                "{} {}",
                e.name.rsplit('/').next().unwrap_or(e.name),
                g.as_str()
            ));
            demand.push(count(g) as f64);
            supply.push(seats as f64);
        }
        instances.push(InstanceFigures {
            name: e.name,
            daycares: inst.daycares.len(),
            children: inst.children.len(),
            children_u3: count(AgeGroup::U3),
            children_ue3: count(AgeGroup::Ue3),
            seats_u3: u3,
            seats_ue3: ue3,
            listed_pairs: inst.listed_pairs(),
            families,
        });
    }
    let columns =
        PredictionColumns::new("y_true", "y_pred", &["sex", "age_group", "foreign_worker"])
            .with_score("y_score");
    let credit = Predictions::from_bytes(data::GERMAN_CREDIT_NAME, data::GERMAN_CREDIT, &columns)?;
    let group_sizes: Vec<String> = credit
        .sensitive
        .iter()
        .map(|c| {
            let counts: Vec<String> = c
                .levels
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    format!(
                        "{l}: {}",
                        c.codes.iter().filter(|&&x| x as usize == k).count()
                    )
                })
                .collect();
            format!("{} ({})", c.name, counts.join(", "))
        })
        .collect();

    let mut html = String::from(
        "<p>Every dataset the suite ships is read through <code>welfare-data</code>, which checks \
         ids, references, ranks, numbers and encodings and names the file, row and field of any \
         problem. These are the figures the prototypes start from.</p><h3>Kita allocation instances</h3>",
    );
    html.push_str(&table(
        &[
            "instance",
            "daycares",
            "children",
            "children u3 / ue3",
            "seats u3 / ue3",
            "listed choices",
            "families",
        ],
        &rows,
    ));
    html.push_str(&bar_chart(
        "Children applying and seats offered, by age group",
        &chart_categories,
        &[
            ("children", "#2a6f97", demand),
            ("seats", "#a9d6e5", supply),
        ],
    ));
    html.push_str("<h3>Decision table: German Credit (UCI, CC BY 4.0)</h3>");
    html.push_str(&table(
        &["rows", "truly good", "predicted good", "groups"],
        &[vec![
            credit.len().to_string(),
            credit.y_true.iter().filter(|&&v| v).count().to_string(),
            credit.y_pred.iter().filter(|&&v| v).count().to_string(),
            group_sizes.join("; "),
        ]],
    ));
    Ok((
        Section {
            id: "data",
            title: "Shipped data".into(),
            html,
        },
        DataSummary {
            daycare_instances: instances,
            german_credit: CreditFigures {
                rows: credit.len(),
                y_true_positive: credit.y_true.iter().filter(|&&v| v).count(),
                y_pred_positive: credit.y_pred.iter().filter(|&&v| v).count(),
            },
        },
    ))
}
