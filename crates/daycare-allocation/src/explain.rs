//! Why a child got this seat or none: for each daycare it ranked higher than its result, who
//! holds the seats of its age group and by which criterion they come first — in plain German
//! and English. Only ids, the child's own figures and the last admitted child's distance are
//! shown; no other child's personal data.

use serde::Serialize;

use crate::assignment::Assignment;
use crate::domain::{Criterion, Instance, Priority, priority, seat_group};

/// The explanation of one preferred daycare.
#[derive(Debug, Clone, Serialize)]
pub struct Reason {
    /// Rank of the daycare in the child's list (1 = first choice).
    pub rank: usize,
    /// The daycare's id.
    pub daycare_id: String,
    /// The daycare's name.
    pub daycare_name: String,
    /// Seats of the child's age group there.
    pub seats: u32,
    /// Children holding those seats.
    pub seated: usize,
    /// What decided against the child (`None` when a seat is free: the mechanism did not use it).
    pub criterion: Option<&'static str>,
    /// The child's distance to the daycare, km.
    pub distance_km: f64,
    /// Distance of the last admitted child, km (when distance decided).
    pub last_admitted_distance_km: Option<f64>,
    /// The reason in English.
    pub english: String,
    /// The reason in German.
    pub german: String,
}

/// The whole explanation for one child.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The child's id.
    pub child_id: String,
    /// `u3` or `ue3`.
    pub age_group: &'static str,
    /// The daycare the child got, if any.
    pub assigned_daycare_id: Option<String>,
    /// Its rank in the child's list.
    pub assigned_rank: Option<usize>,
    /// One sentence in English.
    pub summary_english: String,
    /// One sentence in German.
    pub summary_german: String,
    /// For each daycare the child ranked higher than its result: why not there.
    pub reasons: Vec<Reason>,
}

fn criterion_name(c: Criterion) -> &'static str {
    match c {
        Criterion::Sibling => "sibling_enrolled",
        Criterion::Hardship => "hardship",
        Criterion::Distance => "distance",
        Criterion::Lottery => "lottery",
    }
}

