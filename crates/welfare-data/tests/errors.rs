//! Every kind of bad input gives an error that names the file, the row and the field.

use std::path::{Path, PathBuf};

use welfare_data::{CaseTable, DataError, Instance, PredictionColumns, Predictions, Recording};

const DAYCARES: &str = "daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\n\
K1,Kita A,Mitte,52.52,13.40,2,3\n\
K2,Kita B,Pankow,52.56,13.41,0,4\n";
const CHILDREN: &str = "child_id,age_group,district,lat,lon,family_id,hardship,lottery\n\
C1,u3,Mitte,52.51,13.39,F1,0,3\n\
C2,ue3,Pankow,52.55,13.42,F2,1,1\n\
C3,ue3,Pankow,52.55,13.42,F2,0,2\n";
const PREFERENCES: &str = "child_id,rank,daycare_id,sibling_enrolled\n\
C1,1,K1,0\n\
C2,1,K2,0\n\
C2,2,K1,0\n\
C3,1,K2,1\n";

struct Dir {
    _tmp: tempfile::TempDir,
    path: PathBuf,
}

fn instance_dir(daycares: &str, children: &str, preferences: &str) -> Dir {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().to_path_buf();
    std::fs::write(path.join("daycares.csv"), daycares).unwrap();
    std::fs::write(path.join("children.csv"), children).unwrap();
    std::fs::write(path.join("preferences.csv"), preferences).unwrap();
    Dir { _tmp: tmp, path }
}

fn instance_error(daycares: &str, children: &str, preferences: &str) -> (DataError, PathBuf) {
    let dir = instance_dir(daycares, children, preferences);
    let err = Instance::read(&dir.path).expect_err("bad instance must be rejected");
    (err, dir.path.clone())
}

/// Asserts the error names the file (by suffix), row and field, in the message as well.
fn assert_names(err: &DataError, file: &str, row: Option<usize>, field: Option<&str>) {
    let msg = err.to_string();
    assert!(err.file().ends_with(file), "file {file} not in {msg}");
    assert!(msg.contains(file), "file {file} not in message: {msg}");
    assert_eq!(err.row(), row, "row in: {msg}");
    if let Some(r) = row {
        assert!(
            msg.contains(&format!("row {r}")),
            "row {r} not in message: {msg}"
        );
    }
    assert_eq!(err.field(), field, "field in: {msg}");
    if let Some(f) = field {
        assert!(
            msg.contains(&format!("'{f}'")),
            "field {f} not in message: {msg}"
        );
    }
}

#[test]
fn the_valid_instance_loads() {
    let dir = instance_dir(DAYCARES, CHILDREN, PREFERENCES);
    let inst = Instance::read(&dir.path).unwrap();
    assert_eq!(inst.daycares.len(), 2);
    assert_eq!(inst.children.len(), 3);
    assert_eq!(inst.children[1].preferences.len(), 2);
    assert_eq!(inst.children[1].preferences[1].daycare, 0);
    assert!(inst.children[2].preferences[0].sibling_enrolled);
}

#[test]
fn missing_column() {
    let (e, _) = instance_error(
        &DAYCARES.replace("capacity_ue3", "capacity_3plus"),
        CHILDREN,
        PREFERENCES,
    );
    assert_names(&e, "daycares.csv", None, Some("capacity_ue3"));
    assert!(
        e.to_string().contains("missing column 'capacity_ue3'"),
        "{e}"
    );
    assert!(
        e.to_string().contains("capacity_3plus"),
        "lists the columns found: {e}"
    );
}

#[test]
fn wrong_type() {
    let (e, _) = instance_error(
        &DAYCARES.replace(",2,3\n", ",two,3\n"),
        CHILDREN,
        PREFERENCES,
    );
    assert_names(&e, "daycares.csv", Some(2), Some("capacity_u3"));
    assert!(e.to_string().contains("expected an integer"), "{e}");
    let (e, _) = instance_error(DAYCARES, &CHILDREN.replace("C2,ue3", "C2,U3"), PREFERENCES);
    assert_names(&e, "children.csv", Some(3), Some("age_group"));
    let (e, _) = instance_error(
        DAYCARES,
        &CHILDREN.replace("F2,1,1", "F2,yes,1"),
        PREFERENCES,
    );
    assert_names(&e, "children.csv", Some(3), Some("hardship"));
}

#[test]
fn wrong_type_does_not_echo_the_value() {
    // Privacy: cell values (other than ids) never appear in messages.
    let (e, _) = instance_error(
        &DAYCARES.replace("52.56", "Frau Muster"),
        CHILDREN,
        PREFERENCES,
    );
    assert_names(&e, "daycares.csv", Some(3), Some("lat"));
    assert!(!e.to_string().contains("Muster"), "{e}");
}

