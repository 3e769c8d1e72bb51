//! A start for families together: deferred acceptance in which a family applies as one unit,
//! then rounds in which every unit that would now be taken by a daycare it ranks higher applies
//! there again.
//!
//! A unit is a child of no family or a family of two or more children (one `family_id`). A
//! family's options are the daycares open to it (every member listed it, with seats of their
//! age group), in its first child's order; a daycare takes a unit when every member is among
//! the best `seats` of its seat group's holders and applicants by the strict priority (lottery
//! included), displacing the weakest holders — whose units (whole families) apply further down
//! their lists. Unlike plain deferred acceptance this need not settle at once: a displaced
//! family frees seats in its other seat group, which a unit refused there earlier might now
//! take. Hence the rounds (each O(listed pairs · seats)); they stop when no unit would move, or
//! after `rounds`. With families a stable allocation need not exist (Sun et al.), so the result
//! is only a candidate: the caller keeps it if it has no blocking coalition.

use std::collections::BTreeSet;

use crate::assignment::Assignment;
use crate::domain::{Instance, Market, PriorityKey};

/// One option of a unit (a daycare it may apply to): per member, (child, position in its list).
type Application = Vec<(usize, usize)>;

/// Deferred acceptance with families as units, then up to `rounds` rounds of re-application.
pub(super) fn family_deferred_acceptance(
    instance: &Instance,
    market: &Market,
    families: &[Vec<usize>],
    rounds: usize,
) -> Assignment {
    let n = instance.children.len();
    let mut in_family = vec![false; n];
    for &c in families.iter().flatten() {
        in_family[c] = true;
    }
    // units and their options, in preference order (a family: its first child's order)
    let mut units: Vec<Vec<Application>> = Vec::new();
    let mut unit_of = vec![usize::MAX; n];
    for c in (0..n).filter(|&c| !in_family[c]) {
        unit_of[c] = units.len();
        units.push(
            (0..market.lists[c].len())
                .filter(|&k| market.capacity[market.lists[c][k].0] > 0)
                .map(|k| vec![(c, k)])
                .collect(),
        );
    }
    for family in families {
        let prefs = |c: usize| &instance.children[c].preferences;
        let options: Vec<Application> = prefs(family[0])
            .iter()
            .filter_map(|p| {
                family
                    .iter()
                    .map(|&c| {
                        let k = prefs(c).iter().position(|q| q.daycare == p.daycare)?;
                        (market.capacity[market.lists[c][k].0] > 0).then_some((c, k))
                    })
                    .collect::<Option<Application>>()
            })
            .collect();
        for &c in family {
            unit_of[c] = units.len();
        }
        units.push(options);
    }

    let mut held: Vec<BTreeSet<(PriorityKey, usize)>> =
        vec![BTreeSet::new(); market.capacity.len()];
    // per unit: the option it holds or applies to next
    let mut next = vec![0usize; units.len()];
    let mut holds = vec![false; units.len()];
    // Whether the unit's option would be taken now: per seat group, every member among the
    // best `seats` of holders and applying members.
    let takes = |held: &[BTreeSet<(PriorityKey, usize)>], option: &Application| {
        option.iter().all(|&(c, k)| {
            let (g, key) = market.lists[c][k];
            let better_held = held[g].range(..(key, c)).count();
            let better_members = option
                .iter()
                .filter(|&&(o, j)| market.lists[o][j].0 == g && market.lists[o][j].1 < key)
                .count();
            better_held + better_members < market.capacity[g] as usize
        })
    };
    let mut queue: Vec<usize> = (0..units.len()).rev().collect();
    for round in 0..=rounds {
        while let Some(u) = queue.pop() {
            while next[u] < units[u].len() {
                let option = &units[u][next[u]];
                if !takes(&held, option) {
                    next[u] += 1;
                    continue;
                }
                for &(c, k) in option {
                    let (g, key) = market.lists[c][k];
                    held[g].insert((key, c));
                    while held[g].len() > market.capacity[g] as usize {
                        let Some((_, out)) = held[g].pop_last() else {
                            break;
                        };
                        // the displaced unit leaves everywhere and applies further down
                        let v = unit_of[out];
                        for &(o, j) in &units[v][next[v]] {
                            let (h, key) = market.lists[o][j];
                            held[h].remove(&(key, o));
                        }
                        holds[v] = false;
                        next[v] += 1;
                        queue.push(v);
                    }
                }
                holds[u] = true;
                break;
            }
        }
        if round == rounds {
            break;
        }
        // units that a daycare they rank higher would take now apply there again
        for u in 0..units.len() {
            let upto = if holds[u] { next[u] } else { units[u].len() };
            if let Some(better) = (0..upto).find(|&i| takes(&held, &units[u][i])) {
                if holds[u] {
                    for &(o, j) in &units[u][next[u]] {
                        let (h, key) = market.lists[o][j];
                        held[h].remove(&(key, o));
                    }
                    holds[u] = false;
                }
                next[u] = better;
                queue.push(u);
            }
        }
        if queue.is_empty() {
            break;
        }
        queue.reverse();
    }
    let mut a = Assignment::empty(n);
    for (u, options) in units.iter().enumerate() {
        if holds[u] {
            for &(c, k) in &options[next[u]] {
                a.choice[c] = Some(k);
            }
        }
    }
    a
}
