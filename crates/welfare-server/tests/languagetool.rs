//! The LanguageTool protocol against a real server: LanguageTool's minimal compatibility set
//! (form body, annotated `data`, a form sent as JSON, the preflight, `/v2/languages`, UTF-16
//! offsets after "ä", "ß" and an emoji, `sentence` in every match, LanguageTool's 400s), the
//! replayed requests of ltex-ls, Obsidian, the Word add-in and LibreOffice 7.4
//! (`tests/fixtures/languagetool/*.http`), the token as `apiKey`, and the findings equal to
//! `/api/text/check`'s at the same places.

// The tests read the server's JSON back without its types.
#![allow(clippy::disallowed_types)]

use std::path::Path;

use serde_json::Value;
use welfare_server::ServerConfig;

mod common;
use common::start;

/// A recorded request: `METHOD PATH`, header lines, a blank line, the body (comments first).
struct Recorded {
    method: reqwest::Method,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

fn recorded(name: &str) -> Recorded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/languagetool")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text.lines().skip_while(|l| l.starts_with('#'));
    let (method, target) = lines.next().unwrap().split_once(' ').unwrap();
    let mut headers = Vec::new();
    for line in lines.by_ref() {
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(": ").unwrap();
        headers.push((k.to_owned(), v.to_owned()));
    }
    Recorded {
        method: method.parse().unwrap(),
        path: target.to_owned(),
        headers,
        body: lines.collect::<Vec<_>>().join("\n"),
    }
}

async fn replay(base: &str, r: &Recorded) -> reqwest::Response {
    let mut request = reqwest::Client::new().request(r.method.clone(), format!("{base}{}", r.path));
    for (k, v) in &r.headers {
        request = request.header(k, v);
    }
    request.body(r.body.clone()).send().await.unwrap()
}

async fn post(base: &str, form: &[(&str, &str)]) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/v2/check"))
        .header("User-Agent", "test")
        .form(form)
        .send()
        .await
        .unwrap()
}

/// Every field the clients dereference is there and typed as they expect.
fn assert_shape(answer: &Value) {
    for key in [
        "software",
        "warnings",
        "language",
        "matches",
        "sentenceRanges",
    ] {
        assert!(!answer[key].is_null(), "{key} missing: {answer}");
    }
    for m in answer["matches"].as_array().unwrap() {
        for key in ["message", "shortMessage", "sentence"] {
            assert!(m[key].is_string(), "{key}: {m}");
        }
        assert!(m["offset"].is_u64() && m["length"].is_u64(), "{m}");
        assert!(m["context"]["text"].is_string() && m["context"]["offset"].is_u64());
        assert!(m["replacements"].is_array());
        for key in ["id", "description", "issueType"] {
            assert!(m["rule"][key].is_string(), "rule.{key}: {m}");
        }
        assert!(m["rule"]["category"]["id"].is_string());
        assert!(
            m["rule"]["urls"][0]["value"]
                .as_str()
                .unwrap()
                .contains("/text/regeln#")
        );
        assert!(m["type"]["typeName"].is_string());
    }
}

/// The UTF-16 span of a match as a Rust string slice of `text`.
fn marked(text: &str, m: &Value) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (a, n) = (
        m["offset"].as_u64().unwrap() as usize,
        m["length"].as_u64().unwrap() as usize,
    );
    String::from_utf16(&units[a..a + n]).unwrap()
}

