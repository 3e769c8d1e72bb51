//! The data layer's errors in German, for pages in German (`welfare serve`): the same file, row
//! and field as [`DataError`]'s English message, which stays the CLI's and the API's `message`.
//! Reasons written as free text at the call sites are translated where they are known (binary
//! files, folders, common expectations); an unknown one is quoted as it is.

use crate::error::DataError;

/// German words for the free-text parts the suite writes most.
fn reason_de_of(reason: &str) -> String {
    const KINDS: [(&str, &str); 7] = [
        ("a PDF document", "ein PDF-Dokument"),
        (
            "an Excel, Word or LibreOffice document (.xlsx, .docx, .ods, .odt)",
            "ein Excel-, Word- oder LibreOffice-Dokument (.xlsx, .docx, .ods, .odt)",
        ),
        (
            "an old Excel or Word document (.xls, .doc)",
            "ein altes Excel- oder Word-Dokument (.xls, .doc)",
        ),
        ("a PNG image", "ein PNG-Bild"),
        ("a JPEG image", "ein JPEG-Bild"),
        ("a GIF image", "ein GIF-Bild"),
        ("an RTF document", "ein RTF-Dokument"),
    ];
    if let Some(kind) = reason
        .strip_prefix("this is ")
        .and_then(|r| r.strip_suffix(", not a table or text; save it as CSV (or .txt)"))
    {
        let kind = KINDS.iter().find(|k| k.0 == kind).map_or(kind, |k| k.1);
        return format!(
            "Das ist {kind}, keine Tabelle und kein Text. Bitte als CSV speichern (in Excel: „Speichern unter“ → „CSV UTF-8“) oder als .txt."
        );
    }
    if reason.starts_with("a NUL byte at byte offset") {
        return "Das ist eine Binärdatei, keine Tabelle (vielleicht eine Excel-Datei im .xlsx-Format?). Bitte als CSV speichern.".into();
    }
    match reason {
        "is a folder, expected a file" => "ist ein Ordner, erwartet wird eine Datei".into(),
        "no such file or folder" => "Datei oder Ordner nicht gefunden".into(),
        "permission denied" => "keine Berechtigung".into(),
        "the disk is full" => "die Festplatte ist voll".into(),
        "the bytes are not valid UTF-16" => "die Datei ist kein gültiger UTF-16-Text".into(),
        "the header has an empty column name" => "die Kopfzeile hat eine Spalte ohne Namen".into(),
        other => format!("„{other}“"),
    }
}

fn expected_de(expected: &str) -> String {
    match expected {
        "a number" => "eine Zahl (z. B. 1450,50)".into(),
        "an integer" => "eine ganze Zahl".into(),
        "0 or 1" => "0 oder 1".into(),
        "'u3' or 'ue3'" => "„u3“ oder „ue3“".into(),
        "U0, U1, U2 or U3" => "U0, U1, U2 oder U3".into(),
        "a finite number" => "eine Zahl".into(),
        other => format!("„{other}“"),
    }
}

impl DataError {
    /// The message in German (same places as [`std::fmt::Display`]; values are not repeated
    /// beyond ids, as in English).
    pub fn german(&self) -> String {
        use DataError as E;
        let at =
            |file: &str, row: usize, field: &str| format!("{file}: Zeile {row}, Spalte „{field}“");
        match self {
            E::Io {
                file,
                action,
                source,
            } => {
                let what = match *action {
                    "reading" => "Lesen",
                    "writing" => "Schreiben",
                    _ => "Zugriff",
                };
                format!(
                    "{file}: {what} fehlgeschlagen: {}",
                    reason_de_of(&crate::error::io_reason(source))
                )
            }
            E::NotAFile { file, reason } => format!("{file}: {}", reason_de_of(reason)),
            E::EmptyFile { file, expected } => {
                format!(
                    "{file}: Die Datei ist leer. Erwartet wird eine Kopfzeile mit den Spalten {expected}."
                )
            }
            E::NoRows { file } => {
                format!("{file}: Die Datei hat eine Kopfzeile, aber keine Datenzeilen.")
            }
            E::BadUtf8 {
                file, row, field, ..
            } => format!(
                "{}: Die Zeichen sind nicht lesbar. Bitte als „CSV UTF-8“ speichern.",
                at(file, *row, field)
            ),
            E::MissingColumn {
                file,
                column,
                found,
            } => {
                format!("{file}: Die Spalte „{column}“ fehlt (die Datei hat: {found}).")
            }
            E::BadHeader {
                file,
                column,
                reason,
            } => {
                format!("{}: {}", at(file, 1, column), reason_de_of(reason))
            }
            E::FieldCount {
                file,
                row,
                found,
                expected,
                ..
            } => format!(
                "{file}: Zeile {row} hat {found} Felder, die Kopfzeile {expected}. Steht ein Trennzeichen (; oder ,) zu viel oder zu wenig in der Zeile?"
            ),
            E::MissingValue { file, row, field } => {
                format!("{}: Der Wert fehlt.", at(file, *row, field))
            }
            E::WrongType {
                file,
                row,
                field,
                expected,
            } => {
                format!(
                    "{}: Erwartet wird {}.",
                    at(file, *row, field),
                    expected_de(expected)
                )
            }
            E::NotFinite { file, row, field } => {
                format!(
                    "{}: Das ist keine endliche Zahl (NaN oder unendlich).",
                    at(file, *row, field)
                )
            }
            E::UnknownId {
                file,
                row,
                field,
                kind,
                id,
            } => {
                format!(
                    "{}: Unbekannte Kennung „{id}“ ({kind}).",
                    at(file, *row, field)
                )
            }
            E::Duplicate {
                file,
                row,
                field,
                what,
                first_row,
            } => format!(
                "{}: {what} kommt doppelt vor (zuerst in Zeile {first_row}).",
                at(file, *row, field)
            ),
            E::Invalid {
                file,
                row,
                field,
                reason,
                reason_de,
            } => match reason_de {
                Some(de) => format!("{}: {de}", at(file, *row, field)),
                None => format!("{}: {}", at(file, *row, field), reason_de_of(reason)),
            },
            E::Corrupt { file, reason, .. } => {
                format!(
                    "{file}: Die Datei ist nicht lesbar: {}",
                    reason_de_of(reason)
                )
            }
            E::Usage { file, reason } => format!("{file}: {}", reason_de_of(reason)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_and_a_missing_value_in_german() {
        let pdf = crate::scan::decode("antrag.csv", b"%PDF-1.7 ...".to_vec()).unwrap_err();
        let de = pdf.german();
        assert!(
            de.starts_with("antrag.csv: ") && de.contains("PDF-Dokument") && de.contains("CSV"),
            "{de}"
        );
        let xlsx = crate::scan::decode("x.csv", b"ab\0cd".to_vec()).unwrap_err();
        assert!(xlsx.german().contains("Binärdatei"), "{}", xlsx.german());
        let missing = DataError::MissingValue {
            file: "f.csv".into(),
            row: 7,
            field: "betrag".into(),
        };
        assert_eq!(
            missing.german(),
            "f.csv: Zeile 7, Spalte „betrag“: Der Wert fehlt."
        );
        let wrong = DataError::WrongType {
            file: "f.csv".into(),
            row: 3,
            field: "alter".into(),
            expected: "an integer",
        };
        assert!(wrong.german().ends_with("Erwartet wird eine ganze Zahl."));
    }
}
