//! The stages of `max-stable` (most placed, then smallest total rank; fewest blocking pairs
//! first under constraints), their warm starts, bounds and fallbacks, and the solver backends.

use std::time::Instant;

use good_lp::Expression;

use crate::assignment::Assignment;
use crate::deferred_acceptance::deferred_acceptance;
use crate::domain::{Instance, Market};
use crate::error::AllocationError;
use crate::stability::{blocking_coalitions, families, tie_class_of_key, weakly_blocking_pairs};

use super::components::{Component, components};
use super::family_start::family_deferred_acceptance;
use super::formulation::{Context, Stability, StageLimits, placed_of, read, total_rank_of, values};
use super::lns::{self, Aim};
use super::preprocess::preprocess;
use super::settle::{Pass, settle};
use super::solver::solve;
use super::start::{augment, improve_ranks, starts};
use super::{Backend, MaxStable, MaxStableOptions};
use crate::min_cost_flow::welfare_optimal;

/// Rounds of re-application in the families-together start (each O(listed pairs · seats)).
const FAMILY_ROUNDS: usize = 200;

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
    // What stability means: weakly blocking pairs, or with families together the blocking
    // coalitions (a family blocks only as a whole; the model's rows count the same).
    let blocking = |a: &Assignment| -> usize {
        if options.constraints.siblings_together {
            blocking_coalitions(instance, &market, a)
        } else {
            weakly_blocking_pairs(instance, &market, a)
        }
    };
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
        // (with families together a family's children have no rows of their own: they take
        // no part in the rules' arguments)
        let mut in_family = vec![false; n];
        if options.constraints.siblings_together {
            for &c in families(instance).iter().flatten() {
                in_family[c] = true;
            }
        }
        let pre = preprocess(&market, &class_of, &in_family);
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
        if stability == Stability::Hard && blocking(&empty) > 0 {
            return Err(AllocationError::Infeasible(
                "no weakly stable allocation meets the constraints".into(),
            ));
        }
        return Ok(done(empty, (true, true), (upper, lower, None), 0, 0));
    }
    let (variables, constraints) = (first.vars.len(), first.cons.len());
    let mut optimal = true;

    // Under hard stability without constraints the model falls apart into independent parts
    // (`components`: in practice one per age group plus a few small ones), each solved on its
    // own: smaller models, and a bound rounded down per part.
    let split = stability == Stability::Hard && !constrained;
    let parts: Vec<Component> = if split {
        components(&market, &ctx.forbidden)
    } else {
        vec![Component::whole(&market)]
    };
    if split {
        log::info!(
            target: "welfare::progress",
            "max-stable: {} independent parts (largest {} children, {} pairs)",
            parts.len(),
            parts.first().map_or(0, |p| p.children.len()),
            parts.first().map_or(0, |p| p.pairs)
        );
    }

    // Under hard stability: the LP relaxation bounds the number placed from above (often far
    // below the welfare optimum), part by part, and its values guide the tie-breaking of the
    // starts.
    let mut relaxed_x: Option<Vec<Vec<Option<f64>>>> = None;
    // share of the time budget for the LP relaxations: with constraints the model is one part,
    // whose LP rarely finishes at city scale (20k children with families: not in 120 s), and
    // the search needs the time more
    let lp_share = if constrained { 0.1 } else { 0.4 };
    let mut upper = upper;
    let mut part_upper: Vec<usize> = parts.iter().map(|p| p.children.len()).collect();
    if stability == Stability::Hard {
        let mut merged: Vec<Vec<Option<f64>>> =
            market.lists.iter().map(|l| vec![None; l.len()]).collect();
        let mut all = true;
        let mut bound_sum = 0.0;
        let mut pairs_left = parts.iter().map(|p| p.pairs).sum();
        for (i, part) in parts.iter().enumerate() {
            let cap = lp_cap(deadline, part, &mut pairs_left, lp_share);
            if cap.is_some_and(|c| c <= 0.0) {
                all = false;
                break;
            }
            let limits = StageLimits {
                relaxed: true,
                ..StageLimits::default()
            };
            let m = ctx.build_part(limits, Some(part));
            let objective = placed_of(&m.x);
            let x = m.x;
            match solve(
                options,
                deadline,
                cap,
                m.vars.maximise(objective),
                m.cons,
                Vec::new(),
                |s| values(&x, s),
            ) {
                Ok((v, true)) => {
                    let bound: f64 = v.iter().flatten().flatten().sum();
                    bound_sum += bound;
                    part_upper[i] = part_upper[i].min((bound + 1e-6).floor() as usize);
                    for &c in &part.children {
                        merged[c].clone_from(&v[c]);
                    }
                }
                Err(AllocationError::Infeasible(reason)) => {
                    return Err(AllocationError::Infeasible(reason));
                }
                // a solver failure or the time limit: keep the welfare bound
                _ => all = false,
            }
        }
        if all {
            let bound: usize = part_upper.iter().sum();
            upper = upper.min(bound);
            log::info!(
                target: "welfare::progress",
                "max-stable: LP relaxation bound {bound_sum:.2} placed ({bound} rounded down part by part)"
            );
            relaxed_x = Some(merged);
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
        (blocking(&a) == 0).then_some(a)
    };
    let mut start_best: Option<Assignment> = None;
    let mut lower = lower;
    if split {
        let starts: Vec<Assignment> = std::iter::once(da.clone())
            .chain(starts(&market, &ctx.class_of, relaxed_x.as_deref()))
            .filter_map(improved)
            .collect();
        // the parts are independent: the best start of each part, put together
        let mut best = da.clone();
        for part in &parts {
            if let Some(s) = starts
                .iter()
                .max_by_key(|a| (part.placed(a), std::cmp::Reverse(part.total_rank(a))))
            {
                part.copy(s, &mut best);
            }
        }
        if blocking(&best) > 0 {
            // (cannot happen if the parts are independent; not trusted blindly either)
            best = starts
                .into_iter()
                .max_by_key(|a| (a.placed(), std::cmp::Reverse(a.total_rank())))
                .unwrap_or_else(|| da.clone());
        }
        lower = lower.max(best.placed());
        start_best = Some(best);
    }
    // Families together (without a quota): deferred acceptance with families as units; under
    // hard stability it is the start and the lower bound if it has no blocking coalition.
    let family_start = (options.constraints.siblings_together
        && options.constraints.hardship_quota.is_none())
    .then(|| family_deferred_acceptance(instance, &market, &ctx.families, FAMILY_ROUNDS))
    .map(|a| {
        let b = blocking(&a);
        (a, b)
    });
    if let Some((a, 0)) = &family_start
        && stability == Stability::Hard
    {
        lower = lower.max(a.placed());
        start_best = Some(a.clone());
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
        let blocking_count: Expression = m.b.iter().copied().sum();
        let x = m.x;
        // the fewer-blocking of two heuristics (families together, no quota): families as
        // units, and deferred acceptance without the families it splits
        let fallback = options.constraints.hardship_quota.is_none().then(|| {
            let dropped = families_dropped(instance, &da);
            match &family_start {
                Some((a, b)) if *b < blocking(&dropped) => a.clone(),
                _ => dropped,
            }
        });
        let (a, opt) = or_fallback(
            options,
            solve(
                options,
                deadline,
                None,
                m.vars.minimise(blocking_count),
                m.cons,
                Vec::new(),
                |s| read(&x, s),
            ),
            fallback.clone(),
        )?;
        optimal &= opt;
        // a time-limited solver may stop at a poor incumbent: keep the heuristic if it blocks less
        let a = match fallback {
            Some(h) if !opt && blocking(&h) < blocking(&a) => h,
            _ => a,
        };
        // the blocking pairs of any feasible assignment bound the stage's optimum from above
        limits.max_blocking = Some(blocking(&a));
        best = Some(a);
    }

    // Stage 1: most children placed, part by part.
    log::info!(
        target: "welfare::progress",
        "max-stable stage {} of {stages}: most children placed (at least {lower}, at most {upper}; gap {:.1} %)",
        stages - 1,
        gap_of(best.as_ref().map_or(lower, Assignment::placed).max(lower))
    );
    // Families together with a start without blocking coalition: the same search and proofs
    // as the independent parts, on the whole model (families join the age groups' parts).
    let family_search = stability == Stability::Hard
        && options.constraints.siblings_together
        && options.constraints.hardship_quota.is_none()
        && start_best.is_some();
    let mut stage1 = start_best.clone().unwrap_or_else(|| Assignment::empty(n));
    // parts whose smallest total rank stage 1 already proved (the cut-off form)
    let mut lexicographic = vec![false; parts.len()];
    if split || family_search {
        // part by part: the LP bound met, or the backend asked for more (quick pass), then
        // rounds of neighbourhood search and quick proofs, then the backend with the time left
        let mut settled: Vec<bool> = parts
            .iter()
            .zip(&part_upper)
            .map(|(p, &u)| p.placed(&stage1) >= u)
            .collect();
        search_and_settle(
            &ctx,
            options,
            deadline,
            &parts,
            &mut stage1,
            &mut settled,
            &mut lexicographic,
            Aim::Placed,
            &|i, a| parts[i].placed(a) >= part_upper[i],
        )?;
        optimal &= !settled.contains(&false);
        lower = lower.max(stage1.placed());
    } else {
        for (i, part) in parts.iter().enumerate() {
            let start = start_best.as_ref();
            // the best start meets the part's LP bound: proven optimal, no MIP needed
            if start.is_some_and(|a| part.placed(a) >= part_upper[i]) {
                continue;
            }
            // with a start (families together), ask only for more: infeasible means the start
            // places the most (the solver may not take a warm start)
            let more = start.map(|a| part.placed(a) + 1);
            let m = match (more, first.take()) {
                (None, Some(m)) => m,
                (more, _) => ctx.build_part(
                    StageLimits {
                        min_placed: more,
                        ..limits
                    },
                    Some(part),
                ),
            };
            let objective = placed_of(&m.x);
            let initial = match start {
                // (a start is no solution of the model that asks for more)
                Some(_) if more.is_some() => Vec::new(),
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
            let fallback = best.clone().or_else(|| start.cloned());
            let solved = match (
                solve(
                    options,
                    deadline,
                    None,
                    m.vars.maximise(objective),
                    m.cons,
                    initial,
                    |s| read(&x, s),
                ),
                start,
            ) {
                (Err(AllocationError::Infeasible(_)), Some(a)) if more.is_some() => {
                    Ok((a.clone(), true))
                }
                (other, _) => other,
            };
            let (a, opt) = or_fallback(options, solved, fallback)?;
            optimal &= opt;
            let a = match &best {
                Some(b) if b.placed() > a.placed() => b.clone(),
                _ => a,
            };
            // a time-limited solver may return less than the start: keep the start's part then
            if start.is_none_or(|s| part.placed(&a) > part.placed(s)) {
                part.copy(&a, &mut stage1);
            }
        }
    }
    let placed = stage1.placed();
    let placed_optimal = optimal || placed >= upper;

    // Stage 2: smallest total rank with that many placed (in every part as many as stage 1
    // placed there).
    log::info!(
        target: "welfare::progress",
        "max-stable stage {stages} of {stages}: smallest total rank with {placed} placed \
         (at most {upper}; gap {:.1} %{})",
        gap_of(placed),
        if placed_optimal { ", placed proven optimal" } else { "" }
    );
    let part_limits = |part: &Component, stage1: &Assignment| StageLimits {
        min_placed: Some(if split { part.placed(stage1) } else { placed }),
        ..limits
    };
    // Under hard stability without constraints: the LP relaxation bounds the total rank from
    // below (part by part), and its values guide more starts; a part whose start meets its
    // bound is proven optimal without the MIP.
    let mut rank_bound = None;
    let mut part_rank_bound: Vec<Option<usize>> = vec![None; parts.len()];
    if split {
        let mut merged: Vec<Vec<Option<f64>>> =
            market.lists.iter().map(|l| vec![None; l.len()]).collect();
        let mut bound_sum = 0.0;
        let mut pairs_left = parts.iter().map(|p| p.pairs).sum();
        for (i, part) in parts.iter().enumerate() {
            let cap = lp_cap(deadline, part, &mut pairs_left, lp_share);
            if cap.is_some_and(|c| c <= 0.0) {
                break;
            }
            let m = ctx.build_part(
                StageLimits {
                    relaxed: true,
                    ..part_limits(part, &stage1)
                },
                Some(part),
            );
            let ranks = total_rank_of(&m.x);
            let x = m.x;
            if let Ok((v, true)) = solve(
                options,
                deadline,
                cap,
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
                bound_sum += bound;
                part_rank_bound[i] = Some((bound - 1e-6).ceil().max(0.0) as usize);
                for &c in &part.children {
                    merged[c].clone_from(&v[c]);
                }
            }
        }
        if part_rank_bound.iter().all(Option::is_some) {
            let bound: usize = part_rank_bound.iter().flatten().sum();
            log::info!(
                target: "welfare::progress",
                "max-stable: LP relaxation bound {bound_sum:.2} on the total rank ({bound} rounded up part by part)"
            );
            rank_bound = Some(bound);
            // more starts, guided by the rank LP; a part is taken from one where it places as
            // many with a smaller total rank
            let more: Vec<Assignment> = starts(&market, &ctx.class_of, Some(&merged))
                .into_iter()
                .filter_map(improved)
                .collect();
            let mut candidate = stage1.clone();
            for part in &parts {
                if let Some(s) = more
                    .iter()
                    .filter(|s| part.placed(s) == part.placed(&stage1))
                    .min_by_key(|s| part.total_rank(s))
                    && part.total_rank(s) < part.total_rank(&candidate)
                {
                    part.copy(s, &mut candidate);
                }
            }
            if candidate.total_rank() < stage1.total_rank() && blocking(&candidate) == 0 {
                stage1 = candidate;
            }
        }
    }
    let mut stage2 = stage1.clone();
    if split || family_search {
        let mut settled: Vec<bool> = parts
            .iter()
            .zip(&part_rank_bound)
            .zip(&lexicographic)
            .map(|((p, b), &done)| done || b.is_some_and(|b| p.total_rank(&stage2) <= b))
            .collect();
        search_and_settle(
            &ctx,
            options,
            deadline,
            &parts,
            &mut stage2,
            &mut settled,
            &mut lexicographic,
            Aim::Rank,
            &|i, a| part_rank_bound[i].is_some_and(|b| parts[i].total_rank(a) <= b),
        )?;
        optimal &= !settled.contains(&false);
    } else {
        for (i, part) in parts.iter().enumerate() {
            if part_rank_bound[i].is_some_and(|b| part.total_rank(&stage1) <= b) {
                continue;
            }
            let m = ctx.build_part(part_limits(part, &stage1), Some(part));
            let ranks = total_rank_of(&m.x);
            let initial = if stability == Stability::Soft || constrained {
                Vec::new()
            } else {
                ctx.warm(&m, &stage1)
            };
            let x = m.x;
            match solve(
                options,
                deadline,
                None,
                m.vars.minimise(ranks),
                m.cons,
                initial,
                |s| read(&x, s),
            ) {
                Ok((a, opt)) => {
                    optimal &= opt;
                    if part.placed(&a) == part.placed(&stage1)
                        && part.total_rank(&a) < part.total_rank(&stage1)
                    {
                        part.copy(&a, &mut stage2);
                    }
                }
                // stage 1's allocation is a valid answer: a solver failure in stage 2 costs
                // only the proof that the total rank is minimal
                Err(AllocationError::Solver(reason)) => {
                    optimal = false;
                    log::warn!(
                        "{reason}; keeping the allocation of stage 1 ({} placed{}), total \
                         rank not proven minimal",
                        part.placed(&stage1),
                        if placed_optimal {
                            ", proven maximal"
                        } else {
                            ""
                        }
                    );
                }
                Err(e) => return Err(e),
            }
        }
    }
    // the parts put together are checked once more (hard stability: weakly stable)
    let assignment = if stage2.placed() == placed
        && stage2.total_rank() <= stage1.total_rank()
        && (stability != Stability::Hard || blocking(&stage2) == 0)
        && (!options.constraints.siblings_together
            || crate::assignment::families_split(instance, &stage2) == 0)
    {
        stage2
    } else {
        optimal = false;
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

/// Time cap of one part's LP relaxation under a time limit: `budget_share` (40 %; 10 % with
/// constraints) of the part's share (by pairs) of the time left, so that a relaxation too large for the budget (150,000 children)
/// leaves time for the starts and the search; 0 once the time is up.
fn lp_cap(
    deadline: Option<Instant>,
    part: &Component,
    pairs_left: &mut usize,
    budget_share: f64,
) -> Option<f64> {
    let share = deadline.map(|d| {
        budget_share * d.saturating_duration_since(Instant::now()).as_secs_f64() * part.pairs as f64
            / (*pairs_left).max(1) as f64
    });
    *pairs_left = pairs_left.saturating_sub(part.pairs);
    share
}

/// Improves `a` part by part and proves what it can (`settled`): a quick pass of the backend
/// (HiGHS, CBC), then rounds of neighbourhood search, each followed by a quick pass on the parts
/// it changed, while the time limit leaves time and the search still finds improvements; then
/// the backend with the time left. Without a time limit: one search (it stops by its
/// patience), then the backend. `bound_met(i, a)`: part i of `a` meets its LP bound.
#[allow(clippy::too_many_arguments)]
fn search_and_settle(
    ctx: &Context,
    options: &MaxStableOptions,
    deadline: Option<Instant>,
    parts: &[Component],
    a: &mut Assignment,
    settled: &mut [bool],
    lexicographic: &mut [bool],
    aim: Aim,
    bound_met: &dyn Fn(usize, &Assignment) -> bool,
) -> Result<(), AllocationError> {
    let mut tried = vec![None; parts.len()];
    let mut run = |a: &mut Assignment, settled: &mut [bool], pass, tried: &mut [_]| {
        settle(
            ctx,
            options,
            deadline,
            parts,
            a,
            settled,
            aim,
            pass,
            tried,
            lexicographic,
        )
    };
    run(a, settled, Pass::Quick, &mut tried)?;
    let mut round = 0;
    while settled.contains(&false) {
        let mut b = a.clone();
        let searched = lns::search(
            ctx,
            options,
            deadline,
            &mut b,
            &lns_settings(options, aim, deadline, round),
        );
        for part in parts {
            let better = match aim {
                Aim::Placed => part.placed(&b) > part.placed(a),
                Aim::Rank => {
                    part.placed(&b) == part.placed(a) && part.total_rank(&b) < part.total_rank(a)
                }
            };
            if better {
                part.copy(&b, a);
            }
        }
        log::info!(
            target: "welfare::progress",
            "max-stable: neighbourhood search round {}: {} neighbourhoods, {} improvements: {} placed, total rank {}",
            round + 1,
            searched.neighbourhoods,
            searched.improvements,
            a.placed(),
            a.total_rank()
        );
        for (i, s) in settled.iter_mut().enumerate() {
            *s |= bound_met(i, a);
        }
        round += 1;
        if searched.exhausted || deadline.is_none_or(|d| Instant::now() >= d) {
            break;
        }
        run(a, settled, Pass::Quick, &mut tried)?;
    }
    run(a, settled, Pass::Full, &mut tried)
}

/// The neighbourhood search's settings: neighbourhoods small enough for the backend (HiGHS
/// solves 400 freed children in well under a second, 800 with families in about one; on the 20k-child instance 150 left the
/// search 2 children short of the optimum, 400 reached it), a new seed each round.
fn lns_settings(
    options: &MaxStableOptions,
    aim: Aim,
    deadline: Option<Instant>,
    round: u64,
) -> lns::Search {
    let size = match options.backend {
        Backend::Microlp => 40,
        #[cfg(feature = "cbc")]
        Backend::Cbc => 80,
        // with families together twice that for stage 1: on the 20k-child round with 15 %
        // siblings 400 stalled at 16,912 placed, 800 reached 16,930 (= CP-SAT's 300-s result);
        // in stage 2 800 left a 1,600-child round's total rank unproven that 400 proved
        #[cfg(feature = "highs")]
        Backend::Highs if options.constraints.siblings_together && aim == Aim::Placed => 800,
        #[cfg(feature = "highs")]
        Backend::Highs => 400,
    };
    let now = Instant::now();
    lns::Search {
        aim,
        size,
        patience: 200,
        solve_cap: 5.0,
        // a round: a third of the time left, at least 15 s (or what is left)
        until: deadline.map(|d| {
            let left = d.saturating_duration_since(now);
            now + (left / 3).max(left.min(std::time::Duration::from_secs(15)))
        }),
        seed: 18 + round,
    }
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
