//! `welfare falls`: train, evaluate, detect (offline or streaming), generate.

use std::io::{BufRead, Write};

use fall_detection::evaluate::evaluate;
use fall_detection::forest::ForestParams;
use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::io::{SampleReader, SignalFormat as Format, read_inputs};
use fall_detection::model::{DetectorKind, Model, PreparedTrial, TrainOptions, prepare, train};
use fall_detection::{Alarm, StreamingDetector};

use crate::cli::{Detector, FallsCommand, SignalFormat};

fn format(f: SignalFormat) -> Format {
    match f {
        SignalFormat::Csv => Format::Csv,
        SignalFormat::Sisfall => Format::Sisfall,
    }
}

const ALARM_HEADER: &str = "subject,trial,t_impact_s,t_alarm_s,probability";

fn alarm_row(subject: &str, trial: &str, a: &Alarm) -> String {
    format!(
        "{subject},{trial},{:.3},{:.3},{:.4}",
        a.t_impact_s, a.t_alarm_s, a.probability
    )
}

pub fn run(cmd: FallsCommand) -> anyhow::Result<()> {
    match cmd {
        FallsCommand::Train {
            data,
            detector,
            out,
            format: f,
            trees,
            seed,
        } => {
            let recordings = read_inputs(&data, format(f))?;
            let trials: Vec<_> = recordings.into_iter().flat_map(|r| r.trials).collect();
            let options = TrainOptions {
                kind: match detector {
                    Detector::Threshold => DetectorKind::Threshold,
                    Detector::Forest => DetectorKind::Forest,
                },
                forest: ForestParams {
                    trees,
                    seed,
                    ..ForestParams::default()
                },
                ..TrainOptions::default()
            };
            let model = train(&trials, &options)?;
            model.save(&out)?;
            eprintln!(
                "trained {} on {} trials ({} falls, {} daily activities, {} subjects, {} events); cut-off {:.4}; wrote {}",
                options.kind.name(),
                model.training.trials,
                model.training.falls,
                model.training.adls,
                model.training.subjects.len(),
                model.training.events,
                model.cutoff,
                out.display()
            );
            Ok(())
        }
        FallsCommand::Evaluate {
            model,
            data,
            format: f,
        } => {
            let m = Model::load(&model)?;
            let mut prepared: Vec<PreparedTrial> = Vec::new();
            let mut sources = Vec::new();
            for r in read_inputs(&data, format(f))? {
                for t in &r.trials {
                    let p = prepare(t, &m.window)?;
                    m.accepts(&p, &r.source)?;
                    prepared.push(p);
                }
                sources.push(r.source);
            }
            let e = evaluate(&m, &prepared, &sources.join(", "))?;
            super::emit(&(serde_json::to_string_pretty(&e)? + "\n"), None)
        }
        FallsCommand::Detect {
            model,
            input,
            stream,
            format: f,
        } => {
            let m = Model::load(&model)?;
            if stream {
                if f == SignalFormat::Sisfall {
                    anyhow::bail!(
                        "--stream reads the suite's CSV layout; convert SisFall files first"
                    );
                }
                return match input {
                    Some(path) => {
                        let file = std::fs::File::open(&path)
                            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                        detect_stream(
                            &m,
                            std::io::BufReader::new(file),
                            &path.display().to_string(),
                        )
                    }
                    None => detect_stream(&m, std::io::stdin().lock(), "stdin"),
                };
            }
            let recordings = match input {
                Some(path) => read_inputs(&[path], format(f))?,
                None => {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
                    vec![welfare_data::signals::Recording::from_bytes(
                        "stdin", &bytes,
                    )?]
                }
            };
            let mut text = String::from(ALARM_HEADER) + "\n";
            for r in &recordings {
                for t in &r.trials {
                    for a in m.detect_trial(t, &r.source)? {
                        let trial = t.trial.map(|n| n.to_string()).unwrap_or_default();
                        text += &alarm_row(t.subject.as_deref().unwrap_or(""), &trial, &a);
                        text.push('\n');
                    }
                }
            }
            super::emit(&text, None)
        }
        FallsCommand::Generate {
            out,
            seed,
            adults,
            older,
            repetitions,
        } => {
            if adults + older == 0 || repetitions == 0 {
                anyhow::bail!("--adults/--older and --repetitions must give at least one trial");
            }
            let rec = recording(&SyntheticSpec {
                adults,
                older,
                repetitions,
                seed,
                ..SyntheticSpec::default()
            })?;
            rec.write(&out)?;
            eprintln!(
                "wrote {} trials ({} samples) to {}",
                rec.trials.len(),
                rec.samples(),
                out.display()
            );
            Ok(())
        }
    }
}

/// Reads samples one by one and prints each alarm when it is raised (flushed).
fn detect_stream(model: &Model, input: impl BufRead, name: &str) -> anyhow::Result<()> {
    let mut reader = SampleReader::new(input, name)?;
    let mut detector = StreamingDetector::new(model);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{ALARM_HEADER}")?;
    out.flush()?;
    let mut current: Option<(String, String)> = None;
    while let Some(s) = reader.next_sample()? {
        let key = (
            s.subject.clone().unwrap_or_default(),
            s.trial.clone().unwrap_or_default(),
        );
        if current.as_ref().is_some_and(|c| *c != key) {
            let (subject, trial) = current.take().expect("checked");
            for a in detector.finish().alarms {
                writeln!(out, "{}", alarm_row(&subject, &trial, &a))?;
            }
            out.flush()?;
        }
        current = Some(key);
        let alarm = detector
            .push(s.t_s, s.acc_g, s.gyro_dps)
            .map_err(|e| anyhow::anyhow!("{name}: row {}: {e}", s.row))?;
        if let Some(a) = alarm {
            let (subject, trial) = current.as_ref().expect("set above");
            writeln!(out, "{}", alarm_row(subject, trial, &a))?;
            out.flush()?;
        }
    }
    if let Some((subject, trial)) = current {
        for a in detector.finish().alarms {
            writeln!(out, "{}", alarm_row(&subject, &trial, &a))?;
        }
    }
    out.flush()?;
    Ok(())
}
