//! The JSON API: each handler parses its request, runs the library function off the async
//! threads (`spawn_blocking`), and serialises the library's typed result. Nothing is re-parsed
//! from JSON and nothing is written to disk.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use daycare_allocation::{AllocateOptions, Assignment, Constraints, Mechanism};
use easy_language::CheckRequest;
use fairness_audit::{AuditOptions, Bootstrap, Condition, Undefined};
use welfare_data::{Instance, PredictionColumns, Predictions, Table};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::form::Form;
pub use crate::report_page::AuditQuery;
use crate::report_page::{report_page, wants_html};

use crate::blocking;

/// `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    pub status: &'static str,
    /// The suite's version.
    pub version: &'static str,
}

/// The server is up.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

// The multipart forms, for the OpenAPI description only (the handlers read the parts with
// `Form`, which names the field of every error).

/// `POST /api/audit` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AuditForm {
    /// The table of decisions (CSV, CSV.gz or Parquet).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Column of the truth (0/1).
    y_true: String,
    /// Column of the decisions (0/1).
    y_pred: String,
    /// Column of the scores (0–1).
    y_score: Option<String>,
    /// Sensitive columns, comma-separated.
    sensitive: String,
    /// The privileged group, `COL=VALUE[,COL=VALUE]`.
    privileged: Option<String>,
    /// Bootstrap resamples for 95 % intervals.
    #[schema(minimum = 1, maximum = 10000)]
    bootstrap: Option<u32>,
    /// Seed of the bootstrap (default 1).
    seed: Option<u64>,
    /// Groups with fewer rows are flagged (default 30).
    min_group_size: Option<u32>,
    /// How 0/0 rates are reported: `null` (default) or `zero`.
    undefined: Option<String>,
}

/// `POST /api/daycare/allocate` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AllocateForm {
    /// `daycares.csv`.
    #[schema(value_type = String, format = Binary)]
    daycares: Vec<u8>,
    /// `children.csv`.
    #[schema(value_type = String, format = Binary)]
    children: Vec<u8>,
    /// `preferences.csv`.
    #[schema(value_type = String, format = Binary)]
    preferences: Vec<u8>,
    /// `deferred-acceptance`, `welfare-optimal`, `max-stable`, `boston` or `first-come`.
    mechanism: String,
    /// Children of one family at the same daycare or none (`true`/`false`).
    siblings_together: Option<bool>,
    /// Share of each daycare's seats for hardship children while such applicants remain.
    #[schema(minimum = 0, maximum = 1)]
    hardship_quota: Option<f64>,
    /// Seconds per optimisation stage (default 60, at most 300).
    time_limit: Option<f64>,
    /// How `hardship_quota` and `time_limit` were typed: `de` (default: `0,1`, `10 %`,
    /// `1.500` = 1500) or `en` (`1,500` = 1500); errors in that language.
    lang: Option<String>,
}

/// `POST /api/daycare/explain` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ExplainForm {
    /// `daycares.csv`.
    #[schema(value_type = String, format = Binary)]
    daycares: Vec<u8>,
    /// `children.csv`.
    #[schema(value_type = String, format = Binary)]
    children: Vec<u8>,
    /// `preferences.csv`.
    #[schema(value_type = String, format = Binary)]
    preferences: Vec<u8>,
    /// `assignment.csv` as allocate writes it.
    #[schema(value_type = String, format = Binary)]
    assignment: Vec<u8>,
    /// The child's id.
    child: String,
}

/// `POST /api/triage/score` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct TriageForm {
    /// The case table (CSV of the case schema).
    #[schema(value_type = String, format = Binary)]
    cases: Vec<u8>,
    /// A model file written by `welfare triage train` (default: the shipped model).
    #[schema(value_type = Option<String>, format = Binary)]
    model: Option<Vec<u8>>,
}

/// `POST /api/falls/detect` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FallsForm {
    /// The recording (suite CSV or CSV.gz).
    #[schema(value_type = String, format = Binary)]
    signals: Vec<u8>,
    /// A model file written by `welfare falls train` (default: the shipped model).
    #[schema(value_type = Option<String>, format = Binary)]
    model: Option<Vec<u8>>,
}

