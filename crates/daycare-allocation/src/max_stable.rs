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
//! Stage 1 maximises the number placed (deferred acceptance is the warm start and lower
//! bound); stage 2 fixes that number and minimises the total rank. The welfare optimum (no
//! stability) bounds the number placed from above; when the time limit stops the solver, the
//! result is reported with `optimal: false` and the gap to that bound.

use std::time::Instant;

use good_lp::{
    Expression, ProblemVariables, Solution, SolutionStatus, Solver, SolverModel, Variable,
    WithInitialSolution, WithTimeLimit, constraint, variable,
};

use crate::assignment::Assignment;
use crate::da::deferred_acceptance;
use crate::domain::{Instance, Market, priority};
use crate::error::AllocationError;
use crate::welfare::welfare_optimal;

/// Width of the distance bands that make ties, km.
pub const TIE_BAND_KM: f64 = 0.5;

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
    /// The fastest backend compiled in: HiGHS (7.4 s on the 1,000-child instance), then CBC
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
    pub backend: Backend,
    /// Time limit per stage, seconds (`None`: until optimal).
    pub time_limit: Option<f64>,
}

impl Default for MaxStableOptions {
    fn default() -> Self {
        MaxStableOptions {
            backend: Backend::best_available(),
            time_limit: None,
        }
    }
}

/// Result of `max-stable`.
#[derive(Debug, Clone)]
pub struct MaxStable {
    pub assignment: Assignment,
    /// Both stages proven optimal.
    pub optimal: bool,
    /// Upper bound on the number placed (the welfare optimum, which ignores stability).
    pub placed_upper_bound: usize,
    /// Lower bound: deferred acceptance with lottery tie-breaking.
    pub placed_lower_bound: usize,
    /// (upper bound − placed) / upper bound; 0 when optimal.
    pub gap: f64,
    pub backend: &'static str,
    pub variables: usize,
    pub constraints: usize,
    /// Listed pairs removed by preprocessing (impossible in any weakly stable allocation).
    pub removed_pairs: usize,
    pub seconds: f64,
}

/// The pair variables x (per child, per listed choice; `None` where not modelled), the
/// variables, the cumulative class counts y, and the constraints of one stage.
type Model = (
    Vec<Vec<Option<Variable>>>,
    ProblemVariables,
    Vec<Vec<Variable>>,
    Vec<good_lp::Constraint>,
);

/// Tie class of a child at a daycare (smaller = higher priority; equal = tied).
fn tie_class(p: &crate::domain::Priority) -> (u8, u8, i64) {
    (
        u8::from(!p.sibling_enrolled),
        u8::from(!p.hardship),
        (p.distance_km / TIE_BAND_KM).floor() as i64,
    )
}

/// Weakly blocking pairs under ties: a child prefers a daycare to its result and that daycare
/// has a free seat of its age group or seats a child of a strictly lower tie class.
pub fn weakly_blocking_pairs(instance: &Instance, market: &Market, a: &Assignment) -> usize {
    let groups = market.capacity.len();
    let mut worst: Vec<Option<(u8, u8, i64)>> = vec![None; groups];
    let mut seated = vec![0u32; groups];
    for (c, child) in instance.children.iter().enumerate() {
        if let Some(k) = a.choice[c] {
            let g = market.lists[c][k].0;
            let class = tie_class(&priority(instance, child, &child.preferences[k]));
            seated[g] += 1;
            worst[g] = Some(worst[g].map_or(class, |w| w.max(class)));
        }
    }
    let mut count = 0;
    for (c, child) in instance.children.iter().enumerate() {
        let better = a.choice[c].unwrap_or(market.lists[c].len());
        for k in 0..better {
            let g = market.lists[c][k].0;
            if market.capacity[g] == 0 {
                continue;
            }
            let class = tie_class(&priority(instance, child, &child.preferences[k]));
            if seated[g] < market.capacity[g] || worst[g].is_some_and(|w| class < w) {
                count += 1;
            }
        }
    }
    count
}

