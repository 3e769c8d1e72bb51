//! One feature pipeline for training and scoring: one-hot categories, scaled numbers with
//! missingness indicators (unknown amounts and deadlines are information, not zeros), flags.
//!
//! Never features: `sex`, `nationality_group`, `language_support`, `age` (audit attributes or
//! their proxies; the model must not rank by who someone is), `case_id`, `arrival_day`.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::case::*;

/// A numeric input (optional ones get a missingness indicator).
#[derive(Debug, Clone, Copy)]
struct Numeric {
    name: &'static str,
    get: fn(&Case) -> Option<f64>,
}

/// Number of numeric inputs.
pub const NUMERIC_INPUTS: usize = 12;

const NUMERIC: [Numeric; NUMERIC_INPUTS] = [
    Numeric {
        name: "household_size",
        get: |c| Some(f64::from(c.household_size)),
    },
    Numeric {
        name: "children",
        get: |c| Some(f64::from(c.children)),
    },
    Numeric {
        name: "own_income_eur",
        get: |c| c.own_income_eur,
    },
    Numeric {
        name: "household_income_eur",
        get: |c| c.household_income_eur,
    },
    Numeric {
        name: "housing_share",
        get: |c| match (c.housing_cost_eur, c.household_income_eur) {
            (Some(h), Some(i)) if i > 0.0 => Some((h / i).min(3.0)),
            _ => None,
        },
    },
    Numeric {
        name: "log_total_debt",
        get: |c| c.total_debt_eur.map(|d| (1.0 + d).ln()),
    },
    Numeric {
        name: "creditors",
        get: |c| Some(f64::from(c.creditors)),
    },
    Numeric {
        name: "deadline_days",
        get: |c| c.deadline_days.map(f64::from),
    },
    // ordinal stages (trees split on them once instead of on each level)
    Numeric {
        name: "energy_level",
        get: |c| Some(c.energy_stage as usize as f64),
    },
    Numeric {
        name: "eviction_level",
        get: |c| Some(c.eviction_stage as usize as f64),
    },
    Numeric {
        name: "enforcement_level",
        get: |c| Some(c.enforcement_stage as usize as f64),
    },
    Numeric {
        name: "checklist_points",
        get: |c| Some(crate::checklist::checklist_points(c)),
    },
];

