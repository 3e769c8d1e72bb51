//! Large-neighbourhood search for `max-stable`: free the children around a few seat groups,
//! keep every other child where it is, solve that small integer programme exactly with the
//! stage's backend, and keep the result when it places more children (stage 1) or lowers the
//! total rank with as many placed (stage 2).
//!
//! The sub-model is the stage's model restricted to the free children: their pair variables,
//! the class counts of every seat group on their lists (the other children's seats there count
//! as constants), their stability rows, and for every other child that prefers such a seat group
//! to its own result (or is unplaced) the row "this seat group stays full with children of my
//! class or better". Seat groups on no free child's list do not change, so the combined
//! allocation is weakly stable exactly when the sub-model's rows hold; it is checked once more
//! before it is kept. Neighbourhoods grow breadth-first from a seat group drawn with a seeded
//! generator, and the search stops after a number of neighbourhoods in a row without
//! improvement: same instance and seed, same result (without a time limit).
//!
//! Cost: each neighbourhood scans the listed pairs once (the seeds, and the other children who
//! prefer a touched seat group) and solves an integer programme over its s freed children
//! exactly (exponential in s in the worst case, so s is small and every solve has its own time
//! cap); a kept improvement is re-checked in O(listed pairs). So a search of N neighbourhoods
//! is O(N · listed pairs) plus the solves; N is bounded by the patience (improvements reset
//! it, each improvement places one more child or lowers the total rank) and the time limit.

use std::time::Instant;

use good_lp::{Expression, ProblemVariables, Variable, constraint, variable};
use rand::Rng;

use crate::assignment::Assignment;
use crate::assignment::families_split;
use crate::stability::{blocking_coalitions, weakly_blocking_pairs};

use super::MaxStableOptions;
use super::formulation::{Coalition, Context};
use super::solver::solve;

/// What a neighbourhood's integer programme optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Aim {
    /// Most children placed.
    Placed,
    /// Smallest total rank, with at least as many placed.
    Rank,
}

/// Settings of one search.
#[derive(Debug, Clone, Copy)]
pub(super) struct Search {
    pub(super) aim: Aim,
    /// Children freed per neighbourhood.
    pub(super) size: usize,
    /// Stop after this many neighbourhoods in a row without improvement.
    pub(super) patience: usize,
    /// Time cap of one neighbourhood's solve, seconds.
    pub(super) solve_cap: f64,
    /// Stop at this instant (a share of the time budget).
    pub(super) until: Option<Instant>,
    /// Seed of the neighbourhood draws.
    pub(super) seed: u64,
}

/// What a search did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Searched {
    pub(super) neighbourhoods: usize,
    pub(super) improvements: usize,
    /// Stopped by the patience or for lack of candidates, not by the time.
    pub(super) exhausted: bool,
}

