//! Baseline mechanisms for comparison: what many municipalities do today.

use crate::assignment::Assignment;
use crate::domain::{Market, PriorityKey};

/// Boston mechanism (immediate acceptance): in round k every unplaced child applies to its k-th
/// choice; each seat group admits applicants by priority into its remaining seats, for good.
/// Not stable and not strategy-proof: listing a popular daycare first can cost a child its
/// place elsewhere.
pub fn boston(market: &Market) -> Assignment {
    let n = market.children();
    let mut a = Assignment::empty(n);
    let mut remaining: Vec<u32> = market.capacity.clone();
    let max_len = market.lists.iter().map(<[_]>::len).max().unwrap_or(0);
    let mut applicants: Vec<Vec<(PriorityKey, usize)>> = vec![Vec::new(); remaining.len()];
    for round in 0..max_len {
        for (child, list) in market.lists.iter().enumerate() {
            if let (None, Some(&(g, key))) = (a.choice[child], list.get(round)) {
                applicants[g].push((key, child));
            }
        }
        for (g, apps) in applicants.iter_mut().enumerate() {
            apps.sort_unstable();
            for &(_, child) in apps.iter() {
                if remaining[g] == 0 {
                    break;
                }
                remaining[g] -= 1;
                a.choice[child] = Some(round);
            }
            apps.clear();
        }
    }
    a
}

/// First come, first served: children in the order of `children.csv` (their application order)
/// each take the best-ranked seat still free (serial dictatorship). Ignores priorities.
pub fn first_come(market: &Market) -> Assignment {
    let mut a = Assignment::empty(market.children());
    let mut remaining: Vec<u32> = market.capacity.clone();
    for (child, list) in market.lists.iter().enumerate() {
        if let Some(k) = list.iter().position(|&(g, _)| remaining[g] > 0) {
            remaining[list[k].0] -= 1;
            a.choice[child] = Some(k);
        }
    }
    a
}