fn rules(answer: &Value) -> Vec<String> {
    answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rule"]["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn findings_are_the_checkers_at_utf16_offsets() {
    let base = start(ServerConfig::default()).await;
    let text =
        "Straße und Bäume 😀 wurden 2024 gefällt (siehe oben).\nDie Schuldnerberatung hilft Ihnen.";
    let r = post(
        &base,
        &[("text", text), ("language", "de-DE"), ("level", "picky")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let answer: Value = r.json().await.unwrap();
    assert_shape(&answer);
    // the same findings as /api/text/check, at the same words
    let report: Value = reqwest::Client::new()
        .post(format!("{base}/api/text/check"))
        .json(&serde_json::json!({ "text": text }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let expected: Vec<(String, String)> = report["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap().clone())
        .map(|f| {
            let (a, b) = (
                f["start"].as_u64().unwrap() as usize,
                f["end"].as_u64().unwrap() as usize,
            );
            (
                f["rule"].as_str().unwrap().to_owned(),
                text[a..b].to_owned(),
            )
        })
        .collect();
    let got: Vec<(String, String)> = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["rule"]["id"].as_str().unwrap().to_owned(),
                marked(text, m),
            )
        })
        .collect();
    assert!(!got.is_empty());
    assert_eq!(got.len(), expected.len(), "{got:?} vs {expected:?}");
    for ((rule, words), (want_rule, want_words)) in got.iter().zip(&expected) {
        assert_eq!(rule, want_rule);
        // a whole-sentence finding is marked on one of its words, not the sentence
        assert!(
            want_words.contains(words.as_str()),
            "{rule}: {words:?} in {want_words:?}"
        );
    }
    let passive = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "passive-voice")
        .expect("passive found");
    assert!(marked(text, passive).starts_with("wurden"), "{passive}");
    assert_eq!(
        passive["sentence"].as_str().unwrap(),
        text.lines().next().unwrap()
    );
    assert_eq!(passive["rule"]["category"]["id"], "GRAMMAR");
    let compound = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "long-compound")
        .expect("compound found");
    assert_eq!(marked(text, compound), "Schuldnerberatung");
    assert_eq!(compound["replacements"][0]["value"], "Schuldner-Beratung");
    let ranges = answer["sentenceRanges"].as_array().unwrap();
    assert_eq!(ranges.len(), 2);
    assert_eq!(
        ranges[1][1].as_u64().unwrap() as usize,
        text.encode_utf16().count()
    );
    // default level: warnings and errors only; hints with picky
    let default: Value = post(&base, &[("text", text), ("language", "de-DE")])
        .await
        .json()
        .await
        .unwrap();
    assert!(default["matches"].as_array().unwrap().len() < got.len());
    assert!(
        default["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["type"]["typeName"] != "Hint")
    );
}

#[tokio::test]
async fn long_sentences_do_not_hide_other_findings() {
    let base = start(ServerConfig::default()).await;
    let text = "Der Antrag wurde vom Amt für Soziales am Montag nach einer langen Prüfung durch die Mitarbeiterin endlich bewilligt.";
    let answer: Value = post(&base, &[("text", text), ("language", "de")])
        .await
        .json()
        .await
        .unwrap();
    let long = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "sentence-too-long")
        .expect("long sentence found");
    // the 11th word, where the sentence passes the limit of 10, as LanguageTool marks it
    assert_eq!(marked(text, long), "einer");
    let spans: Vec<(u64, u64)> = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["offset"].as_u64().unwrap(), m["length"].as_u64().unwrap()))
        .collect();
    assert!(spans.len() >= 2 && spans.iter().all(|&(_, n)| (n as usize) < text.len() / 2));
}

