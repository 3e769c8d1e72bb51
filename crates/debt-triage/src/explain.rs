//! Reasons for a score in the words a counsellor uses, taken from the model's own arithmetic:
//! for the logistic model each feature's first-order contribution to the expected urgency
//! (value × Σ_k p_k (k − E\[k\]) w_k), for boosted trees the same slope over each booster's per-feature
//! contributions along the case's paths, for the tree and forest the conditions on the paths.

use crate::case::Case;
use crate::model::{Classifier, TriageModel};
use welfare_ensemble::{CartNode, CartTree, Classes, Decomposition};
use welfare_report::{Lang, number, percent};

/// How many reasons a score carries.
pub const REASONS: usize = 3;

/// An amount in euros as a German counsellor writes it: `251.869 €`.
pub fn euros(amount: f64) -> String {
    format!("{} €", number(amount, 0, Lang::De))
}

/// A number of days in words: `1 Tag`, `8 Tage`.
struct Days(u32);

impl std::fmt::Display for Days {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            1 => f.write_str("1 Tag"),
            d => write!(f, "{d} Tage"),
        }
    }
}

/// The German counsellor wording of a feature *as a fact of this case*, or `None` when the
/// feature states nothing about the case worth naming (a `none` level, a neutral level such
/// as a normal account, a missing value, a flag that is not set). Never a raw feature name.
pub fn wording(feature: &str, case: &Case) -> Option<String> {
    Fact::of(feature).wording(case)
}

/// What a feature can say about a case, read once from the feature's name ([`Fact::of`]), so
/// that wording a case's reasons compares no names.
#[derive(Debug, Clone, Copy)]
enum Fact {
    /// A level or flag-like fact with fixed words, the deadline appended where it belongs.
    Words {
        text: &'static str,
        with_deadline: bool,
    },
    /// A flag of the case: the words when it is set.
    Flag {
        set: fn(&Case) -> bool,
        text: &'static str,
    },
    Deadline,
    EnergyLevel,
    EvictionLevel,
    EnforcementLevel,
    Checklist,
    Children,
    HouseholdSize,
    OwnIncome,
    HouseholdIncome,
    HousingShare,
    TotalDebt,
    Creditors,
    /// Nothing to name (neutral levels, `none` stages, missing-value indicators).
    Nothing,
}