/// Checks a text for Leichte Sprache: scores, and per sentence its complexity, statements and
/// findings (the JSON of `welfare text check --format json`).
#[utoipa::path(
    post,
    path = "/api/text/check",
    params(AuditQuery),
    request_body = CheckRequest,
    responses(
        (status = 200, description = "the report of `welfare text check --format json`, or its printable HTML page with `?format=html`", body = Object),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody)
    )
)]
pub async fn text_check(
    query: Result<Query<AuditQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let html = wants_html(query)?;
    let request: CheckRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body must be JSON {{\"text\": \"…\", \"profile\": \"netzwerk\"}}: {e}"
        ))
    })?;
    if !html {
        let report = blocking(move || Ok(request.run()?)).await?;
        return Ok(Json(report).into_response());
    }
    // the printable page of `welfare text check --format html`
    let page = blocking(move || {
        let report = request.run()?;
        Ok(easy_language::report::to_html(&report, &request.text))
    })
    .await?;
    Ok(report_page(page))
}

/// Largest bootstrap the server runs (the CLI has no limit: it is the user's own machine).
pub const MAX_BOOTSTRAP: usize = 10_000;

/// The fairness audit of an uploaded table of decisions (the JSON of `welfare audit --format
/// json`; `?format=html` gives the HTML report). Multipart: file `file` (CSV or Parquet); fields
/// `y_true`, `y_pred`, `y_score`?, `sensitive` (comma list), `privileged`?, `bootstrap`?, `seed`?,
/// `min_group_size`?, `undefined`? (`null` or `zero`).
#[utoipa::path(
    post,
    path = "/api/audit",
    params(AuditQuery),
    request_body(content_type = "multipart/form-data", content = AuditForm),
    responses(
        (status = 200, description = "the report of `welfare audit --format json`, or its HTML page", body = Object),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody)
    )
)]
pub async fn audit(
    query: Result<Query<AuditQuery>, QueryRejection>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let html = wants_html(query)?;
    let form = Form::read(multipart).await?;
    let upload = form.file("file")?.clone();
    let lang = form.lang();
    let y_true = form.text("y_true")?.to_owned();
    let y_pred = form.text("y_pred")?.to_owned();
    let sensitive: Vec<String> = form
        .text("sensitive")?
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let y_score = form.optional_text("y_score").map(str::to_owned);
    let privileged = form
        .optional_text("privileged")
        .map(Condition::parse)
        .transpose()?;
    let bootstrap: Option<usize> = form.parsed("bootstrap", "a number of resamples")?;
    if let Some(b) = bootstrap
        && !(1..=MAX_BOOTSTRAP).contains(&b)
    {
        return Err(ApiError::field(
            "bootstrap",
            format!("bootstrap: between 1 and {MAX_BOOTSTRAP} resamples, got {b}"),
        ));
    }
    let seed: u64 = form
        .parsed("seed", "a whole number")?
        .unwrap_or(fairness_audit::bootstrap::DEFAULT_SEED);
    let min_group_size: usize = form
        .parsed("min_group_size", "a whole number")?
        .unwrap_or(30);
    let undefined = match form.optional_text("undefined") {
        None | Some("null") => Undefined::Null,
        Some("zero") => Undefined::Zero,
        Some(_) => {
            return Err(ApiError::field(
                "undefined",
                "field 'undefined': expected null or zero",
            ));
        }
    };
    let options = AuditOptions {
        undefined,
        min_group_size,
        bootstrap: bootstrap.map(|n| Bootstrap::new(n, seed)),
        privileged,
        ..AuditOptions::default()
    };
    options.check()?;
    blocking(move || {
        let names: Vec<&str> = sensitive.iter().map(String::as_str).collect();
        let mut columns = PredictionColumns::new(&y_true, &y_pred, &names);
        if let Some(s) = &y_score {
            columns = columns.with_score(s);
        }
        let data = Predictions::from_bytes(&upload.name, &upload.bytes, &columns)?;
        let report = fairness_audit::audit(&data, &options)?;
        if html {
            let mut used = vec![y_true.clone(), y_pred.clone()];
            used.extend(y_score.iter().cloned());
            used.extend(sensitive.iter().cloned());
            let mut p = welfare_report::Provenance::new("welfare serve", env!("CARGO_PKG_VERSION"))
                .source(upload.name.clone(), report.rows)
                .columns(used);
            if let Some(b) = &options.bootstrap {
                p = p.setting(format!(
                    "bootstrap {} resamples, seed {}",
                    b.replicates, b.seed
                ));
            }
            let page = fairness_audit::report::html(&report, options.tau, Some(&p), lang);
            Ok(report_page(page))
        } else {
            Ok(Json(report).into_response())
        }
    })
    .await
}

