//! Maximum-cardinality weakly stable allocation with ties (MAX-HRT), then the smallest total
//! rank among those: exact integer programming with good_lp.
//!
//! Ties: two children are tied at a daycare when they agree on `sibling_enrolled`, `hardship`
//! and the 500 m distance band `floor(km / 0.5)`; the lottery is not used. Breaking ties by
//! lottery (deferred acceptance) gives *a* weakly stable allocation; choosing the tie-breaking
//! well can place more children, and this mechanism finds the best one.
//!
//! Model (Kwanashie & Manlove 2014, with the aggregation of Delorme et al. 2019): binary
//! x(c, j) per listed pair; per seat group j and priority class m a cumulative count
//! y(j, m) ≤ number of seated children of class m or better (y(j,m) − y(j,m−1) ≤ seated of
//! class m); capacity on the seated children;
//! one seat per child; and for every listed pair (c, j) with c in class m the stability row
//! cap(j) · (1 − Σ_{j' ⪰_c j} x(c, j')) ≤ y(j, m): either c has j or something it likes at least
//! as much, or j is full with children of c's class or better. The cumulative variables keep
//! every row short (O(list length) non-zeros instead of O(applicants)).
//!
//! Preprocessing (see `preprocess`) removes pairs no weakly stable allocation contains and fixes
//! pairs every one contains; on the 1,000-child `small` instance it leaves 2,694 of 5,187 pairs
//! and makes the LP relaxation exact (781.0).
//!
//! Without constraints the model falls apart into independent parts (`components`: the
//! connected components of children and seat groups over the pairs that keep a variable; on
//! generated rounds one per age group plus a few single seat groups), and the lexicographic
//! optimum is the optimum of every part, so each part is bounded, searched and proven on its
//! own.
//!
//! Stage 1 maximises the number placed. Without constraints it starts from weakly stable
//! allocations (deferred acceptance, Király's promotion, tie-breaking by the LP relaxation),
//! each improved by augmenting chains and stable improvement cycles (`start`); the best of them
//! in each part is the lower bound. The LP relaxation, rounded down part by part, bounds the
//! number placed from above: a part whose start meets it is proven without any MIP (the
//! default pure-Rust build reaches the proven 781 on `small` this way in under a second).
//! Every other part's integer programme is asked only for a *better* allocation (one more
//! placed: infeasible means the start is optimal; `settle`), first briefly (HiGHS, CBC), then
//! between rounds of a large-neighbourhood search (`lns`: free a few hundred children around a
//! seat group, solve that sub-programme exactly, keep it if better and still weakly stable),
//! then with the time left. Stage 2 fixes the number placed in every part and minimises the total rank the same
//! way (LP bound, LP-guided starts, quick MIP, neighbourhood search, MIP). With microlp (no
//! cutting planes; the aggregated model with the "better than known" rows fails numerically
//! on parts of a few hundred pairs) the parts up to 1,000 pairs without families or quota are
//! solved in the cut-off form instead (`cutoffs`: binary cut-offs per seat group and class,
//! continuous pairs, lexicographic objective; exact, and a stage-1 proof settles stage 2 too);
//! larger parts keep the search's result, reported, not proven. When the time limit stops a solver,
//! the best allocation known is reported with `optimal: false`, whether the number placed is
//! proven (`placed_optimal`), and the gap to the bound.
//!
//! With constraints (families together, hardship quota) or soft stability, the model is solved
//! whole, warm-started where the backend takes it. With families together, stability means no
//! *blocking coalition* (Sun et al., AAAI 2023; [`crate::stability::blocking_coalitions`]): a
//! family blocks only as a whole, so its children's rows are replaced by one row per family and
//! open daycare (`formulation::coalition_rows`), and preprocessing leaves their rows out of its
//! arguments. Deferred acceptance with families as units (`family_start`) usually ends without
//! a blocking coalition; it is then the start and lower bound, and the integer programme is
//! asked only for more. Its integer stages carry the cut-offs of `cutoffs` as valid
//! inequalities (`formulation::Context::cutoff_rows`): with them HiGHS proves generated
//! 1,600-child rounds with 15 % siblings in seconds instead of minutes.

mod components;
mod cutoffs;
mod family_start;
mod formulation;
mod lns;
mod preprocess;
mod settle;
mod solver;
mod stages;
mod start;

use crate::assignment::Assignment;
use crate::domain::Instance;
use crate::error::AllocationError;

use formulation::Stability;

/// Constraints beyond capacity and eligibility, for the optimising mechanisms.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Constraints {
    /// Children of one `family_id` are placed at the same daycare or none of them is placed.
    pub siblings_together: bool,
    /// At least this share (0–1) of each seat group's seats goes to hardship children while a
    /// hardship applicant of that seat group is not placed there or somewhere it prefers
    /// (`ceil(share · seats)` seats).
    pub hardship_quota: Option<f64>,
}

impl Constraints {
    /// Whether any constraint is set.
    pub fn any(&self) -> bool {
        self.siblings_together || self.hardship_quota.is_some()
    }

    /// Rejects a quota outside 0–1.
    pub fn check(&self) -> Result<(), AllocationError> {
        match self.hardship_quota {
            Some(q) if !(q.is_finite() && (0.0..=1.0).contains(&q)) => {
                Err(AllocationError::Parameter {
                    name: "hardship_quota",
                    reason: "must be a share between 0 and 1".into(),
                })
            }
            _ => Ok(()),
        }
    }
}

