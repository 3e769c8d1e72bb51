//! LanguageTool's HTTP protocol, so that LibreOffice, the LanguageTool browser extension and
//! Word add-in, LTeX and Obsidian check Leichte Sprache when their server URL points here:
//! `GET /v2/languages`, `GET|POST /v2/check`, `OPTIONS` preflights, `GET /v2/info` and
//! `GET /v2/maxtextlength`. This door only translates: the form fields become an
//! [`easy_language::CheckRequest`], the [`easy_language::Report`] becomes LanguageTool's JSON.
//!
//! The clients' quirks it absorbs (sources in `docs/formats.md`, "LanguageTool protocol"):
//! ltex-ls posts a form with `Content-Type: application/json`; LibreOffice 7.4 posts the text
//! without percent-encoding and sends `language=qlt-DE` for Leichte Sprache, `de-` for a locale
//! without country; the Word add-in sends a CORS preflight; clients that cannot set a header
//! send the server's token as `apiKey`. Errors are `400` with a plain-text `Error: …` body, as
//! LanguageTool answers.

pub mod annotation;
pub mod response;

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use easy_language::{Category, CheckRequest, Profile, RuleId, Severity};

use crate::AppState;
use annotation::Annotated;
use response::{LanguageEntry, Messages};

/// The German variants this server answers for, as `/v2/languages` lists them (sorted by name).
pub const LANGUAGES: [LanguageEntry; 5] = [
    LanguageEntry {
        name: "German",
        code: "de",
        long_code: "de",
    },
    LanguageEntry {
        name: "German (Austria)",
        code: "de",
        long_code: "de-AT",
    },
    LanguageEntry {
        name: "German (Germany)",
        code: "de",
        long_code: "de-DE",
    },
    LanguageEntry {
        name: "German (Swiss)",
        code: "de",
        long_code: "de-CH",
    },
    LanguageEntry {
        name: "Simple German",
        code: "de-DE-x-simple-language",
        long_code: "de-DE-x-simple-language",
    },
];

/// LanguageTool's own Leichte-Sprache rule ids (its `de-DE-x-simple-language` module) and the
/// rules of this checker each one stands for: accepted in `enabledRules` and `disabledRules`.
pub const ALIASES: [(&str, &[RuleId]); 23] = {
    use RuleId as R;
    [
        ("TOO_LONG_SENTENCE", &[R::SentenceTooLong]),
        ("TOO_LONG_SENTENCE_DE", &[R::SentenceTooLong]),
        ("PRAETERITUM", &[R::Preterite]),
        ("METAPHERN", &[R::Idiom]),
        ("SCHWIERIGE_WOERTER", &[R::ForeignWord, R::RareWord]),
        ("FUSSNOTE", &[R::Footnote]),
        ("VERNEINUNG", &[R::Negation]),
        ("LANGES_WORT", &[R::LongCompound]),
        ("ABKUERZUNG", &[R::Abbreviation, R::AllCaps]),
        ("PASSIV", &[R::PassiveVoice]),
        ("GENITIV", &[R::Genitive]),
        ("INDIREKTE_REDE", &[R::IndirectSpeech]),
        (
            "ZWEI_INFORMATIONSEINHEITEN_PRO_SATZ",
            &[R::MultipleStatements, R::SubordinateClause, R::Enumeration],
        ),
        ("KONJUNKTIV", &[R::Subjunctive]),
        ("QUERVERWEIS", &[R::CrossReference]),
        ("ROEMISCHE_ZAHL", &[R::RomanNumeral]),
        ("ZAHLEN", &[R::BigNumber, R::Percentage]),
        ("VON_BIS", &[R::RangeNotation]),
        ("ZAHLWOERTER", &[R::NumberWord]),
        ("DATUM", &[R::DateFormat]),
        (
            "SONDERZEICHEN",
            &[R::SpecialCharacter, R::Brackets, R::GenderMarker],
        ),
        ("FRAGEN", &[R::Question]),
        ("LEICHTE_SPRACHE", &[]),
    ]
};

/// The rules a client's rule id stands for: ours (`passive-voice`, also as `PASSIVE_VOICE`)
/// or LanguageTool's alias. Unknown ids stand for none (LanguageTool ignores them too: clients
/// send the ids of their own spelling rules).
pub fn rules_of(id: &str) -> Vec<RuleId> {
    if let Ok(r) = id.trim().to_ascii_lowercase().replace('_', "-").parse() {
        return vec![r];
    }
    ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(id.trim()))
        .map_or_else(Vec::new, |(_, rules)| rules.to_vec())
}