#[test]
fn unknown_ids() {
    let (e, _) = instance_error(
        DAYCARES,
        CHILDREN,
        &PREFERENCES.replace("C2,2,K1", "C2,2,K9"),
    );
    assert_names(&e, "preferences.csv", Some(4), Some("daycare_id"));
    assert!(e.to_string().contains("unknown daycare id 'K9'"), "{e}");
    let (e, _) = instance_error(DAYCARES, CHILDREN, &PREFERENCES.replace("C3,1", "C7,1"));
    assert_names(&e, "preferences.csv", Some(5), Some("child_id"));
    assert!(e.to_string().contains("unknown child id 'C7'"), "{e}");
}

#[test]
fn duplicate_ids() {
    let (e, _) = instance_error(&DAYCARES.replace("K2,", "K1,"), CHILDREN, PREFERENCES);
    assert_names(&e, "daycares.csv", Some(3), Some("daycare_id"));
    assert!(
        e.to_string()
            .contains("duplicate daycare id 'K1' (first in row 2)"),
        "{e}"
    );
    let (e, _) = instance_error(DAYCARES, &CHILDREN.replace("C3,", "C1,"), PREFERENCES);
    assert_names(&e, "children.csv", Some(4), Some("child_id"));
}

#[test]
fn daycare_rules() {
    // negative capacity
    let (e, _) = instance_error(
        &DAYCARES.replace(",0,4\n", ",-1,4\n"),
        CHILDREN,
        PREFERENCES,
    );
    assert_names(&e, "daycares.csv", Some(3), Some("capacity_u3"));
    assert!(e.to_string().contains("must be 0 or greater"), "{e}");
    // duplicate lottery
    let (e, _) = instance_error(DAYCARES, &CHILDREN.replace("F2,0,2", "F2,0,3"), PREFERENCES);
    assert_names(&e, "children.csv", Some(4), Some("lottery"));
    assert!(e.to_string().contains("first in row 2"), "{e}");
    // duplicate rank
    let (e, _) = instance_error(
        DAYCARES,
        CHILDREN,
        &PREFERENCES.replace("C2,2,K1", "C2,1,K1"),
    );
    assert_names(&e, "preferences.csv", Some(4), Some("rank"));
    assert!(
        e.to_string().contains("duplicate rank 1 for child 'C2'"),
        "{e}"
    );
    // non-consecutive ranks
    let (e, _) = instance_error(
        DAYCARES,
        CHILDREN,
        &PREFERENCES.replace("C2,2,K1", "C2,3,K1"),
    );
    assert_names(&e, "preferences.csv", Some(4), Some("rank"));
    assert!(e.to_string().contains("rank 2 is missing"), "{e}");
    // the same daycare twice
    let (e, _) = instance_error(
        DAYCARES,
        CHILDREN,
        &PREFERENCES.replace("C2,2,K1", "C2,2,K2"),
    );
    assert_names(&e, "preferences.csv", Some(4), Some("daycare_id"));
    // latitude out of range
    let (e, _) = instance_error(DAYCARES, &CHILDREN.replace("52.51", "152.51"), PREFERENCES);
    assert_names(&e, "children.csv", Some(2), Some("lat"));
}

#[test]
fn nan_and_infinity() {
    let (e, _) = instance_error(&DAYCARES.replace("13.40", "NaN"), CHILDREN, PREFERENCES);
    assert_names(&e, "daycares.csv", Some(2), Some("lon"));
    assert!(matches!(e, DataError::NotFinite { .. }));
    let (e, _) = instance_error(
        DAYCARES,
        &CHILDREN.replace("13.42,F2,0", "inf,F2,0"),
        PREFERENCES,
    );
    assert_names(&e, "children.csv", Some(4), Some("lon"));
}

#[test]
fn missing_value() {
    let (e, _) = instance_error(
        DAYCARES,
        &CHILDREN.replace("C2,ue3,Pankow", "C2,ue3,"),
        PREFERENCES,
    );
    assert_names(&e, "children.csv", Some(3), Some("district"));
    assert!(e.to_string().contains("value is missing"), "{e}");
}

#[test]
fn empty_file_and_header_only() {
    let (e, _) = instance_error("", CHILDREN, PREFERENCES);
    assert_names(&e, "daycares.csv", None, None);
    assert!(e.to_string().contains("the file is empty"), "{e}");
    assert!(
        e.to_string().contains("daycare_id,name"),
        "names the expected columns: {e}"
    );
    let (e, _) = instance_error(
        DAYCARES,
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\n",
        PREFERENCES,
    );
    assert_names(&e, "children.csv", None, None);
    assert!(e.to_string().contains("no data rows"), "{e}");
}

