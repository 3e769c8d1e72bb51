//! Reading CSV text as people save it: one pass over the bytes that finds every field.
//!
//! What it accepts (the contract of `docs/formats.md`):
//! - UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode
//!   text"), and Windows-1252 (Excel's "CSV" on Windows): decoded, with one notice;
//! - LF or CRLF line ends, blank lines anywhere (also at the end), rows of only separators
//!   (`;;;`, as Excel leaves after cleared cells);
//! - `,`, `;` or tab as separator, detected from the header row; with `;` or tab, numbers may
//!   use a decimal comma (German Excel);
//! - quoted fields with separators, line breaks and doubled quotes inside.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1, and blank lines count.
//! The result keeps the decoded bytes and the byte range of every field, column by column, so
//! typed accessors parse each value straight from the bytes (no string per cell) and report
//! errors with file, row and field. Linear in the size of the file.

use std::borrow::Cow;

use crate::error::DataError;

/// How a text file was encoded, when it was not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (with or without byte-order mark).
    Utf8,
    /// UTF-16 with a byte-order mark (decoded).
    Utf16,
    /// Not valid UTF-8, read as Windows-1252 (decoded).
    Windows1252,
}

/// What a file is by its first bytes, when it is a common document or image format that
/// people pick by mistake instead of a text file.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 7] = [
        (b"%PDF-", "a PDF document"),
        (
            b"PK\x03\x04",
            "an Excel, Word or LibreOffice document (.xlsx, .docx, .ods, .odt)",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Excel or Word document (.xls, .doc)",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "an RTF document"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
}

/// Decodes a text file's bytes to UTF-8 text (without byte-order mark) and says which encoding
/// it was read as. UTF-8 input is not copied.
///
/// Bytes that are neither UTF-8 nor text (a NUL byte, which no CSV or text file has) give
/// [`DataError::Corrupt`].
pub fn decode(file: &str, mut bytes: Vec<u8>) -> Result<(String, Encoding), DataError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, had_errors) = encoding_rs::UTF_16LE.decode(&bytes); // the BOM decides
        if had_errors {
            return Err(DataError::Corrupt {
                file: file.to_owned(),
                format: "UTF-16 text",
                reason: "the bytes are not valid UTF-16".into(),
            });
        }
        return Ok((text.into_owned(), Encoding::Utf16));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(kind) = binary_kind(&bytes) {
        return Err(DataError::Corrupt {
            file: file.to_owned(),
            format: "text",
            reason: format!("this is {kind}, not a table or text; save it as CSV (or .txt)"),
        });
    }
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(DataError::Corrupt {
            file: file.to_owned(),
            format: "text",
            reason: format!(
                "a NUL byte at byte offset {at}: this is a binary file (a spreadsheet in .xlsx \
                 format? save it as CSV)"
            ),
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            Ok((text.into_owned(), Encoding::Windows1252))
        }
    }
}

/// The separator of a CSV file, from its header row: the most frequent of `,` `;` and tab
/// outside quotes (`,` when none occurs).
pub fn detect_separator(text: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    let mut seen_content = false;
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if seen_content {
                    break;
                }
            }
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            b'\r' | b' ' => {}
            _ => seen_content = true,
        }
    }
    let seps = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 { b',' } else { seps[best] }
}

/// A parsed CSV file: its decoded text and where every field is.
#[derive(Debug, Clone)]
pub struct CsvData {
    /// The decoded text (UTF-8, without byte-order mark).
    pub(crate) text: String,
    /// Column names from the header row, trimmed and unquoted.
    pub header: Vec<String>,
    /// The separator (`,`, `;` or tab).
    pub separator: u8,
    /// How the file was encoded.
    pub encoding: Encoding,
    /// Per column, where the field ends in every data record (a field starts one byte after
    /// the end of the field before it: the separator is one byte).
    pub(crate) ends: Vec<Vec<u32>>,
    /// Where every data record starts.
    pub(crate) starts: Vec<u32>,
    /// Spreadsheet row number (header = 1) of every data record.
    pub(crate) rows: Vec<u32>,
}