/// A yes/no input.
type Flag = (&'static str, fn(&Case) -> bool);

const FLAGS: [Flag; 12] = [
    ("addiction", |c| c.addiction),
    ("cred_bank", |c| c.cred_bank),
    ("cred_public", |c| c.cred_public),
    ("cred_telecom", |c| c.cred_telecom),
    ("cred_mail_order", |c| c.cred_mail_order),
    ("cred_energy", |c| c.cred_energy),
    ("cred_landlord", |c| c.cred_landlord),
    ("wage_garnishment", |c| c.wage_garnishment),
    ("health_crisis", |c| c.health_crisis),
    ("documents_complete", |c| c.documents_complete),
    ("deadline_within_14_days", |c| {
        c.deadline_days.is_some_and(|d| d <= 14)
    }),
    ("deadline_within_30_days", |c| {
        c.deadline_days.is_some_and(|d| d <= 30)
    }),
];

/// One-hot groups: (prefix, levels, level of a case).
fn categorical(case: &Case) -> [(&'static str, &'static [&'static str], usize); 8] {
    [
        (
            "household_type",
            HouseholdType::LEVELS,
            case.household_type as usize,
        ),
        ("employment", Employment::LEVELS, case.employment as usize),
        ("main_trigger", Trigger::LEVELS, case.main_trigger as usize),
        (
            "account_status",
            Account::LEVELS,
            case.account_status as usize,
        ),
        (
            "eviction_stage",
            Eviction::LEVELS,
            case.eviction_stage as usize,
        ),
        ("energy_stage", Energy::LEVELS, case.energy_stage as usize),
        (
            "enforcement_stage",
            Enforcement::LEVELS,
            case.enforcement_stage as usize,
        ),
        ("referral", Referral::LEVELS, case.referral as usize),
    ]
}

/// The fitted pipeline: names and scaling learned on the training cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Output feature names, in column order.
    pub names: Vec<String>,
    /// Mean and standard deviation of each numeric input over the training cases that have it.
    pub scaling: Vec<(f64, f64)>,
}

impl Pipeline {
    /// Learns the scaling from training cases.
    pub fn fit(cases: &[Case]) -> Pipeline {
        let mut scaling = Vec::new();
        for n in NUMERIC {
            let v: Vec<f64> = cases.iter().filter_map(|c| (n.get)(c)).collect();
            let mean = if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            };
            let var = if v.len() < 2 {
                1.0
            } else {
                v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() - 1) as f64
            };
            let sd = if var > 1e-12 { var.sqrt() } else { 1.0 };
            scaling.push((mean, sd));
        }
        Pipeline {
            names: Self::feature_names(),
            scaling,
        }
    }

    /// The names of the output columns.
    pub fn feature_names() -> Vec<String> {
        let mut names = Vec::new();
        for n in NUMERIC {
            names.push(n.name.to_owned());
        }
        for n in NUMERIC {
            names.push(format!("{}_missing", n.name));
        }
        for (f, _) in FLAGS {
            names.push(f.to_owned());
        }
        let probe = Case::example();
        for (prefix, levels, _) in categorical(&probe) {
            for l in levels {
                names.push(format!("{prefix}={l}"));
            }
        }
        names
    }

    /// Number of features in a row.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// Writes one case's features into `row` (length [`Pipeline::width`]).
    pub fn row(&self, c: &Case, row: &mut [f64]) {
        let mut k = 0;
        for (i, n) in NUMERIC.iter().enumerate() {
            let (mean, sd) = self.scaling[i];
            row[k] = (n.get)(c).map_or(0.0, |v| (v - mean) / sd);
            row[k + NUMERIC.len()] = if (n.get)(c).is_some() { 0.0 } else { 1.0 };
            k += 1;
        }
        k += NUMERIC.len();
        for (_, f) in FLAGS {
            row[k] = if f(c) { 1.0 } else { 0.0 };
            k += 1;
        }
        for (_, levels, level) in categorical(c) {
            for j in 0..levels.len() {
                row[k + j] = if j == level { 1.0 } else { 0.0 };
            }
            k += levels.len();
        }
        debug_assert_eq!(k, self.width());
    }

    /// The feature matrix of many cases.
    pub fn matrix(&self, cases: &[Case]) -> Array2<f64> {
        let mut x = Array2::zeros((cases.len(), self.width()));
        for (i, c) in cases.iter().enumerate() {
            let mut row = x.row_mut(i);
            self.row(c, row.as_slice_mut().expect("standard layout"));
        }
        x
    }
}

impl Case {
    /// A neutral case (used for feature names and tests).
    pub fn example() -> Case {
        Case {
            case_id: "K0000000".into(),
            arrival_day: 0,
            age: 40,
            sex: Sex::Female,
            nationality_group: Nationality::German,
            language_support: false,
            household_type: HouseholdType::Single,
            household_size: 1,
            children: 0,
            employment: Employment::Employed,
            own_income_eur: Some(1_200.0),
            household_income_eur: Some(1_200.0),
            housing_cost_eur: Some(480.0),
            main_trigger: Trigger::Other,
            addiction: false,
            total_debt_eur: Some(14_000.0),
            creditors: 4,
            cred_bank: true,
            cred_public: false,
            cred_telecom: false,
            cred_mail_order: false,
            cred_energy: false,
            cred_landlord: false,
            account_status: Account::Normal,
            eviction_stage: Eviction::None,
            energy_stage: Energy::None,
            enforcement_stage: Enforcement::None,
            wage_garnishment: false,
            deadline_days: None,
            health_crisis: false,
            documents_complete: true,
            referral: Referral::SelfReferred,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_protected_attribute_is_a_feature() {
        let names = Pipeline::feature_names();
        for banned in [
            "sex",
            "nationality",
            "language",
            "age",
            "case_id",
            "arrival",
        ] {
            assert!(
                !names.iter().any(|n| n.starts_with(banned)),
                "{banned} in {names:?}"
            );
        }
        // two cases that differ only in protected attributes get the same features
        let a = Case::example();
        let b = Case {
            sex: Sex::Male,
            nationality_group: Nationality::NonEu,
            language_support: true,
            age: 71,
            ..a.clone()
        };
        let p = Pipeline::fit(&[a.clone(), b.clone()]);
        assert_eq!(p.matrix(&[a]), p.matrix(&[b]));
    }
}
