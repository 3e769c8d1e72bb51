//! Maximum weakly stable allocation on the shipped instances.
//!
//! `cargo run --release -p daycare-allocation --example max_stable [-- DIR [TIME_LIMIT_S [siblings]]]`
//! (progress on stderr; `siblings`: families together)

use daycare_allocation::max_stable::{Constraints, MaxStableOptions, max_stable};
use daycare_allocation::weakly_blocking_pairs;
use daycare_allocation::{Market, deferred_acceptance};
use welfare_data::Instance;

/// Prints the optimisation's progress messages (target `welfare::progress`) with the time.
struct Progress(std::time::Instant);

impl log::Log for Progress {
    fn enabled(&self, m: &log::Metadata) -> bool {
        m.target() == "welfare::progress" || m.level() <= log::Level::Warn
    }
    fn log(&self, r: &log::Record) {
        if self.enabled(r.metadata()) {
            eprintln!("[{:7.2} s] {}", self.0.elapsed().as_secs_f64(), r.args());
        }
    }
    fn flush(&self) {}
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let progress = Box::leak(Box::new(Progress(std::time::Instant::now())));
    log::set_logger(progress).map_err(|e| e.to_string())?;
    log::set_max_level(log::LevelFilter::Info);
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dirs: Vec<String> = match args.first() {
        Some(d) => vec![d.clone()],
        None => ["tiny", "small"]
            .iter()
            .map(|s| format!("{}/../../datasets/daycare/{s}", env!("CARGO_MANIFEST_DIR")))
            .collect(),
    };
    let time_limit = args.get(1).map(|t| t.parse()).transpose()?;
    let siblings_together = args.get(2).is_some_and(|a| a == "siblings");
    for dir in dirs {
        let instance = Instance::read(&dir)?;
        let market = Market::new(&instance);
        let da = deferred_acceptance(&market);
        let options = MaxStableOptions {
            time_limit,
            constraints: Constraints {
                siblings_together,
                hardship_quota: None,
            },
            ..MaxStableOptions::default()
        };
        let r = max_stable(&instance, &options)?;
        println!(
            "{dir}: DA placed {} (weakly blocking {}); max-stable placed {} total rank {} weakly blocking {} optimal {} gap {:.4} bounds [{}, {}] {} vars {} rows ({} pairs removed), {:.2} s with {}",
            da.placed(),
            weakly_blocking_pairs(&instance, &market, &da),
            r.assignment.placed(),
            r.assignment.total_rank(),
            weakly_blocking_pairs(&instance, &market, &r.assignment),
            r.optimal,
            r.gap,
            r.placed_lower_bound,
            r.placed_upper_bound,
            r.variables,
            r.constraints,
            r.removed_pairs,
            r.seconds,
            r.backend
        );
        if siblings_together {
            println!(
                "{dir}: blocking coalitions {}, families split {}",
                daycare_allocation::blocking_coalitions(&instance, &market, &r.assignment),
                daycare_allocation::assignment::families_split(&instance, &r.assignment)
            );
        }
    }
    Ok(())
}
