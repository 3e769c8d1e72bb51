//! One module per subcommand, and what they share: where output goes, progress on stderr, and
//! the readable text form of a report.

mod audit;
mod daycare;
mod falls;
mod falls_mqtt;
mod mitigate;
mod season;
mod serve;
mod text;
mod triage;
mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use crate::cli::{Command, ReportFormat};
pub use crate::progress::{note, progress_bar, spinner};

/// Runs a subcommand. Errors are reported by `main` with exit code 1.
pub fn run(command: Command, quiet: bool) -> anyhow::Result<()> {
    crate::progress::set_quiet(quiet);
    match command {
        Command::Showcase(args) => {
            let out = check_folder_writable(&args.out)?;
            crate::showcase::run(&out)
        }
        Command::Validate(cmd) => validate::run(cmd),
        Command::Daycare(cmd) => daycare::run(cmd),
        Command::Audit(args) => audit::run(args),
        Command::Mitigate(cmd) => mitigate::run(cmd),
        Command::Triage(cmd) => triage::run(cmd),
        Command::Text(cmd) => text::run(cmd),
        Command::Falls(cmd) => falls::run(cmd),
        Command::Serve(args) => serve::run(args),
    }
}

/// Today's date (UTC) for report provenance; `SOURCE_DATE_EPOCH` (seconds) fixes it for
/// reproducible outputs.
pub fn today() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    now.format("%Y-%m-%d").to_string()
}

/// The provenance of a report made by `command` (its version and date).
pub fn provenance(command: &str) -> welfare_report::Provenance {
    welfare_report::Provenance::new(format!("welfare {command}"), env!("CARGO_PKG_VERSION"))
        .date(today())
}

/// `--out -` means stdout.
pub fn out_path(out: Option<&Path>) -> Option<&Path> {
    out.filter(|p| p.as_os_str() != "-")
}

/// Checks before any long work that `path` can be written: its folder exists, is a folder and
/// accepts a new file, and the path itself is not a folder. Returns the path.
pub fn check_writable(path: &Path) -> anyhow::Result<PathBuf> {
    let shown = path.display();
    if path.is_dir() {
        anyhow::bail!("{shown}: is a folder; give a file name for the output");
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "{shown}: the folder {} does not exist; create it first",
            dir.display()
        );
    }
    probe_folder(path, &dir)?;
    Ok(path.to_path_buf())
}

/// Like [`check_writable`] for an output folder (created later if missing): the nearest
/// existing folder on its path must accept new files.
pub fn check_folder_writable(dir: &Path) -> anyhow::Result<PathBuf> {
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!("{}: is a file; give a folder for the output", dir.display());
    }
    let existing = dir
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.exists())
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        anyhow::bail!(
            "{}: {} is a file, not a folder",
            dir.display(),
            existing.display()
        );
    }
    probe_folder(dir, existing)?;
    Ok(dir.to_path_buf())
}

/// Creates (and removes) a temporary file in `folder`: proof that `output` can be written there.
fn probe_folder(output: &Path, folder: &Path) -> anyhow::Result<()> {
    tempfile::Builder::new()
        .prefix(".welfare-write-check")
        .tempfile_in(folder)
        .map_err(|e| {
            anyhow::anyhow!(
                "{}: cannot write into the folder {}: {}",
                output.display(),
                folder.display(),
                welfare_data::error::io_reason(&e)
            )
        })?;
    Ok(())
}

/// Checks the optional `--out` of a report before the work starts.
pub fn check_out(out: Option<&Path>) -> anyhow::Result<Option<PathBuf>> {
    out_path(out).map(check_writable).transpose()
}

/// Writes a report to `out` atomically, or to stdout.
pub fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out_path(out) {
        Some(path) => welfare_data::write_bytes_atomic(path, text.as_bytes())?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).context("stdout")?;
            stdout.flush().context("stdout")?;
        }
    }
    Ok(())
}

/// Renders a typed report as JSON or as readable text.
pub fn render<T: Serialize>(value: &T, format: ReportFormat) -> anyhow::Result<String> {
    Ok(match format {
        ReportFormat::Json => serde_json::to_string_pretty(value)? + "\n",
        ReportFormat::Text => text_lines(&serde_json::to_value(value)?),
    })
}

/// Indented `name: value` lines of a JSON value (the rendering edge: the value comes from a
/// typed result serialised just before).
#[allow(clippy::disallowed_types)]
fn text_lines(value: &serde_json::Value) -> String {
    use serde_json::Value;
    fn scalar(v: &Value) -> Option<String> {
        match v {
            Value::Null => Some("–".into()),
            Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
            Value::Number(n) => Some(match n.as_f64() {
                Some(x) if n.is_f64() => {
                    let s = format!("{x:.4}");
                    let s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
                    if s == "-0" { "0".into() } else { s }
                }
                _ => n.to_string(),
            }),
            Value::String(s) => Some(s.clone()),
            Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
                Some(a.iter().filter_map(scalar).collect::<Vec<_>>().join(", "))
            }
            _ => None,
        }
    }
    fn walk(v: &Value, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    let name = k.replace('_', " ");
                    match scalar(x) {
                        Some(s) => out.push_str(&format!("{pad}{name}: {s}\n")),
                        None => {
                            out.push_str(&format!("{pad}{name}:\n"));
                            walk(x, indent + 1, out);
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    match scalar(x) {
                        Some(s) => out.push_str(&format!("{pad}- {s}\n")),
                        None => {
                            out.push_str(&format!("{pad}[{}]\n", i + 1));
                            walk(x, indent + 1, out);
                        }
                    }
                }
            }
            other => out.push_str(&format!("{pad}{}\n", scalar(other).unwrap_or_default())),
        }
    }
    let mut out = String::new();
    walk(value, 0, &mut out);
    out
}
