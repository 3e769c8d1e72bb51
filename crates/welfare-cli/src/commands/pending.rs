//! Subcommands whose prototype is not part of this build yet: they say so and fail (exit 1),
//! so no script mistakes an empty run for a result.

/// The error for a subcommand whose library crate does not exist yet.
pub fn not_built(command: &str, krate: &str, issue: u32) -> anyhow::Result<()> {
    anyhow::bail!(
        "`welfare {command}` is not available yet: the {krate} prototype is not part of this \
         build (tracked in issue #{issue}); nothing was computed"
    )
}
