//! The whole audit of a prediction table: for each sensitive column and for their intersection,
//! metrics by group and overall, fairlearn disparities (both methods), AIF360 comparisons when a
//! privileged group is named, Aequitas disparities and verdicts, inequality indices, bootstrap
//! intervals and warnings. The result serialises to the JSON of `docs/formats.md`.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use welfare_data::Predictions;

use crate::aequitas;
use crate::aif360::{self, Comparison, Condition};
use crate::bootstrap::{self, Bootstrap};
use crate::cells::{Cells, Grouping, Stats};
use crate::counts::Counts;
use crate::error::AuditError;
use crate::frame::{Aggregation, Method, MetricFrame};
use crate::metrics::{Metric, SortedScores, Undefined};

/// Settings of an audit.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// How 0/0 rates are reported (undefined, or 0 as fairlearn does).
    pub undefined: Undefined,
    /// Groups with fewer rows are flagged in every output.
    pub min_group_size: usize,
    /// Bootstrap intervals, if wanted.
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
    /// Rows audited.
    pub rows: usize,
    /// How 0/0 rates are reported.
    pub undefined: Undefined,
    /// Groups with fewer rows are flagged.
    pub min_group_size: usize,
    /// One section per sensitive column and one for their intersection.
    pub audits: Vec<Section>,
}

/// The audit of one set of sensitive columns.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The sensitive columns of this section.
    pub sensitive: Vec<String>,
    #[serde(skip)]
    /// The metric frame behind the numbers (not serialised).
    pub frame: MetricFrame,
    /// Every metric over all rows.
    pub overall: MetricValues,
    /// One row per group (fairlearn's `MetricFrame.by_group`).
    pub by_group: Vec<GroupRow>,
    /// The headline disparities (names as in FORMATS.md / fairlearn / AIF360).
    pub disparities: Named<&'static str, Option<f64>>,
    /// The same with fairlearn's `method="to_overall"`.
    pub disparities_to_overall: Named<&'static str, Option<f64>>,
    /// Per metric: min, max (with groups), difference and ratio by both methods.
    pub by_metric: Named<Metric, Spread>,
    /// AIF360 two-set comparison, when a privileged group applies to these columns.
    pub comparison: Option<ComparisonSummary>,
    /// Aequitas disparities and τ verdicts against the reference group.
    pub aequitas: AequitasSummary,
    /// 95 % bootstrap intervals of the disparities (empty without bootstrap).
    pub confidence_intervals: Named<&'static str, Interval>,
    /// Small groups, undefined metrics.
    pub warnings: Vec<String>,
}

/// A bootstrap interval `(low, high)`; `None` where the statistic is undefined in resamples.
pub type Interval = Option<(f64, f64)>;

/// A key of a [`Named`] list: the name it has in the JSON.
pub trait Key {
    /// The name in the JSON object.
    fn key(&self) -> &str;
}

impl Key for Metric {
    fn key(&self) -> &str {
        self.name()
    }
}

impl Key for &'static str {
    fn key(&self) -> &str {
        self
    }
}

/// Values by name in a fixed order (serialised as a JSON object in that order).
#[derive(Debug, Clone, PartialEq)]
pub struct Named<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Named<K, V> {
    fn default() -> Self {
        Named(Vec::new())
    }
}

impl<K: Key, V> Named<K, V> {
    /// The value named `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k.key() == name).map(|(_, v)| v)
    }

    /// `(name, value)` in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.key(), v))
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Key, V: Serialize> Serialize for Named<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k.key(), v)?;
        }
        map.end()
    }
}

/// Metric values in the frame's metric order; serialised as `{"count": 310, "selection_rate":
/// 0.5, ...}` (counts as integers, undefined as null).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricValues(pub Vec<(Metric, Option<f64>)>);

impl MetricValues {
    /// The value of `metric` (`None`: not computed, or undefined).
    pub fn get(&self, metric: Metric) -> Option<f64> {
        self.0
            .iter()
            .find(|(m, _)| *m == metric)
            .and_then(|(_, v)| *v)
    }
}

impl Serialize for MetricValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (m, v) in &self.0 {
            match (m, v) {
                (Metric::Count, Some(x)) => map.serialize_entry(m.name(), &(*x as u64))?,
                _ => map.serialize_entry(m.name(), v)?,
            }
        }
        map.end()
    }
}

/// One group of a section: its values of the sensitive columns, every metric, intervals.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// `(column, value)` for each sensitive column of the section.
    #[serde(serialize_with = "pairs_as_map")]
    pub group: Vec<(String, String)>,
    /// Every metric for this group (`count` first).
    #[serde(flatten)]
    pub metrics: MetricValues,
    /// Fewer rows than the minimum group size: its values are unreliable.
    pub small_group: bool,
    /// 95 % bootstrap intervals per metric (with bootstrap only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence_intervals: Option<Named<Metric, Interval>>,
}

