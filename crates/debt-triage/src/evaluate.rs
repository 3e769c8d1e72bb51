//! Evaluation against the truth: missed emergencies, recall per class, calibration, a
//! waiting-list simulation against first come, first served and a points checklist, and the
//! fairness audit of miss rates (fairness-audit, with bootstrap intervals).

use fairness_audit::{Interval, Metric};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use welfare_data::cases::Urgency;
use welfare_data::{Categorical, Predictions};

use crate::case::{Case, Cases};
use crate::checklist::checklist_points;
use crate::error::TriageError;
use crate::model::TriageModel;
use crate::score::Score;

/// Ranking quality of one ordering (higher score = seen earlier).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranking {
    /// True U3 cases scored below the median score of the true U2 cases (a ranking failure:
    /// they wait behind typical U2 cases). Not the same as [`GroupMisses::u3_miss_rate`], the
    /// share of emergencies not *predicted* U3.
    pub missed_emergencies: usize,
    /// Missed emergencies as a share of all emergencies.
    pub missed_emergencies_share: f64,
    /// Share of (U3, U2) pairs in which the U3 case is scored lower (ties count one half).
    pub u3_below_u2_pairs: f64,
    /// The waiting-list simulation under this ordering (capacity 10 % short of demand).
    pub waiting: Waiting,
    /// The same simulation with capacity 40 % short of demand: the queue grows all year, and
    /// who waits months depends on the ordering.
    pub waiting_tight: Waiting,
}

/// Days from arrival until the first appointment in the waiting-list simulation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waiting {
    /// Mean days an emergency waits.
    pub emergency_mean_days: f64,
    /// Median days an emergency waits.
    pub emergency_median_days: f64,
    /// 90th percentile of the days an emergency waits.
    pub emergency_p90_days: f64,
    /// Median days any case waits.
    pub all_median_days: f64,
    /// Emergencies not seen before the end of the simulated period (counted with the days
    /// they had waited by then).
    pub emergencies_not_seen: usize,
    /// Emergencies that waited more than four weeks (28 days) or were not seen.
    pub emergencies_over_four_weeks: usize,
}

/// The result of `welfare triage evaluate`.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Cases evaluated.
    pub cases: usize,
    /// True emergencies (U3) among them.
    pub emergencies: usize,
    /// The label the model was trained on.
    pub target: String,
    /// The model kind.
    pub model: String,
    /// Emergencies the model ranks below the median U2 case.
    pub missed_emergencies: usize,
    /// Share of each true class the model predicts as that class (`None`: no case of it).
    pub recall: Recall,
    /// Multiclass Brier score of the urgency probabilities (0 = perfect).
    pub brier: f64,
    /// Expected calibration error of the top class (10 bins).
    pub ece: f64,
    /// Appointments per week in the simulation (10 % short of demand).
    pub weekly_capacity: usize,
    /// Appointments per week in the tight simulation (40 % short of demand).
    pub weekly_capacity_tight: usize,
    /// The model's ordering beside first come and the checklist.
    pub rankings: Rankings,
    /// Miss rates of emergencies by group (sex, nationality, household, language support, sex × household).
    pub fairness: Vec<MissRates>,
    /// The same audit of the historical labels (`urgency_recorded` U3 vs the truth), when the
    /// data has them: what a model trained on them learns from.
    pub fairness_of_recorded_labels: Option<Vec<MissRates>>,
}

/// Recall per urgency class, serialised as `{"U0": r, ..., "U3": r}`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Recall(pub [Option<f64>; 4]);

impl Recall {
    /// Recall of one class.
    pub fn of(&self, urgency: Urgency) -> Option<f64> {
        self.0[urgency as usize]
    }
}

impl Serialize for Recall {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        for u in Urgency::ALL {
            map.serialize_entry(u.as_str(), &self.of(u))?;
        }
        map.end()
    }
}

/// The model's ordering beside the two baselines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rankings {
    /// The model's ordering.
    pub model: Ranking,
    /// Arrival order.
    #[serde(rename = "first-come")]
    pub first_come: Ranking,
    /// The points checklist ([`checklist_points`]).
    pub checklist: Ranking,
}

