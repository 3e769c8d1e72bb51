//! `welfare mitigate`: translates flags into the mitigation library's requests, writes the
//! decisions or weights next to the input rows, and prints the audit before and after.

use fairness_audit::mitigation::{
    CalibratedRequest, Fitted, Method, Mitigation, RejectOptionRequest, ThresholdRequest, mitigate,
};
use fairness_audit::{AuditOptions, Condition, Metric, report};
use serde::Serialize;
use welfare_data::{Predictions, Table, TableBuilder};

use crate::cli::{DecisionArgs, MitigateCommand, TwoGroupArgs};

/// A value before and after mitigation.
#[derive(Serialize)]
struct BeforeAfter {
    group: Option<String>,
    before: Option<f64>,
    after: Option<f64>,
}

/// What `welfare mitigate threshold|calibrated|reject-option` prints: where the decisions
/// went, the fitted post-processor, and the rates before and after.
#[derive(Serialize)]
struct Summary<'a> {
    decisions: String,
    rows: usize,
    #[serde(flatten)]
    fitted: &'a Fitted,
    /// Per group: selection rate before and after.
    selection_rate: Vec<BeforeAfter>,
    /// Accuracy over all rows before and after.
    accuracy: BeforeAfter,
}

fn two_groups(g: &TwoGroupArgs) -> anyhow::Result<AuditOptions> {
    Ok(AuditOptions {
        privileged: Some(Condition::parse(&g.privileged)?),
        unprivileged: g
            .unprivileged
            .as_deref()
            .map(Condition::parse)
            .transpose()?,
        ..AuditOptions::default()
    })
}

