//! The `welfare` binary as a user runs it: exit codes, messages, files written.

// These tests read the CLI's JSON output back without knowing its types.
#![allow(clippy::disallowed_types)]

use std::path::Path;
use std::process::{Command, Output};

fn welfare(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the welfare binary runs")
}

/// Runs `welfare` and asserts it succeeded (stderr in the message).
fn welfare_ok(args: &[&str], cwd: &Path) -> Output {
    let out = welfare(args, cwd);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn repo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn showcase_works_from_any_directory_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let out = welfare(&["showcase", "--out", "report"], tmp.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(tmp.path().join("report/index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "has a chart");
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count(),
        "self-contained: no external resources"
    );
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("report/summary.json")).unwrap(),
    )
    .unwrap();
    let data = &summary["sections"][0]["summary"];
    assert_eq!(data["daycare_instances"][1]["children"], 1000);
    assert_eq!(data["german_credit"]["y_pred_positive"], 770);
    let fairness = &summary["sections"][1];
    assert_eq!(fairness["id"], "fairness");
    let sex = &fairness["summary"]["audits"][0];
    assert!(
        (sex["demographic_parity_difference"].as_f64().unwrap() - 0.1107994389901823).abs() < 1e-12
    );
    let ids: Vec<&str> = summary["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids.len(),
        6,
        "a section per prototype and the data: {ids:?}"
    );
    assert!(summary.get("pending").is_none(), "no scaffolding left");
    assert!(tmp.path().join("report/fairness-audit.html").is_file());
    let text = &summary["sections"][5];
    assert_eq!(text["id"], "easy-language");
    let (hard, easy) = (&text["summary"]["letter"], &text["summary"]["easy_version"]);
    assert!(
        hard["findings"].as_u64().unwrap() > 10 * easy["findings"].as_u64().unwrap().max(1) / 2
    );
    assert!(hard["complexity"].as_f64().unwrap() > easy["complexity"].as_f64().unwrap() + 1.0);
    assert!(tmp.path().join("report/text-check.html").is_file());
    let daycare = &summary["sections"][2];
    assert_eq!(daycare["id"], "daycare");
    let da = &daycare["summary"]["mechanisms"][0];
    assert_eq!(da["mechanism"], "deferred-acceptance");
    assert_eq!(da["placed"], 775); // the reference DA on datasets/daycare/small
    assert_eq!(da["justified_envy_pairs"], 0);
    assert_eq!(daycare["summary"]["mechanisms"][1]["placed"], 786); // the welfare optimum
    // no stale output, same bytes on a second run
    let first = std::fs::read_to_string(tmp.path().join("report/summary.json")).unwrap();
    assert!(
        welfare(&["showcase", "--out", "report"], tmp.path())
            .status
            .success()
    );
    assert_eq!(
        first,
        std::fs::read_to_string(tmp.path().join("report/summary.json")).unwrap()
    );
}

