//! Weak stability under ties: the tie classes a daycare's priority makes, and the weakly
//! blocking pairs of any assignment. Used to check every allocation (the summary) and by the
//! `max-stable` model.

use crate::assignment::Assignment;
use crate::domain::{Instance, Market, Priority, priority};

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

/// Weakly blocking pairs under ties: a child prefers a daycare to its result and that daycare
/// has a free seat of its age group or seats a child of a strictly lower tie class.
pub fn weakly_blocking_pairs(instance: &Instance, market: &Market, a: &Assignment) -> usize {
    let groups = market.capacity.len();
    let mut worst: Vec<Option<(u8, u8, i64)>> = vec![None; groups];
    let mut seated = vec![0u32; groups];
    for (c, child) in instance.children.iter().enumerate() {
        if let Some(k) = a.choice[c] {
            let g = market.lists[c][k].0;
            let class = tie_class(&priority(instance, child, &child.preferences[k]));
            seated[g] += 1;
            worst[g] = Some(worst[g].map_or(class, |w| w.max(class)));
        }
    }
    let mut count = 0;
    for (c, child) in instance.children.iter().enumerate() {
        let better = a.choice[c].unwrap_or(market.lists[c].len());
        for k in 0..better {
            let g = market.lists[c][k].0;
            if market.capacity[g] == 0 {
                continue;
            }
            let class = tie_class(&priority(instance, child, &child.preferences[k]));
            if seated[g] < market.capacity[g] || worst[g].is_some_and(|w| class < w) {
                count += 1;
            }
        }
    }
    count
}
