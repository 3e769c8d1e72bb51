//! The `welfare` binary as a user runs it: exit codes, messages, files written.

use std::path::Path;
use std::process::{Command, Output};

fn welfare(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the welfare binary runs")
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
    // no stale output, same bytes on a second run
    let first = std::fs::read(tmp.path().join("report/summary.json")).unwrap();
    assert!(
        welfare(&["showcase", "--out", "report"], tmp.path())
            .status
            .success()
    );
    assert_eq!(
        first,
        std::fs::read(tmp.path().join("report/summary.json")).unwrap()
    );
}

#[test]
fn unbuilt_prototypes_say_so_and_fail() {
    let tmp = tempfile::tempdir().unwrap();
    let out = welfare(
        &[
            "audit",
            "--input",
            "x.csv",
            "--y-true",
            "y",
            "--y-pred",
            "p",
            "--sensitive",
            "sex",
        ],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no fake output");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not available yet") && err.contains("issue #3"),
        "{err}"
    );
    let out = welfare(&["text", "check", "-"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
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