impl Fact {
    fn of(feature: &str) -> Fact {
        let words = |text| Fact::Words {
            text,
            with_deadline: false,
        };
        let with_deadline = |text| Fact::Words {
            text,
            with_deadline: true,
        };
        let flag = |set: fn(&Case) -> bool, text| Fact::Flag { set, text };
        match feature {
            "energy_stage=announced" => with_deadline("Stromsperre angekündigt"),
            "energy_stage=cut_off" => words("Strom oder Gas bereits gesperrt"),
            "energy_stage=threat" => with_deadline("Stromsperre angedroht"),
            "energy_stage=arrears" => words("Schulden beim Energieversorger"),
            "eviction_stage=eviction_date" => with_deadline("Räumungstermin steht fest"),
            "eviction_stage=lawsuit" => with_deadline("Räumungsklage eingereicht"),
            "eviction_stage=notice" => with_deadline("Wohnung gekündigt"),
            "eviction_stage=arrears" => words("Mietschulden"),
            "enforcement_stage=arrest_warrant" => words("Haftbefehl zur Vermögensauskunft"),
            "enforcement_stage=asset_disclosure" => with_deadline("Termin zur Vermögensauskunft"),
            "enforcement_stage=enforcement_order" => with_deadline("Vollstreckungsbescheid"),
            "enforcement_stage=dunning_order" => with_deadline("Mahnbescheid erhalten"),
            "account_status=garnished_no_p_konto" => {
                with_deadline("Konto gepfändet, noch kein P-Konto")
            }
            "account_status=no_account" => words("kein Girokonto"),
            "account_status=p_konto" => words("Pfändungsschutzkonto (P-Konto) vorhanden"),
            "wage_garnishment" => flag(
                |c| c.wage_garnishment,
                "Lohnpfändung, Arbeitsplatz gefährdet",
            ),
            "health_crisis" => flag(|c| c.health_crisis, "akute gesundheitliche Krise"),
            "addiction" => flag(|c| c.addiction, "Suchterkrankung"),
            "deadline_within_14_days" | "deadline_within_30_days" | "deadline_days" => {
                Fact::Deadline
            }
            "energy_level" => Fact::EnergyLevel,
            "eviction_level" => Fact::EvictionLevel,
            "enforcement_level" => Fact::EnforcementLevel,
            "checklist_points" => Fact::Checklist,
            "children" => Fact::Children,
            "household_size" => Fact::HouseholdSize,
            "own_income_eur" => Fact::OwnIncome,
            "household_income_eur" => Fact::HouseholdIncome,
            "housing_share" => Fact::HousingShare,
            "log_total_debt" => Fact::TotalDebt,
            "creditors" => Fact::Creditors,
            "cred_landlord" => flag(|c| c.cred_landlord, "Schulden beim Vermieter"),
            "cred_energy" => flag(|c| c.cred_energy, "Schulden beim Energieversorger"),
            "cred_public" => flag(
                |c| c.cred_public,
                "Schulden bei Behörden (Jobcenter, Krankenkasse, Finanzamt)",
            ),
            "cred_bank" => flag(|c| c.cred_bank, "Schulden bei der Bank (Kredit, Dispo)"),
            "cred_telecom" => flag(
                |c| c.cred_telecom,
                "Schulden bei Telefon- oder Internetanbieter",
            ),
            "cred_mail_order" => flag(|c| c.cred_mail_order, "Schulden beim Versandhandel"),
            "documents_complete" => flag(|c| c.documents_complete, "Unterlagen vollständig"),
            "referral=court_or_landlord" => words("vom Gericht oder Vermieter geschickt"),
            "referral=jobcentre" => words("vom Jobcenter geschickt"),
            "referral=social_service" => words("vom Sozialdienst geschickt"),
            "referral=health_service" => words("vom Gesundheitsdienst geschickt"),
            "household_type=single_parent" => words("alleinerziehend"),
            "household_type=couple_with_children" => words("Paar mit Kindern"),
            "household_type=single" => words("alleinlebend"),
            "employment=unemployed" => words("arbeitslos"),
            "employment=retired" => words("in Rente"),
            "employment=self_employed" => words("selbstständig"),
            "main_trigger=illness_addiction_accident" => {
                words("Schulden durch Krankheit, Sucht oder Unfall")
            }
            "main_trigger=unemployment" => words("Schulden durch Arbeitslosigkeit"),
            "main_trigger=separation" => words("Schulden nach Trennung oder Scheidung"),
            "main_trigger=low_income" => words("dauerhaft geringes Einkommen"),
            "main_trigger=self_employment" => words("Schulden aus gescheiterter Selbstständigkeit"),
            "main_trigger=household_management" => words("Schulden durch Haushaltsführung"),
            // neutral levels, "none" stages, missing-value indicators, anything else: no fact
            _ => Fact::Nothing,
        }
    }

    /// The level feature of a stage, for the `*_level` features (which state the stage).
    fn of_level(prefix: &str, level: &str) -> Fact {
        let mut name = String::with_capacity(prefix.len() + 1 + level.len());
        name.push_str(prefix);
        name.push('=');
        name.push_str(level);
        Fact::of(&name)
    }

