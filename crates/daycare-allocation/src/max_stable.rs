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
///
/// With [`Constraints`] (families together, hardship quota) a stable allocation may not exist;
/// stability then becomes soft: the model first minimises the number of weakly blocking pairs,
/// then maximises the number placed, then minimises the total rank (the order of Sun et al.,
/// AAAI 2023).
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

/// How the stability rows enter the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stability {
    /// No stability rows (welfare goal).
    Off,
    /// Every row must hold.
    Hard,
    /// Row (c, j) may be violated at the price of a blocking-pair indicator b(c, j).
    Soft,
}

/// Limits that earlier stages put on later ones.
#[derive(Debug, Clone, Copy, Default)]
struct StageLimits {
    min_placed: Option<usize>,
    max_blocking: Option<usize>,
}

/// One stage's model: pair variables x (per child, per listed choice; `None` where not
/// modelled), blocking indicators b (soft stability only), cumulative class counts y, the
/// variables and the constraints.
struct Model {
    x: Vec<Vec<Option<Variable>>>,
    b: Vec<Variable>,
    y: Vec<Vec<Variable>>,
    vars: ProblemVariables,
    cons: Vec<good_lp::Constraint>,
}

/// Everything the model builder needs, computed once.
struct Context<'a> {
    instance: &'a Instance,
    market: &'a Market,
    /// Pairs (child, position) that get no variable.
    forbidden: Vec<Vec<bool>>,
    /// Pairs removed by preprocessing: their stability rows hold in every weakly stable
    /// allocation (the other forbidden pairs still get rows: the child may block there).
    removed: Vec<Vec<bool>>,
    /// Pairs at daycares closed to the child's family (families together).
    closed: Vec<Vec<bool>>,
    class_of: Vec<Vec<(u8, u8, i64)>>,
    group_classes: Vec<Vec<(u8, u8, i64)>>,
    stability: Stability,
    constraints: Constraints,
    /// Families of at least two children (indices).
    families: Vec<Vec<usize>>,
}

