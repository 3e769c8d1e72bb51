//! The solver backends behind `max-stable`'s stages: one call that builds a good_lp model for
//! the chosen backend, solves it within what is left of the time budget, and reads the result.

use std::time::Instant;

use good_lp::{
    ResolutionError, Solution, SolutionStatus, Solver, SolverModel, Variable, WithInitialSolution,
    WithTimeLimit,
};

use crate::error::AllocationError;

use super::{Backend, MaxStableOptions};

/// Solves one stage (or its LP relaxation) with the chosen backend; returns what `read` takes
/// from the solution (the assignment, or the pair values) and whether it is proven optimal.
/// `cap` limits this one solve (seconds) within what is left before `deadline`.
pub(super) fn solve<T, R>(
    options: &MaxStableOptions,
    deadline: Option<Instant>,
    cap: Option<f64>,
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
            Some(cap.map_or(left, |c| c.min(left)))
        }
        None => cap,
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
            // (LP relaxations stay with HiGHS's default simplex: its interior point method
            // took 3.5 s instead of 20 s on the 20,000-child round, but its LP vertex guided the
            // starts to a worse allocation that the search did not repair; docs/benchmarks.md)
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
