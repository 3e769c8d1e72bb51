//! `welfare`: the suite's command line. Each subcommand parses its arguments, calls one library
//! function and prints the result; the logic lives in the library crates.

mod cli;
mod commands;
mod progress;
mod showcase;

use std::process::ExitCode;

// mimalloc: the suite allocates many small strings and vectors per row (ids, preference
// lists); glibc malloc spent ~16 % of `daycare allocate` on a city instance. Built with
// `no_thp` (no transparent huge pages for this process): with THP allowed the server's memory
// tripled and single requests stalled while huge pages were zeroed (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

/// Prints the notices of the libraries (`log::warn!`, e.g. "read as Windows-1252") on stderr,
/// one line each, unless `--quiet`.
struct StderrNotices;

impl log::Log for StderrNotices {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::Level::Warn || metadata.target() == "welfare::progress"
    }
    fn log(&self, record: &log::Record) {
        if record.target() == "welfare::progress" {
            // progress of a library (e.g. max-stable's stages, bounds and gap): the message of
            // the spinner that is showing, if any
            progress::progress_message(record.args().to_string());
        } else if record.level() <= log::Level::Warn {
            eprintln!("note: {}", record.args());
        }
    }
    fn flush(&self) {}
}

static NOTICES: StderrNotices = StderrNotices;

/// The message of an error and its causes, each cause only if its text is not already part of
/// the message (library errors often repeat their source).
fn message(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && text.contains(&welfare_data::error::io_reason(io))
        {
            continue; // said in plain words already
        }
        let c = cause.to_string();
        let plain = match c.find(" (os error") {
            Some(i) => c[..i].to_owned(),
            None => c.clone(),
        };
        if !text.contains(&c) && !text.to_lowercase().contains(&plain.to_lowercase()) {
            text = format!("{text}: {c}");
        }
    }
    text
}

/// A closed pipe (`welfare ... | head`) is how the reader says it has enough: not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.to_string().contains("Broken pipe")
    })
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse(); // usage errors: clap prints them and exits with code 2
    if !cli.quiet {
        let _ = log::set_logger(&NOTICES).map(|()| log::set_max_level(log::LevelFilter::Info));
    }
    match commands::run(cli.command, cli.quiet) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", message(&e));
            ExitCode::from(1)
        }
    }
}
