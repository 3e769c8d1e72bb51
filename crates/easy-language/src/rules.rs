//! The rule catalogue: id, sources, severity per profile and an explanation written in Leichte
//! Sprache. The checks themselves are in [`crate::check`].

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
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
    pub const ALL: [Profile; 3] = [Profile::Netzwerk, Profile::Hildesheim, Profile::Bitv];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Netzwerk => "netzwerk",
            Profile::Hildesheim => "hildesheim",
            Profile::Bitv => "bitv",
        }
    }

    fn index(self) -> usize {
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

/// A rule of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub id: &'static str,
    /// Short German title.
    pub title: &'static str,
    /// Rule books that state the rule (N = Netzwerk, H = Hildesheim/Bredel & Maaß, B = BITV 2.0
    /// Anlage 2, IE = Inclusion Europe, DIN = DIN SPEC 33429).
    pub sources: &'static [&'static str],
    /// Default severity under netzwerk, hildesheim, bitv (`None` = not checked).
    pub severity: [Option<Severity>; 3],
    /// What the rule asks for, in Leichte Sprache.
    pub explanation: &'static str,
}

impl Rule {
    pub fn severity_in(&self, profile: Profile) -> Option<Severity> {
        self.severity[profile.index()]
    }
}

use Severity::{Error as E, Info as I, Warning as W};

