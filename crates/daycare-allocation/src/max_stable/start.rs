//! Weakly stable starting allocations for `max-stable`: deferred acceptance with Király's
//! promotion and with tie-breaking guided by the LP relaxation.
//!
//! Every allocation here comes from one rule: children propose down their lists; a full seat
//! group replaces its worst held child by a proposer only if the proposer comes strictly first
//! in the order (tie class, promoted before not promoted, tie-breaker). The worst held child's
//! tie class therefore only improves over time, and a child refused or displaced at a seat group
//! leaves it full with children of its class or better: the result is weakly stable, whatever
//! the tie-breaker. A refused child that reaches the end of its list for the first time is
//! *promoted* and proposes once more from the top (Király 2013: the 3/2-approximation for ties
//! on one side; promoted children win ties against children that were not refused everywhere).
//! At most two passes per child, O(total list length · log capacity).

use std::collections::BinaryHeap;

use crate::assignment::Assignment;
use crate::domain::Market;

/// Deferred acceptance with Király's promotion. `tie_break(c, k)` orders children of one tie
/// class at the seat group of `c`'s k-th choice (smaller first); with `promote` false, plain
/// deferred acceptance under that tie-breaking.
pub(super) fn promoted_deferred_acceptance(
    market: &Market,
    class_of: &[Vec<(u8, u8, i64)>],
    promote: bool,
    tie_break: &dyn Fn(usize, usize) -> u64,
) -> Assignment {
    let n = market.children();
    let mut next = vec![0usize; n];
    let mut promoted = vec![false; n];
    // (class, 1 if not promoted, tie-break, child): the heap's top is the worst held child
    type Held = ((u8, u8, i64), u8, u64, usize);
    let mut held: Vec<BinaryHeap<Held>> = market
        .capacity
        .iter()
        .map(|&c| BinaryHeap::with_capacity(c as usize))
        .collect();
    let mut free: Vec<usize> = (0..n).rev().collect();
    while let Some(child) = free.pop() {
        let list = &market.lists[child];
        loop {
            if next[child] == list.len() {
                if promote && !promoted[child] && !list.is_empty() {
                    promoted[child] = true;
                    next[child] = 0;
                } else {
                    break;
                }
            }
            let k = next[child];
            let g = list[k].0;
            next[child] += 1;
            let cap = market.capacity[g] as usize;
            if cap == 0 {
                continue;
            }
            let key = (
                class_of[child][k],
                u8::from(!promoted[child]),
                tie_break(child, k),
                child,
            );
            let heap = &mut held[g];
            if heap.len() < cap {
                heap.push(key);
                break;
            }
            let mut worst = heap.peek_mut().expect("a full seat group holds children");
            if key < *worst {
                let evicted = worst.3;
                *worst = key;
                drop(worst);
                free.push(evicted);
                break;
            }
        }
    }
    let mut a = Assignment::empty(n);
    for heap in &held {
        for &(_, _, _, child) in heap.iter() {
            a.choice[child] = Some(next[child] - 1);
        }
    }
    a
}

/// The starts tried: Király's promotion under the canonical tie-breaking (distance, then
/// lottery), and, given the LP relaxation's pair values, tie-breaking by them (larger value
/// first, canonical order after) with and without promotion.
pub(super) fn starts(
    market: &Market,
    class_of: &[Vec<(u8, u8, i64)>],
    relaxed: Option<&[Vec<Option<f64>>]>,
) -> Vec<Assignment> {
    let canonical = canonical_ranks(market);
    let mut out = vec![promoted_deferred_acceptance(
        market,
        class_of,
        true,
        &|c, k| canonical[c][k],
    )];
    if let Some(values) = relaxed {
        // 2^20 value steps above the canonical rank (< 2^40 pairs per seat group)
        let guided = |c: usize, k: usize| {
            let v = values[c][k].unwrap_or(0.0).clamp(0.0, 1.0);
            (((1.0 - v) * f64::from(1u32 << 20)).round() as u64) << 40 | canonical[c][k]
        };
        out.push(promoted_deferred_acceptance(
            market, class_of, false, &guided,
        ));
        out.push(promoted_deferred_acceptance(
            market, class_of, true, &guided,
        ));
    }
    out
}