/// The solver behind `max-stable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Pure-Rust microlp (always available).
    Microlp,
    /// COIN-OR CBC (feature `cbc`).
    #[cfg(feature = "cbc")]
    Cbc,
    /// HiGHS (feature `highs`).
    #[cfg(feature = "highs")]
    Highs,
}

impl Backend {
    /// The fastest backend compiled in: HiGHS (1.3 s on the 1,000-child instance), then CBC
    /// (42 s), then microlp.
    pub fn best_available() -> Backend {
        #[cfg(feature = "highs")]
        {
            Backend::Highs
        }
        #[cfg(all(feature = "cbc", not(feature = "highs")))]
        {
            Backend::Cbc
        }
        #[cfg(not(any(feature = "cbc", feature = "highs")))]
        {
            Backend::Microlp
        }
    }

    /// The backend's name (`microlp`, `cbc`, `highs`).
    pub fn name(self) -> &'static str {
        match self {
            Backend::Microlp => "microlp",
            #[cfg(feature = "cbc")]
            Backend::Cbc => "cbc",
            #[cfg(feature = "highs")]
            Backend::Highs => "highs",
        }
    }
}

/// Settings of `max-stable`.
#[derive(Debug, Clone, Copy)]
pub struct MaxStableOptions {
    /// The solver.
    pub backend: Backend,
    /// Time limit of the whole optimisation (LP bounds and every stage), seconds (`None`:
    /// until optimal).
    pub time_limit: Option<f64>,
    /// Families together, hardship quota.
    pub constraints: Constraints,
}

impl Default for MaxStableOptions {
    fn default() -> Self {
        MaxStableOptions {
            backend: Backend::best_available(),
            time_limit: None,
            constraints: Constraints::default(),
        }
    }
}

/// Result of `max-stable`.
#[derive(Debug, Clone)]
pub struct MaxStable {
    /// The allocation found.
    pub assignment: Assignment,
    /// Both stages proven optimal.
    pub optimal: bool,
    /// The number placed is proven the maximum (even when the total rank is not proven
    /// minimal).
    pub placed_optimal: bool,
    /// Upper bound on the number placed: the smaller of the welfare optimum (which ignores
    /// stability) and, under hard stability, the LP relaxation of the stability model.
    pub placed_upper_bound: usize,
    /// Lower bound: the best weakly stable allocation found before the integer programmes
    /// (deferred acceptance, Király's promotion, LP-guided tie-breaking, each improved by
    /// augmenting chains, then the neighbourhood search); 0 under constraints.
    pub placed_lower_bound: usize,
    /// Lower bound on the total rank with that many placed (LP relaxation), when computed.
    pub total_rank_lower_bound: Option<usize>,
    /// (upper bound − placed) / upper bound; 0 when optimal.
    pub gap: f64,
    /// The solver used.
    pub backend: &'static str,
    /// Variables of the last model solved.
    pub variables: usize,
    /// Constraints of the last model solved.
    pub constraints: usize,
    /// Listed pairs removed by preprocessing (impossible in any weakly stable allocation).
    pub removed_pairs: usize,
    /// Wall time, seconds.
    pub seconds: f64,
}

/// Computes the maximum weakly stable allocation, then the minimal total rank among those.
///
/// With families together stability means no blocking coalition (families block only as a
/// whole; [`crate::stability::blocking_coalitions`]). With [`Constraints`] (families together,
/// hardship quota) a stable allocation may not exist; stability then becomes soft: the model
/// first minimises the number of blocking coalitions (weakly blocking pairs under the quota
/// alone), then maximises the number placed, then minimises the total rank (the order of Sun et
/// al., AAAI 2023).
pub fn max_stable(
    instance: &Instance,
    options: &MaxStableOptions,
) -> Result<MaxStable, AllocationError> {
    optimise(instance, Goal::Stable, options)
}

/// What the integer program optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// `max-stable`: weakly stable (or fewest blocking pairs under constraints), then most
    /// placed, then smallest total rank.
    Stable,
    /// `welfare-optimal` under constraints: most placed, then smallest total rank; priorities
    /// ignored. (Without constraints [`crate::welfare_optimal`] solves this as a min-cost flow.)
    Welfare,
}

/// Solves the integer program for `goal` under `options.constraints`: the exact engine behind
/// `max-stable` and behind `welfare-optimal` with constraints.
pub fn optimise(
    instance: &Instance,
    goal: Goal,
    options: &MaxStableOptions,
) -> Result<MaxStable, AllocationError> {
    match goal {
        Goal::Welfare => stages::optimise_with(instance, Stability::Off, options),
        Goal::Stable if !options.constraints.any() => {
            stages::optimise_with(instance, Stability::Hard, options)
        }
        // With constraints, first look for a weakly stable allocation that meets them (hard
        // rows and the exact preprocessing: much faster); only if none exists minimise the
        // blocking pairs.
        Goal::Stable => match stages::optimise_with(instance, Stability::Hard, options) {
            Err(AllocationError::Infeasible(_)) => {
                stages::optimise_with(instance, Stability::Soft, options)
            }
            other => other,
        },
    }
}