/// Miss rates of emergencies for one set of attributes (one attribute or an intersection).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissRates {
    /// The attributes of the set (one, or two for an intersection).
    pub attributes: Vec<String>,
    /// One entry per group.
    pub groups: Vec<GroupMisses>,
    /// Largest minus smallest miss rate among groups with at least 30 emergencies.
    pub u3_miss_rate_difference: Option<f64>,
}

impl MissRates {
    /// The group whose value of `attribute` is `level` (single-attribute sets).
    pub fn group(&self, attribute: &str, level: &str) -> Option<&GroupMisses> {
        self.groups
            .iter()
            .find(|g| g.group.iter().any(|(a, l)| a == attribute && l == level))
    }
}

/// Emergencies of one group and how many the ranking missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMisses {
    /// `(attribute, level)` per attribute of the set.
    #[serde(serialize_with = "fairness_audit::audit::pairs_as_map")]
    pub group: Vec<(String, String)>,
    /// Cases in the group.
    pub cases: u64,
    /// True U3 cases in the group.
    pub emergencies: u64,
    /// Share of the group's emergencies (true U3) not predicted U3: 1 − U3 recall (`None`: no
    /// emergencies). Not the same as [`Ranking::missed_emergencies`], which counts
    /// emergencies *ranked* below the median U2 case.
    pub u3_miss_rate: Option<f64>,
    /// 95 % bootstrap interval of the miss rate.
    pub u3_miss_rate_ci95: Interval,
    /// Fewer than 30 emergencies: the rate is unreliable.
    pub small_group: bool,
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Ranking metrics for `scores` (higher first; ties by arrival), with the waiting-list
/// simulation at two weekly capacities (`(usual, tight)`).
pub fn ranking(
    cases: &[Case],
    truth: &[Urgency],
    scores: &[f64],
    (weekly_capacity, tight_capacity): (usize, usize),
) -> Ranking {
    let mut u2: Vec<f64> = (0..cases.len())
        .filter(|&i| truth[i] == Urgency::U2)
        .map(|i| scores[i])
        .collect();
    u2.sort_by(f64::total_cmp);
    let u3: Vec<usize> = (0..cases.len())
        .filter(|&i| truth[i] == Urgency::U3)
        .collect();
    let median_u2 = quantile(&u2, 0.5);
    let missed = if u2.is_empty() {
        0
    } else {
        u3.iter().filter(|&&i| scores[i] < median_u2).count()
    };
    let mut below = 0.0;
    for &i in &u3 {
        let lo = u2.partition_point(|&s| s < scores[i]);
        let le = u2.partition_point(|&s| s <= scores[i]);
        below += (u2.len() - le) as f64 + 0.5 * (le - lo) as f64;
    }
    let pairs = (u3.len() * u2.len()).max(1) as f64;
    Ranking {
        missed_emergencies: missed,
        missed_emergencies_share: if u3.is_empty() {
            0.0
        } else {
            missed as f64 / u3.len() as f64
        },
        u3_below_u2_pairs: below / pairs,
        waiting: simulate(cases, truth, scores, weekly_capacity),
        waiting_tight: simulate(cases, truth, scores, tight_capacity),
    }
}

