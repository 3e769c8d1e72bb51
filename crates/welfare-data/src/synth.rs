//! Seeded synthetic data that tests and benchmarks can generate at any scale.
//!
//! Same parameters and seed give the same data on every machine (ChaCha8, see [`crate::rng`]).

use rand::Rng;
use rand_distr::{Distribution, Normal};

use crate::predictions::{Categorical, Predictions};
use crate::rng::stream;

/// Shape of a synthetic prediction table.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictionSpec {
    /// Rows to generate.
    pub rows: usize,
    /// Number of districts (a third sensitive attribute with many levels).
    pub districts: usize,
    /// Extra log-odds of a positive decision for the `female` group (negative = disadvantaged).
    pub female_shift: f64,
    /// The seed (same seed, same table).
    pub seed: u64,
}

impl PredictionSpec {
    /// A spec for `rows` rows with `seed`.
    pub fn new(rows: usize, seed: u64) -> Self {
        PredictionSpec {
            rows,
            districts: 10,
            female_shift: -0.4,
            seed,
        }
    }
}

/// A prediction table with `y_true`, `y_pred`, `y_score` and sensitive columns `sex`
/// (`female`/`male`), `age_group` (`<25`/`>=25`) and `district` (`d01`…). The score is a noisy
/// logistic function of the true outcome with a group-dependent shift, so the groups differ in
/// selection rate and error rates the way real audits find.
pub fn predictions(spec: &PredictionSpec) -> Predictions {
    let mut rng = stream(spec.seed, "synthetic-predictions");
    let noise = Normal::new(0.0, 1.2).expect("constant parameters are valid");
    let districts = spec.districts.max(1);
    let levels: Vec<String> = (1..=districts).map(|d| format!("d{d:02}")).collect();
    let n = spec.rows;
    let (mut y_true, mut y_pred, mut y_score) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut sex, mut age, mut district) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for _ in 0..n {
        let female = rng.r#gen::<f64>() < 0.31;
        let young = rng.r#gen::<f64>() < 0.15;
        let d = rng.gen_range(0..districts);
        let base = 0.70 - if young { 0.12 } else { 0.0 } - 0.02 * (d % 3) as f64;
        let truth = rng.r#gen::<f64>() < base;
        let logit = if truth { 1.4 } else { -0.6 }
            + if female { spec.female_shift } else { 0.0 }
            + if young { -0.3 } else { 0.0 }
            + noise.sample(&mut rng);
        let score = 1.0 / (1.0 + (-logit).exp());
        y_true.push(truth);
        y_pred.push(score > 0.5);
        y_score.push(score);
        sex.push(u32::from(!female)); // levels sorted: female, male
        age.push(u32::from(!young)); // levels sorted: <25, >=25
        district.push(d as u32);
    }
    Predictions {
        y_true,
        y_pred,
        y_score: Some(y_score),
        sensitive: vec![
            Categorical {
                name: "sex".into(),
                levels: vec!["female".into(), "male".into()],
                codes: sex,
            },
            Categorical {
                name: "age_group".into(),
                levels: vec!["<25".into(), ">=25".into()],
                codes: age,
            },
            Categorical {
                name: "district".into(),
                levels,
                codes: district,
            },
        ],
    }
}
