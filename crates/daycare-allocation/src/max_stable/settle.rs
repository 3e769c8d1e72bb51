//! Proving (or improving) a known allocation part by part: each independent part's integer
//! programme is asked only for a *better* allocation than the one known (one more child
//! placed, or as many placed with a smaller total rank). A feasible answer replaces the part;
//! infeasibility proves the known allocation optimal there — the solver's way of using the
//! known allocation as an incumbent without a warm start (which the HiGHS binding cannot
//! take safely).

use std::time::Instant;

use crate::assignment::Assignment;
use crate::error::AllocationError;

use super::components::Component;
use super::cutoffs::{self, CutoffFailure};
use super::formulation::{Context, Stability, StageLimits, placed_of, read, total_rank_of};
use super::lns::Aim;
use super::solver::solve;
use super::{Backend, MaxStableOptions};

/// The largest part (in pairs) whose aggregated integer programme microlp is asked to solve
/// (where the cut-off form does not apply: families together, quota): beyond it,
/// its branch and bound (no cutting planes) does not close the gap of the rank stage in any
/// useful time, or fails numerically ("Singular matrix" on both halves of `small`, 700–850
/// pairs), so the neighbourhood search's result stands, reported as not proven.
const MICROLP_MAX_PAIRS: usize = 300;

/// Seconds a part's integer programme gets in the quick pass before the neighbourhood search.
const QUICK_S: f64 = 10.0;

/// Parts above this many pairs skip the quick pass: HiGHS's presolve alone overran the 10-s cap
/// by 11–17 s on the two 100,000-pair parts of a 150,000-child round, time the neighbourhood
/// search uses better.
const QUICK_MAX_PAIRS: usize = 30_000;

/// Which pass: `Quick` (before the neighbourhood search, only for HiGHS and CBC, at most
/// [`QUICK_S`] per part) or `Full` (after it, the part's share of the time left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pass {
    Quick,
    Full,
}

/// Whether the backend is asked for the integer programme of a part of this size.
fn worthwhile(options: &MaxStableOptions, part: &Component) -> bool {
    options.backend != Backend::Microlp || part.pairs <= MICROLP_MAX_PAIRS
}

/// The largest part (in pairs) that microlp solves in the cut-off form (`cutoffs`): the halves
/// of `small` (712 and 854 pairs) take under 2 s, the largest part of a 1,600-child round (973
/// pairs) 26 s (10,736 nodes). A 1,717-pair part of a 3,000-child round was not proven in
/// 5 minutes, and on the 20,000-child round (parts of 9,406 and 7,680 children) it solved 32
/// and 173 nodes in 35 and 27 s, time the neighbourhood search uses better.
const CUTOFF_MAX_PAIRS: usize = 1_000;

/// Whether a part's solves are reported as progress: the large parts only (a city has hundreds
/// of tiny ones).
fn loud(part: &Component) -> bool {
    part.pairs >= 200
}

/// Whether the part is solved in the cut-off form (`cutoffs`): microlp, hard stability, no
/// families together and no quota (their rows are not in that form), parts up to
/// [`CUTOFF_MAX_PAIRS`].
fn by_cutoffs(ctx: &Context, options: &MaxStableOptions, part: &Component) -> bool {
    options.backend == Backend::Microlp
        && ctx.stability == Stability::Hard
        && !ctx.constraints.siblings_together
        && ctx.constraints.hardship_quota.is_none()
        && part.pairs <= CUTOFF_MAX_PAIRS
}

/// Part `i` of `n` in the cut-off form: `a` improved in place; whether it is proven optimal.
/// In the rank stage an answer that places a different number is not taken (stage 1 fixed it).
fn cutoff_pass(
    ctx: &Context,
    part: &Component,
    (i, n): (usize, usize),
    cap: Option<f64>,
    a: &mut Assignment,
    aim: Aim,
) -> bool {
    let loud = loud(part);
    if loud {
        log::info!(
            target: "welfare::progress",
            "max-stable: part {} of {n}: branch and bound on the cut-offs ({} children, microlp)",
            i + 1,
            part.children.len()
        );
    }
    let started = Instant::now();
    match cutoffs::solve_part(ctx, part, a, cap) {
        Ok(outcome) => {
            if loud {
                log::info!(
                    target: "welfare::progress",
                    "max-stable: part {} of {n}: {} ({} cut-offs, {} nodes, {:.1} s)",
                    i + 1,
                    if outcome.proven { "proven optimal" } else { "not proven within its node limit or share of the time" },
                    outcome.cutoffs,
                    outcome.nodes,
                    started.elapsed().as_secs_f64()
                );
            }
            match outcome.better {
                Some(b) if aim == Aim::Rank && part.placed(&b) != part.placed(a) => false,
                Some(b) => {
                    part.copy(&b, a);
                    outcome.proven
                }
                None => outcome.proven,
            }
        }
        Err(CutoffFailure(reason)) => {
            if loud {
                log::info!(
                    target: "welfare::progress",
                    "max-stable: part {} of {n}: nothing better found ({reason})",
                    i + 1
                );
            }
            false
        }
    }
}