impl Context<'_> {
    fn class_index(&self, c: usize, k: usize) -> usize {
        let g = self.market.lists[c][k].0;
        self.group_classes[g]
            .binary_search(&self.class_of[c][k])
            .expect("class listed")
    }

    fn build(&self, limits: StageLimits) -> Model {
        let market = self.market;
        let groups = market.capacity.len();
        let mut vars = ProblemVariables::new();
        let x: Vec<Vec<Option<Variable>>> = self
            .forbidden
            .iter()
            .map(|row| {
                row.iter()
                    .map(|&no| (!no).then(|| vars.add(variable().binary())))
                    .collect()
            })
            .collect();
        let y: Vec<Vec<Variable>> = if self.stability == Stability::Off {
            vec![Vec::new(); groups]
        } else {
            self.group_classes
                .iter()
                .enumerate()
                .map(|(g, cls)| {
                    cls.iter()
                        .map(|_| vars.add(variable().min(0).max(market.capacity[g] as f64)))
                        .collect()
                })
                .collect()
        };
        let mut cons = Vec::new();
        let mut seated_vars = vec![0usize; groups];
        let mut seated: Vec<Expression> = vec![Expression::from(0); groups];
        let mut hardship_seated: Vec<Expression> = vec![Expression::from(0); groups];
        let mut per_class: Vec<Vec<Expression>> = self
            .group_classes
            .iter()
            .map(|cls| vec![Expression::from(0); cls.len()])
            .collect();
        for (c, xs) in x.iter().enumerate() {
            let mut one_seat = Expression::from(0);
            for (k, v) in xs.iter().enumerate() {
                if let Some(v) = *v {
                    let g = market.lists[c][k].0;
                    if self.stability != Stability::Off {
                        per_class[g][self.class_index(c, k)] += v;
                    }
                    seated[g] += v;
                    if self.instance.children[c].hardship {
                        hardship_seated[g] += v;
                    }
                    seated_vars[g] += 1;
                    one_seat += v;
                }
            }
            if xs.iter().any(Option::is_some) {
                cons.push(constraint!(one_seat <= 1)); // (no empty rows: microlp fails on them)
            }
        }
        for (g, e) in seated.iter().enumerate() {
            if seated_vars[g] > 0 {
                cons.push(constraint!(e.clone() <= market.capacity[g] as f64));
            }
        }
        if self.stability != Stability::Off {
            // y(j, m) may not exceed the seated children of class m or better (the stability
            // rows push it up).
            for (g, exprs) in per_class.into_iter().enumerate() {
                for (m, e) in exprs.into_iter().enumerate() {
                    if m == 0 {
                        cons.push(constraint!(y[g][0] <= e));
                    } else {
                        cons.push(constraint!(y[g][m] - y[g][m - 1] <= e));
                    }
                }
            }
        }
        // stability rows: cap · (Σ_{j' ⪰_c j} x(c, j') [+ b(c, j)]) + y(j, m) ≥ cap
        let mut b = Vec::new();
        if self.stability != Stability::Off {
            for (c, xs) in x.iter().enumerate() {
                let mut at_least_as_good = Expression::from(0);
                for (k, v) in xs.iter().enumerate() {
                    let g = market.lists[c][k].0;
                    match *v {
                        Some(v) => at_least_as_good += v,
                        // A pair without a variable: removed by preprocessing (its row holds
                        // in every weakly stable allocation), a seat group without seats, or a
                        // daycare closed to the family — the child may still block there.
                        None if market.capacity[g] > 0 && !self.removed[c][k] => {}
                        None => continue,
                    }
                    let m = self.class_index(c, k);
                    let cap = market.capacity[g] as f64;
                    if self.stability == Stability::Soft {
                        let bv = vars.add(variable().binary());
                        b.push(bv);
                        cons.push(constraint!(
                            cap * (at_least_as_good.clone() + bv) + y[g][m] >= cap
                        ));
                    } else {
                        cons.push(constraint!(cap * at_least_as_good.clone() + y[g][m] >= cap));
                    }
                }
            }
        }
        // families: the same daycare for every member, or none for all
        if self.constraints.siblings_together {
            for family in &self.families {
                let mut at: std::collections::BTreeMap<usize, Vec<Variable>> = Default::default();
                for &c in family {
                    for (k, v) in x[c].iter().enumerate() {
                        if let Some(v) = *v {
                            at.entry(self.instance.children[c].preferences[k].daycare)
                                .or_default()
                                .push(v);
                        }
                    }
                }
                for vs in at.values() {
                    // forbidden already removed daycares not open to every member
                    for w in vs.windows(2) {
                        cons.push(constraint!(w[0] == w[1]));
                    }
                }
            }
        }
        // hardship quota: while a hardship applicant of j is not at j or better, j holds at
        // least q(j) hardship children.
        if let Some(q) = self.constraints.hardship_quota {
            let quota: Vec<f64> = market
                .capacity
                .iter()
                .map(|&cap| (q * cap as f64 - 1e-9).ceil().max(0.0))
                .collect();
            for (c, xs) in x.iter().enumerate() {
                if !self.instance.children[c].hardship {
                    continue;
                }
                let mut at_least_as_good = Expression::from(0);
                for (k, v) in xs.iter().enumerate() {
                    let g = market.lists[c][k].0;
                    match *v {
                        Some(v) => at_least_as_good += v,
                        // no variable (removed by preprocessing, or the family cannot sit
                        // there together): still an application that the quota must answer;
                        // closed to the family or without seats: not one
                        None if market.capacity[g] > 0 && !self.closed[c][k] => {}
                        None => continue,
                    }
                    if quota[g] > 0.0 {
                        let qg = quota[g];
                        cons.push(constraint!(
                            hardship_seated[g].clone() + qg * at_least_as_good.clone() >= qg
                        ));
                    }
                }
            }
        }
        if let Some(placed) = limits.min_placed {
            let total: Expression = x.iter().flatten().flatten().copied().sum();
            cons.push(constraint!(total >= placed as f64));
        }
        if let Some(blocking) = limits.max_blocking {
            let total: Expression = b.iter().copied().sum();
            cons.push(constraint!(total <= blocking as f64));
        }
        Model {
            x,
            b,
            y,
            vars,
            cons,
        }
    }

    /// Values of x and y for a known assignment (a warm start; hard stability or none).
    fn warm(&self, model: &Model, a: &Assignment) -> Vec<(Variable, f64)> {
        let mut values = Vec::new();
        let mut counts: Vec<Vec<f64>> = self
            .group_classes
            .iter()
            .map(|cls| vec![0.0; cls.len()])
            .collect();
        for (c, xs) in model.x.iter().enumerate() {
            for (k, v) in xs.iter().enumerate() {
                if let Some(v) = *v {
                    let on = a.choice[c] == Some(k);
                    values.push((v, if on { 1.0 } else { 0.0 }));
                    if on && self.stability != Stability::Off {
                        let g = self.market.lists[c][k].0;
                        counts[g][self.class_index(c, k)] += 1.0;
                    }
                }
            }
        }
        for (g, ys) in model.y.iter().enumerate() {
            let mut acc = 0.0;
            for (m, &v) in ys.iter().enumerate() {
                acc += counts[g][m];
                values.push((v, acc));
            }
        }
        values
    }
}

/// Reads the assignment from a solution.
fn read(x: &[Vec<Option<Variable>>], sol: &dyn Fn(Variable) -> f64) -> Assignment {
    let mut a = Assignment::empty(x.len());
    for (c, xs) in x.iter().enumerate() {
        for (k, v) in xs.iter().enumerate() {
            if v.is_some_and(|v| sol(v) > 0.5) {
                a.choice[c] = Some(k);
            }
        }
    }
    a
}

