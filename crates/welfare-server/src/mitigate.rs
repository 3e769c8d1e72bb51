//! `POST /api/mitigate`: a post-processor (fairlearn's threshold optimizer, AIF360's calibrated
//! equalized odds or reject option classification) on an uploaded table of decisions, with the
//! audit before and after (the same library call as `welfare mitigate …`). The form's fields
//! are the library's request fields; the library checks them and owns their defaults.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query};
use axum::response::{IntoResponse, Response};
use fairness_audit::mitigation::threshold::DEFAULT_SEED;
use fairness_audit::mitigation::{Fitted, GroupRule, Method, mitigate};
use fairness_audit::{AuditOptions, Condition};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::{OpenApi, ToSchema};
use welfare_data::{Predictions, Table};

use crate::error::{ApiError, ErrorBody};
use crate::form::Form;

/// `POST /api/mitigate` (multipart).
#[derive(ToSchema)]
#[allow(dead_code, non_snake_case)]
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
    /// How far apart the groups' rates may be (threshold optimizer; not for equalized odds).
    tol: Option<f64>,
    /// `threshold` (default), `calibrated_eq_odds` or `reject_option`.
    method: Option<String>,
    /// The privileged group `col=value[,col=value]` (AIF360's methods need it).
    privileged: Option<String>,
    /// The unprivileged group (default: every other row).
    unprivileged: Option<String>,
    /// Calibrated equalized odds: `fpr`, `fnr` or `weighted` (default).
    cost_constraint: Option<String>,
    /// Calibrated equalized odds: a score at or above it is positive (default 0.5).
    threshold: Option<f64>,
    /// Reject option: `statistical_parity_difference` (default), `average_odds_difference`,
    /// `equal_opportunity_difference` (AIF360's names are accepted too).
    metric_name: Option<String>,
    /// Reject option: bounds of the metric (default −0.05 and 0.05).
    metric_lb: Option<f64>,
    /// See `metric_lb`.
    metric_ub: Option<f64>,
    /// Reject option: the grid of thresholds (defaults 0.01, 0.99, 100) and margins (50).
    low_class_thresh: Option<f64>,
    /// See `low_class_thresh`.
    high_class_thresh: Option<f64>,
    /// See `low_class_thresh`.
    num_class_thresh: Option<u32>,
    /// See `low_class_thresh`.
    num_ROC_margin: Option<u32>,
    /// Seed of the randomised decisions (default 0).
    seed: Option<u64>,
}

/// The form's method fields, typed, named as the library's requests name them; what is not in
/// the form is left out, so the library's defaults apply and a field of another method is
/// refused by the library's deserializer.
#[derive(Serialize)]
#[allow(non_snake_case)]
struct MethodFields<'a> {
    method: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraints: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    objective: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid_size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flip: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tol: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cost_constraint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    threshold: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_lb: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric_ub: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low_class_thresh: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high_class_thresh: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    num_class_thresh: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    num_ROC_margin: Option<u64>,
}

/// The method's request from the form: the fields present, typed, handed to the library's
/// deserializer (which knows each method's fields and defaults and refuses the others).
fn method(form: &Form) -> Result<Method, ApiError> {
    let number = |key: &str| form.parsed::<f64>(key, "a number");
    let whole = |key: &str| form.parsed::<u64>(key, "a whole number");
    let name = form.optional_text("method").unwrap_or("threshold");
    let fields = MethodFields {
        method: name,
        constraints: form.optional_text("constraints"),
        objective: form.optional_text("objective"),
        grid_size: whole("grid_size")?,
        flip: match form.optional_text("flip") {
            Some(_) => Some(form.flag("flip")?),
            None => None,
        },
        tol: number("tol")?,
        cost_constraint: form.optional_text("cost_constraint"),
        threshold: number("threshold")?,
        metric_name: form.optional_text("metric_name"),
        metric_lb: number("metric_lb")?,
        metric_ub: number("metric_ub")?,
        low_class_thresh: number("low_class_thresh")?,
        high_class_thresh: number("high_class_thresh")?,
        num_class_thresh: whole("num_class_thresh")?,
        num_ROC_margin: whole("num_ROC_margin")?,
    };
    let text =
        serde_json::to_string(&fields).map_err(|e| ApiError::field("method", e.to_string()))?;
    let method: Method = serde_json::from_str(&text)
        .map_err(|e| ApiError::field("method", format!("{name}: {e}")))?;
    method.check()?;
    Ok(method)
}

