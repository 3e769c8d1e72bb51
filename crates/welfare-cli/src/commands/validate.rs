//! `welfare validate`: read a file with the suite's validation and report what was found.

use std::collections::BTreeMap;

use serde::Serialize;
use welfare_data::{CaseTable, Instance, PredictionColumns, Predictions, Recording};

use crate::cli::{SignalFormat, ValidateCommand};

#[derive(Serialize)]
struct DaycareFound {
    format: &'static str,
    path: String,
    daycares: usize,
    children: usize,
    listed_pairs: usize,
    seats_u3: u64,
    seats_ue3: u64,
}

#[derive(Serialize)]
struct PredictionsFound {
    format: &'static str,
    path: String,
    rows: usize,
    positives_true: usize,
    positives_pred: usize,
    has_score: bool,
    groups: BTreeMap<String, Vec<String>>,
}

#[derive(Serialize)]
struct SignalsFound {
    format: &'static str,
    path: String,
    trials: usize,
    fall_trials: usize,
    samples: usize,
    hours: f64,
    has_gyro: bool,
}

#[derive(Serialize)]
struct CasesFound {
    format: &'static str,
    path: String,
    cases: usize,
    columns: Vec<String>,
    urgency_columns: Vec<String>,
}

pub fn run(cmd: ValidateCommand) -> anyhow::Result<()> {
    let (text, out) = match cmd {
        ValidateCommand::Daycare {
            instance,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let inst = Instance::read(&instance)?;
            let (u3, ue3) = inst.seats();
            let found = DaycareFound {
                format: "daycare-instance",
                path: instance.display().to_string(),
                daycares: inst.daycares.len(),
                children: inst.children.len(),
                listed_pairs: inst.listed_pairs(),
                seats_u3: u3,
                seats_ue3: ue3,
            };
            (super::render(&found, format)?, out)
        }
        ValidateCommand::Predictions {
            input,
            y_true,
            y_pred,
            y_score,
            sensitive,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let sensitive: Vec<&str> = sensitive.iter().map(String::as_str).collect();
            let mut columns = PredictionColumns::new(&y_true, &y_pred, &sensitive);
            if let Some(s) = &y_score {
                columns = columns.with_score(s);
            }
            let p = Predictions::read(&input, &columns)?;
            let found = PredictionsFound {
                format: "predictions",
                path: input.display().to_string(),
                rows: p.len(),
                positives_true: p.y_true.iter().filter(|&&v| v).count(),
                positives_pred: p.y_pred.iter().filter(|&&v| v).count(),
                has_score: p.y_score.is_some(),
                groups: p
                    .sensitive
                    .iter()
                    .map(|c| (c.name.clone(), c.levels.clone()))
                    .collect(),
            };
            (super::render(&found, format)?, out)
        }
        ValidateCommand::Signals {
            input,
            input_format,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let rec = match input_format {
                SignalFormat::Csv => Recording::read(&input)?,
                SignalFormat::Sisfall => welfare_data::signals::read_sisfall_raw(&input)?,
            };
            let seconds: f64 = rec.trials.iter().map(|t| t.duration_s()).sum();
            let found = SignalsFound {
                format: "signals",
                path: input.display().to_string(),
                trials: rec.trials.len(),
                fall_trials: rec.trials.iter().filter(|t| t.label == Some(true)).count(),
                samples: rec.samples(),
                hours: seconds / 3600.0,
                has_gyro: rec.trials.iter().all(|t| t.gyro_dps.is_some()),
            };
            (super::render(&found, format)?, out)
        }
        ValidateCommand::Cases {
            input,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let cases = CaseTable::read(&input)?;
            let found = CasesFound {
                format: "cases",
                path: input.display().to_string(),
                cases: cases.case_ids.len(),
                columns: cases.table.column_names(),
                urgency_columns: cases.urgency.iter().map(|(c, _)| c.clone()).collect(),
            };
            (super::render(&found, format)?, out)
        }
    };
    super::emit(&text, out.as_deref())
}
