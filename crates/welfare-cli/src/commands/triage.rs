//! `welfare triage`: generate, train, score, evaluate.

use debt_triage::case::Cases;
use debt_triage::evaluate::evaluate;
use debt_triage::generate::{GeneratorSpec, generate};
use debt_triage::model::{ModelKind, Target, TrainOptions, TriageModel as Model, train};

use crate::cli::{TriageCommand, TriageModel, TriageTarget};

pub fn run(cmd: TriageCommand) -> anyhow::Result<()> {
    match cmd {
        TriageCommand::Generate { cases, seed, out } => {
            let g = generate(&GeneratorSpec::new(cases, seed))?;
            g.cases.write(&out)?;
            eprintln!("wrote {cases} cases to {}", out.display());
            Ok(())
        }
        TriageCommand::Train {
            data,
            model,
            target,
            out,
        } => {
            let cases = Cases::read(&data)?;
            let options = TrainOptions {
                kind: match model {
                    TriageModel::Logistic => ModelKind::Logistic,
                    TriageModel::Tree => ModelKind::Tree,
                    TriageModel::Forest => ModelKind::Forest,
                },
                target: match target {
                    TriageTarget::UrgencyTrue => Target::UrgencyTrue,
                    TriageTarget::UrgencyRecorded => Target::UrgencyRecorded,
                },
                ..TrainOptions::default()
            };
            let m = train(&cases, &options)?;
            m.save(&out)?;
            eprintln!(
                "trained {:?} on {} cases ({:?}); wrote {}",
                options.kind,
                cases.cases.len(),
                options.target,
                out.display()
            );
            Ok(())
        }
        TriageCommand::Score { model, data, out } => {
            let m = Model::load(&model)?;
            let cases = Cases::read(&data)?;
            let scores = m.score(&cases.cases);
            Model::write_scored(&cases, &scores, &out)?;
            eprintln!("scored {} cases; wrote {}", scores.len(), out.display());
            Ok(())
        }
        TriageCommand::Evaluate { model, data } => {
            let m = Model::load(&model)?;
            let cases = Cases::read(&data)?;
            let e = evaluate(&m, &cases, 1)?;
            super::emit(&(serde_json::to_string_pretty(&e)? + "\n"), None)
        }
    }
}
