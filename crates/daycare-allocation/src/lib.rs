//! # daycare-allocation
//!
//! Fair allocation of Kita places. Children list daycares in order of preference; daycares rank
//! applicants by the canonical priority (sibling already there, hardship, distance, lottery).
//! The crate offers:
//!
//! - [`deferred_acceptance()`]: child-proposing deferred acceptance, the child-optimal *stable*
//!   allocation (nobody is passed over in favour of a child with lower priority);
//! - [`welfare_optimal`]: the most children placed, then the smallest total rank (exact
//!   min-cost flow; ignores priorities);
//! - baselines [`boston`] (immediate acceptance) and [`first_come`];
//! - [`verify`]: capacity, justified envy (count and who), families split, for any assignment;
//! - [`explain()`]: why one child got its seat or none, in German and English;
//! - [`audit::audit`]: placement, rank and envy by hardship, district and age group.
//!
//! ```
//! use daycare_allocation::{Market, Mechanism, allocate};
//! use welfare_data::Instance;
//!
//! let instance = Instance::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../datasets/daycare/tiny"))?;
//! let result = allocate(&instance, Mechanism::DeferredAcceptance)?;
//! assert_eq!(result.summary.placed, 16);
//! assert_eq!(result.summary.justified_envy_pairs, 0);
//! # Ok::<(), daycare_allocation::AllocationError>(())
//! ```

#![warn(missing_docs)]

pub mod assignment;
pub mod audit;
pub mod baselines;
pub mod check;
pub mod deferred_acceptance;
pub mod domain;
pub mod error;
pub mod explain;
pub mod generate;
pub mod max_stable;
pub mod min_cost_flow;
pub mod stability;
pub mod summary;

use std::time::Instant;

pub use assignment::{Assignment, EnvyPair, Verification, verify};
pub use baselines::{boston, first_come};
pub use check::{AssignmentCheck, check_assignment};
pub use deferred_acceptance::deferred_acceptance;
pub use domain::{Listing, Lists, Market, Priority, haversine_km};
pub use error::AllocationError;
pub use explain::{Explanation, explain};
pub use max_stable::Constraints;
pub use min_cost_flow::welfare_optimal;
pub use stability::{blocking_coalitions, weakly_blocking_pairs};
pub use summary::Summary;
pub use welfare_data::Instance;

/// The allocation mechanisms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// Child-proposing deferred acceptance (stable, child-optimal).
    DeferredAcceptance,
    /// The most children placed, then the smallest total rank (ignores priorities).
    WelfareOptimal,
    /// The largest weakly stable allocation with ties, then the smallest total rank.
    MaxStable,
    /// Immediate acceptance (the Boston mechanism), a baseline.
    Boston,
    /// By lottery number, each child takes its best free seat, a baseline.
    FirstCome,
}

impl Mechanism {
    /// Every mechanism.
    pub const ALL: [Mechanism; 5] = [
        Mechanism::DeferredAcceptance,
        Mechanism::WelfareOptimal,
        Mechanism::MaxStable,
        Mechanism::Boston,
        Mechanism::FirstCome,
    ];

    /// The name used on the command line and in summaries.
    pub fn name(self) -> &'static str {
        match self {
            Mechanism::DeferredAcceptance => "deferred-acceptance",
            Mechanism::WelfareOptimal => "welfare-optimal",
            Mechanism::MaxStable => "max-stable",
            Mechanism::Boston => "boston",
            Mechanism::FirstCome => "first-come",
        }
    }
}

impl std::str::FromStr for Mechanism {
    type Err = AllocationError;
    /// A mechanism by its name (`deferred-acceptance`, `welfare-optimal`, `max-stable`,
    /// `boston`, `first-come`).
    fn from_str(s: &str) -> Result<Mechanism, AllocationError> {
        Mechanism::ALL
            .into_iter()
            .find(|m| m.name() == s.trim())
            .ok_or_else(|| AllocationError::Parameter {
                name: "mechanism",
                reason: format!(
                    "'{s}' is not a mechanism; use one of {}",
                    Mechanism::ALL.map(Mechanism::name).join(", ")
                ),
            })
    }
}

/// An allocation and its summary.
#[derive(Debug, Clone)]
pub struct Allocation {
    /// Who got which seat.
    pub assignment: Assignment,
    /// Placed, ranks, justified envy, families split, objective, time.
    pub summary: Summary,
}

