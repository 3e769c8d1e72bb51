//! Urgency and track models: multinomial logistic regression, a decision tree, a random
//! forest (the suite's CART trees, `welfare_ensemble::CartTree`) and gradient-boosted trees
//! (`welfare_ensemble::Boosting`), temperature-calibrated, with reasons taken from the model's
//! own arithmetic.

use std::path::Path;

use ndarray::Array2;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::case::{Case, Cases, Track};
use crate::error::TriageError;
use crate::features::Pipeline;
use welfare_ensemble::{BoostingParams, CartParams, CartTree, Classes, Decomposition, LeafValue};

/// Version of the model file layout. 2: tree leaves are `{"p": share}` in the suite's CART
/// format (schema 1 had `{"p": [share]}`); logistic and boosting models are laid out as in
/// schema 1, so their schema-1 files still load.
pub const SCHEMA_VERSION: u32 = 2;

/// Which model to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// Multinomial logistic regression (L-BFGS to convergence, [`crate::logistic`]).
    Logistic,
    /// A single decision tree (linfa-trees).
    Tree,
    /// Bagged trees on bootstrap samples (linfa-trees).
    Forest,
    /// Gradient-boosted trees (welfare-ensemble: forust-ml, early stopping), one booster per
    /// binary target.
    Boosting,
}

impl ModelKind {
    /// The name on the command line and in outputs (`logistic`, `tree`, `forest`, `boosting`).
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Logistic => "logistic",
            ModelKind::Tree => "tree",
            ModelKind::Forest => "forest",
            ModelKind::Boosting => "boosting",
        }
    }
}

/// Which label to learn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The true urgency (`urgency_true`).
    UrgencyTrue,
    /// The urgency counsellors recorded (`urgency_recorded`, with its biases).
    UrgencyRecorded,
}

impl Target {
    /// The column name (`urgency_true`, `urgency_recorded`).
    pub fn name(self) -> &'static str {
        match self {
            Target::UrgencyTrue => "urgency_true",
            Target::UrgencyRecorded => "urgency_recorded",
        }
    }
}

/// A fitted classifier over the pipeline's features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Classifier {
    /// `weights[feature][class]`, `intercept[class]`.
    Logistic {
        /// `weights[feature][class]`.
        weights: Vec<Vec<f64>>,
        /// `intercept[class]`.
        intercept: Vec<f64>,
    },
    /// Binary CART trees (one per binary target; several per target for a forest), leaves
    /// holding the Laplace-smoothed share of the positive class. Binary targets keep
    /// linfa-trees deterministic: with more than two classes its Gini sums iterate a
    /// `HashMap`, so equal data could give different trees from run to run.
    Trees {
        /// How the binary trees combine.
        decomposition: Decomposition,
        /// Number of classes.
        classes: usize,
        /// Per binary target, its trees.
        targets: Vec<Vec<CartTree>>,
    },
    /// Gradient-boosted binary targets (welfare-ensemble).
    Boosted {
        /// The boosters and how they combine.
        boosters: Classes,
    },
}

impl Classifier {
    fn classes(&self) -> usize {
        match self {
            Classifier::Logistic { intercept, .. } => intercept.len(),
            Classifier::Trees { classes, .. } => *classes,
            Classifier::Boosted { boosters } => boosters.classes,
        }
    }

