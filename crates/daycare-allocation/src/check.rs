//! `welfare daycare verify`: everything that can be checked about an assignment of an instance,
//! with the ids people know (not internal indices).

use serde::Serialize;

use crate::assignment::{Assignment, verify};
use crate::domain::{Instance, Market};
use crate::stability::{blocking_coalitions, weakly_blocking_pairs};

/// A seat group with more children than seats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverCapacity {
    /// The daycare's id.
    pub daycare_id: String,
    /// `u3` or `ue3`.
    pub age_group: &'static str,
    /// Children seated in this seat group.
    pub seated: u32,
    /// Its seats.
    pub seats: u32,
}

/// A child with justified envy: it prefers `daycare_id` to its own result, and children with
/// lower priority hold seats of its age group there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvyCase {
    /// The child that is passed over.
    pub child_id: String,
    /// The daycare it prefers, where a child of lower priority sits.
    pub daycare_id: String,
    /// Ids of the children of lower priority who hold seats there.
    pub lower_priority_holders: Vec<String>,
}

/// The result of checking an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentCheck {
    /// Children in the instance.
    pub children: usize,
    /// Children with a seat.
    pub placed: usize,
    /// Every placement is at a daycare the child listed, in its own age group (checked while
    /// reading the assignment: a violation is a data error naming the row).
    pub eligible: bool,
    /// No seat group holds more children than seats.
    pub capacity_respected: bool,
    /// Seat groups with more children than seats.
    pub over_capacity: Vec<OverCapacity>,
    /// Justified-envy (blocking) pairs of child and daycare under the strict canonical priority.
    pub justified_envy_pairs: usize,
    /// Children who prefer a daycare that still has a free seat of their age group.
    pub wasted_seat_claims: usize,
    /// Families (≥ 2 children) placed at different daycares or only partly placed.
    pub families_split: usize,
    /// Weakly blocking pairs under the tie classes of `max-stable` (sibling, hardship, 0.5 km
    /// distance band): 0 means weakly stable.
    pub weakly_blocking_pairs: usize,
    /// Blocking coalitions (Sun et al.; see [`crate::Summary::blocking_coalitions`]): families
    /// block only as a whole. 0 means stable with families together.
    pub blocking_coalitions: usize,
    /// Capacity respected, no justified envy and no claim on a free seat.
    pub stable: bool,
    /// The first justified-envy cases (at most 100), ordered by child.
    pub justified_envy: Vec<EnvyCase>,
}

/// Checks an assignment (linear in the listed pairs plus the seated children per group,
/// `O(P + S log S)`).
pub fn check_assignment(instance: &Instance, a: &Assignment) -> AssignmentCheck {
    let market = Market::new(instance);
    let v = verify(instance, &market, a);
    let child = |i: usize| instance.children[i].id.clone();
    let daycare = |d: usize| instance.daycares[d].id.clone();
    AssignmentCheck {
        children: instance.children.len(),
        placed: a.placed(),
        eligible: true,
        capacity_respected: v.over_capacity.is_empty(),
        over_capacity: v
            .over_capacity
            .iter()
            .map(|&(d, age, seated, seats)| OverCapacity {
                daycare_id: daycare(d),
                age_group: age,
                seated,
                seats,
            })
            .collect(),
        justified_envy_pairs: v.justified_envy.len(),
        wasted_seat_claims: v.wasted_seat_claims,
        families_split: v.families_split,
        weakly_blocking_pairs: weakly_blocking_pairs(instance, &market, a),
        blocking_coalitions: blocking_coalitions(instance, &market, a),
        stable: v.is_stable(),
        justified_envy: v
            .justified_envy
            .iter()
            .take(100)
            .map(|p| EnvyCase {
                child_id: child(p.child),
                daycare_id: daycare(p.daycare),
                lower_priority_holders: p
                    .lower_priority_holders
                    .iter()
                    .map(|&h| child(h))
                    .collect(),
            })
            .collect(),
    }
}
