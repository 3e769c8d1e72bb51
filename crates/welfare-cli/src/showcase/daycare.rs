//! Showcase section of `daycare-allocation`: every mechanism on the shipped `small` instance
//! (1,000 children, 40 daycares), compared on placement, ranks, justified envy and families,
//! with the placement of hardship cases and one explained refusal.

use daycare_allocation::{Mechanism, allocate, audit, explain};
use serde::Serialize;
use welfare_data::Instance;

use super::data;
use super::page::{Section, bar_chart, esc, table};

/// What `summary.json` records of this section.
#[derive(Serialize)]
pub struct Summary {
    instance: &'static str,
    mechanisms: Vec<daycare_allocation::Summary>,
}

pub fn section() -> anyhow::Result<(Section, Summary)> {
    let e = &data::DAYCARE_INSTANCES[1];
    let instance = Instance::from_bytes(e.name, e.daycares, e.children, e.preferences)?;
    let mut rows = Vec::new();
    let mut summaries = Vec::new();
    let (mut names, mut placed, mut envy) = (Vec::new(), Vec::new(), Vec::new());
    let mut hardship_rows = Vec::new();
    let mut da_assignment = None;
    for m in [
        Mechanism::DeferredAcceptance,
        Mechanism::WelfareOptimal,
        Mechanism::Boston,
        Mechanism::FirstCome,
    ] {
        let result = allocate(&instance, m)?;
        let s = &result.summary;
        let first = s.rank_histogram.get(&1).copied().unwrap_or(0);
        rows.push(vec![
            m.name().to_owned(),
            s.placed.to_string(),
            s.unplaced.to_string(),
            format!("{:.2}", s.total_rank as f64 / s.placed.max(1) as f64),
            format!("{:.0} %", 100.0 * first as f64 / s.placed.max(1) as f64),
            s.justified_envy_pairs.to_string(),
            s.families_split.to_string(),
        ]);
        names.push(m.name().to_owned());
        placed.push(s.placed as f64);
        envy.push(s.justified_envy_pairs as f64);
        let report = audit::audit(&instance, &result.assignment)?;
        if let Some(h) = report
            .by_attribute
            .iter()
            .find(|a| a.attribute == "hardship")
        {
            let rate = |v: &str| {
                h.groups
                    .iter()
                    .find(|g| g.group[0].1 == v)
                    .map_or("-".to_owned(), |g| {
                        format!("{:.0} %", 100.0 * g.placement_rate)
                    })
            };
            hardship_rows.push(vec![m.name().to_owned(), rate("1"), rate("0")]);
        }
        let mut summary = s.clone();
        summary.seconds = None; // timings vary: the showcase's output is deterministic
        summaries.push(summary);
        if m == Mechanism::DeferredAcceptance {
            da_assignment = Some(result.assignment);
        }
    }
    let mut html = String::from(
        "<p>One allocation round of 1,000 children and 40 daycares (synthetic, shipped with the \
         suite). <b>Deferred acceptance</b> is stable: no child is passed over in favour of a child \
         with lower priority (sibling already there, hardship, distance, lottery), and it reproduces \
         the reference matching of two independent implementations exactly. The <b>welfare \
         optimum</b> places the most children with the best ranks but ignores priorities; \
         <b>Boston</b> and <b>first come</b> are what many towns do today.</p>",
    );
    html.push_str(&table(
        &[
            "mechanism",
            "placed",
            "unplaced",
            "mean rank",
            "first choice",
            "justified-envy pairs",
            "families split",
        ],
        &rows,
    ));
    html.push_str(&bar_chart(
        "Children placed",
        &names,
        &[("placed", "#2a6f97", placed)],
    ));
    html.push_str(&bar_chart(
        "Justified envy: a child passed over for one with lower priority (child, daycare pairs)",
        &names,
        &[("pairs", "#d1495b", envy)],
    ));
    html.push_str("<h3>Placement of hardship cases</h3>");
    html.push_str(&table(
        &["mechanism", "hardship placed", "others placed"],
        &hardship_rows,
    ));
    if let Some((a, child)) =
        da_assignment.and_then(|a| a.choice.iter().position(Option::is_none).map(|c| (a, c)))
    {
        let e = explain(&instance, &a, child);
        html.push_str(
            "<h3>Why no seat? (deferred acceptance, first unplaced child)</h3><pre style=\"white-space:pre-wrap\">",
        );
        html.push_str(&esc(&e.text()));
        html.push_str("</pre>");
    }
    Ok((
        Section {
            id: "daycare",
            title: "Kita allocation (daycare-allocation)".into(),
            html,
        },
        Summary {
            instance: e.name,
            mechanisms: summaries,
        },
    ))
}