    fn wording(self, case: &Case) -> Option<String> {
        Some(match self {
            Fact::Words {
                text,
                with_deadline,
            } => match case.deadline_days {
                Some(d) if with_deadline => format!("{text}, Frist {}", Days(d)),
                _ => text.to_owned(),
            },
            Fact::Flag { set, text } => return set(case).then(|| text.to_owned()),
            Fact::Deadline => return case.deadline_days.map(|d| format!("Frist {}", Days(d))),
            Fact::EnergyLevel => {
                return Fact::of_level("energy_stage", case.energy_stage.as_str()).wording(case);
            }
            Fact::EvictionLevel => {
                return Fact::of_level("eviction_stage", case.eviction_stage.as_str())
                    .wording(case);
            }
            Fact::EnforcementLevel => {
                return Fact::of_level("enforcement_stage", case.enforcement_stage.as_str())
                    .wording(case);
            }
            Fact::Checklist => {
                let points = crate::checklist::checklist_points(case);
                if points <= 0.0 {
                    return None;
                }
                format!(
                    "mehrere Dringlichkeitsmerkmale zugleich ({} Punkte auf der Checkliste)",
                    number(points, 0, Lang::De)
                )
            }
            Fact::Children => match case.children {
                0 => return None,
                1 => "ein Kind im Haushalt".into(),
                n => format!("{n} Kinder im Haushalt"),
            },
            Fact::HouseholdSize if case.household_size > 1 => {
                format!("{} Personen im Haushalt", case.household_size)
            }
            Fact::HouseholdSize => return None,
            Fact::OwnIncome => {
                return case
                    .own_income_eur
                    .map(|e| format!("eigenes Einkommen {} im Monat", euros(e)));
            }
            Fact::HouseholdIncome => {
                return case
                    .household_income_eur
                    .map(|e| format!("Haushaltseinkommen {} im Monat", euros(e)));
            }
            Fact::HousingShare => match (case.housing_cost_eur, case.household_income_eur) {
                (Some(h), Some(i)) if i > 0.0 => format!(
                    "Wohnkosten {} des Haushaltseinkommens",
                    percent((h / i).min(3.0), 0, Lang::De)
                ),
                _ => return None,
            },
            Fact::TotalDebt => {
                return case
                    .total_debt_eur
                    .map(|d| format!("Schulden ca. {}", euros(d)));
            }
            Fact::Creditors => match case.creditors {
                0 => return None,
                1 => "ein Gläubiger".into(),
                n => format!("{n} Gläubiger"),
            },
            Fact::Nothing => return None,
        })
    }
}

/// The facts of a case a counsellor reads first, most urgent first (the checklist's order):
/// what a score names when the model's own arithmetic names nothing.
pub fn case_facts(case: &Case) -> Vec<String> {
    let stage = |prefix: &str, level: &str| wording(&format!("{prefix}={level}"), case);
    let mut out: Vec<String> = [
        stage("energy_stage", case.energy_stage.as_str()),
        stage("eviction_stage", case.eviction_stage.as_str()),
        stage("enforcement_stage", case.enforcement_stage.as_str()),
        stage("account_status", case.account_status.as_str())
            .filter(|_| case.account_status != crate::case::Account::PKonto),
        wording("wage_garnishment", case),
        wording("health_crisis", case),
        wording("deadline_days", case),
        wording("addiction", case),
    ]
    .into_iter()
    .flatten()
    .collect();
    if out.is_empty() {
        out.push("keine Sperre, Räumung, Pfändung oder Frist angegeben".into());
        out.extend(wording("log_total_debt", case));
    }
    // a deadline the stage's wording already carries is not named again
    let mut out = once_the_deadline(out, case);
    out.truncate(REASONS);
    out
}

fn is_present(value: f64, name: &str) -> bool {
    // one-hot levels and flags count when set; scaled numbers when above average
    if name.contains('=')
        || !name.ends_with("_eur") && value.fract() == 0.0 && (value == 0.0 || value == 1.0)
    {
        value > 0.5
    } else {
        value > 0.0
    }
}

/// Features of the splits on a case's path where the case goes right because something is
/// present (a level, a flag, an above-average amount).
fn path_conditions(tree: &CartTree, row: &[f64], names: &[String], out: &mut Vec<usize>) {
    let nodes = &tree.nodes;
    let mut i = 0;
    while let CartNode::Split {
        feature,
        threshold,
        left,
        right,
    } = &nodes[i]
    {
        let v = row[*feature];
        let went_right = v > *threshold;
        let name = &names[*feature];
        if went_right && !name.ends_with("_missing") && is_present(v, name) {
            out.push(*feature);
        }
        i = if went_right { *right } else { *left };
    }
}

