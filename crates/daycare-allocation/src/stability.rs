//! Weak stability under ties: the tie classes a daycare's priority makes, the weakly blocking
//! pairs of any assignment, and the blocking coalitions when families apply together. Used to
//! check every allocation (the summary) and by the `max-stable` model.

use crate::assignment::Assignment;
use crate::domain::{Instance, Market, Priority, PriorityKey};

/// Width of the distance bands that make ties, km.
pub const TIE_BAND_KM: f64 = 0.5;

/// Tie class of a child at a daycare (smaller = higher priority; equal = tied).
pub(crate) fn tie_class(p: &Priority) -> (u8, u8, i64) {
    (
        u8::from(!p.sibling_enrolled),
        u8::from(!p.hardship),
        (p.distance_km / TIE_BAND_KM).floor() as i64,
    )
}

/// [`tie_class`] of a precomputed priority key (no distance computed again).
pub(crate) fn tie_class_of_key(key: PriorityKey) -> (u8, u8, i64) {
    let (sibling, hardship, _, lottery) = key.0;
    tie_class(&Priority {
        sibling_enrolled: sibling == 0,
        hardship: hardship == 0,
        distance_km: key.distance_km(),
        lottery,
    })
}

/// Weakly blocking pairs under ties: a child prefers a daycare to its result and that daycare
/// has a free seat of its age group or seats a child of a strictly lower tie class.
pub fn weakly_blocking_pairs(instance: &Instance, market: &Market, a: &Assignment) -> usize {
    let groups = market.capacity.len();
    let mut worst: Vec<Option<(u8, u8, i64)>> = vec![None; groups];
    let mut seated = vec![0u32; groups];
    for c in 0..instance.children.len() {
        if let Some(k) = a.choice[c] {
            let (g, key) = market.lists[c][k];
            let class = tie_class_of_key(key);
            seated[g] += 1;
            worst[g] = Some(worst[g].map_or(class, |w| w.max(class)));
        }
    }
    let mut count = 0;
    for c in 0..instance.children.len() {
        let better = a.choice[c].unwrap_or(market.lists[c].len());
        for &(g, key) in &market.lists[c][..better] {
            if market.capacity[g] == 0 {
                continue;
            }
            let class = tie_class_of_key(key);
            if seated[g] < market.capacity[g] || worst[g].is_some_and(|w| class < w) {
                count += 1;
            }
        }
    }
    count
}

/// Families (children sharing a `family_id`) with at least two children, in first-seen order.
pub(crate) fn families(instance: &Instance) -> Vec<Vec<usize>> {
    let mut index: std::collections::HashMap<&str, usize> = Default::default();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (c, child) in instance.children.iter().enumerate() {
        let f = *index.entry(child.family_id.as_str()).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[f].push(c);
    }
    out.retain(|f| f.len() >= 2);
    out
}

/// Whether seat group `g` can take children of the tie classes `moving` (sorted, best first)
/// at once: each needs a free seat or the seat of a child of a strictly lower class, and
/// children of the own family (`family_there`, their classes) are not displaced. For nested
/// choices Hall's condition is: the i-th best of n needs at least n − i + 1 such seats.
fn can_seat(
    capacity: u32,
    occupants: &[(u8, u8, i64)],
    family_there: &[(u8, u8, i64)],
    moving: &[(u8, u8, i64)],
) -> bool {
    let free = (capacity as usize).saturating_sub(occupants.len());
    let n = moving.len();
    moving.iter().enumerate().all(|(i, class)| {
        let worse = occupants.len() - occupants.partition_point(|o| o <= class);
        let own = family_there.iter().filter(|o| *o > class).count();
        free + worse - own >= n - i
    })
}

/// A family member's listing of a daycare: (child, position, seat group, tie class).
type Listed = (usize, usize, usize, (u8, u8, i64));

