//! Reading text files as people save them: UTF-8 (a byte-order mark is dropped), UTF-16 with
//! byte-order mark, Windows-1252; no NUL bytes; at most [`crate::MAX_TEXT_BYTES`]. Errors name
//! the file and the byte offset.

use std::path::Path;

use welfare_data::scan::Encoding;

use crate::{MAX_TEXT_BYTES, TextError};

/// Decodes bytes read from `what` (a path or "stdin") into text with the suite's one text
/// decoder ([`welfare_data::scan::decode`], as for every table and terminology list): UTF-8 with
/// or without byte-order mark, UTF-16 with byte-order mark, and anything else as Windows-1252
/// (Notepad's "ANSI"), with one notice on the log. A NUL byte means a binary file (a `.docx`,
/// a PDF): an error naming its offset.
pub fn decode(bytes: Vec<u8>, what: &str) -> Result<String, TextError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLarge {
            what: what.to_string(),
            bytes: bytes.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    if let Some(kind) = welfare_data::scan::binary_kind(&bytes) {
        return Err(TextError::NotText {
            path: what.to_string(),
            kind,
        });
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(TextError::Binary {
            path: what.to_string(),
            offset,
        });
    }
    let (text, encoding) = welfare_data::scan::decode(what, bytes)?;
    match encoding {
        Encoding::Utf8 => {}
        Encoding::Utf16 => log::warn!("{what}: read as UTF-16 text (not UTF-8)"),
        Encoding::Windows1252 => log::warn!(
            "{what}: not UTF-8; read as Windows-1252 (\"ANSI\"). If umlauts look wrong, save the file as UTF-8"
        ),
    }
    Ok(text)
}

/// Reads a text file.
pub fn read_text(path: &Path) -> Result<String, TextError> {
    let what = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| TextError::Read {
        path: what.clone(),
        source,
    })?;
    decode(bytes, &what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_are_named_with_offsets() {
        // Windows "ANSI" (Windows-1252) and UTF-16 with byte-order mark are read
        assert_eq!(
            decode(b"Gr\xfc\xdfe".to_vec(), "brief.txt").unwrap(),
            "Grüße"
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Grüße".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(utf16, "brief.txt").unwrap(), "Grüße");
        let e = decode(b"PK\x03\x04\x00\x00".to_vec(), "brief.docx").unwrap_err();
        assert!(e.to_string().contains("Excel, Word or LibreOffice"), "{e}");
        let e = decode(b"%PDF-1.7\n%\xe2\xe3".to_vec(), "brief.txt").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("brief.txt: this is a PDF document"),
            "{e}"
        );
        let e = decode(b"ab\x00cd".to_vec(), "x.bin").unwrap_err();
        assert!(e.to_string().contains("NUL byte at offset 2"), "{e}");
        assert_eq!(
            decode("\u{feff}Hallo".as_bytes().to_vec(), "x").unwrap(),
            "Hallo"
        );
        let e = read_text(Path::new("/nonexistent/brief.txt")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/nonexistent/brief.txt: cannot read")
        );
    }
}
