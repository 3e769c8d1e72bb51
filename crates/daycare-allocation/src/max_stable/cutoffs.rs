//! An exact lexicographic solve of one independent part for the pure-Rust microlp backend:
//! the cut-off form of weak stability, branched on cut-offs only.
//!
//! One binary a(g, m) per seat group g and tie class m that has a stability row: "g is open to
//! class m", defined as "g is not full with children of class m or better". Open: every child
//! of class m who listed g sits at g or at something it likes at least as much
//! (Σ_{g' ⪰_c g} x(c, g') ≥ a(g, m)), and g keeps a seat from class m and better
//! (Σ_{class ≤ m} x(·, g) ≤ cap(g) − a(g, m)). Closed: g is full with class m or better
//! (Σ_{class ≤ m} x(·, g) ≥ cap(g) · (1 − a(g, m))), so no child of a worse class sits there
//! (x(c, g) ≤ a(g, m) for c of a worse class). A seat group open to a class is open to every
//! better one (a(g, m) ≥ a(g, m')). Every weakly stable allocation satisfies this with its own
//! a, and every integral solution is weakly stable.
//!
//! Measured on the larger half of `small` (854 pairs, 236 cut-offs), microlp's nodes: 26,819
//! (34 s) with the open and closed rows only, 317 (1.1 s) with the "no worse class" rows, 126
//! with the "keeps a seat" row too; on the 1,600-child round r1600 (973 pairs, stage 1) 55,382
//! nodes (67 s) without and 10,736 (26 s) with the "keeps a seat" row.
//!
//! What changes is the branching. With every a fixed the remaining rows are, per child, nested
//! prefixes of its list and, per seat group, nested class sets: two laminar families over the
//! edges of a bipartite graph, a totally unimodular matrix. So the pair variables stay
//! continuous, the objective has no side row (M · placed − total rank with M above any total
//! rank, which is lexicographic), and microlp's branch and bound branches on the cut-offs only.
//! The side rows of `settle` ("at least as many placed, total rank below the known one") made
//! microlp fail numerically on `small` ("Singular matrix"); this form does not. The objective
//! is integral at every integral point, so a node is pruned unless its bound beats the
//! incumbent by a whole unit (microlp's relative prune tolerance set to just under 1 / |known
//! objective|), and the known allocation is the warm start.
//!
//! The result is re-checked: pair values must be integral (they are at the vertices of a
//! totally unimodular system; a fractional answer would be a solver fault and is not used).

use std::time::{Duration, Instant};

use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, SolveOptions, Tolerances};

use crate::assignment::Assignment;

use super::components::Component;
use super::formulation::Context;

/// At most this many branch-and-bound nodes per part (deterministic, unlike a time cap, and a
/// bound on the time without a time limit: about a minute at 1,000 pairs). The 1,600-child
/// round's largest part needed 10,736, `small`'s 126.
const NODE_LIMIT: u64 = 20_000;

/// What the cut-off solve found for a part.
pub(super) struct CutoffOutcome {
    /// A better allocation of the part's children (more placed, or as many with a smaller
    /// total rank), when one was found.
    pub(super) better: Option<Assignment>,
    /// Whether the part's allocation (the better one, or else the known one) is proven
    /// lexicographically optimal.
    pub(super) proven: bool,
    /// Branch-and-bound nodes solved.
    pub(super) nodes: u64,
    /// Cut-off variables of the model.
    pub(super) cutoffs: usize,
}

/// Why the cut-off solve gave no answer (the caller keeps the known allocation, unproven).
#[derive(Debug)]
pub(super) struct CutoffFailure(pub(super) String);