/// All rules, in the order the checker reports them.
pub const RULES: [Rule; 29] = [
    Rule {
        id: "sentence-too-long",
        title: "Langer Satz",
        sources: &["N", "H", "B", "IE", "DIN"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie kurze Sätze. Ein kurzer Satz hat höchstens 10 Wörter.",
    },
    Rule {
        id: "multiple-statements",
        title: "Mehr als eine Aussage",
        sources: &["N", "H", "B", "DIN"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie in jeden Satz nur 1 Aussage. Machen Sie aus einem langen Satz 2 kurze Sätze.",
    },
    Rule {
        id: "subordinate-clause",
        title: "Nebensatz",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Ein Neben-Satz ist schwer. Zum Beispiel ein Satz mit „dass“ oder „weil“. Schreiben Sie lieber 2 Haupt-Sätze.",
    },
    Rule {
        id: "passive-voice",
        title: "Passiv",
        sources: &["N", "H", "B", "IE"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie aktiv. Sagen Sie, wer etwas tut. Zum Beispiel: „Das Amt prüft den Antrag.“ Nicht: „Der Antrag wird geprüft.“",
    },
    Rule {
        id: "genitive",
        title: "Genitiv",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Der Genitiv ist schwer. Schreiben Sie „von dem“ oder „von der“. Zum Beispiel: „Das Haus von dem Lehrer.“",
    },
    Rule {
        id: "subjunctive",
        title: "Konjunktiv",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie klar, was ist. Wörter wie „würde“, „könnte“ oder „wäre“ sind schwer.",
    },
    Rule {
        id: "negation",
        title: "Verneinung",
        sources: &["N", "H", "IE"],
        severity: [Some(W), Some(I), Some(W)],
        explanation: "Schreiben Sie positiv. Sagen Sie, was ist. Nicht: was nicht ist. Zum Beispiel: „Bleiben Sie ruhig.“ Nicht: „Seien Sie nicht aufgeregt.“",
    },
    Rule {
        id: "preterite",
        title: "Präteritum",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie in der Gegenwart. Oder im Perfekt. Zum Beispiel: „Er hat gesagt.“ Nicht: „Er sagte.“",
    },
    Rule {
        id: "long-compound",
        title: "Langes zusammengesetztes Wort",
        sources: &["N", "H", "B", "IE"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Trennen Sie lange Wörter. Dann kann man sie besser lesen. Zum Beispiel: „Schuldner-Beratung“.",
    },
    Rule {
        id: "compound-separator",
        title: "Bindestrich oder Medio-Punkt",
        sources: &["N", "H"],
        severity: [Some(I), Some(I), Some(I)],
        explanation: "Trennen Sie zusammengesetzte Wörter immer gleich. Netzwerk Leichte Sprache: mit Binde-Strich. Hildesheim: mit Medio-Punkt.",
    },
    Rule {
        id: "number-word",
        title: "Zahl als Wort",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie Zahlen als Ziffern. Zum Beispiel: 3. Nicht: drei.",
    },
    Rule {
        id: "big-number",
        title: "Große oder genaue Zahl",
        sources: &["N", "H", "IE"],
        severity: [Some(W), Some(W), Some(I)],
        explanation: "Große Zahlen sind schwer. Schreiben Sie lieber: viele. Oder runden Sie die Zahl.",
    },
    Rule {
        id: "percentage",
        title: "Prozent",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Prozent-Zahlen sind schwer. Schreiben Sie zum Beispiel: die Hälfte. Oder: 3 von 10.",
    },
    Rule {
        id: "date-format",
        title: "Datum",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(I)],
        explanation: "Schreiben Sie den Monat als Wort. Zum Beispiel: 3. März 2025.",
    },
    Rule {
        id: "abbreviation",
        title: "Abkürzung",
        sources: &["N", "H", "B", "IE"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie Wörter ganz aus. Zum Beispiel: zum Beispiel. Nicht: z. B.",
    },
    Rule {
        id: "special-character",
        title: "Sonderzeichen",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(I)],
        explanation: "Sonder-Zeichen sind schwer. Zum Beispiel: & oder §. Schreiben Sie das Wort: und, Paragraf.",
    },
    Rule {
        id: "brackets",
        title: "Klammer",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(I)],
        explanation: "Schreiben Sie nichts in Klammern. Schreiben Sie lieber einen eigenen Satz.",
    },
    Rule {
        id: "foreign-word",
        title: "Fremdwort",
        sources: &["N", "H", "B", "IE"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Benutzen Sie deutsche Wörter. Wenn Sie ein Fremd-Wort brauchen: Erklären Sie das Wort.",
    },
    Rule {
        id: "rare-word",
        title: "Seltenes Wort",
        sources: &["N", "H", "B", "IE"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Benutzen Sie bekannte Wörter. Wenn Sie ein schweres Wort brauchen: Erklären Sie das Wort.",
    },
    Rule {
        id: "nominal-style",
        title: "Nominalstil",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Benutzen Sie Verben. Verben sind Tu-Wörter. Zum Beispiel: „Wir beraten Sie.“ Nicht: „Die Beratung erfolgt.“",
    },
    Rule {
        id: "impersonal-man",
        title: "Unpersönliches „man“",
        sources: &["N", "H"],
        severity: [Some(W), Some(I), Some(W)],
        explanation: "Sprechen Sie die Leser direkt an. Schreiben Sie: Sie. Nicht: man.",
    },
    Rule {
        id: "one-sentence-per-line",
        title: "Ein Satz pro Zeile",
        sources: &["N", "H", "B"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie jeden Satz in eine neue Zeile.",
    },
    Rule {
        id: "line-end-hyphenation",
        title: "Trennung am Zeilenende",
        sources: &["N", "H", "B"],
        severity: [Some(E), Some(E), Some(E)],
        explanation: "Trennen Sie Wörter nicht am Ende von einer Zeile. Schreiben Sie das ganze Wort in eine Zeile.",
    },
    Rule {
        id: "roman-numeral",
        title: "Römische Zahl",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Römische Zahlen sind schwer. Schreiben Sie: 14. Nicht: XIV.",
    },
    Rule {
        id: "gender-marker",
        title: "Gender-Zeichen",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Zeichen wie * oder : in einem Wort sind schwer. Schreiben Sie: Lehrerinnen und Lehrer.",
    },
    Rule {
        id: "cross-reference",
        title: "Verweis",
        sources: &["N", "H", "IE"],
        severity: [Some(W), Some(W), Some(I)],
        explanation: "Schreiben Sie nicht: siehe oben. Schreiben Sie die Information noch einmal hin.",
    },
    Rule {
        id: "idiom",
        title: "Redewendung",
        sources: &["N", "H", "B", "IE"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie keine Rede-Wendungen. Viele Menschen verstehen sie falsch. Schreiben Sie, was Sie meinen.",
    },
    Rule {
        id: "enumeration",
        title: "Aufzählung im Satz",
        sources: &["N", "H", "B"],
        severity: [Some(I), Some(I), Some(I)],
        explanation: "Wenn Sie viele Dinge aufzählen: Machen Sie eine Liste. Jedes Ding kommt in eine neue Zeile.",
    },
    Rule {
        id: "all-caps",
        title: "Großbuchstaben",
        sources: &["N", "H"],
        severity: [Some(W), Some(W), Some(W)],
        explanation: "Schreiben Sie nicht alles in Groß-Buchstaben. Das kann man schwer lesen.",
    },
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_complete() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
        for r in &RULES {
            assert!(!r.sources.is_empty() && !r.explanation.is_empty());
            assert!(
                r.severity.iter().any(Option::is_some),
                "{} is checked in some profile",
                r.id
            );
        }
        assert!(RULES.len() >= 25);
    }
}
