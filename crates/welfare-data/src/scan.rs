//! A quote-aware pre-scan of CSV bytes, before the bytes reach the fast parser.
//!
//! It finds what a column-oriented parser cannot report precisely: the row and field of invalid
//! UTF-8, rows with the wrong number of fields, and a broken header. It runs in one pass over the
//! bytes and allocates only the header.

use crate::error::DataError;

/// What the scan learned about a CSV file.
#[derive(Debug, Clone)]
pub struct CsvLayout<'a> {
    /// Column names from the header row, trimmed.
    pub header: Vec<String>,
    /// Number of data rows (records after the header).
    pub rows: usize,
    /// The bytes without a UTF-8 byte-order mark.
    pub body: &'a [u8],
}

/// Scans `bytes` (a whole CSV file) and checks its structure.
pub fn scan_csv<'a>(
    file: &str,
    bytes: &'a [u8],
    expected: &[&str],
) -> Result<CsvLayout<'a>, DataError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DataError::EmptyFile {
            file: file.to_owned(),
            expected: expected.join(","),
        });
    }
    // Record boundaries (quote-aware) and field counts.
    let mut header_end = None;
    let mut header_fields = 0usize;
    let mut in_quotes = false;
    let mut field = 0usize;
    let mut row = 1usize; // 1 = header
    let mut record_has_content = false;
    let mut rows = 0usize;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                record_has_content = true;
            }
            b',' if !in_quotes => {
                field += 1;
                record_has_content = true;
            }
            b'\n' if !in_quotes => {
                if record_has_content {
                    end_record(file, row, field + 1, &mut header_fields, &mut rows)?;
                    if row == 1 {
                        header_end = Some(i);
                    }
                    row += 1;
                }
                field = 0;
                record_has_content = false;
            }
            b'\r' => {}
            _ => record_has_content = true,
        }
    }
    if record_has_content {
        end_record(file, row, field + 1, &mut header_fields, &mut rows)?;
        if row == 1 {
            header_end = Some(body.len());
        }
    }
    // UTF-8: validate everything at once (fast); locate the first bad byte only on failure.
    if let Err(e) = std::str::from_utf8(body) {
        let byte = e.valid_up_to();
        let (row, field) = locate(body, byte);
        let header = header_names(body, header_end.unwrap_or(body.len()).min(byte));
        let field = header
            .get(field)
            .cloned()
            .unwrap_or_else(|| format!("column {}", field + 1));
        return Err(DataError::BadUtf8 {
            file: file.to_owned(),
            row,
            field,
            byte,
        });
    }
    let header = header_names(body, header_end.unwrap_or(body.len()));
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            return Err(DataError::BadHeader {
                file: file.to_owned(),
                column: format!("column {}", i + 1),
                reason: "the header has an empty column name".into(),
            });
        }
        if header[..i].contains(name) {
            return Err(DataError::BadHeader {
                file: file.to_owned(),
                column: name.clone(),
                reason: "the column name appears twice in the header".into(),
            });
        }
    }
    Ok(CsvLayout { header, rows, body })
}

fn end_record(
    file: &str,
    row: usize,
    fields: usize,
    header_fields: &mut usize,
    rows: &mut usize,
) -> Result<(), DataError> {
    if row == 1 {
        *header_fields = fields;
    } else {
        if fields != *header_fields {
            return Err(DataError::FieldCount {
                file: file.to_owned(),
                row,
                found: fields,
                expected: *header_fields,
            });
        }
        *rows += 1;
    }
    Ok(())
}

/// Row (1-based, header = 1) and 0-based field index of byte `offset`.
fn locate(body: &[u8], offset: usize) -> (usize, usize) {
    let mut row = 1;
    let mut field = 0;
    let mut in_quotes = false;
    let mut has_content = false;
    for &b in &body[..offset] {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                has_content = true;
            }
            b',' if !in_quotes => {
                field += 1;
                has_content = true;
            }
            b'\n' if !in_quotes => {
                if has_content {
                    row += 1;
                }
                field = 0;
                has_content = false;
            }
            b'\r' => {}
            _ => has_content = true,
        }
    }
    (row, field)
}

fn header_names(body: &[u8], end: usize) -> Vec<String> {
    let line = String::from_utf8_lossy(&body[..end]);
    let mut names = Vec::new();
    let mut current = String::new();
    let mut in_quotes = false;
    for c in line.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => names.push(std::mem::take(&mut current).trim().to_owned()),
            '\r' | '\n' => {}
            c => current.push(c),
        }
    }
    names.push(current.trim().to_owned());
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_of_a_good_file() {
        let l = scan_csv(
            "a.csv",
            b"\xEF\xBB\xBFx,\"y,z\"\r\n1,\"2,\n3\"\r\n\n4,5\n",
            &["x"],
        )
        .unwrap();
        assert_eq!(l.header, vec!["x", "y,z"]);
        assert_eq!(l.rows, 2);
    }

    #[test]
    fn bad_utf8_names_row_and_field() {
        let e = scan_csv("a.csv", b"id,name\n1,ok\n2,M\xFCller\n", &["id"]).unwrap_err();
        assert_eq!(e.row(), Some(3));
        assert_eq!(e.field(), Some("name"));
        assert!(
            e.to_string()
                .starts_with("a.csv: row 3, field 'name': invalid UTF-8")
        );
    }

    #[test]
    fn ragged_rows_and_headers() {
        let e = scan_csv("a.csv", b"a,b\n1,2\n1,2,3\n", &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.csv: row 3: has 3 fields, the header has 2"
        );
        let e = scan_csv("a.csv", b"a,a\n1,2\n", &[]).unwrap_err();
        assert_eq!(e.field(), Some("a"));
        assert!(matches!(
            scan_csv("a.csv", b" \n", &["a"]),
            Err(DataError::EmptyFile { .. })
        ));
    }
}