#[test]
fn windows_1252_is_decoded_and_binary_refused() {
    let dir = instance_dir(DAYCARES, CHILDREN, PREFERENCES);
    let mut bytes = DAYCARES.as_bytes().to_vec();
    let at = DAYCARES.find("Kita B").unwrap();
    bytes[at + 1] = 0xFC; // Windows-1252 'ü'
    std::fs::write(dir.path.join("daycares.csv"), &bytes).unwrap();
    let inst = Instance::read(&dir.path).unwrap();
    assert_eq!(inst.daycares[1].name, "Küta B");
    bytes[at + 1] = 0;
    std::fs::write(dir.path.join("daycares.csv"), &bytes).unwrap();
    let e = Instance::read(&dir.path).unwrap_err();
    assert_names(&e, "daycares.csv", None, None);
    assert!(e.to_string().contains("binary file"), "{e}");
}

#[test]
fn too_few_fields() {
    let (e, _) = instance_error(DAYCARES, CHILDREN, &format!("{PREFERENCES}C3,2\n"));
    assert_names(&e, "preferences.csv", Some(6), None);
    assert!(
        e.to_string().contains("has 2 fields, the header has 4"),
        "{e}"
    );
}

#[test]
fn too_many_fields() {
    let (e, _) = instance_error(
        DAYCARES,
        CHILDREN,
        &PREFERENCES.replace("C3,1,K2,1", "C3,1,K2,1,9"),
    );
    assert_names(&e, "preferences.csv", Some(5), None);
    assert!(
        e.to_string().contains("has 5 fields, the header has 4"),
        "{e}"
    );
}

// ---- predictions ----

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn pred_columns() -> PredictionColumns {
    PredictionColumns::new("y_true", "y_pred", &["sex"]).with_score("y_score")
}

#[test]
fn prediction_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let good = "y_true,y_pred,y_score,sex\n1,1,0.9,f\n0,1,0.6,m\n";
    let p = write(tmp.path(), "p.csv", good.as_bytes());
    assert_eq!(Predictions::read(&p, &pred_columns()).unwrap().len(), 2);

    let p = write(
        tmp.path(),
        "p.csv",
        good.replace("0,1,0.6", "0,2,0.6").as_bytes(),
    );
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert_names(&e, "p.csv", Some(3), Some("y_pred"));
    assert!(e.to_string().contains("expected 0 or 1"), "{e}");

    let p = write(tmp.path(), "p.csv", good.replace("0.9", "nan").as_bytes());
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert_names(&e, "p.csv", Some(2), Some("y_score"));

    let p = write(tmp.path(), "p.csv", good.replace(",m\n", ",\n").as_bytes());
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert_names(&e, "p.csv", Some(3), Some("sex"));

    let p = write(
        tmp.path(),
        "p.csv",
        good.replace("sex", "gender").as_bytes(),
    );
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert_names(&e, "p.csv", None, Some("sex"));

    let p = write(tmp.path(), "p.csv", b"");
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert!(e.to_string().contains("y_true,y_pred,y_score,sex"), "{e}");

    let p = write(
        tmp.path(),
        "p.csv",
        b"y_true,y_pred,y_score,sex\n1,1,0.9,\n",
    );
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert_names(&e, "p.csv", Some(2), Some("sex"));
}

