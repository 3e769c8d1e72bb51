//! Multinomial logistic regression with an L2 penalty on the weights (not the intercepts),
//! minimised by L-BFGS (argmin, More–Thuente line search) until the gradient vanishes.
//!
//! The objective is scikit-learn's `LogisticRegression(C = 1 / alpha)` (multinomial, lbfgs)
//! divided by `C`:
//!
//! `Σᵢ −log softmax(xᵢ·W + b)[yᵢ] + alpha/2 · ‖W‖²`
//!
//! linfa-logistic minimises the same objective but stops after its iteration budget without
//! saying so (at 100k cases it ended 5.7 % above scikit-learn's optimum, issue #16), and its
//! generic matrix products repack the data on every evaluation. Here one evaluation is two
//! passes over the rows (cost, gradient); the fit reports its iterations, final gradient norm and
//! whether it converged. O(iterations · rows · features · classes).

use argmin::core::{CostFunction, Executor, Gradient, State, TerminationReason, TerminationStatus};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::{Array1, Array2};

use crate::error::TriageError;

/// A fitted multinomial logistic regression and how the fit ended.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticFit {
    /// Per feature, per class.
    pub weights: Vec<Vec<f64>>,
    /// Per class.
    pub intercept: Vec<f64>,
    /// L-BFGS iterations.
    pub iterations: u64,
    /// The penalised objective at the solution.
    pub objective: f64,
    /// Euclidean norm of the gradient at the solution.
    pub gradient_norm: f64,
    /// Whether the fit stopped because it converged (not because of the iteration budget).
    pub converged: bool,
}

/// The data of one fit: rows, labels, the penalty; the last evaluation (the line search asks
/// for cost and gradient at the same point: one pass computes both).
struct Problem<'a> {
    x: &'a [f64],
    rows: usize,
    features: usize,
    y: &'a [usize],
    classes: usize,
    alpha: f64,
    last: std::cell::RefCell<Option<Evaluation>>,
}

/// Parameters, cost and gradient of one evaluation.
type Evaluation = (Vec<f64>, f64, Vec<f64>);

impl<'a> Problem<'a> {
    fn new(x: &'a [f64], features: usize, y: &'a [usize], classes: usize, alpha: f64) -> Self {
        Problem {
            x,
            rows: y.len(),
            features,
            y,
            classes,
            alpha,
            last: Default::default(),
        }
    }

    /// Cost and gradient at `p`, laid out as W (classes × features, row-major) then b.
    fn evaluate(&self, p: &[f64]) -> (f64, Vec<f64>) {
        if let Some((at, cost, gradient)) = &*self.last.borrow()
            && at.as_slice() == p
        {
            return (*cost, gradient.clone());
        }
        let (k, d) = (self.classes, self.features);
        let (w, b) = p.split_at(k * d);
        let mut g = vec![0.0; k * d + k];
        let mut h = vec![0.0; k];
        let mut loss = 0.0;
        for i in 0..self.rows {
            let row = &self.x[i * d..(i + 1) * d];
            for c in 0..k {
                let wc = &w[c * d..(c + 1) * d];
                h[c] = b[c] + row.iter().zip(wc).map(|(x, w)| x * w).sum::<f64>();
            }
            let label = self.y[i];
            let label_score = h[label];
            let max = h.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut sum = 0.0;
            for v in h.iter_mut() {
                *v = (*v - max).exp();
                sum += *v;
            }
            loss += max + sum.ln() - label_score;
            for (c, v) in h.iter_mut().enumerate() {
                *v /= sum;
                if c == label {
                    *v -= 1.0; // p − onehot(y)
                }
            }
            for c in 0..k {
                let diff = h[c];
                let gc = &mut g[c * d..(c + 1) * d];
                for (g, x) in gc.iter_mut().zip(row) {
                    *g += diff * x;
                }
                g[k * d + c] += diff;
            }
        }
        let mut penalty = 0.0;
        for (gw, w) in g[..k * d].iter_mut().zip(w) {
            *gw += self.alpha * w;
            penalty += w * w;
        }
        let cost = loss + 0.5 * self.alpha * penalty;
        *self.last.borrow_mut() = Some((p.to_vec(), cost, g.clone()));
        (cost, g)
    }

    fn cost_of(&self, p: &[f64]) -> f64 {
        self.evaluate(p).0
    }

    fn gradient_of(&self, p: &[f64]) -> Vec<f64> {
        self.evaluate(p).1
    }
}