    /// Raw scores (log-probabilities up to a constant).
    fn logits(&self, x: &[f64], out: &mut [f64]) {
        match self {
            Classifier::Logistic { weights, intercept } => {
                out.copy_from_slice(intercept);
                if let [o0, o1, o2, o3] = out {
                    // four classes (urgency, track): no branch per feature, vectorised
                    let mut acc = [0.0f64; 4];
                    for (w, &v) in weights.iter().zip(x) {
                        if let [a, b, c, d] = w[..] {
                            acc[0] += v * a;
                            acc[1] += v * b;
                            acc[2] += v * c;
                            acc[3] += v * d;
                        }
                    }
                    *o0 += acc[0];
                    *o1 += acc[1];
                    *o2 += acc[2];
                    *o3 += acc[3];
                } else {
                    for (w, &v) in weights.iter().zip(x) {
                        if v != 0.0 {
                            for (o, wk) in out.iter_mut().zip(w) {
                                *o += v * wk;
                            }
                        }
                    }
                }
            }
            Classifier::Trees {
                decomposition,
                targets,
                ..
            } => {
                let share = |trees: &Vec<CartTree>| {
                    let sum: f64 = trees.iter().map(|t| t.predict(x)).sum();
                    sum / trees.len().max(1) as f64
                };
                match decomposition {
                    Decomposition::Ordinal => {
                        // P(≥ k) for k = 1..K-1, non-increasing
                        let mut at_least = 1.0f64;
                        let mut prev = 1.0f64;
                        for (k, trees) in targets.iter().enumerate() {
                            let q = share(trees).min(prev);
                            out[k] = prev - q;
                            prev = q;
                            at_least = q;
                        }
                        out[targets.len()] = at_least;
                    }
                    Decomposition::OneVsRest => {
                        for (o, trees) in out.iter_mut().zip(targets) {
                            *o = share(trees);
                        }
                    }
                }
                let total: f64 = out.iter().sum::<f64>().max(1e-12);
                for o in out.iter_mut() {
                    *o = (*o / total).max(1e-6).ln();
                }
            }
            Classifier::Boosted { boosters } => {
                boosters.probabilities(x, out);
                for o in out.iter_mut() {
                    *o = o.max(1e-9).ln();
                }
            }
        }
    }

    fn check(&self, width: usize, classes: usize) -> Result<(), String> {
        match self {
            Classifier::Logistic { weights, intercept } => {
                if weights.len() != width
                    || intercept.len() != classes
                    || weights.iter().any(|w| w.len() != classes)
                    || weights
                        .iter()
                        .flatten()
                        .chain(intercept)
                        .any(|v| !v.is_finite())
                {
                    return Err("logistic weights do not match the feature schema".into());
                }
            }
            Classifier::Boosted { boosters } => {
                boosters.check(width, classes).map_err(|e| e.to_string())?;
            }
            Classifier::Trees {
                decomposition,
                classes: c,
                targets,
            } => {
                let expected = match decomposition {
                    Decomposition::Ordinal => classes - 1,
                    Decomposition::OneVsRest => classes,
                };
                if *c != classes || targets.len() != expected || targets.iter().any(Vec::is_empty) {
                    return Err("tree targets do not match the classes".into());
                }
                for tree in targets.iter().flatten() {
                    tree.check(width).map_err(|e| e.to_string())?;
                }
            }
        }
        Ok(())
    }
}

/// Softmax of `logits / temperature` into `out`.
fn softmax(logits: &[f64], temperature: f64, out: &mut [f64]) {
    let m = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for (o, &l) in out.iter_mut().zip(logits) {
        *o = ((l - m) / temperature).exp();
        sum += *o;
    }
    for o in out.iter_mut() {
        *o /= sum;
    }
}

/// A calibrated classifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibrated {
    /// The fitted classifier.
    pub classifier: Classifier,
    /// Temperature fitted on held-out training cases (1 = as fitted).
    pub temperature: f64,
}

impl Calibrated {
    /// Class probabilities of one feature row (`logits` is scratch space).
    pub fn probabilities(&self, x: &[f64], logits: &mut [f64], out: &mut [f64]) {
        self.classifier.logits(x, logits);
        softmax(logits, self.temperature, out);
    }
}

/// The triage model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageModel {
    /// Version of the file layout ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The learner.
    pub kind: ModelKind,
    /// The label it was trained on.
    pub target: Target,
    /// The feature pipeline (names, scaling).
    pub pipeline: Pipeline,
    /// Urgency classifier over U0–U3.
    pub urgency: Calibrated,
    /// Track classifier over the four tracks (trained on `track_true`).
    pub track: Calibrated,
    /// Cases it was trained on.
    pub training_cases: usize,
}