impl GroupRow {
    /// The group's label as the reports show it (`sex=female, age_group=<25`).
    pub fn label(&self) -> String {
        self.group
            .iter()
            .map(|(c, v)| format!("{c}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Rows in the group.
    pub fn count(&self) -> u64 {
        self.metrics.get(Metric::Count).unwrap_or(0.0) as u64
    }

    /// The interval of `metric`, if bootstrapped and defined.
    pub fn interval(&self, metric: Metric) -> Interval {
        self.confidence_intervals
            .as_ref()
            .and_then(|c| c.get(metric.name()).copied().flatten())
    }
}

/// Serialises `(column, value)` pairs as one JSON object (`{"sex": "f", "age_group": "<25"}`):
/// how every group label of the suite is written (`#[serde(serialize_with = ...)]`).
pub fn pairs_as_map<S: Serializer>(
    pairs: &[(String, String)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// The spread of one metric over the groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// Smallest value over the groups.
    pub min: Option<f64>,
    /// The group with it.
    pub min_group: Option<String>,
    /// Largest value over the groups.
    pub max: Option<f64>,
    /// The group with it.
    pub max_group: Option<String>,
    /// max − min (fairlearn `between_groups`).
    pub difference: Option<f64>,
    /// min / max (fairlearn `between_groups`).
    pub ratio: Option<f64>,
    /// Largest distance to the overall value (fairlearn `to_overall`).
    pub difference_to_overall: Option<f64>,
    /// Smallest ratio to the overall value (fairlearn `to_overall`).
    pub ratio_to_overall: Option<f64>,
}

/// AIF360's comparison of a privileged and an unprivileged set of rows.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonSummary {
    /// The privileged condition.
    pub privileged: String,
    /// The unprivileged condition (default: everyone else).
    pub unprivileged: String,
    /// Rows in the privileged set.
    pub privileged_count: u64,
    /// Rows in the unprivileged set.
    pub unprivileged_count: u64,
    /// AIF360's `ClassificationMetric` values, names as in AIF360.
    pub metrics: Named<&'static str, Option<f64>>,
}

/// Aequitas disparities against a reference group with τ verdicts.
#[derive(Debug, Clone, Serialize)]
pub struct AequitasSummary {
    /// The reference group.
    pub reference_group: String,
    /// The threshold τ: parity holds within τ–1/τ.
    pub tau: f64,
    /// One entry per group.
    pub groups: Vec<AequitasGroup>,
}

/// One group's Aequitas disparities and verdicts.
#[derive(Debug, Clone, Serialize)]
pub struct AequitasGroup {
    /// The group's label.
    pub group: String,
    /// The group's share of all positive decisions.
    pub ppr: Option<f64>,
    /// Group value / reference value, names as in Aequitas (`ppr_disparity`, ...).
    pub disparities: Named<&'static str, Option<f64>>,
    /// Parity holds (`None`: undefined), names as in Aequitas (`Statistical Parity`, ...).
    pub verdicts: Named<&'static str, Option<bool>>,
}

/// Audits a prediction table.
pub fn audit(data: &Predictions, options: &AuditOptions) -> Result<Report, AuditError> {
    options.check()?;
    let cells = Cells::count(data)?;
    let sorted = data
        .y_score
        .as_deref()
        .map(|s| SortedScores::new(s, &data.y_true, &cells.row_cell));
    audit_cells(&cells, sorted.as_ref(), options)
}

/// Audits merged [`Counts`]: the same report as auditing all their rows at once with
/// [`audit()`], except ROC AUC and the row-level intervals of the score metrics, which need
/// every score (each section says so in its warnings).
pub fn audit_counts(counts: &Counts, options: &AuditOptions) -> Result<Report, AuditError> {
    options.check()?;
    let cells = counts.to_cells()?;
    let mut report = audit_cells(&cells, None, options)?;
    if counts.scored {
        for section in &mut report.audits {
            section.warnings.push(
                "roc_auc needs the rank of every score, not counts: it is left out of an audit \
                 from counts (audit the rows themselves for it)"
                    .to_owned(),
            );
        }
    }
    Ok(report)
}

/// Audits counted cells; `sorted` (the rows' scores in rank order) adds ROC AUC and the
/// row-level bootstrap of the score metrics.
fn audit_cells(
    cells: &Cells,
    sorted: Option<&SortedScores>,
    options: &AuditOptions,
) -> Result<Report, AuditError> {
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
        p.cells(cells)?;
    }
    if let Some(u) = &options.unprivileged {
        u.cells(cells)?;
    }
    let mut column_sets: Vec<Vec<usize>> = (0..cells.columns.len()).map(|k| vec![k]).collect();
    if cells.columns.len() > 1 {
        column_sets.push((0..cells.columns.len()).collect());
    }
    let mut audits = Vec::new();
    for set in column_sets {
        let grouping = cells.grouping(&set);
        audits.push(section(cells, &grouping, sorted, options)?);
    }
    Ok(Report {
        rows: cells.stats.iter().map(Stats::n).sum::<u64>() as usize,
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
) -> Vec<(&'static str, Option<f64>)> {
    let mut v: Vec<(&'static str, Option<f64>)> =
        fairlearn_disparities(frame, Method::BetweenGroups).to_vec();
    if let Some(c) = comparison {
        for (name, value) in c.metrics() {
            if matches!(
                name,
                "statistical_parity_difference" | "disparate_impact" | "average_odds_difference"
            ) {
                v.push((name, value));
            }
        }
    }
    v.push((
        "theil_index",
        aif360::individual_entropy(&frame.overall_stats, 1.0),
    ));
    v.push((
        "generalized_entropy_index",
        aif360::individual_entropy(&frame.overall_stats, alpha),
    ));
    v.push((
        "between_all_groups_theil_index",
        aif360::between_all_groups_entropy(&frame.stats, 1.0),
    ));
    v.push((
        "between_all_groups_generalized_entropy_index",
        aif360::between_all_groups_entropy(&frame.stats, alpha),
    ));
    v.push((
        "smoothed_empirical_differential_fairness",
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

    let overall = MetricValues(metrics.iter().map(|&m| (m, frame.overall(m))).collect());
    let mut by_group = Vec::new();
    for g in 0..frame.len() {
        let n = frame.stats[g].n();
        let small = (n as usize) < options.min_group_size;
        if small {
            warnings.push(format!(
                "group {} has {n} rows (< min group size {}): its values are unreliable",
                frame.label(g),
                options.min_group_size
            ));
        }
        by_group.push(GroupRow {
            group: frame.groups[g].clone(),
            metrics: MetricValues(metrics.iter().map(|&m| (m, frame.value(m, g))).collect()),
            small_group: small,
            confidence_intervals: None,
        });
    }

    let mut by_metric = Named::default();
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
        by_metric.0.push((
            m,
            Spread {
                min: min.value,
                min_group: min.group.map(|g| frame.label(g)),
                max: max.value,
                max_group: max.group.map(|g| frame.label(g)),
                difference: frame.difference(m, Method::BetweenGroups),
                ratio: frame.ratio(m, Method::BetweenGroups),
                difference_to_overall: frame.difference(m, Method::ToOverall),
                ratio_to_overall: frame.ratio(m, Method::ToOverall),
            },
        ));
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
    let disparities = Named(aggregate_values.clone());
    let disparities_to_overall = Named(fairlearn_disparities(&frame, Method::ToOverall).to_vec());

    let comparison_summary = comparison.as_ref().map(|c| ComparisonSummary {
        privileged: c.privileged.to_string(),
        unprivileged: c.unprivileged.to_string(),
        privileged_count: c.privileged_stats.n(),
        unprivileged_count: c.unprivileged_stats.n(),
        metrics: Named(c.metrics()),
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
    let aequitas = AequitasSummary {
        reference_group: frame.label(reference),
        tau: options.tau,
        groups: aequitas::disparities(&frame, reference, options.tau)
            .into_iter()
            .map(|d| AequitasGroup {
                group: frame.label(d.group),
                ppr: d.ppr,
                disparities: Named(d.disparities),
                verdicts: Named(d.verdicts),
            })
            .collect(),
    };

    let mut confidence_intervals = Named::default();
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
        for (k, (name, _)) in aggregate_values.iter().enumerate() {
            confidence_intervals.0.push((*name, ci[k]));
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
            let mut cis: Named<Metric, Interval> = Named(
                count_metrics
                    .iter()
                    .enumerate()
                    .map(|(j, &m)| (m, ci[base + g * count_metrics.len() + j]))
                    .collect(),
            );
            if let Some(sc) = &score_ci {
                for (k, m) in [Metric::MeanScore, Metric::BrierScore, Metric::RocAuc]
                    .into_iter()
                    .enumerate()
                {
                    cis.0.push((m, sc[g][k]));
                }
            }
            row.confidence_intervals = Some(cis);
        }
    }

    Ok(Section {
        sensitive: frame.sensitive.clone(),
        overall,
        by_group,
        disparities,
        disparities_to_overall,
        by_metric,
        comparison: comparison_summary,
        aequitas,
        confidence_intervals,
        warnings,
        frame,
    })
}