/// Improves the weakly stable allocation `a` (hard stability; no constraints, or families
/// together) by large-neighbourhood search; `a` stays weakly stable (with families together:
/// without blocking coalition, no family split; a family is freed as a whole).
pub(super) fn search(
    ctx: &Context,
    options: &MaxStableOptions,
    deadline: Option<Instant>,
    a: &mut Assignment,
    s: &Search,
) -> Searched {
    let market = ctx.market;
    let n = market.children();
    let groups = market.capacity.len();
    // every listed pair at a seat group with seats: (child, position)
    let mut applicants: Vec<Vec<(usize, usize)>> = vec![Vec::new(); groups];
    for (c, list) in market.lists.iter().enumerate() {
        for (k, &(g, _)) in list.iter().enumerate() {
            if market.capacity[g] > 0 {
                applicants[g].push((c, k));
            }
        }
    }
    let has_variable = |c: usize, k: usize| !ctx.forbidden[c][k];
    let together = ctx.constraints.siblings_together;
    // the family (index into ctx.families) of each child, with families together
    let mut family_of: Vec<Option<usize>> = vec![None; n];
    if together {
        for (f, family) in ctx.families.iter().enumerate() {
            for &c in family {
                family_of[c] = Some(f);
            }
        }
    }
    // a child and, with families together, its siblings
    let members = |c: usize| -> Vec<usize> {
        family_of[c].map_or_else(|| vec![c], |f| ctx.families[f].clone())
    };
    let mut rng = welfare_data::rng::seeded(s.seed);
    let mut done = Searched::default();
    let mut failures = 0;
    let mut free = vec![false; n];
    let mut group_in = vec![false; groups];
    done.exhausted = true;
    while failures < s.patience {
        if [s.until, deadline]
            .iter()
            .flatten()
            .any(|&t| Instant::now() >= t)
        {
            done.exhausted = false;
            break;
        }
        // the seed: a pair that could do better (an unplaced child's, or a placed child's
        // pair above its seat)
        let candidates: Vec<(usize, usize)> = match s.aim {
            Aim::Placed => (0..n)
                .filter(|&c| a.choice[c].is_none())
                .flat_map(|c| {
                    (0..market.lists[c].len())
                        .filter(move |&k| has_variable(c, k))
                        .map(move |k| (c, k))
                })
                .collect(),
            Aim::Rank => (0..n)
                .filter_map(|c| a.choice[c].map(|p| (c, p)))
                .flat_map(|(c, p)| {
                    (0..p)
                        .filter(move |&k| has_variable(c, k))
                        .map(move |k| (c, k))
                })
                .collect(),
        };
        if candidates.is_empty() {
            break;
        }
        let (c0, k0) = candidates[rng.gen_range(0..candidates.len())];
        let g0 = market.lists[c0][k0].0;
        // grow: children seated at or desiring a seat group, then the seat groups on their lists
        let mut children = Vec::new();
        let mut queue = std::collections::VecDeque::from([g0]);
        let mut touched = vec![g0];
        group_in[g0] = true;
        // frees a child (with its siblings) and queues the seat groups on their lists
        let mut free_child =
            |c: usize,
             free: &mut [bool],
             children: &mut Vec<usize>,
             queue: &mut std::collections::VecDeque<usize>| {
                for m in members(c) {
                    free[m] = true;
                    children.push(m);
                    for &(g, _) in &market.lists[m] {
                        if !group_in[g] && market.capacity[g] > 0 {
                            group_in[g] = true;
                            touched.push(g);
                            queue.push_back(g);
                        }
                    }
                }
            };
        free_child(c0, &mut free, &mut children, &mut queue);
        while let Some(g) = queue.pop_front() {
            if children.len() >= s.size {
                break;
            }
            let pairs = &applicants[g];
            let offset = rng.gen_range(0..pairs.len().max(1));
            for i in 0..pairs.len() {
                let (c, k) = pairs[(offset + i) % pairs.len()];
                if free[c] || !has_variable(c, k) || a.choice[c].is_some_and(|p| k > p) {
                    continue;
                }
                free_child(c, &mut free, &mut children, &mut queue);
                if children.len() >= s.size {
                    break;
                }
            }
        }
        // seat groups of the sub-model: every group with seats on a free child's list
        for &c in &children {
            for &(h, _) in &market.lists[c] {
                if !group_in[h] && market.capacity[h] > 0 {
                    group_in[h] = true;
                    touched.push(h);
                }
            }
        }
        done.neighbourhoods += 1;
        let result = solve_neighbourhood(ctx, options, deadline, a, s, &free, &children, &touched);
        for &c in &children {
            free[c] = false;
        }
        for &g in &touched {
            group_in[g] = false;
        }
        let better = result.and_then(|moves| {
            let mut b = a.clone();
            for (c, k) in moves {
                b.choice[c] = k;
            }
            let improves = match s.aim {
                Aim::Placed => b.placed() > a.placed(),
                Aim::Rank => b.placed() >= a.placed() && b.total_rank() < a.total_rank(),
            };
            let stable = if together {
                families_split(ctx.instance, &b) == 0
                    && blocking_coalitions(ctx.instance, market, &b) == 0
            } else {
                weakly_blocking_pairs(ctx.instance, market, &b) == 0
            };
            (improves && stable).then_some(b)
        });
        match better {
            Some(b) => {
                *a = b;
                done.improvements += 1;
                failures = 0;
            }
            None => failures += 1,
        }
    }
    done
}

