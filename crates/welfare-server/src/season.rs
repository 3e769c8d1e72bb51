//! `/api/season/…`: the Kita season on the server's seasons — SQLite files in the folder given
//! by `welfare serve --season-dir DIR` (one file per season, `NAME.sqlite`), or one season in
//! PostgreSQL (`welfare serve --db postgres://…`, named `saison`). The handlers translate forms
//! into the season library's requests and return its typed reports; every command is one
//! transaction of the library, so several staff may work at once.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use daycare_season::commands::{self, AddReport, InitReport, RespondReport, RoundReport};
use daycare_season::explain::{ChildDetail, ChildPage, ChildState, child_detail, children_page};
use daycare_season::replay::ReplayReport;
use daycare_season::{
    Additions, Database, Decision, InitRequest, Response as Answer, RoundRequest, SeasonError,
    Status,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use welfare_data::Table;
use welfare_data::programs::{ProgramInstance, SEAT_COLUMNS};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::form::Form;

/// Where the server keeps seasons.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SeasonStore {
    /// No seasons (the season endpoints answer 404).
    #[default]
    None,
    /// SQLite files in a folder, one per season.
    Dir(PathBuf),
    /// One season in PostgreSQL, named `saison`.
    Postgres(String),
}

/// The name of the one PostgreSQL season.
pub const POSTGRES_SEASON: &str = "saison";

impl From<SeasonError> for ApiError {
    fn from(e: SeasonError) -> ApiError {
        match e {
            SeasonError::Data(d) => d.into(),
            SeasonError::Request { field, .. } => ApiError::field(field, e.to_string()),
            SeasonError::NoSeason(_) => ApiError::new(StatusCode::NOT_FOUND, e.to_string()),
            SeasonError::Exists(_) | SeasonError::Schema { .. } => {
                ApiError::new(StatusCode::CONFLICT, e.to_string())
            }
            SeasonError::Verification(_) | SeasonError::Allocation(_) => {
                ApiError::new(StatusCode::CONFLICT, e.to_string())
            }
            _ => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
        }
    }
}

fn no_store() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "this server keeps no seasons; start it with `welfare serve --season-dir FOLDER` \
         (SQLite files) or `--db postgres://…`",
    )
}

/// Opens season `name` (`create`: an SQLite file may be made).
fn open(state: &AppState, name: &str, create: bool) -> Result<Database, ApiError> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(ApiError::field(
            "name",
            "a season's name has 1 to 64 letters, digits, '-' or '_' (for example kita-2027)",
        ));
    }
    match &state.config.season_store {
        SeasonStore::None => Err(no_store()),
        SeasonStore::Dir(dir) => {
            let path = dir.join(format!("{name}.sqlite"));
            if !create && !path.exists() {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("there is no season '{name}'"),
                ));
            }
            let path = path.to_str().ok_or_else(|| {
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the server's season folder has a name that is not valid text",
                )
            })?;
            Ok(Database::open(path, create)?)
        }
        SeasonStore::Postgres(url) => {
            if name != POSTGRES_SEASON {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("this server keeps one season, '{POSTGRES_SEASON}'"),
                ));
            }
            Ok(Database::open(url, false)?)
        }
    }
}

/// Runs a season command on the blocking pool.
async fn run<T: Send + 'static>(
    state: Arc<AppState>,
    name: String,
    create: bool,
    work: impl FnOnce(&mut Database) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    crate::blocking(move || {
        let mut db = open(&state, &name, create)?;
        work(&mut db)
    })
    .await
}

/// One season of the server.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeasonEntry {
    /// Its name.
    pub name: String,
    /// Rounds run.
    pub round: u32,
    /// Children registered.
    pub children: u64,
}

/// The server's seasons.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeasonList {
    /// `sqlite`, `postgres` or `none` (the server keeps no seasons).
    pub storage: String,
    /// The seasons.
    pub seasons: Vec<SeasonEntry>,
}