/// Per listed pair, the position of the child among the seat group's applicants in the
/// canonical priority order (0 = first).
fn canonical_ranks(market: &Market) -> Vec<Vec<u64>> {
    let mut applicants: Vec<Vec<(crate::domain::PriorityKey, usize, usize)>> =
        vec![Vec::new(); market.capacity.len()];
    for (c, list) in market.lists.iter().enumerate() {
        for (k, &(g, key)) in list.iter().enumerate() {
            applicants[g].push((key, c, k));
        }
    }
    let mut ranks: Vec<Vec<u64>> = market.lists.iter().map(|l| vec![0; l.len()]).collect();
    for mut pairs in applicants {
        pairs.sort_unstable();
        for (r, (_, c, k)) in pairs.into_iter().enumerate() {
            ranks[c][k] = r as u64;
        }
    }
    ranks
}

/// Improves a weakly stable allocation by augmenting chains that keep it weakly stable; returns
/// how many children it added.
///
/// A chain starts at an unplaced child u that is tied with the worst class of a full seat group
/// j₁ on its list: u takes the seat of a child v₁ of that class, and v₁ moves *down* its own
/// list. Passing a seat group is safe when it is full with children of v₁'s class or better;
/// v₁ may enter a group whose worst class is its own or worse (displacing a child of the worst
/// class, who moves on in turn) and must stop at the first group with a free seat (the chain
/// ends: one child more) or with a child of a strictly worse class. Every displaced child
/// leaves a group whose worst class does not get worse, and the group that gains a child had a
/// free seat that no one preferred: the result stays weakly stable (the caller checks it once
/// more). Breadth-first search per unplaced child, each
/// child and seat group at most once per search, `budget` search steps in all (so at most
/// O(budget + total list length)).
pub(super) fn augment(
    market: &Market,
    class_of: &[Vec<(u8, u8, i64)>],
    a: &mut Assignment,
    budget: usize,
) -> usize {
    let n = market.children();
    let groups = market.capacity.len();
    let mut seated: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for (c, k) in a.choice.iter().enumerate() {
        if let Some(k) = *k {
            seated[market.lists[c][k].0].push(c);
        }
    }
    let class_at = |c: usize, g: usize, a: &Assignment| -> (u8, u8, i64) {
        let k = a.choice[c].expect("seated");
        debug_assert_eq!(market.lists[c][k].0, g);
        class_of[c][k]
    };
    let worst_of = |g: usize, seated: &[Vec<usize>], a: &Assignment| {
        seated[g]
            .iter()
            .map(|&c| class_at(c, g, a))
            .max()
            .expect("a full seat group seats children")
    };
    let mut worst: Vec<Option<(u8, u8, i64)>> = (0..groups)
        .map(|g| {
            (market.capacity[g] > 0 && seated[g].len() == market.capacity[g] as usize)
                .then(|| worst_of(g, &seated, a))
        })
        .collect();
    let mut child_seen = vec![u32::MAX; n];
    let mut group_seen = vec![u32::MAX; groups];
    let mut steps = 0usize;
    let mut added = 0usize;
    let mut search = 0u32;
    // a search node: child, first list position it may take, parent node, position taken there
    struct Node {
        child: usize,
        from: usize,
        parent: Option<(usize, usize)>,
    }
    let mut improved = true;
    while improved && steps < budget {
        improved = false;
        for u in 0..n {
            if a.choice[u].is_some() || steps >= budget {
                continue;
            }
            search += 1;
            let mut nodes = vec![Node {
                child: u,
                from: 0,
                parent: None,
            }];
            child_seen[u] = search;
            let mut head = 0;
            let mut end: Option<(usize, usize)> = None;
            'bfs: while head < nodes.len() && steps < budget {
                let (v, from) = (nodes[head].child, nodes[head].from);
                for (q, &(g, _)) in market.lists[v].iter().enumerate().skip(from) {
                    steps += 1;
                    if market.capacity[g] == 0 {
                        continue;
                    }
                    let Some(wc) = worst[g] else {
                        end = Some((head, q));
                        break 'bfs;
                    };
                    let cv = class_of[v][q];
                    if cv > wc {
                        continue; // full with children strictly better than v: safe to pass
                    }
                    if group_seen[g] != search {
                        group_seen[g] = search;
                        for &w in &seated[g] {
                            if child_seen[w] != search && class_at(w, g, a) == wc {
                                child_seen[w] = search;
                                nodes.push(Node {
                                    child: w,
                                    from: a.choice[w].expect("seated") + 1,
                                    parent: Some((head, q)),
                                });
                            }
                        }
                    }
                    if cv < wc {
                        break; // v would block g from any later position
                    }
                }
                head += 1;
            }
            let Some((mut node, mut q)) = end else {
                continue;
            };
            // apply the chain from its end: each child takes position q, the previous child
            // takes the seat it leaves
            let mut touched = Vec::new();
            loop {
                let v = nodes[node].child;
                if let Some(old) = a.choice[v] {
                    let g = market.lists[v][old].0;
                    seated[g].retain(|&c| c != v);
                    touched.push(g);
                }
                let g = market.lists[v][q].0;
                a.choice[v] = Some(q);
                seated[g].push(v);
                touched.push(g);
                match nodes[node].parent {
                    Some((p, pq)) => {
                        node = p;
                        q = pq;
                    }
                    None => break,
                }
            }
            for g in touched {
                worst[g] = (seated[g].len() == market.capacity[g] as usize)
                    .then(|| worst_of(g, &seated, a));
            }
            added += 1;
            improved = true;
        }
    }
    added
}