/// Builds and solves one neighbourhood's integer programme; the free children's new
/// positions, or `None` when the solver found nothing.
#[allow(clippy::too_many_arguments)]
fn solve_neighbourhood(
    ctx: &Context,
    options: &MaxStableOptions,
    deadline: Option<Instant>,
    a: &Assignment,
    s: &Search,
    free: &[bool],
    children: &[usize],
    touched: &[usize],
) -> Option<Vec<(usize, Option<usize>)>> {
    let market = ctx.market;
    let mut vars = ProblemVariables::new();
    let mut cons = Vec::new();
    let mut initial = Vec::new();
    let local: std::collections::HashMap<usize, usize> =
        touched.iter().enumerate().map(|(i, &g)| (g, i)).collect();
    // the other children's seats per touched seat group and class
    let mut fixed: Vec<Vec<f64>> = touched
        .iter()
        .map(|&g| vec![0.0; ctx.group_classes[g].len()])
        .collect();
    let mut fixed_seated = vec![0.0; touched.len()];
    let mut free_seated = vec![0.0; touched.len()];
    let mut free_class: Vec<Vec<f64>> = fixed.clone();
    for (c, choice) in a.choice.iter().enumerate() {
        if let Some(k) = *choice {
            let g = market.lists[c][k].0;
            if let Some(&i) = local.get(&g) {
                let m = ctx.class_index(c, k);
                if free[c] {
                    free_class[i][m] += 1.0;
                    free_seated[i] += 1.0;
                } else {
                    fixed[i][m] += 1.0;
                    fixed_seated[i] += 1.0;
                }
            }
        }
    }
    // pair variables of the free children
    let x: Vec<Vec<Option<Variable>>> = children
        .iter()
        .map(|&c| {
            (0..market.lists[c].len())
                .map(|k| {
                    let g = market.lists[c][k].0;
                    (!ctx.forbidden[c][k] && market.capacity[g] > 0).then(|| {
                        let v = vars.add(variable().binary());
                        initial.push((v, if a.choice[c] == Some(k) { 1.0 } else { 0.0 }));
                        v
                    })
                })
                .collect()
        })
        .collect();
    let y: Vec<Vec<Variable>> = touched
        .iter()
        .enumerate()
        .map(|(i, &g)| {
            let mut acc = 0.0;
            (0..ctx.group_classes[g].len())
                .map(|m| {
                    let v = vars.add(variable().min(0).max(market.capacity[g] as f64));
                    acc += fixed[i][m] + free_class[i][m];
                    initial.push((v, acc));
                    v
                })
                .collect()
        })
        .collect();
    let mut seated: Vec<Expression> = vec![Expression::from(0); touched.len()];
    let mut per_class: Vec<Vec<Expression>> = touched
        .iter()
        .map(|&g| vec![Expression::from(0); ctx.group_classes[g].len()])
        .collect();
    let mut placed = Expression::from(0);
    let mut rank = Expression::from(0);
    for (i, &c) in children.iter().enumerate() {
        let mut one_seat = Expression::from(0);
        let mut any = false;
        for (k, v) in x[i].iter().enumerate() {
            if let Some(v) = *v {
                let g = local[&market.lists[c][k].0];
                seated[g] += v;
                per_class[g][ctx.class_index(c, k)] += v;
                one_seat += v;
                placed += v;
                rank += (k as f64 + 1.0) * v;
                any = true;
            }
        }
        if any {
            cons.push(constraint!(one_seat <= 1));
        }
    }
    for (i, &g) in touched.iter().enumerate() {
        let left = market.capacity[g] as f64 - fixed_seated[i];
        cons.push(constraint!(seated[i].clone() <= left));
        for m in 0..y[i].len() {
            let e = per_class[i][m].clone() + fixed[i][m];
            if m == 0 {
                cons.push(constraint!(y[i][0] <= e));
            } else {
                cons.push(constraint!(y[i][m] - y[i][m - 1] <= e));
            }
        }
    }
    let together = ctx.constraints.siblings_together;
    let mut in_family = vec![false; market.children()];
    if together {
        for &c in ctx.families.iter().flatten() {
            in_family[c] = true;
        }
    }
    // families together: the free families' rows (one daycare for all; coalition rows), and
    // for the other families, every daycare they would all rather have stays unable to seat
    // them (conditions on untouched seat groups are constants)
    if together {
        let mut index = vec![usize::MAX; market.children()];
        for (i, &c) in children.iter().enumerate() {
            index[c] = i;
        }
        let mut counts: Vec<Vec<f64>> = Vec::new();
        for family in &ctx.families {
            let freed = free[family[0]];
            if freed {
                // x as the stage's model indexes it: per child (empty for the others)
                let mut fx: Vec<Vec<Option<Variable>>> = vec![Vec::new(); market.children()];
                for &c in family {
                    fx[c].clone_from(&x[index[c]]);
                }
                ctx.together_rows(&fx, family, &mut cons);
                for coalition in ctx.coalitions(family) {
                    let satisfied = ctx.coalition_satisfied(
                        &fx,
                        family,
                        &coalition,
                        &|g, m| Some(y[local[&g]][m]),
                        &|| variable().binary(),
                        &mut vars,
                        &mut cons,
                    );
                    cons.push(constraint!(satisfied >= 1));
                }
            } else {
                for coalition in ctx.coalitions(family) {
                    // only daycares the whole family would rather have, with a touched seat group
                    let wanted = coalition
                        .listed
                        .iter()
                        .all(|&(c, k)| a.choice[c].is_none_or(|now| k < now));
                    if !wanted
                        || !coalition
                            .conditions
                            .iter()
                            .any(|(g, _, _)| local.contains_key(g))
                    {
                        continue;
                    }
                    if counts.is_empty() {
                        counts = ctx
                            .group_classes
                            .iter()
                            .map(|c| vec![0.0; c.len()])
                            .collect();
                        for (c, choice) in a.choice.iter().enumerate() {
                            if let Some(k) = *choice {
                                counts[market.lists[c][k].0][ctx.class_index(c, k)] += 1.0;
                            }
                        }
                    }
                    let holds_without = coalition.conditions.iter().any(|&(g, m, threshold)| {
                        !local.contains_key(&g) && counts[g][..=m].iter().sum::<f64>() >= threshold
                    });
                    if holds_without {
                        continue;
                    }
                    // (the family stays where it is: no pair variables, only the conditions)
                    let satisfied = ctx.coalition_satisfied(
                        &[],
                        &[],
                        &Coalition {
                            as_good: Vec::new(),
                            ..coalition
                        },
                        &|g, m| local.get(&g).map(|&i| y[i][m]),
                        &|| variable().binary(),
                        &mut vars,
                        &mut cons,
                    );
                    cons.push(constraint!(satisfied >= 1));
                }
            }
        }
    }
    // the free children's stability rows (as in the stage's model)
    for (i, &c) in children.iter().enumerate() {
        if in_family[c] {
            continue;
        }
        let mut at_least_as_good = Expression::from(0);
        for (k, v) in x[i].iter().enumerate() {
            let g = market.lists[c][k].0;
            match v {
                Some(v) => at_least_as_good += *v,
                None if market.capacity[g] > 0 && !ctx.removed[c][k] => {}
                None => continue,
            }
            let cap = market.capacity[g] as f64;
            let own: Expression = v.map_or(Expression::from(0), Expression::from);
            let yv = y[local[&g]][ctx.class_index(c, k)];
            cons.push(constraint!(
                cap * at_least_as_good.clone() + yv - own >= cap
            ));
        }
    }
    // the other children who prefer a touched seat group: it stays full with their class or
    // better
    let mut required: Vec<Vec<bool>> = y.iter().map(|ys| vec![false; ys.len()]).collect();
    for (c, list) in market.lists.iter().enumerate() {
        if free[c] || in_family[c] {
            continue;
        }
        let end = a.choice[c].unwrap_or(list.len());
        for (k, &(g, _)) in list[..end].iter().enumerate() {
            if let Some(&i) = local.get(&g)
                && !ctx.removed[c][k]
            {
                required[i][ctx.class_index(c, k)] = true;
            }
        }
    }
    for (i, &g) in touched.iter().enumerate() {
        for (m, &r) in required[i].iter().enumerate() {
            if r {
                cons.push(constraint!(y[i][m] >= market.capacity[g] as f64));
            }
        }
    }
    let placed_now: f64 = children.iter().filter(|&&c| a.choice[c].is_some()).count() as f64;
    let problem = match s.aim {
        Aim::Placed => vars.maximise(placed),
        Aim::Rank => {
            cons.push(constraint!(placed >= placed_now));
            vars.minimise(rank)
        }
    };
    let read = |sol: &dyn Fn(Variable) -> f64| -> Vec<(usize, Option<usize>)> {
        children
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let k = x[i].iter().position(|v| v.is_some_and(|v| sol(v) > 0.5));
                (c, k)
            })
            .collect()
    };
    solve(
        options,
        deadline,
        Some(s.solve_cap),
        problem,
        cons,
        initial,
        read,
    )
    .ok()
    .map(|(moves, _)| moves)
}