/// Settings of [`train`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// The learner.
    pub kind: ModelKind,
    /// The label to learn.
    pub target: Target,
    /// L2 penalty of the logistic regression.
    pub alpha: f64,
    /// Iterations of the logistic regression's optimiser.
    pub max_iterations: u64,
    /// Depth of each tree.
    pub tree_depth: usize,
    /// Trees of the forest (per binary target).
    pub trees: usize,
    /// Trees learn urgency as ordered classes (binary "≥ k" targets) rather than one-vs-rest.
    pub ordinal_urgency: bool,
    /// Share of training cases held out to fit the temperature.
    pub calibration_share: f64,
    /// Seed of the bootstrap samples and the calibration split.
    pub seed: u64,
    /// Hyperparameters of the gradient boosting (its `seed` is replaced by [`Self::seed`]).
    pub boosting: BoostingParams,
    /// Gradient boosting: after the number of trees and the temperature are found on the
    /// held-out share, fit the boosters again on all training cases with that many trees
    /// (the temperature is kept). Off by default: on the tuning years (example
    /// `tune_boosting`) it doubled the training time for a pair error 0.0791 → 0.0789 and an
    /// ECE 0.0047 → 0.0058.
    pub boosting_refit: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            kind: ModelKind::Logistic,
            target: Target::UrgencyTrue,
            alpha: 1.0,
            max_iterations: 5_000,
            tree_depth: 8,
            trees: 50,
            ordinal_urgency: true,
            calibration_share: 0.2,
            seed: 11,
            boosting: BoostingParams::default(),
            boosting_refit: false,
        }
    }
}

impl TrainOptions {
    /// Checks the settings before any work.
    pub fn check(&self) -> Result<(), TriageError> {
        let bad = |name, reason: &str| {
            Err(TriageError::Parameter {
                name,
                reason: reason.into(),
            })
        };
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return bad("alpha", "must be a number >= 0");
        }
        if self.max_iterations == 0 {
            return bad("max_iterations", "must be at least 1");
        }
        if !(1..=1000).contains(&self.trees) {
            return bad("trees", "must be between 1 and 1000");
        }
        if !(1..=30).contains(&self.tree_depth) {
            return bad("tree_depth", "must be between 1 and 30");
        }
        if !(self.calibration_share > 0.0 && self.calibration_share < 0.5) {
            return bad("calibration_share", "must be between 0 and 0.5");
        }
        self.boosting.check().map_err(|e| match e {
            welfare_ensemble::EnsembleError::Parameter { name, reason } => {
                TriageError::Parameter { name, reason }
            }
            other => TriageError::Fit(other.to_string()),
        })?;
        Ok(())
    }
}