impl CsvData {
    /// Number of data records.
    #[inline]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The line end of the file as its first line has it: `\r\n` (Windows, Excel) or `\n`
    /// (for writing a file in the dialect it was read in).
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    pub(crate) fn line_end(&self) -> &'static [u8] {
        let bytes = self.text.as_bytes();
        match memchr::memchr(b'\n', bytes) {
            Some(at) if at > 0 && bytes[at - 1] == b'\r' => b"\r\n",
            _ => b"\n",
        }
    }

    /// Whether there are no data records.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether numbers may use a decimal comma (`;`- or tab-separated files).
    pub fn decimal_comma(&self) -> bool {
        self.separator != b','
    }

    /// The spreadsheet row number of data record `index`.
    pub fn row(&self, index: usize) -> usize {
        self.rows[index] as usize
    }

    /// The raw bytes of a field (no character-boundary checks: for byte-level fast paths).
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    #[inline]
    pub(crate) fn raw_bytes(&self, column: usize, index: usize) -> &[u8] {
        let a = if column == 0 {
            self.starts[index]
        } else {
            self.ends[column - 1][index] + 1
        };
        &self.text.as_bytes()[a as usize..self.ends[column][index] as usize]
    }

    /// The raw bytes of the fields `first..=last` of a record, with the separators between
    /// them, exactly as in the file (for copying records unchanged).
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    #[inline]
    pub(crate) fn raw_span(&self, first: usize, last: usize, index: usize) -> &[u8] {
        let a = if first == 0 {
            self.starts[index]
        } else {
            self.ends[first - 1][index] + 1
        };
        &self.text.as_bytes()[a as usize..self.ends[last][index] as usize]
    }

    /// The records `from..to` as a parsed file of their own (the text of those records and
    /// their positions are copied; spreadsheet rows keep their numbers).
    #[cfg_attr(not(feature = "polars"), allow(dead_code))]
    pub(crate) fn records(&self, from: usize, to: usize) -> CsvData {
        let (a, b) = if from < to {
            (
                self.starts[from] as usize,
                self.ends[self.header.len() - 1][to - 1] as usize,
            )
        } else {
            (0, 0)
        };
        let shift = |v: &[u32]| v.iter().map(|&p| p - a as u32).collect::<Vec<u32>>();
        CsvData {
            text: self.text[a..b].to_owned(),
            header: self.header.clone(),
            separator: self.separator,
            encoding: self.encoding,
            ends: self.ends.iter().map(|e| shift(&e[from..to])).collect(),
            starts: shift(&self.starts[from..to]),
            rows: self.rows[from..to].to_vec(),
        }
    }

    /// The raw (still quoted) text of a field. Fields are cut at ASCII bytes, so the slice is
    /// always on character boundaries.
    #[inline]
    pub(crate) fn raw(&self, column: usize, index: usize) -> &str {
        let a = if column == 0 {
            self.starts[index]
        } else {
            self.ends[column - 1][index] + 1
        };
        let b = self.ends[column][index];
        &self.text[a as usize..b as usize]
    }

    /// The value of a field, unquoted and trimmed (Unicode whitespace, as `str::trim`), without
    /// copying unless the field is quoted with doubled quotes inside.
    #[inline]
    pub fn trimmed(&self, column: usize, index: usize) -> Cow<'_, str> {
        let raw = self.raw(column, index).trim_ascii();
        if !raw.starts_with('"') {
            let b = raw.as_bytes();
            // ASCII at both ends: Unicode trimming would remove nothing more
            if b.first().is_none_or(u8::is_ascii) && b.last().is_none_or(u8::is_ascii) {
                return Cow::Borrowed(raw);
            }
            return Cow::Borrowed(raw.trim());
        }
        match unquote(raw) {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_owned()),
        }
    }

    /// The value of a field: unquoted, doubled quotes undone, surrounding spaces kept.
    pub fn value(&self, column: usize, index: usize) -> Cow<'_, str> {
        unquote(self.raw(column, index))
    }
}

/// The text of a raw field: `"a ""b"""` → `a "b"`.
pub(crate) fn unquote(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim_ascii();
    match trimmed.strip_prefix('"') {
        Some(inner) => {
            let inner = inner.strip_suffix('"').unwrap_or(inner);
            if inner.contains("\"\"") {
                Cow::Owned(inner.replace("\"\"", "\""))
            } else {
                Cow::Borrowed(inner)
            }
        }
        None => Cow::Borrowed(raw),
    }
}

