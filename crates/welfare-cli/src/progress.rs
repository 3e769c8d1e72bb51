//! Progress and notices on stderr: spinners and bars for work that can take more than two
//! seconds, hidden when stderr is not a terminal or with `--quiet`; library progress messages
//! (sent through `log`) shown on the current spinner.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

static QUIET: AtomicBool = AtomicBool::new(false);

/// The spinner showing now (for progress messages that libraries send through `log`).
static CURRENT: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);

/// Shows a library's progress message on the current spinner (nothing without one).
pub fn progress_message(text: String) {
    if let Ok(current) = CURRENT.lock()
        && let Some(bar) = current.as_ref()
    {
        bar.set_message(text);
    }
}

/// Whether progress and notices may be shown (stderr is a terminal and no `--quiet`).
pub fn interactive() -> bool {
    !QUIET.load(Ordering::Relaxed) && std::io::stderr().is_terminal()
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A spinner on stderr for work that can take more than two seconds; hidden when stderr is not
/// a terminal or with `--quiet`. It shows the elapsed time and disappears when dropped.
pub fn spinner(message: impl Into<String>) -> indicatif::ProgressBar {
    if !interactive() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .expect("valid template"),
    );
    bar.set_message(message.into());
    bar.enable_steady_tick(Duration::from_millis(120));
    if let Ok(mut current) = CURRENT.lock() {
        *current = Some(bar.clone());
    }
    bar
}

/// A progress bar over `total` steps (hidden like [`spinner`]).
pub fn progress_bar(total: u64, message: impl Into<String>) -> indicatif::ProgressBar {
    if !interactive() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:30}] {pos}/{len} [{elapsed}, {eta} left]",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(message.into());
    bar
}

/// A line on stderr for the user (what was written), unless `--quiet`.
pub fn note(text: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("{text}");
    }
}

/// Sets `--quiet` for the whole process.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}