/// The fitted post-processor and the audits before and after.
#[derive(Debug, Serialize, ToSchema)]
pub struct MitigateResponse {
    /// `threshold`, `calibrated_eq_odds` or `reject_option`.
    pub method: &'static str,
    /// Threshold optimizer, per group (`col=value[,col=value]`): `p0`, `operation0`
    /// (`operator`, `threshold`; ±inf as `"inf"`/`"-inf"`), `p1`, `operation1`, `p_ignore`,
    /// `prediction_constant`.
    #[schema(value_type = Object)]
    pub interpolation: Option<BTreeMap<String, GroupRule>>,
    /// Threshold optimizer: the chosen value of the constraint's rate.
    pub x_best: Option<f64>,
    /// Threshold optimizer: the objective there.
    pub y_best: Option<f64>,
    /// The fitted post-processor as the library gives it (`"method"` names it; the AIF360
    /// methods' base and mix rates, or threshold, margin and whether the bounds were met).
    #[schema(value_type = Object)]
    pub fitted: Fitted,
    /// The audit of the decisions before (as `/api/audit`).
    #[schema(value_type = Object)]
    pub before: fairness_audit::Report,
    /// The audit of the mitigated decisions.
    #[schema(value_type = Object)]
    pub after: fairness_audit::Report,
}

/// The largest grid the server computes (the library allows more; a request is bounded).
const MAX_GRID: usize = 100_000;

/// A post-processor on an uploaded table, audited before and after (`?format=html`: the page
/// "what would it cost", in the form's language).
#[utoipa::path(post, path = "/api/mitigate", params(crate::report_page::AuditQuery),
    request_body(content_type = "multipart/form-data", content = MitigateForm),
    responses((status = 200, body = MitigateResponse), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn threshold(
    query: Result<Query<crate::report_page::AuditQuery>, QueryRejection>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let html = crate::report_page::wants_html(query)?;
    let form = Form::read(multipart).await?;
    let lang = form.lang();
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
    let method = method(&form)?;
    if let Method::Threshold(r) = &method
        && r.grid_size > MAX_GRID
    {
        return Err(ApiError::field(
            "grid_size",
            format!("grid_size: at most {MAX_GRID} on this server"),
        ));
    }
    let condition = |key: &str| -> Result<Option<Condition>, ApiError> {
        form.optional_text(key)
            .map(|t| Condition::parse(t).map_err(|e| ApiError::field(key, format!("{key}: {e}"))))
            .transpose()
    };
    let options = AuditOptions {
        privileged: condition("privileged")?,
        unprivileged: condition("unprivileged")?,
        ..AuditOptions::default()
    };
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
        let m = mitigate(&data, &method, seed, &options)?;
        if html {
            let p = welfare_report::Provenance::new("welfare serve", env!("CARGO_PKG_VERSION"))
                .source(upload.name.clone(), data.len())
                .setting(format!("{}, seed {seed}", method.name()));
            let page = fairness_audit::report::mitigation_html(&m, options.tau, Some(&p), lang);
            return Ok(crate::report_page::report_page(page));
        }
        let o = m.fitted.threshold();
        Ok(Json(MitigateResponse {
            method: method.name(),
            interpolation: o.map(|o| {
                o.groups
                    .iter()
                    .cloned()
                    .zip(o.rules.iter().copied())
                    .collect()
            }),
            x_best: o.map(|o| o.x_best),
            y_best: o.map(|o| o.y_best),
            fitted: m.fitted,
            before: m.before,
            after: m.after,
        })
        .into_response())
    })
    .await
}

/// `/api/mitigate` in the OpenAPI description.
#[derive(OpenApi)]
#[openapi(paths(threshold), components(schemas(MitigateForm, MitigateResponse)))]
pub struct MitigateDoc;