/// Parses a whole CSV file (any encoding and dialect above). `expected` columns are named in
/// the message if the file is empty.
pub fn parse_csv(
    file: &str,
    bytes: impl Into<Vec<u8>>,
    expected: &[&str],
) -> Result<CsvData, DataError> {
    let (text, encoding) = decode(file, bytes.into())?;
    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        return Err(DataError::EmptyFile {
            file: file.to_owned(),
            expected: expected.join(","),
        });
    }
    if u32::try_from(text.len()).is_err() {
        return Err(DataError::Corrupt {
            file: file.to_owned(),
            format: "CSV",
            reason: "the file is larger than 4 GiB; split it or save it as Parquet".into(),
        });
    }
    let separator = detect_separator(text.as_bytes());
    let mut parser = Parser {
        file,
        text: text.as_bytes(),
        separator,
        header: Vec::new(),
        ends: Vec::new(),
        starts: Vec::new(),
        rows: Vec::new(),
        record: Vec::with_capacity(16),
    };
    parser.run()?;
    let Parser {
        header,
        ends,
        starts,
        rows,
        ..
    } = parser;
    Ok(CsvData {
        text,
        header,
        separator,
        encoding,
        ends,
        starts,
        rows,
    })
}

struct Parser<'a> {
    file: &'a str,
    text: &'a [u8],
    separator: u8,
    header: Vec<String>,
    ends: Vec<Vec<u32>>,
    starts: Vec<u32>,
    rows: Vec<u32>,
    /// Field ranges of the record being read.
    record: Vec<(u32, u32)>,
}

