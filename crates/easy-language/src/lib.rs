//! # easy-language (in progress, issue #5)
//!
//! The foundation of the Leichte Sprache checker: a German tokenizer and an
//! abbreviation-aware sentence splitter with byte spans ([`text`]), syllable counts
//! ([`syllables`]) and the readability formulas ([`scores`]). The rule checks, the calibrated
//! complexity score and `welfare text` are not built yet.

pub mod scores;
pub mod syllables;
pub mod text;
