//! The stages of `max-stable` (most placed, then smallest total rank; fewest blocking pairs
//! first under constraints), their warm starts, bounds and fallbacks, and the solver backends.

use std::time::Instant;

use good_lp::{
    Expression, ResolutionError, Solution, SolutionStatus, Solver, SolverModel, Variable,
    WithInitialSolution, WithTimeLimit,
};

use crate::assignment::Assignment;
use crate::deferred_acceptance::deferred_acceptance;
use crate::domain::{Instance, Market};
use crate::error::AllocationError;
use crate::stability::{tie_class_of_key, weakly_blocking_pairs};

use super::formulation::{Context, Stability, StageLimits, families, read, values};
use super::preprocess::preprocess;
use super::start::{augment, improve_ranks, starts};
use super::{Backend, MaxStable, MaxStableOptions};
use crate::min_cost_flow::welfare_optimal;

pub(super) fn optimise_with(
    instance: &Instance,
    stability: Stability,
    options: &MaxStableOptions,
) -> Result<MaxStable, AllocationError> {
    if options
        .time_limit
        .is_some_and(|t| !(t.is_finite() && t > 0.0))
    {
        return Err(AllocationError::Parameter {
            name: "time_limit",
            reason: "must be a positive number of seconds".into(),
        });
    }
    options.constraints.check()?;
    let start = Instant::now();
    let deadline = options
        .time_limit
        .map(|t| start + std::time::Duration::from_secs_f64(t));
    let market = Market::new(instance);
    let constrained = options.constraints.any();
    let da = deferred_acceptance(&market);
    let upper = welfare_optimal(&market).assignment.placed();
    // deferred acceptance is feasible (and a lower bound) only without constraints
    let lower = if constrained { 0 } else { da.placed() };
    let n = instance.children.len();
    let groups = market.capacity.len();

    // Tie classes per listed pair; classes per seat group.
    let mut class_of: Vec<Vec<(u8, u8, i64)>> = Vec::with_capacity(n);
    let mut group_classes: Vec<Vec<(u8, u8, i64)>> = vec![Vec::new(); groups];
    for c in 0..n {
        let classes: Vec<(u8, u8, i64)> = market.lists[c]
            .iter()
            .map(|&(_, key)| tie_class_of_key(key))
            .collect();
        for (k, &cl) in classes.iter().enumerate() {
            let g = market.lists[c][k].0;
            if market.capacity[g] > 0 {
                group_classes[g].push(cl);
            }
        }
        class_of.push(classes);
    }
    for cls in &mut group_classes {
        cls.sort_unstable();
        cls.dedup();
    }
    // Preprocessing removes pairs that no weakly stable allocation contains: exact whenever
    // stability is a hard constraint (further constraints only shrink the feasible set).
    let none = || -> Vec<Vec<bool>> { market.lists.iter().map(|l| vec![false; l.len()]).collect() };
    let (mut forbidden, fixed) = if stability == Stability::Hard {
        let pre = preprocess(&market, &class_of);
        (pre.removed, pre.fixed)
    } else {
        (none(), none())
    };
    let removed = forbidden.clone();
    let removed_pairs: usize = removed.iter().flatten().filter(|&&r| r).count();
    for (c, list) in market.lists.iter().enumerate() {
        for (k, &(g, _)) in list.iter().enumerate() {
            if market.capacity[g] == 0 {
                forbidden[c][k] = true;
            }
        }
    }
    let families = families(instance);
    let mut closed: Vec<Vec<bool>> = market.lists.iter().map(|l| vec![false; l.len()]).collect();
    if options.constraints.siblings_together {
        // A daycare is open to a family only if every member listed it with a seat of their
        // age group (`closed` otherwise: no application the quota must answer). The family
        // can sit there together only if, besides, no member's pair was removed by
        // preprocessing (`forbidden` then, but the daycare stays an application).
        let capacity_only = |c: usize, k: usize| market.capacity[market.lists[c][k].0] == 0;
        for family in &families {
            let common = |excluded: &dyn Fn(usize, usize) -> bool| {
                let open = |c: usize| -> std::collections::BTreeSet<usize> {
                    instance.children[c]
                        .preferences
                        .iter()
                        .enumerate()
                        .filter(|&(k, _)| !excluded(c, k))
                        .map(|(_, p)| p.daycare)
                        .collect()
                };
                let mut common = open(family[0]);
                for &c in &family[1..] {
                    let o = open(c);
                    common.retain(|d| o.contains(d));
                }
                common
            };
            let listed = common(&capacity_only);
            let together = common(&|c, k| forbidden[c][k]);
            for &c in family {
                for (k, p) in instance.children[c].preferences.iter().enumerate() {
                    if !listed.contains(&p.daycare) {
                        closed[c][k] = true;
                    }
                    if !together.contains(&p.daycare) {
                        forbidden[c][k] = true;
                    }
                }
            }
        }
    }
    let ctx = Context {
        instance,
        market: &market,
        forbidden,
        removed,
        fixed,
        closed,
        class_of,
        group_classes,
        stability,
        constraints: options.constraints,
        families,
    };

    let done = |assignment: Assignment,
                (optimal, placed_optimal): (bool, bool),
                (upper, lower, rank_bound): (usize, usize, Option<usize>),
                variables,
                constraints| {
        let gap = if optimal || placed_optimal || upper == 0 {
            0.0
        } else {
            upper.saturating_sub(assignment.placed()) as f64 / upper as f64
        };
        MaxStable {
            assignment,
            optimal,
            placed_optimal: placed_optimal || optimal,
            placed_upper_bound: upper,
            placed_lower_bound: lower,
            total_rank_lower_bound: rank_bound,
            gap,
            backend: options.backend.name(),
            variables,
            constraints,
            removed_pairs,
            seconds: start.elapsed().as_secs_f64(),
        }
    };

    let first = ctx.build(StageLimits::default());
    if first.x.iter().flatten().all(Option::is_none) {
        // no seat can be taken by anyone: nothing to optimise (solvers reject empty models);
        // under hard stability the empty allocation must itself be weakly stable
        let empty = Assignment::empty(n);
        if stability == Stability::Hard && weakly_blocking_pairs(instance, &market, &empty) > 0 {
            return Err(AllocationError::Infeasible(
                "no weakly stable allocation meets the constraints".into(),
            ));
        }
        return Ok(done(empty, (true, true), (upper, lower, None), 0, 0));
    }
    let (variables, constraints) = (first.vars.len(), first.cons.len());
    let mut optimal = true;

    // Under hard stability: the LP relaxation bounds the number placed from above (often far
    // below the welfare optimum), and its values guide the tie-breaking of the starts.
    let mut relaxed_x: Option<Vec<Vec<Option<f64>>>> = None;
    let mut upper = upper;
    if stability == Stability::Hard {
        let limits = StageLimits {
            relaxed: true,
            ..StageLimits::default()
        };
        let m = ctx.build(limits);
        let objective: Expression = m.x.iter().flatten().flatten().copied().sum();
        let x = m.x;
        match solve(
            options,
            deadline,
            m.vars.maximise(objective),
            m.cons,
            Vec::new(),
            |s| values(&x, s),
        ) {
            Ok((v, true)) => {
                let bound: f64 = v.iter().flatten().flatten().sum();
                upper = upper.min((bound + 1e-6).floor() as usize);
                log::info!(
                    target: "welfare::progress",
                    "max-stable: LP relaxation bound {bound:.2} placed"
                );
                relaxed_x = Some(v);
            }
            Err(AllocationError::Infeasible(reason)) => {
                return Err(AllocationError::Infeasible(reason));
            }
            // a solver failure or the time limit: keep the welfare bound
            _ => {}
        }
    }
    // Weakly stable starts (without constraints): deferred acceptance, Király's promotion,
    // tie-breaking by the LP values; the best is the warm start and the lower bound.
    // local search budgets: chain steps, and rounds of improvement cycles (each O(pairs))
    let pairs: usize = market.lists.total();
    let budget = 50 * pairs;
    let rounds = (50_000_000 / pairs.max(1)).clamp(20, 10_000);
    // a start improved by augmenting chains and improvement cycles, kept only if weakly stable
    // (checked once more: the local search's argument is not trusted blindly)
    let improved = |mut a: Assignment| {
        augment(&market, &ctx.class_of, &mut a, budget);
        improve_ranks(&market, &ctx.class_of, &mut a, rounds);
        (weakly_blocking_pairs(instance, &market, &a) == 0).then_some(a)
    };
    let mut start_best: Option<Assignment> = None;
    let mut lower = lower;
    if stability == Stability::Hard && !constrained {
        let starts = starts(&market, &ctx.class_of, relaxed_x.as_deref());
        let best = std::iter::once(da.clone())
            .chain(starts)
            .filter_map(improved)
            .max_by_key(|a| (a.placed(), std::cmp::Reverse(a.total_rank())))
            .unwrap_or_else(|| da.clone());
        lower = lower.max(best.placed());
        start_best = Some(best);
    }

    // Progress goes to the `log` facade (target `welfare::progress`); the CLI shows it on its
    // spinner. The bounds: DA (or 0) below, the welfare optimum above.
    let stages = if stability == Stability::Soft { 3 } else { 2 };
    let gap_of = |placed: usize| {
        if upper == 0 {
            0.0
        } else {
            100.0 * upper.saturating_sub(placed) as f64 / upper as f64
        }
    };
    log::info!(
        target: "welfare::progress",
        "max-stable: {variables} pair variables; placed between {lower} and {upper} (gap {:.1} %)",
        gap_of(lower)
    );

    // Stage 0 (soft stability only): fewest weakly blocking pairs.
    let mut limits = StageLimits::default();
    let mut best: Option<Assignment> = None;
    let mut first = Some(first);
    if stability == Stability::Soft {
        log::info!(
            target: "welfare::progress",
            "max-stable stage 1 of {stages}: fewest weakly blocking pairs"
        );
        let m = first.take().expect("first model");
        let blocking: Expression = m.b.iter().copied().sum();
        let x = m.x;
        let fallback = options
            .constraints
            .hardship_quota
            .is_none()
            .then(|| families_dropped(instance, &da));
        let (a, opt) = or_fallback(
            options,
            solve(
                options,
                deadline,
                m.vars.minimise(blocking),
                m.cons,
                Vec::new(),
                |s| read(&x, s),
            ),
            fallback.clone(),
        )?;
        optimal &= opt;
        // a time-limited solver may stop at a poor incumbent: keep the heuristic if it blocks less
        let a = match fallback {
            Some(h)
                if !opt
                    && weakly_blocking_pairs(instance, &market, &h)
                        < weakly_blocking_pairs(instance, &market, &a) =>
            {
                h
            }
            _ => a,
        };
        // the blocking pairs of any feasible assignment bound the stage's optimum from above
        limits.max_blocking = Some(weakly_blocking_pairs(instance, &market, &a));
        best = Some(a);
    }

    // Stage 1: most children placed.
    log::info!(
        target: "welfare::progress",
        "max-stable stage {} of {stages}: most children placed (at least {lower}, at most {upper}; gap {:.1} %)",
        stages - 1,
        gap_of(best.as_ref().map_or(lower, Assignment::placed).max(lower))
    );
    let m = first.take().unwrap_or_else(|| ctx.build(limits));
    let (stage1, opt) = match start_best.clone() {
        // the best start meets the LP bound: proven optimal, no MIP needed
        Some(a) if a.placed() >= upper => (a, true),
        start => {
            let objective: Expression = m.x.iter().flatten().flatten().copied().sum();
            let initial = match &start {
                Some(a) => {
                    let uses_removed = a
                        .choice
                        .iter()
                        .enumerate()
                        .any(|(c, k)| k.is_some_and(|k| ctx.forbidden[c][k]));
                    debug_assert!(
                        !uses_removed,
                        "preprocessing removed a pair of a weakly stable matching"
                    );
                    if uses_removed {
                        Vec::new()
                    } else {
                        ctx.warm(&m, a)
                    }
                }
                None => Vec::new(),
            };
            let x = m.x;
            let fallback = best.clone().or(start);
            or_fallback(
                options,
                solve(
                    options,
                    deadline,
                    m.vars.maximise(objective),
                    m.cons,
                    initial,
                    |s| read(&x, s),
                ),
                fallback,
            )?
        }
    };
    optimal &= opt;
    let stage1 = match best {
        Some(b) if b.placed() > stage1.placed() => b,
        _ if stability == Stability::Hard && stage1.placed() < lower => {
            start_best.clone().unwrap_or_else(|| da.clone())
        }
        _ => stage1,
    };
    let placed = stage1.placed();
    let placed_optimal = optimal || placed >= upper;
    limits.min_placed = Some(placed);

    // Stage 2: smallest total rank with that many placed.
    log::info!(
        target: "welfare::progress",
        "max-stable stage {stages} of {stages}: smallest total rank with {placed} placed \
         (at most {upper}; gap {:.1} %{})",
        gap_of(placed),
        if opt { ", placed proven optimal" } else { "" }
    );
    let rank_of = |m: &super::formulation::Model| -> Expression {
        m.x.iter()
            .flat_map(|xs| {
                xs.iter()
                    .enumerate()
                    .filter_map(|(k, v)| v.map(|v| (k as f64 + 1.0) * v))
            })
            .sum()
    };
    // Under hard stability without constraints: the LP relaxation bounds the total rank from
    // below, and its values guide more starts; a start with as many placed that meets the
    // bound is proven optimal without the MIP.
    let mut stage1 = stage1;
    let mut rank_bound = None;
    if stability == Stability::Hard && !constrained {
        let m = ctx.build(StageLimits {
            relaxed: true,
            ..limits
        });
        let ranks = rank_of(&m);
        let x = m.x;
        if let Ok((v, true)) = solve(
            options,
            deadline,
            m.vars.minimise(ranks),
            m.cons,
            Vec::new(),
            |s| values(&x, s),
        ) {
            let bound: f64 = v
                .iter()
                .flat_map(|xs| {
                    xs.iter()
                        .enumerate()
                        .map(|(k, v)| (k as f64 + 1.0) * v.unwrap_or(0.0))
                })
                .sum();
            log::info!(
                target: "welfare::progress",
                "max-stable: LP relaxation bound {bound:.2} on the total rank"
            );
            rank_bound = Some((bound - 1e-6).ceil().max(0.0) as usize);
            if let Some(better) = starts(&market, &ctx.class_of, Some(&v))
                .into_iter()
                .filter_map(improved)
                .filter(|a| a.placed() == placed && a.total_rank() < stage1.total_rank())
                .min_by_key(Assignment::total_rank)
            {
                stage1 = better;
            }
        }
    }
    let (stage2, opt) = if rank_bound.is_some_and(|b| stage1.total_rank() <= b) {
        (stage1.clone(), true)
    } else {
        let m = ctx.build(limits);
        let ranks = rank_of(&m);
        let initial = if stability == Stability::Soft || constrained {
            Vec::new()
        } else {
            ctx.warm(&m, &stage1)
        };
        let x = m.x;
        match solve(
            options,
            deadline,
            m.vars.minimise(ranks),
            m.cons,
            initial,
            |s| read(&x, s),
        ) {
            // stage 1's allocation is a valid answer: a solver failure in stage 2 costs
            // only the proof that the total rank is minimal
            Err(AllocationError::Solver(reason)) => {
                log::warn!(
                    "{reason}; keeping the allocation of stage 1 ({placed} placed{}), total \
                     rank not proven minimal",
                    if placed_optimal {
                        ", proven maximal"
                    } else {
                        ""
                    }
                );
                (stage1.clone(), false)
            }
            other => other?,
        }
    };
    optimal &= opt;
    let assignment = if stage2.placed() == placed && stage2.total_rank() <= stage1.total_rank() {
        stage2
    } else {
        stage1
    };
    Ok(done(
        assignment,
        (optimal, placed_optimal),
        (upper, lower, rank_bound),
        variables,
        constraints,
    ))
}