impl Parser<'_> {
    /// Parses the whole text. A large file without quotes is split at a line end and its two
    /// halves are parsed on two threads (records cannot span lines there); the result, rows and
    /// errors are the same as parsing it in one pass.
    fn run(&mut self) -> Result<(), DataError> {
        let text = self.text;
        let n = text.len();
        const PARALLEL_FROM: usize = 4 << 20;
        let quoted = memchr::memchr(b'"', text).is_some();
        if quoted {
            return self.scan(0, n, 1);
        }
        if n < PARALLEL_FROM {
            return self.scan_unquoted(0, n, 1);
        }
        // the header (and blank lines before it), line by line
        let mut from = 0usize;
        let mut row = 1u32;
        while self.header.is_empty() && from < n {
            let end = text[from..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(n, |p| from + p + 1);
            self.scan(from, end, row)?;
            from = end;
            row += 1;
        }
        let mid = from + (n - from) / 2;
        let Some(split) = text[mid..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|p| mid + p + 1)
        else {
            return self.scan(from, n, row);
        };
        let second_row = 1 + memchr::memchr_iter(b'\n', &text[..split]).count() as u32;
        let mut second = Parser {
            file: self.file,
            text,
            separator: self.separator,
            header: self.header.clone(),
            // the first half keeps the capacity for all records: the second half's positions
            // are appended to it without regrowth
            ends: vec![Vec::with_capacity(self.ends[0].capacity() / 2); self.header.len()],
            starts: Vec::with_capacity(self.starts.capacity() / 2),
            rows: Vec::with_capacity(self.rows.capacity() / 2),
            record: Vec::with_capacity(16),
        };
        let (first, later) = std::thread::scope(|scope| {
            let later = scope.spawn(|| second.scan_unquoted(split, n, second_row).map(|()| second));
            let first = self.scan_unquoted(from, split, row);
            (first, later.join().expect("the CSV parser does not panic"))
        });
        first?;
        let second = later?;
        for (column, more) in self.ends.iter_mut().zip(second.ends) {
            column.extend_from_slice(&more);
        }
        self.starts.extend_from_slice(&second.starts);
        self.rows.extend_from_slice(&second.rows);
        Ok(())
    }

    /// Parses the records in `text[from..to]`; `first_row` is the spreadsheet row at `from`.
    fn scan(&mut self, from: usize, to: usize, first_row: u32) -> Result<(), DataError> {
        let text = self.text;
        let sep = self.separator;
        let mut row: u32 = first_row; // spreadsheet row of the record being read
        let mut start = from; // start of the current field
        let mut in_quotes = false;
        let mut record_start_row = first_row;
        let mut i = from;
        let n = to;
        while i < n {
            let b = text[i];
            if in_quotes {
                // a line break inside a quoted field stays in the same spreadsheet row
                if b == b'"' {
                    in_quotes = false;
                }
                i += 1;
                continue;
            }
            if b == sep {
                self.record.push((start as u32, i as u32));
                start = i + 1;
            } else if b == b'\n' {
                self.end_line(start, i, record_start_row)?;
                row += 1;
                record_start_row = row;
                start = i + 1;
            } else if b == b'"' {
                in_quotes = true;
            }
            i += 1;
        }
        if in_quotes {
            return Err(DataError::Invalid {
                file: self.file.to_owned(),
                row: record_start_row as usize,
                field: self.field_name(self.record.len()),
                reason: "a quote (\") opens a field that is never closed".into(),
                reason_de: Some(
                    "ein Anführungszeichen (\") öffnet ein Feld, das nie geschlossen wird".into(),
                ),
            });
        }
        if start < n {
            self.record.push((start as u32, n as u32));
            self.end_record(record_start_row)?;
        }
        if self.header.is_empty() && to == text.len() {
            return Err(DataError::EmptyFile {
                file: self.file.to_owned(),
                expected: String::new(),
            });
        }
        Ok(())
    }

    /// [`Parser::scan`] for text without any quote: records cannot span lines, so only
    /// separators and line ends matter, and they are found with `memchr` (vectorised) instead
    /// of a branch per byte. Same records, rows and errors.
    fn scan_unquoted(&mut self, from: usize, to: usize, first_row: u32) -> Result<(), DataError> {
        let text = &self.text[..to];
        let sep = self.separator;
        let mut row: u32 = first_row;
        let mut start = from;
        for i in memchr::memchr2_iter(sep, b'\n', &text[from..]).map(|p| from + p) {
            if text[i] == sep {
                self.record.push((start as u32, i as u32));
            } else {
                self.end_line(start, i, row)?;
                row += 1;
            }
            start = i + 1;
        }
        if start < to {
            self.record.push((start as u32, to as u32));
            self.end_record(row)?;
        }
        if self.header.is_empty() && to == self.text.len() {
            return Err(DataError::EmptyFile {
                file: self.file.to_owned(),
                expected: String::new(),
            });
        }
        Ok(())
    }

    /// Ends the record at the line end at `newline`: its last field starts at `start` (a
    /// carriage return before the line end is not part of it).
    fn end_line(&mut self, start: usize, newline: usize, row: u32) -> Result<(), DataError> {
        let end = if newline > start && self.text[newline - 1] == b'\r' {
            newline - 1
        } else {
            newline
        };
        self.record.push((start as u32, end as u32));
        self.end_record(row)
    }

    fn field_name(&self, index: usize) -> String {
        self.header
            .get(index)
            .cloned()
            .unwrap_or_else(|| format!("column {}", index + 1))
    }

    /// Ends a record: a blank one (only spaces or separators) is skipped; the first is the header.
    fn end_record(&mut self, row: u32) -> Result<(), DataError> {
        let text = self.text;
        let blank = self
            .record
            .iter()
            .all(|&(a, b)| text[a as usize..b as usize].trim_ascii().is_empty());
        if blank {
            self.record.clear();
            return Ok(());
        }
        if self.header.is_empty() {
            self.set_header()?;
        } else if self.record.len() != self.header.len() {
            return Err(self.field_count_error(row));
        } else {
            for (column, &(_, end)) in self.ends.iter_mut().zip(&self.record) {
                column.push(end);
            }
            self.starts.push(self.record[0].0);
            self.rows.push(row);
        }
        self.record.clear();
        Ok(())
    }

    fn set_header(&mut self) -> Result<(), DataError> {
        let text = self.text;
        let names: Vec<String> = self
            .record
            .iter()
            .map(|&(a, b)| {
                let raw = String::from_utf8_lossy(&text[a as usize..b as usize]);
                unquote(&raw).trim().to_owned()
            })
            .collect();
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                return Err(DataError::BadHeader {
                    file: self.file.to_owned(),
                    column: format!("column {}", i + 1),
                    reason: "the header has an empty column name".into(),
                });
            }
            if names[..i].contains(name) {
                return Err(DataError::BadHeader {
                    file: self.file.to_owned(),
                    column: name.clone(),
                    reason: "the column name appears twice in the header".into(),
                });
            }
        }
        let guess = self.estimate_rows();
        self.ends = vec![Vec::with_capacity(guess); names.len()];
        self.starts.reserve(guess);
        self.rows.reserve(guess);
        self.header = names;
        Ok(())
    }

    /// A generous guess of the number of data records after the header, from the length of
    /// the first lines after it: growing the position vectors by copying touched about a third
    /// of a city's memory. Capacity never used costs no memory (pages are only mapped when
    /// written).
    fn estimate_rows(&self) -> usize {
        let body = self
            .record
            .last()
            .map_or(0, |r| r.1 as usize + 1)
            .min(self.text.len());
        let rest = &self.text[body..];
        let sample = &rest[..rest.len().min(16 << 10)];
        let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
        let guess = rest.len() / (sample.len() / lines).max(1);
        (guess + guess / 4 + 64).min(1 << 26)
    }

    /// A row with the wrong number of fields, with a hint at the likely cause.
    fn field_count_error(&self, row: u32) -> DataError {
        let text = self.text;
        let (a, _) = self.record[0];
        let (_, b) = *self.record.last().expect("a record has a field");
        let line = &text[a as usize..b as usize];
        let count = |c: u8| line.iter().filter(|&&x| x == c).count();
        let expected = self.header.len();
        let found = self.record.len();
        let hint = if self.separator == b',' && count(b';') + 1 == expected && expected > 1 {
            Some("the row seems to use ';' as separator while the header uses ','")
        } else if self.separator == b',' && found > expected && has_decimal_comma(line) {
            Some(
                "a number with a decimal comma in a comma-separated file? \
                 Save the file with ';' as separator (German Excel: \"CSV (Trennzeichen-getrennt)\")",
            )
        } else if self.separator == b';' && found < expected && count(b',') + 1 == expected {
            Some("the row seems to use ',' as separator while the header uses ';'")
        } else {
            None
        };
        DataError::FieldCount {
            file: self.file.to_owned(),
            row: row as usize,
            found,
            expected,
            hint: hint.map(str::to_owned),
        }
    }
}

