//! The API against a real server on 127.0.0.1:0: every endpoint's happy path with the same
//! numbers as the libraries, every error class of FORMATS.md (400 with file/row/field, 401,
//! 413, 404/405), a German-Excel CSV upload, the token rule and the security headers.

// The tests read the server's JSON back without its types.
#![allow(clippy::disallowed_types)]

use std::path::Path;

use reqwest::multipart::{Form, Part};
use serde_json::Value;
use welfare_server::ServerConfig;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

mod common;
use common::start;

fn part(bytes: Vec<u8>, name: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_owned())
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap()
}

fn daycare_form(dir: &str) -> Form {
    Form::new()
        .part(
            "daycares",
            part(read(&format!("{dir}/daycares.csv")), "daycares.csv"),
        )
        .part(
            "children",
            part(read(&format!("{dir}/children.csv")), "children.csv"),
        )
        .part(
            "preferences",
            part(read(&format!("{dir}/preferences.csv")), "preferences.csv"),
        )
}

/// Posts a multipart form to `path`.
async fn post_form(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    form: Form,
) -> reqwest::Response {
    client
        .post(format!("{base}{path}"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn error_of(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let body: Value = response.json().await.unwrap();
    assert!(body["error"]["message"].is_string(), "{body}");
    body["error"].clone()
}

#[tokio::test]
async fn health_and_security_headers() {
    let base = start(ServerConfig::default()).await;
    let r = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.get("access-control-allow-origin").is_none(), "no CORS");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    // pages and their assets come from this origin
    for page in [
        "/",
        "/text",
        "/daycare",
        "/audit",
        "/triage",
        "/falls",
        "/text?lang=en",
    ] {
        let r = reqwest::get(format!("{base}{page}")).await.unwrap();
        assert_eq!(r.status(), 200, "{page}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("/assets/app.css")
                && !html.contains("http://")
                && !html.contains("https://"),
            "{page}"
        );
    }
    let js = reqwest::get(format!("{base}/assets/text.js"))
        .await
        .unwrap();
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
}

/// `(rule, suggestion)` of every finding of a text report.
fn rules_and_suggestions(report: &Value) -> Vec<(String, String)> {
    report["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["suggestion"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn text_check_takes_a_glossary_and_a_rule_selection() {
    let base = start(ServerConfig::default()).await;
    let client = reqwest::Client::new();
    let text = "Das Jobcenter zahlt.\nSie bekommen Geld vom Quappenbarschamt.";
    let post = |body: Value| {
        let client = client.clone();
        let url = format!("{base}/api/text/check");
        async move { client.post(url).json(&body).send().await.unwrap() }
    };
    // without a glossary the office's words are rare
    let plain: Value = post(serde_json::json!({ "text": text }))
        .await
        .json()
        .await
        .unwrap();
    let plain = rules_and_suggestions(&plain);
    assert!(plain.iter().any(|(r, _)| r == "rare-word"), "{plain:?}");
    // the glossary as Excel saves it (';', BOM, CRLF, blank last line): explained, not rare
    let csv = "\u{feff}word;explanation;preferred\r\nJobcenter;Das Amt für Arbeit.;Job-Center\r\nQuappenbarschamt;Ein Amt.;\r\n\r\n";
    let r = post(serde_json::json!({ "text": text, "glossary_csv": csv })).await;
    assert_eq!(r.status(), 200);
    let got = rules_and_suggestions(&r.json().await.unwrap());
    assert!(!got.iter().any(|(r, _)| r == "rare-word"), "{got:?}");
    for (rule, suggestion) in [
        ("glossary", "Das Amt für Arbeit."),
        ("glossary", "Ein Amt."),
        ("preferred-form", "Job-Center"),
    ] {
        assert!(
            got.iter().any(|(r, s)| r == rule && s == suggestion),
            "{rule} {suggestion}: {got:?}"
        );
    }
    // the same list as JSON entries gives the same report; one rule at a time
    let entries = serde_json::json!([
        {"word": "Jobcenter", "explanation": "Das Amt für Arbeit.", "preferred": "Job-Center"},
        {"word": "Quappenbarschamt", "explanation": "Ein Amt."}
    ]);
    let r = post(serde_json::json!({ "text": text, "glossary": entries })).await;
    assert_eq!(rules_and_suggestions(&r.json().await.unwrap()), got);
    let r =
        post(serde_json::json!({ "text": text, "glossary": entries, "rules": ["preferred-form"] }))
            .await;
    assert_eq!(
        rules_and_suggestions(&r.json().await.unwrap()),
        [("preferred-form".to_owned(), "Job-Center".to_owned())]
    );
    // errors: 400 naming the list, row and field
    let e = error_of(
        post(serde_json::json!({ "text": text, "glossary_csv": "wort;x\nAmt;y\n" })).await,
        400,
    )
    .await;
    assert_eq!(e["file"], "glossary_csv");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("missing column 'word'"),
        "{e}"
    );
    let e = error_of(
        post(serde_json::json!({ "text": text, "glossary_csv": "word\nAmt\namt\n" })).await,
        400,
    )
    .await;
    assert_eq!(
        (e["file"].as_str(), e["row"].as_u64()),
        (Some("glossary_csv"), Some(3))
    );
    let e = error_of(
        post(serde_json::json!({ "text": text, "glossary": [{"word": ""}] })).await,
        400,
    )
    .await;
    assert_eq!(
        (e["file"].as_str(), e["row"].as_u64()),
        (Some("glossary"), Some(2))
    );
    let e = error_of(
        post(serde_json::json!({ "text": text, "glossary": [], "glossary_csv": "word\n" })).await,
        400,
    )
    .await;
    assert_eq!(e["field"], "glossary");
    let e = error_of(
        post(serde_json::json!({ "text": text, "rules": ["rare-words"] })).await,
        400,
    )
    .await;
    assert_eq!(e["field"], "rules");
    assert!(e["message"].as_str().unwrap().contains("rare-word"), "{e}");
}

#[tokio::test]
async fn text_check_is_the_cli_json() {
    let base = start(ServerConfig::default()).await;
    let client = reqwest::Client::new();
    let text = "Die Schuldnerberatung wurde gestern geschlossen. Wir helfen Ihnen.";
    let r = client
        .post(format!("{base}/api/text/check"))
        .json(&serde_json::json!({"text": text, "profile": "hildesheim"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    let cfg = easy_language::Config::with_profile(easy_language::Profile::Hildesheim);
    let expected = serde_json::to_value(easy_language::check(text, &cfg).unwrap()).unwrap();
    assert_eq!(got, expected);
    // bad JSON, unknown profile, unknown field: 400 with the error shape
    let r = client
        .post(format!("{base}/api/text/check"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    error_of(r, 400).await;
    let r = client
        .post(format!("{base}/api/text/check"))
        .json(&serde_json::json!({"text": "x", "profile": "klingon"}))
        .send()
        .await
        .unwrap();
    let e = error_of(r, 400).await;
    assert!(e["message"].as_str().unwrap().contains("klingon"), "{e}");
    let r = client
        .post(format!("{base}/api/text/check"))
        .json(&serde_json::json!({"txt": "x"}))
        .send()
        .await
        .unwrap();
    error_of(r, 400).await;
}

fn credit_form(csv: Vec<u8>, name: &str) -> Form {
    Form::new()
        .part("file", part(csv, name))
        .text("y_true", "y_true")
        .text("y_pred", "y_pred")
        .text("y_score", "y_score")
        .text("sensitive", "sex,age_group")
        .text("privileged", "sex=male")
}

#[tokio::test]
async fn audit_matches_the_library_and_reads_german_excel() {
    let base = start(ServerConfig::default()).await;
    let client = reqwest::Client::new();
    let csv = read("datasets/fairness/german_credit/predictions.csv");
    let r = post_form(
        &client,
        &base,
        "/api/audit",
        credit_form(csv.clone(), "predictions.csv"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    let columns = welfare_data::PredictionColumns::new("y_true", "y_pred", &["sex", "age_group"])
        .with_score("y_score");
    let data = welfare_data::Predictions::from_bytes("predictions.csv", &csv, &columns).unwrap();
    let options = fairness_audit::AuditOptions {
        privileged: Some(fairness_audit::Condition::parse("sex=male").unwrap()),
        ..fairness_audit::AuditOptions::default()
    };
    let expected = serde_json::to_value(fairness_audit::audit(&data, &options).unwrap()).unwrap();
    assert_eq!(got, expected);

    // the same table as German Excel saves it: BOM, ';', decimal commas, CRLF, blank last line
    let text = String::from_utf8(csv).unwrap();
    let mut excel = String::from("\u{feff}");
    for line in text.lines() {
        let fields: Vec<String> = line.split(',').map(|f| f.replace('.', ",")).collect();
        excel.push_str(&fields.join(";"));
        excel.push_str("\r\n");
    }
    excel.push_str("\r\n");
    let r = post_form(
        &client,
        &base,
        "/api/audit",
        credit_form(excel.into_bytes(), "excel.csv"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let excel_json: Value = r.json().await.unwrap();
    assert_eq!(excel_json["audits"], expected["audits"]);

    // the HTML report, with its own strict CSP
    let r = post_form(
        &client,
        &base,
        "/api/audit?format=html",
        credit_form(
            read("datasets/fairness/german_credit/predictions.csv"),
            "p.csv",
        ),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'")
    );
    // in the form's language: German unless `lang=en`
    let page = r.text().await.unwrap();
    assert!(page.contains("<h1>Fairness-Prüfung</h1>"), "{page}");
    assert!(page.contains("Was die Kennzahlen bedeuten"));
    assert!(page.contains("Auswahlquote"));
    let r = post_form(
        &client,
        &base,
        "/api/audit?format=html",
        credit_form(
            read("datasets/fairness/german_credit/predictions.csv"),
            "p.csv",
        )
        .text("lang", "en"),
    )
    .await;
    assert!(r.text().await.unwrap().contains("<h1>Fairness audit</h1>"));

    // a column the file does not have: 400 naming the file and the column
    let form = Form::new()
        .part(
            "file",
            part(
                read("datasets/fairness/german_credit/predictions.csv"),
                "p.csv",
            ),
        )
        .text("y_true", "truth")
        .text("y_pred", "y_pred")
        .text("sensitive", "sex");
    let r = post_form(&client, &base, "/api/audit", form).await;
    let e = error_of(r, 400).await;
    assert_eq!(e["file"], "p.csv");
    assert_eq!(e["field"], "truth");
    // a bad cell: file, row and field
    let bad = "y_true,y_pred,sex\n1,1,f\n0,maybe,m\n1,0,m\n";
    let form = Form::new()
        .part("file", part(bad.as_bytes().to_vec(), "bad.csv"))
        .text("y_true", "y_true")
        .text("y_pred", "y_pred")
        .text("sensitive", "sex");
    let r = post_form(&client, &base, "/api/audit", form).await;
    let e = error_of(r, 400).await;
    assert_eq!(
        (e["file"].as_str(), e["row"].as_u64(), e["field"].as_str()),
        (Some("bad.csv"), Some(3), Some("y_pred"))
    );
    // German pages get the message in German too: the bad cell, and one group only
    assert!(
        e["message_de"]
            .as_str()
            .is_some_and(|m| m.contains("Zeile 3") && m.contains("„y_pred“")),
        "{e}"
    );
    let one = "y_true,y_pred,sex\n1,1,f\n0,1,f\n";
    let form = Form::new()
        .part("file", part(one.as_bytes().to_vec(), "one.csv"))
        .text("y_true", "y_true")
        .text("y_pred", "y_pred")
        .text("sensitive", "sex");
    let r = post_form(&client, &base, "/api/audit", form).await;
    let e = error_of(r, 400).await;
    assert!(
        e["message_de"]
            .as_str()
            .is_some_and(|m| m.contains("nur eine Gruppe")),
        "{e}"
    );
    // missing fields and out-of-range settings
    let r = post_form(
        &client,
        &base,
        "/api/audit",
        Form::new().text("y_true", "a"),
    )
    .await;
    assert_eq!(error_of(r, 400).await["field"], "file");
    let r = post_form(
        &client,
        &base,
        "/api/audit",
        credit_form(
            read("datasets/fairness/german_credit/predictions.csv"),
            "p.csv",
        )
        .text("bootstrap", "99999999"),
    )
    .await;
    assert_eq!(error_of(r, 400).await["field"], "bootstrap");
}

#[tokio::test]
async fn daycare_allocate_and_explain() {
    let base = start(ServerConfig::default()).await;
    let client = reqwest::Client::new();
    let form = daycare_form("datasets/daycare/tiny").text("mechanism", "deferred-acceptance");
    let r = post_form(&client, &base, "/api/daycare/allocate", form).await;
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    let instance = welfare_data::Instance::read(root().join("datasets/daycare/tiny")).unwrap();
    let expected =
        daycare_allocation::allocate(&instance, daycare_allocation::Mechanism::DeferredAcceptance)
            .unwrap();
    assert_eq!(got["summary"]["placed"], expected.summary.placed);
    assert_eq!(
        got["assignment"].as_array().unwrap().len(),
        instance.children.len()
    );
    let unplaced = got["assignment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["daycare_id"].is_null())
        .unwrap();
    assert!(unplaced["rank"].is_null());
    // explain that child from the assignment as CSV
    let mut csv = String::from("child_id,daycare_id,rank\n");
    for a in got["assignment"].as_array().unwrap() {
        csv.push_str(&format!(
            "{},{},{}\n",
            a["child_id"].as_str().unwrap(),
            a["daycare_id"].as_str().unwrap_or(""),
            a["rank"]
                .as_u64()
                .map(|r| r.to_string())
                .unwrap_or_default()
        ));
    }
    let child = unplaced["child_id"].as_str().unwrap().to_owned();
    let form = daycare_form("datasets/daycare/tiny")
        .part(
            "assignment",
            part(csv.clone().into_bytes(), "assignment.csv"),
        )
        .text("child", child.clone());
    let r = post_form(&client, &base, "/api/daycare/explain", form).await;
    assert_eq!(r.status(), 200);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["child_id"], child.as_str());
    assert!(e["de"].as_str().unwrap().contains("keinen Platz"), "{e}");
    assert!(e["en"].as_str().unwrap().contains("no seat"), "{e}");
    // unknown child, unknown mechanism, infeasible constraint values
    let form = daycare_form("datasets/daycare/tiny")
        .part("assignment", part(csv.into_bytes(), "assignment.csv"))
        .text("child", "C9999");
    let r = post_form(&client, &base, "/api/daycare/explain", form).await;
    assert_eq!(error_of(r, 400).await["field"], "child");
    let form = daycare_form("datasets/daycare/tiny").text("mechanism", "lottery");
    let r = post_form(&client, &base, "/api/daycare/allocate", form).await;
    assert_eq!(error_of(r, 400).await["field"], "mechanism");
    let form = daycare_form("datasets/daycare/tiny")
        .text("mechanism", "welfare-optimal")
        .text("hardship_quota", "1.5");
    let r = post_form(&client, &base, "/api/daycare/allocate", form).await;
    error_of(r, 400).await;
    // a broken preferences file: file, row and field
    let form = Form::new()
        .part(
            "daycares",
            part(read("datasets/daycare/tiny/daycares.csv"), "daycares.csv"),
        )
        .part(
            "children",
            part(read("datasets/daycare/tiny/children.csv"), "children.csv"),
        )
        .part(
            "preferences",
            part(
                b"child_id,rank,daycare_id,sibling_enrolled\nC0001,1,K999,0\n".to_vec(),
                "preferences.csv",
            ),
        )
        .text("mechanism", "deferred-acceptance");
    let r = post_form(&client, &base, "/api/daycare/allocate", form).await;
    let e = error_of(r, 400).await;
    assert_eq!(
        (e["file"].as_str(), e["row"].as_u64(), e["field"].as_str()),
        (Some("preferences.csv"), Some(2), Some("daycare_id")),
        "{e}"
    );
}

#[tokio::test]
async fn triage_and_falls_with_the_shipped_models() {
    let base = start(ServerConfig::default()).await;
    let client = reqwest::Client::new();
    let dir = tempfile::tempdir().unwrap();
    let cases = debt_triage::generate(&debt_triage::GeneratorSpec::new(300, 9)).unwrap();
    let path = dir.path().join("cases.csv");
    cases.cases.write(&path).unwrap();
    let form = Form::new().part("cases", part(std::fs::read(&path).unwrap(), "cases.csv"));
    let r = post_form(&client, &base, "/api/triage/score", form).await;
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    let model = debt_triage::TriageModel::from_json("m", welfare_server::TRIAGE_MODEL).unwrap();
    let scores = model.score(&cases.cases.cases);
    let rows = got["cases"].as_array().unwrap();
    assert_eq!(rows.len(), 300);
    assert_eq!(rows[0]["case_id"], cases.cases.cases[0].case_id.as_str());
    assert_eq!(rows[0]["urgency_pred"], scores[0].urgency_pred.as_str());
    assert!((rows[0]["urgency_score"].as_f64().unwrap() - scores[0].urgency_score).abs() <= 0.05);

    let recording = fall_detection::generate::recording(&fall_detection::generate::SyntheticSpec {
        adults: 1,
        older: 1,
        ..fall_detection::generate::SyntheticSpec::default()
    })
    .unwrap();
    let path = dir.path().join("signals.csv.gz");
    recording.write(&path).unwrap();
    let form = Form::new().part(
        "signals",
        part(std::fs::read(&path).unwrap(), "signals.csv.gz"),
    );
    let r = post_form(&client, &base, "/api/falls/detect", form).await;
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    let alarms = got["alarms"].as_array().unwrap();
    assert!(!alarms.is_empty());
    // the generated file is labelled: a summary of falls found and false alarms, and each
    // alarm says whether its trial is a fall
    let summary = &got["summary"];
    assert!(summary["falls"].as_u64().unwrap() > 0, "{summary}");
    assert!(summary["sensitivity"].as_f64().is_some(), "{summary}");
    assert!(alarms.iter().all(|a| a["fall"].is_boolean()));
    // a generated file loses nothing: the gap counts are there, and zero
    assert_eq!(got["gaps"]["filled"].as_u64(), Some(0), "{}", got["gaps"]);
    assert_eq!(got["gaps"]["splits"].as_u64(), Some(0));
    // (both times must be numbers: comparing two missing fields would pass)
    for a in alarms {
        let (alarm, impact) = (
            a["t_alarm_s"].as_f64().expect("t_alarm_s"),
            a["t_impact_s"].as_f64().expect("t_impact_s"),
        );
        assert!(alarm >= impact, "{a}");
    }
    // a file that is not a recording
    let form = Form::new().part("signals", part(b"a,b\n1,2\n".to_vec(), "x.csv"));
    let r = post_form(&client, &base, "/api/falls/detect", form).await;
    assert_eq!(error_of(r, 400).await["file"], "x.csv");
    // a model that is not one
    let form = Form::new()
        .part(
            "cases",
            part(
                std::fs::read(dir.path().join("cases.csv")).unwrap(),
                "cases.csv",
            ),
        )
        .part("model", part(b"{}".to_vec(), "model.json"));
    let r = post_form(&client, &base, "/api/triage/score", form).await;
    assert_eq!(error_of(r, 400).await["file"], "model.json");
}

#[tokio::test]
async fn token_rule_upload_limit_and_unknown_routes() {
    let base = start(ServerConfig {
        token: Some("a-very-long-secret-token".into()),
        max_upload_bytes: 4096,
        ..ServerConfig::default()
    })
    .await;
    let client = reqwest::Client::new();
    let body = serde_json::json!({"text": "Wir helfen Ihnen."});
    // no token, a wrong one, a prefix of the right one: 401
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Bearer a-very-long-secret-toke"),
        Some("a-very-long-secret-token"),
    ] {
        let mut request = client.post(format!("{base}/api/text/check")).json(&body);
        if let Some(a) = auth {
            request = request.header("Authorization", a);
        }
        error_of(request.send().await.unwrap(), 401).await;
    }
    let ok = client
        .post(format!("{base}/api/text/check"))
        .bearer_auth("a-very-long-secret-token")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    // pages and health need no token (the page asks for it)
    assert_eq!(
        reqwest::get(format!("{base}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        reqwest::get(format!("{base}/text")).await.unwrap().status(),
        200
    );
    // over the upload limit: 413
    let big = serde_json::json!({"text": "Wir helfen Ihnen. ".repeat(1000)});
    let r = client
        .post(format!("{base}/api/text/check"))
        .bearer_auth("a-very-long-secret-token")
        .json(&big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let form = Form::new().part("file", part(vec![b'a'; 10_000], "big.csv"));
    let r = client
        .post(format!("{base}/api/audit"))
        .bearer_auth("a-very-long-secret-token")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    // unknown route: 404 with the error shape; wrong method: 405
    let r = client
        .get(format!("{base}/api/nothing"))
        .bearer_auth("a-very-long-secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = reqwest::get(format!("{base}/nothing")).await.unwrap();
    error_of(r, 404).await;
    let r = client
        .get(format!("{base}/api/text/check"))
        .bearer_auth("a-very-long-secret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let base = start(ServerConfig::default()).await;
    let doc: Value = reqwest::get(format!("{base}/api/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/healthz",
        "/api/text/check",
        "/api/audit",
        "/api/daycare/allocate",
        "/api/daycare/explain",
        "/api/triage/score",
        "/api/falls/detect",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn numbers_typed_the_german_way() {
    let base = start(ServerConfig::default()).await;
    let client = reqwest::Client::new();
    let dir = tempfile::tempdir().unwrap();
    // one case typed into the triage page's form, field by field
    let cases = debt_triage::generate(&debt_triage::GeneratorSpec::new(1, 3)).unwrap();
    let path = dir.path().join("case.csv");
    cases.cases.write(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let row: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let score = |debt: &'static str, income: &'static str, lang: &'static str| {
        let (client, base, header, row) =
            (client.clone(), base.clone(), header.clone(), row.clone());
        async move {
            let mut form = Form::new().text("lang", lang);
            for (k, v) in header.iter().zip(&row) {
                let v = match k.as_str() {
                    "total_debt_eur" => debt.to_owned(),
                    "own_income_eur" => income.to_owned(),
                    _ => v.clone(),
                };
                form = form.text(k.clone(), v);
            }
            let r = post_form(&client, &base, "/api/triage/score", form).await;
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }
    };
    let (status, typed) = score("18.500", "1.450,50", "de").await;
    assert_eq!(status, 200, "{typed}");
    assert_eq!(score("18500", "1450.5", "de").await.1, typed);
    assert_eq!(score("18.500 €", "1 450,50 €", "de").await.1, typed);
    // on an English page "18.500" is eighteen and a half, as "18,5" is on a German one
    assert_eq!(
        score("18.500", "1,450.50", "en").await.1,
        score("18,5", "1450,5", "de").await.1
    );
    let (status, e) = score("zehn", "1450", "de").await;
    assert_eq!(status, 400);
    assert_eq!(e["error"]["field"], "total_debt_eur");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("keine Zahl"),
        "{e}"
    );

    // the Kita quota as staff type it: "0,1", "10 %" and "0.1" are the same share
    let allocate = |quota: &'static str| {
        let (client, base) = (client.clone(), base.clone());
        async move {
            let form = daycare_form("datasets/daycare/tiny")
                .text("mechanism", "welfare-optimal")
                .text("hardship_quota", quota)
                .text("lang", "de");
            let r = post_form(&client, &base, "/api/daycare/allocate", form).await;
            assert_eq!(r.status(), 200, "{quota}");
            let v: Value = r.json().await.unwrap();
            v["assignment"].clone()
        }
    };
    let point = allocate("0.1").await;
    assert_eq!(allocate("0,1").await, point);
    assert_eq!(allocate("10 %").await, point);
}

/// A max-stable season from the page's create form: families together and a quota typed the
/// German way; the families setting without max-stable is refused naming the field.
#[tokio::test]
async fn a_max_stable_season_through_the_api() {
    let client = reqwest::Client::new();
    let dir = tempfile::tempdir().unwrap();
    let base = start(ServerConfig {
        season_store: welfare_server::season::SeasonStore::Dir(dir.path().to_owned()),
        ..ServerConfig::default()
    })
    .await;
    let refused = post_form(
        &client,
        &base,
        "/api/season/da",
        daycare_form("datasets/daycare/tiny").text("siblings_together", "true"),
    )
    .await;
    let e = error_of(refused, 400).await;
    assert!(e["message"].as_str().unwrap().contains("max-stable"), "{e}");
    let created = post_form(
        &client,
        &base,
        "/api/season/ms",
        daycare_form("datasets/daycare/tiny")
            .text("mechanism", "max-stable")
            .text("siblings_together", "true")
            .text("hardship_quota", "10 %"),
    )
    .await;
    assert_eq!(created.status(), 200);
    let report: Value = created.json().await.unwrap();
    assert_eq!(report["mechanism"], "max-stable");
    let round = post_form(
        &client,
        &base,
        "/api/season/ms/round",
        Form::new().text("deadline", "15.03.2027"),
    )
    .await;
    assert_eq!(round.status(), 200);
    let round: Value = round.json().await.unwrap();
    assert_eq!(round["round"], 1);
    assert!(round["new"].as_u64().unwrap() > 0, "{round}");
    let verify = client
        .get(format!("{base}/api/season/ms/verify"))
        .send()
        .await
        .unwrap();
    assert_eq!(verify.status(), 200, "{}", verify.text().await.unwrap());
}

/// The season API: without a season folder every season endpoint says how to start one; with
/// it, staff create a season from uploads, run a round, import answers as German Excel saves
/// them, answer one by one from several connections at once (nothing lost), and a PDF uploaded
/// by mistake is refused by name without changing anything.
#[tokio::test]
async fn a_season_through_the_api() {
    let client = reqwest::Client::new();
    let none = start(ServerConfig::default()).await;
    let r = client
        .get(format!("{none}/api/season/kita/status"))
        .send()
        .await
        .unwrap();
    let e = error_of(r, 404).await;
    assert!(
        e["message"].as_str().unwrap().contains("--season-dir"),
        "{e}"
    );

    let dir = tempfile::tempdir().unwrap();
    let base = start(ServerConfig {
        season_store: welfare_server::season::SeasonStore::Dir(dir.path().to_owned()),
        ..ServerConfig::default()
    })
    .await;
    let bad_name = post_form(
        &client,
        &base,
        "/api/season/..%2Fetc",
        daycare_form("datasets/daycare/small"),
    )
    .await;
    assert_eq!(bad_name.status(), 400);
    let created = post_form(
        &client,
        &base,
        "/api/season/kita-2027",
        daycare_form("datasets/daycare/small").text("start", "08.2027"),
    )
    .await;
    assert_eq!(created.status(), 200);
    let again = post_form(
        &client,
        &base,
        "/api/season/kita-2027",
        daycare_form("datasets/daycare/small"),
    )
    .await;
    error_of(again, 409).await;
    let round: Value = post_form(
        &client,
        &base,
        "/api/season/kita-2027/round",
        Form::new()
            .text("deadline", "15.03.2027")
            .text("today", "01.03.2027"),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(round["round"], 1);
    assert_eq!(round["new"], 775);
    // the answers file as German Excel saves it (the shipped example)
    let answers = post_form(
        &client,
        &base,
        "/api/season/kita-2027/respond",
        Form::new().part(
            "responses",
            part(
                read("datasets/daycare/season/antworten.csv"),
                "antworten.csv",
            ),
        ),
    )
    .await;
    assert_eq!(answers.status(), 200);
    let counts: Value = answers.json().await.unwrap();
    assert_eq!(
        (counts["accepted"].as_u64(), counts["declined"].as_u64()),
        (Some(3), Some(1))
    );
    // a PDF renamed .csv: refused by name, nothing changes
    let before: Value = client
        .get(format!("{base}/api/season/kita-2027/status"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec();
    pdf.extend(std::iter::repeat_n(0u8, 64));
    let refused = post_form(
        &client,
        &base,
        "/api/season/kita-2027/respond",
        Form::new().part("responses", part(pdf, "antworten.csv")),
    )
    .await;
    let e = error_of(refused, 400).await;
    assert!(e["message"].as_str().unwrap().contains("PDF"), "{e}");
    // offers to answer one by one, from eight connections at once
    let page: Value = client
        .get(format!(
            "{base}/api/season/kita-2027/children?state=offer&limit=40"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["child_id"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(ids.len(), 40);
    let mut tasks = Vec::new();
    for chunk in ids.chunks(5) {
        let (client, base, chunk) = (client.clone(), base.clone(), chunk.to_vec());
        tasks.push(tokio::spawn(async move {
            for id in chunk {
                let r = post_form(
                    &client,
                    &base,
                    "/api/season/kita-2027/respond",
                    Form::new()
                        .text("child_id", id)
                        .text("decision", "annehmen"),
                )
                .await;
                assert_eq!(r.status(), 200);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let after: Value = client
        .get(format!("{base}/api/season/kita-2027/status"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        after["contracts"].as_u64().unwrap(),
        before["contracts"].as_u64().unwrap() + 40
    );
    let check = client
        .get(format!("{base}/api/season/kita-2027/verify"))
        .send()
        .await
        .unwrap();
    assert_eq!(check.status(), 200);
    let csv = client
        .get(format!("{base}/api/season/kita-2027/export/contracts.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1 + 43);
}

/// `/api/mitigate`: fairlearn's threshold optimizer on an upload, with the audit before and
/// after; the group rules equal the library's; a bad constraint names the field.
#[tokio::test]
async fn mitigate_through_the_api() {
    let client = reqwest::Client::new();
    let base = start(ServerConfig::default()).await;
    let form = || {
        Form::new()
            .part(
                "file",
                part(
                    read("datasets/fairness/german_credit/predictions.csv"),
                    "predictions.csv",
                ),
            )
            .text("y_true", "y_true")
            .text("y_score", "y_score")
            .text("y_pred", "y_pred")
            .text("sensitive", "sex")
    };
    let r = post_form(
        &client,
        &base,
        "/api/mitigate",
        form().text("constraints", "equalized_odds"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["x_best"], 0.655);
    let female = &body["interpolation"]["sex=female"];
    assert_eq!(female["operation0"]["operator"], ">");
    assert!((female["p_ignore"].as_f64().unwrap() - 3.7654949629925526e-05).abs() < 1e-12);
    assert_eq!(body["before"]["rows"], 1000);
    assert_eq!(body["after"]["rows"], 1000);
    let bad = post_form(
        &client,
        &base,
        "/api/mitigate",
        form().text("constraints", "parity"),
    )
    .await;
    let e = error_of(bad, 400).await;
    assert!(
        e["message"].as_str().unwrap().contains("not a constraint"),
        "{e}"
    );
    // the page "what would it cost", in the form's language
    let r = post_form(&client, &base, "/api/mitigate?format=html", form()).await;
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains("Was würde es kosten?"), "{page}");
    assert!(page.contains("<svg"), "the trade-off curves");
    assert!(page.contains("Prüfung vor der Korrektur"));
    // AIF360's reject option classification: the threshold and margin AIF360 chooses
    let r = post_form(
        &client,
        &base,
        "/api/mitigate",
        form()
            .text("method", "reject_option")
            .text("privileged", "sex=male"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["method"], "reject_option");
    assert_eq!(
        body["fitted"]["classification_threshold"],
        0.7227272727272727
    );
    assert_eq!(body["fitted"]["ROC_margin"], 0.028293135435992586);
    assert!(body["interpolation"].is_null());
    // calibrated equalized odds with AIF360's cost name and base rates of German Credit
    let r = post_form(
        &client,
        &base,
        "/api/mitigate",
        form()
            .text("method", "calibrated_eq_odds")
            .text("cost_constraint", "fnr")
            .text("privileged", "sex=male"),
    )
    .await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    let mix = body["fitted"]["privileged"]["mix_rate"].as_f64().unwrap();
    assert!((mix - 0.6940707325113374).abs() < 1e-12, "{mix}");
    // without the privileged group, a wrong metric name, a field of another method: 400s
    // naming the problem
    for (extra, says) in [
        (vec![("method", "calibrated_eq_odds")], "privileged group"),
        (
            vec![
                ("method", "reject_option"),
                ("privileged", "sex=male"),
                ("metric_name", "odds"),
            ],
            "not a metric",
        ),
        (
            vec![
                ("method", "reject_option"),
                ("privileged", "sex=male"),
                ("tol", "0.1"),
            ],
            "unknown field `tol`",
        ),
        (vec![("method", "magic")], "unknown variant `magic`"),
    ] {
        let mut f = form();
        for (k, v) in extra {
            f = f.text(k, v);
        }
        let bad = post_form(&client, &base, "/api/mitigate", f).await;
        let e = error_of(bad, 400).await;
        assert!(e["message"].as_str().unwrap().contains(says), "{says}: {e}");
    }
}