#[test]
fn corrupt_parquet_and_gzip() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "p.parquet", b"PAR1 this is not parquet");
    let e = Predictions::read(&p, &pred_columns()).unwrap_err();
    assert!(
        matches!(
            e,
            DataError::Corrupt {
                format: "Parquet",
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().starts_with(&p.display().to_string()), "{e}");

    let p = write(tmp.path(), "s.csv.gz", &[0x1f, 0x8b, 8, 0, 1, 2, 3]);
    let e = Recording::read(&p).unwrap_err();
    assert!(
        matches!(e, DataError::Corrupt { format: "gzip", .. }),
        "{e}"
    );
    assert!(e.to_string().contains("s.csv.gz"), "{e}");
}

// ---- signals ----

fn signal_csv(rows: &[(f64, f64, f64, f64, &str, i64)]) -> String {
    let mut s = String::from("t_s,ax_g,ay_g,az_g,label,activity_code,subject,trial\n");
    for (t, x, y, z, act, trial) in rows {
        let label = i64::from(act.starts_with('F'));
        s.push_str(&format!("{t},{x},{y},{z},{label},{act},SA01,{trial}\n"));
    }
    s
}

fn standing(
    n: usize,
    act: &'static str,
    trial: i64,
    dt: f64,
) -> Vec<(f64, f64, f64, f64, &'static str, i64)> {
    (0..n)
        .map(|k| (k as f64 * dt, 0.01, -1.0, 0.02, act, trial))
        .collect()
}

#[test]
fn signal_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let mut rows = standing(10, "D01", 1, 0.02);
    rows.extend(standing(10, "F01", 1, 0.02));
    let p = write(tmp.path(), "s.csv", signal_csv(&rows).as_bytes());
    let rec = Recording::read(&p).unwrap();
    assert_eq!(rec.trials.len(), 2);
    assert_eq!(rec.trials[1].label, Some(true));
    assert!((rec.trials[0].sample_rate_hz() - 50.0).abs() < 1e-6);

    // time going backwards inside a trial (row 2 + 5 = 7)
    let mut bad = rows.clone();
    bad[5].0 = 0.01;
    let p = write(tmp.path(), "s.csv", signal_csv(&bad).as_bytes());
    let e = Recording::read(&p).unwrap_err();
    assert_names(&e, "s.csv", Some(7), Some("t_s"));

    // a gap of 1 s is read (the detector splits the trial there), and described
    let mut gappy = rows.clone();
    for r in gappy.iter_mut().take(10).skip(6) {
        r.0 += 1.0;
    }
    let p = write(tmp.path(), "s.csv", signal_csv(&gappy).as_bytes());
    let rec = Recording::read(&p).unwrap();
    let g = rec.trials[0].gaps();
    assert_eq!((g.filled, g.splits), (0, 1), "{g:?}");

    // below 10 Hz: refused, naming the rate
    let slow: Vec<_> = rows
        .iter()
        .map(|r| (r.0 * 6.0, r.1, r.2, r.3, r.4, r.5))
        .collect();
    let p = write(tmp.path(), "s.csv", signal_csv(&slow).as_bytes());
    let e = Recording::read(&p).unwrap_err();
    assert_names(&e, "s.csv", Some(2), Some("t_s"));
    assert!(e.to_string().contains("8.3 Hz"), "{e}");

    // m/s² instead of g
    let ms2: Vec<_> = rows
        .iter()
        .map(|r| (r.0, r.1 * 9.81, r.2 * 9.81, r.3 * 9.81, r.4, r.5))
        .collect();
    let p = write(tmp.path(), "s.csv", signal_csv(&ms2).as_bytes());
    let e = Recording::read(&p).unwrap_err();
    assert_names(&e, "s.csv", Some(2), Some("ax_g"));
    assert!(e.to_string().contains("m/s²"), "{e}");

    // a trial whose rows are not contiguous
    let mut split = standing(5, "D01", 1, 0.02);
    split.extend(standing(5, "D02", 1, 0.02));
    split.extend(
        standing(5, "D01", 1, 0.02)
            .into_iter()
            .map(|r| (r.0 + 0.1, r.1, r.2, r.3, r.4, r.5)),
    );
    let p = write(tmp.path(), "s.csv", signal_csv(&split).as_bytes());
    let e = Recording::read(&p).unwrap_err();
    assert_names(&e, "s.csv", Some(12), Some("trial"));
    assert!(e.to_string().contains("contiguous"), "{e}");

    // NaN
    let p = write(
        tmp.path(),
        "s.csv",
        signal_csv(&rows)
            .replacen("0.01,-1", "NaN,-1", 1)
            .as_bytes(),
    );
    let e = Recording::read(&p).unwrap_err();
    assert_names(&e, "s.csv", Some(2), Some("ax_g"));

    // missing column
    let p = write(
        tmp.path(),
        "s.csv",
        signal_csv(&rows).replacen("az_g", "acc_z", 1).as_bytes(),
    );
    let e = Recording::read(&p).unwrap_err();
    assert_names(&e, "s.csv", None, Some("az_g"));
}

