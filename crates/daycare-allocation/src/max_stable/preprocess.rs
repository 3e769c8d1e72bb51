//! Preprocessing of the `max-stable` model: pairs no weakly stable allocation contains, and
//! pairs every weakly stable allocation contains.

use crate::domain::Market;

/// What preprocessing found, per child and listed position.
pub(super) struct Preprocessed {
    /// Pairs no weakly stable allocation contains. Their stability rows hold in every weakly
    /// stable allocation: the seat group is full with children of a strictly better class, or
    /// the child sits at a fixed pair it prefers.
    pub(super) removed: Vec<Vec<bool>>,
    /// Pairs every weakly stable allocation contains (the child's only remaining pair).
    pub(super) fixed: Vec<Vec<bool>>,
}

/// Repeats two rules until nothing changes. Both look at each child's *first remaining*
/// choice (earlier ones are removed, so in a weakly stable allocation the child is there or
/// that seat group is full with children of its class or better):
///
/// - **Removal.** If at least cap(j) children have j as their first remaining choice, let t be
///   the class of the cap(j)-th best of them. Every weakly stable allocation fills j with
///   children of class t or better (if j had a free seat they would all sit there; if a worse
///   child sat there, one of them would block). So no child of a class strictly worse than t
///   can sit at j, and its stability row for j holds.
/// - **Fixing.** If j is c's first remaining choice and at most cap(j) children (c included)
///   of c's class or better still have a pair at j, j can never be full with children of c's
///   class or better without c: c sits at j in every weakly stable allocation. Its later pairs
///   are removed (their stability rows hold: c has something it prefers).
///
/// Children marked `without_rows` (families together: they block only as a family) have no
/// stability rows of their own, so they neither count for the removal rule nor get fixed; their
/// pairs are still removed by it (the seat group is full with better classes anyway).
///
/// Each round is linear in the listed pairs plus a sort per seat group; removing pairs can
/// make more choices first, hence the repetition (at most one round per removed pair; a few
/// rounds in practice).
pub(super) fn preprocess(
    market: &Market,
    class_of: &[Vec<(u8, u8, i64)>],
    without_rows: &[bool],
) -> Preprocessed {
    let n = market.children();
    let groups = market.capacity.len();
    let mut removed: Vec<Vec<bool>> = market.lists.iter().map(|l| vec![false; l.len()]).collect();
    let mut fixed: Vec<Vec<bool>> = removed.clone();
    // applicants per seat group: (child, position in its list)
    let mut applicants: Vec<Vec<(usize, usize)>> = vec![Vec::new(); groups];
    for (c, list) in market.lists.iter().enumerate() {
        for (k, &(g, _)) in list.iter().enumerate() {
            if market.capacity[g] > 0 {
                applicants[g].push((c, k));
            }
        }
    }
    let first_remaining = |removed: &[Vec<bool>], c: usize| {
        (0..market.lists[c].len())
            .find(|&k| market.capacity[market.lists[c][k].0] > 0 && !removed[c][k])
    };
    loop {
        let mut changed = false;
        // removal
        let mut firsts: Vec<Vec<(u8, u8, i64)>> = vec![Vec::new(); groups];
        for c in (0..n).filter(|&c| !without_rows[c]) {
            if let Some(k) = first_remaining(&removed, c) {
                firsts[market.lists[c][k].0].push(class_of[c][k]);
            }
        }
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
        // fixing
        let remaining: Vec<Vec<(u8, u8, i64)>> = applicants
            .iter()
            .map(|pairs| {
                let mut classes: Vec<(u8, u8, i64)> = pairs
                    .iter()
                    .filter(|&&(c, k)| !removed[c][k])
                    .map(|&(c, k)| class_of[c][k])
                    .collect();
                classes.sort_unstable();
                classes
            })
            .collect();
        for c in (0..n).filter(|&c| !without_rows[c]) {
            let Some(k) = first_remaining(&removed, c) else {
                continue;
            };
            if fixed[c][k] {
                continue;
            }
            let g = market.lists[c][k].0;
            let as_good = remaining[g].partition_point(|&cl| cl <= class_of[c][k]);
            if as_good <= market.capacity[g] as usize {
                fixed[c][k] = true;
                for later in removed[c].iter_mut().skip(k + 1) {
                    if !*later {
                        *later = true;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return Preprocessed { removed, fixed };
        }
    }
}