/// Whether a line has a digit, a comma and a digit in a row (like `0,5`).
fn has_decimal_comma(line: &[u8]) -> bool {
    line.windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit())
}

/// Rewrites a number written with a decimal comma (`1,5`, `-0,25`, `1.234,5`) to the form
/// Rust parses. `None` if the text has no comma.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn decimal_comma_to_point(text: &str) -> Option<String> {
    if !text.contains(',') {
        return None;
    }
    let t = text.trim();
    let (int_part, frac) = t.rsplit_once(',')?;
    if frac.contains('.') {
        return None;
    }
    // Thousands separators ('.') are only accepted in groups of three digits.
    let int_part = if int_part.contains('.') {
        let groups: Vec<&str> = int_part.split('.').collect();
        let ok = groups[1..].iter().all(|g| g.len() == 3)
            && !groups[0].trim_start_matches(['-', '+']).is_empty();
        if !ok {
            return None;
        }
        groups.concat()
    } else {
        int_part.to_owned()
    };
    Some(format!("{int_part}.{frac}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(d: &CsvData, column: usize) -> Vec<String> {
        (0..d.len())
            .map(|i| d.value(column, i).into_owned())
            .collect()
    }

    /// Field ends per column, record starts and rows, or the error message.
    type Scanned = Result<(Vec<Vec<u32>>, Vec<u32>, Vec<u32>), String>;

    /// Runs the general and the quote-free scanner on the same text.
    fn both_scanners(text: &[u8], sep: u8) -> [Scanned; 2] {
        [false, true].map(|unquoted| {
            let mut p = Parser {
                file: "t.csv",
                text,
                separator: sep,
                header: Vec::new(),
                ends: Vec::new(),
                starts: Vec::new(),
                rows: Vec::new(),
                record: Vec::new(),
            };
            let r = if unquoted {
                p.scan_unquoted(0, text.len(), 1)
            } else {
                p.scan(0, text.len(), 1)
            };
            r.map(|()| (p.ends, p.starts, p.rows))
                .map_err(|e| e.to_string())
        })
    }

    #[test]
    fn the_quote_free_scanner_reads_what_the_general_one_reads() {
        let texts: [&[u8]; 12] = [
            b"a,b\n1,2\n",
            b"a,b\r\n1,2\r\n3,4",
            b"\n\n a , b \n\n1,2\n , \n3,\n",
            b"a,b\n1,2,3\n",
            b"a,b\n1\n",
            b"a,a\n1,2\n",
            b",b\n1,2\n",
            b"",
            b"\n \n",
            b"a\n\r\n1\r",
            b"a;b\n1,5;2\n",
            b"a,b\n1,2\n\n\n",
        ];
        for text in texts {
            for sep in [b',', b';'] {
                let [general, quote_free] = both_scanners(text, sep);
                assert_eq!(general, quote_free, "{:?}", String::from_utf8_lossy(text));
            }
        }
    }

    #[test]
    fn a_good_file_with_quotes_and_blank_lines() {
        let d = parse_csv(
            "a.csv",
            b"\xEF\xBB\xBFx,\"y,z\"\r\n1,\"2,\n3\"\r\n\n4,\"a \"\"b\"\"\"\n\n",
            &["x"],
        )
        .unwrap();
        assert_eq!(d.header, vec!["x", "y,z"]);
        assert_eq!(d.len(), 2);
        assert_eq!(values(&d, 1), vec!["2,\n3", "a \"b\""]);
        // the blank line between the records counts as a row, as in a spreadsheet
        assert_eq!((d.row(0), d.row(1)), (2, 4));
    }

    #[test]
    fn a_large_file_parses_the_same_on_two_threads() {
        let mut text = String::from("\n\nid;v\r\n");
        for i in 0..400_000 {
            text += &format!("{i};{},5\r\n", i % 7);
            if i % 1000 == 0 {
                text += "\r\n";
            }
        }
        assert!(text.len() > 4 << 20);
        let d = parse_csv("big.csv", text.as_bytes(), &[]).unwrap();
        assert_eq!(d.len(), 400_000);
        // rows count every line: two blank lines, the header, a blank line after every 1000th
        assert_eq!(d.row(0), 4);
        assert_eq!(d.row(1), 6);
        assert_eq!(d.row(399_999), 4 + 399_999 + 400);
        assert_eq!(d.value(1, 399_999), "5,5");
        // an error in the second half names its row
        let mut bad = text.clone();
        bad.push_str("1;2;3\r\n");
        let e = parse_csv("big.csv", bad.as_bytes(), &[]).unwrap_err();
        assert_eq!(e.row(), Some(4 + 400_000 + 400));
    }

    #[test]
    fn german_excel_dialect() {
        let d = parse_csv(
            "a.csv",
            b"\xEF\xBB\xBFid;score\r\n1;0,5\r\n2;1,25\r\n;\r\n",
            &[],
        )
        .unwrap();
        assert_eq!(d.separator, b';');
        assert!(d.decimal_comma());
        assert_eq!(values(&d, 1), vec!["0,5", "1,25"]);
        assert_eq!(decimal_comma_to_point("0,5").as_deref(), Some("0.5"));
        assert_eq!(
            decimal_comma_to_point("-1.234,5").as_deref(),
            Some("-1234.5")
        );
        assert_eq!(decimal_comma_to_point("1.23,5"), None);
        assert_eq!(decimal_comma_to_point("15"), None);
    }

    #[test]
    fn documents_and_images_are_named() {
        for (bytes, says) in [
            (&b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"[..], "a PDF document"),
            (
                &b"PK\x03\x04\x14\x00\x06\x00"[..],
                "an Excel, Word or LibreOffice document (.xlsx",
            ),
            (&b"\x89PNG\r\n\x1a\n"[..], "a PNG image"),
        ] {
            let e = decode("upload.csv", bytes.to_vec())
                .unwrap_err()
                .to_string();
            assert!(e.contains(says) && e.contains("upload.csv"), "{e}");
        }
    }

    #[test]
    fn windows_1252_is_decoded() {
        let d = parse_csv("a.csv", b"id;name\n1;M\xFCller\n", &["id"]).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(values(&d, 1), vec!["Müller"]);
        let e = parse_csv("a.csv", b"id\n\x00\x01\n", &["id"]).unwrap_err();
        assert!(e.to_string().contains("binary file"), "{e}");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "id\tname\r\n1\tÄrger\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = parse_csv("a.txt", bytes, &[]).unwrap();
        assert_eq!(d.encoding, Encoding::Utf16);
        assert_eq!(d.separator, b'\t');
        assert_eq!(values(&d, 1), vec!["Ärger"]);
    }

    #[test]
    fn ragged_rows_and_headers() {
        let e = parse_csv("a.csv", b"a,b\n1,2\nx,y,z\n", &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.csv: row 3: has 3 fields, the header has 2"
        );
        let e = parse_csv("a.csv", b"a,b,c\n1;2;3\n", &[]).unwrap_err();
        assert!(e.to_string().contains("seems to use ';'"), "{e}");
        let e = parse_csv("a.csv", b"a,b\n1,2\n1,5,3\n", &[]).unwrap_err();
        assert!(e.to_string().contains("decimal comma"), "{e}");
        let e = parse_csv("a.csv", b"a,a\n1,2\n", &[]).unwrap_err();
        assert_eq!(e.field(), Some("a"));
        assert!(matches!(
            parse_csv("a.csv", b" \n", &["a"]),
            Err(DataError::EmptyFile { .. })
        ));
        let e = parse_csv("a.csv", b"a,b\n1,\"2\n", &[]).unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
    }
}
