//! Why a child holds what it holds: each program of its list with its state, and for the
//! programs it ranks higher, why it has no seat there (the criterion against the last child
//! who got one). The letters and the staff page render this.

use chrono::NaiveDate;
use daycare_allocation::domain::{Criterion, Priority};
use daycare_allocation::haversine_km;
use serde::{Deserialize, Serialize};

use crate::season::Season;

/// Where the child stands at one program of its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChoiceState {
    /// The child's contract.
    Contract,
    /// The child's open offer.
    Offer,
    /// Declined or let lapse.
    Declined,
    /// Ranked above what the child holds: no seats for its age group there.
    NoSeats,
    /// Ranked above: every seat is under contract.
    AllContracted,
    /// Ranked above: the seats went to children with a sibling there.
    Sibling,
    /// Ranked above: the seats went to hardship cases.
    Hardship,
    /// Ranked above: the seats went to children living closer.
    Distance,
    /// Ranked above: the lottery decided.
    Lottery,
    /// Ranked above (max-stable seasons): the children there are ranked the same (sibling,
    /// hardship, distance within 500 m); the seats went so that the most children get one.
    Tie,
    /// Ranked above: children of earlier rounds hold the seats (they keep them).
    HeldEarlier,
    /// Ranked above, and a seat is free there: the next round decides.
    NotYet,
    /// Ranked below what the child holds.
    Below,
}

impl ChoiceState {
    fn of(c: Criterion) -> ChoiceState {
        match c {
            Criterion::Sibling => ChoiceState::Sibling,
            Criterion::Hardship => ChoiceState::Hardship,
            Criterion::Distance => ChoiceState::Distance,
            Criterion::Lottery => ChoiceState::Lottery,
        }
    }
}

/// One program of a child's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceView {
    /// The child's rank.
    pub rank: u32,
    /// The daycare.
    pub daycare_id: String,
    /// Its name.
    pub daycare_name: String,
    /// `half`, `part`, `full`.
    pub care: String,
    /// `YYYY-MM`.
    pub start: String,
    /// Where the child stands there.
    pub state: ChoiceState,
}

/// What a child holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChildState {
    /// A signed contract.
    Contract,
    /// An open offer.
    Offer,
    /// In play without an offer.
    Unplaced,
    /// Left the season.
    Withdrawn,
}

/// A child in the staff list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildRow {
    /// The child.
    pub child_id: String,
    /// The family.
    pub family_id: String,
    /// `u3` or `ue3`.
    pub age_group: String,
    /// Where it stands.
    pub state: ChildState,
    /// The daycare of its offer or contract.
    pub daycare_id: Option<String>,
    /// Its name.
    pub daycare_name: Option<String>,
    /// The rank of it.
    pub rank: Option<u32>,
    /// Answer by (offers).
    pub deadline: Option<NaiveDate>,
}

/// A page of the staff list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildPage {
    /// Children matching the filter.
    pub total: u64,
    /// From this position (0-based).
    pub offset: u64,
    /// The rows.
    pub rows: Vec<ChildRow>,
}

/// One child in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChildDetail {
    /// The row.
    pub child: ChildRow,
    /// Hardship case.
    pub hardship: bool,
    /// Its list, rank 1 first.
    pub choices: Vec<ChoiceView>,
}

fn row(season: &Season, c: usize) -> ChildRow {
    let reg = &season.reg;
    let st = &season.state;
    let child = &reg.children[c];
    let h = st.holding[c];
    let state = if st.withdrawn[c] {
        ChildState::Withdrawn
    } else {
        match h {
            Some(h) if h.contract => ChildState::Contract,
            Some(_) => ChildState::Offer,
            None => ChildState::Unplaced,
        }
    };
    let daycare = h.map(|h| &reg.daycares[reg.programs[h.program as usize].daycare]);
    ChildRow {
        child_id: child.id.clone(),
        family_id: child.family_id.clone(),
        age_group: child.age_group.as_str().to_owned(),
        state,
        daycare_id: daycare.map(|d| d.id.clone()),
        daycare_name: daycare.map(|d| d.name.clone()),
        rank: h.map(|h| h.rank),
        deadline: h.and_then(|h| h.deadline),
    }
}