/// Solves part `part` exactly (most placed, then smallest total rank) with microlp, starting
/// from the known weakly stable allocation `known`, within `time_limit` seconds when given.
/// Only for models without families together or a hardship quota.
pub(super) fn solve_part(
    ctx: &Context,
    part: &Component,
    known: &Assignment,
    time_limit: Option<f64>,
) -> Result<CutoffOutcome, CutoffFailure> {
    let market = ctx.market;
    // M: one more child placed outweighs any total rank of the part
    let longest = part
        .children
        .iter()
        .map(|&c| market.lists[c].len())
        .max()
        .unwrap_or(0);
    let big = (longest * part.children.len() + 1) as f64;
    let mut problem = Problem::new(OptimizationDirection::Maximize);
    // pair variables of the part's children (continuous: see the module docs)
    let mut x: Vec<Vec<Option<microlp::Variable>>> = vec![Vec::new(); market.children()];
    for &c in &part.children {
        x[c] = ctx.forbidden[c]
            .iter()
            .zip(&ctx.fixed[c])
            .enumerate()
            .map(|(k, (&no, &fix))| {
                (!no).then(|| {
                    problem.add_var(big - (k as f64 + 1.0), (if fix { 1.0 } else { 0.0 }, 1.0))
                })
            })
            .collect();
    }
    // per seat group of the part: its pairs by class index
    let mut by_class: Vec<Vec<Vec<microlp::Variable>>> = ctx
        .group_classes
        .iter()
        .map(|cls| vec![Vec::new(); cls.len()])
        .collect();
    for &c in &part.children {
        let mut one_seat = LinearExpr::empty();
        let mut any = false;
        for (k, v) in x[c].iter().enumerate() {
            if let Some(v) = *v {
                by_class[market.lists[c][k].0][ctx.class_index(c, k)].push(v);
                one_seat.add(v, 1.0);
                any = true;
            }
        }
        if any {
            problem.add_constraint(one_seat, ComparisonOp::Le, 1.0);
        }
    }
    for &g in &part.groups {
        let mut seated = LinearExpr::empty();
        let mut any = false;
        for &v in by_class[g].iter().flatten() {
            seated.add(v, 1.0);
            any = true;
        }
        if any {
            problem.add_constraint(seated, ComparisonOp::Le, market.capacity[g] as f64);
        }
    }
    // cut-off variables, created with their "closed: full with class m or better" row
    let mut open: std::collections::BTreeMap<(usize, usize), microlp::Variable> =
        Default::default();
    for &c in &part.children {
        let mut at_least_as_good: Vec<microlp::Variable> = Vec::new();
        for (k, v) in x[c].iter().enumerate() {
            let g = market.lists[c][k].0;
            match *v {
                Some(v) => at_least_as_good.push(v),
                // (as in `formulation`: without a variable the child may still block there,
                // unless the pair was removed by preprocessing or the seat group has no seats)
                None if market.capacity[g] > 0 && !ctx.removed[c][k] => {}
                None => continue,
            }
            let m = ctx.class_index(c, k);
            let a = *open.entry((g, m)).or_insert_with(|| {
                let a = problem.add_binary_var(0.0);
                let cap = market.capacity[g] as f64;
                let mut full = LinearExpr::empty();
                for &v in by_class[g][..=m].iter().flatten() {
                    full.add(v, 1.0);
                }
                // open only while not full with class m or better: a(g, m) is then a function
                // of x (no two branches for one allocation)
                let mut room = full.clone();
                room.add(a, 1.0);
                problem.add_constraint(room, ComparisonOp::Le, cap);
                full.add(a, cap);
                problem.add_constraint(full, ComparisonOp::Ge, cap);
                a
            });
            let mut row = LinearExpr::empty();
            for &v in &at_least_as_good {
                row.add(v, 1.0);
            }
            row.add(a, -1.0);
            problem.add_constraint(row, ComparisonOp::Ge, 0.0);
        }
    }
    // open to class m ⇒ open to every better class
    let keys: Vec<(usize, usize)> = open.keys().copied().collect();
    for pair in keys.windows(2) {
        let ((g, m), (h, n)) = (pair[0], pair[1]);
        if g == h {
            let mut row = LinearExpr::empty();
            row.add(open[&(g, m)], 1.0);
            row.add(open[&(h, n)], -1.0);
            problem.add_constraint(row, ComparisonOp::Ge, 0.0);
        }
    }
    // closed to class m: full with class m or better, so no seat for a worse class,
    // x(c, g) ≤ a(g, m) for the worst class m better than c's that has a cut-off (what makes
    // the branch and bound small; see the module docs)
    for &c in &part.children {
        for (k, v) in x[c].iter().enumerate() {
            let Some(v) = *v else { continue };
            let (g, m) = (market.lists[c][k].0, ctx.class_index(c, k));
            if m == 0 {
                continue;
            }
            if let Some((_, &a)) = open.range((g, 0)..(g, m)).next_back() {
                let mut row = LinearExpr::empty();
                row.add(a, 1.0);
                row.add(v, -1.0);
                problem.add_constraint(row, ComparisonOp::Ge, 0.0);
            }
        }
    }
    // warm start: the known allocation and the cut-offs it implies
    let mut hint = Vec::new();
    let mut count: Vec<Vec<u32>> = ctx
        .group_classes
        .iter()
        .map(|cls| vec![0; cls.len()])
        .collect();
    for &c in &part.children {
        for (k, v) in x[c].iter().enumerate() {
            if let Some(v) = *v {
                let on = known.choice[c] == Some(k);
                hint.push((v, if on { 1.0 } else { 0.0 }));
                if on {
                    count[market.lists[c][k].0][ctx.class_index(c, k)] += 1;
                }
            }
        }
    }
    for (&(g, m), &a) in &open {
        let full = count[g][..=m].iter().sum::<u32>() >= market.capacity[g];
        hint.push((a, if full { 0.0 } else { 1.0 }));
    }
    let mut options = SolveOptions::default();
    options.time_limit = time_limit.map(Duration::from_secs_f64);
    options.warm_start = Some(hint);
    options.node_limit = Some(NODE_LIMIT);
    let mut tolerances = Tolerances::default();
    // Integral objective: prune every node that cannot beat the incumbent by a whole unit.
    // microlp's margin is relative (prune_epsilon · |incumbent|, at least prune_epsilon), so it
    // is scaled by the largest objective any allocation can have (M per child): the margin
    // stays below 1 whatever incumbent the search finds, and near 1 for a good one.
    let largest = big * part.children.len().max(1) as f64;
    tolerances.prune_epsilon = 0.99 / largest;
    options.tolerances = tolerances;
    let started = Instant::now();
    let outcome = problem
        .solve_with(options)
        .map_err(|e| CutoffFailure(e.to_string()))?;
    let proven = outcome.is_optimal();
    let nodes = outcome.stats().nodes_solved;
    let Some(solution) = outcome.solution() else {
        return Err(CutoffFailure(format!(
            "no allocation within {:.1} s",
            started.elapsed().as_secs_f64()
        )));
    };
    let mut found = Assignment::empty(market.children());
    for &c in &part.children {
        for (k, v) in x[c].iter().enumerate() {
            if let Some(v) = *v {
                let value = solution.var_value(v);
                if value > 1e-6 && value < 1.0 - 1e-6 {
                    return Err(CutoffFailure(format!(
                        "fractional pair value {value} (child {c}, choice {})",
                        k + 1
                    )));
                }
                if value > 0.5 {
                    found.choice[c] = Some(k);
                }
            }
        }
    }
    let better = (
        part.placed(&found),
        std::cmp::Reverse(part.total_rank(&found)),
    ) > (
        part.placed(known),
        std::cmp::Reverse(part.total_rank(known)),
    );
    Ok(CutoffOutcome {
        better: better.then_some(found),
        proven,
        nodes,
        cutoffs: open.len(),
    })
}

