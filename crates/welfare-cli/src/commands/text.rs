//! `welfare text check|score`: the Leichte Sprache checker.

use std::io::Read;

use anyhow::Context;
use easy_language::{Config, Profile, check, io, report};
use welfare_data::{Table, TableBuilder};

use crate::cli::{self, ReportFormat, TextCommand};
use crate::commands::emit;

fn profile(p: cli::Profile) -> Profile {
    match p {
        cli::Profile::Netzwerk => Profile::Netzwerk,
        cli::Profile::Hildesheim => Profile::Hildesheim,
        cli::Profile::Bitv => Profile::Bitv,
    }
}

pub fn run(cmd: TextCommand) -> anyhow::Result<()> {
    match cmd {
        TextCommand::Check {
            file,
            profile: p,
            format,
        } => {
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
            let report = check(&input, &Config::with_profile(profile(p)))?;
            let text = match format {
                ReportFormat::Json => report::to_json(&report),
                ReportFormat::Text => report::to_text(&report, &input),
                ReportFormat::Html => report::to_html(&report, &input),
                ReportFormat::Md => anyhow::bail!(
                    "--format md is not available for `text check`; use text, json or html"
                ),
            };
            emit(&text, None)
        }
        TextCommand::Score {
            input,
            column,
            out,
            profile: p,
        } => {
            let mut table = Table::read(&input)?;
            table.require_columns(&[&column])?;
            let texts = table.optional_strings(&column)?.unwrap_or_default();
            let cfg = Config::with_profile(profile(p));
            let mut cols: Vec<Vec<Option<f64>>> =
                (0..7).map(|_| Vec::with_capacity(texts.len())).collect();
            let (mut words, mut sentences, mut syllables, mut statements, mut findings) =
                (vec![], vec![], vec![], vec![], vec![]);
            for (i, t) in texts.iter().enumerate() {
                let t = t.as_deref().unwrap_or("");
                let r = check(t, &cfg).with_context(|| {
                    format!(
                        "{}: row {}: field {column}",
                        input.display(),
                        table.row_number(i)
                    )
                })?;
                let s = r.scores;
                words.push(s.readability.words as i64);
                sentences.push(s.readability.sentences as i64);
                syllables.push(s.readability.syllables as i64);
                for (c, v) in cols.iter_mut().zip([
                    s.readability.flesch_reading_ease,
                    s.readability.wiener_sachtextformel_1,
                    s.readability.wiener_sachtextformel_2,
                    s.readability.wiener_sachtextformel_3,
                    s.readability.wiener_sachtextformel_4,
                    s.readability.lix,
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
            table.append(added)?;
            match out {
                Some(path) => {
                    table.write(&path)?;
                    eprintln!("scored {} rows; wrote {}", texts.len(), path.display());
                }
                None => {
                    let mut stdout = std::io::stdout().lock();
                    table.write_csv_to(&mut stdout)?;
                    std::io::Write::flush(&mut stdout)?;
                }
            }
            Ok(())
        }
    }
}