impl CostFunction for Problem<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> Result<f64, argmin::core::Error> {
        Ok(self.cost_of(p.as_slice().expect("contiguous")))
    }
}

impl Gradient for Problem<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Self::Param) -> Result<Array1<f64>, argmin::core::Error> {
        Ok(Array1::from(
            self.gradient_of(p.as_slice().expect("contiguous")),
        ))
    }
}

/// The checks every entry point makes before touching the data: shapes, labels below
/// `classes`, finite features, a penalty ≥ 0.
fn check_input(
    x: &Array2<f64>,
    y: &[usize],
    classes: usize,
    alpha: f64,
) -> Result<(), TriageError> {
    if x.nrows() != y.len() || x.nrows() == 0 || classes < 2 {
        return Err(TriageError::Fit(format!(
            "logistic regression: {} rows, {} labels, {classes} classes",
            x.nrows(),
            y.len()
        )));
    }
    if let Some(&bad) = y.iter().find(|&&c| c >= classes) {
        return Err(TriageError::Fit(format!(
            "logistic regression: label {bad} is not below {classes}"
        )));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(TriageError::Fit(
            "logistic regression: a feature is not a finite number".into(),
        ));
    }
    if !(alpha.is_finite() && alpha >= 0.0) {
        return Err(TriageError::Fit(format!(
            "logistic regression: alpha {alpha} must be a number >= 0"
        )));
    }
    Ok(())
}

/// Fits the regression; `y` holds class indices below `classes`. Stops when the gradient norm
/// falls below `1e-6 · rows` or the objective changes by less than `1e-9 · rows` from one
/// iteration to the next (about 3e-9 of its value: on the suite's triage features the result
/// is within 0.0001 % of scikit-learn's converged optimum, `benches/peers/triage_sklearn.py`),
/// or after `max_iterations` (then `converged` is false).
pub fn fit_multinomial(
    x: &Array2<f64>,
    y: &[usize],
    classes: usize,
    alpha: f64,
    max_iterations: u64,
) -> Result<LogisticFit, TriageError> {
    check_input(x, y, classes, alpha)?;
    let x = x.as_standard_layout();
    let xs = x.as_slice().expect("standard layout");
    let problem = Problem::new(xs, x.ncols(), y, classes, alpha);
    let d = x.ncols();
    let size = d * classes + classes;
    let fit_error = |e: argmin::core::Error| TriageError::Fit(format!("logistic regression: {e}"));
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10)
        .with_tolerance_grad(1e-6 * x.nrows() as f64)
        .map_err(fit_error)?
        .with_tolerance_cost(1e-9 * x.nrows() as f64)
        .map_err(fit_error)?;
    let result = Executor::new(Problem::new(xs, d, y, classes, alpha), solver)
        .configure(|state| state.param(Array1::zeros(size)).max_iters(max_iterations))
        .run()
        .map_err(fit_error)?;
    let state = result.state();
    let converged = matches!(
        state.get_termination_status(),
        TerminationStatus::Terminated(
            TerminationReason::SolverConverged | TerminationReason::TargetCostReached
        )
    );
    let iterations = state.get_iter();
    let p = state
        .get_best_param()
        .cloned()
        .unwrap_or_else(|| Array1::zeros(size));
    let p = p.as_slice().expect("contiguous");
    let objective = problem.cost_of(p);
    let gradient_norm = problem
        .gradient_of(p)
        .iter()
        .map(|g| g * g)
        .sum::<f64>()
        .sqrt();
    if !objective.is_finite() {
        return Err(TriageError::Fit(
            "logistic regression: the objective is not finite".into(),
        ));
    }
    Ok(LogisticFit {
        weights: (0..d)
            .map(|j| (0..classes).map(|c| p[c * d + j]).collect())
            .collect(),
        intercept: p[d * classes..].to_vec(),
        iterations,
        objective,
        gradient_norm,
        converged,
    })
}