/// The seasons this server keeps.
#[utoipa::path(get, path = "/api/season", responses(
    (status = 200, body = SeasonList), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<Arc<AppState>>) -> Result<Json<SeasonList>, ApiError> {
    let store = state.config.season_store.clone();
    let names: Vec<String> = match &store {
        SeasonStore::None => Vec::new(),
        SeasonStore::Postgres(_) => vec![POSTGRES_SEASON.to_owned()],
        SeasonStore::Dir(dir) => {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .filter_map(|e| {
                            e.file_name()
                                .to_str()
                                .and_then(|n| n.strip_suffix(".sqlite"))
                                .map(str::to_owned)
                        })
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        }
    };
    let mut seasons = Vec::new();
    for name in names {
        let status = run(state.clone(), name.clone(), false, |db| {
            Ok(commands::status(db)?)
        })
        .await;
        // a file that is not a season (or a season of a newer program) is not listed
        if let Ok(s) = status {
            seasons.push(SeasonEntry {
                name,
                round: s.round,
                children: s.children,
            });
        }
    }
    Ok(Json(SeasonList {
        storage: match store {
            SeasonStore::None => "none",
            SeasonStore::Dir(_) => "sqlite",
            SeasonStore::Postgres(_) => "postgres",
        }
        .to_owned(),
        seasons,
    }))
}

/// `POST /api/season/{name}` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CreateForm {
    /// `daycares.csv`.
    #[schema(value_type = String, format = Binary)]
    daycares: Vec<u8>,
    /// `children.csv`.
    #[schema(value_type = String, format = Binary)]
    children: Vec<u8>,
    /// `preferences.csv` (optional columns `care`, `start`).
    #[schema(value_type = String, format = Binary)]
    preferences: Vec<u8>,
    /// `seats.csv` (optional): `daycare_id,age_group,care,start,seats`.
    #[schema(value_type = String, format = Binary)]
    seats: Option<Vec<u8>>,
    /// Month places start, `YYYY-MM` (default: the coming August).
    start: Option<String>,
    /// `deferred-acceptance` (default) or `max-stable`.
    mechanism: Option<String>,
    /// Families together (`true`/`false`; max-stable seasons).
    siblings_together: Option<bool>,
    /// Share of seats for hardship cases as typed (`0,1`, `10 %`; max-stable seasons).
    hardship_quota: Option<String>,
}

fn table(form: &Form, key: &str, columns: &[&str]) -> Result<Option<Table>, ApiError> {
    match form.optional_file(key) {
        Some(f) => Ok(Some(Table::from_bytes(&f.name, &f.bytes, columns)?)),
        None => Ok(None),
    }
}

fn required(form: &Form, key: &str, columns: &[&str]) -> Result<Table, ApiError> {
    let f = form.file(key)?;
    Ok(Table::from_bytes(&f.name, &f.bytes, columns)?)
}