/// The children whose id or family id contains `filter` (case-insensitive), and whose state is
/// `state` (all when `None`), `limit` of them from `offset`, in registration order.
pub fn children_page(
    season: &Season,
    filter: &str,
    state: Option<ChildState>,
    offset: u64,
    limit: u64,
) -> ChildPage {
    let needle = filter.trim().to_lowercase();
    let matching = (0..season.state.children()).filter(|&c| {
        let child = &season.reg.children[c];
        (needle.is_empty()
            || child.id.to_lowercase().contains(&needle)
            || child.family_id.to_lowercase().contains(&needle))
            && state.is_none_or(|s| row(season, c).state == s)
    });
    let mut total = 0u64;
    let mut rows = Vec::new();
    for c in matching {
        if total >= offset && (rows.len() as u64) < limit {
            rows.push(row(season, c));
        }
        total += 1;
    }
    ChildPage {
        total,
        offset,
        rows,
    }
}

/// The child with this id (exact, or ignoring case when only one matches).
pub fn find_child(season: &Season, id: &str) -> Option<usize> {
    let n = season.state.children();
    let children = &season.reg.children[..n];
    children.iter().position(|c| c.id == id).or_else(|| {
        let lower = id.trim().to_lowercase();
        let mut hits = children
            .iter()
            .enumerate()
            .filter(|(_, c)| c.id.to_lowercase() == lower);
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    })
}

/// A child's list with the state at each program.
pub fn child_detail(season: &Season, c: usize) -> ChildDetail {
    let reg = &season.reg;
    let st = &season.state;
    let me = &reg.children[c];
    let held = st.holding[c];
    let choices = reg.choices[c]
        .iter()
        .map(|r| {
            let p = &reg.programs[r.program];
            let d = &reg.daycares[p.daycare];
            let state = if st.declined[c].contains(&(r.program as u32)) {
                ChoiceState::Declined
            } else if let Some(h) = held.filter(|h| h.program as usize == r.program) {
                if h.contract {
                    ChoiceState::Contract
                } else {
                    ChoiceState::Offer
                }
            } else if held.is_some_and(|h| r.rank > h.rank) || st.withdrawn[c] {
                ChoiceState::Below
            } else {
                why_not(season, c, r.program, r.sibling_enrolled)
            };
            ChoiceView {
                rank: r.rank,
                daycare_id: d.id.clone(),
                daycare_name: d.name.clone(),
                care: p.care.as_str().to_owned(),
                start: p.start.to_string(),
                state,
            }
        })
        .collect();
    ChildDetail {
        child: row(season, c),
        hardship: me.hardship,
        choices,
    }
}

/// Why child `c` holds no seat at `program`, which it ranks above what it holds.
pub fn why_not(season: &Season, c: usize, program: usize, sibling: bool) -> ChoiceState {
    let reg = &season.reg;
    let st = &season.state;
    if program >= st.seats.len() || st.seats[program] == 0 {
        return ChoiceState::NoSeats;
    }
    let d = &reg.daycares[reg.programs[program].daycare];
    let priority = |o: usize, sibling: bool| {
        let oc = &reg.children[o];
        Priority {
            sibling_enrolled: sibling,
            hardship: oc.hardship,
            distance_km: haversine_km(oc.lat, oc.lon, d.lat, d.lon),
            lottery: oc.lottery,
        }
    };
    let mine = priority(c, sibling);
    // offers at the program; the one with the lowest priority decides
    let mut weakest: Option<(Priority, bool)> = None;
    let mut taken = 0u32;
    for o in 0..st.children() {
        let Some(h) = st.holding[o].filter(|h| h.program as usize == program) else {
            continue;
        };
        taken += 1;
        if h.contract {
            continue;
        }
        let Some(choice) = reg.choices[o].iter().find(|x| x.program == program) else {
            continue;
        };
        let p = priority(o, choice.sibling_enrolled);
        if weakest.is_none_or(|(w, _)| p.compare(&w).is_gt()) {
            weakest = Some((p, h.round < st.round));
        }
    }
    if taken < st.seats[program] {
        // a free seat: the next round offers it
        return ChoiceState::NotYet;
    }
    // max-stable rounds do not decide within a tie class (sibling, hardship, 500 m band) by
    // distance or lottery: the seats go so that the most children get one
    let class = |p: &Priority| {
        (
            p.sibling_enrolled,
            p.hardship,
            (p.distance_km / 0.5).floor() as i64,
        )
    };
    let max_stable = reg.settings.mechanism == crate::season::SeasonMechanism::MaxStable;
    match weakest {
        None => ChoiceState::AllContracted,
        Some((w, false)) if max_stable && class(&w) == class(&mine) => ChoiceState::Tie,
        Some((w, _)) if mine.compare(&w).is_gt() => ChoiceState::of(w.deciding_criterion(&mine)),
        Some(_) => ChoiceState::HeldEarlier,
    }
}
