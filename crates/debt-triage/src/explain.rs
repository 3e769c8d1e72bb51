//! Reasons for a score in the words a counsellor uses, taken from the model's own arithmetic:
//! for the logistic model each feature's first-order contribution to the expected urgency
//! (value × Σ_k p_k (k − E\[k\]) w_k), for the tree the conditions on the path to the leaf.

use crate::case::Case;
use crate::model::{Classifier, Node, TriageModel};

/// How many reasons a score carries.
pub const REASONS: usize = 3;

/// German counsellor wording for a feature that is present in a case.
pub fn wording(feature: &str, case: &Case) -> String {
    let deadline = case
        .deadline_days
        .map(|d| format!(", Frist {d} Tage"))
        .unwrap_or_default();
    match feature {
        "energy_stage=announced" => format!("Stromsperre angekündigt{deadline}"),
        "energy_stage=cut_off" => "Strom oder Gas bereits gesperrt".into(),
        "energy_stage=threat" => format!("Stromsperre angedroht{deadline}"),
        "energy_stage=arrears" => "Energieschulden".into(),
        "eviction_stage=eviction_date" => format!("Räumungstermin steht fest{deadline}"),
        "eviction_stage=lawsuit" => format!("Räumungsklage eingereicht{deadline}"),
        "eviction_stage=notice" => format!("Wohnung gekündigt{deadline}"),
        "eviction_stage=arrears" => "Mietschulden".into(),
        "enforcement_stage=arrest_warrant" => "Haftbefehl zur Vermögensauskunft".into(),
        "enforcement_stage=asset_disclosure" => format!("Termin zur Vermögensauskunft{deadline}"),
        "enforcement_stage=enforcement_order" => format!("Vollstreckungsbescheid{deadline}"),
        "enforcement_stage=dunning_order" => format!("Mahnbescheid erhalten{deadline}"),
        "account_status=garnished_no_p_konto" => {
            format!("Konto gepfändet, noch kein P-Konto{deadline}")
        }
        "account_status=no_account" => "kein Girokonto".into(),
        "wage_garnishment" => "Lohnpfändung, Arbeitsplatz gefährdet".into(),
        "health_crisis" => "akute gesundheitliche Krise".into(),
        "addiction" => "Suchterkrankung".into(),
        "deadline_within_14_days" => format!("Frist unter 14 Tagen{deadline}"),
        "deadline_within_30_days" => format!("Frist unter 30 Tagen{deadline}"),
        "deadline_days" => case
            .deadline_days
            .map_or("Frist bekannt".into(), |d| format!("Frist {d} Tage")),
        "energy_level" => wording(
            &format!("energy_stage={}", case.energy_stage.as_str()),
            case,
        ),
        "eviction_level" => wording(
            &format!("eviction_stage={}", case.eviction_stage.as_str()),
            case,
        ),
        "enforcement_level" => wording(
            &format!("enforcement_stage={}", case.enforcement_stage.as_str()),
            case,
        ),
        "checklist_points" => format!(
            "mehrere Dringlichkeitsmerkmale ({} Punkte)",
            crate::checklist::checklist_points(case)
        ),
        "children" => format!("{} Kind(er) im Haushalt", case.children),
        "household_size" => format!("{} Personen im Haushalt", case.household_size),
        "log_total_debt" => case.total_debt_eur.map_or("Schuldenhöhe".into(), |d| {
            format!("Schulden ca. {:.0} €", d)
        }),
        "creditors" => format!("{} Gläubiger", case.creditors),
        "cred_landlord" => "Schulden beim Vermieter".into(),
        "cred_energy" => "Schulden beim Energieversorger".into(),
        "cred_public" => "Schulden bei Behörden (Jobcenter, Krankenkasse, Finanzamt)".into(),
        "documents_complete" => "Unterlagen vollständig".into(),
        "referral=court_or_landlord" => "vom Gericht oder Vermieter geschickt".into(),
        "household_type=single_parent" => "alleinerziehend".into(),
        other => match other.split_once('=') {
            Some((k, v)) => format!("{k}: {v}"),
            None => other.replace('_', " "),
        },
    }
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
fn path_conditions(nodes: &[Node], row: &[f64], names: &[String], out: &mut Vec<usize>) {
    let mut i = 0;
    while let Node::Split {
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

/// Top reasons for a case (`row` = its features, `p` = its calibrated urgency probabilities).
pub fn reasons(model: &TriageModel, case: &Case, row: &[f64], p: &[f64; 4]) -> Vec<String> {
    let names = &model.pipeline.names;
    let mut out: Vec<String> = Vec::new();
    match &model.urgency.classifier {
        Classifier::Logistic { weights, intercept } => {
            let k = intercept.len();
            let expected: f64 = p.iter().enumerate().map(|(c, q)| c as f64 * q).sum();
            let mut contributions: Vec<(f64, usize)> = row
                .iter()
                .enumerate()
                .filter(|&(j, &v)| {
                    v != 0.0 && !names[j].ends_with("_missing") && is_present(v, &names[j])
                })
                .map(|(j, &v)| {
                    let slope: f64 = (0..k)
                        .map(|c| p[c] * (c as f64 - expected) * weights[j][c])
                        .sum();
                    (v * slope / model.urgency.temperature, j)
                })
                .filter(|(c, _)| *c > 1e-3)
                .collect();
            contributions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, j) in contributions {
                let text = wording(&names[j], case);
                if !out.contains(&text) {
                    out.push(text);
                }
                if out.len() == REASONS {
                    break;
                }
            }
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
                let text = wording(&names[j], case);
                if !out.contains(&text) && out.len() < REASONS {
                    out.push(text);
                }
            }
        }
    }
    out
}