#[cfg(test)]
mod tests {
    use rand::Rng;
    use welfare_data::daycare::{AgeGroup, Child, Choice, Daycare, Instance};

    use super::*;
    use crate::domain::Market;
    use crate::stability::{tie_class_of_key, weakly_blocking_pairs};

    use super::super::formulation::Stability;
    use super::super::{Constraints, components::Component};

    /// A small random round whose children live within ~1.5 km of the daycares, so that
    /// many of them are tied (same 500-m band).
    fn round(seed: u64) -> Instance {
        round_with(seed, false)
    }

    /// As [`round`]; with `families`, children 2i and 2i + 1 are siblings (one `family_id`).
    fn round_with(seed: u64, families: bool) -> Instance {
        let mut rng = welfare_data::rng::stream(seed, "cutoffs-test");
        let daycares: Vec<Daycare> = (0..rng.gen_range(1..=3))
            .map(|i| Daycare {
                id: format!("K{i}"),
                name: format!("Kita {i}"),
                district: "D".into(),
                lat: 52.5 + rng.gen_range(0.0..0.01),
                lon: 13.4 + rng.gen_range(0.0..0.01),
                capacity_u3: rng.gen_range(0..=2),
                capacity_ue3: rng.gen_range(0..=2),
            })
            .collect();
        let children = (0..rng.gen_range(1..=6))
            .map(|i| {
                let mut list: Vec<usize> = (0..daycares.len()).collect();
                for j in (1..list.len()).rev() {
                    list.swap(j, rng.gen_range(0..=j));
                }
                list.truncate(rng.gen_range(0..=daycares.len()));
                Child {
                    id: format!("C{i}"),
                    age_group: if rng.gen_bool(0.5) {
                        AgeGroup::U3
                    } else {
                        AgeGroup::Ue3
                    },
                    district: "D".into(),
                    lat: 52.5 + rng.gen_range(0.0..0.01),
                    lon: 13.4 + rng.gen_range(0.0..0.01),
                    family_id: format!("F{}", if families { i / 2 } else { i }),
                    hardship: rng.gen_bool(0.3),
                    lottery: i as i64,
                    preferences: list
                        .into_iter()
                        .map(|d| Choice {
                            daycare: d,
                            sibling_enrolled: rng.gen_bool(0.2),
                        })
                        .collect(),
                }
            })
            .collect();
        Instance { daycares, children }
    }

