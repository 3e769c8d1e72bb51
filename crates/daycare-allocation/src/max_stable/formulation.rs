//! The integer programme of one stage: variables, capacity, stability rows (hard or soft),
//! families together and the hardship quota.

use good_lp::{Expression, ProblemVariables, Variable, constraint, variable};

use crate::assignment::Assignment;
use crate::domain::{Instance, Market};

use super::Constraints;
use super::components::Component;

/// How the stability rows enter the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stability {
    /// No stability rows (welfare goal).
    Off,
    /// Every row must hold.
    Hard,
    /// Row (c, j) may be violated at the price of a blocking-pair indicator b(c, j).
    Soft,
}

/// Limits that earlier stages put on later ones.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct StageLimits {
    pub(super) min_placed: Option<usize>,
    pub(super) max_blocking: Option<usize>,
    /// At most this total rank (of the part's children): a known allocation's rank minus one,
    /// so that the solver looks only for a better one.
    pub(super) max_rank: Option<usize>,
    /// The LP relaxation: pair and blocking variables continuous in 0–1.
    pub(super) relaxed: bool,
}

/// One stage's model: pair variables x (per child, per listed choice; `None` where not
/// modelled), blocking indicators b (soft stability only), cumulative class counts y, the
/// variables and the constraints.
pub(super) struct Model {
    pub(super) x: Vec<Vec<Option<Variable>>>,
    pub(super) b: Vec<Variable>,
    pub(super) y: Vec<Vec<Variable>>,
    pub(super) vars: ProblemVariables,
    pub(super) cons: Vec<good_lp::Constraint>,
}

/// A daycare with which a family could block (families together).
pub(super) struct Coalition {
    /// Per member: (child, position of the daycare in its list).
    pub(super) listed: Vec<(usize, usize)>,
    /// The daycare cannot seat the family when for one of these (seat group, class index,
    /// threshold) the seat group holds at least `threshold` children of that class or better.
    pub(super) conditions: Vec<(usize, usize, f64)>,
    /// Positions in the first child's list of the daycares at which the family does not want
    /// this one: itself and those some member ranks above it.
    pub(super) as_good: Vec<usize>,
}

/// Everything the model builder needs, computed once.
pub(super) struct Context<'a> {
    pub(super) instance: &'a Instance,
    pub(super) market: &'a Market,
    /// Pairs (child, position) that get no variable.
    pub(super) forbidden: Vec<Vec<bool>>,
    /// Pairs removed by preprocessing: their stability rows hold in every weakly stable
    /// allocation (the other forbidden pairs still get rows: the child may block there).
    pub(super) removed: Vec<Vec<bool>>,
    /// Pairs every weakly stable allocation contains (lower bound 1 when they have a
    /// variable; without one the stability row makes the model infeasible, as it should be).
    pub(super) fixed: Vec<Vec<bool>>,
    /// Pairs at daycares closed to the child's family (families together).
    pub(super) closed: Vec<Vec<bool>>,
    pub(super) class_of: Vec<Vec<(u8, u8, i64)>>,
    pub(super) group_classes: Vec<Vec<(u8, u8, i64)>>,
    pub(super) stability: Stability,
    pub(super) constraints: Constraints,
    /// Families of at least two children (indices).
    pub(super) families: Vec<Vec<usize>>,
}

