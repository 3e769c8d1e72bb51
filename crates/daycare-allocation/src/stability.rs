//! Weak stability under ties: the tie classes a daycare's priority makes, and the weakly
//! blocking pairs of any assignment. Used to check every allocation (the summary) and by the
//! `max-stable` model.

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