fn date(form: &Form, key: &str) -> Result<Option<chrono::NaiveDate>, ApiError> {
    form.optional_text(key)
        .map(|s| daycare_season::respond::parse_date(s).map_err(|e| ApiError::field(key, e)))
        .transpose()
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Creates a season from uploaded files (deferred-acceptance rounds, or max-stable ones with
/// families together and the hardship quota).
#[utoipa::path(post, path = "/api/season/{name}",
    params(("name" = String, Path, description = "the season's name: letters, digits, - and _")),
    request_body(content_type = "multipart/form-data", content = CreateForm),
    responses((status = 200, body = InitReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn create(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<InitReport>, ApiError> {
    let form = Form::read(multipart).await?;
    let start = match form.optional_text("start") {
        Some(s) => s.parse().map_err(|e: String| ApiError::field("start", e))?,
        None => commands::default_start(today()),
    };
    let request = InitRequest {
        instance: PathBuf::from("upload"),
        mechanism: match form.optional_text("mechanism") {
            Some(m) => m.parse()?,
            None => Default::default(),
        },
        start,
        siblings_together: form.flag("siblings_together")?,
        hardship_quota: form.number("hardship_quota")?.map(|n| n.share()),
    };
    request.check()?;
    let report = run(state, name, true, move |db| {
        use welfare_data::daycare::{CHILD_COLUMNS, DAYCARE_COLUMNS};
        let d = required(&form, "daycares", &DAYCARE_COLUMNS)?;
        let c = required(&form, "children", &CHILD_COLUMNS)?;
        let p = required(&form, "preferences", &daycare_season_preference_columns())?;
        let seats = table(&form, "seats", &SEAT_COLUMNS)?;
        let instance = ProgramInstance::from_tables(&d, &c, &p, seats.as_ref(), start)?;
        Ok(commands::create(db, &request, instance)?)
    })
    .await?;
    Ok(Json(report))
}

fn daycare_season_preference_columns() -> [&'static str; 4] {
    welfare_data::programs::PREFERENCE_COLUMNS
}

/// The season's counts and the seats per program.
#[utoipa::path(get, path = "/api/season/{name}/status",
    params(("name" = String, Path, description = "the season")),
    responses((status = 200, body = Status), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn status(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> Result<Json<Status>, ApiError> {
    Ok(Json(
        run(state, name, false, |db| Ok(commands::status(db)?)).await?,
    ))
}

/// `POST /api/season/{name}/round` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RoundForm {
    /// Answer-by date of the new offers (`2027-06-15` or `15.06.2027`).
    deadline: Option<String>,
    /// The day of the round (default: today): unanswered offers with an earlier deadline
    /// lapse.
    today: Option<String>,
}

/// Runs the next round.
#[utoipa::path(post, path = "/api/season/{name}/round",
    params(("name" = String, Path, description = "the season")),
    request_body(content_type = "multipart/form-data", content = RoundForm),
    responses((status = 200, body = RoundReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn round(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<RoundReport>, ApiError> {
    let form = Form::read(multipart).await?;
    let request = RoundRequest {
        deadline: date(&form, "deadline")?,
        today: Some(date(&form, "today")?.unwrap_or_else(today)),
    };
    request.check()?;
    let mut report = run(state, name, false, move |db| {
        Ok(commands::run_round(db, &request)?)
    })
    .await?;
    report.season = None;
    report.offers = Vec::new();
    Ok(Json(report))
}

/// `POST /api/season/{name}/respond` (multipart): a file, or one answer.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct RespondForm {
    /// A file `child_id,decision[,date]` (as Excel saves it).
    #[schema(value_type = String, format = Binary)]
    responses: Option<Vec<u8>>,
    /// One answer: the child.
    child_id: Option<String>,
    /// One answer: `accept`, `decline` or `withdraw` (also `annehmen`, `ablehnen`, `abmelden`).
    decision: Option<String>,
    /// The date on the answer.
    date: Option<String>,
}

/// Records families' answers (all or none).
#[utoipa::path(post, path = "/api/season/{name}/respond",
    params(("name" = String, Path, description = "the season")),
    request_body(content_type = "multipart/form-data", content = RespondForm),
    responses((status = 200, body = RespondReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody)))]
pub async fn respond(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<RespondReport>, ApiError> {
    let form = Form::read(multipart).await?;
    let answers = match form.optional_file("responses") {
        Some(f) => daycare_season::respond::read_responses(&Table::from_bytes(
            &f.name,
            &f.bytes,
            &daycare_season::respond::RESPONSE_COLUMNS,
        )?)?,
        None => {
            let decision: Decision = form
                .text("decision")?
                .parse()
                .map_err(|e: String| ApiError::field("decision", e))?;
            vec![Answer {
                child_id: form.text("child_id")?.to_owned(),
                decision,
                date: date(&form, "date")?,
                file: "form".into(),
                row: 1,
            }]
        }
    };
    Ok(Json(
        run(state, name, false, move |db| {
            Ok(commands::record_responses(db, &answers)?)
        })
        .await?,
    ))
}

/// `POST /api/season/{name}/add` (multipart).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct AddForm {
    /// Late applicants (`children.csv` format).
    #[schema(value_type = String, format = Binary)]
    children: Option<Vec<u8>>,
    /// Their preferences (`preferences.csv` format).
    #[schema(value_type = String, format = Binary)]
    preferences: Option<Vec<u8>>,
    /// Seat changes or new programs (`seats.csv` format).
    #[schema(value_type = String, format = Binary)]
    seats: Option<Vec<u8>>,
}

/// Adds late applicants and seat changes.
#[utoipa::path(post, path = "/api/season/{name}/add",
    params(("name" = String, Path, description = "the season")),
    request_body(content_type = "multipart/form-data", content = AddForm),
    responses((status = 200, body = AddReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody)))]
pub async fn add(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<AddReport>, ApiError> {
    let form = Form::read(multipart).await?;
    use welfare_data::daycare::CHILD_COLUMNS;
    let children = table(&form, "children", &CHILD_COLUMNS)?;
    let preferences = table(&form, "preferences", &daycare_season_preference_columns())?;
    let applicants = match (children, preferences) {
        (Some(c), Some(p)) => Some((c, p)),
        (None, None) => None,
        _ => {
            return Err(ApiError::field(
                "children",
                "late applicants need both files: children and preferences",
            ));
        }
    };
    let additions = Additions {
        applicants,
        seats: table(&form, "seats", &SEAT_COLUMNS)?,
    };
    Ok(Json(
        run(state, name, false, move |db| {
            Ok(commands::add_to_season(db, &additions)?)
        })
        .await?,
    ))
}

/// `GET /api/season/{name}/children` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ChildrenQuery {
    /// Part of a child's or family's id (any case).
    q: Option<String>,
    /// `contract`, `offer`, `unplaced` or `withdrawn`.
    state: Option<String>,
    /// First row (0-based).
    offset: Option<u64>,
    /// Rows (at most 500; default 100).
    limit: Option<u64>,
}

/// The children, filtered and in pages.
#[utoipa::path(get, path = "/api/season/{name}/children",
    params(("name" = String, Path, description = "the season"), ChildrenQuery),
    responses((status = 200, body = ChildPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn children(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    Query(q): Query<ChildrenQuery>,
) -> Result<Json<ChildPage>, ApiError> {
    let filter = match q.state.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some("contract") => Some(ChildState::Contract),
        Some("offer") => Some(ChildState::Offer),
        Some("unplaced") => Some(ChildState::Unplaced),
        Some("withdrawn") => Some(ChildState::Withdrawn),
        Some(other) => {
            return Err(ApiError::field(
                "state",
                format!("state '{other}': use contract, offer, unplaced or withdrawn"),
            ));
        }
    };
    let limit = q.limit.unwrap_or(100).min(500);
    let offset = q.offset.unwrap_or(0);
    let text = q.q.unwrap_or_default();
    Ok(Json(
        run(state, name, false, move |db| {
            let (season, _) = db.read()?;
            Ok(children_page(&season, &text, filter, offset, limit))
        })
        .await?,
    ))
}

/// One child: its list with the state at each program and why not higher.
#[utoipa::path(get, path = "/api/season/{name}/children/{child}",
    params(("name" = String, Path, description = "the season"),
        ("child" = String, Path, description = "the child's id (any case)")),
    responses((status = 200, body = ChildDetail), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn child(
    State(state): State<Arc<AppState>>,
    Path((name, child)): Path<(String, String)>,
) -> Result<Json<ChildDetail>, ApiError> {
    Ok(Json(
        run(state, name, false, move |db| {
            let (season, _) = db.read()?;
            let c = daycare_season::explain::find_child(&season, &child).ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("there is no child '{child}' in this season"),
                )
            })?;
            Ok(child_detail(&season, c))
        })
        .await?,
    ))
}

/// One export file as CSV: `contracts.csv`, `offers.csv`, `unplaced.csv`, `waitlist.csv`,
/// `events.csv`.
#[utoipa::path(get, path = "/api/season/{name}/export/{file}",
    params(("name" = String, Path, description = "the season"),
        ("file" = String, Path, description = "contracts.csv, offers.csv, unplaced.csv, waitlist.csv or events.csv")),
    responses((status = 200, content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn export(
    State(state): State<Arc<AppState>>,
    Path((name, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let bytes = run(state, name, false, move |db| {
        let (season, events) = db.read()?;
        daycare_season::export::export_files(&season, &events)
            .into_iter()
            .find(|(n, _)| *n == file)
            .map(|(_, b)| b)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!(
                        "no export '{file}': contracts.csv, offers.csv, unplaced.csv, \
                         waitlist.csv or events.csv"
                    ),
                )
            })
    })
    .await?;
    let mut r = bytes.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    r.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment"),
    );
    Ok(r)
}

/// `GET /api/season/{name}/letters/{family}` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LetterQuery {
    /// The round (default: the last).
    round: Option<u32>,
}

/// A family's letter for a round (printable HTML, Leichte Sprache).
#[utoipa::path(get, path = "/api/season/{name}/letters/{family}",
    params(("name" = String, Path, description = "the season"),
        ("family" = String, Path, description = "the family's id"), LetterQuery),
    responses((status = 200, content_type = "text/html", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn letter(
    State(state): State<Arc<AppState>>,
    Path((name, family)): Path<(String, String)>,
    Query(q): Query<LetterQuery>,
) -> Result<Response, ApiError> {
    let html = run(state, name, false, move |db| {
        let (season, events) = db.read()?;
        if season.state.round == 0 {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "no round has run yet: there are no letters",
            ));
        }
        daycare_season::letters::letters(&season, &events, q.round)?
            .into_iter()
            .find(|l| l.family_id == family)
            .map(|l| l.html)
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!("family '{family}' has no new offer in that round"),
                )
            })
    })
    .await?;
    let mut r = html.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(r)
}

