//! One module per subcommand.

mod audit;
mod daycare;
mod falls;
mod text;
mod triage;
mod validate;

use crate::cli::Command;

/// Runs a subcommand. Errors are reported by `main` with exit code 1.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Showcase(args) => crate::showcase::run(&args.out),
        Command::Validate(cmd) => validate::run(cmd),
        Command::Daycare(cmd) => daycare::run(cmd),
        Command::Audit(args) => audit::run(args),
        Command::Triage(cmd) => triage::run(cmd),
        Command::Text(cmd) => text::run(cmd),
        Command::Falls(cmd) => falls::run(cmd),
    }
}

/// Writes a report to `out` atomically, or to stdout.
pub fn emit(text: &str, out: Option<&std::path::Path>) -> anyhow::Result<()> {
    match out {
        Some(path) => welfare_data::write_bytes_atomic(path, text.as_bytes())?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}
