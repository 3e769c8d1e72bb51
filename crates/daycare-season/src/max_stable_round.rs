//! A max-stable round: the suite's `max-stable` mechanism (the most children placed among the
//! weakly stable allocations, then the smallest total rank; families together and the hardship
//! quota when the season has them) on the children in play and the seats not under contract,
//! such that nobody loses what they hold.
//!
//! How "never revoke" is kept: each child holding an offer gets a seat of its own — a private
//! copy of the held program with one seat, listed by that child alone where the program stands
//! in its (cut) list — and the program keeps its other seats for everyone else. A weakly stable
//! allocation therefore places the holder at its seat or higher (left unplaced, it would block
//! with its free private seat), whatever the ties. The price: when a holder moves up, its old
//! seat stays free in this round and goes out in the next one (deferred acceptance passes it on
//! at once).
//!
//! Families together against never revoke (seasons with families together): a family whose
//! member already holds an offer or a contract is no longer placed as a unit (that would revoke
//! or block the holder); its other children are placed one by one, with the sibling priority at
//! every program of the daycare where the sibling holds its place. Families with nobody placed yet are kept together as the
//! season's setting asks. The families' "same daycare" is the same daycare with the same care
//! hours and start month (the optimiser's daycare is a program without its age group).
//!
//! Cost: that of `max-stable` on the children in play (an integer programme; see
//! `daycare_allocation::max_stable`): far more than deferred acceptance on a city's season.

use daycare_allocation::domain::PriorityKey;
use daycare_allocation::max_stable::{Backend, Constraints, MaxStableOptions, max_stable};
use rustc_hash::FxHashMap;
use welfare_data::Instance;
use welfare_data::daycare::{Child, Choice, Daycare};
use welfare_data::programs::{Care, StartMonth};

use crate::error::SeasonError;
use crate::season::{Season, State};

/// One child in play: its index and its remaining list (program, priority key there; a holder's
/// held program last, with the holder key).
pub(crate) struct Player<'a> {
    pub child: u32,
    pub list: &'a [(usize, PriorityKey)],
}

/// For each player, the position in its list of the program the round gives it (`None`: none).
pub(crate) fn choices(
    season: &Season,
    state: &State,
    players: &[Player<'_>],
    capacity: &[u32],
) -> Result<Vec<Option<usize>>, SeasonError> {
    let reg = &season.reg;
    let settings = &reg.settings;
    // the optimiser's daycares: one per (daycare, care, start) with a seat count per age
    // group, then one private seat per holder
    let mut holders_at = vec![0u32; capacity.len()];
    for p in players {
        if let Some(h) = state.holding[p.child as usize] {
            holders_at[h.program as usize] += 1;
        }
    }
    let mut daycares: Vec<Daycare> = Vec::new();
    let mut shared: FxHashMap<(usize, Care, StartMonth), usize> = FxHashMap::default();
    let mut place_of_program: Vec<Option<usize>> = vec![None; capacity.len()];
    let site = |program: usize, id: String| {
        let d = &reg.daycares[reg.programs[program].daycare];
        Daycare {
            id,
            name: d.name.clone(),
            district: d.district.clone(),
            lat: d.lat,
            lon: d.lon,
            capacity_u3: 0,
            capacity_ue3: 0,
        }
    };
    for p in players {
        for &(program, _) in p.list {
            if place_of_program[program].is_some() {
                continue;
            }
            let pr = &reg.programs[program];
            let key = (pr.daycare, pr.care, pr.start);
            let at = *shared.entry(key).or_insert_with(|| {
                daycares.push(site(program, format!("program-group-{}", daycares.len())));
                daycares.len() - 1
            });
            let free = capacity[program].saturating_sub(holders_at[program]);
            match pr.age_group {
                welfare_data::AgeGroup::U3 => daycares[at].capacity_u3 = free,
                welfare_data::AgeGroup::Ue3 => daycares[at].capacity_ue3 = free,
            }
            place_of_program[program] = Some(at);
        }
    }
    // families: a unit only while none of its children holds an offer or a contract; the
    // daycares where a family's child holds a place give its siblings the sibling priority
    let mut family_placed: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    // (the children registered so far: a replay folds the log with every registration known)
    for (c, child) in reg.children.iter().enumerate().take(state.children()) {
        if let Some(h) = state.holding[c] {
            family_placed
                .entry(child.family_id.as_str())
                .or_default()
                .push(reg.programs[h.program as usize].daycare);
        }
    }
    let mut children = Vec::with_capacity(players.len());
    for p in players {
        let c = p.child as usize;
        let child = &reg.children[c];
        let held = state.holding[c];
        // (only in seasons with families together: there it replaces the unit; otherwise the
        // registered sibling priority alone counts, as in deferred-acceptance seasons)
        let sibling_places = family_placed
            .get(child.family_id.as_str())
            .filter(|_| held.is_none() && settings.siblings_together);
        let mut preferences = Vec::with_capacity(p.list.len());
        for &(program, _) in p.list {
            let daycare = if held.is_some_and(|h| h.program as usize == program) {
                let mut own = site(program, format!("held-{}", child.id));
                match reg.programs[program].age_group {
                    welfare_data::AgeGroup::U3 => own.capacity_u3 = 1,
                    welfare_data::AgeGroup::Ue3 => own.capacity_ue3 = 1,
                }
                daycares.push(own);
                daycares.len() - 1
            } else {
                place_of_program[program].expect("every listed program has a place")
            };
            let real_daycare = reg.programs[program].daycare;
            let registered = reg.choices[c]
                .iter()
                .find(|r| r.program == program)
                .is_some_and(|r| r.sibling_enrolled);
            preferences.push(Choice {
                daycare,
                sibling_enrolled: registered
                    || sibling_places.is_some_and(|d| d.contains(&real_daycare)),
            });
        }
        let unit =
            settings.siblings_together && !family_placed.contains_key(child.family_id.as_str());
        children.push(Child {
            id: child.id.clone(),
            age_group: child.age_group,
            district: child.district.clone(),
            lat: child.lat,
            lon: child.lon,
            // (a family no longer placed as a unit: each child a family of its own)
            family_id: if unit {
                child.family_id.clone()
            } else {
                format!("\u{1}single-{c}")
            },
            hardship: child.hardship,
            lottery: child.lottery,
            preferences,
        });
    }
    let instance = Instance { daycares, children };
    let options = MaxStableOptions {
        backend: Backend::best_available(),
        time_limit: None,
        constraints: Constraints {
            siblings_together: settings.siblings_together,
            hardship_quota: settings.hardship_quota,
        },
    };
    let result = max_stable(&instance, &options)?;
    Ok(result.assignment.choice)
}