/// Each feature's first-order contribution to the expected urgency of a boosted model: the
/// boosters' per-feature margin contributions (Saabas) times the slope of E\[urgency\] in
/// each margin — for "urgency ≥ k" boosters q(1 − q), for one-vs-rest (k − E) p_k (1 − q_k).
fn boosted_contributions(boosters: &Classes, row: &[f64]) -> Vec<f64> {
    // one walk per tree: each booster's contributions, and its margin as their sum
    let per_booster: Vec<(f64, Vec<f64>)> = boosters
        .boosters
        .iter()
        .map(|b| {
            let mut c = vec![0.0; row.len()];
            let constant = b.contributions(row, &mut c);
            (constant + c.iter().sum::<f64>(), c)
        })
        .collect();
    let q: Vec<f64> = per_booster
        .iter()
        .map(|(m, _)| 1.0 / (1.0 + (-m).exp()))
        .collect();
    let slopes: Vec<f64> = match boosters.decomposition {
        Decomposition::Ordinal => q.iter().map(|q| q * (1.0 - q)).collect(),
        Decomposition::OneVsRest => {
            let sum: f64 = q.iter().sum::<f64>().max(1e-12);
            let p: Vec<f64> = q.iter().map(|v| v / sum).collect();
            let expected: f64 = p.iter().enumerate().map(|(k, v)| k as f64 * v).sum();
            (0..q.len())
                .map(|k| (k as f64 - expected) * p[k] * (1.0 - q[k]))
                .collect()
        }
    };
    let mut total = vec![0.0; row.len()];
    for ((_, c), slope) in per_booster.iter().zip(slopes) {
        for (t, v) in total.iter_mut().zip(c) {
            *t += slope * v;
        }
    }
    total
}

/// How a feature can be named as a reason, read once from its name (not per case).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    /// A missing-value indicator: never a reason.
    Missing,
    /// A one-hot level or a flag: a reason when set.
    Level,
    /// A scaled amount: a reason when above average.
    Amount,
    /// A 0/1-valued count or other number: decided per value as [`is_present`] does.
    Other,
}

fn roles(names: &[String]) -> Vec<Role> {
    names
        .iter()
        .map(|n| {
            if n.ends_with("_missing") {
                Role::Missing
            } else if n.contains('=') {
                Role::Level
            } else if n.ends_with("_eur") {
                Role::Amount
            } else {
                Role::Other
            }
        })
        .collect()
}

fn present(role: Role, value: f64, name: &str) -> bool {
    match role {
        Role::Missing => false,
        Role::Level => value > 0.5,
        Role::Amount => value > 0.0,
        Role::Other => is_present(value, name),
    }
}

/// Names the facts behind the largest positive contributions (present facts only, the
/// wording of each once) until [`REASONS`] are named.
fn name_largest(
    contributions: &[f64],
    row: &[f64],
    names: &[String],
    (roles, facts): (&[Role], &[Fact]),
    case: &Case,
    out: &mut Vec<String>,
) {
    RANKED.with_borrow_mut(|ranked| {
        ranked.clear();
        ranked.extend(
            contributions
                .iter()
                .enumerate()
                .filter(|&(j, &c)| {
                    c > 1e-3 && row[j] != 0.0 && present(roles[j], row[j], &names[j])
                })
                .map(|(j, &c)| (c, j)),
        );
        // largest first (ties: the earlier feature), picked one at a time: only the first
        // few are ever worded, so no full sort
        while out.len() < REASONS && !ranked.is_empty() {
            let best = (0..ranked.len())
                .reduce(|a, b| {
                    let (x, y) = (ranked[a], ranked[b]);
                    if y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).is_gt() {
                        b
                    } else {
                        a
                    }
                })
                .unwrap_or(0);
            let (_, j) = ranked.swap_remove(best);
            if let Some(text) = facts[j].wording(case)
                && !out.contains(&text)
            {
                out.push(text);
            }
        }
    });
}

