//! Preprocessing of the `max-stable` model: pairs no weakly stable allocation contains.

use crate::domain::Market;

/// Pairs (child, seat group) that no weakly stable allocation can contain, found by repeating
/// one rule until nothing changes: if at least cap(j) children of a strictly better tie class
/// than c have j as their first remaining choice, then in every weakly stable allocation j is
/// full with children strictly better than c (each of them either sits at j or j is full with
/// children at least as good as them), so c cannot sit at j — and its stability row for j
/// holds automatically. Removing a pair can make j' the first remaining choice of more
/// children, hence the repetition.
pub(super) fn preprocess(market: &Market, class_of: &[Vec<(u8, u8, i64)>]) -> Vec<Vec<bool>> {
    let n = market.children();
    let mut removed: Vec<Vec<bool>> = market.lists.iter().map(|l| vec![false; l.len()]).collect();
    // applicants per seat group: (child, position in its list)
    let mut applicants: Vec<Vec<(usize, usize)>> = vec![Vec::new(); market.capacity.len()];
    for (c, list) in market.lists.iter().enumerate() {
        for (k, &(g, _)) in list.iter().enumerate() {
            if market.capacity[g] > 0 {
                applicants[g].push((c, k));
            }
        }
    }
    loop {
        let mut firsts: Vec<Vec<(u8, u8, i64)>> = vec![Vec::new(); market.capacity.len()];
        for c in 0..n {
            let first = (0..market.lists[c].len())
                .find(|&k| market.capacity[market.lists[c][k].0] > 0 && !removed[c][k]);
            if let Some(k) = first {
                firsts[market.lists[c][k].0].push(class_of[c][k]);
            }
        }
        let mut changed = false;
        for (g, classes) in firsts.iter_mut().enumerate() {
            let cap = market.capacity[g] as usize;
            if cap == 0 || classes.len() < cap {
                continue;
            }
            classes.sort_unstable();
            let threshold = classes[cap - 1];
            for &(c, k) in &applicants[g] {
                if !removed[c][k] && class_of[c][k] > threshold {
                    removed[c][k] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return removed;
        }
    }
}
