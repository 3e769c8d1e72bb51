//! Seeded synthetic intake records with ground truth.
//!
//! Each case has a latent true state (real threats with real deadlines, true amounts) and an
//! observed intake record derived from it by realistic distortion: threats not mentioned or
//! understated (more often with language support and missing documents), deadlines unknown,
//! self-reported amounts, missing documents. `urgency_true` and `track_true` come from the
//! latent state by [`crate::rules`]; `urgency_recorded` imitates historical counsellor labels:
//! noise near the 14- and 30-day deadlines and three documented biases — people who need
//! language support and lack documents are downgraded, single men with an addiction are
//! downgraded, single mothers with an energy threat are upgraded.
//!
//! Calibration (Destatis Überschuldungsstatistik, `../shared/datasets/debt`): men 53 %,
//! single households 51 %, own net income under 900 € 28 % (lognormal, mean 1,189 €), main
//! triggers 2024 (illness/addiction/accident 18.1 %, unemployment 17.4 %, household management
//! 13.7 %, separation 11.5 %, low income 10.8 %, self-employment 8.1 %, other 20.4 %), total debt
//! lognormal with median 14,000 € and mean 31,000 €, creditor types (banks 68.3 %, public
//! 57.2 %, telecom 49 %, mail order 30 %, energy 26.6 %, landlords 20.3 %), unemployed 43 %.
//! Everything else is an estimate marked *(est.)* in the crate README.

use rand::Rng;
use rand_distr::{Distribution, LogNormal, Normal, Poisson};
use welfare_data::cases::Urgency;

use crate::case::*;
use crate::error::TriageError;
use crate::rules::{TrueState, track, urgency};

/// Published figures the generator is calibrated to (tested in `tests/generator.rs`).
pub mod calibration {
    /// Share of men among clients (Statistisches Bundesamt, Überschuldungsstatistik).
    pub const MALE_SHARE: f64 = 0.53;
    /// Share of single-person households among clients.
    pub const SINGLE_HOUSEHOLD_SHARE: f64 = 0.51;
    /// Share of clients with an own income below 900 EUR.
    pub const OWN_INCOME_BELOW_900_SHARE: f64 = 0.28;
    /// Mean own net income of clients, EUR.
    pub const OWN_INCOME_MEAN_EUR: f64 = 1_189.0;
    /// Median total debt, EUR.
    pub const DEBT_MEDIAN_EUR: f64 = 14_000.0;
    /// Mean total debt, EUR.
    pub const DEBT_MEAN_EUR: f64 = 31_000.0;
    /// Share of unemployed clients.
    pub const UNEMPLOYED_SHARE: f64 = 0.434;
    /// Main trigger shares 2024, in `Trigger::ALL` order.
    pub const TRIGGER_SHARES: [f64; 7] = [0.181, 0.174, 0.137, 0.115, 0.108, 0.081, 0.204];
    /// Creditor type shares: banks, public, telecom, mail order, energy, landlords.
    pub const CREDITOR_SHARES: [f64; 6] = [0.683, 0.572, 0.49, 0.30, 0.266, 0.203];
}

/// Settings of the generator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeneratorSpec {
    /// Cases to generate.
    pub cases: usize,
    /// The seed (same seed, same cases).
    pub seed: u64,
    /// Days the arrivals spread over.
    pub days: u32,
}

impl GeneratorSpec {
    /// A spec for `cases` cases with `seed`.
    pub fn new(cases: usize, seed: u64) -> GeneratorSpec {
        GeneratorSpec {
            cases,
            seed,
            days: 365,
        }
    }
}

/// Generated cases with their latent states.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The intake records with their labels.
    pub cases: Cases,
    /// The true situation behind each case (same order).
    pub truth: Vec<TrueState>,
}

fn pick<T: Copy>(rng: &mut impl Rng, items: &[T], weights: &[f64]) -> T {
    let total: f64 = weights.iter().sum();
    let mut x = rng.gen_range(0.0..total);
    for (item, &w) in items.iter().zip(weights) {
        if x < w {
            return *item;
        }
        x -= w;
    }
    *items.last().expect("non-empty")
}

