//! `kill -9` during a round on a 20,000-child season leaves the database as before or after
//! the round, never between; the next round then gives the same offers as a run that was never
//! interrupted.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn welfare(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_welfare"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = welfare(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn round_of(db: &str) -> u64 {
    let status = ok(&["daycare", "season", "status", "--db", db]);
    let line = status
        .lines()
        .find(|l| l.contains("\"round\""))
        .unwrap()
        .to_owned();
    line.trim()
        .trim_start_matches("\"round\":")
        .trim_end_matches(',')
        .trim()
        .parse()
        .unwrap()
}

fn export(db: &str, out: &Path) -> Vec<Vec<u8>> {
    ok(&[
        "daycare",
        "season",
        "export",
        "--db",
        db,
        "--out",
        out.to_str().unwrap(),
    ]);
    [
        "contracts.csv",
        "offers.csv",
        "unplaced.csv",
        "waitlist.csv",
        "events.csv",
    ]
    .iter()
    .map(|f| std::fs::read(out.join(f)).unwrap())
    .collect()
}

#[test]
fn killing_a_round_leaves_the_season_before_or_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inst = d.join("instance");
    ok(&[
        "daycare",
        "generate",
        "--children",
        "20000",
        "--daycares",
        "400",
        "--seed",
        "7",
        "--out",
        inst.to_str().unwrap(),
    ]);
    let control = d.join("control.sqlite");
    let control = control.to_str().unwrap();
    ok(&[
        "daycare",
        "season",
        "init",
        "--db",
        control,
        "--instance",
        inst.to_str().unwrap(),
        "--start",
        "2027-08",
    ]);
    let fresh = d.join("fresh.sqlite");
    std::fs::copy(control, &fresh).unwrap();
    let round = ["--deadline", "2027-03-15", "--today", "2027-03-01"];
    ok(&[
        &["daycare", "season", "round", "--db", control][..],
        &round[..],
    ]
    .concat());
    let expected = export(control, &d.join("control-export"));
    let mut seen = [0usize; 2];
    for (k, ms) in [5u64, 40, 80, 120, 160, 200, 260, 320, 400, 600]
        .iter()
        .enumerate()
    {
        let db = d.join(format!("killed{k}.sqlite"));
        std::fs::copy(&fresh, &db).unwrap();
        let db = db.to_str().unwrap().to_owned();
        let mut child = Command::new(env!("CARGO_BIN_EXE_welfare"))
            .args([&["daycare", "season", "round", "--db", &db][..], &round[..]].concat())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(*ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // before (round 0) or after (round 1), and the log replays to the stored state
        let r = round_of(&db);
        assert!(r <= 1, "round {r}");
        seen[r as usize] += 1;
        ok(&["daycare", "season", "verify", "--db", &db]);
        if r == 0 {
            ok(&[&["daycare", "season", "round", "--db", &db][..], &round[..]].concat());
        }
        assert!(
            export(&db, &d.join(format!("export{k}"))) == expected,
            "killed after {ms} ms: the season differs from the uninterrupted one"
        );
    }
    // the kills landed on both sides of the commit at least once
    eprintln!(
        "killed before the commit {} times, after {} times",
        seen[0], seen[1]
    );
    assert!(seen[0] > 0, "no kill landed during the round");
}
