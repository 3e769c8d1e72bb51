//! `welfare mitigate`: translates flags into the mitigation library's requests, writes the
//! decisions or weights next to the input rows, and prints the audit before and after.

use fairness_audit::mitigation::{ThresholdRequest, mitigate};
use fairness_audit::{AuditOptions, Condition, Metric, report};
use serde::Serialize;
use welfare_data::{Predictions, Table, TableBuilder};

use crate::cli::MitigateCommand;

/// A value before and after mitigation.
#[derive(Serialize)]
struct BeforeAfter {
    group: Option<String>,
    before: Option<f64>,
    after: Option<f64>,
}

/// What `welfare mitigate threshold` prints.
#[derive(Serialize)]
struct Summary<'a> {
    decisions: String,
    rows: usize,
    x_best: f64,
    y_best: f64,
    /// Per group: selection rate before and after.
    selection_rate: Vec<BeforeAfter>,
    /// Accuracy over all rows before and after.
    accuracy: BeforeAfter,
    interpolation: Vec<(&'a str, &'a fairness_audit::mitigation::GroupRule)>,
}

pub fn run(cmd: MitigateCommand) -> anyhow::Result<()> {
    match cmd {
        MitigateCommand::Threshold {
            input,
            y_true,
            y_score,
            y_pred,
            sensitive,
            constraint,
            objective,
            grid_size,
            flip,
            seed,
            out,
            report: report_out,
        } => {
            let out = super::check_writable(&out)?;
            let report_out = super::check_out(report_out.as_deref())?;
            let request = ThresholdRequest {
                constraints: constraint.parse()?,
                objective: objective.parse()?,
                grid_size,
                flip,
            };
            request.check()?;
            let spinner = super::spinner(format!("reading {}", input.display()));
            let table = Table::read(&input)?;
            let names: Vec<&str> = sensitive.iter().map(String::as_str).collect();
            let data = Predictions::for_mitigation(
                &table,
                &y_true,
                Some(&y_score),
                y_pred.as_deref(),
                &names,
            )?;
            spinner.set_message(format!("choosing thresholds for {} rows", data.len()));
            let options = AuditOptions::default();
            let m = mitigate(&data, &request, seed, &options)?;
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
                let p = super::provenance("mitigate threshold")
                    .source(input.display().to_string(), data.len())
                    .setting(format!(
                        "{} / {}, grid {}, seed {seed}",
                        request.constraints.name(),
                        request.objective.name(),
                        request.grid_size
                    ));
                let html = report::mitigation_html(&m, options.tau, Some(&p));
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
                x_best: m.optimizer.x_best,
                y_best: m.optimizer.y_best,
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
                interpolation: m
                    .optimizer
                    .groups
                    .iter()
                    .map(String::as_str)
                    .zip(&m.optimizer.rules)
                    .collect(),
            };
            println!("{}", serde_json::to_string_pretty(&summary)?);
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
