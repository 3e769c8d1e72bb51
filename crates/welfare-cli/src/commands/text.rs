//! `welfare text check|score`: the Leichte Sprache checker.

use std::io::Read;

use anyhow::Context;
use easy_language::{Config, check, io, report};
use welfare_data::{Table, TableBuilder};

use crate::cli::{CheckFormat, TextCommand};
use crate::commands::emit;

/// Reads a terminology list: CSV in any dialect the suite reads (the library's reader, as the
/// server and the Python package use it), or Parquet and CSV.gz (turned into CSV first).
fn read_glossary(path: &std::path::Path) -> anyhow::Result<easy_language::Glossary> {
    let name = path.display().to_string();
    let mut bytes = std::fs::read(path).with_context(|| format!("{name}: cannot read"))?;
    if welfare_data::table::FileFormat::sniff(&bytes) != welfare_data::table::FileFormat::Csv {
        let mut csv = Vec::new();
        Table::from_bytes(&name, &bytes, &["word"])?.write_csv_to(&mut csv)?;
        bytes = csv;
    }
    Ok(easy_language::Glossary::from_csv(&name, bytes)?)
}

pub fn run(cmd: TextCommand) -> anyhow::Result<()> {
    match cmd {
        TextCommand::Check {
            file,
            profile: p,
            glossary,
            rules,
            format,
            output,
        } => {
            let out = super::check_out(output.out.as_deref())?;
            let mut cfg = Config::with_profile(p);
            if !rules.is_empty() {
                cfg.only(&rules);
            }
            if let Some(path) = &glossary {
                cfg.glossary = read_glossary(path)?;
            }
            let input = if file == "-" {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .context("stdin: cannot read")?;
                io::decode(bytes, "stdin")?
            } else {
                io::read_text(std::path::Path::new(&file))?
            };
            let spinner = super::spinner(format!("checking {} KB of text", input.len() / 1000));
            let report = check(&input, &cfg)?;
            spinner.set_message("writing the report");
            let text = match format {
                CheckFormat::Json => report::to_json(&report),
                CheckFormat::Text => report::to_text(&report, &input),
                CheckFormat::Html => {
                    let what = if file == "-" {
                        "stdin".to_owned()
                    } else {
                        file.clone()
                    };
                    let mut p = super::provenance("text check")
                        .input(format!("{what} ({} Zeichen)", input.chars().count()))
                        .setting(format!("Profil {}", report.profile.as_str()));
                    if !rules.is_empty() {
                        let names: Vec<&str> = rules.iter().map(|r| r.as_str()).collect();
                        p = p.setting(format!("nur die Regeln {}", names.join(", ")));
                    }
                    if let Some(path) = &glossary {
                        p = p.setting(format!(
                            "Glossar {} ({} Einträge)",
                            path.display(),
                            cfg.glossary.entries().len()
                        ));
                    }
                    report::to_html_with(&report, &input, Some(&p))
                }
            };
            spinner.finish_and_clear();
            emit(&text, out.as_deref())
        }
        TextCommand::Score {
            input,
            column,
            out,
            profile: p,
        } => {
            let out = super::check_out(out.as_deref())?;
            if let Some(path) = &out {
                welfare_data::table::FileFormat::from_path(path)?;
            }
            let mut table = Table::read(&input)?;
            table.require_columns(&[&column])?;
            let texts = table.optional_strings(&column)?.unwrap_or_default();
            let cfg = Config::with_profile(p);
            let mut cols: Vec<Vec<Option<f64>>> =
                (0..7).map(|_| Vec::with_capacity(texts.len())).collect();
            let (mut words, mut sentences, mut syllables, mut statements, mut findings) =
                (vec![], vec![], vec![], vec![], vec![]);
            let bar = super::progress_bar(texts.len() as u64, "scoring texts");
            for (i, t) in texts.iter().enumerate() {
                bar.inc(1);
                let t = t.as_deref().unwrap_or("");
                let r = check(t, &cfg).with_context(|| {
                    format!(
                        "{}: row {}: field {column}",
                        input.display(),
                        table.row_number(i)
                    )
                })?;
                let s = easy_language::ScoreRow::from(&r.scores);
                words.push(s.words as i64);
                sentences.push(s.sentences as i64);
                syllables.push(s.syllables as i64);
                for (c, v) in cols.iter_mut().zip([
                    s.flesch_reading_ease,
                    s.wiener_sachtextformel_1,
                    s.wiener_sachtextformel_2,
                    s.wiener_sachtextformel_3,
                    s.wiener_sachtextformel_4,
                    s.lix,
                    s.complexity,
                ]) {
                    c.push(v);
                }
                statements.push(s.statements as i64);
                findings.push(s.findings as i64);
            }
            let added = TableBuilder::new()
                .integer("words", &words)
                .integer("sentences", &sentences)
                .integer("syllables", &syllables)
                .optional_float("flesch_reading_ease", &cols[0])
                .optional_float("wiener_sachtextformel_1", &cols[1])
                .optional_float("wiener_sachtextformel_2", &cols[2])
                .optional_float("wiener_sachtextformel_3", &cols[3])
                .optional_float("wiener_sachtextformel_4", &cols[4])
                .optional_float("lix", &cols[5])
                .optional_float("complexity", &cols[6])
                .integer("statements", &statements)
                .integer("findings", &findings)
                .build("scores")?;
            bar.finish_and_clear();
            table.append(added)?;
            match out {
                Some(path) => {
                    table.write(&path)?;
                    super::note(format_args!(
                        "scored {} rows; wrote {}",
                        texts.len(),
                        path.display()
                    ));
                }
                None => {
                    // rendered first, then written: a closed pipe is a write error on stdout,
                    // never a message about the input file
                    let mut bytes = Vec::new();
                    table.write_csv_to(&mut bytes)?;
                    let mut stdout = std::io::stdout().lock();
                    std::io::Write::write_all(&mut stdout, &bytes).context("stdout")?;
                    std::io::Write::flush(&mut stdout).context("stdout")?;
                }
            }
            Ok(())
        }
    }
}
