//! Aequitas-style disparities: every group's metric divided by a reference group's, and parity
//! verdicts with the τ rule (parity when `τ ≤ disparity ≤ 1/τ`; τ = 0.8 is the "four-fifths
//! rule" of US employment law, Aequitas' default).

use serde::Serialize;

use crate::cells::Stats;
use crate::frame::MetricFrame;
use crate::metrics::{Metric, Undefined};

/// The disparity Aequitas reports when the reference group's value is 0 and the group's is not.
pub const DIVISION_BY_ZERO_FILL: f64 = 10.0;

/// The metrics Aequitas compares, with its names.
pub const DISPARITY_METRICS: [(&str, Metric); 9] = [
    ("pprev", Metric::SelectionRate),
    ("precision", Metric::Precision),
    ("fdr", Metric::FalseDiscoveryRate),
    ("for", Metric::FalseOmissionRate),
    ("fpr", Metric::FalsePositiveRate),
    ("fnr", Metric::FalseNegativeRate),
    ("tpr", Metric::TruePositiveRate),
    ("tnr", Metric::TrueNegativeRate),
    ("npv", Metric::NegativePredictiveValue),
];

/// One group compared with the reference group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupDisparity {
    /// The group (index into the frame's groups).
    pub group: usize,
    /// `ppr`: the group's share of all positive decisions.
    pub ppr: Option<f64>,
    /// `(name, group value / reference value)`, names as in Aequitas (`ppr_disparity`, ...).
    pub disparities: Vec<(&'static str, Option<f64>)>,
    /// `(name, parity holds)`, names as in Aequitas (`Statistical Parity`, ...). `None` where the
    /// disparity is undefined.
    pub verdicts: Vec<(&'static str, Option<bool>)>,
}

/// Disparities of every group of a frame against `reference` with threshold `tau`.
pub fn disparities(frame: &MetricFrame, reference: usize, tau: f64) -> Vec<GroupDisparity> {
    let total_pp: u64 = frame.stats.iter().map(Stats::pp).sum();
    let ppr = |s: &Stats| (total_pp > 0).then(|| s.pp() as f64 / total_pp as f64);
    let value = |g: usize, m: Metric| m.value(&frame.stats[g], None, Undefined::Null);
    // Aequitas: x/0 is filled with 10 (a disparity "off the scale"), 0/0 is undefined.
    let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) if b != 0.0 => Some(a / b),
        (Some(a), Some(_)) if a != 0.0 => Some(DIVISION_BY_ZERO_FILL),
        _ => None,
    };
    let parity = |d: Option<f64>| d.map(|d| tau <= d && d <= 1.0 / tau);
    // Aequitas' pair rule: undefined if both parts are, else true only if both are true.
    let and = |a: Option<bool>, b: Option<bool>| match (a, b) {
        (None, None) => None,
        _ => Some(a == Some(true) && b == Some(true)),
    };
    let ref_ppr = ppr(&frame.stats[reference]);
    (0..frame.len())
        .map(|g| {
            let group_ppr = ppr(&frame.stats[g]);
            let mut disparities = vec![("ppr_disparity", ratio(group_ppr, ref_ppr))];
            for (name, m) in DISPARITY_METRICS {
                let d = ratio(value(g, m), value(reference, m));
                disparities.push((disparity_name(name), d));
            }
            let get = |n: &str| {
                disparities
                    .iter()
                    .find(|(k, _)| *k == n)
                    .and_then(|(_, v)| *v)
            };
            let statistical = parity(get("ppr_disparity"));
            let impact = parity(get("pprev_disparity"));
            let fdr = parity(get("fdr_disparity"));
            let fpr = parity(get("fpr_disparity"));
            let for_ = parity(get("for_disparity"));
            let fnr = parity(get("fnr_disparity"));
            let tpr = parity(get("tpr_disparity"));
            let tnr = parity(get("tnr_disparity"));
            let npv = parity(get("npv_disparity"));
            let precision = parity(get("precision_disparity"));
            let type1 = and(fpr, fdr);
            let type2 = and(fnr, for_);
            let verdicts = vec![
                ("Statistical Parity", statistical),
                ("Impact Parity", impact),
                ("FDR Parity", fdr),
                ("FPR Parity", fpr),
                ("FOR Parity", for_),
                ("FNR Parity", fnr),
                ("TPR Parity", tpr),
                ("TNR Parity", tnr),
                ("NPV Parity", npv),
                ("Precision Parity", precision),
                ("TypeI Parity", type1),
                ("TypeII Parity", type2),
                ("Equalized Odds", and(fpr, tpr)),
                ("Unsupervised Fairness", and(statistical, impact)),
                ("Supervised Fairness", and(type1, type2)),
            ];
            GroupDisparity {
                group: g,
                ppr: group_ppr,
                disparities,
                verdicts,
            }
        })
        .collect()
}

fn disparity_name(metric: &str) -> &'static str {
    match metric {
        "pprev" => "pprev_disparity",
        "precision" => "precision_disparity",
        "fdr" => "fdr_disparity",
        "for" => "for_disparity",
        "fpr" => "fpr_disparity",
        "fnr" => "fnr_disparity",
        "tpr" => "tpr_disparity",
        "tnr" => "tnr_disparity",
        _ => "npv_disparity",
    }
}

/// Aequitas' default reference group: the largest group (first in order among equals).
pub fn largest_group(frame: &MetricFrame) -> usize {
    let mut best = 0;
    for g in 1..frame.len() {
        if frame.stats[g].n() > frame.stats[best].n() {
            best = g;
        }
    }
    best
}
