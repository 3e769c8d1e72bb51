//! CSV files as people save them: every reader of the suite accepts the dialects of Excel,
//! LibreOffice and editors, and the same data gives the same records in every dialect.
//! Each fixture is made here, byte by byte, as the program would save it.

use std::path::{Path, PathBuf};

use welfare_data::{CaseTable, Instance, PredictionColumns, Predictions, Recording, Table};

/// The same table in the suite's plain dialect (comma, LF, UTF-8).
const PREDICTIONS: &str = "y_true,y_pred,y_score,sex\n1,1,0.75,Frau\n0,1,0.5,Mann\n1,0,0.25,Frau\n";

/// German Excel "CSV UTF-8 (Trennzeichen-getrennt)": BOM, `;`, decimal comma, CRLF, and the
/// blank last line and the row of bare separators Excel leaves after cleared cells.
fn german_excel(text: &str) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    for line in text.lines() {
        let fields: Vec<String> = line
            .split(',')
            .map(|f| {
                if f.parse::<f64>().is_ok() {
                    f.replace('.', ",")
                } else {
                    f.to_owned()
                }
            })
            .collect();
        out.extend_from_slice(fields.join(";").as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    let width = text.lines().next().unwrap().split(',').count();
    out.extend_from_slice(";".repeat(width - 1).as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// Excel's plain "CSV (Trennzeichen-getrennt)" on Windows: Windows-1252, `;`, CRLF.
fn windows_1252(text: &str) -> Vec<u8> {
    let german = german_excel(text);
    let utf8 = String::from_utf8(german[3..].to_vec()).unwrap();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(!unmappable);
    bytes.into_owned()
}

/// An editor's file: trailing blank lines, CRLF, no BOM.
fn editor(text: &str) -> Vec<u8> {
    (text.replace('\n', "\r\n") + "\r\n\r\n").into_bytes()
}

/// LibreOffice's "Text CSV" with tab as separator and every text field quoted.
fn libreoffice_tabs(text: &str) -> Vec<u8> {
    let mut out = String::new();
    for line in text.lines() {
        let fields: Vec<String> = line
            .split(',')
            .map(|f| {
                if f.parse::<f64>().is_ok() {
                    f.replace('.', ",")
                } else {
                    format!("\"{f}\"")
                }
            })
            .collect();
        out += &fields.join("\t");
        out += "\n";
    }
    out.into_bytes()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn columns() -> PredictionColumns {
    PredictionColumns::new("y_true", "y_pred", &["sex"]).with_score("y_score")
}

#[test]
fn predictions_read_the_same_in_every_dialect() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = Predictions::read(
        write(tmp.path(), "plain.csv", PREDICTIONS.as_bytes()),
        &columns(),
    )
    .unwrap();
    assert_eq!(plain.y_score.as_deref(), Some(&[0.75, 0.5, 0.25][..]));
    for (name, bytes) in [
        ("excel.csv", german_excel(PREDICTIONS)),
        ("windows.csv", windows_1252(PREDICTIONS)),
        ("editor.csv", editor(PREDICTIONS)),
        ("libreoffice.csv", libreoffice_tabs(PREDICTIONS)),
    ] {
        let p = write(tmp.path(), name, &bytes);
        let read = Predictions::read(&p, &columns()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read, plain, "{name}");
    }
}

#[test]
fn umlauts_survive_windows_1252() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "y_true,y_pred,sex\n1,1,Männlich\n0,0,Weiblich\n";
    let p = write(tmp.path(), "w.csv", &windows_1252(text));
    let read =
        Predictions::read(&p, &PredictionColumns::new("y_true", "y_pred", &["sex"])).unwrap();
    assert_eq!(read.sensitive[0].levels, vec!["Männlich", "Weiblich"]);
}

#[test]
fn a_trailing_blank_line_is_accepted_by_every_reader() {
    let tmp = tempfile::tempdir().unwrap();
    // predictions
    let p = write(tmp.path(), "p.csv", format!("{PREDICTIONS}\n").as_bytes());
    assert_eq!(Predictions::read(&p, &columns()).unwrap().len(), 3);
    // a daycare instance
    let dir = tmp.path().join("instance");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("daycares.csv"),
        "daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\nK1,Kita A,Mitte,52.52,13.40,2,3\n\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("children.csv"),
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\nC1,u3,Mitte,52.51,13.39,F1,0,3\n\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("preferences.csv"),
        "child_id,rank,daycare_id,sibling_enrolled\nC1,1,K1,0\n\n",
    )
    .unwrap();
    let inst = Instance::read(&dir).unwrap();
    assert_eq!((inst.children.len(), inst.daycares.len()), (1, 1));
    // a signal file
    let mut signal = String::from("t_s,ax_g,ay_g,az_g\n");
    for i in 0..50 {
        signal += &format!("{:.2},0.0,0.0,1.0\n", f64::from(i) * 0.02);
    }
    signal += "\n";
    let p = write(tmp.path(), "s.csv", signal.as_bytes());
    assert_eq!(Recording::read(&p).unwrap().samples(), 50);
    // a case table
    let p = write(tmp.path(), "c.csv", b"case_id,urgency_true\nA1,U2\n\n");
    assert_eq!(CaseTable::read(&p).unwrap().case_ids.len(), 1);
}

#[test]
fn german_excel_daycare_instance() {
    let tmp = tempfile::tempdir().unwrap();
    let write_excel = |name: &str, text: &str| {
        std::fs::write(tmp.path().join(name), german_excel(text)).unwrap();
    };
    write_excel(
        "daycares.csv",
        "daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\nK1,Kita Sonnenschein,Mitte,52.52,13.40,2,3\n",
    );
    write_excel(
        "children.csv",
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\nC1,u3,Mitte,52.51,13.39,F1,0,3\n",
    );
    write_excel(
        "preferences.csv",
        "child_id,rank,daycare_id,sibling_enrolled\nC1,1,K1,0\n",
    );
    let inst = Instance::read(tmp.path()).unwrap();
    assert_eq!(inst.daycares[0].lat, 52.52);
    assert_eq!(inst.children[0].lon, 13.39);
}

#[test]
fn what_cannot_be_read_gets_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    // a decimal comma in a comma-separated file (unquoted: the row has too many fields)
    let p = write(
        tmp.path(),
        "p.csv",
        b"y_true,y_pred,y_score,sex\n1,1,0,75,Frau\n",
    );
    let e = Predictions::read(&p, &columns()).unwrap_err().to_string();
    assert!(
        e.starts_with(&format!(
            "{}: row 2: has 5 fields, the header has 4",
            p.display()
        )),
        "{e}"
    );
    assert!(e.contains("decimal comma"), "{e}");
    // quoted decimal comma in a comma-separated file
    let p = write(
        tmp.path(),
        "q.csv",
        b"y_true,y_pred,y_score,sex\n1,1,\"0,75\",Frau\n",
    );
    let e = Predictions::read(&p, &columns()).unwrap_err().to_string();
    assert!(e.contains("row 2, field 'y_score'"), "{e}");
    assert!(e.contains("decimal comma in a comma-separated file"), "{e}");
    // rows with ';' under a ',' header
    let p = write(
        tmp.path(),
        "r.csv",
        b"y_true,y_pred,y_score,sex\n1;1;0,75;Frau\n",
    );
    let e = Predictions::read(&p, &columns()).unwrap_err().to_string();
    assert!(e.contains("seems to use ';'"), "{e}");
    // a spreadsheet saved as .xlsx and renamed
    let p = write(
        tmp.path(),
        "x.csv",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
    );
    let e = Predictions::read(&p, &columns()).unwrap_err().to_string();
    assert!(
        e.contains("Excel") && e.contains(".xlsx") && e.contains("save it as CSV"),
        "{e}"
    );
}

