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

fn days(d: u32) -> String {
    if d == 1 {
        "1 Tag".into()
    } else {
        format!("{d} Tage")
    }
}

/// The German counsellor wording of a feature *as a fact of this case*, or `None` when the
/// feature states nothing about the case worth naming (a `none` level, a neutral level such
/// as a normal account, a missing value, a flag that is not set). Never a raw feature name.
pub fn wording(feature: &str, case: &Case) -> Option<String> {
    // formatted only by the wordings that carry the deadline
    let deadline = || {
        case.deadline_days
            .map(|d| format!(", Frist {}", days(d)))
            .unwrap_or_default()
    };
    let yes = |set: bool, text: &str| set.then(|| text.to_owned());
    Some(match feature {
        "energy_stage=announced" => format!("Stromsperre angekündigt{}", deadline()),
        "energy_stage=cut_off" => "Strom oder Gas bereits gesperrt".into(),
        "energy_stage=threat" => format!("Stromsperre angedroht{}", deadline()),
        "energy_stage=arrears" => "Schulden beim Energieversorger".into(),
        "eviction_stage=eviction_date" => format!("Räumungstermin steht fest{}", deadline()),
        "eviction_stage=lawsuit" => format!("Räumungsklage eingereicht{}", deadline()),
        "eviction_stage=notice" => format!("Wohnung gekündigt{}", deadline()),
        "eviction_stage=arrears" => "Mietschulden".into(),
        "enforcement_stage=arrest_warrant" => "Haftbefehl zur Vermögensauskunft".into(),
        "enforcement_stage=asset_disclosure" => {
            format!("Termin zur Vermögensauskunft{}", deadline())
        }
        "enforcement_stage=enforcement_order" => format!("Vollstreckungsbescheid{}", deadline()),
        "enforcement_stage=dunning_order" => format!("Mahnbescheid erhalten{}", deadline()),
        "account_status=garnished_no_p_konto" => {
            format!("Konto gepfändet, noch kein P-Konto{}", deadline())
        }
        "account_status=no_account" => "kein Girokonto".into(),
        "account_status=p_konto" => "Pfändungsschutzkonto (P-Konto) vorhanden".into(),
        "wage_garnishment" => {
            return yes(
                case.wage_garnishment,
                "Lohnpfändung, Arbeitsplatz gefährdet",
            );
        }
        "health_crisis" => return yes(case.health_crisis, "akute gesundheitliche Krise"),
        "addiction" => return yes(case.addiction, "Suchterkrankung"),
        "deadline_within_14_days" | "deadline_within_30_days" | "deadline_days" => {
            return case.deadline_days.map(|d| format!("Frist {}", days(d)));
        }
        "energy_level" => {
            return wording(
                &format!("energy_stage={}", case.energy_stage.as_str()),
                case,
            );
        }
        "eviction_level" => {
            return wording(
                &format!("eviction_stage={}", case.eviction_stage.as_str()),
                case,
            );
        }
        "enforcement_level" => {
            return wording(
                &format!("enforcement_stage={}", case.enforcement_stage.as_str()),
                case,
            );
        }
        "checklist_points" => {
            let points = crate::checklist::checklist_points(case);
            if points <= 0.0 {
                return None;
            }
            format!(
                "mehrere Dringlichkeitsmerkmale zugleich ({} Punkte auf der Checkliste)",
                number(points, 0, Lang::De)
            )
        }
        "children" if case.children > 0 => match case.children {
            1 => "ein Kind im Haushalt".into(),
            n => format!("{n} Kinder im Haushalt"),
        },
        "household_size" if case.household_size > 1 => {
            format!("{} Personen im Haushalt", case.household_size)
        }
        "own_income_eur" => {
            return case
                .own_income_eur
                .map(|e| format!("eigenes Einkommen {} im Monat", euros(e)));
        }
        "household_income_eur" => {
            return case
                .household_income_eur
                .map(|e| format!("Haushaltseinkommen {} im Monat", euros(e)));
        }
        "housing_share" => match (case.housing_cost_eur, case.household_income_eur) {
            (Some(h), Some(i)) if i > 0.0 => format!(
                "Wohnkosten {} des Haushaltseinkommens",
                percent((h / i).min(3.0), 0, Lang::De)
            ),
            _ => return None,
        },
        "log_total_debt" => {
            return case
                .total_debt_eur
                .map(|d| format!("Schulden ca. {}", euros(d)));
        }
        "creditors" if case.creditors > 0 => match case.creditors {
            1 => "ein Gläubiger".into(),
            n => format!("{n} Gläubiger"),
        },
        "cred_landlord" => return yes(case.cred_landlord, "Schulden beim Vermieter"),
        "cred_energy" => return yes(case.cred_energy, "Schulden beim Energieversorger"),
        "cred_public" => {
            return yes(
                case.cred_public,
                "Schulden bei Behörden (Jobcenter, Krankenkasse, Finanzamt)",
            );
        }
        "cred_bank" => return yes(case.cred_bank, "Schulden bei der Bank (Kredit, Dispo)"),
        "cred_telecom" => {
            return yes(
                case.cred_telecom,
                "Schulden bei Telefon- oder Internetanbieter",
            );
        }
        "cred_mail_order" => return yes(case.cred_mail_order, "Schulden beim Versandhandel"),
        "documents_complete" => return yes(case.documents_complete, "Unterlagen vollständig"),
        "referral=court_or_landlord" => "vom Gericht oder Vermieter geschickt".into(),
        "referral=jobcentre" => "vom Jobcenter geschickt".into(),
        "referral=social_service" => "vom Sozialdienst geschickt".into(),
        "referral=health_service" => "vom Gesundheitsdienst geschickt".into(),
        "household_type=single_parent" => "alleinerziehend".into(),
        "household_type=couple_with_children" => "Paar mit Kindern".into(),
        "household_type=single" => "alleinlebend".into(),
        "employment=unemployed" => "arbeitslos".into(),
        "employment=retired" => "in Rente".into(),
        "employment=self_employed" => "selbstständig".into(),
        "main_trigger=illness_addiction_accident" => {
            "Schulden durch Krankheit, Sucht oder Unfall".into()
        }
        "main_trigger=unemployment" => "Schulden durch Arbeitslosigkeit".into(),
        "main_trigger=separation" => "Schulden nach Trennung oder Scheidung".into(),
        "main_trigger=low_income" => "dauerhaft geringes Einkommen".into(),
        "main_trigger=self_employment" => "Schulden aus gescheiterter Selbstständigkeit".into(),
        "main_trigger=household_management" => "Schulden durch Haushaltsführung".into(),
        // neutral levels, "none" stages, missing-value indicators, anything else: no fact
        _ => return None,
    })
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
    roles: &[Role],
    case: &Case,
    out: &mut Vec<String>,
) {
    let mut ranked: Vec<(f64, usize)> = contributions
        .iter()
        .enumerate()
        .filter(|&(j, &c)| c > 1e-3 && row[j] != 0.0 && present(roles[j], row[j], &names[j]))
        .map(|(j, &c)| (c, j))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, j) in ranked {
        if let Some(text) = wording(&names[j], case)
            && !out.contains(&text)
        {
            out.push(text);
        }
        if out.len() == REASONS {
            break;
        }
    }
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
}