/// Pairs (child, seat group) that no weakly stable allocation can contain, found by repeating
/// one rule until nothing changes: if at least cap(j) children of a strictly better tie class
/// than c have j as their first remaining choice, then in every weakly stable allocation j is
/// full with children strictly better than c (each of them either sits at j or j is full with
/// children at least as good as them), so c cannot sit at j — and its stability row for j
/// holds automatically. Removing a pair can make j' the first remaining choice of more
/// children, hence the repetition.
fn preprocess(market: &Market, class_of: &[Vec<(u8, u8, i64)>]) -> Vec<Vec<bool>> {
    let n = market.children();
    let mut removed: Vec<Vec<bool>> = market.lists.iter().map(|l| vec![false; l.len()]).collect();
    // applicants per seat group: (child, position in its list)
    let mut applicants: Vec<Vec<(usize, usize)>> = vec![Vec::new(); market.capacity.len()];
    for (c, list) in market.lists.iter().enumerate() {
        for (k, &(g, _)) in list.iter().enumerate() {
            if market.capacity[g] > 0 {
                applicants[g].push((c, k));
            }
        }
    }
    loop {
        let mut firsts: Vec<Vec<(u8, u8, i64)>> = vec![Vec::new(); market.capacity.len()];
        for c in 0..n {
            let first = (0..market.lists[c].len())
                .find(|&k| market.capacity[market.lists[c][k].0] > 0 && !removed[c][k]);
            if let Some(k) = first {
                firsts[market.lists[c][k].0].push(class_of[c][k]);
            }
        }
        let mut changed = false;
        for (g, classes) in firsts.iter_mut().enumerate() {
            let cap = market.capacity[g] as usize;
            if cap == 0 || classes.len() < cap {
                continue;
            }
            classes.sort_unstable();
            let threshold = classes[cap - 1];
            for &(c, k) in &applicants[g] {
                if !removed[c][k] && class_of[c][k] > threshold {
                    removed[c][k] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return removed;
        }
    }
}

/// Computes the maximum weakly stable allocation, then the minimal total rank among those.
pub fn max_stable(
    instance: &Instance,
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
    let start = Instant::now();
    let market = Market::new(instance);
    let da = deferred_acceptance(&market);
    let upper = welfare_optimal(&market).assignment.placed();
    let lower = da.placed();
    let n = instance.children.len();
    let groups = market.capacity.len();

    // Tie classes per listed pair; classes per seat group.
    let mut class_of: Vec<Vec<(u8, u8, i64)>> = Vec::with_capacity(n);
    let mut group_classes: Vec<Vec<(u8, u8, i64)>> = vec![Vec::new(); groups];
    for (c, child) in instance.children.iter().enumerate() {
        let classes: Vec<(u8, u8, i64)> = child
            .preferences
            .iter()
            .map(|p| tie_class(&priority(instance, child, p)))
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
    let removed = preprocess(&market, &class_of);
    let removed_pairs: usize = removed.iter().flatten().filter(|&&r| r).count();

    let build = |stage_two: Option<usize>| -> Model {
        let mut vars = ProblemVariables::new();
        let x: Vec<Vec<Option<Variable>>> = market
            .lists
            .iter()
            .enumerate()
            .map(|(c, list)| {
                list.iter()
                    .enumerate()
                    .map(|(k, &(g, _))| {
                        (market.capacity[g] > 0 && !removed[c][k])
                            .then(|| vars.add(variable().binary()))
                    })
                    .collect()
            })
            .collect();
        let y: Vec<Vec<Variable>> = group_classes
            .iter()
            .enumerate()
            .map(|(g, cls)| {
                cls.iter()
                    .map(|_| vars.add(variable().min(0).max(market.capacity[g] as f64)))
                    .collect()
            })
            .collect();
        let mut cons = Vec::new();
        // cumulative counts per seat group and class
        let mut seated_vars = vec![0usize; groups];
        let mut per_class: Vec<Vec<Expression>> = group_classes
            .iter()
            .map(|cls| vec![Expression::from(0); cls.len()])
            .collect();
        for (c, xs) in x.iter().enumerate() {
            let mut one_seat = Expression::from(0);
            for (k, v) in xs.iter().enumerate() {
                if let Some(v) = *v {
                    let g = market.lists[c][k].0;
                    let m = group_classes[g]
                        .binary_search(&class_of[c][k])
                        .expect("class listed");
                    per_class[g][m] += v;
                    seated_vars[g] += 1;
                    one_seat += v;
                }
            }
            if xs.iter().any(Option::is_some) {
                cons.push(constraint!(one_seat <= 1)); // (no empty rows: microlp fails on them)
            }
        }
        for (g, exprs) in per_class.into_iter().enumerate() {
            // y(j, m) may not exceed the seated children of class m or better (the stability
            // rows push it up); capacity applies to the seated children themselves.
            let mut seated = Expression::from(0);
            let any = seated_vars[g] > 0;
            for (m, e) in exprs.into_iter().enumerate() {
                seated += e.clone();
                if m == 0 {
                    cons.push(constraint!(y[g][0] <= e));
                } else {
                    cons.push(constraint!(y[g][m] - y[g][m - 1] <= e));
                }
            }
            if any {
                cons.push(constraint!(seated <= market.capacity[g] as f64));
            }
        }
        // stability rows
        for (c, xs) in x.iter().enumerate() {
            let mut at_least_as_good = Expression::from(0);
            for (k, v) in xs.iter().enumerate() {
                let Some(v) = *v else { continue };
                at_least_as_good += v;
                let g = market.lists[c][k].0;
                let m = group_classes[g]
                    .binary_search(&class_of[c][k])
                    .expect("class listed");
                let cap = market.capacity[g] as f64;
                cons.push(constraint!(cap * at_least_as_good.clone() + y[g][m] >= cap));
            }
        }
        if let Some(placed) = stage_two {
            let total: Expression = x.iter().flatten().flatten().copied().sum();
            cons.push(constraint!(total >= placed as f64));
        }
        (x, vars, y, cons)
    };

    let warm = |x: &[Vec<Option<Variable>>],
                y: &[Vec<Variable>],
                a: &Assignment|
     -> Vec<(Variable, f64)> {
        let mut values = Vec::new();
        let mut counts: Vec<Vec<f64>> = group_classes
            .iter()
            .map(|cls| vec![0.0; cls.len()])
            .collect();
        for (c, xs) in x.iter().enumerate() {
            for (k, v) in xs.iter().enumerate() {
                if let Some(v) = *v {
                    let on = a.choice[c] == Some(k);
                    values.push((v, if on { 1.0 } else { 0.0 }));
                    if on {
                        let g = market.lists[c][k].0;
                        let m = group_classes[g]
                            .binary_search(&class_of[c][k])
                            .expect("class listed");
                        counts[g][m] += 1.0;
                    }
                }
            }
        }
        for (g, ys) in y.iter().enumerate() {
            let mut acc = 0.0;
            for (m, &v) in ys.iter().enumerate() {
                acc += counts[g][m];
                values.push((v, acc));
            }
        }
        values
    };

    let read = |x: &[Vec<Option<Variable>>], sol: &dyn Fn(Variable) -> f64| -> Assignment {
        let mut a = Assignment::empty(n);
        for (c, xs) in x.iter().enumerate() {
            for (k, v) in xs.iter().enumerate() {
                if v.is_some_and(|v| sol(v) > 0.5) {
                    a.choice[c] = Some(k);
                }
            }
        }
        a
    };

    // Stage 1: most children placed.
    let (x, vars, y, cons) = build(None);
    if x.iter().flatten().all(Option::is_none) {
        // no seat can be taken by anyone: nothing to optimise (solvers reject empty models)
        return Ok(MaxStable {
            assignment: Assignment::empty(n),
            optimal: true,
            placed_upper_bound: upper,
            placed_lower_bound: lower,
            gap: 0.0,
            backend: options.backend.name(),
            variables: 0,
            constraints: 0,
            removed_pairs,
            seconds: start.elapsed().as_secs_f64(),
        });
    }
    let (variables, constraints) = (vars.len(), cons.len());
    let objective: Expression = x.iter().flatten().flatten().copied().sum();
    let da_uses_removed = da
        .choice
        .iter()
        .enumerate()
        .any(|(c, k)| k.is_some_and(|k| removed[c][k]));
    debug_assert!(
        !da_uses_removed,
        "preprocessing removed a pair of a weakly stable matching"
    );
    let initial = if da_uses_removed {
        Vec::new()
    } else {
        warm(&x, &y, &da)
    };
    let (stage1, optimal1) = solve(options, vars.maximise(objective), cons, initial, |s| {
        read(&x, s)
    })?;
    let placed = stage1.placed().max(lower);
    let stage1 = if stage1.placed() >= lower {
        stage1
    } else {
        da.clone()
    };

    // Stage 2: smallest total rank with that many placed.
    let (x2, vars2, y2, cons2) = build(Some(placed));
    let ranks: Expression = x2
        .iter()
        .flat_map(|xs| {
            xs.iter()
                .enumerate()
                .filter_map(|(k, v)| v.map(|v| (k as f64 + 1.0) * v))
        })
        .sum();
    let initial2 = warm(&x2, &y2, &stage1);
    let (stage2, optimal2) = solve(options, vars2.minimise(ranks), cons2, initial2, |s| {
        read(&x2, s)
    })?;
    let assignment = if stage2.placed() == placed && stage2.total_rank() <= stage1.total_rank() {
        stage2
    } else {
        stage1
    };

    let optimal = optimal1 && optimal2;
    let gap = if optimal || upper == 0 {
        0.0
    } else {
        (upper - assignment.placed()) as f64 / upper as f64
    };
    Ok(MaxStable {
        assignment,
        optimal,
        placed_upper_bound: upper,
        placed_lower_bound: lower,
        gap,
        backend: options.backend.name(),
        variables,
        constraints,
        removed_pairs,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// Solves one stage with the chosen backend; returns the assignment read from the solution and
/// whether it is proven optimal.
fn solve<R>(
    options: &MaxStableOptions,
    problem: good_lp::variable::UnsolvedProblem,
    constraints: Vec<good_lp::Constraint>,
    initial: Vec<(Variable, f64)>,
    read: R,
) -> Result<(Assignment, bool), AllocationError>
where
    R: Fn(&dyn Fn(Variable) -> f64) -> Assignment,
{
    fn run<S, R>(
        solver: S,
        problem: good_lp::variable::UnsolvedProblem,
        constraints: Vec<good_lp::Constraint>,
        initial: Vec<(Variable, f64)>,
        time_limit: Option<f64>,
        read: R,
    ) -> Result<(Assignment, bool), AllocationError>
    where
        S: Solver,
        S::Model: WithTimeLimit + WithInitialSolution,
        <S::Model as SolverModel>::Error: std::fmt::Display,
        R: Fn(&dyn Fn(Variable) -> f64) -> Assignment,
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
            Err(e) => Err(solver_error(S::Model::name(), e.to_string())),
        }
    }
    match options.backend {
        Backend::Microlp => run(
            good_lp::solvers::microlp::microlp,
            problem,
            constraints,
            initial,
            options.time_limit,
            read,
        ),
        #[cfg(feature = "cbc")]
        Backend::Cbc => run(
            |p| {
                let mut m = good_lp::solvers::coin_cbc::coin_cbc(p);
                m.set_parameter("log", "0");
                m
            },
            problem,
            constraints,
            initial,
            options.time_limit,
            read,
        ),
        #[cfg(feature = "highs")]
        Backend::Highs => run(
            good_lp::solvers::highs::highs,
            problem,
            constraints,
            Vec::new(), // no warm start: the highs binding panics when HiGHS rejects one
            options.time_limit,
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
