//! `welfare audit`: the fairness audit of a table of decisions.

use fairness_audit::{AuditOptions, Bootstrap, Condition, Undefined, audit, report};
use welfare_data::{PredictionColumns, Predictions};

use crate::cli::{AuditArgs, AuditFormat, Undefined as UndefinedArg};

/// A union of conjunctions from repeated `COL=VALUE[,COL=VALUE]` options.
fn union(options: &[String]) -> anyhow::Result<Option<Condition>> {
    let mut out: Option<Condition> = None;
    for text in options {
        let c = Condition::parse(text)?;
        out = Some(match out {
            Some(o) => o.or(c),
            None => c,
        });
    }
    Ok(out)
}

pub fn run(args: AuditArgs) -> anyhow::Result<()> {
    let out = super::check_out(args.output.out.as_deref())?;
    let sensitive: Vec<&str> = args.sensitive.iter().map(String::as_str).collect();
    let mut columns = PredictionColumns::new(&args.y_true, &args.y_pred, &sensitive);
    if let Some(s) = &args.y_score {
        columns = columns.with_score(s);
    }
    let options = AuditOptions {
        undefined: match args.undefined {
            UndefinedArg::Null => Undefined::Null,
            UndefinedArg::Zero => Undefined::Zero,
        },
        min_group_size: args.min_group_size,
        bootstrap: args
            .bootstrap
            .map(|n| Bootstrap::new(n as usize, args.seed)),
        privileged: union(&args.privileged)?,
        unprivileged: union(&args.unprivileged)?,
        tau: args.tau,
        ..AuditOptions::default()
    };
    if options.unprivileged.is_some() && options.privileged.is_none() {
        anyhow::bail!("--unprivileged needs --privileged");
    }
    options.check()?;
    let spinner = super::spinner(format!("reading {}", args.input.display()));
    let data = Predictions::read(&args.input, &columns)?;
    spinner.set_message(format!("auditing {} rows", data.len()));
    let report = audit(&data, &options)?;
    spinner.finish_and_clear();
    let text = match args.format {
        AuditFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        AuditFormat::Md | AuditFormat::Text => report::markdown(&report, options.tau),
        AuditFormat::Html => {
            let mut used = vec![args.y_true.clone(), args.y_pred.clone()];
            used.extend(args.y_score.iter().cloned());
            used.extend(args.sensitive.iter().cloned());
            let mut p = super::provenance("audit")
                .source(args.input.display().to_string(), report.rows)
                .columns(used);
            if let Some(b) = &options.bootstrap {
                p = p.setting(format!(
                    "bootstrap {} resamples, seed {}",
                    b.replicates, b.seed
                ));
            }
            report::html(&report, options.tau, Some(&p), args.lang.into())
        }
    };
    super::emit(&text, out.as_deref())
}