/// A request LanguageTool's server would refuse (400, plain text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LtError {
    /// 400 or 401.
    pub status: StatusCode,
    /// The message after `Error: `.
    pub message: String,
}

fn bad(message: impl Into<String>) -> LtError {
    LtError {
        status: StatusCode::BAD_REQUEST,
        message: message.into(),
    }
}

impl IntoResponse for LtError {
    fn into_response(self) -> Response {
        let mut r = (self.status, format!("Error: {}", self.message)).into_response();
        cors(r.headers_mut());
        r
    }
}

/// The form fields of a request: the query string and the body (a form, whatever its
/// `Content-Type` says), later fields winning.
#[derive(Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Reads the query string and the body. A body with bytes a form never has unencoded
    /// (spaces, line breaks, non-ASCII: LibreOffice 7.4 does not percent-encode) is read
    /// literally: the text runs from `text=` to the last `&language=`.
    pub fn read(query: Option<&str>, body: &[u8]) -> Params {
        let mut pairs: Vec<(String, String)> = query
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        let raw = body
            .iter()
            .any(|&b| b == b' ' || b == b'\n' || b == b'\r' || b >= 0x80);
        let literal = raw
            .then(|| std::str::from_utf8(body).ok())
            .flatten()
            .and_then(|s| {
                let rest = s.strip_prefix("text=")?;
                let at = rest.rfind("&language=")?;
                Some((&rest[..at], &rest[at + 1..]))
            });
        match literal {
            Some((text, others)) => {
                pairs.push(("text".into(), text.to_owned()));
                pairs.extend(form_urlencoded::parse(others.as_bytes()).into_owned());
            }
            None => pairs.extend(form_urlencoded::parse(body).into_owned()),
        }
        Params(pairs)
    }

    /// The last value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn list(&self, name: &str) -> Vec<&str> {
        self.get(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The language a client asked for: (English name, code as answered). LibreOffice sends
/// `qlt-DE` for the Leichte Sprache locale and `de-` for German without a country.
pub fn language(code: &str) -> Result<(&'static str, &'static str), LtError> {
    let known = match code.to_ascii_lowercase().as_str() {
        "auto" | "de-de" => ("German (Germany)", "de-DE"),
        "de" | "de-" => ("German", "de"),
        "de-at" => ("German (Austria)", "de-AT"),
        "de-ch" => ("German (Swiss)", "de-CH"),
        "de-de-x-simple-language" | "qlt-de" | "de-x-simple-language" => {
            ("Simple German", "de-DE-x-simple-language")
        }
        _ => {
            return Err(bad(format!(
                "'{code}' is not a language code this server knows: it checks German for \
                 Leichte Sprache. Supported language codes are: auto, de, de-DE, de-AT, de-CH, \
                 de-DE-x-simple-language"
            )));
        }
    };
    Ok(known)
}

/// A checked `/v2/check` request: the text, the checker's request and how to answer.
#[derive(Debug)]
pub struct LtCheck {
    /// The text (plain, or with markup).
    pub text: Annotated,
    /// What the checker is asked (the text is in [`LtCheck::text`]).
    pub request: CheckRequest,
    /// The language answered.
    pub language: (&'static str, &'static str),
}

fn bool_param(params: &Params, name: &str) -> Result<bool, LtError> {
    match params.get(name) {
        None | Some("false") | Some("") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(bad(format!(
            "'{name}' must be true or false, got '{other}'"
        ))),
    }
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Checks the fields as LanguageTool's server does and translates them into the checker's
/// request; `profile` is the server's rule book (`--lt-profile`).
pub fn translate(params: &Params, profile: Profile) -> Result<LtCheck, LtError> {
    for (legacy, now) in [
        ("enabled", "enabledRules"),
        ("disabled", "disabledRules"),
        ("preferredvariants", "preferredVariants"),
        ("autodetect", "language=auto"),
    ] {
        if params.get(legacy).is_some() {
            return Err(bad(format!(
                "You specified '{legacy}' but the parameter is called '{now}' in the v2 API"
            )));
        }
    }
    let text = match (params.get("text"), params.get("data")) {
        (Some(_), Some(_)) => return Err(bad("Set only 'text' or 'data' parameter, not both")),
        (None, None) => return Err(bad("Missing 'text' or 'data' parameter")),
        (Some(t), None) => Annotated::plain(t.to_owned()),
        (None, Some(d)) => Annotated::from_data(d).map_err(bad)?,
    };
    let code = params.get("language").ok_or_else(|| {
        bad(
            "Missing 'language' parameter, e.g. 'language=de-DE' for German or \
             'language=de-DE-x-simple-language' for Leichte Sprache",
        )
    })?;
    let language = language(code)?;
    if params.get("preferredVariants").is_some() && !code.eq_ignore_ascii_case("auto") {
        return Err(bad(
            "You specified 'preferredVariants' but you didn't specify 'language=auto'",
        ));
    }
    for name in ["motherTongue", "noopLanguages"] {
        if let Some(v) = params.get(name).filter(|v| !v.is_empty())
            && !v.split(',').all(is_language_code)
        {
            return Err(bad(format!("'{v}' is not a language code ({name})")));
        }
    }
    let min_severity = match params.get("level") {
        None | Some("default") | Some("") => Severity::Warning,
        Some("picky") => Severity::Info,
        Some(other) => {
            return Err(bad(format!(
                "Unknown level '{other}': use 'default' or 'picky'"
            )));
        }
    };
    match params.get("mode") {
        None | Some("") | Some("all") | Some("allButTextLevelOnly") | Some("textLevelOnly") => {}
        Some(other) => {
            return Err(bad(format!(
                "Unknown mode '{other}': use 'all', 'textLevelOnly' or 'allButTextLevelOnly'"
            )));
        }
    }
    let enabled_only = bool_param(params, "enabledOnly")?;
    let ids = |name| -> Vec<RuleId> { params.list(name).into_iter().flat_map(rules_of).collect() };
    let categories = |name| -> Vec<RuleId> {
        params
            .list(name)
            .into_iter()
            .filter_map(|c| c.parse::<Category>().ok())
            .flat_map(|c| RuleId::ALL.into_iter().filter(move |r| r.category() == c))
            .collect()
    };
    let mut request = CheckRequest::new(String::new());
    request.profile = profile;
    request.min_severity = min_severity;
    let named = |rules: Vec<RuleId>| rules.into_iter().map(|r| r.as_str().to_owned()).collect();
    if enabled_only {
        if params.get("enabledRules").is_none() && params.get("enabledCategories").is_none() {
            return Err(bad(
                "You must specify enabled rules or categories when using enabledOnly=true",
            ));
        }
        if params.get("disabledRules").is_some() {
            return Err(bad(
                "You cannot specify disabled rules using enabledOnly=true",
            ));
        }
        let mut only = ids("enabledRules");
        only.extend(categories("enabledCategories"));
        request.rules = Some(named(only));
    }
    let mut off = ids("disabledRules");
    off.extend(categories("disabledCategories"));
    request.disabled_rules = named(off);
    Ok(LtCheck {
        text,
        request,
        language,
    })
}

/// Adds LanguageTool's CORS headers (the Word add-in and browser pages call from another origin).
fn cors(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type, Authorization, Accept"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
}

fn json<T: serde::Serialize>(value: &T) -> Response {
    let mut r = axum::Json(value).into_response();
    cors(r.headers_mut());
    r
}

/// With a server token, a request needs it as `Authorization: Bearer` or as the `apiKey` field.
fn authorised(state: &AppState, headers: &HeaderMap, params: &Params) -> Result<(), LtError> {
    let Some(token) = &state.config.token else {
        return Ok(());
    };
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if [bearer, params.get("apiKey")]
        .into_iter()
        .flatten()
        .any(|given| crate::token_matches(token, given))
    {
        Ok(())
    } else {
        Err(LtError {
            status: StatusCode::UNAUTHORIZED,
            message: "this server needs a token: send it as 'apiKey' (with any 'username') or \
                      as the header 'Authorization: Bearer TOKEN'"
                .into(),
        })
    }
}

/// LibreOffice shows `message` as the short comment and `shortMessage` as the long one. Its
/// built-in client (libcurl) sends no `User-Agent` (seen with 7.4); every other client does.
pub fn messages_for(headers: &HeaderMap) -> Messages {
    match headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
    {
        None => Messages::Swapped,
        Some(agent) if agent.contains("LibreOffice") => Messages::Swapped,
        Some(_) => Messages::Standard,
    }
}

/// `GET|POST /v2/check`.
async fn check(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, LtError> {
    let params = Params::read(query.as_deref(), &body);
    authorised(&state, &headers, &params)?;
    let LtCheck {
        text,
        request,
        language,
    } = translate(&params, state.config.lt_profile)?;
    let messages = messages_for(&headers);
    let host = crate::request_host(&headers)
        .unwrap_or("127.0.0.1")
        .to_owned();
    let work = move || {
        let cfg = request.config().map_err(|e| bad(e.to_string()))?;
        let report = easy_language::check(&text.plain, &cfg).map_err(|e| bad(e.to_string()))?;
        let url = |r: RuleId| format!("http://{host}/text/regeln#{}", r.as_str());
        Ok::<_, LtError>(response::render(
            &report,
            &text,
            language,
            messages,
            &url,
            cfg.sentence_warning_words,
        ))
    };
    let answer = match tokio::task::spawn_blocking(work).await {
        Ok(answer) => answer?,
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => {
            return Err(LtError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "the server is shutting down".into(),
            });
        }
    };
    Ok(json(&answer))
}

/// `OPTIONS /v2/…`: the preflight of a browser client.
async fn preflight() -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    cors(r.headers_mut());
    r
}

/// `GET /v2/languages`.
async fn languages() -> Response {
    json(&LANGUAGES)
}

/// `GET /v2/info`: what this server is.
#[derive(serde::Serialize)]
struct Info {
    software: response::Software,
}

async fn info() -> Response {
    json(&Info {
        software: response::SOFTWARE,
    })
}

/// `GET /v2/maxtextlength`: the longest text in characters a request may carry (a form body
/// encodes a character in up to 6 bytes).
async fn max_text_length(State(state): State<Arc<AppState>>) -> Response {
    let chars = (state.config.max_upload_bytes / 6).min(easy_language::MAX_TEXT_BYTES);
    let mut r = chars.to_string().into_response();
    cors(r.headers_mut());
    r
}

/// The protocol's routes (no bearer token layer: the token may come in the form).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/v2/check", get(check).post(check).options(preflight))
        .route("/v2/languages", get(languages).options(preflight))
        .route("/v2/info", get(info).options(preflight))
        .route("/v2/maxtextlength", get(max_text_length).options(preflight))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(body: &str) -> Params {
        Params::read(None, body.as_bytes())
    }

    #[test]
    fn libreoffice_74_bodies_are_read_literally() {
        let p = params("text=Fünf & sechs + 10 %25 mehr&language=de-DE");
        assert_eq!(p.get("text"), Some("Fünf & sechs + 10 %25 mehr"));
        assert_eq!(p.get("language"), Some("de-DE"));
        let p = params("text=F%C3%BCnf+%26+sechs&language=de-DE&level=picky");
        assert_eq!(p.get("text"), Some("Fünf & sechs"));
        assert_eq!(p.get("level"), Some("picky"));
        let p = Params::read(Some("language=de&text=a"), b"text=b");
        assert_eq!((p.get("text"), p.get("language")), (Some("b"), Some("de")));
    }

    #[test]
    fn fields_are_checked_as_languagetool_does() {
        let err = |body: &str| {
            translate(&params(body), Profile::Netzwerk)
                .unwrap_err()
                .message
        };
        assert!(err("language=de-DE").contains("Missing 'text' or 'data'"));
        assert!(err("text=a&data=%7B%7D&language=de").contains("not both"));
        assert!(err("text=a").contains("Missing 'language'"));
        assert!(err("text=a&language=en-US").contains("'en-US'"));
        assert!(err("text=a&language=de-DE&level=foo").contains("level"));
        assert!(err("text=a&language=de-DE&preferredVariants=de-AT").contains("language=auto"));
        assert!(err("text=a&language=de&enabled=PASSIV").contains("enabledRules"));
        assert!(err("text=a&language=de&enabledOnly=true").contains("enabled rules"));
        assert!(err("text=a&language=de&motherTongue=%3Cscript%3E").contains("motherTongue"));
        let ok = translate(
            &params("text=a&language=auto&preferredVariants=de-DE&motherTongue=tr"),
            Profile::Netzwerk,
        )
        .unwrap();
        assert_eq!(ok.language.1, "de-DE");
        assert_eq!(ok.request.min_severity, Severity::Warning);
        let ok = translate(&params("text=a&language=qlt-DE&level=picky"), Profile::Bitv).unwrap();
        assert_eq!(ok.language.1, "de-DE-x-simple-language");
        assert_eq!(
            (ok.request.profile, ok.request.min_severity),
            (Profile::Bitv, Severity::Info)
        );
    }

    /// Random texts and annotations (umlauts, emoji, markup, line breaks) through the whole
    /// door: no panic, and every span lies inside the client's text in UTF-16 units.
    #[test]
    #[allow(clippy::disallowed_types)] // reads the rendered JSON back without its types
    fn random_annotated_texts_give_spans_inside_the_text() {
        let pieces = [
            "Das Amt ",
            "wurde ",
            "geschlossen",
            ". ",
            "Straße ",
            "😀",
            "ä",
            "\n",
            "1.000 ",
            "(siehe oben) ",
            "Schuldnerberatung ",
            "z. B. ",
            "weil ",
            "nicht ",
            "<b>",
            "</b>",
            "&",
            "%",
            "",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for round in 0..400 {
            let mut nodes = Vec::new();
            for _ in 0..next(12) {
                let text: String = (0..next(6)).map(|_| pieces[next(pieces.len())]).collect();
                nodes.push(match next(4) {
                    0 => serde_json::json!({ "markup": text }),
                    1 => serde_json::json!({ "markup": text, "interpretAs": "\n\n" }),
                    _ => serde_json::json!({ "text": text }),
                });
            }
            let data = serde_json::json!({ "annotation": nodes }).to_string();
            let body: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("data", &data)
                .append_pair("language", "de-DE")
                .append_pair("level", if round % 2 == 0 { "picky" } else { "default" })
                .finish();
            let check = translate(&Params::read(None, body.as_bytes()), Profile::Netzwerk).unwrap();
            let cfg = check.request.config().unwrap();
            let report = easy_language::check(&check.text.plain, &cfg).unwrap();
            let answer = response::render(
                &report,
                &check.text,
                check.language,
                Messages::Standard,
                &|r| r.as_str().to_owned(),
                cfg.sentence_warning_words,
            );
            let units = check.text.markup.encode_utf16().count();
            let json = serde_json::to_value(&answer).unwrap();
            for m in json["matches"].as_array().unwrap() {
                let (o, l) = (m["offset"].as_u64().unwrap(), m["length"].as_u64().unwrap());
                assert!(o + l <= units as u64, "{m} in {:?}", check.text.markup);
                let c = &m["context"];
                let context_units = c["text"].as_str().unwrap().encode_utf16().count() as u64;
                assert!(
                    c["offset"].as_u64().unwrap() + c["length"].as_u64().unwrap() <= context_units
                );
            }
        }
    }

    #[test]
    fn rule_ids_ours_and_languagetools() {
        assert_eq!(rules_of("passive-voice"), [RuleId::PassiveVoice]);
        assert_eq!(rules_of("PASSIVE_VOICE"), [RuleId::PassiveVoice]);
        assert_eq!(rules_of("PASSIV"), [RuleId::PassiveVoice]);
        assert_eq!(
            rules_of("SCHWIERIGE_WOERTER"),
            [RuleId::ForeignWord, RuleId::RareWord]
        );
        assert!(rules_of("MORFOLOGIK_RULE_DE_DE").is_empty());
        let t = translate(
            &params("text=a&language=de&enabledOnly=true&enabledRules=PASSIV,genitive&enabledCategories=LS_NUMBERS"),
            Profile::Netzwerk,
        )
        .unwrap();
        let only = t.request.rules.unwrap();
        assert!(only.contains(&"passive-voice".to_owned()) && only.contains(&"genitive".into()));
        assert!(only.contains(&"big-number".to_owned()));
        let t = translate(
            &params("text=a&language=de&disabledRules=VERNEINUNG,WHITESPACE_RULE&disabledCategories=TYPOGRAPHY"),
            Profile::Netzwerk,
        )
        .unwrap();
        assert!(t.request.disabled_rules.contains(&"negation".to_owned()));
        assert!(t.request.disabled_rules.contains(&"brackets".to_owned()));
        assert!(t.request.config().is_ok());
    }
}