#[test]
fn text_check_and_score() {
    let tmp = tempfile::tempdir().unwrap();
    let letter = tmp.path().join("brief.txt");
    std::fs::write(
        &letter,
        "Der Antrag wurde geprüft.\nBringen Sie z. B. den Ausweis mit.\n",
    )
    .unwrap();
    let out = welfare(
        &[
            "text",
            "check",
            letter.to_str().unwrap(),
            "--format",
            "json",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scores"]["sentences"], 2);
    let rules: Vec<&str> = v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap())
        })
        .collect();
    assert!(
        rules.contains(&"passive-voice") && rules.contains(&"abbreviation"),
        "{rules:?}"
    );
    let f = v["sentences"][1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "abbreviation")
        .unwrap();
    assert_eq!(f["start"], 39); // byte offset: "ü" is 2 bytes
    assert_eq!(f["end"], 44);
    assert_eq!(f["suggestion"], "zum Beispiel");
    let html = welfare(
        &[
            "text",
            "check",
            letter.to_str().unwrap(),
            "--format",
            "html",
            "--profile",
            "hildesheim",
        ],
        tmp.path(),
    );
    assert!(
        String::from_utf8_lossy(&html.stdout)
            .contains("<mark class=\"warning\" title=\"Passiv (Warnung)")
    );

    let csv = tmp.path().join("texts.csv");
    std::fs::write(&csv, "id,text\n1,Wir helfen Ihnen.\n2,\n").unwrap();
    let out = welfare(
        &[
            "text",
            "score",
            "--input",
            csv.to_str().unwrap(),
            "--column",
            "text",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,text,words,sentences,syllables,flesch_reading_ease,wiener_sachtextformel_1,wiener_sachtextformel_2,wiener_sachtextformel_3,wiener_sachtextformel_4,lix,complexity,statements,findings"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("1,Wir helfen Ihnen.,3,1,5,79.5,")
    );
    assert_eq!(lines.next().unwrap(), "2,,0,0,0,,,,,,,,0,0");

    // bad input: clear errors, exit 1, nothing on stdout
    let out = welfare(
        &[
            "text",
            "score",
            "--input",
            csv.to_str().unwrap(),
            "--column",
            "body",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing column 'body'"));
    let bin = tmp.path().join("bild.png");
    std::fs::write(&bin, b"\x89PNG\r\n\x1a\n\x00\x00").unwrap();
    let out = welfare(&["text", "check", bin.to_str().unwrap()], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("bild.png: this is a PNG image, not a text file")
    );
}

fn credit() -> String {
    repo()
        .join("datasets/fairness/german_credit/predictions.csv")
        .display()
        .to_string()
}

#[test]
fn audit_json_has_the_formats_fields_and_peer_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = welfare(
        &[
            "audit",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--y-pred",
            "y_pred",
            "--y-score",
            "y_score",
            "--sensitive",
            "sex,age_group",
            "--privileged",
            "sex=male,age_group=>=25",
            "--bootstrap",
            "200",
            "--seed",
            "7",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"], 1000);
    let audits = v["audits"].as_array().unwrap();
    assert_eq!(audits.len(), 3, "each column and the intersection");
    let sex = &audits[0];
    assert_eq!(sex["sensitive"], serde_json::json!(["sex"]));
    assert_eq!(sex["by_group"][0]["group"]["sex"], "female");
    assert_eq!(sex["by_group"][0]["count"], 310.0);
    let d = &sex["disparities"];
    // fairlearn/AIF360 values from FORMATS.md (German Credit, sex)
    for (k, want) in [
        ("demographic_parity_difference", 0.110799),
        ("demographic_parity_ratio", 0.862249),
        ("equalized_odds_difference", 0.136846),
        ("statistical_parity_difference", -0.110799),
        ("disparate_impact", 0.862249),
        ("average_odds_difference", -0.099376),
        ("theil_index", 0.140933),
        ("generalized_entropy_index", 0.107913),
    ] {
        let got = d[k].as_f64().unwrap_or_else(|| panic!("{k} missing"));
        assert!((got - want).abs() < 5e-7, "{k}: {got} vs {want}");
    }
    let ci = sex["confidence_intervals"]["demographic_parity_difference"]
        .as_array()
        .unwrap();
    assert!(ci[0].as_f64().unwrap() < 0.1108 && 0.1108 < ci[1].as_f64().unwrap());
    let female = &sex["by_group"][0];
    let auc = female["roc_auc"].as_f64().unwrap();
    let auc_ci = female["confidence_intervals"]["roc_auc"]
        .as_array()
        .unwrap();
    assert!(
        auc_ci[0].as_f64().unwrap() < auc && auc < auc_ci[1].as_f64().unwrap(),
        "{auc} {auc_ci:?}"
    );
    assert_eq!(
        audits[2]["sensitive"],
        serde_json::json!(["sex", "age_group"])
    );
    assert_eq!(audits[2]["by_group"].as_array().unwrap().len(), 4);
    assert_eq!(
        audits[2]["comparison"]["privileged"],
        "sex=male,age_group=>=25"
    );
}

#[test]
fn audit_reports_in_markdown_and_html_to_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    for (format, marker) in [("md", "# Fairness audit"), ("html", "<!DOCTYPE html>")] {
        let file = format!("report.{format}");
        let out = welfare(
            &[
                "audit",
                "--input",
                &credit(),
                "--y-true",
                "y_true",
                "--y-pred",
                "y_pred",
                "--sensitive",
                "foreign_worker",
                "--format",
                format,
                "--out",
                &file,
            ],
            tmp.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
        let text = std::fs::read_to_string(tmp.path().join(&file)).unwrap();
        assert!(text.starts_with(marker), "{format}");
        assert!(text.contains("foreign_worker=no"), "{format}");
    }
}

#[test]
fn audit_bad_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("p.csv"), "y,p,s\n1,1,a\n0,2,b\n").unwrap();
    let out = welfare(
        &[
            "audit",
            "--input",
            "p.csv",
            "--y-true",
            "y",
            "--y-pred",
            "p",
            "--sensitive",
            "s",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("p.csv: row 3, field 'p': expected 0 or 1"),
        "{err}"
    );
    std::fs::write(tmp.path().join("one.csv"), "y,p,s\n1,1,a\n0,1,a\n").unwrap();
    let out = welfare(
        &[
            "audit",
            "--input",
            "one.csv",
            "--y-true",
            "y",
            "--y-pred",
            "p",
            "--sensitive",
            "s",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("only one group"));
    let out = welfare(
        &[
            "audit",
            "--input",
            "one.csv",
            "--y-true",
            "y",
            "--y-pred",
            "p",
            "--sensitive",
            "s",
            "--bootstrap",
            "0",
        ],
        tmp.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "zero resamples is a usage error"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--bootstrap"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(welfare(&["audit"], tmp.path()).status.code(), Some(2));
    assert_eq!(
        welfare(&["no-such-command"], tmp.path()).status.code(),
        Some(2)
    );
    let bad_mechanism = welfare(
        &[
            "daycare",
            "allocate",
            "--instance",
            "i",
            "--mechanism",
            "random",
            "--out",
            "a.csv",
        ],
        tmp.path(),
    );
    assert_eq!(bad_mechanism.status.code(), Some(2));
}

#[test]
fn validate_reports_data_errors_with_file_row_field() {
    let tmp = tempfile::tempdir().unwrap();
    let src = repo().join("datasets/daycare/tiny");
    for f in ["daycares.csv", "children.csv", "preferences.csv"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    let ok = welfare(&["validate", "daycare", "--instance", "."], tmp.path());
    assert!(ok.status.success());
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(v["children"], 20);

    let prefs = std::fs::read_to_string(tmp.path().join("preferences.csv")).unwrap();
    std::fs::write(
        tmp.path().join("preferences.csv"),
        prefs.replacen(",K001,", ",K999,", 1),
    )
    .unwrap();
    let bad = welfare(&["validate", "daycare", "--instance", "."], tmp.path());
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("preferences.csv: row 2, field 'daycare_id': unknown daycare id 'K999'"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "one message: {err}");
}

#[test]
fn daycare_generate_allocate_explain_audit() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| welfare_ok(args, tmp.path());
    ok(&[
        "daycare",
        "generate",
        "--children",
        "300",
        "--daycares",
        "12",
        "--seed",
        "5",
        "--out",
        "inst",
    ]);
    ok(&[
        "daycare",
        "allocate",
        "--instance",
        "inst",
        "--mechanism",
        "deferred-acceptance",
        "--out",
        "da.csv",
        "--summary",
        "da.json",
    ]);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("da.json")).unwrap())
            .unwrap();
    for key in [
        "mechanism",
        "children",
        "placed",
        "unplaced",
        "rank_histogram",
        "justified_envy_pairs",
        "families_split",
        "objective",
        "optimal",
        "seconds",
    ] {
        assert!(summary.get(key).is_some(), "summary lacks {key}");
    }
    assert_eq!(summary["justified_envy_pairs"], 0);
    assert_eq!(summary["children"], 300);
    let csv = std::fs::read_to_string(tmp.path().join("da.csv")).unwrap();
    assert_eq!(csv.lines().count(), 301, "one row per child");
    assert!(csv.starts_with("child_id,daycare_id,rank\nC0000001,"));
    let out = ok(&[
        "daycare",
        "allocate",
        "--instance",
        "inst",
        "--mechanism",
        "welfare-optimal",
        "--out",
        "w.csv",
    ]);
    let w: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(w["placed"].as_u64().unwrap() >= summary["placed"].as_u64().unwrap());
    // explain an unplaced child, if any, else the first one
    let unplaced = csv
        .lines()
        .skip(1)
        .find(|l| l.ends_with(",,"))
        .unwrap_or("C0000001,")
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let out = ok(&[
        "daycare",
        "explain",
        "--instance",
        "inst",
        "--assignment",
        "da.csv",
        "--child",
        &unplaced,
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&unplaced) && text.contains("Kind") && text.contains("Child"),
        "{text}"
    );
    let out = ok(&[
        "daycare",
        "audit",
        "--instance",
        "inst",
        "--assignment",
        "da.csv",
    ]);
    let audit: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(audit["by_attribute"][0]["attribute"], "hardship");
    assert!(audit["by_attribute"][0]["groups"][0]["group"]["hardship"].is_string());
    // max-stable on a small generated round (pure-Rust solver): weakly stable, at least DA
    let out = ok(&[
        "daycare",
        "allocate",
        "--instance",
        "inst",
        "--mechanism",
        "max-stable",
        "--out",
        "m.csv",
        "--time-limit",
        "60",
    ]);
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["weakly_blocking_pairs"], 0);
    assert!(m["placed"].as_u64().unwrap() >= summary["placed"].as_u64().unwrap());
    assert!(m["gap"].is_number() && m["solver"].is_string());
    // max-stable with families together: nobody split, and no blocking coalition (families
    // block only as a whole; members' own envy still shows in weakly_blocking_pairs)
    let out = ok(&[
        "daycare",
        "allocate",
        "--instance",
        "inst",
        "--mechanism",
        "max-stable",
        "--out",
        "f.csv",
        "--siblings-together",
        "--time-limit",
        "60",
    ]);
    let f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(f["families_split"], 0);
    assert_eq!(f["blocking_coalitions"], 0);
    assert!(f["placed"].as_u64().unwrap() > 0);
    assert!(m["blocking_coalitions"].is_u64());
    // families together and a hardship quota (integer program): nobody split, no fewer
    // placed than allowed by the welfare optimum without them
    let out = ok(&[
        "daycare",
        "allocate",
        "--instance",
        "inst",
        "--mechanism",
        "welfare-optimal",
        "--out",
        "q.csv",
        "--siblings-together",
        "--hardship-quota",
        "0.1",
    ]);
    let q: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(q["families_split"], 0);
    assert_eq!(q["optimal"], true);
    assert!(q["placed"].as_u64().unwrap() > 0);
    assert!(q["placed"].as_u64().unwrap() <= w["placed"].as_u64().unwrap());
    // the options belong to the optimising mechanisms; a bad share is refused
    for args in [
        [
            "--mechanism",
            "deferred-acceptance",
            "--siblings-together",
            "--out",
        ],
        [
            "--mechanism",
            "welfare-optimal",
            "--hardship-quota=1.5",
            "--out",
        ],
    ] {
        let mut all = vec!["daycare", "allocate", "--instance", "inst"];
        all.extend(args);
        all.push("r.csv");
        let out = welfare(&all, tmp.path());
        // a share outside 0..1 is a usage error (2), a constraint on DA a data-level error (1)
        let expected = if args.contains(&"--hardship-quota=1.5") {
            2
        } else {
            1
        };
        assert_eq!(out.status.code(), Some(expected));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("welfare-optimal") || err.contains("between 0 and 1"),
            "{err}"
        );
        assert!(!tmp.path().join("r.csv").exists());
    }
    // bad input: an unknown child and a broken assignment
    let out = welfare(
        &[
            "daycare",
            "explain",
            "--instance",
            "inst",
            "--assignment",
            "da.csv",
            "--child",
            "nobody",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(
        tmp.path().join("bad.csv"),
        csv.replacen("C0000001,", "C9999999,", 1),
    )
    .unwrap();
    let out = welfare(
        &[
            "daycare",
            "audit",
            "--instance",
            "inst",
            "--assignment",
            "bad.csv",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("bad.csv: row 2, field 'child_id': unknown child id 'C9999999'")
    );
}

#[test]
fn falls_generate_train_evaluate_detect_stream() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| welfare_ok(args, tmp.path());
    ok(&["falls", "generate", "--out", "train.csv.gz", "--seed", "3"]);
    ok(&[
        "falls", "generate", "--out", "test.csv", "--seed", "4", "--adults", "2", "--older", "1",
    ]);
    for detector in ["threshold", "forest"] {
        let model = format!("{detector}.json");
        ok(&[
            "falls",
            "train",
            "--data",
            "train.csv.gz",
            "--detector",
            detector,
            "--out",
            &model,
            "--trees",
            "30",
        ]);
        let out = ok(&["falls", "evaluate", "--model", &model, "--data", "test.csv"]);
        let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for key in [
            "trials",
            "falls",
            "adls",
            "sensitivity",
            "specificity",
            "f1",
            "auc",
            "false_alarms_per_hour",
            "median_latency_s",
        ] {
            assert!(e.get(key).is_some(), "{key} missing");
            assert!(e["by_age_band"]["SA"].get(key).is_some());
        }
        assert_eq!(e["trials"], 48);
        // small synthetic test set (48 trials): the library tests check quality
        assert!(e["sensitivity"].as_f64().unwrap() >= 0.75, "{e}");
        assert!(e["specificity"].as_f64().unwrap() >= 0.75, "{e}");
        // offline and streaming give the same alarms
        let offline = ok(&["falls", "detect", "--model", &model, "--input", "test.csv"]);
        let streamed = ok(&[
            "falls", "detect", "--model", &model, "--input", "test.csv", "--stream",
        ]);
        let text = String::from_utf8(offline.stdout).unwrap();
        assert!(text.starts_with("subject,activity_code,trial,t_impact_s,t_alarm_s,probability\n"));
        assert!(text.lines().count() > 10, "{text}");
        assert_eq!(text, String::from_utf8(streamed.stdout).unwrap());
    }
    // a worn device: about 20 Hz with a jittered clock (every 5th and 7th of 50-Hz samples),
    // lost samples and a 1-s dropout, saved by German Excel (`;`, decimal commas): read, not
    // refused; stderr says what was filled, offline and streaming agree
    let csv = std::fs::read_to_string(tmp.path().join("test.csv")).unwrap();
    let mut worn = Vec::new();
    for (k, line) in csv.lines().enumerate() {
        let keep = k == 0 || (k % 5 == 0 || k % 5 == 2) && !(200..250).contains(&k) && k % 37 != 0;
        if keep {
            worn.push(line.replace(',', ";").replace('.', ","));
        }
    }
    std::fs::write(tmp.path().join("worn.csv"), worn.join("\r\n")).unwrap();
    let offline = ok(&[
        "falls",
        "detect",
        "--model",
        "forest.json",
        "--input",
        "worn.csv",
    ]);
    let note = String::from_utf8_lossy(&offline.stderr);
    assert!(
        note.contains("filled by interpolation") && note.contains("1 longer dropouts"),
        "{note}"
    );
    let streamed = ok(&[
        "falls",
        "detect",
        "--model",
        "forest.json",
        "--input",
        "worn.csv",
        "--stream",
    ]);
    assert!(String::from_utf8_lossy(&offline.stdout).lines().count() > 5);
    assert_eq!(offline.stdout, streamed.stdout);
    // without --model: the shipped accelerometer-only model (as `welfare serve`) reads it too
    let shipped = ok(&["falls", "detect", "--input", "worn.csv"]);
    assert!(String::from_utf8_lossy(&shipped.stdout).lines().count() > 5);
    // `falls watch`: two wearers interleaved (German `;` file): one falls and lies still, the
    // other walks; one alarm after the cancel window, for the one who fell
    let mut lines = vec!["subject;t_s;ax_g;ay_g;az_g;button".to_owned()];
    let rows: Vec<Vec<String>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (ct, cx, cy, cz, ca) = (
        col("t_s"),
        col("ax_g"),
        col("ay_g"),
        col("az_g"),
        col("activity_code"),
    );
    let first_of = |code: &str| -> Vec<(f64, [String; 3])> {
        let subject = &rows.iter().find(|r| r[ca] == code).unwrap()[col("subject")];
        rows.iter()
            .filter(|r| r[ca] == code && &r[col("subject")] == subject && r[col("trial")] == "1")
            .map(|r| {
                (
                    r[ct].parse().unwrap(),
                    [r[cx].clone(), r[cy].clone(), r[cz].clone()],
                )
            })
            .collect()
    };
    let mut fall = first_of("F01");
    let (end, last) = fall.last().cloned().unwrap();
    for k in 1..=(15 * 50) {
        fall.push((end + k as f64 / 50.0, last.clone()));
    }
    let walk = first_of("D01");
    for k in 0..fall.len().max(walk.len()) {
        for (name, s) in [("Frau A", &fall), ("Herr B", &walk)] {
            if let Some((t, a)) = s.get(k) {
                lines.push(format!("{name};{t:.3};{};{};{};0", a[0], a[1], a[2]).replace('.', ","));
            }
        }
    }
    std::fs::write(tmp.path().join("wearers.csv"), lines.join("\n")).unwrap();
    let out = ok(&[
        "falls",
        "watch",
        "--input",
        "wearers.csv",
        "--cancel-window",
        "10",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let events: Vec<&str> = text.lines().skip(1).collect();
    assert!(events.iter().all(|e| e.contains("Frau A")), "{text}");
    assert!(events.iter().any(|e| e.contains(",candidate,")), "{text}");
    assert!(
        events.last().unwrap().contains(",alarm,")
            && events.last().unwrap().ends_with("still_down"),
        "{text}"
    );

    // an operating point by target false alarms: the forest has points, the shipped threshold
    // model has none (a clear refusal)
    let out = ok(&[
        "falls",
        "watch",
        "--input",
        "wearers.csv",
        "--model",
        "forest.json",
        "--false-alarms-per-hour",
        "1000",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("operating point: cut-off"));
    let out = welfare(
        &[
            "falls",
            "watch",
            "--input",
            "wearers.csv",
            "--false-alarms-per-hour",
            "1",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no operating points"));

    // a sensor set the library does not know: exit 2 with its names
    let out = welfare(
        &[
            "falls",
            "train",
            "--data",
            "train.csv.gz",
            "--detector",
            "forest",
            "--sensors",
            "gyro",
            "--out",
            "g.json",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("accel, accel+gyro"));

    // bad input: a NaN in the stream names the row and field; a missing model file
    let mut lines: Vec<String> = csv.lines().take(200).map(str::to_owned).collect();
    let fields: Vec<&str> = lines[100].split(',').collect();
    let mut broken: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    broken[1] = "NaN".into();
    lines[100] = broken.join(",");
    std::fs::write(tmp.path().join("bad.csv"), lines.join("\n")).unwrap();
    let out = welfare(
        &[
            "falls",
            "detect",
            "--model",
            "forest.json",
            "--input",
            "bad.csv",
            "--stream",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 101") && err.contains("ax_g"), "{err}");
    let out = welfare(
        &[
            "falls",
            "evaluate",
            "--model",
            "none.json",
            "--data",
            "test.csv",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.json"));
    // an empty folder is not silently "no trials"
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let out = welfare(
        &[
            "falls",
            "train",
            "--data",
            "empty",
            "--detector",
            "threshold",
            "--out",
            "x.json",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no signal files"));
    assert!(!tmp.path().join("x.json").exists());
}

#[test]
fn triage_generate_train_score_evaluate() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| welfare_ok(args, tmp.path());
    ok(&[
        "triage",
        "generate",
        "--cases",
        "1500",
        "--seed",
        "1",
        "--out",
        "train.csv",
    ]);
    ok(&[
        "triage", "generate", "--cases", "800", "--seed", "2", "--out", "test.csv",
    ]);
    ok(&[
        "triage",
        "train",
        "--data",
        "train.csv",
        "--model",
        "logistic",
        "--target",
        "urgency_true",
        "--out",
        "m.json",
    ]);
    ok(&[
        "triage",
        "score",
        "--model",
        "m.json",
        "--data",
        "test.csv",
        "--out",
        "scored.csv",
    ]);
    let scored = std::fs::read_to_string(tmp.path().join("scored.csv")).unwrap();
    let header = scored.lines().next().unwrap();
    for col in [
        "case_id",
        "urgency_score",
        "urgency_pred",
        "track_pred",
        "reasons",
    ] {
        assert!(
            header.split(',').any(|h| h == col),
            "{col} missing in {header}"
        );
    }
    assert_eq!(scored.lines().count(), 801);
    let out = ok(&[
        "triage", "evaluate", "--model", "m.json", "--data", "test.csv",
    ]);
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "missed_emergencies",
        "recall",
        "brier",
        "ece",
        "rankings",
        "fairness",
    ] {
        assert!(e.get(key).is_some(), "{key} missing");
    }
    for baseline in ["first-come", "checklist"] {
        assert!(e["rankings"][baseline]["missed_emergencies"].is_u64());
    }
    let audited: Vec<String> = e["fairness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["attributes"].to_string())
        .collect();
    for attribute in ["sex", "nationality_group", "household_type"] {
        assert!(audited.iter().any(|a| a.contains(attribute)), "{audited:?}");
    }
    // bad input names row and field; nothing is written
    let csv = std::fs::read_to_string(tmp.path().join("test.csv")).unwrap();
    let bad = csv.replacen(",normal,", ",weird,", 1);
    std::fs::write(tmp.path().join("bad.csv"), bad).unwrap();
    let out = welfare(
        &[
            "triage", "score", "--model", "m.json", "--data", "bad.csv", "--out", "x.csv",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv") && err.contains("row") && err.contains("account_status"),
        "{err}"
    );
    assert!(!tmp.path().join("x.csv").exists());
}

#[test]
fn triage_train_dumps_the_features_it_fits_on() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| welfare_ok(args, tmp.path());
    ok(&["triage", "generate", "--cases", "500", "--out", "cases.csv"]);
    ok(&[
        "triage",
        "train",
        "--data",
        "cases.csv",
        "--model",
        "logistic",
        "--target",
        "urgency_true",
        "--out",
        "m.json",
        "--dump-features",
        "features.csv",
    ]);
    let text = std::fs::read_to_string(tmp.path().join("features.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], &["case_id", "urgency", "track"]);
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("m.json")).unwrap()).unwrap();
    let names: Vec<&str> = model["pipeline"]["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(&header[3..], names.as_slice());
    // the calibration share (20 %) is not fitted on
    assert_eq!(lines.count(), 400);
    // an output folder that does not exist is refused before training
    let out = welfare(
        &[
            "triage",
            "train",
            "--data",
            "cases.csv",
            "--model",
            "logistic",
            "--target",
            "urgency_true",
            "--out",
            "m2.json",
            "--dump-features",
            "no/such/dir/f.csv",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!tmp.path().join("m2.json").exists());
}

#[test]
fn triage_boosting_trains_scores_and_evaluate_dumps_the_test_features() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| welfare_ok(args, tmp.path());
    ok(&["triage", "generate", "--cases", "600", "--out", "train.csv"]);
    ok(&[
        "triage", "generate", "--cases", "300", "--seed", "5", "--out", "test.csv",
    ]);
    ok(&[
        "triage",
        "train",
        "--data",
        "train.csv",
        "--model",
        "boosting",
        "--target",
        "urgency_true",
        "--out",
        "m.json",
    ]);
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("m.json")).unwrap()).unwrap();
    assert_eq!(model["kind"], "boosting");
    assert_eq!(model["urgency"]["classifier"]["type"], "boosted");
    ok(&[
        "triage",
        "score",
        "--model",
        "m.json",
        "--data",
        "test.csv",
        "--out",
        "scored.csv",
    ]);
    let out = ok(&[
        "triage",
        "evaluate",
        "--model",
        "m.json",
        "--data",
        "test.csv",
        "--dump-features",
        "test_features.csv",
    ]);
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["model"], "boosting");
    let text = std::fs::read_to_string(tmp.path().join("test_features.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..3], &["case_id", "urgency_true", "track_true"]);
    assert_eq!(
        header.len() - 3,
        model["pipeline"]["names"].as_array().unwrap().len()
    );
    // every evaluated case, not only a share
    assert_eq!(lines.count(), 300);
}

#[test]
fn text_check_with_a_glossary_saved_by_german_excel() {
    let tmp = tempfile::tempdir().unwrap();
    // ';', BOM, CRLF, a blank last line, an empty preferred form
    std::fs::write(
        tmp.path().join("glossar.csv"),
        "\u{feff}word;explanation;preferred\r\nJobcenter;Das Amt für Arbeit und Geld.;Job-Center\r\nWohngeld;Geld für die Miete.;\r\n\r\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("brief.txt"),
        "Das Jobcenter zahlt.\nSie bekommen Wohngeld.\n",
    )
    .unwrap();
    let out = welfare_ok(
        &[
            "text",
            "check",
            "brief.txt",
            "--glossary",
            "glossar.csv",
            "--format",
            "json",
        ],
        tmp.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<(String, String)> = report["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap().clone())
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["suggestion"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let has =
        |rule: &str, suggestion: &str| findings.iter().any(|(r, s)| r == rule && s == suggestion);
    assert!(
        has("glossary", "Das Amt für Arbeit und Geld."),
        "{findings:?}"
    );
    assert!(has("glossary", "Geld für die Miete."), "{findings:?}");
    assert!(has("preferred-form", "Job-Center"), "{findings:?}");
    assert!(
        !findings.iter().any(|(r, _)| r == "rare-word"),
        "{findings:?}"
    );
    // a glossary without a word column: the file and what it has
    std::fs::write(tmp.path().join("falsch.csv"), "wort,erklärung\nAmt,x\n").unwrap();
    let out = welfare(
        &["text", "check", "brief.txt", "--glossary", "falsch.csv"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("falsch.csv") && err.contains("word"), "{err}");
}

#[test]
fn text_check_one_rule_at_a_time_with_counts_per_rule() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("brief.txt"),
        "Die Sicherung und die Änderung der Zahlung sind wichtig.\nIm Jahr gab es 250000 Anträge.\n",
    )
    .unwrap();
    let all = welfare_ok(&["text", "check", "brief.txt"], tmp.path());
    let all = String::from_utf8_lossy(&all.stdout);
    assert!(
        all.contains("findings per rule: ") && all.contains("nominal-style 3"),
        "{all}"
    );
    assert!(
        all.contains("big-number 1") && all.contains("preterite 1"),
        "{all}"
    );
    let one = welfare_ok(
        &["text", "check", "brief.txt", "--rule", "big-number"],
        tmp.path(),
    );
    let one = String::from_utf8_lossy(&one.stdout);
    assert!(
        one.starts_with("15 words, 2 sentences, 1 finding "),
        "{one}"
    );
    assert!(one.contains("findings per rule: big-number 1\n"), "{one}");
    assert!(!one.contains("nominal-style"), "{one}");
    let html = welfare_ok(
        &[
            "text",
            "check",
            "brief.txt",
            "--rule",
            "nominal-style",
            "--format",
            "html",
        ],
        tmp.path(),
    );
    let html = String::from_utf8_lossy(&html.stdout);
    assert!(
        html.contains("<h2>Hinweise je Regel</h2>"),
        "counts per rule on the page"
    );
    assert!(
        html.contains("nur die Regeln nominal-style"),
        "the page says which rule"
    );
    assert!(!html.contains("<code>big-number</code>"));
    let unknown = welfare(
        &["text", "check", "brief.txt", "--rule", "nope"],
        tmp.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("known: sentence-too-long"));
}

/// `welfare mitigate threshold` writes the input rows with every row's probability — equal to
/// fairlearn 0.15's on German Credit (the reference numbers of the library's parity test) — and
/// seeded decisions; `welfare mitigate reweigh` writes AIF360's weights.
#[test]
fn mitigate_writes_fairlearns_probabilities_and_aif360s_weights() {
    let tmp = tempfile::tempdir().unwrap();
    let reference: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            repo().join("crates/fairness-audit/tests/data/mitigation_reference.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let case = reference["threshold_optimizer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "credit sex eo accuracy")
        .unwrap();
    let out = welfare_ok(
        &[
            "mitigate",
            "threshold",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--y-score",
            "y_score",
            "--y-pred",
            "y_pred",
            "--sensitive",
            "sex",
            "--constraint",
            "equalized_odds",
            "--out",
            "decisions.csv",
            "--seed",
            "3",
        ],
        tmp.path(),
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["x_best"], case["expected"]["x_best"]);
    let text = std::fs::read_to_string(tmp.path().join("decisions.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let p_col = header.iter().position(|h| *h == "p_positive").unwrap();
    let d_col = header
        .iter()
        .position(|h| *h == "y_pred_mitigated")
        .unwrap();
    let expected = case["expected"]["pmf"].as_array().unwrap();
    let mut rows = 0;
    for (line, want) in lines.zip(expected) {
        let cells: Vec<&str> = line.split(',').collect();
        let p: f64 = cells[p_col].parse().unwrap();
        assert!(
            (p - want.as_f64().unwrap()).abs() <= 1e-12,
            "row {rows}: {p} vs {want}"
        );
        assert!(cells[d_col] == "0" || cells[d_col] == "1");
        rows += 1;
    }
    assert_eq!(rows, 1000);
    // the same seed, the same file
    welfare_ok(
        &[
            "mitigate",
            "threshold",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--y-score",
            "y_score",
            "--y-pred",
            "y_pred",
            "--sensitive",
            "sex",
            "--constraint",
            "equalized_odds",
            "--out",
            "again.csv",
            "--seed",
            "3",
        ],
        tmp.path(),
    );
    assert_eq!(
        text,
        std::fs::read_to_string(tmp.path().join("again.csv")).unwrap()
    );
    let bad = welfare(
        &[
            "mitigate",
            "threshold",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--y-score",
            "y_score",
            "--sensitive",
            "sex",
            "--constraint",
            "equalized_odds",
            "--objective",
            "selection_rate",
            "--out",
            "x.csv",
        ],
        tmp.path(),
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("equalized_odds supports only"));
    welfare_ok(
        &[
            "mitigate",
            "reweigh",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--sensitive",
            "sex",
            "--out",
            "weights.csv",
        ],
        tmp.path(),
    );
    let w = std::fs::read_to_string(tmp.path().join("weights.csv")).unwrap();
    assert!(w.lines().next().unwrap().ends_with(",weight"));
    assert_eq!(w.lines().count(), 1001);
    // AIF360's reject option classification: the same labels as AIF360 gives, row by row
    let case = reference["reject_option"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "credit sex spd")
        .unwrap();
    let out = welfare_ok(
        &[
            "mitigate",
            "reject-option",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--y-score",
            "y_score",
            "--sensitive",
            "sex",
            "--privileged",
            "sex=male",
            "--out",
            "roc.csv",
            "--report",
            "roc.html",
        ],
        tmp.path(),
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["method"], "reject_option");
    assert_eq!(
        summary["classification_threshold"],
        case["expected"]["classification_threshold"]
    );
    let text = std::fs::read_to_string(tmp.path().join("roc.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let d_col = header
        .iter()
        .position(|h| *h == "y_pred_mitigated")
        .unwrap();
    let labels: Vec<i64> = lines
        .map(|l| l.split(',').nth(d_col).unwrap().parse().unwrap())
        .collect();
    let expected: Vec<i64> = case["expected"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(labels, expected);
    let html = std::fs::read_to_string(tmp.path().join("roc.html")).unwrap();
    assert!(html.contains("Reject option classification as AIF360 computes it"));
    // calibrated equalized odds without a privileged group is refused by clap, naming the flag
    let bad = welfare(
        &[
            "mitigate",
            "calibrated",
            "--input",
            &credit(),
            "--y-true",
            "y_true",
            "--y-score",
            "y_score",
            "--sensitive",
            "sex",
            "--out",
            "c.csv",
        ],
        tmp.path(),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--privileged"));
}