fn instance(form: &Form) -> Result<Instance, ApiError> {
    let d = form.file("daycares")?;
    let c = form.file("children")?;
    let p = form.file("preferences")?;
    let daycares = Table::from_bytes(&d.name, &d.bytes, &welfare_data::daycare::DAYCARE_COLUMNS)?;
    let children = Table::from_bytes(&c.name, &c.bytes, &welfare_data::daycare::CHILD_COLUMNS)?;
    let preferences = Table::from_bytes(
        &p.name,
        &p.bytes,
        &welfare_data::daycare::PREFERENCE_COLUMNS,
    )?;
    Ok(Instance::from_tables(&daycares, &children, &preferences)?)
}

/// One row of the assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentRow {
    /// The child.
    pub child_id: String,
    /// Its daycare (`null`: no seat).
    pub daycare_id: Option<String>,
    /// The daycare's name, as staff know it (`null`: no seat).
    pub daycare_name: Option<String>,
    /// The daycare's rank in the child's list (`null`: no seat).
    pub rank: Option<usize>,
}

/// `POST /api/daycare/allocate`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AllocationResponse {
    /// As `welfare daycare allocate --summary`.
    #[schema(value_type = Object)]
    pub summary: daycare_allocation::Summary,
    /// One row per child, in `children.csv` order.
    pub assignment: Vec<AssignmentRow>,
    /// Placement, rank and justified envy by hardship, district and age group (as
    /// `welfare daycare audit`; an addition to FORMATS.md's response).
    #[schema(value_type = Object)]
    pub audit: daycare_allocation::audit::AllocationReport,
}

/// Longest time limit per optimisation stage the server accepts, seconds.
pub const MAX_TIME_LIMIT_S: f64 = 300.0;

/// Allocates Kita places. Multipart: files `daycares`, `children`, `preferences`; fields
/// `mechanism` (`deferred-acceptance`, `welfare-optimal`, `max-stable`, `boston`,
/// `first-come`), `siblings_together`?, `hardship_quota`?, `time_limit`? (seconds).
#[utoipa::path(
    post,
    path = "/api/daycare/allocate",
    request_body(content_type = "multipart/form-data", content = AllocateForm),
    responses(
        (status = 200, body = AllocationResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody)
    )
)]
pub async fn daycare_allocate(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<AllocationResponse>, ApiError> {
    let form = Form::read(multipart).await?;
    let name = form.text("mechanism")?;
    let mechanism: Mechanism = name
        .parse()
        .map_err(|e: daycare_allocation::AllocationError| {
            ApiError::field("mechanism", e.to_string())
        })?;
    // typed by staff: "0,1", "10 %" and "0.1" are the same share
    let hardship_quota = form.number("hardship_quota")?.map(|n| n.share());
    let time_limit = form.number("time_limit")?.map(|n| n.value);
    if let Some(t) = time_limit
        && !(t > 0.0 && t <= MAX_TIME_LIMIT_S)
    {
        return Err(ApiError::field(
            "time_limit",
            format!("time_limit: between 0 and {MAX_TIME_LIMIT_S} seconds"),
        ));
    }
    let options = AllocateOptions {
        // the server never runs an optimiser without a limit
        time_limit: Some(time_limit.unwrap_or(60.0)),
        constraints: Constraints {
            siblings_together: form.flag("siblings_together")?,
            hardship_quota,
        },
    };
    options.constraints.check()?;
    blocking(move || {
        let instance = instance(&form)?;
        let result = daycare_allocation::allocate_with(&instance, mechanism, &options)?;
        let assignment = instance
            .children
            .iter()
            .zip(&result.assignment.choice)
            .map(|(c, k)| AssignmentRow {
                child_id: c.id.clone(),
                daycare_id: k.map(|k| instance.daycares[c.preferences[k].daycare].id.clone()),
                daycare_name: k.map(|k| instance.daycares[c.preferences[k].daycare].name.clone()),
                rank: k.map(|k| k + 1),
            })
            .collect();
        let audit = daycare_allocation::audit::audit(&instance, &result.assignment)?;
        Ok(Json(AllocationResponse {
            summary: result.summary,
            assignment,
            audit,
        }))
    })
    .await
}

/// `POST /api/daycare/explain`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExplanationResponse {
    /// The child.
    pub child_id: String,
    /// Why it got this seat or none, in German.
    pub de: String,
    /// The same in English.
    pub en: String,
}

