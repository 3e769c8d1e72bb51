//! `welfare validate`: read a file with the suite's validation and print what was found.

use serde_json::json;
use welfare_data::{CaseTable, Instance, PredictionColumns, Predictions, Recording};

use crate::cli::{SignalFormat, ValidateCommand};

pub fn run(cmd: ValidateCommand) -> anyhow::Result<()> {
    let report = match cmd {
        ValidateCommand::Daycare { instance } => {
            let inst = Instance::read(&instance)?;
            let (u3, ue3) = inst.seats();
            json!({
                "format": "daycare-instance",
                "path": instance.display().to_string(),
                "daycares": inst.daycares.len(),
                "children": inst.children.len(),
                "listed_pairs": inst.listed_pairs(),
                "seats_u3": u3,
                "seats_ue3": ue3,
            })
        }
        ValidateCommand::Predictions {
            input,
            y_true,
            y_pred,
            y_score,
            sensitive,
        } => {
            let sensitive: Vec<&str> = sensitive.iter().map(String::as_str).collect();
            let mut columns = PredictionColumns::new(&y_true, &y_pred, &sensitive);
            if let Some(s) = &y_score {
                columns = columns.with_score(s);
            }
            let p = Predictions::read(&input, &columns)?;
            let groups: serde_json::Map<String, serde_json::Value> = p
                .sensitive
                .iter()
                .map(|c| (c.name.clone(), json!(c.levels)))
                .collect();
            json!({
                "format": "predictions",
                "path": input.display().to_string(),
                "rows": p.len(),
                "positives_true": p.y_true.iter().filter(|&&v| v).count(),
                "positives_pred": p.y_pred.iter().filter(|&&v| v).count(),
                "has_score": p.y_score.is_some(),
                "groups": groups,
            })
        }
        ValidateCommand::Signals { input, format } => {
            let rec = match format {
                SignalFormat::Csv => Recording::read(&input)?,
                SignalFormat::Sisfall => welfare_data::signals::read_sisfall_raw(&input)?,
            };
            let falls = rec.trials.iter().filter(|t| t.label == Some(true)).count();
            let seconds: f64 = rec.trials.iter().map(|t| t.duration_s()).sum();
            json!({
                "format": "signals",
                "path": input.display().to_string(),
                "trials": rec.trials.len(),
                "fall_trials": falls,
                "samples": rec.samples(),
                "hours": seconds / 3600.0,
                "has_gyro": rec.trials.iter().all(|t| t.gyro_dps.is_some()),
            })
        }
        ValidateCommand::Cases { input } => {
            let cases = CaseTable::read(&input)?;
            json!({
                "format": "cases",
                "path": input.display().to_string(),
                "cases": cases.case_ids.len(),
                "columns": cases.table.column_names(),
                "urgency_columns": cases.urgency.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
            })
        }
    };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
