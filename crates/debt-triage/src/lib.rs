//! # debt-triage
pub mod case;
pub mod error;
pub use error::TriageError;
pub mod generate;
pub mod rules;
