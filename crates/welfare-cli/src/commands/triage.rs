//! `welfare triage`: generate, train, score, evaluate.

use debt_triage::case::Cases;
use debt_triage::evaluate::evaluate;
use debt_triage::generate::{GeneratorSpec, generate};
use debt_triage::model::{ModelKind, Target, TrainOptions, TriageModel as Model, train};

use crate::cli::{TriageCommand, TriageModel, TriageTarget};
use crate::commands::{check_out, check_writable, emit, note, render, spinner};

pub fn run(cmd: TriageCommand) -> anyhow::Result<()> {
    match cmd {
        TriageCommand::Generate { cases, seed, out } => {
            let out = check_writable(&out)?;
            welfare_data::table::FileFormat::from_path(&out)?;
            let bar = spinner(format!("generating {cases} cases"));
            let g = generate(&GeneratorSpec::new(cases as usize, seed))?;
            bar.set_message(format!("writing {}", out.display()));
            g.cases.write(&out)?;
            bar.finish_and_clear();
            note(format_args!("wrote {cases} cases to {}", out.display()));
            Ok(())
        }
        TriageCommand::Train {
            data,
            model,
            target,
            out,
            dump_features,
        } => {
            let out = check_writable(&out)?;
            let dump_features = dump_features.map(|p| check_writable(&p)).transpose()?;
            let bar = spinner(format!("reading {}", data.display()));
            let cases = Cases::read(&data)?;
            let options = TrainOptions {
                kind: match model {
                    TriageModel::Logistic => ModelKind::Logistic,
                    TriageModel::Tree => ModelKind::Tree,
                    TriageModel::Forest => ModelKind::Forest,
                    TriageModel::Boosting => ModelKind::Boosting,
                },
                target: match target {
                    TriageTarget::UrgencyTrue => Target::UrgencyTrue,
                    TriageTarget::UrgencyRecorded => Target::UrgencyRecorded,
                },
                ..TrainOptions::default()
            };
            bar.set_message(format!(
                "training {} on {} cases (target {})",
                options.kind.name(),
                cases.cases.len(),
                options.target.name()
            ));
            if let Some(path) = &dump_features {
                let design = debt_triage::training_design(&cases, &options)?;
                write_features(
                    path,
                    &design.case_ids,
                    [("urgency", &design.urgency), ("track", &design.track)],
                    &design.names,
                    design.x.columns().into_iter().map(|c| c.to_vec()).collect(),
                )?;
            }
            let m = train(&cases, &options)?;
            bar.finish_and_clear();
            m.save(&out)?;
            note(format_args!(
                "trained {} on {} cases (target {}); wrote {}",
                options.kind.name(),
                cases.cases.len(),
                options.target.name(),
                out.display()
            ));
            Ok(())
        }
        TriageCommand::Score { model, data, out } => {
            let out = check_writable(&out)?;
            welfare_data::table::FileFormat::from_path(&out)?;
            let m = Model::load(&model)?;
            let bar = spinner(format!("reading {}", data.display()));
            let (cases, table) = Cases::read_with_table(&data)?;
            bar.set_message(format!("scoring {} cases", cases.cases.len()));
            let scores = m.score(&cases.cases);
            bar.set_message(format!("writing {}", out.display()));
            Model::write_scored(&table, &scores, &out)?;
            bar.finish_and_clear();
            note(format_args!(
                "scored {} cases; wrote {}",
                scores.len(),
                out.display()
            ));
            Ok(())
        }
        TriageCommand::Evaluate {
            model,
            data,
            seed,
            format,
            output,
            dump_features,
        } => {
            let out = check_out(output.out.as_deref())?;
            let dump_features = dump_features.map(|p| check_writable(&p)).transpose()?;
            let m = Model::load(&model)?;
            let bar = spinner(format!("reading {}", data.display()));
            let cases = Cases::read(&data)?;
            if let Some(path) = &dump_features {
                let truth = cases
                    .labels
                    .iter()
                    .map(|l| l.urgency_true.map(|u| u as usize))
                    .collect::<Option<Vec<usize>>>()
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "{}: --dump-features needs the column 'urgency_true'",
                            data.display()
                        )
                    })?;
                let ids: Vec<String> = cases.cases.iter().map(|c| c.case_id.clone()).collect();
                // the true track where the table has it (generated data), else -1
                let track: Vec<usize> = cases
                    .labels
                    .iter()
                    .map(|l| l.track_true.map_or(usize::MAX, |t| t as usize))
                    .collect();
                write_features(
                    path,
                    &ids,
                    [("urgency_true", &truth), ("track_true", &track)],
                    &m.pipeline.names,
                    m.pipeline
                        .matrix(&cases.cases)
                        .columns()
                        .into_iter()
                        .map(|c| c.to_vec())
                        .collect(),
                )?;
            }
            bar.set_message(format!("evaluating on {} cases", cases.cases.len()));
            let e = evaluate(&m, &cases, seed)?;
            bar.finish_and_clear();
            emit(&render(&e, format)?, out.as_deref())
        }
    }
}

/// Writes a feature table: `case_id`, the label columns, then one column per feature.
fn write_features<const L: usize>(
    path: &std::path::Path,
    ids: &[String],
    labels: [(&str, &Vec<usize>); L],
    names: &[String],
    columns: Vec<Vec<f64>>,
) -> anyhow::Result<()> {
    let mut table = welfare_data::TableBuilder::new().text("case_id", ids);
    for (name, values) in labels {
        let values: Vec<i64> = values
            .iter()
            .map(|&v| if v == usize::MAX { -1 } else { v as i64 })
            .collect();
        table = table.integer(name, &values);
    }
    for (name, column) in names.iter().zip(&columns) {
        table = table.float(name, column);
    }
    table.build("features.csv")?.write(path)?;
    Ok(())
}
