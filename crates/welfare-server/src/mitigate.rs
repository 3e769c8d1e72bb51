//! `POST /api/mitigate`: the threshold optimizer on an uploaded table of decisions, with the
//! audit before and after (the same library call as `welfare mitigate threshold`).

use axum::Json;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use fairness_audit::AuditOptions;
use fairness_audit::mitigation::threshold::DEFAULT_SEED;
use fairness_audit::mitigation::{GroupRule, ThresholdRequest, mitigate};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::{OpenApi, ToSchema};
use welfare_data::{Predictions, Table};

use crate::error::{ApiError, ErrorBody};
use crate::form::Form;

/// `POST /api/mitigate` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MitigateForm {
    /// The table of decisions with scores (CSV, CSV.gz or Parquet).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Column of the truth (0/1).
    y_true: String,
    /// Column of the scores.
    y_score: String,
    /// Column of the current decisions (0/1) for the audit before (default: score > 0.5).
    y_pred: Option<String>,
    /// Sensitive columns, comma-separated (their intersection forms the groups).
    sensitive: String,
    /// fairlearn's constraint (default `demographic_parity`).
    constraints: Option<String>,
    /// fairlearn's objective (default `accuracy_score`).
    objective: Option<String>,
    /// Grid points over the constraint's rate (default 1000).
    #[schema(minimum = 1, maximum = 100000)]
    grid_size: Option<u32>,
    /// Also positive decisions below a threshold (`true`/`false`).
    flip: Option<bool>,
    /// Seed of the randomised decisions (default 0).
    seed: Option<u64>,
}

/// The optimizer and the audits before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct MitigateResponse {
    /// Per group (`col=value[,col=value]`): `p0`, `operation0` (`operator`, `threshold`; ±inf as
    /// `"inf"`/`"-inf"`), `p1`, `operation1`, `p_ignore`, `prediction_constant`.
    #[schema(value_type = Object)]
    pub interpolation: BTreeMap<String, GroupRule>,
    /// The chosen value of the constraint's rate.
    pub x_best: f64,
    /// The objective there.
    pub y_best: f64,
    /// The audit of the decisions before (as `/api/audit`).
    #[schema(value_type = Object)]
    pub before: fairness_audit::Report,
    /// The audit of the mitigated decisions.
    #[schema(value_type = Object)]
    pub after: fairness_audit::Report,
}

/// The largest grid the server computes (the library allows more; a request is bounded).
const MAX_GRID: usize = 100_000;

/// fairlearn's threshold optimizer on an uploaded table, audited before and after.
#[utoipa::path(post, path = "/api/mitigate",
    request_body(content_type = "multipart/form-data", content = MitigateForm),
    responses((status = 200, body = MitigateResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn threshold(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<MitigateResponse>, ApiError> {
    let form = Form::read(multipart).await?;
    let upload = form.file("file")?.clone();
    let y_true = form.text("y_true")?.to_owned();
    let y_score = form.text("y_score")?.to_owned();
    let y_pred = form.optional_text("y_pred").map(str::to_owned);
    let sensitive: Vec<String> = form
        .text("sensitive")?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let defaults = ThresholdRequest::default();
    let request = ThresholdRequest {
        constraints: match form.optional_text("constraints") {
            Some(c) => c.parse()?,
            None => defaults.constraints,
        },
        objective: match form.optional_text("objective") {
            Some(o) => o.parse()?,
            None => defaults.objective,
        },
        grid_size: form
            .parsed("grid_size", "a whole number")?
            .unwrap_or(defaults.grid_size),
        flip: form.flag("flip")?,
    };
    if request.grid_size > MAX_GRID {
        return Err(ApiError::field(
            "grid_size",
            format!("grid_size: at most {MAX_GRID} on this server"),
        ));
    }
    request.check()?;
    let seed: u64 = form
        .parsed("seed", "a whole number")?
        .unwrap_or(DEFAULT_SEED);
    crate::blocking(move || {
        let table = Table::from_bytes(&upload.name, &upload.bytes, &[])?;
        let names: Vec<&str> = sensitive.iter().map(String::as_str).collect();
        let data = Predictions::for_mitigation(
            &table,
            &y_true,
            Some(&y_score),
            y_pred.as_deref(),
            &names,
        )?;
        let m = mitigate(&data, &request, seed, &AuditOptions::default())?;
        Ok(Json(MitigateResponse {
            interpolation: m
                .optimizer
                .groups
                .iter()
                .cloned()
                .zip(m.optimizer.rules.iter().copied())
                .collect(),
            x_best: m.optimizer.x_best,
            y_best: m.optimizer.y_best,
            before: m.before,
            after: m.after,
        }))
    })
    .await
}

/// `/api/mitigate` in the OpenAPI description.
#[derive(OpenApi)]
#[openapi(paths(threshold), components(schemas(MitigateForm, MitigateResponse)))]
pub struct MitigateDoc;
