//! How serious a finding is, and the rule book a text is checked against.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint: allowed, but worth a look.
    #[default]
    Info,
    /// Against the rule book.
    Warning,
    /// Clearly against the rule book (e.g. a word broken at the end of a line).
    Error,
}

impl Severity {
    /// The name in reports (`info`, `warning`, `error`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The rule book a text is checked against. The books disagree on a few points (hyphen or
/// Mediopunkt in compounds, negation, Präteritum of *sein* and *haben*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Netzwerk Leichte Sprache, "Die Regeln für Leichte Sprache" (2013/2022).
    #[default]
    Netzwerk,
    /// Bredel & Maaß, "Leichte Sprache" (Forschungsstelle Leichte Sprache, Universität Hildesheim).
    Hildesheim,
    /// Barrierefreie-Informationstechnik-Verordnung 2.0, Anlage 2 Teil 2.
    Bitv,
}

impl Profile {
    /// Every profile.
    pub const ALL: [Profile; 3] = [Profile::Netzwerk, Profile::Hildesheim, Profile::Bitv];

    /// The name on the command line and in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Netzwerk => "netzwerk",
            Profile::Hildesheim => "hildesheim",
            Profile::Bitv => "bitv",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Profile, String> {
        match s {
            "netzwerk" => Ok(Profile::Netzwerk),
            "hildesheim" => Ok(Profile::Hildesheim),
            "bitv" => Ok(Profile::Bitv),
            _ => Err(format!(
                "unknown profile {s:?} (expected netzwerk, hildesheim or bitv)"
            )),
        }
    }
}