/// Under a time limit, a stage that found nothing (stopped before a first solution) keeps the
/// best allocation known so far, reported as not optimal. Without a time limit a solver
/// failure is an error, and infeasibility always is.
fn or_fallback(
    options: &MaxStableOptions,
    result: Result<(Assignment, bool), AllocationError>,
    fallback: Option<Assignment>,
) -> Result<(Assignment, bool), AllocationError> {
    match (result, fallback) {
        (Ok(r), _) => Ok(r),
        (Err(AllocationError::Solver(_)), Some(a)) if options.time_limit.is_some() => {
            Ok((a, false))
        }
        (Err(e), _) => Err(e),
    }
}

/// Deferred acceptance with every family that it splits left unplaced: satisfies "families
/// together" (a starting point when the solver finds nothing in time).
fn families_dropped(instance: &Instance, da: &Assignment) -> Assignment {
    let mut a = da.clone();
    for family in families(instance) {
        let first = a.daycare(instance, family[0]);
        if family.iter().any(|&c| a.daycare(instance, c) != first) {
            for &c in &family {
                a.choice[c] = None;
            }
        }
    }
    a
}

/// Solves one stage (or its LP relaxation) with the chosen backend; returns what `read` takes
/// from the solution (the assignment, or the pair values) and whether it is proven optimal.
fn solve<T, R>(
    options: &MaxStableOptions,
    deadline: Option<Instant>,
    problem: good_lp::variable::UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    initial: Vec<(Variable, f64)>,
    read: R,
) -> Result<(T, bool), AllocationError>
where
    R: Fn(&dyn Fn(Variable) -> f64) -> T,
{
    fn run<S, T, R>(
        solver: S,
        problem: good_lp::variable::UnsolvedProblem,
        constraints: Vec<good_lp::Constraint>,
        initial: Vec<(Variable, f64)>,
        time_limit: Option<f64>,
        read: R,
    ) -> Result<(T, bool), AllocationError>
    where
        S: Solver,
        S::Model: WithTimeLimit + WithInitialSolution + SolverModel<Error = ResolutionError>,
        R: Fn(&dyn Fn(Variable) -> f64) -> T,
    {
        let mut model = problem.using(solver);
        if !initial.is_empty() {
            model = model.with_initial_solution(initial);
        }
        if let Some(t) = time_limit {
            model = model.with_time_limit(t);
        }
        for c in constraints {
            model.add_constraint(c);
        }
        match model.solve() {
            Ok(solution) => {
                let optimal = matches!(solution.status(), SolutionStatus::Optimal);
                Ok((read(&|v| solution.value(v)), optimal))
            }
            Err(ResolutionError::Infeasible) => Err(AllocationError::Infeasible(
                "the constraints cannot all be met on this instance (the hardship quota \
                     together with --siblings-together leaves no allocation); try without one \
                     of them or with a smaller quota"
                    .into(),
            )),
            Err(e) => Err(solver_error(S::Model::name(), e.to_string())),
        }
    }
    // the time limit is one budget for the whole optimisation: each solve gets what is left
    let time_limit = match deadline {
        Some(d) => {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            if left < 0.01 {
                return Err(AllocationError::Solver(
                    "max-stable: the time limit was reached before this stage".into(),
                ));
            }
            Some(left)
        }
        None => None,
    };
    match options.backend {
        Backend::Microlp => run(
            good_lp::solvers::microlp::microlp,
            problem,
            constraints,
            initial,
            time_limit,
            read,
        ),
        #[cfg(feature = "cbc")]
        Backend::Cbc => run(
            |p| {
                let mut m = good_lp::solvers::coin_cbc::coin_cbc(p);
                m.set_parameter("log", "0");
                // CBC's MIP preprocessing returned a non-optimal stage as "optimal" on a
                // 4-child soft-stability model with both constraints (a property-test case in
                // tests/properties.proptest-regressions; microlp and HiGHS solve it right)
                m.set_parameter("preprocess", "off");
                m
            },
            problem,
            constraints,
            initial,
            time_limit,
            read,
        ),
        #[cfg(feature = "highs")]
        Backend::Highs => run(
            good_lp::solvers::highs::highs,
            problem,
            constraints,
            Vec::new(), // no warm start: the highs binding panics when HiGHS rejects one
            time_limit,
            read,
        ),
    }
}

fn solver_error(solver: &str, reason: String) -> AllocationError {
    let hint = if solver.eq_ignore_ascii_case("microlp") {
        "; the pure-Rust microlp solver fails on some instances of this size: build with \
         `--features highs` (fastest) or `--features cbc` (needs Debian's coinor-libcbc-dev)"
    } else {
        ""
    };
    AllocationError::Solver(format!(
        "max-stable: the {solver} solver failed: {reason}{hint}"
    ))
}
