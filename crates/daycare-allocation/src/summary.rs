//! The summary of an allocation (FORMATS.md): placed, ranks, justified envy, families split,
//! weakly blocking pairs, objective and optimality.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assignment::{Assignment, verify};
use crate::domain::{Instance, Market};
use crate::stability::{blocking_coalitions, weakly_blocking_pairs};

/// The summary of an allocation (FORMATS.md).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The mechanism's name.
    pub mechanism: String,
    /// Children in the instance.
    pub children: usize,
    /// Children with a seat.
    pub placed: usize,
    /// Children without a seat.
    pub unplaced: usize,
    /// Placed children by rank (JSON keys `"1"`, `"2"`, ... in numeric order).
    pub rank_histogram: BTreeMap<usize, usize>,
    /// Sum of the ranks of the placed children (1 = first choice).
    pub total_rank: usize,
    /// (child, daycare) pairs in which a child is passed over for one of lower priority.
    pub justified_envy_pairs: usize,
    /// Children with at least one such pair.
    pub children_with_justified_envy: usize,
    /// (child, daycare) pairs in which a child prefers a daycare with a free seat of its age group.
    pub wasted_seat_claims: usize,
    /// Families whose children are at different daycares (or some without a seat).
    pub families_split: usize,
    /// The mechanism's objective value, where it optimises one (welfare: placed·M − total rank).
    pub objective: Option<f64>,
    /// Whether the result is proven optimal (for optimising mechanisms; `true` for exact ones).
    pub optimal: bool,
    /// For `max-stable`: (upper bound on placed − placed) / upper bound; 0 when optimal.
    pub gap: Option<f64>,
    /// For `max-stable`: the solver used (`microlp`, `cbc`, `highs`).
    pub solver: Option<String>,
    /// For `max-stable`: the number placed is proven the maximum (`optimal` also needs the
    /// total rank proven minimal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed_optimal: Option<bool>,
    /// For `max-stable`: upper bound on the number placed (welfare optimum, LP relaxation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed_upper_bound: Option<usize>,
    /// For `max-stable`: lower bound on the total rank with that many placed (LP relaxation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_rank_lower_bound: Option<usize>,
    /// Weakly blocking pairs under ties (same sibling, hardship and 500 m band count as tied):
    /// 0 for a weakly stable allocation.
    pub weakly_blocking_pairs: usize,
    /// Blocking coalitions (Sun et al.): a weakly blocking pair of a child without siblings
    /// applying, or a family and a daycare every member listed that no member likes less than
    /// its place and that can seat the members who move; what `max-stable` with families
    /// together makes 0 (or minimises). Equals `weakly_blocking_pairs` without families.
    pub blocking_coalitions: usize,
    /// Wall time of the allocation; `None` where a deterministic output leaves it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
}

impl Summary {
    /// Computes the summary of an assignment (`seconds`: the time the mechanism took).
    pub fn new(
        mechanism: &str,
        instance: &Instance,
        market: &Market,
        a: &Assignment,
        objective: Option<f64>,
        optimal: bool,
        seconds: f64,
    ) -> Summary {
        // the two checks are independent: on a city (150k children) each takes 20-40 ms
        let (v, (blocking, coalitions)) = if instance.children.len() < crate::domain::PARALLEL_FROM
        {
            (
                verify(instance, market, a),
                (
                    weakly_blocking_pairs(instance, market, a),
                    blocking_coalitions(instance, market, a),
                ),
            )
        } else {
            std::thread::scope(|scope| {
                let blocking = scope.spawn(|| {
                    (
                        weakly_blocking_pairs(instance, market, a),
                        blocking_coalitions(instance, market, a),
                    )
                });
                let v = verify(instance, market, a);
                (v, blocking.join().expect("counting does not panic"))
            })
        };
        let mut hist: BTreeMap<usize, usize> = BTreeMap::new();
        for r in a.choice.iter().flatten() {
            *hist.entry(r + 1).or_default() += 1;
        }
        let mut envious: Vec<usize> = v.justified_envy.iter().map(|p| p.child).collect();
        envious.dedup();
        Summary {
            mechanism: mechanism.to_owned(),
            children: instance.children.len(),
            placed: a.placed(),
            unplaced: instance.children.len() - a.placed(),
            rank_histogram: hist,
            total_rank: a.total_rank(),
            justified_envy_pairs: v.justified_envy.len(),
            children_with_justified_envy: envious.len(),
            wasted_seat_claims: v.wasted_seat_claims,
            families_split: v.families_split,
            objective,
            optimal,
            gap: None,
            solver: None,
            placed_optimal: None,
            placed_upper_bound: None,
            total_rank_lower_bound: None,
            weakly_blocking_pairs: blocking,
            blocking_coalitions: coalitions,
            seconds: Some(seconds),
        }
    }
}
