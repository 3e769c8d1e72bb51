//! The pages in headless Chromium through WebDriver (Debian's `chromium` and `chromium-driver`):
//! paste a letter on `/text`, see underlines and step through the findings; upload the shipped
//! tiny Kita instance, run deferred acceptance, read one child's explanation; upload the German
//! Credit decisions on `/audit`, choose the columns, see the report. Each scenario saves a
//! screenshot into the test's temp dir when it fails (the path is printed).
//!
//! These tests need a browser, so they are `#[ignore]`d in the plain test run; CI runs them with
//! `cargo test -p welfare-server --test browser -- --ignored` after installing the packages.
//! `CHROMEDRIVER` and `CHROMIUM` override the default paths; `WELFARE_SCREENSHOTS=DIR` saves a
//! screenshot of every page after its scenario (how `docs/screenshots/` is made);
//! `WELFARE_AXE=…/axe.min.js` (axe-core from npm; CI sets it) checks every page, in the state its
//! scenario leaves it, against axe-core's WCAG 2.0/2.1 A and AA rules and fails on any violation.

// WebDriver capabilities are a JSON map in fantoccini's API.
#![allow(clippy::disallowed_types)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use welfare_server::ServerConfig;

fn root() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .canonicalize()
        .unwrap()
}

struct Driver {
    process: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> Driver {
    let port = free_port();
    let exe = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let process = Command::new(&exe)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {exe} (apt install chromium-driver): {e}"));
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { process, port }
}

mod common;

async fn start_server() -> String {
    common::start(ServerConfig::default()).await
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1600",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("WebDriver session")
}

/// Polls `check` until it returns `Some` (10 s at most).
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = check().await {
            return Ok(v);
        }
        if start.elapsed() > Duration::from_secs(10) {
            return Err(format!("timed out waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> Option<String> {
    c.find(Locator::Css(css)).await.ok()?.text().await.ok()
}

/// Runs a scenario; on failure saves a screenshot and panics with its path.
async fn scenario<F, Fut>(name: &str, dir: &Path, c: &Client, run: F)
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut result = run().await;
    // WELFARE_AXE=…/axe.min.js (CI installs axe-core from npm): every page, in the state its
    // scenario leaves it, must pass axe-core's WCAG 2.0/2.1 A and AA rules (BITV 2.0)
    // (languagetool-cors runs on a stand-in for another site's page, not one of ours)
    if let (Ok(()), Some(axe), true) = (
        &result,
        std::env::var_os("WELFARE_AXE"),
        name != "languagetool-cors",
    ) {
        result = accessibility(c, Path::new(&axe)).await;
    }
    // WELFARE_SCREENSHOTS=docs/screenshots keeps a picture of every page after its scenario
    if let (Ok(()), Some(out)) = (&result, std::env::var_os("WELFARE_SCREENSHOTS")) {
        let _ = std::fs::create_dir_all(&out);
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(Path::new(&out).join(format!("{name}.png")), png);
        }
    }
    if let Err(e) = result {
        let shot = dir.join(format!("{name}.png"));
        if let Ok(png) = c.screenshot().await {
            let _ = std::fs::write(&shot, png);
        }
        panic!("{name}: {e} (screenshot: {})", shot.display());
    }
}

/// axe-core's WCAG A/AA violations on the current page, as an error listing each rule, its
/// impact, how many elements and the first of them.
async fn accessibility(c: &Client, axe: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(axe).map_err(|e| format!("{}: {e}", axe.display()))?;
    c.execute(&source, vec![]).await.map_err(err)?;
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.map(v => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${v.nodes[0] ? v.nodes[0].target.join(' ') : ''}`)))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .map_err(err)?;
    let violations: Vec<String> = serde_json::from_value(found).map_err(err)?;
    if violations.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "accessibility (axe-core, WCAG 2.1 AA):\n  {}",
            violations.join("\n  ")
        ))
    }
}

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Types `text` into the element at `css`.
async fn type_into(c: &Client, css: &str, text: &str) -> Result<(), String> {
    c.find(Locator::Css(css))
        .await
        .map_err(err)?
        .send_keys(text)
        .await
        .map_err(err)
}

/// Clicks the element at `css`.
async fn click(c: &Client, css: &str) -> Result<(), String> {
    c.find(Locator::Css(css))
        .await
        .map_err(err)?
        .click()
        .await
        .map_err(err)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromium-driver; CI runs it with --ignored"]
async fn pages_work_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let _keep = dir.path().to_owned();
    let driver = start_driver();
    let base = start_server().await;
    let c = browser(&driver, &dir.path().join("profile")).await;

    scenario("text", dir.path(), &c, || async {
        c.goto(&format!("{base}/text")).await.map_err(err)?;
        let letter = "Sehr geehrte Frau Müller,\nwir haben Ihren Antrag vom 12.03.2024 erhalten. \
                      Leider konnte er nicht bearbeitet werden, da Unterlagen fehlten.";
        type_into(&c, "#input", letter).await?;
        let marks = eventually("underlines", || async {
            let n = c.find_all(Locator::Css("#marked mark")).await.ok()?.len();
            (n >= 3).then_some(n)
        })
        .await?;
        let first = eventually("a finding with its explanation", || async {
            text_of(&c, "#finding")
                .await
                .filter(|t| t.contains("Schreiben Sie"))
        })
        .await?;
        let position = text_of(&c, "#position").await.unwrap_or_default();
        if !position.starts_with("1 / ") {
            return Err(format!("position {position:?} ({marks} marks)"));
        }
        click(&c, "#next").await?;
        let second = text_of(&c, "#finding").await.unwrap_or_default();
        let position = text_of(&c, "#position").await.unwrap_or_default();
        if !position.starts_with("2 / ") || second == first {
            return Err(format!("next did not move: {position:?}"));
        }
        // filter by severity: only infos remain
        click(&c, "#severity option[value=info]").await?;
        let infos = c
            .find_all(Locator::Css("#marked mark.warning"))
            .await
            .map_err(err)?
            .len();
        if infos != 0 {
            return Err(format!("{infos} warnings shown with the info filter"));
        }
        // back to all findings, on the second one (the picture in docs/screenshots)
        click(&c, "#severity option[value='']").await?;
        click(&c, "#next").await?;
        Ok(())
    })
    .await;

    scenario("text-glossary", dir.path(), &c, || async {
        // the translator's list as Excel on Windows saves it: ';', Windows-1252, CRLF
        let glossary = dir.path().join("glossar.csv");
        let mut csv = b"word;explanation;preferred\r\nAntrag;Ein Brief f".to_vec();
        csv.extend_from_slice(b"\xfcr das Amt.;\r\n");
        std::fs::write(&glossary, csv).map_err(err)?;
        type_into(&c, "#glossary", &glossary.display().to_string()).await?;
        eventually("the glossary in use", || async {
            text_of(&c, "#glossary-state")
                .await
                .filter(|t| t.contains("verwendet"))
        })
        .await?;
        // each rule's option counts its findings in this text
        eventually("the glossary's count in the rule selector", || async {
            text_of(&c, "#rule option[value=glossary]")
                .await
                .filter(|t| t.ends_with("(1)"))
        })
        .await?;
        click(&c, "#rule option[value=glossary]").await?;
        eventually("the glossary's explanation as the suggestion", || async {
            text_of(&c, "#finding")
                .await
                .filter(|t| t.contains("Ein Brief für das Amt."))
        })
        .await?;
        Ok(())
    })
    .await;

    scenario("daycare", dir.path(), &c, || async {
        c.goto(&format!("{base}/daycare")).await.map_err(err)?;
        let tiny = root().join("datasets/daycare/tiny");
        for f in ["daycares", "children", "preferences"] {
            let path = tiny.join(format!("{f}.csv"));
            type_into(&c, &format!("input[name={f}]"), &path.display().to_string()).await?;
        }
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the result", || async {
            text_of(&c, "#result")
                .await
                .filter(|t| t.contains("Deferred Acceptance") && t.contains("Berechtigter Neid:"))
        })
        .await?;
        if !text_of(&c, "#result")
            .await
            .is_some_and(|t| t.contains("blockierende Koalitionen"))
        {
            return Err("no blocking coalitions in the summary".into());
        }
        // Kita names beside the ids, hardship as yes/no
        let text = text_of(&c, "#result").await.unwrap_or_default();
        if !(text.contains("Kita Mitte 1 (K001)") && text.contains("nein")) {
            return Err(format!("no Kita names or no plain yes/no: {text}"));
        }
        type_into(&c, "#child", "C0001").await?;
        let buttons = c
            .find_all(Locator::Css("#result button"))
            .await
            .map_err(err)?;
        let mut clicked = false;
        for b in buttons {
            if b.text().await.map_err(err)?.contains("Begründung") {
                b.click().await.map_err(err)?;
                clicked = true;
            }
        }
        if !clicked {
            return Err("no explain button".into());
        }
        eventually("the explanation", || async {
            text_of(&c, "#result .text")
                .await
                .filter(|t| t.contains("C0001"))
        })
        .await?;
        // an id typed in lower case, and Enter instead of the button
        let field = c.find(Locator::Css("#child")).await.map_err(err)?;
        field.clear().await.map_err(err)?;
        field.send_keys("c0002\u{E007}").await.map_err(err)?;
        eventually("the explanation after Enter", || async {
            text_of(&c, "#result .text")
                .await
                .filter(|t| t.contains("C0002"))
        })
        .await?;
        // a row of the table opens its explanation; a failed run keeps the result
        click(&c, "#result tbody tr.pick").await?;
        eventually("the first row's explanation", || async {
            text_of(&c, "#result .text")
                .await
                .filter(|t| t.contains("C0001"))
        })
        .await?;
        let quota = c
            .find(Locator::Css("[name=hardship_quota]"))
            .await
            .map_err(err)?;
        quota.send_keys("zehn").await.map_err(err)?;
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the error beside the kept result", || async {
            let error = text_of(&c, "#error").await?;
            let result = text_of(&c, "#result").await?;
            (error.contains("zehn") && result.contains("C0001")).then_some(())
        })
        .await?;
        Ok(())
    })
    .await;

    scenario("audit", dir.path(), &c, || async {
        c.goto(&format!("{base}/audit?lang=en"))
            .await
            .map_err(err)?;
        let csv = root().join("datasets/fairness/german_credit/predictions.csv");
        type_into(&c, "input[name=file]", &csv.display().to_string()).await?;
        eventually("the file's columns", || async {
            text_of(&c, "form.upload")
                .await
                .filter(|t| t.contains("Columns in the file"))
        })
        .await?;
        type_into(&c, "input[name=sensitive]", "sex,age_group").await?;
        type_into(&c, "input[name=y_score]", "y_score").await?;
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the audit tables", || async {
            text_of(&c, "#result").await.filter(|t| {
                t.contains("By sex")
                    && t.contains("demographic_parity_ratio")
                    && t.contains("Ratio of selection rates (four-fifths rule)")
                    && t.contains("what it means")
            })
        })
        .await?;
        // with scores, the page offers what closing the gap would cost
        eventually("the cost button", || async {
            text_of(&c, "#cost")
                .await
                .filter(|t| t.contains("What would it cost"))
        })
        .await?;
        Ok(())
    })
    .await;

    scenario("falls", dir.path(), &c, || async {
        let recording =
            fall_detection::generate::recording(&fall_detection::generate::SyntheticSpec {
                adults: 1,
                older: 0,
                repetitions: 1,
                ..fall_detection::generate::SyntheticSpec::default()
            })
            .map_err(err)?;
        let path = dir.path().join("signals.csv.gz");
        recording.write(&path).map_err(err)?;
        c.goto(&format!("{base}/falls")).await.map_err(err)?;
        type_into(&c, "input[name=signals]", &path.display().to_string()).await?;
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the alarms and the plot", || async {
            let text = text_of(&c, "#result").await?;
            let plot = c.find(Locator::Css("#result figure svg path")).await.ok();
            (text.contains("Alarme") && plot.is_some()).then_some(())
        })
        .await?;
        // the file is labelled: falls found and false alarms, in words; the plot says what
        // its trial is
        let text = text_of(&c, "#result").await.unwrap_or_default();
        if !(text.contains("erkannt") && text.contains("Alltagsaktivitäten")) {
            return Err(format!("no summary of the labelled file: {text}"));
        }
        let caption = text_of(&c, "#result figcaption").await.unwrap_or_default();
        if !caption.contains("Versuch")
            || !(caption.contains("Sturz") || caption.contains("Alltag"))
        {
            return Err(format!(
                "the plot does not say which trial it shows: {caption}"
            ));
        }
        // any alarm can be plotted: the last row's "Zeigen" plots its trial
        let buttons = c
            .find_all(Locator::Css("#result tbody button"))
            .await
            .map_err(err)?;
        let Some(last) = buttons.last() else {
            return Err("no button to plot an alarm".into());
        };
        let row = text_of(&c, "#result tbody tr:last-child td:nth-child(2)")
            .await
            .ok_or("no alarm row")?;
        last.click().await.map_err(err)?;
        if caption.contains(&row) {
            return Err(format!(
                "the first and the last alarm are of one activity: {row}"
            ));
        }
        eventually("the chosen alarm's plot", || async {
            let caption = text_of(&c, "#result figcaption").await?;
            caption.contains(&row).then_some(())
        })
        .await?;
        // the alarms download as CSV (a button, not only JSON)
        let text = text_of(&c, "#result").await.unwrap_or_default();
        if !text.contains("Alarme als CSV herunterladen") {
            return Err("no CSV download of the alarms".into());
        }
        Ok(())
    })
    .await;

    scenario("triage", dir.path(), &c, || async {
        let cases = debt_triage::generate(&debt_triage::GeneratorSpec::new(200, 3)).map_err(err)?;
        let path = dir.path().join("cases.csv");
        cases.cases.write(&path).map_err(err)?;
        c.goto(&format!("{base}/triage")).await.map_err(err)?;
        type_into(&c, "input[name=cases]", &path.display().to_string()).await?;
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the ranked list", || async {
            let rows = c
                .find_all(Locator::Css("#result tbody tr"))
                .await
                .ok()?
                .len();
            (rows == 200).then_some(())
        })
        .await?;
        // one case typed into the form, with an announced energy cut-off in 3 days
        c.goto(&format!("{base}/triage")).await.map_err(err)?;
        click(&c, "#one-case summary").await?;
        click(&c, "#one-energy_stage option[value=announced]").await?;
        type_into(&c, "#one-deadline_days", "3").await?;
        // the main trigger has no default: an untouched field is not sent as "illness"
        click(&c, "#one-case-form button[type=submit]").await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if text_of(&c, "#result")
            .await
            .is_some_and(|t| t.contains("FORM-1"))
        {
            return Err("the case was scored without a main trigger".into());
        }
        let shown = text_of(&c, "#one-main_trigger").await.unwrap_or_default();
        if !shown.contains("Arbeitslosigkeit") {
            return Err(format!("the triggers are not in staff's words: {shown}"));
        }
        click(&c, "#one-main_trigger option[value=unemployment]").await?;
        click(&c, "#one-case-form button[type=submit]").await?;
        eventually("the one case scored", || async {
            text_of(&c, "#result")
                .await
                .filter(|t| t.contains("FORM-1") && t.contains("U3: in Tagen handeln"))
        })
        .await?;
        Ok(())
    })
    .await;

    scenario("index", dir.path(), &c, || async {
        c.goto(&base).await.map_err(err)?;
        let text = text_of(&c, "main").await.unwrap_or_default();
        if !text.contains("Leichte Sprache prüfen") {
            return Err(format!("index: {text}"));
        }
        Ok(())
    })
    .await;

    // a bad upload shows the file/row/field message next to the form
    scenario("bad-upload", dir.path(), &c, || async {
        c.goto(&format!("{base}/audit?lang=en"))
            .await
            .map_err(err)?;
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "y_true,y_pred,sex\n1,1,f\n0,maybe,m\n").map_err(err)?;
        type_into(&c, "input[name=file]", &bad.display().to_string()).await?;
        type_into(&c, "input[name=sensitive]", "sex").await?;
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the error", || async {
            text_of(&c, "#error")
                .await
                .filter(|t| t.contains("row 3") && t.contains("y_pred"))
        })
        .await?;
        // on the German page, a PDF uploaded by mistake is named in German, with what to do
        c.goto(&format!("{base}/triage")).await.map_err(err)?;
        let pdf = dir.path().join("antrag.csv");
        std::fs::write(&pdf, b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n").map_err(err)?;
        type_into(&c, "input[name=cases]", &pdf.display().to_string()).await?;
        click(&c, "form.upload button[type=submit]").await?;
        eventually("the German error", || async {
            text_of(&c, "#error")
                .await
                .filter(|t| t.contains("PDF-Dokument") && t.contains("CSV"))
        })
        .await?;
        Ok(())
    })
    .await;

    // the translator's one-page letter on a 1366×768 laptop: the explanation stays in view at
    // the last finding, an applied suggestion is undone with Ctrl+Z, the language switch keeps
    // the text, the report downloads as a printable page
    scenario("text-laptop", dir.path(), &c, || async {
        c.set_window_size(1366, 768).await.map_err(err)?;
        // a new letter: forget the text this tab kept from the scenario before
        c.execute("sessionStorage.clear();", vec![]).await.map_err(err)?;
        c.goto(&format!("{base}/text")).await.map_err(err)?;
        let paragraph = "Wir haben Ihren Antrag vom 12.03.2024 erhalten. Leider konnte er nicht \
                         bearbeitet werden, da Unterlagen fehlten.\n";
        type_into(&c, "#input", &paragraph.repeat(12)).await?;
        eventually("many findings", || async {
            let n = c.find_all(Locator::Css("#marked mark")).await.ok()?.len();
            (n >= 30).then_some(n)
        })
        .await?;
        click(&c, "#prev").await?; // from the first finding back to the last one
        let in_view = c
            .execute(
                "const r = document.getElementById('finding').getBoundingClientRect();\
                 return r.top >= 0 && r.top < window.innerHeight - 50;",
                vec![],
            )
            .await
            .map_err(err)?;
        if in_view != serde_json::json!(true) {
            return Err("the explanation scrolled out of view at the last finding".into());
        }
        // one rule: the date; apply its suggestion, then Ctrl+Z
        click(&c, "#rule option[value=date-format]").await?;
        click(&c, "#finding button.apply").await?;
        let value = |c: Client| async move {
            c.execute("return document.getElementById('input').value;", vec![])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let dates = |v: &str| (v.matches("12.03.2024").count(), v.matches("12. März 2024").count());
        let applied = value(c.clone()).await;
        if dates(&applied) != (11, 1) {
            return Err(format!("the suggestion was not applied: {:?}", dates(&applied)));
        }
        c.find(Locator::Css("#input"))
            .await
            .map_err(err)?
            .send_keys("\u{E009}z")
            .await
            .map_err(err)?;
        let undone = value(c.clone()).await;
        if dates(&undone) != (12, 0) {
            return Err(format!("Ctrl+Z did not take the suggestion back: {:?}", dates(&undone)));
        }
        // the language switch keeps the text
        click(&c, "header a.lang").await?;
        eventually("the text after switching to English", || async {
            value(c.clone()).await.starts_with("Wir haben").then_some(())
        })
        .await?;
        // the report as a printable page
        let page = c
            .execute_async(
                "const [done] = arguments;\
                 fetch('/api/text/check?format=html', {method: 'POST', headers: {'Content-Type': 'application/json'},\
                   body: JSON.stringify({text: document.getElementById('input').value})})\
                 .then(r => r.text()).then(done);",
                vec![],
            )
            .await
            .map_err(err)?;
        if !page.as_str().is_some_and(|p| p.contains("<html") && p.contains("12.03.2024")) {
            return Err("the HTML report".into());
        }
        c.set_window_size(1280, 1600).await.map_err(err)?;
        Ok(())
    })
    .await;

    // the rules page that each finding in an editor links to, with the editors' settings
    scenario("rules", dir.path(), &c, || async {
        c.goto(&format!("{base}/text/regeln#passive-voice"))
            .await
            .map_err(err)?;
        let row = text_of(&c, "tr#passive-voice").await.unwrap_or_default();
        if !row.contains("Passiv") || !row.contains("Sagen Sie, wer etwas tut") {
            return Err(format!("rule row: {row:?}"));
        }
        let main = text_of(&c, "main").await.unwrap_or_default();
        if !main.contains(&format!("{base}/v2")) || !main.contains("LibreOffice") {
            return Err(format!("editor settings missing: {main:.300}"));
        }
        Ok(())
    })
    .await;

    // an editor add-in's page on another origin posts to /v2/check with a JSON content type
    // (as ltex-ls labels its form): Chromium sends the CORS preflight first, then the check
    let editor = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let page = axum::Router::new().route(
            "/",
            axum::routing::get(|| async {
                axum::response::Html("<!DOCTYPE html><title>Add-in</title><p>editor</p>")
            }),
        );
        tokio::spawn(async move { axum::serve(listener, page).await });
        format!("http://{address}/")
    };
    scenario("languagetool-cors", dir.path(), &c, || async {
        c.goto(&editor).await.map_err(err)?;
        let answer = c
            .execute_async(
                "const [url, done] = arguments;\
                 fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},\
                   body: 'language=de-DE&text=Das%20Amt%20wurde%20geschlossen.'})\
                 .then(r => r.json())\
                 .then(j => done(j.matches.map(m => m.rule.id).join(',')))\
                 .catch(e => done('error: ' + e));",
                vec![serde_json::json!(format!("{base}/v2/check"))],
            )
            .await
            .map_err(err)?;
        if answer.as_str() != Some("passive-voice") {
            return Err(format!("cross-origin check: {answer}"));
        }
        Ok(())
    })
    .await;

    // a Kita office runs a season on a 1366×768 laptop: create it from the shipped files, run a
    // round, open a child's explanation by clicking its row, record an acceptance; a refused
    // answer shows its reason and leaves the season as it was
    let seasons = dir.path().join("seasons");
    let season_base = common::start(ServerConfig {
        season_store: welfare_server::season::SeasonStore::Dir(seasons.clone()),
        ..ServerConfig::default()
    })
    .await;
    std::fs::create_dir_all(&seasons).unwrap();
    scenario("season", dir.path(), &c, || async {
        c.set_window_size(1366, 768).await.map_err(err)?;
        c.goto(&format!("{season_base}/season"))
            .await
            .map_err(err)?;
        type_into(&c, "#season-name", "kita-2027").await?;
        click(&c, "#create-box summary").await?;
        let tiny = root().join("datasets/daycare/tiny");
        for f in ["daycares", "children", "preferences"] {
            let path = tiny.join(format!("{f}.csv"));
            type_into(
                &c,
                &format!("#create-form input[name={f}]"),
                &path.display().to_string(),
            )
            .await?;
        }
        type_into(&c, "#start", "08/2027").await?;
        click(&c, "#create-form button[type=submit]").await?;
        eventually("the new season", || async {
            text_of(&c, "#summary")
                .await
                .filter(|t| t.starts_with("Runde 0: 20 Kinder"))
        })
        .await?;
        click(&c, "#round-form button[type=submit]").await?;
        eventually("round 1", || async {
            text_of(&c, "#summary")
                .await
                .filter(|t| t.contains("Runde 1: 20 Kinder, 0 Verträge, 16 offene Angebote"))
        })
        .await?;
        click(&c, "#filter-state option[value=offer]").await?;
        click(&c, "#filter-form button[type=submit]").await?;
        eventually("children with an offer", || async {
            text_of(&c, "#page-info")
                .await
                .filter(|t| t.starts_with("1–16 von 16"))
        })
        .await?;
        click(&c, "#child-list tbody tr").await?;
        eventually("the child's explanation", || async {
            text_of(&c, "#detail").await.filter(|t| {
                t.contains("Wünsche der Familie") && t.contains("Angebot – wartet auf Antwort")
            })
        })
        .await?;
        click(&c, "#answer-form button[type=submit]").await?;
        eventually("the contract", || async {
            text_of(&c, "#summary")
                .await
                .filter(|t| t.contains("1 Verträge, 15 offene Angebote"))
        })
        .await?;
        // a contract is final: a decline is refused, with the reason, and nothing changes
        click(&c, "#answer-decision option[value=decline]").await?;
        click(&c, "#answer-form button[type=submit]").await?;
        let error = eventually("the refusal", || async {
            text_of(&c, "#error")
                .await
                .filter(|t| t.contains("Nicht übernommen"))
        })
        .await?;
        // in German, with the reason (no English left in the sentence)
        if !error.contains("hat schon einen Vertrag") || error.contains("contract") {
            return Err(format!("refusal without its German reason: {error}"));
        }
        if !text_of(&c, "#summary")
            .await
            .is_some_and(|t| t.contains("1 Verträge, 15 offene Angebote"))
        {
            return Err("the season changed after a refused answer".into());
        }
        Ok(())
    })
    .await;

    c.close().await.unwrap();
}