/// Lowers the total rank of a weakly stable allocation by stable improvement cycles (Erdil &
/// Ergin 2008) without changing who is placed; returns how many cycles it applied.
///
/// A child *desires* a seat group it prefers to its own result; at each seat group the
/// desiring children of the best tie class are its *first desirers*. A cycle of placed
/// children c₁ → c₂ → … → c₁ in which each cᵢ is a first desirer of cᵢ₊₁'s seat group moves
/// every child one seat up its list. Nobody of a better class than the newcomer desires any of
/// those seat groups, and every child on the cycle is better off: the allocation stays weakly
/// stable, with the same children placed and a smaller total rank. Each round finds cycles in
/// the graph of seat groups (an edge per first desirer) by depth-first search, O(total list
/// length); at most `rounds` rounds (each applies at least one cycle or ends the search).
pub(super) fn improve_ranks(
    market: &Market,
    class_of: &[Vec<(u8, u8, i64)>],
    a: &mut Assignment,
    rounds: usize,
) -> usize {
    let groups = market.capacity.len();
    let mut applied = 0;
    for _ in 0..rounds {
        // best class of the children desiring each seat group
        let mut best: Vec<Option<(u8, u8, i64)>> = vec![None; groups];
        for (c, list) in market.lists.iter().enumerate() {
            let end = a.choice[c].unwrap_or(list.len());
            for (k, &(g, _)) in list[..end].iter().enumerate() {
                if market.capacity[g] > 0 {
                    let cl = class_of[c][k];
                    best[g] = Some(best[g].map_or(cl, |b: (u8, u8, i64)| b.min(cl)));
                }
            }
        }
        // edges between seat groups: (from, to, child, the child's position of `to`)
        let mut out: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); groups];
        for (c, list) in market.lists.iter().enumerate() {
            let Some(p) = a.choice[c] else { continue };
            let from = list[p].0;
            for (k, &(g, _)) in list[..p].iter().enumerate() {
                if market.capacity[g] > 0 && best[g] == Some(class_of[c][k]) {
                    out[from].push((g, c, k));
                }
            }
        }
        // depth-first search for cycles; a group leaves the search once finished
        let mut state = vec![0u8; groups]; // 0 new, 1 on the path, 2 done
        let mut moved = vec![false; groups];
        let mut cycles = 0;
        for root in 0..groups {
            if state[root] != 0 || out[root].is_empty() {
                continue;
            }
            // path of (group, index of the next edge to try)
            let mut path: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (g, ref mut next)) = path.last_mut() {
                if *next == out[g].len() {
                    state[g] = 2;
                    path.pop();
                    continue;
                }
                let (to, _, _) = out[g][*next];
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        path.push((to, 0));
                    }
                    1 if !moved[to] => {
                        // a cycle: from `to` along the path back to `to`
                        let start = path.iter().position(|&(h, _)| h == to).expect("on path");
                        let cycle: Vec<(usize, usize)> = path[start..]
                            .iter()
                            .map(|&(h, n)| {
                                let (_, c, k) = out[h][n - 1];
                                (c, k)
                            })
                            .collect();
                        if path[start..].iter().all(|&(h, _)| !moved[h]) {
                            for &(h, _) in &path[start..] {
                                moved[h] = true;
                            }
                            for (c, k) in cycle {
                                a.choice[c] = Some(k);
                            }
                            cycles += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        if cycles == 0 {
            break;
        }
        applied += cycles;
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PriorityKey;

    fn key(lottery: i64) -> PriorityKey {
        PriorityKey((1, 1, 0, lottery))
    }

    /// Two children tied at a one-seat daycare A; child 0 also lists B (one seat), child 1
    /// lists only A. Lottery tie-breaking gives A to child 0 first, and child 1 is refused.
    /// With promotion child 1 comes back and wins the tie: both are placed.
    #[test]
    fn promotion_places_more_than_lottery_tie_breaking() {
        // groups: 0 = A, 1 = B
        let market = Market {
            capacity: vec![1, 1],
            lists: vec![vec![(0, key(1)), (1, key(1))], vec![(0, key(2))]].into(),
        };
        let class_of = vec![vec![(1, 1, 0), (1, 1, 0)], vec![(1, 1, 0)]];
        let lottery = |c: usize, _k: usize| c as u64;
        let plain = promoted_deferred_acceptance(&market, &class_of, false, &lottery);
        assert_eq!(plain.choice, vec![Some(0), None]);
        let promoted = promoted_deferred_acceptance(&market, &class_of, true, &lottery);
        assert_eq!(promoted.choice, vec![Some(1), Some(0)]);
    }

    /// A strictly better class is never displaced by promotion.
    #[test]
    fn promotion_does_not_beat_a_better_class() {
        let market = Market {
            capacity: vec![1],
            lists: vec![vec![(0, key(1))], vec![(0, key(2))]].into(),
        };
        let class_of = vec![vec![(0, 1, 0)], vec![(1, 1, 0)]];
        let a = promoted_deferred_acceptance(&market, &class_of, true, &|c, _| c as u64);
        assert_eq!(a.choice, vec![Some(0), None]);
    }

    /// The chain of the promotion example: child 1 (unplaced) takes child 0's seat at A (tied),
    /// child 0 moves down to the free seat at B.
    #[test]
    fn augmenting_chain_places_one_more_and_stays_weakly_stable() {
        let market = Market {
            capacity: vec![1, 1],
            lists: vec![vec![(0, key(1)), (1, key(1))], vec![(0, key(2))]].into(),
        };
        let class_of = vec![vec![(1, 1, 0), (1, 1, 0)], vec![(1, 1, 0)]];
        let mut a = Assignment::empty(2);
        a.choice[0] = Some(0);
        assert_eq!(augment(&market, &class_of, &mut a, 1_000), 1);
        assert_eq!(a.choice, vec![Some(1), Some(0)]);
        // a strictly better child is not displaced
        let class_of = vec![vec![(0, 1, 0), (1, 1, 0)], vec![(1, 1, 0)]];
        let mut a = Assignment::empty(2);
        a.choice[0] = Some(0);
        assert_eq!(augment(&market, &class_of, &mut a, 1_000), 0);
        assert_eq!(a.choice, vec![Some(0), None]);
        // no budget, no search
        let class_of = vec![vec![(1, 1, 0), (1, 1, 0)], vec![(1, 1, 0)]];
        let mut a = Assignment::empty(2);
        a.choice[0] = Some(0);
        assert_eq!(augment(&market, &class_of, &mut a, 0), 0);
    }

    /// Two tied children each at the other's first choice swap seats; a better-class child who
    /// also wants B blocks the cycle (it is B's first desirer).
    #[test]
    fn stable_improvement_cycle_swaps_tied_children() {
        let market = Market {
            capacity: vec![1, 1, 0],
            lists: vec![
                vec![(1, key(1)), (0, key(1))],
                vec![(0, key(2)), (1, key(2))],
                vec![(1, key(3))],
            ]
            .into(),
        };
        let tied = (1, 1, 0);
        let class_of = vec![vec![tied, tied], vec![tied, tied], vec![(0, 1, 0)]];
        let mut a = Assignment::empty(3);
        a.choice[0] = Some(1);
        a.choice[1] = Some(1);
        // child 2 lists B but is unplaced and better: the cycle would leave it blocking B
        assert_eq!(improve_ranks(&market, &class_of, &mut a, 10), 0);
        let market = Market {
            capacity: vec![1, 1, 0],
            lists: vec![market.lists[0].to_vec(), market.lists[1].to_vec(), vec![]].into(),
        };
        assert_eq!(improve_ranks(&market, &class_of, &mut a, 10), 1);
        assert_eq!(a.choice, vec![Some(0), Some(0), None]);
        assert_eq!(a.total_rank(), 2);
    }
}
