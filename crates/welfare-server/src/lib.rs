//! # welfare-server
//!
//! The suite's tools in a browser and as a JSON API, in one local process (`welfare serve`):
//! the endpoints of FORMATS.md ("HTTP API and web app"), an OpenAPI 3.1 description at
//! `/api/openapi.json`, and pages that use the API with all assets embedded.
//!
//! Security: the CLI binds to loopback unless given a token; with a token every `/api/`
//! request needs `Authorization: Bearer TOKEN` (compared in constant time, 401 otherwise).
//! Request bodies are limited (413 beyond), every request has a time limit, CPU-heavy work runs
//! off the async threads, and a panic in a handler becomes a 500 (a bug, never an answer to
//! input). Responses carry `Content-Security-Policy: default-src 'self'`,
//! `X-Content-Type-Options: nosniff`, `frame-ancestors 'none'` and no CORS headers. Nothing is
//! written to disk; request bodies and cell values are never logged.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! let app = welfare_server::router(welfare_server::ServerConfig::default());
//! welfare_server::serve(listener, app, std::future::pending()).await
//! # }
//! ```

#![warn(missing_docs)]

pub mod api;
pub mod error;
pub mod form;
pub mod languagetool;
pub mod mitigate;
pub mod pages;
pub mod report_page;
pub mod season;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use subtle::ConstantTimeEq;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::{ApiError, ErrorBody, ErrorDetail};

/// Settings of the server.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    /// The bearer token every `/api/` request must carry (`None`: no token; loopback only).
    pub token: Option<String>,
    /// Largest request body, bytes (413 beyond).
    pub max_upload_bytes: usize,
    /// Time limit of one request (408 beyond).
    pub request_timeout: Duration,
    /// The rule book of the LanguageTool protocol (`/v2/check`): its clients send a language,
    /// never a rule book.
    pub lt_profile: easy_language::Profile,
    /// Where Kita seasons are kept (`--season-dir`, `--db`).
    pub season_store: season::SeasonStore,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            token: None,
            max_upload_bytes: 50 << 20,
            request_timeout: Duration::from_secs(330),
            lt_profile: easy_language::Profile::default(),
            season_store: season::SeasonStore::None,
        }
    }
}

/// What every handler shares: the settings and the models shipped in the binary.
pub struct AppState {
    /// The settings.
    pub config: ServerConfig,
    /// The triage model used when a request brings none.
    pub triage_model: debt_triage::TriageModel,
    /// The fall detector used when a request brings none.
    pub falls_model: fall_detection::Model,
}

/// The triage model shipped in the binary (logistic, trained on 20,000 generated cases).
pub const TRIAGE_MODEL: &[u8] = include_bytes!("../models/triage-logistic.json");
/// The fall detector shipped in the binary (threshold detector, trained on synthetic
/// recordings).
pub const FALLS_MODEL: &[u8] = include_bytes!("../models/falls-threshold.json");

impl AppState {
    /// The state with the shipped models.
    pub fn new(config: ServerConfig) -> AppState {
        AppState {
            config,
            triage_model: debt_triage::TriageModel::from_json("shipped triage model", TRIAGE_MODEL)
                .expect("the shipped triage model is valid (checked by a test)"),
            falls_model: fall_detection::Model::from_json("shipped fall model", FALLS_MODEL)
                .expect("the shipped fall model is valid (checked by a test)"),
        }
    }
}

/// Runs CPU-heavy work on the blocking pool; a panic inside becomes a 500 (a bug).
pub(crate) async fn blocking<T, F>(work: F) -> Result<T, ApiError>
where
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is shutting down",
        )),
    }
}

/// Checks the bearer token on `/api/` requests when the server has one.
async fn require_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(token) = &state.config.token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !token_matches(token, given) {
            return ApiError::unauthorized().into_response();
        }
    }
    next.run(request).await
}

/// The `Host` a request was sent to, if it is a plain `host:port` (for addresses shown back
/// to the user: the rules page, the LanguageTool matches' rule links).
pub(crate) fn request_host(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-[]".contains(c))
        })
}

/// Whether `given` is the server's `token`, compared in constant time over the token's bytes
/// (the length is not secret).
pub(crate) fn token_matches(token: &str, given: &str) -> bool {
    given.len() == token.len() && bool::from(given.as_bytes().ct_eq(token.as_bytes()))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such page or endpoint")
}

/// A panic in a handler: a bug. The answer says so; the details go to the log (no input).
fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    log::error!("a request handler panicked (a bug)");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error: this is a bug in welfare-algorithms, please report it",
    )
    .into_response()
}

/// The whole application: pages, API, limits and security headers.
pub fn router(config: ServerConfig) -> Router {
    router_with_state(Arc::new(AppState::new(config)))
}

/// [`router`] with a prepared state (tests use other models or limits).
pub fn router_with_state(state: Arc<AppState>) -> Router {
    let limit = state.config.max_upload_bytes;
    let timeout = state.config.request_timeout;
    let api = Router::new()
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/text/check", post(api::text_check))
        .route("/api/audit", post(api::audit))
        .route("/api/daycare/allocate", post(api::daycare_allocate))
        .route("/api/daycare/explain", post(api::daycare_explain))
        .route("/api/triage/score", post(api::triage_score))
        .route("/api/falls/detect", post(api::falls_detect))
        .route("/api/mitigate", post(mitigate::threshold))
        .merge(season::routes())
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    Router::new()
        .route("/healthz", get(api::health))
        .merge(pages::routes())
        .merge(languagetool::routes())
        .merge(api)
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestBodyLimitLayer::new(limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cache-control"),
            HeaderValue::from_static("no-store"),
        ))
}

/// Serves `app` on `listener` until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Whether `host` is a loopback address (`127.0.0.1`, `::1`, `localhost`): only there may the
/// server run without a token.
pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in ["127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"] {
            assert!(is_loopback(h), "{h}");
        }
        for h in ["0.0.0.0", "192.168.1.5", "::", "example.org"] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn shipped_models_load() {
        let s = AppState::new(ServerConfig::default());
        assert_eq!(s.triage_model.kind, debt_triage::ModelKind::Logistic);
        assert!(s.falls_model.window.rate_hz > 0.0);
    }
}
