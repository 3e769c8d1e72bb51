//! Child-proposing deferred acceptance (Gale–Shapley) under the canonical priority.
//!
//! Children propose down their lists; each seat group holds its best applicants so far (a
//! max-heap keyed by priority, so the weakest held child is evicted in O(log capacity)).
//! The result is the child-optimal stable matching: no child has justified envy and no child
//! is refused a seat it would take while one is free. O(total list length · log capacity).

use std::collections::BinaryHeap;

use crate::assignment::Assignment;
use crate::domain::{Market, PriorityKey};

/// Runs child-proposing deferred acceptance.
pub fn deferred_acceptance(market: &Market) -> Assignment {
    let n = market.children();
    let mut next = vec![0usize; n];
    let mut held: Vec<BinaryHeap<(PriorityKey, usize)>> = market
        .capacity
        .iter()
        .map(|&c| BinaryHeap::with_capacity(c as usize))
        .collect();
    let mut free: Vec<usize> = (0..n).rev().collect();
    while let Some(child) = free.pop() {
        let list = &market.lists[child];
        while next[child] < list.len() {
            let (g, key) = list[next[child]];
            next[child] += 1;
            let cap = market.capacity[g] as usize;
            if cap == 0 {
                continue;
            }
            let heap = &mut held[g];
            if heap.len() < cap {
                heap.push((key, child));
                break;
            }
            // full: the child displaces the weakest held applicant if it has higher priority
            // (replaced in place: one sift instead of a pop and a push)
            let mut weakest = heap.peek_mut().expect("a full seat group holds children");
            if key < weakest.0 {
                let evicted = weakest.1;
                *weakest = (key, child);
                drop(weakest);
                free.push(evicted);
                break;
            }
        }
    }
    let mut a = Assignment::empty(n);
    for heap in &held {
        for &(_, child) in heap.iter() {
            a.choice[child] = Some(next[child] - 1);
        }
    }
    a
}