/// Weekly appointments: at the end of each week the `capacity` waiting cases with the highest
/// score (ties: earlier arrival) get a first appointment.
pub fn simulate(cases: &[Case], truth: &[Urgency], scores: &[f64], capacity: usize) -> Waiting {
    let last_day = cases.iter().map(|c| c.arrival_day).max().unwrap_or(0);
    let weeks = last_day / 7 + 1;
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by_key(|&i| (cases[i].arrival_day, i));
    let mut seen: Vec<Option<u32>> = vec![None; cases.len()];
    let mut waiting: Vec<usize> = Vec::new();
    let mut next = 0;
    for w in 0..weeks {
        let day = (w + 1) * 7;
        while next < order.len() && cases[order[next]].arrival_day < day {
            waiting.push(order[next]);
            next += 1;
        }
        waiting.sort_by(|&a, &b| {
            scores[b]
                .total_cmp(&scores[a])
                .then(cases[a].arrival_day.cmp(&cases[b].arrival_day))
                .then(a.cmp(&b))
        });
        let take = capacity.min(waiting.len());
        for &i in &waiting[..take] {
            seen[i] = Some(day);
        }
        waiting.drain(..take);
    }
    let end = weeks * 7;
    let days = |i: usize| f64::from(seen[i].unwrap_or(end) - cases[i].arrival_day);
    let mut emergency: Vec<f64> = (0..cases.len())
        .filter(|&i| truth[i] == Urgency::U3)
        .map(days)
        .collect();
    emergency.sort_by(f64::total_cmp);
    let mut all: Vec<f64> = (0..cases.len()).map(days).collect();
    all.sort_by(f64::total_cmp);
    Waiting {
        emergency_mean_days: if emergency.is_empty() {
            0.0
        } else {
            emergency.iter().sum::<f64>() / emergency.len() as f64
        },
        emergency_median_days: quantile(&emergency, 0.5),
        emergency_p90_days: quantile(&emergency, 0.9),
        all_median_days: quantile(&all, 0.5),
        emergencies_over_four_weeks: emergency.iter().filter(|&&d| d > 28.0).count(),
        emergencies_not_seen: (0..cases.len())
            .filter(|&i| truth[i] == Urgency::U3 && seen[i].is_none())
            .count(),
    }
}

/// Multiclass Brier score and expected calibration error (top label, 10 bins).
pub fn calibration(scores: &[Score], truth: &[Urgency]) -> (f64, f64) {
    let n = scores.len().max(1) as f64;
    let mut brier = 0.0;
    let mut bins = vec![(0.0f64, 0.0f64, 0usize); 10];
    for (s, &t) in scores.iter().zip(truth) {
        for (k, &p) in s.probabilities.iter().enumerate() {
            let y = if k == t as usize { 1.0 } else { 0.0 };
            brier += (p - y) * (p - y);
        }
        let conf = s.probabilities[s.urgency_pred as usize];
        let b = ((conf * 10.0) as usize).min(9);
        bins[b].0 += conf;
        bins[b].1 += if s.urgency_pred == t { 1.0 } else { 0.0 };
        bins[b].2 += 1;
    }
    let ece = bins
        .iter()
        .filter(|b| b.2 > 0)
        .map(|b| (b.0 - b.1).abs())
        .sum::<f64>()
        / n;
    (brier / n, ece)
}

/// Evaluates a model on labelled cases against `urgency_true`.
pub fn evaluate(
    model: &TriageModel,
    data: &Cases,
    bootstrap_seed: u64,
) -> Result<Evaluation, TriageError> {
    let truth: Vec<Urgency> = data
        .labels
        .iter()
        .map(|l| {
            l.urgency_true.ok_or_else(|| TriageError::Training {
                file: data.source.clone(),
                reason: "evaluation needs the column 'urgency_true' (the true urgency); \
                         score unlabelled cases with `welfare triage score`"
                    .into(),
            })
        })
        .collect::<Result<_, _>>()?;
    let cases = &data.cases;
    let scores = model.score(cases);
    let weeks = (cases.iter().map(|c| c.arrival_day).max().unwrap_or(0) / 7 + 1) as usize;
    // capacity 10 % short of demand: a queue builds up, as in most centres
    let capacity = |share: f64| {
        ((cases.len() as f64 / weeks as f64) * share)
            .floor()
            .max(1.0) as usize
    };
    let weekly_capacity = capacity(0.9);
    let weekly_capacity_tight = capacity(0.6);
    let capacities = (weekly_capacity, weekly_capacity_tight);
    let model_scores: Vec<f64> = scores.iter().map(|s| s.urgency_score).collect();
    let fcfs: Vec<f64> = cases.iter().map(|c| -f64::from(c.arrival_day)).collect();
    let checklist: Vec<f64> = cases.iter().map(checklist_points).collect();
    let rankings = Rankings {
        model: ranking(cases, &truth, &model_scores, capacities),
        first_come: ranking(cases, &truth, &fcfs, capacities),
        checklist: ranking(cases, &truth, &checklist, capacities),
    };
    let missed = rankings.model.missed_emergencies;
    let mut recall = Recall::default();
    for u in Urgency::ALL {
        let of: Vec<usize> = (0..cases.len()).filter(|&i| truth[i] == u).collect();
        let hit = of.iter().filter(|&&i| scores[i].urgency_pred == u).count();
        recall.0[u as usize] = (!of.is_empty()).then(|| hit as f64 / of.len() as f64);
    }
    let (brier, ece) = calibration(&scores, &truth);
    let predicted: Vec<bool> = scores
        .iter()
        .map(|s| s.urgency_pred == Urgency::U3)
        .collect();
    let fairness = audit_misses(cases, &truth, &predicted, bootstrap_seed)?;
    let fairness_of_recorded_labels = if data.labels.iter().all(|l| l.urgency_recorded.is_some()) {
        let recorded: Vec<bool> = data
            .labels
            .iter()
            .map(|l| l.urgency_recorded == Some(Urgency::U3))
            .collect();
        Some(audit_misses(cases, &truth, &recorded, bootstrap_seed)?)
    } else {
        None
    };
    Ok(Evaluation {
        cases: cases.len(),
        emergencies: truth.iter().filter(|&&u| u == Urgency::U3).count(),
        target: model.target.name().to_owned(),
        model: model.kind.name().to_owned(),
        missed_emergencies: missed,
        recall,
        brier,
        ece,
        weekly_capacity,
        weekly_capacity_tight,
        rankings,
        fairness,
        fairness_of_recorded_labels,
    })
}

