//! The whole audit of a prediction table: for each sensitive column and for their intersection,
//! metrics by group and overall, fairlearn disparities (both methods), AIF360 comparisons when a
//! privileged group is named, Aequitas disparities and verdicts, inequality indices, bootstrap
//! intervals and warnings. The result serialises to the JSON of `docs/formats.md`.

use serde::Serialize;
use serde_json::{Map, Value, json};
use welfare_data::Predictions;

use crate::aequitas;
use crate::aif360::{self, Comparison, Condition};
use crate::bootstrap::{self, Bootstrap};
use crate::cells::{Cells, Grouping, Stats};
use crate::error::AuditError;
use crate::frame::{Aggregation, Method, MetricFrame};
use crate::metrics::{Metric, SortedScores, Undefined};

/// Settings of an audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    pub undefined: Undefined,
    /// Groups with fewer rows are flagged in every output.
    pub min_group_size: usize,
    pub bootstrap: Option<Bootstrap>,
    /// The privileged group (AIF360 comparisons, Aequitas reference group). Each audit uses the
    /// part of the condition that mentions only its own columns.
    pub privileged: Option<Condition>,
    /// The unprivileged group; `None` = every row not privileged.
    pub unprivileged: Option<Condition>,
    /// Aequitas threshold.
    pub tau: f64,
    /// α of the generalized entropy index.
    pub entropy_alpha: f64,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            undefined: Undefined::Null,
            min_group_size: 30,
            bootstrap: None,
            privileged: None,
            unprivileged: None,
            tau: 0.8,
            entropy_alpha: 2.0,
        }
    }
}

impl AuditOptions {
    /// Checks the settings before any work.
    pub fn check(&self) -> Result<(), AuditError> {
        if let Some(b) = &self.bootstrap {
            b.check()?;
        }
        if !(self.tau > 0.0 && self.tau <= 1.0) {
            return Err(AuditError::Parameter {
                name: "tau",
                reason: format!("must be in (0, 1], got {}", self.tau),
            });
        }
        if !self.entropy_alpha.is_finite() {
            return Err(AuditError::Parameter {
                name: "entropy_alpha",
                reason: "must be a finite number".into(),
            });
        }
        Ok(())
    }
}

/// The audit report: one section per set of sensitive columns.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub rows: usize,
    pub undefined: Undefined,
    pub min_group_size: usize,
    pub audits: Vec<Section>,
}

/// The audit of one set of sensitive columns.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub sensitive: Vec<String>,
    #[serde(skip)]
    pub frame: MetricFrame,
    pub overall: Map<String, Value>,
    pub by_group: Vec<Map<String, Value>>,
    /// The headline disparities (names as in FORMATS.md / fairlearn / AIF360).
    pub disparities: Map<String, Value>,
    /// The same with fairlearn's `method="to_overall"`.
    pub disparities_to_overall: Map<String, Value>,
    /// Per metric: min, max (with groups), difference and ratio by both methods.
    pub by_metric: Map<String, Value>,
    /// AIF360 two-set comparison, when a privileged group applies to these columns.
    pub comparison: Option<Value>,
    /// Aequitas disparities and τ verdicts against the reference group.
    pub aequitas: Value,
    pub confidence_intervals: Map<String, Value>,
    pub warnings: Vec<String>,
}

fn num(v: Option<f64>) -> Value {
    v.map_or(Value::Null, |x| json!(x))
}

/// A metric value for JSON: counts as integers, rates as numbers, undefined as null.
fn metric_json(m: Metric, v: Option<f64>) -> Value {
    match (m, v) {
        (Metric::Count, Some(x)) => json!(x as u64),
        _ => num(v),
    }
}

/// Audits a prediction table.
pub fn audit(data: &Predictions, options: &AuditOptions) -> Result<Report, AuditError> {
    options.check()?;
    let cells = Cells::count(data)?;
    for (k, levels) in cells.levels.iter().enumerate() {
        if levels.len() < 2 {
            return Err(AuditError::OneGroup {
                column: cells.columns[k].clone(),
                value: levels.first().cloned().unwrap_or_default(),
            });
        }
    }
    // Validate the conditions against the data once, up front.
    if let Some(p) = &options.privileged {
        p.cells(&cells)?;
    }
    if let Some(u) = &options.unprivileged {
        u.cells(&cells)?;
    }
    let sorted = data
        .y_score
        .as_deref()
        .map(|s| SortedScores::new(s, &data.y_true, &cells.row_cell));

    let mut column_sets: Vec<Vec<usize>> = (0..cells.columns.len()).map(|k| vec![k]).collect();
    if cells.columns.len() > 1 {
        column_sets.push((0..cells.columns.len()).collect());
    }
    let mut audits = Vec::new();
    for set in column_sets {
        let grouping = cells.grouping(&set);
        audits.push(section(&cells, &grouping, sorted.as_ref(), options)?);
    }
    Ok(Report {
        rows: data.y_true.len(),
        undefined: options.undefined,
        min_group_size: options.min_group_size,
        audits,
    })
}

