//! The first hour of a new user (issue "The first hour"): one test per point, each asserting
//! the message or the output. Fixtures are made by the tests.

// These tests read the CLI's JSON output back without knowing its types.
#![allow(clippy::disallowed_types)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn welfare(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the welfare binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// German Excel: BOM, `;`, decimal comma, CRLF, a row of bare separators, a blank last line.
fn german_excel(text: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for line in text.lines() {
        let fields: Vec<String> = line
            .split(',')
            .map(|f| {
                if f.contains('.') && f.parse::<f64>().is_ok() {
                    f.replace('.', ",")
                } else {
                    f.to_owned()
                }
            })
            .collect();
        out.extend_from_slice(fields.join(";").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b";;;\r\n\r\n");
    out
}

/// Points 1 and 2: the German Credit predictions saved by German Excel give the same audit
/// as the shipped file; a Windows-1252 file is decoded with one notice.
#[test]
fn excel_files_audit_like_the_original() {
    let tmp = tempfile::tempdir().unwrap();
    let original = repo().join("datasets/fairness/german_credit/predictions.csv");
    let text = std::fs::read_to_string(&original).unwrap();
    std::fs::write(tmp.path().join("excel.csv"), german_excel(&text)).unwrap();
    let args = |input: &str| {
        vec![
            "audit".to_owned(),
            "--input".into(),
            input.into(),
            "--y-true".into(),
            "y_true".into(),
            "--y-pred".into(),
            "y_pred".into(),
            "--y-score".into(),
            "y_score".into(),
            "--sensitive".into(),
            "sex,age_group".into(),
        ]
    };
    let run = |input: &str| {
        let a = args(input);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        welfare(&a, tmp.path())
    };
    let a = run(original.to_str().unwrap());
    let b = run("excel.csv");
    assert!(b.status.success(), "{}", stderr(&b));
    let (ja, jb): (serde_json::Value, serde_json::Value) = (
        serde_json::from_slice(&a.stdout).unwrap(),
        serde_json::from_slice(&b.stdout).unwrap(),
    );
    assert_eq!(ja["audits"], jb["audits"]);
    assert_eq!(jb["rows"], 1000);
    // Windows-1252 with an umlaut in a group value: decoded, one notice on stderr
    std::fs::write(
        tmp.path().join("w.csv"),
        b"y_true;y_pred;sex\r\n1;1;M\xE4nnlich\r\n0;1;weiblich\r\n1;0;M\xE4nnlich\r\n0;0;weiblich\r\n",
    )
    .unwrap();
    let o = welfare(
        &[
            "validate",
            "predictions",
            "--input",
            "w.csv",
            "--y-true",
            "y_true",
            "--y-pred",
            "y_pred",
            "--sensitive",
            "sex",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["groups"]["sex"][0], "Männlich");
    let err = stderr(&o);
    assert_eq!(err.matches("Windows-1252").count(), 1, "{err}");
    // --quiet: no notice
    let o = welfare(
        &[
            "validate",
            "predictions",
            "--input",
            "w.csv",
            "--y-true",
            "y_true",
            "--y-pred",
            "y_pred",
            "--sensitive",
            "sex",
            "--quiet",
        ],
        tmp.path(),
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// Point 3: a missing file and a folder are named once, without repeated OS text.
#[test]
fn io_errors_are_said_once() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("folder")).unwrap();
    for input in ["missing.csv", "folder"] {
        let o = welfare(
            &[
                "audit",
                "--input",
                input,
                "--y-true",
                "a",
                "--y-pred",
                "b",
                "--sensitive",
                "c",
            ],
            tmp.path(),
        );
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(input), "{err}");
        assert!(!err.contains("os error"), "{err}");
    }
    let o = welfare(
        &[
            "audit",
            "--input",
            "folder",
            "--y-true",
            "a",
            "--y-pred",
            "b",
            "--sensitive",
            "c",
        ],
        tmp.path(),
    );
    assert_eq!(
        stderr(&o).trim(),
        "error: folder: is a folder, expected a file"
    );
    // an empty signal folder: said once
    let o = welfare(
        &[
            "falls",
            "train",
            "--data",
            "folder",
            "--detector",
            "threshold",
            "--out",
            "m.json",
        ],
        tmp.path(),
    );
    let err = stderr(&o);
    assert_eq!(err.matches("no signal files").count(), 1, "{err}");
}

/// Point 5: `--format` is the output format; a format a command cannot render is a usage error.
#[test]
fn format_is_the_output_and_refused_when_unavailable() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = repo().join("datasets/daycare/tiny");
    let inst = inst.to_str().unwrap();
    assert!(
        welfare(
            &[
                "daycare",
                "allocate",
                "--instance",
                inst,
                "--mechanism",
                "deferred-acceptance",
                "--out",
                "a.csv",
            ],
            tmp.path(),
        )
        .status
        .success()
    );
    let child = std::fs::read_to_string(tmp.path().join("a.csv")).unwrap();
    let child = child
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_owned();
    let explain = |format: &str| {
        welfare(
            &[
                "daycare",
                "explain",
                "--instance",
                inst,
                "--assignment",
                "a.csv",
                "--child",
                &child,
                "--format",
                format,
            ],
            tmp.path(),
        )
    };
    assert_eq!(explain("html").status.code(), Some(2));
    let j = explain("json");
    assert!(j.status.success());
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(v["child_id"], child.as_str());
    // audit and verify as text
    for cmd in ["audit", "verify"] {
        let o = welfare(
            &[
                "daycare",
                cmd,
                "--instance",
                inst,
                "--assignment",
                "a.csv",
                "--format",
                "text",
            ],
            tmp.path(),
        );
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        let t = String::from_utf8(o.stdout).unwrap();
        assert!(t.contains("children: 20"), "{cmd}: {t}");
    }
    // the old input-format spelling is gone, --input-format works
    let o = welfare(
        &[
            "validate", "signals", "--input", "x.txt", "--format", "sisfall",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let o = welfare(
        &[
            "validate",
            "signals",
            "--input",
            "x.txt",
            "--input-format",
            "sisfall",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1), "a data error now: {}", stderr(&o));
}

/// Point 6: `--out` everywhere; an output that cannot be written fails before any work.
#[test]
fn out_is_checked_before_the_work() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("letter.txt"),
        "Sehr geehrte Damen und Herren.\n",
    )
    .unwrap();
    let o = welfare(
        &[
            "text",
            "check",
            "letter.txt",
            "--format",
            "html",
            "--out",
            "check.html",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(tmp.path().join("check.html"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    // a failing check leaves no file behind
    let o = welfare(
        &["text", "check", "missing.txt", "--out", "none.txt"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!tmp.path().join("none.txt").exists());
    // a missing output folder is reported at once, before generating or training
    let start = std::time::Instant::now();
    let o = welfare(
        &[
            "triage",
            "train",
            "--data",
            "cases.csv",
            "--model",
            "forest",
            "--target",
            "urgency_true",
            "--out",
            "/nonexistent/m.json",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/m.json") && err.contains("does not exist"),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 5);
}

/// Point 7: every option has a description; out-of-range values are usage errors.
#[test]
fn help_and_ranges() {
    let tmp = tempfile::tempdir().unwrap();
    let help = welfare(&["daycare", "allocate", "--help"], tmp.path());
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(
        text.contains("--time-limit") && text.contains("seconds"),
        "{text}"
    );
    let gen_help =
        String::from_utf8(welfare(&["falls", "generate", "--help"], tmp.path()).stdout).unwrap();
    assert!(gen_help.contains("[default: 1]"), "{gen_help}");
    for args in [
        vec!["triage", "generate", "--cases", "0", "--out", "c.csv"],
        vec![
            "daycare",
            "generate",
            "--children",
            "0",
            "--daycares",
            "2",
            "--out",
            "d",
        ],
        vec![
            "falls",
            "train",
            "--data",
            "x",
            "--detector",
            "forest",
            "--out",
            "m.json",
            "--trees",
            "0",
        ],
        vec![
            "audit",
            "--input",
            "x",
            "--y-true",
            "a",
            "--y-pred",
            "b",
            "--sensitive",
            "c",
            "--tau",
            "2",
        ],
    ] {
        let o = welfare(&args, tmp.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

/// Point 8: outputs use the command line's own spellings and integer counts.
#[test]
fn triage_outputs_use_cli_spellings() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| {
        let o = welfare(args, tmp.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    };
    ok(&["triage", "generate", "--cases", "600", "--out", "cases.csv"]);
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
    ]);
    let o = ok(&[
        "triage",
        "evaluate",
        "--model",
        "m.json",
        "--data",
        "cases.csv",
    ]);
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(e["model"], "logistic");
    assert_eq!(e["target"], "urgency_true");
    let group = &e["fairness"][0]["groups"][0];
    assert!(group["emergencies"].is_u64(), "{group}");
    // unlabelled data: the message names the file
    ok(&[
        "triage",
        "score",
        "--model",
        "m.json",
        "--data",
        "cases.csv",
        "--out",
        "s.csv",
    ]);
    let text = std::fs::read_to_string(tmp.path().join("cases.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| !header[i].starts_with("urgency_") && header[i] != "track_true")
        .collect();
    let unlabelled: String = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            keep.iter().map(|&i| f[i]).collect::<Vec<_>>().join(",") + "\n"
        })
        .collect();
    std::fs::write(tmp.path().join("new.csv"), unlabelled).unwrap();
    let o = welfare(
        &[
            "triage", "evaluate", "--model", "m.json", "--data", "new.csv",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("error: new.csv: "), "{err}");
    assert!(!err.contains("training data"), "{err}");
}

/// Point 9: a closed pipe ends quietly with exit 0.
#[test]
fn a_closed_pipe_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut csv = String::from("text\n");
    for i in 0..20_000 {
        csv += &format!("Das ist Satz Nummer {i}. Er ist kurz.\n");
    }
    std::fs::write(tmp.path().join("t.csv"), csv).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args(["text", "score", "--input", "t.csv", "--column", "text"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // read one line, then close the pipe (as `| head -1` does)
    {
        let mut out = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        loop {
            std::io::Read::read_exact(&mut out, &mut byte).unwrap();
            if byte[0] == b'\n' {
                break;
            }
        }
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// Point 10: `daycare verify` exists; unknown output extensions are refused.
#[test]
fn verify_and_output_extensions() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = repo().join("datasets/daycare/tiny");
    let inst = inst.to_str().unwrap();
    let o = welfare(
        &[
            "daycare",
            "allocate",
            "--instance",
            inst,
            "--mechanism",
            "boston",
            "--out",
            "b.csv",
        ],
        tmp.path(),
    );
    assert!(o.status.success());
    let o = welfare(
        &[
            "daycare",
            "verify",
            "--instance",
            inst,
            "--assignment",
            "b.csv",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "capacity_respected",
        "eligible",
        "justified_envy_pairs",
        "families_split",
        "weakly_blocking_pairs",
        "stable",
    ] {
        assert!(v.get(key).is_some(), "{key}: {v}");
    }
    assert_eq!(v["capacity_respected"], true);
    let summary: serde_json::Value = serde_json::from_slice(
        &welfare(
            &[
                "daycare",
                "allocate",
                "--instance",
                inst,
                "--mechanism",
                "boston",
                "--out",
                "b2.csv",
            ],
            tmp.path(),
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(v["justified_envy_pairs"], summary["justified_envy_pairs"]);
    // .xlsx is refused before any work, .parquet is written as Parquet
    let o = welfare(
        &[
            "triage",
            "generate",
            "--cases",
            "100",
            "--out",
            "cases.xlsx",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(".parquet"), "{}", stderr(&o));
    assert!(!tmp.path().join("cases.xlsx").exists());
    let o = welfare(
        &[
            "triage",
            "generate",
            "--cases",
            "100",
            "--out",
            "cases.parquet",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read(tmp.path().join("cases.parquet"))
            .unwrap()
            .starts_with(b"PAR1")
    );
}

/// Points 13 to 16: stream mode checks what offline mode checks, reads gzip and quoted CSV,
/// and alarms carry the activity code.
#[test]
fn streaming_is_as_safe_as_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let ok = |args: &[&str]| {
        let o = welfare(args, tmp.path());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    };
    ok(&[
        "falls",
        "generate",
        "--out",
        "signals.csv.gz",
        "--seed",
        "2",
    ]);
    ok(&[
        "falls",
        "train",
        "--data",
        "signals.csv.gz",
        "--detector",
        "threshold",
        "--out",
        "model.json",
    ]);
    // the README's command: gzip in stream mode
    let streamed = ok(&[
        "falls",
        "detect",
        "--model",
        "model.json",
        "--input",
        "signals.csv.gz",
        "--stream",
    ]);
    let offline = ok(&[
        "falls",
        "detect",
        "--model",
        "model.json",
        "--input",
        "signals.csv.gz",
    ]);
    assert_eq!(streamed.stdout, offline.stdout);
    let text = String::from_utf8(offline.stdout).unwrap();
    assert!(text.starts_with("subject,activity_code,trial,"));
    let row: Vec<&str> = text.lines().nth(1).expect("an alarm").split(',').collect();
    assert!(
        row[1].starts_with('F') || row[1].starts_with('D'),
        "{row:?}"
    );
    // m/s² instead of g: refused in both modes with the same hint
    ok(&[
        "falls",
        "generate",
        "--out",
        "plain.csv",
        "--seed",
        "2",
        "--adults",
        "1",
        "--older",
        "0",
    ]);
    let csv = std::fs::read_to_string(tmp.path().join("plain.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let cols: Vec<&str> = header.split(',').collect();
    let acc: Vec<usize> = ["ax_g", "ay_g", "az_g"]
        .iter()
        .map(|c| cols.iter().position(|h| h == c).unwrap())
        .collect();
    let mut ms2 = String::from(header) + "\n";
    for l in lines {
        let mut f: Vec<String> = l.split(',').map(str::to_owned).collect();
        for &i in &acc {
            f[i] = format!("{:.4}", f[i].parse::<f64>().unwrap() * 9.80665);
        }
        // quoted subject fields: read by the csv crate in stream mode
        let s = cols.iter().position(|h| *h == "subject").unwrap();
        f[s] = format!("\"{}\"", f[s]);
        ms2 += &(f.join(",") + "\n");
    }
    std::fs::write(tmp.path().join("ms2.csv"), ms2).unwrap();
    for stream in [false, true] {
        let mut args = vec![
            "falls",
            "detect",
            "--model",
            "model.json",
            "--input",
            "ms2.csv",
        ];
        if stream {
            args.push("--stream");
        }
        let o = welfare(&args, tmp.path());
        assert_eq!(o.status.code(), Some(1), "stream {stream}");
        let err = stderr(&o);
        assert!(
            err.contains("m/s²") && err.contains("ms2.csv"),
            "stream {stream}: {err}"
        );
    }
    // from stdin, time going backwards: the row is named
    let mut child = Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args(["falls", "detect", "--model", "model.json", "--stream"])
        .current_dir(tmp.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::from("t_s,ax_g,ay_g,az_g\n");
    for i in 0..100 {
        input += &format!("{:.2},0,0,1\n", f64::from(i) * 0.02);
    }
    input += "0.50,0,0,1\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("stdin: row 102, field 't_s'") && err.contains("does not increase"),
        "{err}"
    );
}

/// Point 12: progress (here max-stable's stages with bounds and gap) is drawn only on a
/// terminal: stderr of a pipe stays clean, the output is the same.
#[test]
fn progress_stays_off_pipes() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = repo().join("datasets/daycare/tiny");
    let o = welfare(
        &[
            "daycare",
            "allocate",
            "--instance",
            inst.to_str().unwrap(),
            "--mechanism",
            "max-stable",
            "--out",
            "m.csv",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["optimal"], true);
}