fn fit_classifier(
    x: &Array2<f64>,
    y: &[usize],
    held_out: (&Array2<f64>, &[usize]),
    classes: usize,
    ordinal: bool,
    options: &TrainOptions,
    source: &str,
) -> Result<Classifier, TriageError> {
    let mut present = vec![false; classes];
    for &c in y {
        present[c] = true;
    }
    if present.iter().any(|p| !p) {
        return Err(TriageError::Training {
            file: source.to_owned(),
            reason: format!(
                "every class must occur in the training data ({} of {classes} do)",
                present.iter().filter(|&&p| p).count()
            ),
        });
    }
    match options.kind {
        ModelKind::Logistic => {
            let fit = crate::logistic::fit_multinomial(
                x,
                y,
                classes,
                options.alpha,
                options.max_iterations,
            )?;
            let what = format!(
                "logistic regression over {classes} classes: {} iterations, objective {:.6}, \
                 gradient norm {:.2e}",
                fit.iterations, fit.objective, fit.gradient_norm
            );
            if fit.converged {
                log::info!(target: "welfare::progress", "{what}, converged");
            } else {
                log::warn!(
                    "{source}: {what}: not converged within {} iterations",
                    options.max_iterations
                );
            }
            Ok(Classifier::Logistic {
                weights: fit.weights,
                intercept: fit.intercept,
            })
        }
        ModelKind::Boosting => {
            let boosting = BoostingParams {
                seed: options.seed,
                ..options.boosting
            }
            .check()
            .map_err(|e| TriageError::Fit(e.to_string()))?;
            let decomposition = if ordinal {
                Decomposition::Ordinal
            } else {
                Decomposition::OneVsRest
            };
            // early stopping on the held-out calibration rows: every fitted row trains
            let boosters = Classes::fit_with_validation(
                &boosting,
                x.view(),
                y,
                (held_out.0.view(), held_out.1),
                classes,
                decomposition,
                |d, t| {
                    log::info!(
                        target: "welfare::progress",
                        "gradient boosting over {classes} classes: booster {d} of {t} fitted"
                    )
                },
            )
            .map_err(|e| TriageError::Training {
                file: source.to_owned(),
                reason: e.to_string(),
            })?;
            Ok(Classifier::Boosted { boosters })
        }
        ModelKind::Tree | ModelKind::Forest => {
            let decomposition = if ordinal {
                Decomposition::Ordinal
            } else {
                Decomposition::OneVsRest
            };
            let binary: Vec<Vec<bool>> = match decomposition {
                Decomposition::Ordinal => (1..classes)
                    .map(|k| y.iter().map(|&c| c >= k).collect())
                    .collect(),
                Decomposition::OneVsRest => (0..classes)
                    .map(|k| y.iter().map(|&c| c == k).collect())
                    .collect(),
            };
            let bags = if options.kind == ModelKind::Forest {
                options.trees
            } else {
                1
            };
            let n = x.nrows();
            let mut targets = Vec::with_capacity(binary.len());
            for (t, yb) in binary.iter().enumerate() {
                let mut trees = Vec::with_capacity(bags);
                for b in 0..bags {
                    let weight = if options.kind == ModelKind::Forest {
                        let mut rng = welfare_data::rng::stream(
                            options.seed,
                            &format!("debt-triage/forest/{classes}/{t}/{b}"),
                        );
                        welfare_ensemble::bootstrap_weights(n, &mut rng)
                    } else {
                        vec![1; n]
                    };
                    trees.push(fit_binary_tree(x, yb, &weight, options)?);
                }
                targets.push(trees);
            }
            Ok(Classifier::Trees {
                decomposition,
                classes,
                targets,
            })
        }
    }
}

/// One binary CART tree on the rows of `x` weighted by `weight` (a bootstrap's counts, or all
/// ones); leaves hold the Laplace-smoothed share of positives among the rows that reach them.
fn fit_binary_tree(
    x: &Array2<f64>,
    y: &[bool],
    weight: &[u32],
    options: &TrainOptions,
) -> Result<CartTree, TriageError> {
    let cols: Vec<usize> = (0..x.ncols()).collect();
    let params = CartParams {
        max_depth: Some(options.tree_depth),
        min_leaf: 5.0,
        min_split: 10.0,
        leaf_value: LeafValue::Laplace,
    };
    CartTree::fit(x, y, weight, &cols, &params).map_err(|e| TriageError::Fit(e.to_string()))
}

/// Temperature minimising the log-loss on held-out rows (golden-section search on log T).
fn fit_temperature(c: &Classifier, x: &Array2<f64>, y: &[usize]) -> f64 {
    let k = c.classes();
    let mut logits = vec![0.0; k];
    let all: Vec<Vec<f64>> = x
        .rows()
        .into_iter()
        .map(|r| {
            c.logits(r.as_slice().expect("standard layout"), &mut logits);
            logits.clone()
        })
        .collect();
    let loss = |t: f64| {
        let mut p = vec![0.0; k];
        let mut sum = 0.0;
        for (l, &yy) in all.iter().zip(y) {
            softmax(l, t, &mut p);
            sum -= p[yy].max(1e-12).ln();
        }
        sum
    };
    let (mut a, mut b) = ((0.05f64).ln(), (20.0f64).ln());
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..60 {
        let c1 = b - phi * (b - a);
        let c2 = a + phi * (b - a);
        if loss(c1.exp()) < loss(c2.exp()) {
            b = c2;
        } else {
            a = c1;
        }
    }
    ((a + b) / 2.0).exp()
}