/// Explains one child's result. Multipart: the three instance files, file `assignment` (CSV
/// as written by allocate), field `child`.
#[utoipa::path(
    post,
    path = "/api/daycare/explain",
    request_body(content_type = "multipart/form-data", content = ExplainForm),
    responses(
        (status = 200, body = ExplanationResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody)
    )
)]
pub async fn daycare_explain(
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<ExplanationResponse>, ApiError> {
    let form = Form::read(multipart).await?;
    let child_id = form.text("child")?.to_owned();
    blocking(move || {
        let instance = instance(&form)?;
        let a = form.file("assignment")?;
        let table = Table::from_bytes(&a.name, &a.bytes, &["child_id", "daycare_id", "rank"])?;
        let assignment = Assignment::from_table(&table, &instance)?;
        let child = instance
            .children
            .iter()
            .position(|c| c.id == child_id)
            .ok_or_else(|| ApiError::field("child", format!("unknown child id '{child_id}'")))?;
        let e = daycare_allocation::explain(&instance, &assignment, child);
        let lines =
            |summary: &str, reason: &dyn Fn(&daycare_allocation::explain::Reason) -> String| {
                let mut s = summary.to_owned();
                for r in &e.reasons {
                    s.push_str(&format!("\n{}. {}", r.rank, reason(r)));
                }
                s
            };
        Ok(Json(ExplanationResponse {
            child_id: e.child_id.clone(),
            de: lines(&e.summary_german, &|r| r.german.clone()),
            en: lines(&e.summary_english, &|r| r.english.clone()),
        }))
    })
    .await
}

/// One scored case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoredCase {
    /// The case.
    pub case_id: String,
    /// Expected urgency on 0–100.
    pub urgency_score: f64,
    /// The most likely urgency class (`U0`–`U3`).
    pub urgency_pred: String,
    /// The suggested track.
    pub track_pred: String,
    /// The reasons, in a counsellor's words.
    pub reasons: Vec<String>,
}

/// `POST /api/triage/score`.
#[derive(Debug, Serialize, ToSchema)]
pub struct TriageResponse {
    /// The cases in file order.
    pub cases: Vec<ScoredCase>,
}

/// Scores debt-counselling cases. Multipart: file `cases` (CSV of the case schema), file
/// `model`? (default: the model shipped in the binary).
#[utoipa::path(
    post,
    path = "/api/triage/score",
    request_body(content_type = "multipart/form-data", content = TriageForm),
    responses(
        (status = 200, body = TriageResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody)
    )
)]
pub async fn triage_score(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<TriageResponse>, ApiError> {
    let form = Form::read(multipart).await?;
    blocking(move || {
        let own;
        let model = match form.optional_file("model") {
            Some(m) => {
                own = debt_triage::TriageModel::from_json(&m.name, &m.bytes)?;
                &own
            }
            None => &state.triage_model,
        };
        let table = match form.optional_file("cases") {
            Some(c) => Table::from_bytes(&c.name, &c.bytes, &debt_triage::case::COLUMNS)?,
            None => one_case(&form)?,
        };
        let cases = debt_triage::Cases::from_table(&table)?;
        let scores = model.score(&cases.cases);
        Ok(Json(TriageResponse {
            cases: cases
                .cases
                .iter()
                .zip(scores)
                .map(|(c, s)| ScoredCase {
                    case_id: c.case_id.clone(),
                    urgency_score: (s.urgency_score * 10.0).round() / 10.0,
                    urgency_pred: s.urgency_pred.as_str().to_owned(),
                    track_pred: s.track_pred.as_str().to_owned(),
                    reasons: s.reasons,
                })
                .collect(),
        }))
    })
    .await
}

/// One case typed into the page's form instead of a file: every intake column as a field of
/// the same name; numbers as staff type them (`1.450,50`, `18.500`, read in the form's `lang`).
fn one_case(form: &Form) -> Result<Table, ApiError> {
    use debt_triage::case::{COLUMNS, NUMBER_COLUMNS};
    let german = form.convention() == welfare_data::number::Convention::German;
    if form.optional_text("case_id").is_none() {
        return Err(ApiError::field(
            "cases",
            if german {
                "Bitte laden Sie eine Fall-Tabelle (CSV) hoch oder füllen Sie das Formular aus"
            } else {
                "the form needs the file 'cases' or the fields of one case"
            },
        ));
    }
    let mut row = Vec::with_capacity(COLUMNS.len());
    for column in COLUMNS {
        let value = match column {
            "case_id" => form.optional_text(column).unwrap_or("FORM-1").to_owned(),
            c if NUMBER_COLUMNS.contains(&c) => match form.number(c)? {
                Some(n) => n.value.to_string(),
                None if c == "arrival_day" => "0".into(),
                None => String::new(),
            },
            c => form.optional_text(c).unwrap_or_default().to_owned(),
        };
        if value.contains([',', '"', '\n', '\r']) {
            row.push(format!("\"{}\"", value.replace('"', "\"\"")));
        } else {
            row.push(value);
        }
    }
    let csv = format!("{}\n{}\n", COLUMNS.join(","), row.join(","));
    let name = if german { "Formular" } else { "form" };
    Ok(Table::from_bytes(name, csv.as_bytes(), &COLUMNS)?)
}

/// One alarm.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlarmRow {
    /// The subject, when the file names it.
    pub subject: Option<String>,
    /// The activity code, when the file names it.
    pub activity_code: Option<String>,
    /// The trial, when the file names it.
    pub trial: Option<String>,
    /// Impact time, seconds (trial clock).
    pub t_impact_s: f64,
    /// When the detector decided, seconds.
    pub t_alarm_s: f64,
    /// Probability of a fall.
    pub probability: f64,
    /// Whether the trial is a fall, when the file has labels (`false`: a false alarm).
    pub fall: Option<bool>,
}