#[test]
fn row_numbers_count_blank_lines_as_a_spreadsheet_does() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(
        tmp.path(),
        "p.csv",
        b"y_true,y_pred,y_score,sex\n1,1,0.5,Frau\n\n1,1,x,Frau\n",
    );
    let e = Predictions::read(&p, &columns()).unwrap_err();
    assert_eq!(e.row(), Some(4), "{e}");
    assert_eq!(e.field(), Some("y_score"));
}

#[test]
fn a_folder_or_a_missing_file_is_named_once() {
    let tmp = tempfile::tempdir().unwrap();
    let e = Table::read(tmp.path()).unwrap_err().to_string();
    assert_eq!(
        e,
        format!("{}: is a folder, expected a file", tmp.path().display())
    );
    let missing = tmp.path().join("missing.csv");
    let e = Table::read(&missing).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "{}: reading failed: no such file or folder",
            missing.display()
        )
    );
}

#[test]
fn writing_refuses_extensions_it_cannot_write() {
    let tmp = tempfile::tempdir().unwrap();
    let t = Table::read(write(tmp.path(), "p.csv", PREDICTIONS.as_bytes())).unwrap();
    let e = t
        .write(tmp.path().join("cases.xlsx"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("cases.xlsx") && e.contains(".parquet"), "{e}");
    assert!(!tmp.path().join("cases.xlsx").exists());
    t.write(tmp.path().join("out.parquet")).unwrap();
    let back = Table::read(tmp.path().join("out.parquet")).unwrap();
    assert_eq!(back.height(), 3);
    let bytes = std::fs::read(tmp.path().join("out.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1"));
}

/// German Excel writes a number with a thousands format as `18.500`: in a `;` file that is
/// eighteen thousand five hundred, never silently 18.5. Columns with decimal points that cannot
/// be thousands (`0.020`, `18.5`) keep their reading; a comma-separated file reads the English
/// way.
#[test]
fn dots_group_thousands_in_german_files() {
    let german = "id;debt_eur;income_eur;t_s;factor;count\n\
                  1;18.500;1.450,50;0.020;18.5;1.000\n\
                  2;950;980;1.020;2.25;7\n\
                  3;1.234.567;2.000,00;2.040;1;12.000\n";
    let t = Table::from_bytes("kassen.csv", german.as_bytes(), &[]).unwrap();
    assert_eq!(
        t.f64s("debt_eur").unwrap(),
        vec![18_500.0, 950.0, 1_234_567.0]
    );
    assert_eq!(t.f64s("income_eur").unwrap(), vec![1_450.5, 980.0, 2_000.0]);
    assert_eq!(t.f64s("t_s").unwrap(), vec![0.02, 1.02, 2.04]);
    assert_eq!(t.f64s("factor").unwrap(), vec![18.5, 2.25, 1.0]);
    assert_eq!(t.i64s("count").unwrap(), vec![1_000, 7, 12_000]);
    // the same numbers in a comma-separated file: the English reading
    let english = "id,debt_eur,t_s\n1,18.500,0.020\n2,950,1.020\n";
    let t = Table::from_bytes("en.csv", english.as_bytes(), &[]).unwrap();
    assert_eq!(t.f64s("debt_eur").unwrap(), vec![18.5, 950.0]);
    assert_eq!(t.f64s("t_s").unwrap(), vec![0.02, 1.02]);
}

mod thousands_property {
    use proptest::prelude::*;
    use welfare_data::Table;

    fn grouped(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (k, ch) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push('.');
            }
            out.push(ch);
        }
        out
    }

    proptest! {
        /// Whole euros written with German thousands dots, with or without cents, read back
        /// exactly; a column of values below one with three decimals keeps its decimal point.
        #[test]
        fn german_amounts_read_back(amounts in proptest::collection::vec(0u64..5_000_000_000, 1..20),
                                    cents in proptest::collection::vec(0u32..100, 20),
                                    with_cents in any::<bool>(),
                                    small in proptest::collection::vec(0u32..1000, 1..20)) {
            let mut text = String::from("amount;share\n");
            for (i, a) in amounts.iter().enumerate() {
                let s = small[i % small.len()];
                if with_cents {
                    text.push_str(&format!("{},{:02};0.{:03}\n", grouped(*a), cents[i], s));
                } else {
                    text.push_str(&format!("{};0.{:03}\n", grouped(*a), s));
                }
            }
            let t = Table::from_bytes("x.csv", text.as_bytes(), &[]).unwrap();
            let got = t.f64s("amount").unwrap();
            for (i, a) in amounts.iter().enumerate() {
                let want = if with_cents { *a as f64 + cents[i] as f64 / 100.0 } else { *a as f64 };
                prop_assert!((got[i] - want).abs() <= want * 1e-15, "{} vs {}", got[i], want);
            }
            let shares = t.f64s("share").unwrap();
            for (i, v) in shares.iter().enumerate() {
                prop_assert!(*v < 1.0, "{v} at {i}");
            }
        }
    }
}