fn labels_of(cases: &Cases, target: Target) -> Result<(Vec<usize>, Vec<usize>), TriageError> {
    let column = match target {
        Target::UrgencyTrue => "urgency_true",
        Target::UrgencyRecorded => "urgency_recorded",
    };
    let mut u = Vec::with_capacity(cases.labels.len());
    let mut t = Vec::with_capacity(cases.labels.len());
    for l in &cases.labels {
        let label = match target {
            Target::UrgencyTrue => l.urgency_true,
            Target::UrgencyRecorded => l.urgency_recorded,
        };
        u.push(label.ok_or_else(|| TriageError::Training {
            file: cases.source.clone(),
            reason: format!("the column '{column}' is needed for training"),
        })? as usize);
        t.push(l.track_true.ok_or_else(|| TriageError::Training {
            file: cases.source.clone(),
            reason: "the column 'track_true' is needed for training".into(),
        })? as usize);
    }
    Ok((u, t))
}

/// Trains urgency and track models on labelled cases.
pub fn train(cases: &Cases, options: &TrainOptions) -> Result<TriageModel, TriageError> {
    options.check()?;
    if cases.cases.len() < 50 {
        return Err(TriageError::Training {
            file: cases.source.clone(),
            reason: format!(
                "{} cases are too few to train (at least 50)",
                cases.cases.len()
            ),
        });
    }
    let (urgency, track) = labels_of(cases, options.target)?;
    let (fit, cal) = calibration_split(cases.cases.len(), options);
    let pick = |idx: &[usize]| {
        idx.iter()
            .map(|&i| cases.cases[i].clone())
            .collect::<Vec<Case>>()
    };
    let fit_cases = pick(&fit);
    let pipeline = Pipeline::fit(&fit_cases);
    let x_fit = pipeline.matrix(&fit_cases);
    let x_cal = pipeline.matrix(&pick(&cal));
    let sel = |v: &[usize], idx: &[usize]| idx.iter().map(|&i| v[i]).collect::<Vec<usize>>();
    let mut models = Vec::new();
    let ordinal = options.ordinal_urgency;
    for (labels, classes, ordered) in [
        (&urgency, 4usize, ordinal),
        (&track, Track::ALL.len(), false),
    ] {
        let held_out = sel(labels, &cal);
        let c = fit_classifier(
            &x_fit,
            &sel(labels, &fit),
            (&x_cal, &held_out),
            classes,
            ordered,
            options,
            &cases.source,
        )?;
        let temperature = fit_temperature(&c, &x_cal, &held_out);
        let c = match c {
            Classifier::Boosted { boosters } if options.boosting_refit => {
                let x_all = ndarray::concatenate(ndarray::Axis(0), &[x_fit.view(), x_cal.view()])
                    .map_err(|e| TriageError::Fit(e.to_string()))?;
                let mut y_all = sel(labels, &fit);
                y_all.extend_from_slice(&held_out);
                let boosting = BoostingParams {
                    seed: options.seed,
                    ..options.boosting
                }
                .check()
                .map_err(|e| TriageError::Fit(e.to_string()))?;
                let boosters = boosters
                    .refit(&boosting, x_all.view(), &y_all, |d, t| {
                        log::info!(
                            target: "welfare::progress",
                            "gradient boosting, refit on all {} cases: booster {d} of {t}",
                            y_all.len()
                        )
                    })
                    .map_err(|e| TriageError::Training {
                        file: cases.source.clone(),
                        reason: e.to_string(),
                    })?;
                Classifier::Boosted { boosters }
            }
            other => other,
        };
        models.push(Calibrated {
            classifier: c,
            temperature,
        });
    }
    let track_model = models.pop().expect("two models");
    let urgency_model = models.pop().expect("two models");
    Ok(TriageModel {
        schema_version: SCHEMA_VERSION,
        kind: options.kind,
        target: options.target,
        pipeline,
        urgency: urgency_model,
        track: track_model,
        training_cases: cases.cases.len(),
    })
}