/// Settings of [`allocate_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct AllocateOptions {
    /// Time limit per optimisation stage of the integer programs, seconds.
    pub time_limit: Option<f64>,
    /// Families together, hardship quota (`welfare-optimal` and `max-stable` only).
    pub constraints: Constraints,
}

/// Runs a mechanism on an instance and summarises the result.
pub fn allocate(instance: &Instance, mechanism: Mechanism) -> Result<Allocation, AllocationError> {
    allocate_with(instance, mechanism, &AllocateOptions::default())
}

/// `placed · M − total rank` with M = longest list · children + 1: one more child placed always
/// outweighs any improvement in ranks.
fn lexicographic_objective(market: &Market, a: &Assignment) -> f64 {
    let longest = market.lists.iter().map(<[_]>::len).max().unwrap_or(0);
    let m = (longest * market.children() + 1) as f64;
    a.placed() as f64 * m - a.total_rank() as f64
}

/// Runs a mechanism with settings and summarises the result.
pub fn allocate_with(
    instance: &Instance,
    mechanism: Mechanism,
    options: &AllocateOptions,
) -> Result<Allocation, AllocationError> {
    options.constraints.check()?;
    if options.constraints.any()
        && !matches!(mechanism, Mechanism::WelfareOptimal | Mechanism::MaxStable)
    {
        return Err(AllocationError::Parameter {
            name: "constraints",
            reason: format!(
                "families together and the hardship quota apply to welfare-optimal and \
                 max-stable only, not to {}",
                mechanism.name()
            ),
        });
    }
    let market = Market::new(instance);
    let start = Instant::now();
    let mut optimal = true;
    let mut gap: Option<f64> = None;
    let mut solver: Option<String> = None;
    let mut bounds: Option<(bool, usize, Option<usize>)> = None;
    let (assignment, objective) = match mechanism {
        Mechanism::DeferredAcceptance => (deferred_acceptance(&market), None),
        Mechanism::Boston => (boston(&market), None),
        Mechanism::FirstCome => (first_come(&market), None),
        Mechanism::WelfareOptimal if !options.constraints.any() => {
            let w = welfare_optimal(&market);
            let objective = lexicographic_objective(&market, &w.assignment);
            (w.assignment, Some(objective))
        }
        Mechanism::WelfareOptimal | Mechanism::MaxStable => {
            let goal = if mechanism == Mechanism::MaxStable {
                max_stable::Goal::Stable
            } else {
                max_stable::Goal::Welfare
            };
            let r = max_stable::optimise(
                instance,
                goal,
                &max_stable::MaxStableOptions {
                    time_limit: options.time_limit,
                    constraints: options.constraints,
                    ..max_stable::MaxStableOptions::default()
                },
            )?;
            optimal = r.optimal;
            gap = Some(r.gap);
            solver = Some(r.backend.to_owned());
            if mechanism == Mechanism::MaxStable {
                bounds = Some((
                    r.placed_optimal,
                    r.placed_upper_bound,
                    r.total_rank_lower_bound,
                ));
            }
            let objective = lexicographic_objective(&market, &r.assignment);
            (r.assignment, Some(objective))
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let mut summary = Summary::new(
        mechanism.name(),
        instance,
        &market,
        &assignment,
        objective,
        optimal,
        seconds,
    );
    summary.gap = gap;
    summary.solver = solver;
    if let Some((placed_optimal, upper, rank_bound)) = bounds {
        summary.placed_optimal = Some(placed_optimal);
        summary.placed_upper_bound = Some(upper);
        summary.total_rank_lower_bound = rank_bound;
    }
    Ok(Allocation {
        assignment,
        summary,
    })
}

#[cfg(test)]
mod mechanism_names {
    use super::Mechanism;

    #[test]
    fn every_mechanism_parses_by_its_name_and_others_are_refused_by_name() {
        for m in Mechanism::ALL {
            assert_eq!(m.name().parse::<Mechanism>().unwrap(), m);
        }
        let e = "magic".parse::<Mechanism>().unwrap_err().to_string();
        assert!(
            e.contains("'magic' is not a mechanism") && e.contains("first-come"),
            "{e}"
        );
    }
}