/// Reads the table, fits, writes decisions.csv (and the report), prints the summary.
fn post_process(
    args: &DecisionArgs,
    method: Method,
    options: AuditOptions,
    setting: String,
) -> anyhow::Result<()> {
    method.check()?;
    let out = super::check_writable(&args.out)?;
    let report_out = super::check_out(args.report.as_deref())?;
    let spinner = super::spinner(format!("reading {}", args.input.display()));
    let table = Table::read(&args.input)?;
    let names: Vec<&str> = args.sensitive.iter().map(String::as_str).collect();
    let data = Predictions::for_mitigation(
        &table,
        &args.y_true,
        Some(&args.y_score),
        args.y_pred.as_deref(),
        &names,
    )?;
    spinner.set_message(format!("fitting {} on {} rows", method.name(), data.len()));
    let m: Mitigation = mitigate(&data, &method, args.seed, &options)?;
    spinner.finish_and_clear();
    let extra = TableBuilder::new()
        .integer(
            "y_pred_mitigated",
            &m.decisions
                .iter()
                .map(|&d| i64::from(d))
                .collect::<Vec<_>>(),
        )
        .float("p_positive", &m.p_positive)
        .build(&out.display().to_string())?;
    table.with_columns(&extra)?.write(&out)?;
    if let Some(path) = &report_out {
        let p = super::provenance(&format!("mitigate {}", method.name()))
            .source(args.input.display().to_string(), data.len())
            .setting(format!("{setting}, seed {}", args.seed));
        let html = report::mitigation_html(&m, options.tau, Some(&p), args.lang.into());
        welfare_data::write_bytes_atomic(path, html.as_bytes())?;
    }
    let section = |r: &fairness_audit::Report| r.audits.last().cloned();
    let (before, after) = (section(&m.before), section(&m.after));
    let rates = |s: &Option<fairness_audit::Section>| {
        s.as_ref()
            .map(|s| {
                s.by_group
                    .iter()
                    .map(|g| (g.label(), g.metrics.get(Metric::SelectionRate)))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let (rb, ra) = (rates(&before), rates(&after));
    let summary = Summary {
        decisions: out.display().to_string(),
        rows: data.len(),
        fitted: &m.fitted,
        selection_rate: rb
            .into_iter()
            .zip(ra)
            .map(|((g, b), (_, a))| BeforeAfter {
                group: Some(g),
                before: b,
                after: a,
            })
            .collect(),
        accuracy: BeforeAfter {
            group: None,
            before: before
                .as_ref()
                .and_then(|s| s.overall.get(Metric::Accuracy)),
            after: after.as_ref().and_then(|s| s.overall.get(Metric::Accuracy)),
        },
    };
    println!("{}", serde_json::to_string_pretty(&summary)?);
    Ok(())
}

pub fn run(cmd: MitigateCommand) -> anyhow::Result<()> {
    match cmd {
        MitigateCommand::Threshold {
            decisions,
            constraint,
            objective,
            grid_size,
            flip,
            tol,
        } => {
            let request = ThresholdRequest {
                constraints: constraint.parse()?,
                objective: objective.parse()?,
                grid_size,
                flip,
                tol,
            };
            let setting = format!(
                "{} / {}, grid {}",
                request.constraints.name(),
                request.objective.name(),
                request.grid_size
            );
            post_process(
                &decisions,
                Method::Threshold(request),
                AuditOptions::default(),
                setting,
            )?;
        }
        MitigateCommand::Calibrated {
            decisions,
            groups,
            cost_constraint,
            threshold,
        } => {
            let request = CalibratedRequest {
                cost_constraint: cost_constraint.parse()?,
                threshold,
            };
            let setting = format!(
                "cost {}, threshold {threshold}, privileged {}",
                request.cost_constraint.name(),
                groups.privileged
            );
            post_process(
                &decisions,
                Method::CalibratedEqOdds(request),
                two_groups(&groups)?,
                setting,
            )?;
        }
        MitigateCommand::RejectOption {
            decisions,
            groups,
            metric,
            metric_lb,
            metric_ub,
            low_class_thresh,
            high_class_thresh,
            num_class_thresh,
            num_roc_margin,
        } => {
            let request = RejectOptionRequest {
                low_class_thresh,
                high_class_thresh,
                num_class_thresh,
                num_roc_margin,
                metric_name: metric.parse()?,
                metric_ub,
                metric_lb,
            };
            let setting = format!(
                "{} in [{metric_lb}, {metric_ub}], privileged {}",
                request.metric_name.name(),
                groups.privileged
            );
            post_process(
                &decisions,
                Method::RejectOption(request),
                two_groups(&groups)?,
                setting,
            )?;
        }
        MitigateCommand::Reweigh {
            input,
            y_true,
            sensitive,
            privileged,
            unprivileged,
            out,
        } => {
            let out = super::check_writable(&out)?;
            let table = Table::read(&input)?;
            let names: Vec<&str> = sensitive.iter().map(String::as_str).collect();
            let data = Predictions::for_mitigation(&table, &y_true, None, None, &names)?;
            let weights = match (privileged, unprivileged) {
                (Some(p), Some(u)) => {
                    let cols: Vec<(&str, &[u32], &[String])> = data
                        .sensitive
                        .iter()
                        .map(|c| (c.name.as_str(), c.codes.as_slice(), c.levels.as_slice()))
                        .collect();
                    let p = Condition::parse(&p)?.rows(&cols)?;
                    let u = Condition::parse(&u)?.rows(&cols)?;
                    fairness_audit::mitigation::reweighing(&data.y_true, &p, &u)?
                }
                (None, None) => {
                    let g = fairness_audit::mitigation::row_groups(&data.sensitive)?;
                    fairness_audit::mitigation::kamiran_calders(
                        &data.y_true,
                        &g.of_row,
                        g.names.len(),
                    )?
                }
                _ => anyhow::bail!(
                    "give both --privileged and --unprivileged (AIF360's two groups), or neither \
                     (weights for every group)"
                ),
            };
            let extra = TableBuilder::new()
                .float("weight", &weights)
                .build(&out.display().to_string())?;
            table.with_columns(&extra)?.write(&out)?;
            super::note(format_args!(
                "wrote {} weights to {}",
                weights.len(),
                out.display()
            ));
        }
    }
    Ok(())
}
