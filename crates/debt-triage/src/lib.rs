//! # debt-triage
//!
//! Ranks incoming debt-counselling cases by urgency and suggests a counselling track,
//! explainably: a counsellor sees the score (0–100), the predicted urgency class (U0–U3), the
//! track, and the reasons in a counsellor's words. The counsellor decides; the ranking only
//! orders the waiting list.
//!
//! The chain, bottom up: [`case`] (the intake schema) → [`rules`] (the true urgency of a
//! generated situation) → [`generate`](mod@generate) (a calibrated synthetic year with ground truth and
//! biased historical labels) → [`checklist`] (the points baseline) → [`features`] → [`model`]
//! (logistic regression, a tree or a forest, calibrated) → [`explain`] → [`score`] →
//! [`evaluate`](mod@evaluate) (missed emergencies against first come and the checklist, calibration, a
//! waiting-list simulation, and the fairness audit of missed emergencies).
//!
//! ```
//! use debt_triage::{GeneratorSpec, TrainOptions, evaluate, generate, train};
//! use welfare_data::cases::Urgency;
//!
//! let year = generate(&GeneratorSpec::new(1_500, 1))?;
//! let model = train(&year.cases, &TrainOptions::default())?;
//! let scores = model.score(&year.cases.cases);
//! assert!(scores.iter().all(|s| (0.0..=100.0).contains(&s.urgency_score)));
//! let e = evaluate(&model, &generate(&GeneratorSpec::new(1_500, 2))?.cases, 1)?;
//! // the model misses fewer emergencies than first come, first served
//! assert!(e.rankings.model.missed_emergencies < e.rankings.first_come.missed_emergencies);
//! assert!(e.recall.of(Urgency::U3).unwrap() > 0.5);
//! # Ok::<(), debt_triage::TriageError>(())
//! ```

#![warn(missing_docs)]

pub mod case;
pub mod checklist;
pub mod error;
pub mod evaluate;
pub mod explain;
pub mod features;
pub mod generate;
pub mod logistic;
pub mod model;
pub mod rules;
pub mod score;

pub use case::{Case, Cases, Track};
pub use error::TriageError;
pub use evaluate::{Evaluation, MissRates, Ranking, Rankings, evaluate};
pub use generate::{GeneratorSpec, generate};
pub use model::{
    ModelKind, Target, TrainOptions, TrainingDesign, TriageModel, train, training_design,
};
pub use score::Score;