impl Context<'_> {
    pub(super) fn class_index(&self, c: usize, k: usize) -> usize {
        let g = self.market.lists[c][k].0;
        self.group_classes[g]
            .binary_search(&self.class_of[c][k])
            .expect("class listed")
    }

    /// The whole model.
    pub(super) fn build(&self, limits: StageLimits) -> Model {
        self.build_part(limits, None)
    }

    /// The model of one independent part (see `components`): variables and rows of its
    /// children and seat groups only (`None`: the whole model). `limits.min_placed` then counts
    /// the part's children.
    pub(super) fn build_part(&self, limits: StageLimits, part: Option<&Component>) -> Model {
        let market = self.market;
        let groups = market.capacity.len();
        let (child_in, group_in) = match part {
            Some(p) => (p.child_mask(market.children()), p.group_mask(groups)),
            None => (vec![true; market.children()], vec![true; groups]),
        };
        let mut vars = ProblemVariables::new();
        let x: Vec<Vec<Option<Variable>>> = self
            .forbidden
            .iter()
            .zip(&self.fixed)
            .zip(&child_in)
            .map(|((row, fixed), &inside)| {
                // (children outside the part: no entries at all, so that a part costs little
                // more than its own pairs)
                if !inside {
                    return Vec::new();
                }
                row.iter()
                    .zip(fixed)
                    .map(|(&no, &fix)| {
                        (!no).then(|| {
                            let v = if limits.relaxed {
                                variable().min(0).max(1)
                            } else {
                                variable().binary()
                            };
                            vars.add(if fix { v.min(1) } else { v })
                        })
                    })
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
                    if !group_in[g] {
                        return Vec::new();
                    }
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
                if !group_in[g] {
                    continue;
                }
                for (m, e) in exprs.into_iter().enumerate() {
                    if m == 0 {
                        cons.push(constraint!(y[g][0] <= e));
                    } else {
                        cons.push(constraint!(y[g][m] - y[g][m - 1] <= e));
                    }
                }
            }
        }
        // stability rows: cap · (Σ_{j' ⪰_c j} x(c, j') [+ b(c, j)]) + y(j, m) − x(c, j) ≥ cap
        // (y counts c itself when c sits at j; without it the row is weaker in the LP)
        let mut b = Vec::new();
        // with families together, a family's children block only together (`coalition_rows`)
        let mut in_family = vec![false; x.len()];
        if self.constraints.siblings_together {
            for &c in self.families.iter().flatten() {
                in_family[c] = true;
            }
        }
        if self.stability != Stability::Off {
            for (c, xs) in x.iter().enumerate() {
                if !child_in[c] || in_family[c] {
                    continue;
                }
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
                    let own: Expression = v.map_or(Expression::from(0), Expression::from);
                    if self.stability == Stability::Soft {
                        let bv = vars.add(if limits.relaxed {
                            variable().min(0).max(1)
                        } else {
                            variable().binary()
                        });
                        b.push(bv);
                        cons.push(constraint!(
                            cap * (at_least_as_good.clone() + bv) + y[g][m] - own >= cap
                        ));
                    } else {
                        cons.push(constraint!(
                            cap * at_least_as_good.clone() + y[g][m] - own >= cap
                        ));
                    }
                }
            }
        }
        // with families together: the cut-offs as valid inequalities (`cutoff_rows`)
        if self.stability == Stability::Hard
            && self.constraints.siblings_together
            && !limits.relaxed
        {
            self.cutoff_rows(&x, &child_in, &group_in, &in_family, &mut vars, &mut cons);
        }
        if self.stability != Stability::Off && self.constraints.siblings_together {
            self.coalition_rows(&x, &y, &child_in, limits, &mut vars, &mut b, &mut cons);
        }
        // families: the same daycare for every member, or none for all
        if self.constraints.siblings_together {
            for family in &self.families {
                self.together_rows(&x, family, &mut cons);
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
                if !child_in[c] || !self.instance.children[c].hardship {
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
            cons.push(constraint!(placed_of(&x) >= placed as f64));
        }
        if let Some(rank) = limits.max_rank {
            cons.push(constraint!(total_rank_of(&x) <= rank as f64));
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

    /// The cut-offs of `cutoffs` as valid inequalities of the aggregated model (families
    /// together): per seat group g and class m a binary a(g, m) = "g is not full with class m
    /// or better" (count ≥ cap · (1 − a), count + a ≤ cap), open to a class ⇒ open to every
    /// better one, a child of a worse class sits at g only while g is open to the class above
    /// it, and a child without a sibling applying who listed g sits at g or better while g is
    /// open to its class (its weak stability; family members block only as a family). Every
    /// allocation without a blocking coalition satisfies them with its own a. HiGHS proved the
    /// generated 1,600-child rounds with 15 % siblings in 5–21 s with them, against 2.5 s, 199 s
    /// and not in 300 s without (docs/benchmarks.md).
    fn cutoff_rows(
        &self,
        x: &[Vec<Option<Variable>>],
        child_in: &[bool],
        group_in: &[bool],
        in_family: &[bool],
        vars: &mut ProblemVariables,
        cons: &mut Vec<good_lp::Constraint>,
    ) {
        let market = self.market;
        let groups = market.capacity.len();
        let mut cls_vars: Vec<Vec<Vec<Variable>>> = self
            .group_classes
            .iter()
            .map(|cls| vec![Vec::new(); cls.len()])
            .collect();
        for (c, xs) in x.iter().enumerate() {
            for (k, v) in xs.iter().enumerate() {
                if let Some(v) = *v {
                    cls_vars[market.lists[c][k].0][self.class_index(c, k)].push(v);
                }
            }
        }
        let mut open: Vec<Vec<Variable>> = vec![Vec::new(); groups];
        for g in 0..groups {
            if !group_in[g] || market.capacity[g] == 0 {
                continue;
            }
            let cap = market.capacity[g] as f64;
            let mut count = Expression::from(0);
            for class in &cls_vars[g] {
                for &v in class {
                    count += v;
                }
                let av = vars.add(variable().binary());
                cons.push(constraint!(count.clone() + cap * av >= cap));
                cons.push(constraint!(count.clone() + av <= cap));
                if let Some(&better) = open[g].last() {
                    cons.push(constraint!(better - av >= 0));
                }
                open[g].push(av);
            }
        }
        for (c, xs) in x.iter().enumerate() {
            if !child_in[c] {
                continue;
            }
            let mut at_least_as_good = Expression::from(0);
            for (k, v) in xs.iter().enumerate() {
                let g = market.lists[c][k].0;
                if market.capacity[g] == 0 {
                    continue;
                }
                let m = self.class_index(c, k);
                if let Some(v) = *v {
                    at_least_as_good += v;
                    if let Some(&above) = m.checked_sub(1).and_then(|p| open[g].get(p)) {
                        cons.push(constraint!(above - v >= 0));
                    }
                }
                if !in_family[c]
                    && !self.removed[c][k]
                    && let Some(&av) = open[g].get(m)
                {
                    cons.push(constraint!(at_least_as_good.clone() - av >= 0));
                }
            }
        }
    }

    /// The daycares with which a family could block (families together; see
    /// [`crate::stability::blocking_coalitions`]), each with the conditions under which it
    /// cannot seat the family and the daycares at which the family does not want it. For n
    /// children of one seat group of classes k_1 ⪯ … ⪯ k_n (best first) the seat group cannot
    /// seat them iff for some i it holds at least cap(g) − n + i children of class k_i or better
    /// (Hall's condition for nested choices). Daycares closed to the family, those where
    /// preprocessing removed a member's pair (its seat group is full with better classes) and
    /// those with a seat group too small for the children who need it cannot block: left out.
    pub(super) fn coalitions(&self, family: &[usize]) -> Vec<Coalition> {
        let market = self.market;
        let prefs = |c: usize| &self.instance.children[c].preferences;
        let first = family[0];
        let mut out = Vec::new();
        for (k0, p) in prefs(first).iter().enumerate() {
            if self.closed[first][k0] {
                continue;
            }
            let d = p.daycare;
            // (child, position of d) per member; every member listed d (not closed)
            let listed: Vec<(usize, usize)> = family
                .iter()
                .map(|&c| (c, prefs(c).iter().position(|q| q.daycare == d).unwrap_or(0)))
                .collect();
            if listed.iter().any(|&(c, k)| self.removed[c][k]) {
                continue;
            }
            let mut seat_groups: Vec<usize> =
                listed.iter().map(|&(c, k)| market.lists[c][k].0).collect();
            seat_groups.sort_unstable();
            seat_groups.dedup();
            let mut conditions = Vec::new();
            let mut too_small = false;
            for &g in &seat_groups {
                let mut members: Vec<(usize, usize)> = listed
                    .iter()
                    .copied()
                    .filter(|&(c, k)| market.lists[c][k].0 == g)
                    .collect();
                members.sort_by_key(|&(c, k)| self.class_of[c][k]);
                let n = members.len();
                let cap = market.capacity[g] as usize;
                if cap < n {
                    too_small = true;
                    break;
                }
                for (i, &(c, k)) in members.iter().enumerate() {
                    // the (i+1)-th best needs n − i seats it can take
                    conditions.push((g, self.class_index(c, k), (cap + 1 + i - n) as f64));
                }
            }
            if too_small {
                continue;
            }
            // d itself and every open daycare some member ranks above d
            let as_good = prefs(first)
                .iter()
                .enumerate()
                .filter(|&(j, q)| {
                    !self.closed[first][j]
                        && (q.daycare == d
                            || listed.iter().any(|&(c, k)| {
                                prefs(c)[..k].iter().any(|r| r.daycare == q.daycare)
                            }))
                })
                .map(|(j, _)| j)
                .collect();
            out.push(Coalition {
                listed,
                conditions,
                as_good,
            });
        }
        out
    }

    /// The family's pair variable at the daycare at position `k0` of its first child's list
    /// (the members' variables there are equal), if any.
    pub(super) fn family_variable(
        &self,
        x: &[Vec<Option<Variable>>],
        family: &[usize],
        k0: usize,
    ) -> Option<Variable> {
        let d = self.instance.children[family[0]].preferences[k0].daycare;
        family.iter().find_map(|&c| {
            let k = self.instance.children[c]
                .preferences
                .iter()
                .position(|p| p.daycare == d)?;
            x[c][k]
        })
    }

    /// The stability rows of the families (families together): family F and daycare d cannot
    /// block when F sits at d or at a daycare that some member ranks above d, or when a seat
    /// group of d cannot seat F's children of its age group ([`Context::coalitions`]); a binary
    /// w per condition with threshold · w ≤ y(g, m). Row: Σ x(F, d') + Σ w [+ b] ≥ 1.
    #[allow(clippy::too_many_arguments)]
    fn coalition_rows(
        &self,
        x: &[Vec<Option<Variable>>],
        y: &[Vec<Variable>],
        child_in: &[bool],
        limits: StageLimits,
        vars: &mut ProblemVariables,
        b: &mut Vec<Variable>,
        cons: &mut Vec<good_lp::Constraint>,
    ) {
        let kind = || {
            if limits.relaxed {
                variable().min(0).max(1)
            } else {
                variable().binary()
            }
        };
        for family in &self.families {
            if !family.iter().all(|&c| child_in[c]) {
                continue;
            }
            for coalition in self.coalitions(family) {
                let mut satisfied = self.coalition_satisfied(
                    x,
                    family,
                    &coalition,
                    &|g, m| Some(y[g][m]),
                    &kind,
                    vars,
                    cons,
                );
                if self.stability == Stability::Soft {
                    let bv = vars.add(kind());
                    b.push(bv);
                    satisfied += bv;
                }
                cons.push(constraint!(satisfied >= 1));
            }
        }
    }

    /// A family's members sit at one daycare or none: their pair variables at each daycare are
    /// equal (`forbidden` already removed the daycares not open to every member).
    pub(super) fn together_rows(
        &self,
        x: &[Vec<Option<Variable>>],
        family: &[usize],
        cons: &mut Vec<good_lp::Constraint>,
    ) {
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
            for w in vs.windows(2) {
                cons.push(constraint!(w[0] == w[1]));
            }
        }
    }

    /// The left side of a coalition row: the family's pair variables at the daycares where it
    /// does not want this one, plus a variable w per condition under which the daycare cannot
    /// seat it, with threshold · w ≤ y(g, m) (`y_of(g, m)`: the class count variable, `None`
    /// for a condition to leave out).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn coalition_satisfied(
        &self,
        x: &[Vec<Option<Variable>>],
        family: &[usize],
        coalition: &Coalition,
        y_of: &dyn Fn(usize, usize) -> Option<Variable>,
        kind: &dyn Fn() -> good_lp::VariableDefinition,
        vars: &mut ProblemVariables,
        cons: &mut Vec<good_lp::Constraint>,
    ) -> Expression {
        let mut satisfied = Expression::from(0);
        for &k0 in &coalition.as_good {
            if let Some(v) = self.family_variable(x, family, k0) {
                satisfied += v;
            }
        }
        for &(g, m, threshold) in &coalition.conditions {
            if let Some(yv) = y_of(g, m) {
                let w = vars.add(kind());
                satisfied += w;
                cons.push(constraint!(yv - threshold * w >= 0));
            }
        }
        satisfied
    }

    /// Values of x and y for a known assignment (a warm start; hard stability or none).
    pub(super) fn warm(&self, model: &Model, a: &Assignment) -> Vec<(Variable, f64)> {
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

/// The number placed: the sum of the pair variables.
pub(super) fn placed_of(x: &[Vec<Option<Variable>>]) -> Expression {
    x.iter().flatten().flatten().copied().sum()
}

/// The total rank: each pair variable times its position on the child's list (1 = first).
pub(super) fn total_rank_of(x: &[Vec<Option<Variable>>]) -> Expression {
    x.iter()
        .flat_map(|xs| {
            xs.iter()
                .enumerate()
                .filter_map(|(k, v)| v.map(|v| (k as f64 + 1.0) * v))
        })
        .sum()
}

/// Reads the assignment from a solution.
pub(super) fn read(x: &[Vec<Option<Variable>>], sol: &dyn Fn(Variable) -> f64) -> Assignment {
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

/// Reads the pair variables' values from a solution (an LP relaxation's).
pub(super) fn values(
    x: &[Vec<Option<Variable>>],
    sol: &dyn Fn(Variable) -> f64,
) -> Vec<Vec<Option<f64>>> {
    x.iter()
        .map(|xs| xs.iter().map(|v| v.map(sol)).collect())
        .collect()
}