/// Recomputes every round from the event log and checks the rules.
#[utoipa::path(get, path = "/api/season/{name}/verify",
    params(("name" = String, Path, description = "the season")),
    responses((status = 200, body = ReplayReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn verify(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> Result<Json<ReplayReport>, ApiError> {
    Ok(Json(
        run(state, name, false, |db| Ok(commands::check(db, true)?)).await?,
    ))
}

/// The season endpoints in the OpenAPI description.
#[derive(OpenApi)]
#[openapi(
    paths(
        list, create, status, round, respond, add, children, child, export, letter, verify
    ),
    components(schemas(
        SeasonList,
        SeasonEntry,
        CreateForm,
        RoundForm,
        RespondForm,
        AddForm,
        InitReport,
        RoundReport,
        RespondReport,
        AddReport,
        Status,
        daycare_season::status::ProgramStatus,
        ChildPage,
        daycare_season::explain::ChildRow,
        ChildDetail,
        daycare_season::explain::ChoiceView,
        daycare_season::explain::ChoiceState,
        ChildState,
        ReplayReport
    ))
)]
pub struct SeasonDoc;

/// The routes (behind the token rule with the rest of `/api/`).
pub fn routes() -> axum::Router<Arc<AppState>> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/api/season", get(list))
        .route("/api/season/{name}", post(create))
        .route("/api/season/{name}/status", get(status))
        .route("/api/season/{name}/round", post(round))
        .route("/api/season/{name}/respond", post(respond))
        .route("/api/season/{name}/add", post(add))
        .route("/api/season/{name}/children", get(children))
        .route("/api/season/{name}/children/{child}", get(child))
        .route("/api/season/{name}/export/{file}", get(export))
        .route("/api/season/{name}/letters/{family}", get(letter))
        .route("/api/season/{name}/verify", get(verify))
}