/// Blocking coalitions in the sense of Sun et al. (AAAI 2023), with families applying
/// together: a child of no such family and a daycare form one when they form a weakly blocking
/// pair ([`weakly_blocking_pairs`]); a family of two or more children (one `family_id`) and a
/// daycare d form one when every member listed d (with seats of their age group), no member is
/// worse off at d than now (each is already at d or prefers d), at least one member moves, and d
/// can seat all who move at once (each on a free seat or on the seat of a child of a strictly
/// lower tie class, never on a sibling's).
///
/// Without families it equals [`weakly_blocking_pairs`]. Linear in the listed pairs (times the
/// list length for family members).
pub fn blocking_coalitions(instance: &Instance, market: &Market, a: &Assignment) -> usize {
    let groups = market.capacity.len();
    let n = instance.children.len();
    let mut occupants: Vec<Vec<(u8, u8, i64)>> = vec![Vec::new(); groups];
    for c in 0..n {
        if let Some(k) = a.choice[c] {
            let (g, key) = market.lists[c][k];
            occupants[g].push(tie_class_of_key(key));
        }
    }
    for o in &mut occupants {
        o.sort_unstable();
    }
    let families = families(instance);
    let mut in_family = vec![false; n];
    for &c in families.iter().flatten() {
        in_family[c] = true;
    }
    let mut count = 0;
    for c in (0..n).filter(|&c| !in_family[c]) {
        let better = a.choice[c].unwrap_or(market.lists[c].len());
        for &(g, key) in &market.lists[c][..better] {
            if market.capacity[g] > 0
                && can_seat(
                    market.capacity[g],
                    &occupants[g],
                    &[],
                    &[tie_class_of_key(key)],
                )
            {
                count += 1;
            }
        }
    }
    for family in &families {
        let first = family[0];
        for p in &instance.children[first].preferences {
            let d = p.daycare;
            // each member's listing of d: (child, position, seat group, class)
            let listed: Option<Vec<Listed>> = family
                .iter()
                .map(|&c| {
                    let k = instance.children[c]
                        .preferences
                        .iter()
                        .position(|q| q.daycare == d)?;
                    let (g, key) = market.lists[c][k];
                    (market.capacity[g] > 0).then(|| (c, k, g, tie_class_of_key(key)))
                })
                .collect();
            let Some(listed) = listed else { continue };
            let at_d = |c: usize, k: usize| a.choice[c] == Some(k);
            let no_one_worse = listed
                .iter()
                .all(|&(c, k, _, _)| a.choice[c].is_none_or(|now| k <= now));
            let someone_moves = listed.iter().any(|&(c, k, _, _)| !at_d(c, k));
            if !(no_one_worse && someone_moves) {
                continue;
            }
            let mut seats_found = true;
            let mut seat_groups: Vec<usize> = listed.iter().map(|m| m.2).collect();
            seat_groups.sort_unstable();
            seat_groups.dedup();
            for g in seat_groups {
                let mut moving: Vec<(u8, u8, i64)> = Vec::new();
                let mut there: Vec<(u8, u8, i64)> = Vec::new();
                for &(c, k, h, class) in &listed {
                    if h == g {
                        if at_d(c, k) { &mut there } else { &mut moving }.push(class);
                    }
                }
                moving.sort_unstable();
                if !can_seat(market.capacity[g], &occupants[g], &there, &moving) {
                    seats_found = false;
                    break;
                }
            }
            if seats_found {
                count += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Priority;

    #[test]
    fn tie_class_from_the_key_equals_the_one_from_the_priority() {
        for km in [0.0, 0.2, 0.5, 0.499_999, 0.75, 1.0, 3.2, 12.5, 1e-9, 250.0] {
            for (sibling, hardship) in [(false, false), (true, false), (false, true), (true, true)]
            {
                let p = Priority {
                    sibling_enrolled: sibling,
                    hardship,
                    distance_km: km,
                    lottery: 7,
                };
                assert_eq!(
                    tie_class_of_key(p.key()),
                    tie_class(&p),
                    "{km} {sibling} {hardship}"
                );
                assert_eq!(p.key().distance_km(), km);
            }
        }
    }
}
