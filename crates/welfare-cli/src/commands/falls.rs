//! `welfare falls`: train, evaluate, detect (offline or streaming), generate.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use fall_detection::evaluate::evaluate;
use fall_detection::forest::ForestParams;
use fall_detection::generate::{SyntheticSpec, recording};
use fall_detection::io::{SampleReader, SignalFormat as Format, read_inputs};
use fall_detection::{Model, PreparedTrial, TrainOptions, prepare, train};
use fall_detection::{TrialAlarm, detect_stream};

use crate::cli::{FallsCommand, SignalFormat, TableFormat};

fn format(f: SignalFormat) -> Format {
    match f {
        SignalFormat::Csv => Format::Csv,
        SignalFormat::Sisfall => Format::Sisfall,
    }
}

/// One row of the alarm table, rounded for reading (ms, 4 decimals of probability).
#[derive(serde::Serialize)]
struct AlarmRow<'a> {
    subject: &'a str,
    activity_code: &'a str,
    trial: &'a str,
    t_impact_s: f64,
    t_alarm_s: f64,
    probability: f64,
}

impl<'a> AlarmRow<'a> {
    fn of(a: &'a TrialAlarm) -> AlarmRow<'a> {
        let round = |x: f64, digits: i32| {
            let f = 10f64.powi(digits);
            (x * f).round() / f
        };
        AlarmRow {
            subject: a.subject.as_deref().unwrap_or(""),
            activity_code: a.activity_code.as_deref().unwrap_or(""),
            trial: a.trial.as_deref().unwrap_or(""),
            t_impact_s: round(a.alarm.t_impact_s, 3),
            t_alarm_s: round(a.alarm.t_alarm_s, 3),
            probability: round(a.alarm.probability, 4),
        }
    }
}

/// Writes alarm rows as CSV (header first, flushed after each row: for live streams).
struct AlarmCsv<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> AlarmCsv<W> {
    fn new(w: W) -> std::io::Result<AlarmCsv<W>> {
        let mut writer = csv::Writer::from_writer(w);
        writer.write_record([
            "subject",
            "activity_code",
            "trial",
            "t_impact_s",
            "t_alarm_s",
            "probability",
        ])?;
        writer.flush()?;
        Ok(AlarmCsv { writer })
    }
    fn push(&mut self, a: &TrialAlarm) -> std::io::Result<()> {
        let row = AlarmRow::of(a);
        self.writer.write_record([
            row.subject.to_owned(),
            row.activity_code.to_owned(),
            row.trial.to_owned(),
            format!("{:.3}", row.t_impact_s),
            format!("{:.3}", row.t_alarm_s),
            format!("{:.4}", row.probability),
        ])?;
        self.writer.flush()
    }
}

pub fn run(cmd: FallsCommand) -> anyhow::Result<()> {
    match cmd {
        FallsCommand::Train {
            data,
            detector,
            sensors,
            range_g,
            device_copies,
            out,
            input_format,
            trees,
            seed,
        } => {
            let out = super::check_writable(&out)?;
            let spinner = super::spinner("reading the recordings");
            let recordings = read_inputs(&data, format(input_format))?;
            let trials: Vec<_> = recordings.into_iter().flat_map(|r| r.trials).collect();
            let options = TrainOptions {
                kind: detector,
                sensors,
                device_copies,
                window: fall_detection::features::WindowSpec {
                    range_g,
                    ..Default::default()
                },
                forest: ForestParams {
                    trees: trees as usize,
                    seed,
                    ..ForestParams::default()
                },
                ..TrainOptions::default()
            };
            spinner.set_message(format!(
                "training the {} detector on {} trials",
                options.kind.name(),
                trials.len()
            ));
            let model = train(&trials, &options)?;
            spinner.finish_and_clear();
            model.save(&out)?;
            super::note(format_args!(
                "trained {} ({}) on {} trials ({} falls, {} daily activities, {} subjects, {} events); cut-off {:.4}; wrote {}",
                options.kind.name(),
                if model.uses_gyro {
                    "accelerometer and gyroscope"
                } else {
                    "accelerometer only"
                },
                model.training.trials,
                model.training.falls,
                model.training.adls,
                model.training.subjects.len(),
                model.training.events,
                model.cutoff,
                out.display()
            ));
            Ok(())
        }
        FallsCommand::Evaluate {
            model,
            data,
            input_format,
            format: report_format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let m = load_model(model.as_deref())?;
            let spinner = super::spinner("reading and evaluating the recordings");
            let mut prepared: Vec<PreparedTrial> = Vec::new();
            let mut sources = Vec::new();
            for r in read_inputs(&data, format(input_format))? {
                for t in &r.trials {
                    let p = prepare(t, &m.window)?;
                    m.accepts(&p, &r.source)?;
                    prepared.push(p);
                }
                sources.push(r.source);
            }
            let e = evaluate(&m, &prepared, &sources.join(", "))?;
            spinner.finish_and_clear();
            super::emit(&super::render(&e, report_format)?, out.as_deref())
        }
        FallsCommand::Detect {
            model,
            input,
            stream,
            input_format,
            format: table_format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let m = load_model(model.as_deref())?;
            if stream {
                if input_format == SignalFormat::Sisfall {
                    anyhow::bail!(
                        "--stream reads the suite's CSV layout; convert SisFall files first"
                    );
                }
                if table_format != TableFormat::Csv {
                    anyhow::bail!(
                        "--stream prints each alarm as a CSV row when it is raised; use --format csv"
                    );
                }
                let mut reader = sample_reader(input.as_deref())?;
                return stream_to(&m, &mut reader, out.as_deref());
            }
            let recordings = match input {
                Some(path) => read_inputs(&[path], format(input_format))?,
                None => {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                        .context("stdin")?;
                    vec![welfare_data::signals::Recording::from_bytes(
                        "stdin", &bytes,
                    )?]
                }
            };
            // one pass per recording, as the web page: alarms, lost samples, clipping
            let mut alarms = Vec::new();
            let mut gaps = welfare_data::signals::Gaps::default();
            let mut clipping: Option<f64> = None;
            let mut clipping_warning = false;
            for r in &recordings {
                let result = fall_detection::evaluate::detect_recording(&m, r)?;
                gaps.add(result.gaps);
                clipping_warning |= result.clipping_warning;
                if let Some(c) = result.clipping_g {
                    clipping = Some(clipping.map_or(c, |m: f64| m.min(c)));
                }
                for (t, found) in r.trials.iter().zip(result.alarms) {
                    alarms.extend(found.into_iter().map(|a| TrialAlarm {
                        subject: t.subject.clone(),
                        activity_code: t.activity_code.clone(),
                        trial: t.trial.map(|n| n.to_string()),
                        alarm: a,
                    }));
                }
            }
            if gaps.filled + gaps.splits > 0 {
                super::note(format_args!(
                    "lost samples: {} gaps up to 0.5 s filled by interpolation ({} samples); {} longer dropouts, where the recording is read in parts",
                    gaps.filled, gaps.samples_filled, gaps.splits
                ));
            }
            if let (true, Some(c)) = (clipping_warning, clipping) {
                let model_range = m
                    .window
                    .range_g
                    .unwrap_or(fall_detection::signal::LAB_RANGE_G);
                super::note(format_args!(
                    "the recording clips at ±{c:.1} g (the sensor's range); the model reads up to ±{model_range:.0} g, so clipped impacts look weaker to it than in training and falls may be missed: train with --range-g {c:.0}"
                ));
            }
            let text = match table_format {
                TableFormat::Json => {
                    let rows: Vec<AlarmRow> = alarms.iter().map(AlarmRow::of).collect();
                    serde_json::to_string_pretty(&rows)? + "\n"
                }
                TableFormat::Csv => {
                    let mut buffer = AlarmCsv::new(Vec::new())?;
                    for a in &alarms {
                        buffer.push(a)?;
                    }
                    String::from_utf8(buffer.writer.into_inner().map_err(|e| e.into_error())?)?
                }
            };
            super::emit(&text, out.as_deref())
        }
        FallsCommand::Watch {
            model,
            input,
            cancel_window,
            false_alarms_per_hour,
            mqtt,
            topic_prefix,
            idle_exit,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let mut m = load_model(model.as_deref())?;
            if let Some(target) = false_alarms_per_hour {
                let Some(p) = m.operating_point(target) else {
                    anyhow::bail!(
                        "--false-alarms-per-hour {target}: {}",
                        if m.operating_points.is_empty() {
                            "the model has no operating points (train a forest or boosting model with this version)".to_owned()
                        } else {
                            format!(
                                "no cut-off of the model stayed that low in training (the lowest: {:.2} per hour)",
                                m.operating_points
                                    .iter()
                                    .map(|p| p.false_alarms_per_hour)
                                    .fold(f64::INFINITY, f64::min)
                            )
                        }
                    );
                };
                super::note(format_args!(
                    "operating point: cut-off {:.4} (the model's own: {:.4}); in training's cross-validation it found {:.1} % of falls with {:.2} false alarms per hour of activity trials",
                    p.cutoff,
                    m.cutoff,
                    100.0 * p.sensitivity,
                    p.false_alarms_per_hour
                ));
                m.cutoff = p.cutoff;
            }
            let options = fall_detection::watch::WatchOptions {
                cancel_window_s: cancel_window,
                ..Default::default()
            };
            let sink: Box<dyn Write> = match &out {
                Some(p) => Box::new(
                    std::fs::File::create(p)
                        .map_err(|e| welfare_data::DataError::io(p.as_path(), "writing", e))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            if let Some(broker) = mqtt {
                let idle = match idle_exit {
                    Some(s) if s > 0.0 => Some(std::time::Duration::from_secs_f64(s)),
                    Some(_) => anyhow::bail!("--idle-exit must be a positive number of seconds"),
                    None => None,
                };
                let mut csv = event_csv(sink)?;
                return super::falls_mqtt::watch_mqtt(
                    &m,
                    options,
                    &broker,
                    &topic_prefix,
                    idle,
                    |e| write_event(&mut csv, e),
                );
            }
            let mut reader = sample_reader(input.as_deref())?;
            watch(&m, options, &mut reader, sink)
        }
        FallsCommand::Generate {
            out,
            seed,
            adults,
            older,
            repetitions,
        } => {
            if adults + older == 0 {
                anyhow::bail!("--adults and --older must give at least one subject");
            }
            let out = super::check_writable(&out)?;
            let spinner = super::spinner("generating recordings");
            let rec = recording(&SyntheticSpec {
                adults: adults as usize,
                older: older as usize,
                repetitions,
                seed,
                ..SyntheticSpec::default()
            })?;
            spinner.set_message(format!("writing {}", out.display()));
            rec.write(&out)?;
            spinner.finish_and_clear();
            super::note(format_args!(
                "wrote {} trials ({} samples) to {}",
                rec.trials.len(),
                rec.samples(),
                out.display()
            ));
            Ok(())
        }
    }
}

/// The event table's writer, header written.
fn event_csv(sink: Box<dyn Write>) -> anyhow::Result<csv::Writer<Box<dyn Write>>> {
    let mut csv = csv::Writer::from_writer(sink);
    csv.write_record([
        "t_s",
        "wearer",
        "event",
        "t_impact_s",
        "probability",
        "reason",
    ])?;
    csv.flush()?;
    Ok(csv)
}

/// One event as a CSV line, flushed (for live use).
fn write_event(
    csv: &mut csv::Writer<Box<dyn Write>>,
    e: &fall_detection::watch::WatchEvent,
) -> anyhow::Result<()> {
    csv.write_record([
        format!("{:.3}", e.t_s),
        e.wearer.clone(),
        e.event.name().to_owned(),
        format!("{:.3}", e.t_impact_s),
        format!("{:.4}", e.probability),
        e.reason.name().to_owned(),
    ])?;
    csv.flush().context("writing events")
}

/// Follows the wearers of `reader`, one CSV line per event (flushed: for live use).
fn watch(
    model: &Model,
    options: fall_detection::watch::WatchOptions,
    reader: &mut SampleReader,
    sink: Box<dyn Write>,
) -> anyhow::Result<()> {
    let mut w = fall_detection::watch::Watch::new(model, options)?;
    let mut csv = event_csv(sink)?;
    let mut events = Vec::new();
    let mut write = |events: &mut Vec<fall_detection::watch::WatchEvent>| -> anyhow::Result<()> {
        for e in events.drain(..) {
            write_event(&mut csv, &e)?;
        }
        Ok(())
    };
    while let Some(s) = reader.next_sample()? {
        let wearer = s.subject.as_deref().unwrap_or("-");
        w.push(wearer, s.t_s, s.acc_g, s.button == Some(true), &mut |e| {
            events.push(e)
        })
        .map_err(|e| anyhow::anyhow!("{}: row {}: {e}", reader.name(), s.row))?;
        write(&mut events)?;
    }
    w.finish(&mut |e| events.push(e));
    write(&mut events)?;
    Ok(())
}

/// Samples read one by one from `input`, or from stdin (for `--stream` and `watch`).
fn sample_reader(input: Option<&Path>) -> anyhow::Result<SampleReader> {
    Ok(match input {
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|e| welfare_data::DataError::io(path, "reading", e))?;
            SampleReader::new(file, &path.display().to_string())?
        }
        None => SampleReader::new(std::io::stdin().lock(), "stdin")?,
    })
}

/// The model file, or the shipped one (what `welfare serve` uses).
fn load_model(path: Option<&Path>) -> anyhow::Result<Model> {
    Ok(match path {
        Some(p) => Model::load(p)?,
        None => Model::from_json("the shipped fall model", welfare_server::FALLS_MODEL)?,
    })
}

/// Streams alarms to `out` (a file, written as they come and renamed at the end) or stdout.
fn stream_to(model: &Model, reader: &mut SampleReader, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        None => {
            let mut csv = AlarmCsv::new(std::io::stdout().lock()).context("stdout")?;
            detect_stream(model, reader, |a| csv.push(a))?;
            Ok(())
        }
        Some(path) => {
            // a failed stream leaves no file behind (the temporary file is removed)
            let mut failure = None;
            let written = welfare_data::write_atomic(path, |w| {
                let mut csv = AlarmCsv::new(w)
                    .map_err(|e| welfare_data::DataError::io(path, "writing", e))?;
                if let Err(e) = detect_stream(model, reader, |a| csv.push(a)) {
                    failure = Some(e);
                    return Err(welfare_data::DataError::Usage {
                        file: path.display().to_string(),
                        reason: "not written: the stream failed".into(),
                    });
                }
                Ok(())
            });
            if let Some(e) = failure {
                return Err(e.into());
            }
            Ok(written?)
        }
    }
}