thread_local! {
    /// The candidates of [`name_largest`], kept between cases (no allocation per case).
    static RANKED: std::cell::RefCell<Vec<(f64, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The contributions of the logistic model, kept between cases.
    static SLOPES: std::cell::RefCell<Vec<f64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Top reasons for a case (`row` = its features, `p` = its calibrated urgency probabilities).
pub fn reasons(model: &TriageModel, case: &Case, row: &[f64], p: &[f64; 4]) -> Vec<String> {
    Explainer::new(model).reasons(case, row, p)
}

/// [`reasons`] for many cases of one model: what depends only on the model's feature names is
/// worked out once.
pub struct Explainer<'a> {
    model: &'a TriageModel,
    roles: Vec<Role>,
    facts: Vec<Fact>,
}

impl<'a> Explainer<'a> {
    /// The explainer of a model.
    pub fn new(model: &'a TriageModel) -> Explainer<'a> {
        Explainer {
            model,
            roles: roles(&model.pipeline.names),
            facts: model.pipeline.names.iter().map(|n| Fact::of(n)).collect(),
        }
    }

    /// Top reasons for a case, as [`reasons`].
    pub fn reasons(&self, case: &Case, row: &[f64], p: &[f64; 4]) -> Vec<String> {
        let (model, roles) = (self.model, (&self.roles[..], &self.facts[..]));
        let names = &model.pipeline.names;
        let mut out: Vec<String> = Vec::new();
        match &model.urgency.classifier {
            Classifier::Logistic { weights, intercept } => {
                debug_assert_eq!(intercept.len(), p.len());
                let expected: f64 = p.iter().enumerate().map(|(c, q)| c as f64 * q).sum();
                // the class weights of E[urgency]'s slope, once per case
                let class_weight: [f64; 4] = std::array::from_fn(|c| {
                    p[c] * (c as f64 - expected) / model.urgency.temperature
                });
                SLOPES.with_borrow_mut(|slopes| {
                    slopes.clear();
                    slopes.extend(row.iter().zip(weights).map(|(&v, w)| {
                        if v == 0.0 {
                            // an unset level or flag contributes nothing
                            return 0.0;
                        }
                        v * w.iter().zip(&class_weight).map(|(a, b)| a * b).sum::<f64>()
                    }));
                    name_largest(slopes, row, names, roles, case, &mut out);
                });
            }
            Classifier::Boosted { boosters } => {
                name_largest(
                    &boosted_contributions(boosters, row),
                    row,
                    names,
                    roles,
                    case,
                    &mut out,
                );
            }
            Classifier::Trees { targets, .. } => {
                // the conditions the trees' paths test and the case meets, most frequent first
                // (root-first order within one tree decides ties through the stable sort)
                let mut count = vec![0usize; names.len()];
                for t in targets.iter().flatten() {
                    let mut order = Vec::new();
                    path_conditions(t, row, names, &mut order);
                    order.sort_unstable();
                    order.dedup();
                    for j in order {
                        count[j] += 1;
                    }
                }
                let mut ranked: Vec<(usize, usize)> = count
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c > 0)
                    .map(|(j, &c)| (c, j))
                    .collect();
                ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                for (_, j) in ranked {
                    if let Some(text) = self.facts[j].wording(case)
                        && !out.contains(&text)
                        && out.len() < REASONS
                    {
                        out.push(text);
                    }
                }
            }
        }
        // Every case gets at least one reason that names its facts.
        if out.is_empty() {
            return case_facts(case);
        }
        once_the_deadline(out, case)
    }
}

/// The case's deadline is named once, with its most important reason.
fn once_the_deadline(mut reasons: Vec<String>, case: &Case) -> Vec<String> {
    let Some(d) = case.deadline_days else {
        return reasons;
    };
    let suffix = format!(", Frist {}", Days(d));
    let plain = &suffix[2..];
    if reasons.iter().any(|r| r.ends_with(&suffix)) {
        // "Frist 17 Tage" beside "Vollstreckungsbescheid, Frist 17 Tage" says it twice
        reasons.retain(|r| r != plain);
    }
    let mut named = false;
    for r in &mut reasons {
        if r.ends_with(&suffix) {
            if named {
                r.truncate(r.len() - suffix.len());
            }
            named = true;
        }
    }
    reasons
}