impl<'a> Explainer<'a> {
    /// The explainer of a model.
    pub fn new(model: &'a TriageModel) -> Explainer<'a> {
        Explainer {
            model,
            roles: roles(&model.pipeline.names),
        }
    }

    /// Top reasons for a case, as [`reasons`].
    pub fn reasons(&self, case: &Case, row: &[f64], p: &[f64; 4]) -> Vec<String> {
        let (model, roles) = (self.model, &self.roles);
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
                let slopes: Vec<f64> = row
                    .iter()
                    .zip(weights)
                    .map(|(&v, w)| {
                        if v == 0.0 {
                            // an unset level or flag contributes nothing
                            return 0.0;
                        }
                        v * w.iter().zip(&class_weight).map(|(a, b)| a * b).sum::<f64>()
                    })
                    .collect();
                name_largest(&slopes, row, names, roles, case, &mut out);
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
                    if let Some(text) = wording(&names[j], case)
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
fn once_the_deadline(reasons: Vec<String>, case: &Case) -> Vec<String> {
    let Some(d) = case.deadline_days else {
        return reasons;
    };
    let suffix = format!(", Frist {}", days(d));
    let plain = format!("Frist {}", days(d));
    let mut named = false;
    let carried = reasons.iter().any(|r| r.ends_with(&suffix));
    reasons
        .into_iter()
        // "Frist 17 Tage" beside "Vollstreckungsbescheid, Frist 17 Tage" says it twice
        .filter(|r| !(carried && *r == plain))
        .map(|r| match r.strip_suffix(&suffix) {
            Some(head) if named => head.to_owned(),
            _ => {
                named |= r.ends_with(&suffix);
                r
            }
        })
        .collect()
}