/// `POST /api/falls/detect`.
#[derive(Debug, Serialize, ToSchema)]
pub struct FallsResponse {
    /// Every alarm, trial by trial.
    pub alarms: Vec<AlarmRow>,
    /// When every trial is labelled: trials, falls, daily activities, sensitivity,
    /// specificity, false alarms per hour … (as `welfare falls evaluate`).
    #[schema(value_type = Object)]
    pub summary: Option<fall_detection::evaluate::Metrics>,
    /// What the device lost: `filled` gaps (up to 0.5 s, `samples_filled` samples interpolated)
    /// and `splits` (longer dropouts: the recording is read in parts there).
    #[schema(value_type = Object)]
    pub gaps: welfare_data::signals::Gaps,
    /// The measuring range (±g) at which the recording clips, if it does.
    pub clipping_g: Option<f64>,
    /// The recording clips below the range the model was made for: falls may be missed.
    pub clipping_warning: bool,
}

/// Detects falls in an uploaded recording. Multipart: file `signals` (suite CSV or CSV.gz),
/// file `model`? (default: the model shipped in the binary).
#[utoipa::path(
    post,
    path = "/api/falls/detect",
    request_body(content_type = "multipart/form-data", content = FallsForm),
    responses(
        (status = 200, body = FallsResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody)
    )
)]
pub async fn falls_detect(
    State(state): State<Arc<AppState>>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<FallsResponse>, ApiError> {
    let form = Form::read(multipart).await?;
    blocking(move || {
        let own;
        let model = match form.optional_file("model") {
            Some(m) => {
                own = fall_detection::Model::from_json(&m.name, &m.bytes)?;
                &own
            }
            None => &state.falls_model,
        };
        let s = form.file("signals")?;
        let recording = welfare_data::signals::Recording::from_bytes(&s.name, &s.bytes)?;
        let result = fall_detection::evaluate::detect_recording(model, &recording)?;
        let mut alarms = Vec::new();
        for (t, found) in recording.trials.iter().zip(&result.alarms) {
            for a in found {
                alarms.push(AlarmRow {
                    subject: t.subject.clone(),
                    activity_code: t.activity_code.clone(),
                    trial: t.trial.map(|n| n.to_string()),
                    t_impact_s: a.t_impact_s,
                    t_alarm_s: a.t_alarm_s,
                    probability: a.probability,
                    fall: t.label,
                });
            }
        }
        Ok(Json(FallsResponse {
            alarms,
            summary: result.metrics,
            gaps: result.gaps,
            clipping_g: result.clipping_g,
            clipping_warning: result.clipping_warning,
        }))
    })
    .await
}

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "welfare-algorithms",
        description = "The suite's tools as a JSON API: Leichte Sprache check, fairness audit, Kita allocation and explanation, debt-counselling triage, fall detection. Errors: 400 with {\"error\": {\"message\", \"file\"?, \"row\"?, \"field\"?}}; 401 without a valid token; 413 over the upload limit.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        health,
        text_check,
        audit,
        daycare_allocate,
        daycare_explain,
        triage_score,
        falls_detect
    ),
    components(schemas(
        ErrorBody,
        crate::error::ErrorDetail,
        Health,
        CheckRequest,
        easy_language::GlossaryEntry,
        easy_language::Profile,
        easy_language::Severity,
        AllocationResponse,
        AssignmentRow,
        ExplanationResponse,
        TriageResponse,
        ScoredCase,
        FallsResponse,
        AlarmRow
    ))
)]
pub struct ApiDoc;

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::season::SeasonDoc::openapi());
    doc.merge(crate::mitigate::MitigateDoc::openapi());
    doc.openapi = utoipa::openapi::OpenApiVersion::Version31;
    Json(doc).into_response()
}