/// Explains the result of child `child` in assignment `a`.
pub fn explain(instance: &Instance, a: &Assignment, child: usize) -> Explanation {
    let c = &instance.children[child];
    let group = c.age_group;
    let ranked_higher = a.choice[child].unwrap_or(c.preferences.len());
    let mut reasons = Vec::new();
    for (k, choice) in c.preferences.iter().enumerate().take(ranked_higher) {
        let d = &instance.daycares[choice.daycare];
        let mine = priority(instance, c, choice);
        let seats = d.capacity(group);
        // seated children of this seat group with their priorities
        let mut seated: Vec<Priority> = Vec::new();
        for (other, oc) in instance.children.iter().enumerate() {
            if oc.age_group != group {
                continue;
            }
            if let Some(ok) = a.choice[other] {
                let och = &oc.preferences[ok];
                if seat_group(och.daycare, group) == seat_group(choice.daycare, group) {
                    seated.push(priority(instance, oc, och));
                }
            }
        }
        seated.sort_by(|x, y| x.compare(y));
        let last = seated.last().copied();
        let (criterion, english, german) = if seats == 0 {
            (
                None,
                format!(
                    "{}: no seats for {} children this round.",
                    d.name,
                    group.as_str()
                ),
                format!(
                    "{}: in dieser Runde keine Plätze für {}-Kinder.",
                    d.name,
                    age_de(group)
                ),
            )
        } else if (seated.len() as u32) < seats {
            (
                None,
                format!(
                    "{}: a seat is still free; this mechanism did not give it to you (it does not follow your preferences strictly).",
                    d.name
                ),
                format!(
                    "{}: Ein Platz ist noch frei; dieses Verfahren hat ihn nicht an Sie vergeben (es folgt Ihren Wünschen nicht streng).",
                    d.name
                ),
            )
        } else {
            let last = last.expect("a full seat group has seated children");
            let crit = if mine.compare(&last).is_lt() {
                // the child would come first: the mechanism is not stable here
                None
            } else {
                Some(last.deciding_criterion(&mine))
            };
            let (en, de) = match crit {
                None => (
                    format!(
                        "{}: all {seats} seats are taken, although you come before the last admitted child; this mechanism does not follow the priorities.",
                        d.name
                    ),
                    format!(
                        "{}: Alle {seats} Plätze sind vergeben, obwohl Sie vor dem zuletzt aufgenommenen Kind kämen; dieses Verfahren folgt den Vorrangregeln nicht.",
                        d.name
                    ),
                ),
                Some(Criterion::Sibling) => (
                    format!(
                        "{}: all {seats} {} seats went to children with an older sibling already there; you have none there.",
                        d.name,
                        group.as_str()
                    ),
                    format!(
                        "{}: Alle {seats} Plätze gingen an Kinder, deren ältere Geschwister schon dort sind; bei Ihnen ist das nicht so.",
                        d.name
                    ),
                ),
                Some(Criterion::Hardship) => (
                    format!(
                        "{}: all {seats} {} seats went to children with a sibling there or a hardship case.",
                        d.name,
                        group.as_str()
                    ),
                    format!(
                        "{}: Alle {seats} Plätze gingen an Kinder mit Geschwisterkind dort oder mit Härtefall.",
                        d.name
                    ),
                ),
                Some(Criterion::Distance) => (
                    format!(
                        "{}: all {seats} {} seats went to children with a sibling there, a hardship case or a shorter way; the last one admitted lives {:.1} km away, you live {:.1} km away.",
                        d.name,
                        group.as_str(),
                        last.distance_km,
                        mine.distance_km
                    ),
                    format!(
                        "{}: Alle {seats} Plätze gingen an Kinder mit Geschwisterkind dort, Härtefall oder kürzerem Weg; das zuletzt aufgenommene Kind wohnt {} km entfernt, Sie wohnen {} km entfernt.",
                        d.name,
                        km_de(last.distance_km),
                        km_de(mine.distance_km)
                    ),
                ),
                Some(Criterion::Lottery) => (
                    format!(
                        "{}: the last seat went to a child at the same distance with a better lottery number.",
                        d.name
                    ),
                    format!(
                        "{}: Der letzte Platz ging an ein Kind mit gleichem Weg und besserer Losnummer.",
                        d.name
                    ),
                ),
            };
            (crit.map(criterion_name), en, de)
        };
        reasons.push(Reason {
            rank: k + 1,
            daycare_id: d.id.clone(),
            daycare_name: d.name.clone(),
            seats,
            seated: seated.len(),
            criterion,
            distance_km: mine.distance_km,
            last_admitted_distance_km: (criterion == Some("distance"))
                .then(|| last.map(|l| l.distance_km))
                .flatten(),
            english,
            german,
        });
    }
    let assigned = a.daycare(instance, child).map(|d| &instance.daycares[d]);
    let (summary_english, summary_german) = match (assigned, a.rank(child)) {
        (Some(d), Some(1)) => (
            format!("Child {} got a seat at its first choice, {}.", c.id, d.name),
            format!(
                "Kind {} hat einen Platz in seiner ersten Wahl bekommen: {}.",
                c.id, d.name
            ),
        ),
        (Some(d), Some(r)) => (
            format!(
                "Child {} got a seat at {}, its choice number {r}. Why not a higher choice:",
                c.id, d.name
            ),
            format!(
                "Kind {} hat einen Platz in {} bekommen, seiner Wahl Nummer {r}. Warum nicht eine höhere Wahl:",
                c.id, d.name
            ),
        ),
        _ => (
            format!(
                "Child {} got no seat. Why, for each daycare on its list:",
                c.id
            ),
            format!(
                "Kind {} hat keinen Platz bekommen. Der Grund für jede Kita auf der Liste:",
                c.id
            ),
        ),
    };
    Explanation {
        child_id: c.id.clone(),
        age_group: group.as_str(),
        assigned_daycare_id: assigned.map(|d| d.id.clone()),
        assigned_rank: a.rank(child),
        summary_english,
        summary_german,
        reasons,
    }
}

fn age_de(group: crate::domain::AgeGroup) -> &'static str {
    match group {
        crate::domain::AgeGroup::U3 => "Krippen",
        crate::domain::AgeGroup::Ue3 => "Kindergarten",
    }
}

impl Explanation {
    /// Plain text, German first, then English.
    pub fn text(&self) -> String {
        let mut s = format!("{}\n", self.summary_german);
        for r in &self.reasons {
            s.push_str(&format!("  {}. {}\n", r.rank, r.german));
        }
        s.push_str(&format!("\n{}\n", self.summary_english));
        for r in &self.reasons {
            s.push_str(&format!("  {}. {}\n", r.rank, r.english));
        }
        s
    }
}

/// A distance with one decimal and a decimal comma, as German text writes it (`0,5`).
fn km_de(km: f64) -> String {
    format!("{km:.1}").replace('.', ",")
}
