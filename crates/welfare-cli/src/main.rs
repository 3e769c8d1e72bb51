//! `welfare`: the suite's command line. Each subcommand parses its arguments, calls one library
//! function and prints the result; the logic lives in the library crates.

mod cli;
mod commands;
mod showcase;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse(); // usage errors: clap prints them and exits with code 2
    match commands::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
