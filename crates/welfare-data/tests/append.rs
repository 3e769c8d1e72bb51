//! `Table::write_appending`: new columns behind every input column exactly as it was read.

use welfare_data::Table;

fn written(path: &std::path::Path) -> String {
    String::from_utf8(std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_german_excel_file_keeps_every_cell_and_gets_the_new_ones_in_its_dialect() {
    // BOM, ';', CRLF, decimal comma, a quoted cell with the separator, a leading zero, a
    // column nobody knows, blank lines at the end; the line ends stay CRLF
    let input = "\u{feff}id;betrag;plz;notiz\r\nK1;1084,50;01067;\"Rückruf; dringend\"\r\nK2;;80331;\r\n\r\n\r\n";
    let t = Table::from_csv("ein.csv", input.as_bytes().to_vec(), &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aus.csv");
    t.write_appending(&out, &["score", "gruende"], |i, cells| {
        cells.number([82.45001, 100.0][i], 1);
        cells.joined(&["Räumungsklage", "Frist 8 Tage"][..=i.min(1)], "; ");
    })
    .unwrap();
    assert_eq!(
        written(&out),
        "\u{feff}id;betrag;plz;notiz;score;gruende\r\n\
         K1;1084,50;01067;\"Rückruf; dringend\";82,5;Räumungsklage\r\n\
         K2;;80331;;100,0;\"Räumungsklage; Frist 8 Tage\"\r\n"
    );
    // and the suite reads its own output back: decimal comma, the quoted cell, the BOM
    let back = Table::read(&out).unwrap();
    assert_eq!(back.f64s("score").unwrap(), vec![82.5, 100.0]);
    assert_eq!(
        back.optional_f64s("betrag").unwrap(),
        vec![Some(1084.5), None]
    );
    assert_eq!(
        back.strings("gruende").unwrap()[1],
        "Räumungsklage; Frist 8 Tage"
    );
    assert_eq!(
        back.optional_strings("notiz").unwrap().unwrap(),
        vec![Some("Rückruf; dringend".into()), None]
    );
}

#[test]
fn a_comma_file_stays_plain_and_columns_of_the_new_names_are_replaced() {
    let input = "id,score,x\nA,1.5,\"a,b\"\nB,2.5,\"say \"\"hi\"\"\"\n";
    let t = Table::from_csv("in.csv", input.as_bytes().to_vec(), &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    t.write_appending(&out, &["score", "why"], |i, cells| {
        cells.number(i as f64 * 10.0 + 0.25, 2);
        cells.text(["x \"y\"", "plain, with comma"][i]);
    })
    .unwrap();
    assert_eq!(
        written(&out),
        "id,x,score,why\nA,\"a,b\",0.25,\"x \"\"y\"\"\"\nB,\"say \"\"hi\"\"\",10.25,\"plain, with comma\"\n"
    );
    // gzip: the same text, compressed
    let gz = dir.path().join("out.csv.gz");
    t.write_appending(&gz, &["score", "why"], |i, cells| {
        cells.number(i as f64 * 10.0 + 0.25, 2);
        cells.text(["x \"y\"", "plain, with comma"][i]);
    })
    .unwrap();
    let back = Table::read(&gz).unwrap();
    assert_eq!(back.f64s("score").unwrap(), vec![0.25, 10.25]);
    assert_eq!(back.strings("x").unwrap(), vec!["a,b", "say \"hi\""]);
}

#[test]
fn parquet_gets_typed_columns_and_missing_cells_stay_empty() {
    let input = "id;betrag\nK1;12,5\nK2;7\n";
    let t = Table::from_csv("ein.csv", input.as_bytes().to_vec(), &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aus.parquet");
    t.write_appending(&out, &["score", "label"], |i, cells| {
        if i == 0 {
            cells.number(f64::NAN, 1); // not finite: an empty cell
        } else {
            cells.number(7.4049, 2);
        }
        // the second row writes fewer cells than columns: the rest stay empty
        if i == 0 {
            cells.text("U3");
        }
    })
    .unwrap();
    let back = Table::read(&out).unwrap();
    assert_eq!(back.optional_f64s("score").unwrap(), vec![None, Some(7.4)]);
    assert_eq!(
        back.optional_strings("label").unwrap().unwrap(),
        vec![Some("U3".into()), None]
    );
    // the CSV column came through as its text
    assert_eq!(back.strings("betrag").unwrap(), vec!["12,5", "7"]);
}

#[test]
fn large_tables_are_written_in_blocks_in_row_order() {
    // more rows than several blocks of the parallel writer, with a quoted field per row
    let n = 70_001;
    let mut input = String::from("id,text\n");
    let mut expected = String::from("id,text,n\n");
    for i in 0..n {
        let line = format!("C{i},\"{i}, quoted\"");
        input.push_str(&line);
        input.push('\n');
        expected.push_str(&format!("{line},{}\n", i * 2));
    }
    let t = Table::from_csv("big.csv", input.into_bytes(), &[]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big_out.csv");
    t.write_appending(&out, &["n"], |i, cells| cells.number((i * 2) as f64, 0))
        .unwrap();
    assert!(written(&out) == expected, "rows out of order or changed");
}

#[test]
fn a_block_of_rows_reports_the_rows_of_the_whole_file() {
    let input = "id;wert\n\nA;1\nB;2,5\n\nC;x\nD;4\n";
    let t = Table::from_csv("t.csv", input.as_bytes().to_vec(), &[]).unwrap();
    let block = t.rows(1, 3);
    assert_eq!(block.height(), 2);
    assert_eq!(block.strings("id").unwrap(), vec!["B", "C"]);
    let err = block.f64s("wert").unwrap_err().to_string();
    assert!(
        err.contains("t.csv") && err.contains("row 6") && err.contains("wert"),
        "{err}"
    );
    assert_eq!(t.rows(3, 99).strings("id").unwrap(), vec!["D"]);
    assert_eq!(t.rows(5, 9).height(), 0);
}