    /// Tie classes per listed pair, the distinct classes per seat group (as `stages` computes
    /// them) and how many listed pairs share a class with another pair of their seat group.
    #[allow(clippy::type_complexity)]
    fn classes(market: &Market) -> (Vec<Vec<(u8, u8, i64)>>, Vec<Vec<(u8, u8, i64)>>, usize) {
        let class_of: Vec<Vec<(u8, u8, i64)>> = market
            .lists
            .iter()
            .map(|l| l.iter().map(|&(_, key)| tie_class_of_key(key)).collect())
            .collect();
        let mut group_classes = vec![Vec::new(); market.capacity.len()];
        for (classes, list) in class_of.iter().zip(market.lists.iter()) {
            for (&class, &(g, _)) in classes.iter().zip(list) {
                if market.capacity[g] > 0 {
                    group_classes[g].push(class);
                }
            }
        }
        let mut tied = 0;
        for cls in &mut group_classes {
            cls.sort_unstable();
            tied += cls.windows(2).filter(|w| w[0] == w[1]).count();
            cls.dedup();
        }
        (class_of, group_classes, tied)
    }

    /// The lexicographic optimum (most placed, then smallest total rank) over every weakly
    /// stable allocation that respects capacity.
    fn brute_force(instance: &Instance, market: &Market) -> (usize, usize) {
        let n = market.children();
        let mut best = None;
        let mut choice = vec![None; n];
        fn rec(
            c: usize,
            choice: &mut Vec<Option<usize>>,
            instance: &Instance,
            market: &Market,
            best: &mut Option<(usize, std::cmp::Reverse<usize>)>,
        ) {
            if c == choice.len() {
                let a = Assignment {
                    choice: choice.clone(),
                };
                let mut seated = vec![0u32; market.capacity.len()];
                for (c, k) in a.choice.iter().enumerate() {
                    if let Some(k) = *k {
                        seated[market.lists[c][k].0] += 1;
                    }
                }
                if seated.iter().zip(&market.capacity).all(|(s, cap)| s <= cap)
                    && weakly_blocking_pairs(instance, market, &a) == 0
                {
                    let key = (a.placed(), std::cmp::Reverse(a.total_rank()));
                    if best.is_none_or(|b| key > b) {
                        *best = Some(key);
                    }
                }
                return;
            }
            choice[c] = None;
            rec(c + 1, choice, instance, market, best);
            for k in 0..market.lists[c].len() {
                choice[c] = Some(k);
                rec(c + 1, choice, instance, market, best);
            }
            choice[c] = None;
        }
        rec(0, &mut choice, instance, market, &mut best);
        let (placed, rank) = best.expect("the empty allocation respects capacity");
        (placed, rank.0)
    }