/// Restricts a condition to the conjunctions that mention only `columns`.
fn restrict(condition: &Condition, columns: &[String]) -> Option<Condition> {
    let conj: Vec<Vec<(String, String)>> = condition
        .0
        .iter()
        .map(|c| {
            c.iter()
                .filter(|(col, _)| columns.contains(col))
                .cloned()
                .collect::<Vec<_>>()
        })
        .filter(|c: &Vec<(String, String)>| !c.is_empty())
        .collect();
    (!conj.is_empty()).then_some(Condition(conj))
}

/// fairlearn's named disparities of a frame by one method.
fn fairlearn_disparities(frame: &MetricFrame, method: Method) -> [(&'static str, Option<f64>); 8] {
    [
        (
            "demographic_parity_difference",
            frame.demographic_parity_difference(method),
        ),
        (
            "demographic_parity_ratio",
            frame.demographic_parity_ratio(method),
        ),
        (
            "equalized_odds_difference",
            frame.equalized_odds_difference(method, Aggregation::WorstCase),
        ),
        (
            "equalized_odds_ratio",
            frame.equalized_odds_ratio(method, Aggregation::WorstCase),
        ),
        (
            "equalized_odds_difference_mean",
            frame.equalized_odds_difference(method, Aggregation::Mean),
        ),
        (
            "equalized_odds_ratio_mean",
            frame.equalized_odds_ratio(method, Aggregation::Mean),
        ),
        (
            "equal_opportunity_difference",
            frame.equal_opportunity_difference(method),
        ),
        (
            "equal_opportunity_ratio",
            frame.equal_opportunity_ratio(method),
        ),
    ]
}

/// Headline aggregates from a frame (and comparison): used for the report and the bootstrap.
fn aggregates(
    frame: &MetricFrame,
    comparison: Option<&Comparison>,
    alpha: f64,
) -> Vec<(String, Option<f64>)> {
    let mut v: Vec<(String, Option<f64>)> = fairlearn_disparities(frame, Method::BetweenGroups)
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    if let Some(c) = comparison {
        for (name, value) in c.metrics() {
            if matches!(
                name,
                "statistical_parity_difference" | "disparate_impact" | "average_odds_difference"
            ) {
                v.push((name.into(), value));
            }
        }
    }
    v.push((
        "theil_index".into(),
        aif360::individual_entropy(&frame.overall_stats, 1.0),
    ));
    v.push((
        "generalized_entropy_index".into(),
        aif360::individual_entropy(&frame.overall_stats, alpha),
    ));
    v.push((
        "between_all_groups_theil_index".into(),
        aif360::between_all_groups_entropy(&frame.stats, 1.0),
    ));
    v.push((
        "between_all_groups_generalized_entropy_index".into(),
        aif360::between_all_groups_entropy(&frame.stats, alpha),
    ));
    v.push((
        "smoothed_empirical_differential_fairness".into(),
        aif360::smoothed_empirical_differential_fairness(&frame.stats, 1.0),
    ));
    v
}

fn section(
    cells: &Cells,
    grouping: &Grouping,
    scores: Option<&SortedScores>,
    options: &AuditOptions,
) -> Result<Section, AuditError> {
    let frame = MetricFrame::from_cells(cells, grouping, scores, options.undefined);
    let metrics = frame.metrics();
    let mut warnings = Vec::new();

    let overall: Map<String, Value> = metrics
        .iter()
        .map(|&m| (m.name().to_owned(), metric_json(m, frame.overall(m))))
        .collect();
    let mut by_group = Vec::new();
    for g in 0..frame.len() {
        let mut row = Map::new();
        let group: Map<String, Value> = frame.groups[g]
            .iter()
            .map(|(c, v)| (c.clone(), json!(v)))
            .collect();
        row.insert("group".into(), Value::Object(group));
        for &m in &metrics {
            row.insert(m.name().into(), metric_json(m, frame.value(m, g)));
        }
        let n = frame.stats[g].n();
        let small = (n as usize) < options.min_group_size;
        row.insert("small_group".into(), json!(small));
        if small {
            warnings.push(format!(
                "group {} has {n} rows (< min group size {}): its values are unreliable",
                frame.label(g),
                options.min_group_size
            ));
        }
        by_group.push(row);
    }

    let mut by_metric = Map::new();
    for &m in &metrics {
        if m == Metric::Count {
            continue;
        }
        let max = frame.group_max(m);
        let min = frame.group_min(m);
        if !max.skipped.is_empty() {
            let names: Vec<String> = max.skipped.iter().map(|&g| frame.label(g)).collect();
            warnings.push(format!(
                "{} is undefined for {}: skipped in max/min",
                m.name(),
                names.join("; ")
            ));
        }
        by_metric.insert(
            m.name().into(),
            json!({
                "min": num(min.value), "min_group": min.group.map(|g| frame.label(g)),
                "max": num(max.value), "max_group": max.group.map(|g| frame.label(g)),
                "difference": num(frame.difference(m, Method::BetweenGroups)),
                "ratio": num(frame.ratio(m, Method::BetweenGroups)),
                "difference_to_overall": num(frame.difference(m, Method::ToOverall)),
                "ratio_to_overall": num(frame.ratio(m, Method::ToOverall)),
            }),
        );
    }

    // AIF360 comparison for these columns.
    let privileged = options
        .privileged
        .as_ref()
        .and_then(|p| restrict(p, &frame.sensitive));
    let unprivileged = options
        .unprivileged
        .as_ref()
        .and_then(|u| restrict(u, &frame.sensitive));
    let comparison = match privileged {
        Some(p) => Some(Comparison::new(cells, p, unprivileged)?),
        None => None,
    };

    let aggregate_values = aggregates(&frame, comparison.as_ref(), options.entropy_alpha);
    let disparities: Map<String, Value> = aggregate_values
        .iter()
        .map(|(k, v)| (k.clone(), num(*v)))
        .collect();
    let disparities_to_overall: Map<String, Value> =
        fairlearn_disparities(&frame, Method::ToOverall)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), num(v)))
            .collect();

    let comparison_json = comparison.as_ref().map(|c| {
        let metrics: Map<String, Value> = c
            .metrics()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), num(v)))
            .collect();
        json!({
            "privileged": c.privileged.to_string(),
            "unprivileged": c.unprivileged.to_string(),
            "privileged_count": c.privileged_stats.n(),
            "unprivileged_count": c.unprivileged_stats.n(),
            "metrics": metrics,
        })
    });

    // Aequitas: reference = the privileged group if it is one group of this audit, else the largest.
    let reference = comparison
        .as_ref()
        .and_then(|c| {
            let groups: Vec<usize> = (0..frame.len())
                .filter(|&g| {
                    (0..cells.keys.len()).any(|cell| {
                        grouping.cell_group[cell] as usize == g && c.cell_side[cell] == 1
                    })
                })
                .collect();
            (groups.len() == 1).then(|| groups[0])
        })
        .unwrap_or_else(|| aequitas::largest_group(&frame));
    let aeq = aequitas::disparities(&frame, reference, options.tau);
    let aequitas_json = json!({
        "reference_group": frame.label(reference),
        "tau": options.tau,
        "groups": aeq.iter().map(|d| {
            let disparities: Map<String, Value> = d.disparities.iter().map(|(k, v)| ((*k).to_owned(), num(*v))).collect();
            let verdicts: Map<String, Value> = d.verdicts.iter().map(|(k, v)| ((*k).to_owned(), v.map_or(Value::Null, Value::Bool))).collect();
            json!({"group": frame.label(d.group), "ppr": num(d.ppr), "disparities": disparities, "verdicts": verdicts})
        }).collect::<Vec<_>>(),
    });

    let mut confidence_intervals = Map::new();
    if let Some(spec) = &options.bootstrap {
        let count_metrics: Vec<Metric> = Metric::COUNT_BASED
            .into_iter()
            .filter(|&m| m != Metric::Count)
            .collect();
        let groups = frame.len();
        let statistic = |cell_stats: &[Stats]| -> Vec<Option<f64>> {
            let f = MetricFrame::from_stats(
                frame.sensitive.clone(),
                frame.groups.clone(),
                grouping.stats(cell_stats),
                options.undefined,
            );
            let c = comparison.as_ref().map(|c| c.with_cell_stats(cell_stats));
            let mut out: Vec<Option<f64>> = aggregates(&f, c.as_ref(), options.entropy_alpha)
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            for g in 0..groups {
                for &m in &count_metrics {
                    out.push(f.value(m, g));
                }
            }
            out
        };
        let ci = bootstrap::intervals(&cells.stats, spec, statistic)?;
        let interval = |c: Option<(f64, f64)>| c.map_or(Value::Null, |(lo, hi)| json!([lo, hi]));
        for (k, (name, _)) in aggregate_values.iter().enumerate() {
            confidence_intervals.insert(name.clone(), interval(ci[k]));
        }
        let base = aggregate_values.len();
        let score_ci = match scores {
            Some(sorted) => Some(bootstrap::score_intervals(
                sorted,
                &grouping.cell_group,
                frame.len(),
                spec,
            )?),
            None => None,
        };
        for (g, row) in by_group.iter_mut().enumerate() {
            let mut cis: Map<String, Value> = count_metrics
                .iter()
                .enumerate()
                .map(|(j, m)| {
                    (
                        m.name().to_owned(),
                        interval(ci[base + g * count_metrics.len() + j]),
                    )
                })
                .collect();
            if let Some(sc) = &score_ci {
                for (k, m) in [Metric::MeanScore, Metric::BrierScore, Metric::RocAuc]
                    .into_iter()
                    .enumerate()
                {
                    cis.insert(m.name().to_owned(), interval(sc[g][k]));
                }
            }
            row.insert("confidence_intervals".into(), Value::Object(cis));
        }
    }

    Ok(Section {
        sensitive: frame.sensitive.clone(),
        overall,
        by_group,
        disparities,
        disparities_to_overall,
        by_metric,
        comparison: comparison_json,
        aequitas: aequitas_json,
        confidence_intervals,
        warnings,
        frame,
    })
}

impl Report {
    /// The report as JSON (the format of `docs/formats.md`).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}