/// The rows the classifiers are fitted on (the held-out share for the temperature is left out),
/// seeded: (fit, calibration) indices into the cases.
fn calibration_split(cases: usize, options: &TrainOptions) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (0..cases).collect();
    let mut rng = welfare_data::rng::stream(options.seed, "debt-triage/calibration-split");
    order.shuffle(&mut rng);
    let held = ((cases as f64) * options.calibration_share).round() as usize;
    (order[held..].to_vec(), order[..held].to_vec())
}

/// Exactly what [`train`] fits its classifiers on, for fitting other learners on the same data
/// (`welfare triage train --dump-features`, `benches/peers/triage_sklearn.py`).
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingDesign {
    /// Feature names, in column order.
    pub names: Vec<String>,
    /// The scaled feature matrix of the fitted rows.
    pub x: Array2<f64>,
    /// Urgency class (0–3 for U0–U3) of each row, from the chosen target.
    pub urgency: Vec<usize>,
    /// Track class (index into [`Track::ALL`]) of each row.
    pub track: Vec<usize>,
    /// The ids of the fitted cases, in row order.
    pub case_ids: Vec<String>,
}

/// The design matrix and labels that [`train`] fits on with these options (same split, same
/// scaling).
pub fn training_design(
    cases: &Cases,
    options: &TrainOptions,
) -> Result<TrainingDesign, TriageError> {
    options.check()?;
    let (urgency, track) = labels_of(cases, options.target)?;
    let (fit, _) = calibration_split(cases.cases.len(), options);
    let fit_cases: Vec<Case> = fit.iter().map(|&i| cases.cases[i].clone()).collect();
    let pipeline = Pipeline::fit(&fit_cases);
    Ok(TrainingDesign {
        names: pipeline.names.clone(),
        x: pipeline.matrix(&fit_cases),
        urgency: fit.iter().map(|&i| urgency[i]).collect(),
        track: fit.iter().map(|&i| track[i]).collect(),
        case_ids: fit_cases.iter().map(|c| c.case_id.clone()).collect(),
    })
}

impl TriageModel {
    /// Writes the model as versioned JSON, atomically.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<(), TriageError> {
        Ok(welfare_data::model_file::save(path.as_ref(), self)?)
    }

    /// Reads a model file (checks its version and feature schema).
    pub fn load(path: impl AsRef<Path>) -> Result<TriageModel, TriageError> {
        let path = path.as_ref();
        let bytes = welfare_data::model_file::read(path)?;
        Self::from_json(&path.display().to_string(), &bytes)
    }

    /// Decodes model JSON (`file` names it in messages).
    pub fn from_json(file: &str, bytes: &[u8]) -> Result<TriageModel, TriageError> {
        let bad = |reason: String| TriageError::Model {
            file: file.to_owned(),
            reason,
        };
        // schema 1 differs only in the tree leaves: its logistic and boosting files load
        let m: TriageModel =
            welfare_data::model_file::decode_versions(bytes, &[1, SCHEMA_VERSION], "triage model")
                .map_err(|e| {
                    if welfare_data::model_file::schema_version(bytes) == Some(1) {
                        bad(format!(
                            "{e} (a tree or forest model of schema_version 1: this build reads \
                             schema {SCHEMA_VERSION}; train it again with `welfare triage train`)"
                        ))
                    } else {
                        bad(e)
                    }
                })?;
        if m.pipeline.names != Pipeline::feature_names()
            || m.pipeline.scaling.len() != crate::features::NUMERIC_INPUTS
            || m.pipeline
                .scaling
                .iter()
                .any(|(a, b)| !(a.is_finite() && b.is_finite() && *b > 0.0))
        {
            return Err(bad("the feature schema does not match this build".into()));
        }
        let mut m = m;
        m.schema_version = SCHEMA_VERSION; // read as the current layout, saved as such
        let w = m.pipeline.width();
        m.urgency.classifier.check(w, 4).map_err(&bad)?;
        m.track
            .classifier
            .check(w, Track::ALL.len())
            .map_err(&bad)?;
        for t in [m.urgency.temperature, m.track.temperature] {
            if !(t.is_finite() && t > 0.0) {
                return Err(bad("temperature must be positive".into()));
            }
        }
        Ok(m)
    }
}
