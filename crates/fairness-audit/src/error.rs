//! Errors of the audit: what the caller asked for does not fit the data.

use welfare_data::DataError;

/// Everything that can go wrong in an audit.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// Reading or validating the input failed (names file, row and field).
    #[error(transparent)]
    Data(#[from] DataError),
    /// No rows to audit.
    #[error("no rows to audit")]
    Empty,
    /// The columns of the input have different lengths.
    #[error("column '{column}' has {found} rows, expected {expected}")]
    Length {
        /// The column.
        column: String,
        /// What was found.
        found: usize,
        /// What was expected.
        expected: usize,
    },
    /// A sensitive column with a single value: there are no groups to compare.
    #[error("sensitive column '{column}' has only one group ('{value}'): nothing to compare")]
    OneGroup {
        /// The column.
        column: String,
        /// The value.
        value: String,
    },
    /// A sensitive column named that the input does not have.
    #[error("unknown sensitive column '{column}' (known: {known})")]
    UnknownColumn {
        /// The column.
        column: String,
        /// The values that are known.
        known: String,
    },
    /// A group condition names a value that never occurs.
    #[error("'{column}={value}' does not occur in the data (values: {known})")]
    UnknownValue {
        /// The column.
        column: String,
        /// The value.
        value: String,
        /// The values that are known.
        known: String,
    },
    /// A condition could not be parsed (expected COL=VALUE).
    #[error("cannot read the group condition '{text}': expected COL=VALUE[,COL=VALUE]")]
    BadCondition {
        /// The text as given.
        text: String,
    },
    /// A comparison group that contains no rows.
    #[error("the {which} group ({condition}) has no rows")]
    EmptyComparisonGroup {
        /// Which condition (`privileged` or `unprivileged`).
        which: &'static str,
        /// The condition as given.
        condition: String,
    },
    /// A parameter out of range.
    #[error("{name}: {reason}")]
    Parameter {
        /// The setting.
        name: &'static str,
        /// What is wrong, in plain words.
        reason: String,
    },
    /// Two sets of counts that cannot be merged.
    #[error("cannot merge counts with different {what}: {left} vs {right}")]
    Mismatch {
        /// What differs.
        what: &'static str,
        /// The one side.
        left: String,
        /// The other side.
        right: String,
    },
    /// A group without positives or without negatives: no trade-off to choose from
    /// (fairlearn: "Degenerate labels for sensitive feature value …").
    #[error(
        "degenerate labels for group '{group}': it needs rows with both labels (0 and 1) to \
         choose thresholds"
    )]
    DegenerateLabels {
        /// The group.
        group: String,
    },
    /// Counts read from elsewhere that are not well formed.
    #[error("the counts are not well formed: {reason}")]
    BadCounts {
        /// What is wrong.
        reason: String,
    },
}

impl AuditError {
    /// A parameter out of range.
    pub fn parameter(name: &'static str, reason: impl Into<String>) -> AuditError {
        AuditError::Parameter {
            name,
            reason: reason.into(),
        }
    }
}

impl AuditError {
    /// The message in German, for pages in German (`welfare serve`); `None` where the reason
    /// is free text the suite has only in English (parameters, counts from elsewhere).
    pub fn german(&self) -> Option<String> {
        use AuditError as E;
        Some(match self {
            E::Data(d) => d.german(),
            E::Empty => "Keine Zeilen zu prüfen: die Tabelle ist leer.".into(),
            E::Length {
                column,
                found,
                expected,
            } => format!("Die Spalte „{column}“ hat {found} Zeilen, erwartet sind {expected}."),
            E::OneGroup { column, value } => format!(
                "Die Spalte „{column}“ hat nur eine Gruppe („{value}“): es gibt nichts zu vergleichen. Wählen Sie eine Spalte mit mindestens zwei Gruppen."
            ),
            E::UnknownColumn { column, known } => {
                format!("Die Spalte „{column}“ gibt es in der Tabelle nicht (vorhanden: {known}).")
            }
            E::UnknownValue {
                column,
                value,
                known,
            } => format!("„{column}={value}“ kommt in den Daten nicht vor (Werte: {known})."),
            E::BadCondition { text } => format!(
                "Die Gruppenangabe „{text}“ ist nicht lesbar: erwartet wird SPALTE=WERT, mehrere mit Komma."
            ),
            E::EmptyComparisonGroup { which, condition } => format!(
                "Die {} Gruppe ({condition}) hat keine Zeilen.",
                if *which == "privileged" {
                    "bevorzugte"
                } else {
                    "benachteiligte"
                }
            ),
            E::DegenerateLabels { group } => format!(
                "Die Gruppe „{group}“ braucht Zeilen mit beiden Ergebnissen (0 und 1), um Schwellen zu wählen."
            ),
            E::Mismatch { .. } | E::Parameter { .. } | E::BadCounts { .. } => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_in_german_name_the_column_and_the_way_out() {
        let one = AuditError::OneGroup {
            column: "geschlecht".into(),
            value: "w".into(),
        };
        let de = one.german().unwrap();
        assert!(
            de.contains("„geschlecht“") && de.contains("mindestens zwei Gruppen"),
            "{de}"
        );
        assert!(
            AuditError::parameter("tau", "must be positive")
                .german()
                .is_none()
        );
    }
}
