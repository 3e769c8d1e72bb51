//! Answers that are a report page (`?format=html`): the query that asks for one, and the page
//! with its own content policy. Shared by the endpoints that can answer with a report.

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// A report as a self-contained HTML page, with its own policy (inline styles only).
pub fn report_page(page: String) -> Response {
    let mut response = page.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

/// `?format=`: `json` (the default) or `html`.
pub fn wants_html(query: Result<Query<AuditQuery>, QueryRejection>) -> Result<bool, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request(e.body_text()))?;
    match query.format.as_deref() {
        None | Some("json") => Ok(false),
        Some("html") => Ok(true),
        Some(other) => Err(ApiError::field(
            "format",
            format!("format '{other}': expected json or html"),
        )),
    }
}

/// How the audit answers.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// `json` (default) or `html` (the report page).
    pub format: Option<String>,
}