    /// Without preprocessing (every pair with seats gets a variable), from the empty
    /// allocation (not weakly stable in general: the warm start is then refused and the search
    /// starts from nothing), the cut-off solve reaches the brute-force optimum and proves it.
    #[test]
    fn cutoff_solve_reaches_the_brute_force_optimum() {
        let mut tied = 0;
        for seed in 0..300 {
            let instance = round(seed);
            let market = Market::new(&instance);
            let n = market.children();
            let (class_of, group_classes, ties) = classes(&market);
            tied += ties;
            let none: Vec<Vec<bool>> = market.lists.iter().map(|l| vec![false; l.len()]).collect();
            let forbidden: Vec<Vec<bool>> = market
                .lists
                .iter()
                .map(|l| l.iter().map(|&(g, _)| market.capacity[g] == 0).collect())
                .collect();
            let ctx = Context {
                instance: &instance,
                market: &market,
                forbidden,
                removed: none.clone(),
                fixed: none.clone(),
                closed: none,
                class_of,
                group_classes,
                stability: Stability::Hard,
                constraints: Constraints::default(),
                families: Vec::new(),
            };
            let part = Component {
                children: (0..n).collect(),
                groups: (0..market.capacity.len()).collect(),
                pairs: 0,
            };
            let known = Assignment::empty(n);
            let outcome = solve_part(&ctx, &part, &known, None)
                .unwrap_or_else(|e| panic!("seed {seed}: {}", e.0));
            assert!(outcome.proven, "seed {seed}");
            let found = outcome.better.unwrap_or(known);
            assert_eq!(
                weakly_blocking_pairs(&instance, &market, &found),
                0,
                "seed {seed}"
            );
            assert_eq!(
                (found.placed(), found.total_rank()),
                brute_force(&instance, &market),
                "seed {seed}"
            );
        }
        assert!(tied > 30, "the rounds have ties ({tied})");
    }

