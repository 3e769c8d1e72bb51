//! What a door asks the checker: one typed request with the defaults and every check, so the
//! command line, the JSON API, Python and the LanguageTool protocol only translate into it.

use serde::Deserialize;

use crate::rules::{Category, Config, Profile, RuleId, Severity};
use crate::{Glossary, GlossaryEntry, Report, TextError};

/// A request to check one text.
///
/// ```
/// use easy_language::CheckRequest;
///
/// let request: CheckRequest =
///     serde_json::from_str(r#"{"text": "Das Amt wurde geschlossen.", "rules": ["passive-voice"]}"#)
///         .unwrap();
/// let report = request.run().unwrap();
/// assert_eq!(report.scores.findings, 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The text to check (UTF-8).
    pub text: String,
    /// The rule book (default `netzwerk`).
    #[serde(default)]
    pub profile: Profile,
    /// A terminology list as its CSV file's text (`word` column, optional `explanation` and
    /// `preferred`; `,` `;` or tab): glossary words are not marked as difficult, their
    /// explanation is the suggestion, other spellings than `preferred` are marked.
    #[serde(default)]
    pub glossary_csv: Option<String>,
    /// The terminology list as entries (instead of `glossary_csv`).
    #[serde(default)]
    pub glossary: Option<Vec<GlossaryEntry>>,
    /// Check only these rules (ids such as `rare-word`); all rules of the profile when absent.
    #[serde(default)]
    pub rules: Option<Vec<String>>,
    /// Rules not to check (ids such as `negation`).
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    /// Rule families not to check (`STYLE`, `GRAMMAR`, `LS_NUMBERS`, `TYPOGRAPHY`,
    /// `LS_TERMINOLOGY`).
    #[serde(default)]
    pub disabled_categories: Vec<String>,
    /// Report findings of this severity and above (default `info`: all).
    #[serde(default)]
    pub min_severity: Severity,
}

fn rule_ids(field: &'static str, names: &[String]) -> Result<Vec<RuleId>, TextError> {
    names
        .iter()
        .map(|n| {
            n.parse::<RuleId>().map_err(|reason| TextError::Request {
                field,
                reason: format!("{field}: {reason}"),
            })
        })
        .collect()
}

impl CheckRequest {
    /// A request for `text` with every default.
    pub fn new(text: impl Into<String>) -> CheckRequest {
        CheckRequest {
            text: text.into(),
            ..CheckRequest::default()
        }
    }

    /// The checker's settings this request asks for; every field is checked (unknown rule or
    /// category ids, a terminology list given twice or with bad rows) before any text is.
    pub fn config(&self) -> Result<Config, TextError> {
        let mut cfg = Config::with_profile(self.profile);
        cfg.glossary = match (&self.glossary_csv, &self.glossary) {
            (Some(_), Some(_)) => {
                return Err(TextError::Request {
                    field: "glossary",
                    reason: "send the terminology list once: glossary_csv or glossary, not both"
                        .into(),
                });
            }
            (Some(csv), None) => Glossary::from_csv("glossary_csv", csv.as_bytes().to_vec())?,
            (None, Some(entries)) => Glossary::new("glossary", entries.clone())?,
            (None, None) => Glossary::default(),
        };
        if let Some(rules) = &self.rules {
            cfg.only(&rule_ids("rules", rules)?);
        }
        cfg.disabled
            .extend(rule_ids("disabled_rules", &self.disabled_rules)?);
        for name in &self.disabled_categories {
            let category: Category = name.parse().map_err(|reason| TextError::Request {
                field: "disabled_categories",
                reason: format!("disabled_categories: {reason}"),
            })?;
            cfg.disabled
                .extend(RuleId::ALL.into_iter().filter(|r| r.category() == category));
        }
        cfg.disabled.sort();
        cfg.disabled.dedup();
        cfg.min_severity = self.min_severity;
        cfg.check()?;
        Ok(cfg)
    }

    /// Checks the text as asked.
    pub fn run(&self) -> Result<Report, TextError> {
        crate::check(&self.text, &self.config()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_checkers() {
        let r: CheckRequest = serde_json::from_str(r#"{"text": "Ein Satz."}"#).unwrap();
        assert_eq!(r, CheckRequest::new("Ein Satz."));
        assert_eq!(r.config().unwrap(), Config::default());
    }

    #[test]
    fn every_field_is_checked() {
        let bad = |json: &str| {
            let r: CheckRequest = serde_json::from_str(json).unwrap();
            r.config().unwrap_err().to_string()
        };
        assert!(bad(r#"{"text": "x", "rules": ["rare-words"]}"#).contains("rare-word"));
        assert!(bad(r#"{"text": "x", "disabled_rules": ["nope"]}"#).starts_with("disabled_rules"));
        assert!(bad(r#"{"text": "x", "disabled_categories": ["TYPOS"]}"#).contains("STYLE"));
        assert!(bad(r#"{"text": "x", "glossary": [], "glossary_csv": "word\n"}"#).contains("once"));
        assert!(serde_json::from_str::<CheckRequest>(r#"{"txt": "x"}"#).is_err());
        assert!(serde_json::from_str::<CheckRequest>(r#"{"text": "x", "profile": "x"}"#).is_err());
    }

    #[test]
    fn selections_and_severity_filter_findings() {
        let text = "Das Amt wurde nicht geschlossen (siehe oben).";
        let all = CheckRequest::new(text).run().unwrap();
        let mut grammar_off = CheckRequest::new(text);
        grammar_off.disabled_categories = vec!["GRAMMAR".into()];
        let g = grammar_off.run().unwrap();
        let rules = |r: &Report| -> Vec<RuleId> {
            r.sentences
                .iter()
                .flat_map(|s| &s.findings)
                .map(|f| f.rule)
                .collect()
        };
        assert!(rules(&all).contains(&RuleId::PassiveVoice));
        assert!(!rules(&g).iter().any(|r| r.category() == Category::Grammar));
        assert!(rules(&g).contains(&RuleId::Brackets));
        let mut warnings = CheckRequest::new(text);
        warnings.min_severity = Severity::Warning;
        let w = warnings.run().unwrap();
        let severities = w
            .sentences
            .iter()
            .flat_map(|s| &s.findings)
            .map(|f| f.severity);
        assert!(severities.clone().all(|s| s >= Severity::Warning));
        assert_eq!(w.scores.findings, severities.count());
    }
}
