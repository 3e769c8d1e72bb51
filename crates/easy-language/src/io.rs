//! Reading text files: UTF-8 (a byte-order mark is dropped), no NUL bytes, at most
//! [`crate::MAX_TEXT_BYTES`]. Errors name the file and the byte offset.

use std::path::Path;

use crate::{MAX_TEXT_BYTES, TextError};

/// Decodes bytes read from `what` (a path or "stdin") into text.
pub fn decode(bytes: Vec<u8>, what: &str) -> Result<String, TextError> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLarge {
            what: what.to_string(),
            bytes: bytes.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(TextError::Binary {
            path: what.to_string(),
            offset,
        });
    }
    let mut text = String::from_utf8(bytes).map_err(|e| TextError::NotUtf8 {
        path: what.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.starts_with('\u{feff}') {
        text.replace_range(..3, "");
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
        let e = decode(b"Hallo\xff Welt".to_vec(), "brief.txt").unwrap_err();
        assert_eq!(
            e.to_string(),
            "brief.txt: not UTF-8 text (invalid byte at offset 5); save the file as UTF-8"
        );
        let e = decode(b"PK\x03\x04\x00\x00".to_vec(), "brief.docx").unwrap_err();
        assert!(e.to_string().contains("NUL byte at offset 4"), "{e}");
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
