//! One module per subcommand.

mod pending;
mod validate;

use crate::cli::Command;

/// Runs a subcommand. Errors are reported by `main` with exit code 1.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Showcase(args) => crate::showcase::run(&args.out),
        Command::Validate(cmd) => validate::run(cmd),
        Command::Daycare(_) => pending::not_built("daycare", "daycare-allocation", 4),
        Command::Audit(_) => pending::not_built("audit", "fairness-audit", 3),
        Command::Triage(_) => pending::not_built("triage", "debt-triage", 7),
        Command::Text(_) => pending::not_built("text", "easy-language", 5),
        Command::Falls(_) => pending::not_built("falls", "fall-detection", 6),
    }
}
