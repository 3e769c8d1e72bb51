//! The error shape of the API (FORMATS.md): `{"error": {"message", "file"?, "row"?, "field"?}}`
//! with 400 for bad input, 401 without a valid token, 413 over the upload limit, 404/405 as
//! usual. The message is the one the CLI prints.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use welfare_data::DataError;

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The message the CLI prints for the same input.
    pub message: String,
    /// The same in German, where the suite has it (errors in uploaded files): the pages show
    /// it when they are in German.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_de: Option<String>,
    /// The uploaded file (or form field) the error is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based row as a spreadsheet shows it (header = row 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The column or form field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// An error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub detail: ErrorDetail,
}

impl ApiError {
    /// 400 with a message only.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// An error with `status` and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            detail: ErrorDetail {
                message: message.into(),
                message_de: None,
                file: None,
                row: None,
                field: None,
            },
        }
    }

    /// 400 about one form field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        let mut e = ApiError::bad_request(message);
        e.detail.field = Some(field.to_owned());
        e
    }

    /// 401.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this server needs a token: send the header `Authorization: Bearer TOKEN`",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.detail })).into_response()
    }
}

impl From<DataError> for ApiError {
    fn from(e: DataError) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            detail: ErrorDetail {
                message: e.to_string(),
                message_de: Some(e.german()),
                file: Some(e.file().to_owned()),
                row: e.row(),
                field: e.field().map(str::to_owned),
            },
        }
    }
}

impl From<easy_language::TextError> for ApiError {
    fn from(e: easy_language::TextError) -> ApiError {
        use easy_language::TextError as T;
        match e {
            T::Table(d) => d.into(),
            T::Glossary { ref name, row, .. } => ApiError {
                status: StatusCode::BAD_REQUEST,
                detail: ErrorDetail {
                    message: e.to_string(),
                    message_de: None,
                    file: Some(name.clone()),
                    row: Some(row),
                    field: Some("word".into()),
                },
            },
            T::Config { name, .. } => ApiError::field(name, e.to_string()),
            T::Request { field, .. } => ApiError::field(field, e.to_string()),
            other => ApiError::bad_request(other.to_string()),
        }
    }
}

impl From<fairness_audit::AuditError> for ApiError {
    fn from(e: fairness_audit::AuditError) -> ApiError {
        match e {
            fairness_audit::AuditError::Data(d) => d.into(),
            other => {
                let mut out = ApiError::bad_request(other.to_string());
                out.detail.message_de = other.german();
                out
            }
        }
    }
}

impl From<daycare_allocation::AllocationError> for ApiError {
    fn from(e: daycare_allocation::AllocationError) -> ApiError {
        use daycare_allocation::AllocationError as A;
        match e {
            A::Data(d) => d.into(),
            A::Audit(a) => a.into(),
            A::InvalidAssignment {
                ref file,
                row,
                ref field,
                ..
            } => ApiError {
                status: StatusCode::BAD_REQUEST,
                detail: ErrorDetail {
                    message: e.to_string(),
                    message_de: None,
                    file: Some(file.clone()),
                    row: Some(row),
                    field: Some(field.clone()),
                },
            },
            A::Parameter { name, .. } => ApiError::field(name, e.to_string()),
            // infeasible constraints are an answer about the input, not a server failure
            other => ApiError::bad_request(other.to_string()),
        }
    }
}

impl From<debt_triage::TriageError> for ApiError {
    fn from(e: debt_triage::TriageError) -> ApiError {
        use debt_triage::TriageError as T;
        match e {
            T::Data(d) => d.into(),
            T::Audit(a) => a.into(),
            T::Model { ref file, .. } | T::Training { ref file, .. } => {
                let mut out = ApiError::bad_request(e.to_string());
                out.detail.file = Some(file.clone());
                out
            }
            other => ApiError::bad_request(other.to_string()),
        }
    }
}

impl From<fall_detection::FallError> for ApiError {
    fn from(e: fall_detection::FallError) -> ApiError {
        use fall_detection::FallError as F;
        match e {
            F::Data(d) => d.into(),
            F::Model { ref file, .. } => {
                let mut out = ApiError::bad_request(e.to_string());
                out.detail.file = Some(file.clone());
                out
            }
            other => ApiError::bad_request(other.to_string()),
        }
    }
}

impl From<axum::extract::multipart::MultipartError> for ApiError {
    fn from(e: axum::extract::multipart::MultipartError) -> ApiError {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "the upload is larger than this server accepts")
        } else {
            ApiError::bad_request(format!("cannot read the form: {}", e.body_text()))
        }
    }
}