#[test]
fn sisfall_raw_errors_and_units() {
    let tmp = tempfile::tempdir().unwrap();
    let line = "  3, -256, 10, -18, -504, -352, 76, -697, -279;\n";
    let p = write(tmp.path(), "F05_SE06_R02.txt", line.repeat(50).as_bytes());
    let rec = welfare_data::signals::read_sisfall_raw(&p).unwrap();
    let t = &rec.trials[0];
    assert_eq!(t.subject.as_deref(), Some("SE06"));
    assert_eq!(t.activity_code.as_deref(), Some("F05"));
    assert_eq!(t.trial, Some(2));
    assert_eq!(t.label, Some(true));
    assert_eq!(
        t.acc_g[0],
        [3.0 * 32.0 / 8192.0, -1.0, 10.0 * 32.0 / 8192.0]
    );
    assert!((t.sample_rate_hz() - 200.0).abs() < 1e-9);

    let bad = format!("{line}{line}  3, -256, x, -18, -504, -352, 76, -697, -279;\n");
    let p = write(tmp.path(), "D01_SA01_R01.txt", bad.as_bytes());
    let e = welfare_data::signals::read_sisfall_raw(&p).unwrap_err();
    assert_names(&e, "D01_SA01_R01.txt", Some(3), Some("adxl345_z"));

    let p = write(tmp.path(), "D01_SA01_R01.txt", b"1,2,3;\n");
    let e = welfare_data::signals::read_sisfall_raw(&p).unwrap_err();
    assert!(
        e.to_string()
            .contains("row 1: has 3 fields, the header has 9"),
        "{e}"
    );
}

// ---- cases ----

#[test]
fn case_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let good = "case_id,age,urgency_true\nA1,34,U3\nA2,51,U0\n";
    let p = write(tmp.path(), "cases.csv", good.as_bytes());
    let cases = CaseTable::read(&p).unwrap();
    assert_eq!(
        cases.urgency("urgency_true").unwrap()[0],
        welfare_data::Urgency::U3
    );

    let p = write(tmp.path(), "cases.csv", good.replace("A2", "A1").as_bytes());
    let e = CaseTable::read(&p).unwrap_err();
    assert_names(&e, "cases.csv", Some(3), Some("case_id"));
    assert!(e.to_string().contains("duplicate case id 'A1'"), "{e}");

    let p = write(
        tmp.path(),
        "cases.csv",
        good.replace("U0", "urgent").as_bytes(),
    );
    let e = CaseTable::read(&p).unwrap_err();
    assert_names(&e, "cases.csv", Some(3), Some("urgency_true"));

    let p = write(
        tmp.path(),
        "cases.csv",
        good.replace("case_id", "id").as_bytes(),
    );
    let e = CaseTable::read(&p).unwrap_err();
    assert_names(&e, "cases.csv", None, Some("case_id"));

    let p = write(
        tmp.path(),
        "cases.csv",
        good.replace("51", "inf").as_bytes(),
    );
    let cases = CaseTable::read(&p).unwrap();
    let e = cases.table.f64s("age").unwrap_err();
    assert_names(&e, "cases.csv", Some(3), Some("age"));
}

#[test]
fn lottery_numbers_far_apart_are_checked_too() {
    // a span far larger than the number of children takes the hash-map check
    let children = CHILDREN
        .replace("F2,1,1", "F2,1,4000000000")
        .replace("F2,0,2", "F2,0,3");
    let (e, _) = instance_error(DAYCARES, &children, PREFERENCES);
    assert_names(&e, "children.csv", Some(4), Some("lottery"));
    assert!(e.to_string().contains("first in row 2"), "{e}");
    let fine = CHILDREN.replace("F2,1,1", "F2,1,-4000000000");
    let dir = instance_dir(DAYCARES, &fine, PREFERENCES);
    assert_eq!(
        Instance::read(&dir.path).unwrap().children[1].lottery,
        -4_000_000_000
    );
}

#[test]
fn preferences_in_any_row_order_give_the_same_instance() {
    let in_order = instance_dir(DAYCARES, CHILDREN, PREFERENCES);
    let shuffled = "child_id,rank,daycare_id,sibling_enrolled\n\
C3,1,K2,1\n\
C2,2,K1,0\n\
C1,1,K1,0\n\
C2,1,K2,0\n";
    let other = instance_dir(DAYCARES, CHILDREN, shuffled);
    let a = Instance::read(&in_order.path).unwrap();
    assert_eq!(a, Instance::read(&other.path).unwrap());
    assert_eq!(a.children[1].preferences.len(), 2);
    // a child without preferences (the ids of preferences.csv are then not the children's)
    let dir = instance_dir(DAYCARES, CHILDREN, &PREFERENCES.replace("C1,1,K1,0\n", ""));
    let b = Instance::read(&dir.path).unwrap();
    assert!(b.children[0].preferences.is_empty());
    assert_eq!(b.children[2], a.children[2]);
    // sorted ids with a repeat are still found
    let (e, _) = instance_error(DAYCARES, &CHILDREN.replace("C3,", "C2,"), PREFERENCES);
    assert_names(&e, "children.csv", Some(4), Some("child_id"));
}