/// Miss rates of emergencies (true U3 not flagged U3) by sex, nationality group, household
/// type, language support and the intersection sex × household type, with 95 % bootstrap
/// intervals (500 resamples).
pub fn audit_misses(
    cases: &[Case],
    truth: &[Urgency],
    flagged: &[bool],
    seed: u64,
) -> Result<Vec<MissRates>, TriageError> {
    let column = |name: &str, f: &dyn Fn(&Case) -> &'static str| {
        Categorical::encode(name, &cases.iter().map(f).collect::<Vec<_>>())
    };
    let mut out = Vec::new();
    let sets: Vec<Vec<Categorical>> = vec![
        vec![column("sex", &|c| c.sex.as_str())],
        vec![column("nationality_group", &|c| {
            c.nationality_group.as_str()
        })],
        vec![column("household_type", &|c| c.household_type.as_str())],
        vec![column("language_support", &|c| {
            if c.language_support { "yes" } else { "no" }
        })],
        vec![
            column("sex", &|c| c.sex.as_str()),
            column("household_type", &|c| c.household_type.as_str()),
        ],
    ];
    for sensitive in sets {
        let names: Vec<String> = sensitive.iter().map(|c| c.name.clone()).collect();
        let data = Predictions {
            y_true: truth.iter().map(|&u| u == Urgency::U3).collect(),
            y_pred: flagged.to_vec(),
            y_score: None,
            sensitive,
        };
        let options = fairness_audit::AuditOptions {
            bootstrap: Some(fairness_audit::Bootstrap {
                replicates: 500,
                seed,
                level: 0.95,
            }),
            ..fairness_audit::AuditOptions::default()
        };
        let report = fairness_audit::audit(&data, &options)?;
        // the section over all the set's columns (the intersection for two columns)
        let Some(section) = report.audits.iter().find(|s| s.sensitive == names) else {
            continue;
        };
        let mut groups = Vec::new();
        let mut rates = Vec::new();
        for (g, row) in section.by_group.iter().enumerate() {
            // counted, not recomputed from a rate
            let emergencies = section.frame.stats[g].p();
            let miss = row.metrics.get(Metric::FalseNegativeRate);
            if let (true, Some(m)) = (emergencies >= 30, miss) {
                rates.push(m);
            }
            groups.push(GroupMisses {
                group: row.group.clone(),
                cases: row.count(),
                emergencies,
                u3_miss_rate: miss,
                u3_miss_rate_ci95: row.interval(Metric::FalseNegativeRate),
                small_group: emergencies < 30,
            });
        }
        let spread = match (
            rates.iter().copied().reduce(f64::min),
            rates.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) => Some(hi - lo),
            _ => None,
        };
        out.push(MissRates {
            attributes: names,
            groups,
            u3_miss_rate_difference: spread,
        });
    }
    Ok(out)
}