/// One step down (e.g. `notice` → `arrears`), for understated threats.
fn lower<T: Copy + PartialEq>(all: &[T], v: T) -> T {
    let i = all.iter().position(|&x| x == v).unwrap_or(0);
    all[i.saturating_sub(1)]
}

fn shift(u: Urgency, by: i32) -> Urgency {
    Urgency::ALL[(u as i32 + by).clamp(0, 3) as usize]
}

/// Generates `spec.cases` cases.
pub fn generate(spec: &GeneratorSpec) -> Result<Generated, TriageError> {
    if spec.cases == 0 || spec.cases > 10_000_000 {
        return Err(TriageError::Parameter {
            name: "cases",
            reason: "must be between 1 and 10,000,000".into(),
        });
    }
    if spec.days == 0 {
        return Err(TriageError::Parameter {
            name: "days",
            reason: "must be at least 1".into(),
        });
    }
    let mut rng = welfare_data::rng::stream(spec.seed, "debt-triage/generate");
    let income = LogNormal::new(7.0146, 0.3646).expect("valid");
    let debt = LogNormal::new(DEBT_MU, DEBT_SIGMA).expect("valid");
    let report_noise = LogNormal::new(0.0, 0.35).expect("valid");
    let age_dist = Normal::new(44.0f64, 14.0).expect("valid");
    let mut out = Generated {
        cases: Cases::default(),
        truth: Vec::with_capacity(spec.cases),
    };
    for i in 0..spec.cases {
        let arrival_day = ((i as u64 * u64::from(spec.days)) / spec.cases as u64) as u32;
        let sex = pick(&mut rng, Sex::ALL, &[0.465, 0.53, 0.005]);
        let age = age_dist.sample(&mut rng).round().clamp(18.0, 88.0) as u32;
        let nationality = pick(&mut rng, Nationality::ALL, &[0.78, 0.08, 0.14]);
        let language_support = rng.gen_bool(match nationality {
            Nationality::German => 0.02,
            Nationality::Eu => 0.30,
            Nationality::NonEu => 0.50,
        });
        let household_type = pick(
            &mut rng,
            HouseholdType::ALL,
            &[0.51, 0.14, 0.13, 0.17, 0.05],
        );
        let (household_size, children) = match household_type {
            HouseholdType::Single => (1, 0),
            HouseholdType::SingleParent => {
                let k = rng.gen_range(1..=3);
                (k + 1, k)
            }
            HouseholdType::Couple => (2, 0),
            HouseholdType::CoupleWithChildren => {
                let k = rng.gen_range(1..=4);
                (k + 2, k)
            }
            HouseholdType::Other => (rng.gen_range(2..=4), 0),
        };
        let employment = if age >= 66 {
            if rng.gen_bool(0.8) {
                Employment::Retired
            } else {
                Employment::Other
            }
        } else {
            pick(&mut rng, Employment::ALL, &[0.42, 0.47, 0.02, 0.035, 0.055])
        };
        let own_income = income.sample(&mut rng);
        let partner = match household_type {
            HouseholdType::Couple | HouseholdType::CoupleWithChildren | HouseholdType::Other => {
                income.sample(&mut rng) * rng.gen_range(0.5..1.1)
            }
            _ => 0.0,
        };
        let household_income = own_income + partner + 250.0 * f64::from(children);
        let housing_cost =
            (0.40 * household_income * LogNormal::new(0.0, 0.2).expect("valid").sample(&mut rng))
                .max(150.0);
        let trigger = pick(&mut rng, Trigger::ALL, &calibration::TRIGGER_SHARES);
        let addiction = rng.gen_bool(if trigger == Trigger::Illness {
            0.35
        } else {
            0.03
        });
        let total_debt = debt.sample(&mut rng).clamp(200.0, 2_000_000.0);
        let lambda = (2.5 + 1.6 * (total_debt / DEBT_MEDIAN).ln()).max(0.3);
        let creditors = 1 + Poisson::new(lambda).expect("valid").sample(&mut rng) as u32;
        let s = calibration::CREDITOR_SHARES;
        let cred_bank = rng.gen_bool(s[0]);
        let cred_public = rng.gen_bool(s[1]);
        let cred_telecom = rng.gen_bool(s[2]);
        let cred_mail_order = rng.gen_bool(s[3]);
        let cred_energy = rng.gen_bool(s[4]);
        let cred_landlord = rng.gen_bool(s[5]);
        let health_crisis = rng.gen_bool(if trigger == Trigger::Illness {
            0.35
        } else {
            0.06
        });
        let wage_garnishment = matches!(employment, Employment::Employed) && rng.gen_bool(0.15);

        // latent threats with their clocks (est.)
        let (energy, energy_days) = if cred_energy {
            match pick(
                &mut rng,
                &[
                    Energy::Arrears,
                    Energy::Threat,
                    Energy::Announced,
                    Energy::CutOff,
                ],
                &[0.45, 0.30, 0.15, 0.10],
            ) {
                Energy::Threat => (Energy::Threat, Some(rng.gen_range(28..=60))),
                Energy::Announced => (Energy::Announced, Some(rng.gen_range(1..=8))),
                Energy::CutOff => (Energy::CutOff, Some(0)),
                e => (e, None),
            }
        } else {
            (Energy::None, None)
        };
        let (eviction, eviction_days) = if cred_landlord {
            match pick(
                &mut rng,
                &[
                    Eviction::Arrears,
                    Eviction::Notice,
                    Eviction::Lawsuit,
                    Eviction::EvictionDate,
                ],
                &[0.45, 0.30, 0.17, 0.08],
            ) {
                Eviction::Notice => (Eviction::Notice, Some(rng.gen_range(30..=90))),
                Eviction::Lawsuit => (Eviction::Lawsuit, Some(rng.gen_range(10..=60))),
                Eviction::EvictionDate => (Eviction::EvictionDate, Some(rng.gen_range(3..=30))),
                e => (e, None),
            }
        } else {
            (Eviction::None, None)
        };
        let (enforcement, enforcement_days) = if cred_public || cred_bank {
            match pick(&mut rng, Enforcement::ALL, &[0.55, 0.20, 0.15, 0.07, 0.03]) {
                Enforcement::DunningOrder => {
                    (Enforcement::DunningOrder, Some(rng.gen_range(1..=14)))
                }
                Enforcement::EnforcementOrder => {
                    (Enforcement::EnforcementOrder, Some(rng.gen_range(1..=45)))
                }
                Enforcement::AssetDisclosure => {
                    (Enforcement::AssetDisclosure, Some(rng.gen_range(1..=28)))
                }
                e => (e, None),
            }
        } else {
            (Enforcement::None, None)
        };
        let (account, account_days) = match pick(&mut rng, Account::ALL, &[0.60, 0.22, 0.12, 0.06])
        {
            Account::GarnishedNoPKonto => (Account::GarnishedNoPKonto, Some(rng.gen_range(1..=28))),
            a => (a, None),
        };
        let truth = TrueState {
            eviction,
            eviction_days,
            energy,
            energy_days,
            enforcement,
            enforcement_days,
            account,
            account_days,
            wage_garnishment,
            health_crisis,
            children,
            total_debt_eur: total_debt,
            creditors,
            own_income_eur: own_income,
        };
        let (urgency_true, _) = urgency(&truth);
        let track_true = track(&truth, urgency_true);

        // the intake record: what the person brings and says
        let documents_complete = rng.gen_bool(if language_support { 0.45 } else { 0.72 });
        let hide = 0.12
            + if language_support { 0.15 } else { 0.0 }
            + if documents_complete { 0.0 } else { 0.10 };
        let understate = |rng: &mut rand_chacha::ChaCha8Rng| rng.gen_bool(hide);
        let obs_energy = if understate(&mut rng) {
            lower(Energy::ALL, energy)
        } else {
            energy
        };
        let obs_eviction = if understate(&mut rng) {
            lower(Eviction::ALL, eviction)
        } else {
            eviction
        };
        let obs_enforcement = if understate(&mut rng) {
            lower(Enforcement::ALL, enforcement)
        } else {
            enforcement
        };
        let obs_account = if account == Account::GarnishedNoPKonto && understate(&mut rng) {
            Account::Normal
        } else {
            account
        };
        let earliest = [
            (obs_energy == energy).then_some(energy_days).flatten(),
            (obs_eviction == eviction)
                .then_some(eviction_days)
                .flatten(),
            (obs_enforcement == enforcement)
                .then_some(enforcement_days)
                .flatten(),
            (obs_account == account).then_some(account_days).flatten(),
        ]
        .into_iter()
        .flatten()
        .min();
        let unknown = if documents_complete { 0.2 } else { 0.45 };
        let deadline_days = earliest
            .filter(|_| !rng.gen_bool(unknown))
            .map(|d| (i64::from(d) + rng.gen_range(-2..=2)).max(0) as u32);
        let missing = |rng: &mut rand_chacha::ChaCha8Rng, p: f64| !rng.gen_bool(p);
        let own_obs = missing(&mut rng, 0.08).then_some(own_income.round());
        let hh_obs = missing(&mut rng, 0.15).then_some(household_income.round());
        let housing_obs = missing(&mut rng, 0.10).then_some(housing_cost.round());
        let debt_missing = if documents_complete { 0.12 } else { 0.35 };
        let debt_obs = missing(&mut rng, debt_missing)
            .then(|| (total_debt * report_noise.sample(&mut rng)).round());
        let creditors_obs = (i64::from(creditors) + rng.gen_range(-1..=1)).max(1) as u32;
        let referral = if eviction >= Eviction::Lawsuit && rng.gen_bool(0.4) {
            Referral::CourtOrLandlord
        } else if trigger == Trigger::Illness && rng.gen_bool(0.3) {
            Referral::HealthService
        } else {
            pick(&mut rng, Referral::ALL, &[0.47, 0.22, 0.19, 0.04, 0.08])
        };

        // historical counsellor labels
        let mut recorded = urgency_true;
        let near =
            |d: Option<u32>| d.is_some_and(|d| (10..=18).contains(&d) || (26..=34).contains(&d));
        if (near(energy_days)
            || near(eviction_days)
            || near(enforcement_days)
            || near(account_days))
            && rng.gen_bool(0.3)
        {
            recorded = shift(recorded, if rng.gen_bool(0.5) { 1 } else { -1 });
        }
        if language_support && !documents_complete && rng.gen_bool(0.4) {
            recorded = shift(recorded, -1);
        }
        if sex == Sex::Male
            && household_type == HouseholdType::Single
            && addiction
            && rng.gen_bool(0.35)
        {
            recorded = shift(recorded, -1);
        }
        if sex == Sex::Female
            && household_type == HouseholdType::SingleParent
            && energy >= Energy::Threat
            && rng.gen_bool(0.35)
        {
            recorded = shift(recorded, 1);
        }
        if rng.gen_bool(0.05) {
            recorded = shift(recorded, if rng.gen_bool(0.5) { 1 } else { -1 });
        }

        out.cases.cases.push(Case {
            case_id: format!("K{:07}", i + 1),
            arrival_day,
            age,
            sex,
            nationality_group: nationality,
            language_support,
            household_type,
            household_size,
            children,
            employment,
            own_income_eur: own_obs,
            household_income_eur: hh_obs,
            housing_cost_eur: housing_obs,
            main_trigger: trigger,
            addiction,
            total_debt_eur: debt_obs,
            creditors: creditors_obs,
            cred_bank,
            cred_public,
            cred_telecom,
            cred_mail_order,
            cred_energy,
            cred_landlord,
            account_status: obs_account,
            eviction_stage: obs_eviction,
            energy_stage: obs_energy,
            enforcement_stage: obs_enforcement,
            wage_garnishment,
            deadline_days,
            health_crisis,
            documents_complete,
            referral,
        });
        out.cases.labels.push(Labels {
            urgency_true: Some(urgency_true),
            track_true: Some(track_true),
            urgency_recorded: Some(recorded),
        });
        out.truth.push(truth);
    }
    Ok(out)
}

const DEBT_MEDIAN: f64 = calibration::DEBT_MEDIAN_EUR;
/// ln(median).
const DEBT_MU: f64 = 9.546_812_608_597_396;
/// sqrt(2 · ln(mean / median)).
const DEBT_SIGMA: f64 = 1.260_896;