    /// The rows of the integer model with families together, the cut-off rows included
    /// (`Context::cutoff_rows`), cut off no allocation that keeps families together and has no
    /// blocking coalition: each such allocation of 300 seeded rounds (brute force), with its
    /// pair variables fixed, is feasible for microlp. (A family member's own envy at a daycare
    /// its family cannot take together must not count: with the singles' row applied to family
    /// members this test fails.)
    #[test]
    fn cutoff_rows_keep_every_allocation_without_blocking_coalition() {
        use good_lp::{Solution, SolverModel, constraint};

        use super::super::formulation::{StageLimits, read};
        use crate::assignment::families_split;
        use crate::stability::{blocking_coalitions, families};

        let mut checked = 0;
        let mut member_envy = 0;
        for seed in 0..300 {
            let instance = round_with(seed, true);
            let market = Market::new(&instance);
            let n = market.children();
            let (class_of, group_classes, _) = classes(&market);
            // daycares open to a family: listed by every member with seats of its age group
            let families = families(&instance);
            let mut forbidden: Vec<Vec<bool>> = market
                .lists
                .iter()
                .map(|l| l.iter().map(|&(g, _)| market.capacity[g] == 0).collect())
                .collect();
            let mut closed: Vec<Vec<bool>> =
                market.lists.iter().map(|l| vec![false; l.len()]).collect();
            for family in &families {
                let open = |c: usize| -> Vec<usize> {
                    instance.children[c]
                        .preferences
                        .iter()
                        .zip(&market.lists[c])
                        .filter(|(_, (g, _))| market.capacity[*g] > 0)
                        .map(|(p, _)| p.daycare)
                        .collect()
                };
                let common: Vec<usize> = open(family[0])
                    .into_iter()
                    .filter(|d| family.iter().all(|&c| open(c).contains(d)))
                    .collect();
                for &c in family {
                    for (k, p) in instance.children[c].preferences.iter().enumerate() {
                        if !common.contains(&p.daycare) {
                            closed[c][k] = true;
                            forbidden[c][k] = true;
                        }
                    }
                }
            }
            let none: Vec<Vec<bool>> = market.lists.iter().map(|l| vec![false; l.len()]).collect();
            let ctx = Context {
                instance: &instance,
                market: &market,
                forbidden,
                removed: none.clone(),
                fixed: none,
                closed,
                class_of,
                group_classes,
                stability: Stability::Hard,
                constraints: Constraints {
                    siblings_together: true,
                    hardship_quota: None,
                },
                families,
            };
            // every capacity-respecting allocation that keeps families together and has no
            // blocking coalition
            let mut choice = vec![None; n];
            let mut keep = Vec::new();
            fn rec(
                c: usize,
                choice: &mut Vec<Option<usize>>,
                ctx: &Context,
                keep: &mut Vec<Assignment>,
            ) {
                if c == choice.len() {
                    let a = Assignment {
                        choice: choice.clone(),
                    };
                    let mut seated = vec![0u32; ctx.market.capacity.len()];
                    for (c, k) in a.choice.iter().enumerate() {
                        if let Some(k) = *k {
                            seated[ctx.market.lists[c][k].0] += 1;
                        }
                    }
                    if seated
                        .iter()
                        .zip(&ctx.market.capacity)
                        .all(|(s, cap)| s <= cap)
                        && families_split(ctx.instance, &a) == 0
                        && blocking_coalitions(ctx.instance, ctx.market, &a) == 0
                    {
                        keep.push(a);
                    }
                    return;
                }
                choice[c] = None;
                rec(c + 1, choice, ctx, keep);
                for k in 0..ctx.market.lists[c].len() {
                    if !ctx.forbidden[c][k] {
                        choice[c] = Some(k);
                        rec(c + 1, choice, ctx, keep);
                    }
                }
                choice[c] = None;
            }
            rec(0, &mut choice, &ctx, &mut keep);
            for a in keep {
                if weakly_blocking_pairs(&instance, &market, &a) > 0 {
                    member_envy += 1;
                }
                let m = ctx.build_part(StageLimits::default(), None);
                let mut cons = m.cons;
                for (c, xs) in m.x.iter().enumerate() {
                    for (k, v) in xs.iter().enumerate() {
                        if let Some(v) = *v {
                            let value = if a.choice[c] == Some(k) { 1.0 } else { 0.0 };
                            cons.push(constraint!(v == value));
                        }
                    }
                }
                let objective: good_lp::Expression = m.x.iter().flatten().flatten().copied().sum();
                let mut model = m
                    .vars
                    .maximise(objective)
                    .using(good_lp::solvers::microlp::microlp);
                for c in cons {
                    model.add_constraint(c);
                }
                let x = m.x;
                let solved = model
                    .solve()
                    .unwrap_or_else(|e| panic!("seed {seed}: {:?} cut off ({e})", a.choice));
                assert_eq!(
                    read(&x, &|v| solved.value(v)).choice,
                    a.choice,
                    "seed {seed}"
                );
                checked += 1;
            }
        }
        assert!(checked > 300, "allocations checked: {checked}");
        assert!(
            member_envy > 10,
            "allocations with a member's own envy: {member_envy}"
        );
    }
}