/// The penalised objective of given weights (per feature, per class) and intercepts on `x`, `y`
/// (for comparing fits, e.g. with scikit-learn's on the same features). Shapes that do not fit
/// together are an error, not a panic.
pub fn objective(
    x: &Array2<f64>,
    y: &[usize],
    alpha: f64,
    weights: &[Vec<f64>],
    intercept: &[f64],
) -> Result<f64, TriageError> {
    let classes = intercept.len();
    let d = x.ncols();
    check_input(x, y, classes, alpha)?;
    if weights.len() != d || weights.iter().any(|w| w.len() != classes) {
        return Err(TriageError::Fit(format!(
            "logistic regression: weights must be {d} features × {classes} classes"
        )));
    }
    let mut p: Vec<f64> = (0..classes)
        .flat_map(|c| weights.iter().map(move |w| w[c]))
        .collect();
    p.extend_from_slice(intercept);
    let x = x.as_standard_layout();
    Ok(Problem::new(x.as_slice().expect("standard layout"), d, y, classes, alpha).cost_of(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small, reproducible problem: three classes, a few noisy features.
    fn data(n: usize) -> (Array2<f64>, Vec<usize>) {
        let mut x = Array2::zeros((n, 4));
        let mut y = Vec::with_capacity(n);
        let mut s: u64 = 7;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64) / ((1u64 << 53) as f64)
        };
        for i in 0..n {
            let (a, b) = (next() * 2.0 - 1.0, next() * 2.0 - 1.0);
            x[(i, 0)] = a;
            x[(i, 1)] = b;
            x[(i, 2)] = a * b;
            x[(i, 3)] = if next() < 0.3 { 1.0 } else { 0.0 };
            let z = 2.0 * a - b + 0.5 * next();
            y.push(if z < -0.5 {
                0
            } else if z < 0.8 {
                1
            } else {
                2
            });
        }
        (x, y)
    }

    #[test]
    fn the_gradient_is_the_derivative_of_the_objective() {
        let (x, y) = data(200);
        let problem = Problem::new(x.as_slice().unwrap(), 4, &y, 3, 0.7);
        let p: Vec<f64> = (0..15)
            .map(|i| ((i * 37 % 11) as f64 - 5.0) / 7.0)
            .collect();
        let g = problem.gradient_of(&p);
        for k in 0..p.len() {
            let h = 1e-6;
            let (mut up, mut down) = (p.clone(), p.clone());
            up[k] += h;
            down[k] -= h;
            let numeric = (problem.cost_of(&up) - problem.cost_of(&down)) / (2.0 * h);
            assert!(
                (numeric - g[k]).abs() < 1e-5 * (1.0 + g[k].abs()),
                "{k}: {numeric} vs {}",
                g[k]
            );
        }
    }

    #[test]
    fn the_fit_converges_to_a_stationary_point() {
        let (x, y) = data(2_000);
        let fit = fit_multinomial(&x, &y, 3, 1.0, 1_000).unwrap();
        assert!(fit.converged, "{fit:?}");
        // the gradient almost vanishes (the objective is ~500 over 15 parameters)
        assert!(fit.gradient_norm < 0.05, "{fit:?}");
        assert!(fit.iterations > 1 && fit.iterations < 1_000);
        // no nearby point is better: the objective is convex, so this is the optimum
        let base = objective(&x, &y, 1.0, &fit.weights, &fit.intercept).unwrap();
        assert_eq!(base, fit.objective);
        for j in 0..4 {
            for c in 0..3 {
                for step in [-1e-3, 1e-3] {
                    let mut w = fit.weights.clone();
                    w[j][c] += step;
                    assert!(objective(&x, &y, 1.0, &w, &fit.intercept).unwrap() >= base - 1e-9);
                }
            }
        }
        // one iteration is not enough, and the fit says so
        let early = fit_multinomial(&x, &y, 3, 1.0, 1).unwrap();
        assert!(!early.converged && early.objective > fit.objective);
    }

    #[test]
    fn bad_input_is_an_error() {
        let (x, y) = data(10);
        assert!(fit_multinomial(&x, &y[..9], 3, 1.0, 10).is_err());
        let mut three = y.clone();
        three[0] = 2;
        assert!(fit_multinomial(&x, &three, 2, 1.0, 10).is_err()); // label 2 of 2 classes
        assert!(fit_multinomial(&x, &y, 3, f64::NAN, 10).is_err());
        let mut bad = x.clone();
        bad[(3, 1)] = f64::NAN;
        assert!(fit_multinomial(&bad, &y, 3, 1.0, 10).is_err());
        // the objective of weights of the wrong shape, or of too few labels
        let fit = fit_multinomial(&x, &y, 3, 1.0, 50).unwrap();
        assert!(objective(&x, &y, 1.0, &fit.weights[..3], &fit.intercept).is_err());
        assert!(objective(&x, &y[..9], 1.0, &fit.weights, &fit.intercept).is_err());
        assert!(objective(&x, &y, 1.0, &fit.weights, &fit.intercept[..2]).is_err());
    }
}
