//! Several classes from binary boosters.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::boosting::{Booster, Boosting};
use crate::error::EnsembleError;

/// How binary boosters make a prediction over several classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decomposition {
    /// Ordered classes 0…K−1: one booster per "class ≥ k", k = 1…K−1 (Frank & Hall 2001);
    /// P(k) = P(≥ k) − P(≥ k+1), with P(≥ k) made non-increasing.
    Ordinal,
    /// Unordered classes: one booster per class against the rest, shares normalised.
    OneVsRest,
}

/// A classifier over `classes` classes made of binary boosters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classes {
    /// How the boosters combine.
    pub decomposition: Decomposition,
    /// Number of classes.
    pub classes: usize,
    /// One booster per binary target (K−1 ordinal, K one-vs-rest), in class order.
    pub boosters: Vec<Booster>,
}

impl Classes {
    /// Fits one booster per binary target of `y` (class indices below `classes`).
    /// `progress` is called after each booster with (done, total).
    pub fn fit(
        boosting: &Boosting,
        x: ArrayView2<f64>,
        y: &[usize],
        classes: usize,
        decomposition: Decomposition,
        progress: impl FnMut(usize, usize),
    ) -> Result<Classes, EnsembleError> {
        Self::fit_inner(boosting, x, y, None, classes, decomposition, progress)
    }

    /// Like [`Classes::fit`], each booster stopping early on the given held-out rows
    /// ([`Boosting::fit_with_validation`]).
    pub fn fit_with_validation(
        boosting: &Boosting,
        x: ArrayView2<f64>,
        y: &[usize],
        validation: (ArrayView2<f64>, &[usize]),
        classes: usize,
        decomposition: Decomposition,
        progress: impl FnMut(usize, usize),
    ) -> Result<Classes, EnsembleError> {
        Self::fit_inner(
            boosting,
            x,
            y,
            Some(validation),
            classes,
            decomposition,
            progress,
        )
    }

    fn fit_inner(
        boosting: &Boosting,
        x: ArrayView2<f64>,
        y: &[usize],
        validation: Option<(ArrayView2<f64>, &[usize])>,
        classes: usize,
        decomposition: Decomposition,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Classes, EnsembleError> {
        if classes < 2 {
            return Err(EnsembleError::Data(format!(
                "{classes} class: at least two are needed"
            )));
        }
        for (what, labels) in
            std::iter::once(("row", y)).chain(validation.map(|v| ("validation row", v.1)))
        {
            if let Some(i) = labels.iter().position(|&c| c >= classes) {
                return Err(EnsembleError::Data(format!(
                    "{what} {i}: class {} is not below {classes}",
                    labels[i]
                )));
            }
        }
        let binary = |y: &[usize]| -> Vec<Vec<bool>> {
            match decomposition {
                Decomposition::Ordinal => (1..classes)
                    .map(|k| y.iter().map(|&c| c >= k).collect())
                    .collect(),
                Decomposition::OneVsRest => (0..classes)
                    .map(|k| y.iter().map(|&c| c == k).collect())
                    .collect(),
            }
        };
        let targets = binary(y);
        let held_out = validation.map(|(vx, vy)| (vx, binary(vy)));
        let total = targets.len();
        let mut boosters = Vec::with_capacity(total);
        for (t, yb) in targets.iter().enumerate() {
            boosters.push(match &held_out {
                Some((vx, vy)) => boosting.fit_with_validation(x, yb, (*vx, &vy[t]))?,
                None => boosting.fit(x, yb, None)?,
            });
            progress(t + 1, total);
        }
        Ok(Classes {
            decomposition,
            classes,
            boosters,
        })
    }

    /// Fits the same decomposition again on `x`, `y` (usually more rows: the training and the
    /// held-out rows together) with each booster's number of trees fixed to what this one
    /// stopped at (at least 1), without early stopping.
    pub fn refit(
        &self,
        boosting: &Boosting,
        x: ArrayView2<f64>,
        y: &[usize],
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Classes, EnsembleError> {
        check_labels("row", y, self.classes)?;
        let targets = binary_targets(y, self.classes, self.decomposition);
        let total = self.boosters.len();
        let mut boosters = Vec::with_capacity(total);
        for (t, b) in self.boosters.iter().enumerate() {
            let fixed = crate::BoostingParams {
                iterations: b.trees.len().max(1),
                validation_share: 0.0,
                ..*boosting.params()
            }
            .check()?;
            boosters.push(fixed.fit(x, &targets[t], None)?);
            progress(t + 1, total);
        }
        Ok(Classes {
            decomposition: self.decomposition,
            classes: self.classes,
            boosters,
        })
    }

    /// Class probabilities of one row into `out` (length `classes`), summing to 1.
    pub fn probabilities(&self, x: &[f64], out: &mut [f64]) {
        match self.decomposition {
            Decomposition::Ordinal => {
                let mut prev = 1.0f64;
                for (k, b) in self.boosters.iter().enumerate() {
                    let q = b.probability(x).min(prev);
                    out[k] = prev - q;
                    prev = q;
                }
                out[self.boosters.len()] = prev;
            }
            Decomposition::OneVsRest => {
                for (o, b) in out.iter_mut().zip(&self.boosters) {
                    *o = b.probability(x);
                }
            }
        }
        let total: f64 = out.iter().sum::<f64>();
        if total > 0.0 {
            out.iter_mut().for_each(|o| *o /= total);
        } else {
            out.fill(1.0 / out.len() as f64);
        }
    }

    /// Checks a stored classifier: the number of boosters fits the classes and each booster
    /// fits the feature count.
    pub fn check(&self, features: usize, classes: usize) -> Result<(), EnsembleError> {
        let expected = match self.decomposition {
            Decomposition::Ordinal => classes.saturating_sub(1),
            Decomposition::OneVsRest => classes,
        };
        if self.classes != classes || self.boosters.len() != expected || classes < 2 {
            return Err(EnsembleError::Model(format!(
                "{} boosters for {} classes ({:?}); expected {expected} for {classes}",
                self.boosters.len(),
                self.classes,
                self.decomposition
            )));
        }
        self.boosters.iter().try_for_each(|b| b.check(features))
    }
}

fn check_labels(what: &str, labels: &[usize], classes: usize) -> Result<(), EnsembleError> {
    match labels.iter().position(|&c| c >= classes) {
        Some(i) => Err(EnsembleError::Data(format!(
            "{what} {i}: class {} is not below {classes}",
            labels[i]
        ))),
        None => Ok(()),
    }
}

/// The binary targets of a decomposition, in booster order.
fn binary_targets(y: &[usize], classes: usize, decomposition: Decomposition) -> Vec<Vec<bool>> {
    match decomposition {
        Decomposition::Ordinal => (1..classes)
            .map(|k| y.iter().map(|&c| c >= k).collect())
            .collect(),
        Decomposition::OneVsRest => (0..classes)
            .map(|k| y.iter().map(|&c| c == k).collect())
            .collect(),
    }
}