/// Families (children sharing a `family_id`) with at least two children, in first-seen order.
fn families(instance: &Instance) -> Vec<Vec<usize>> {
    let mut index: std::collections::HashMap<&str, usize> = Default::default();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (c, child) in instance.children.iter().enumerate() {
        let f = *index.entry(child.family_id.as_str()).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[f].push(c);
    }
    out.retain(|f| f.len() >= 2);
    out
}

/// Solves the integer program for `goal` under `options.constraints`: the exact engine behind
/// `max-stable` and behind `welfare-optimal` with constraints.
pub fn optimise(
    instance: &Instance,
    goal: Goal,
    options: &MaxStableOptions,
) -> Result<MaxStable, AllocationError> {
    match goal {
        Goal::Welfare => optimise_with(instance, Stability::Off, options),
        Goal::Stable if !options.constraints.any() => {
            optimise_with(instance, Stability::Hard, options)
        }
        // With constraints, first look for a weakly stable allocation that meets them (hard
        // rows and the exact preprocessing: much faster); only if none exists minimise the
        // blocking pairs.
        Goal::Stable => match optimise_with(instance, Stability::Hard, options) {
            Err(AllocationError::Infeasible(_)) => {
                optimise_with(instance, Stability::Soft, options)
            }
            other => other,
        },
    }
}

fn optimise_with(
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
    // Preprocessing removes pairs that no weakly stable allocation contains: exact whenever
    // stability is a hard constraint (further constraints only shrink the feasible set).
    let mut forbidden = if stability == Stability::Hard {
        preprocess(&market, &class_of)
    } else {
        market.lists.iter().map(|l| vec![false; l.len()]).collect()
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
        closed,
        class_of,
        group_classes,
        stability,
        constraints: options.constraints,
        families,
    };

    let done = |assignment: Assignment, optimal: bool, variables, constraints| {
        let gap = if optimal || upper == 0 {
            0.0
        } else {
            upper.saturating_sub(assignment.placed()) as f64 / upper as f64
        };
        MaxStable {
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
        return Ok(done(empty, true, 0, 0));
    }
    let (variables, constraints) = (first.vars.len(), first.cons.len());
    let mut optimal = true;

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
    let objective: Expression = m.x.iter().flatten().flatten().copied().sum();
    let initial = match stability {
        Stability::Hard if !constrained => {
            let da_uses_removed = da
                .choice
                .iter()
                .enumerate()
                .any(|(c, k)| k.is_some_and(|k| ctx.forbidden[c][k]));
            debug_assert!(
                !da_uses_removed,
                "preprocessing removed a pair of a weakly stable matching"
            );
            if da_uses_removed {
                Vec::new()
            } else {
                ctx.warm(&m, &da)
            }
        }
        _ => Vec::new(),
    };
    let x = m.x;
    let fallback = best
        .clone()
        .or_else(|| (stability == Stability::Hard && !constrained).then(|| da.clone()));
    let (stage1, opt) = or_fallback(
        options,
        solve(options, m.vars.maximise(objective), m.cons, initial, |s| {
            read(&x, s)
        }),
        fallback,
    )?;
    optimal &= opt;
    let stage1 = match best {
        Some(b) if b.placed() > stage1.placed() => b,
        _ if stability == Stability::Hard && stage1.placed() < lower => da.clone(),
        _ => stage1,
    };
    let placed = stage1.placed();
    limits.min_placed = Some(placed);

    // Stage 2: smallest total rank with that many placed.
    log::info!(
        target: "welfare::progress",
        "max-stable stage {stages} of {stages}: smallest total rank with {placed} placed \
         (at most {upper}; gap {:.1} %{})",
        gap_of(placed),
        if opt { ", placed proven optimal" } else { "" }
    );
    let m = ctx.build(limits);
    let ranks: Expression =
        m.x.iter()
            .flat_map(|xs| {
                xs.iter()
                    .enumerate()
                    .filter_map(|(k, v)| v.map(|v| (k as f64 + 1.0) * v))
            })
            .sum();
    let initial = if stability == Stability::Soft || constrained {
        Vec::new()
    } else {
        ctx.warm(&m, &stage1)
    };
    let x = m.x;
    let (stage2, opt) = or_fallback(
        options,
        solve(options, m.vars.minimise(ranks), m.cons, initial, |s| {
            read(&x, s)
        }),
        Some(stage1.clone()),
    )?;
    optimal &= opt;
    let assignment = if stage2.placed() == placed && stage2.total_rank() <= stage1.total_rank() {
        stage2
    } else {
        stage1
    };
    Ok(done(assignment, optimal, variables, constraints))
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
            Err(e) if e.to_string().starts_with("Infeasible") => Err(AllocationError::Infeasible(
                "the constraints cannot all be met on this instance (the hardship quota \
                     together with --siblings-together leaves no allocation); try without one \
                     of them or with a smaller quota"
                    .into(),
            )),
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
                // CBC's MIP preprocessing returned a non-optimal stage as "optimal" on a
                // 4-child soft-stability model with both constraints (a property-test case in
                // tests/properties.proptest-regressions; microlp and HiGHS solve it right)
                m.set_parameter("preprocess", "off");
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
