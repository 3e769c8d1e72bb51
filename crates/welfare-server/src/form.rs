//! A multipart form read into memory (never written to disk): files by field name with their
//! file names, and text fields.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;

use crate::error::ApiError;

/// An uploaded file.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    /// The file name the browser sent (only its last path component), or the field name.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// The parts of a form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    files: BTreeMap<String, Upload>,
    fields: BTreeMap<String, String>,
}

/// At most this many parts per form (a hostile client cannot make the server keep thousands).
const MAX_PARTS: usize = 64;

impl Form {
    /// Reads every part. A part with a file name is a file; any other part is a text field.
    pub async fn read(multipart: Result<Multipart, MultipartRejection>) -> Result<Form, ApiError> {
        let mut multipart = multipart.map_err(|e| {
            ApiError::bad_request(format!(
                "the request must be a multipart form (multipart/form-data): {}",
                e.body_text()
            ))
        })?;
        let mut form = Form::default();
        let mut parts = 0;
        while let Some(field) = multipart.next_field().await? {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(ApiError::bad_request(format!(
                    "the form has more than {MAX_PARTS} parts"
                )));
            }
            let Some(key) = field.name().map(str::to_owned) else {
                continue;
            };
            let file_name = field.file_name().map(|f| {
                // never a path: the last component only
                f.rsplit(['/', '\\']).next().unwrap_or(f).to_owned()
            });
            let bytes = field.bytes().await?;
            match file_name {
                // a file input left empty: browsers send a part without a name or bytes
                Some(name) if name.is_empty() && bytes.is_empty() => {}
                Some(name) => {
                    let name = if name.is_empty() { key.clone() } else { name };
                    form.files.insert(
                        key,
                        Upload {
                            name,
                            bytes: bytes.to_vec(),
                        },
                    );
                }
                None => {
                    let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                        ApiError::field(&key, format!("field '{key}': not UTF-8 text"))
                    })?;
                    form.fields.insert(key, text);
                }
            }
        }
        Ok(form)
    }

    /// A required file.
    pub fn file(&self, key: &str) -> Result<&Upload, ApiError> {
        self.files
            .get(key)
            .ok_or_else(|| ApiError::field(key, format!("the form needs the file '{key}'")))
    }

    /// An optional file.
    pub fn optional_file(&self, key: &str) -> Option<&Upload> {
        self.files.get(key)
    }

    /// A required text field (not empty after trimming).
    pub fn text(&self, key: &str) -> Result<&str, ApiError> {
        self.optional_text(key)
            .ok_or_else(|| ApiError::field(key, format!("the form needs the field '{key}'")))
    }

    /// An optional text field (`None` when absent or empty).
    pub fn optional_text(&self, key: &str) -> Option<&str> {
        self.fields
            .get(key)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// An optional field parsed as `T`, with a message naming the field.
    pub fn parsed<T: std::str::FromStr>(
        &self,
        key: &str,
        what: &str,
    ) -> Result<Option<T>, ApiError> {
        match self.optional_text(key) {
            None => Ok(None),
            Some(t) => t
                .parse()
                .map(Some)
                .map_err(|_| ApiError::field(key, format!("field '{key}': expected {what}"))),
        }
    }

    /// The form's language (field `lang`: `de`, the default, or `en`): how numbers typed into
    /// it are read when both readings are possible, and the language of their errors.
    pub fn convention(&self) -> welfare_data::number::Convention {
        welfare_data::number::Convention::from_lang(self.optional_text("lang").unwrap_or("de"))
    }

    /// The language of pages and reports made from the form (field `lang`: `de`, the default,
    /// or `en`).
    pub fn lang(&self) -> welfare_report::Lang {
        match self.convention() {
            welfare_data::number::Convention::German => welfare_report::Lang::De,
            welfare_data::number::Convention::English => welfare_report::Lang::En,
        }
    }

    /// A number as staff type it (`0,1`, `10 %`, `1.450,50`), read by the suite's one number
    /// reader in the form's language; `None` when the field is empty.
    pub fn number(&self, key: &str) -> Result<Option<welfare_data::number::Typed>, ApiError> {
        use welfare_data::number::{Convention, parse_typed};
        let Some(text) = self.optional_text(key) else {
            return Ok(None);
        };
        let convention = self.convention();
        parse_typed(text, convention).map(Some).map_err(|e| {
            let message = match convention {
                Convention::German => format!("Feld {key}: {}", e.german()),
                Convention::English => format!("field '{key}': {e}"),
            };
            ApiError::field(key, message)
        })
    }

    /// An optional yes/no field (`true`, `false`, `1`, `0`, `on`, `yes`, `no`).
    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self
            .optional_text(key)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("false" | "0" | "no" | "off") => Ok(false),
            Some("true" | "1" | "yes" | "on") => Ok(true),
            Some(_) => Err(ApiError::field(
                key,
                format!("field '{key}': expected true or false"),
            )),
        }
    }
}