/// Asks for a better allocation in every part not yet settled; `a` is improved in place and
/// `settled[i]` set where part i is proven optimal. `tried[i]` remembers the (placed, total
/// rank) of part i last asked about; `lexicographic[i]` is set where part i is proven to have
/// the smallest total rank as well (the cut-off form). `a` must place in every part exactly what
/// stage 1 fixed there when `aim` is `Rank`.
#[allow(clippy::too_many_arguments)]
pub(super) fn settle(
    ctx: &Context,
    options: &MaxStableOptions,
    deadline: Option<Instant>,
    parts: &[Component],
    a: &mut Assignment,
    settled: &mut [bool],
    aim: Aim,
    pass: Pass,
    tried: &mut [Option<(usize, usize)>],
    lexicographic: &mut [bool],
) -> Result<(), AllocationError> {
    if pass == Pass::Quick && options.backend == Backend::Microlp {
        return Ok(());
    }
    let mut pairs_left: usize = parts
        .iter()
        .zip(settled.iter())
        .filter(|&(_, &s)| !s)
        .map(|(p, _)| p.pairs)
        .sum();
    for (i, part) in parts.iter().enumerate() {
        if settled[i] {
            continue;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        if pass == Pass::Quick && part.pairs > QUICK_MAX_PAIRS {
            continue;
        }
        // a solve's share of the time left: proportional to its part's pairs
        let share = deadline.map(|d| {
            d.saturating_duration_since(Instant::now()).as_secs_f64() * part.pairs as f64
                / pairs_left.max(1) as f64
        });
        pairs_left -= part.pairs;
        let cap = match pass {
            Pass::Quick => Some(share.map_or(QUICK_S, |s| s.min(QUICK_S))),
            Pass::Full => share,
        };
        let (placed, rank) = (part.placed(a), part.total_rank(a));
        // a quick pass does not ask again about the allocation it already failed on
        if pass == Pass::Quick && tried[i] == Some((placed, rank)) {
            continue;
        }
        tried[i] = Some((placed, rank));
        let what = match aim {
            Aim::Placed => format!("more than {placed} placed"),
            Aim::Rank => format!("total rank below {rank}"),
        };
        if aim == Aim::Rank && rank <= placed {
            // every placed child at its first choice: nothing better exists
            settled[i] = true;
            continue;
        }
        if pass == Pass::Full && by_cutoffs(ctx, options, part) {
            settled[i] = cutoff_pass(ctx, part, (i, parts.len()), cap, a, aim);
            // (the cut-off form's objective is lexicographic: proven in stage 1, the part's
            // total rank is minimal too, and stage 2 has nothing left to do there)
            lexicographic[i] |= settled[i];
            continue;
        }
        if !worthwhile(options, part) {
            if pass == Pass::Full {
                log::info!(
                    target: "welfare::progress",
                    "max-stable: part {} of {}: {} pairs, too large for microlp's integer \
                     programme; not proven (build with --features highs to prove it)",
                    i + 1,
                    parts.len(),
                    part.pairs
                );
            }
            continue;
        }
        let loud = loud(part);
        if loud {
            log::info!(
                target: "welfare::progress",
                "max-stable: part {} of {}: integer programme on {} children ({what}{})",
                i + 1,
                parts.len(),
                part.children.len(),
                if pass == Pass::Quick { ", quick pass" } else { "" }
            );
        }
        let limits = match aim {
            Aim::Placed => StageLimits {
                min_placed: Some(placed + 1),
                ..StageLimits::default()
            },
            Aim::Rank => StageLimits {
                min_placed: Some(placed),
                max_rank: Some(rank.saturating_sub(1)),
                ..StageLimits::default()
            },
        };
        let m = ctx.build_part(limits, Some(part));
        let objective = match aim {
            Aim::Placed => placed_of(&m.x),
            Aim::Rank => total_rank_of(&m.x),
        };
        let problem = match aim {
            Aim::Placed => m.vars.maximise(objective),
            Aim::Rank => m.vars.minimise(objective),
        };
        let x = m.x;
        match solve(options, deadline, cap, problem, m.cons, Vec::new(), |s| {
            read(&x, s)
        }) {
            Ok((b, optimal)) => {
                let better = match aim {
                    Aim::Placed => part.placed(&b) > placed,
                    Aim::Rank => part.placed(&b) == placed && part.total_rank(&b) < rank,
                };
                if better {
                    part.copy(&b, a);
                }
                settled[i] = optimal && better;
            }
            // nothing better exists: the known allocation is optimal in this part
            Err(AllocationError::Infeasible(_)) => settled[i] = true,
            Err(AllocationError::Solver(reason)) => {
                if loud {
                    log::info!(
                        target: "welfare::progress",
                        "max-stable: part {} of {}: nothing better found ({reason})",
                        i + 1,
                        parts.len()
                    );
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