#[tokio::test]
async fn languagetool_refusals_and_languages() {
    let base = start(ServerConfig::default()).await;
    for (form, says) in [
        (vec![("language", "de-DE")], "Missing 'text' or 'data'"),
        (
            vec![("text", "a"), ("data", "{}"), ("language", "de")],
            "not both",
        ),
        (vec![("text", "a")], "Missing 'language'"),
        (vec![("text", "a"), ("language", "en-US")], "en-US"),
        (
            vec![("text", "a"), ("language", "de-DE"), ("level", "foo")],
            "level",
        ),
        (
            vec![
                ("text", "a"),
                ("language", "de-DE"),
                ("preferredVariants", "de-AT"),
            ],
            "language=auto",
        ),
        (
            vec![
                (
                    "data",
                    "{\"annotation\":[{\"text\":\"a\",\"markup\":\"b\"}]}",
                ),
                ("language", "de"),
            ],
            "both",
        ),
    ] {
        let r = post(&base, &form).await;
        assert_eq!(r.status(), 400, "{form:?}");
        let body = r.text().await.unwrap();
        assert!(
            body.starts_with("Error: ") && body.contains(says),
            "{form:?}: {body}"
        );
    }
    let languages: Value = reqwest::get(format!("{base}/v2/languages"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let long: Vec<&str> = languages
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["longCode"].as_str().unwrap())
        .collect();
    for code in ["de-DE", "de-AT", "de-CH", "de-DE-x-simple-language"] {
        assert!(long.contains(&code), "{code}: {languages}");
    }
    let max: usize = reqwest::get(format!("{base}/v2/maxtextlength"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(max > 100_000);
    let info: Value = reqwest::get(format!("{base}/v2/info"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["software"]["apiVersion"], 1);
    // GET with the query string works as POST does
    let r = reqwest::get(format!(
        "{base}/v2/check?language=de-DE&text=Das+Amt+wurde+geschlossen."
    ))
    .await
    .unwrap();
    assert_eq!(rules(&r.json().await.unwrap()), ["passive-voice"]);
    // CORS only on /v2/
    let api = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert!(api.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn replayed_clients() {
    let base = start(ServerConfig::default()).await;
    // the Word add-in: preflight 204 with CORS headers, then its check
    let r = replay(&base, &recorded("word-add-in-preflight.http")).await;
    assert_eq!(r.status(), 204);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert!(
        h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_lowercase()
            .contains("content-type")
    );
    let r = replay(&base, &recorded("word-add-in.http")).await;
    assert_eq!(r.status(), 200);
    let word: Value = r.json().await.unwrap();
    assert_shape(&word);
    assert!(
        rules(&word).contains(&"subordinate-clause".to_owned()),
        "{word}"
    );

    // ltex-ls: a form body labelled application/json, Markdown as annotation, picky
    let ltex = recorded("ltex-ls.http");
    let r = replay(&base, &ltex).await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    assert_shape(&answer);
    let data: String = form_urlencoded::parse(ltex.body.as_bytes())
        .find(|(k, _)| k == "data")
        .unwrap()
        .1
        .into_owned();
    let annotation: Value = serde_json::from_str(&data).unwrap();
    let with_markup: String = annotation["annotation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().or(n["markup"].as_str()).unwrap())
        .collect();
    let got: Vec<(String, String)> = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["rule"]["id"].as_str().unwrap().to_owned(),
                marked(&with_markup, m),
            )
        })
        .collect();
    // offsets count the markup: the words sit where ltex-ls has them in the Markdown
    assert!(
        got.contains(&("passive-voice".into(), "wurde vom Amt **abgelehnt".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("long-compound".into(), "Schuldnerberatung".into())),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(r, w)| r == "big-number" && w.contains("1.000")),
        "{got:?}"
    );

    // Obsidian: language=auto with preferredVariants, wiki links as markup read as their text
    let obsidian = recorded("obsidian.http");
    let answer: Value = replay(&base, &obsidian).await.json().await.unwrap();
    assert_shape(&answer);
    assert_eq!(answer["language"]["code"], "de-DE");
    let ids = rules(&answer);
    assert!(
        ids.contains(&"negation".to_owned()) || ids.contains(&"cross-reference".to_owned()),
        "{ids:?}"
    );
    assert!(ids.contains(&"date-format".to_owned()), "{ids:?}");

    // LibreOffice 7.4: the text not percent-encoded ("&", "%" literal), language=qlt-DE,
    // no User-Agent: the messages swapped as LibreOffice shows them
    let lo = recorded("libreoffice-7.4.http");
    let r = replay(&base, &lo).await;
    assert_eq!(r.status(), 200);
    let answer: Value = r.json().await.unwrap();
    assert_shape(&answer);
    assert_eq!(answer["language"]["code"], "de-DE-x-simple-language");
    let text = "Die Beratungsstelle wurde geschlossen & Sie können 2 % sparen.";
    let passive = answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["rule"]["id"] == "passive-voice")
        .expect("passive found");
    assert_eq!(marked(text, passive), "wurde geschlossen");
    assert_eq!(passive["message"], "Passiv");
    assert!(passive["shortMessage"].as_str().unwrap().len() > 40);
    assert!(
        rules(&answer).contains(&"percentage".to_owned()),
        "{answer}"
    );
}

#[tokio::test]
async fn rule_selection_by_our_ids_and_languagetools() {
    let base = start(ServerConfig::default()).await;
    let text = "Das Amt wurde nicht geschlossen (siehe oben).";
    let all = rules(
        &post(&base, &[("text", text), ("language", "de")])
            .await
            .json()
            .await
            .unwrap(),
    );
    assert!(
        all.contains(&"passive-voice".to_owned()) && all.contains(&"brackets".to_owned()),
        "{all:?}"
    );
    let only = rules(
        &post(
            &base,
            &[
                ("text", text),
                ("language", "de"),
                ("enabledOnly", "true"),
                ("enabledRules", "PASSIV"),
            ],
        )
        .await
        .json()
        .await
        .unwrap(),
    );
    assert_eq!(only, ["passive-voice"]);
    let off = rules(
        &post(
            &base,
            &[
                ("text", text),
                ("language", "de"),
                ("disabledRules", "passive-voice,UNKNOWN_RULE"),
                ("disabledCategories", "TYPOGRAPHY"),
            ],
        )
        .await
        .json()
        .await
        .unwrap(),
    );
    assert!(
        !off.contains(&"passive-voice".to_owned()) && !off.contains(&"brackets".to_owned()),
        "{off:?}"
    );
    assert!(!off.is_empty());
}

#[tokio::test]
async fn token_as_header_or_api_key() {
    let token = "0123456789abcdef0123";
    let base = start(ServerConfig {
        token: Some(token.into()),
        ..ServerConfig::default()
    })
    .await;
    let form = [
        ("text", "Das Amt wurde geschlossen."),
        ("language", "de-DE"),
    ];
    let r = post(&base, &form).await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("apiKey"));
    let mut with_key = form.to_vec();
    with_key.extend([("username", "buero"), ("apiKey", token)]);
    assert_eq!(post(&base, &with_key).await.status(), 200);
    let mut wrong = form.to_vec();
    wrong.push(("apiKey", "0123456789abcdef0124"));
    assert_eq!(post(&base, &wrong).await.status(), 401);
    let r = reqwest::Client::new()
        .post(format!("{base}/v2/check"))
        .bearer_auth(token)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // the preflight and the language list need no token (they carry no text)
    let r = reqwest::Client::new()
        .request(reqwest::Method::OPTIONS, format!("{base}/v2/check"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}
