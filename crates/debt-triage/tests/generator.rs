//! The generator: seeded, calibrated to the published marginals, readable through the
//! validating loader; bad case files give errors naming row and field.

use debt_triage::case::{Cases, HouseholdType, Sex, Trigger};
use debt_triage::generate::{GeneratorSpec, calibration, generate};
use welfare_data::cases::Urgency;

fn share(n: usize, of: usize) -> f64 {
    n as f64 / of as f64
}

#[test]
fn seeded() {
    let a = generate(&GeneratorSpec::new(500, 1)).unwrap();
    let b = generate(&GeneratorSpec::new(500, 1)).unwrap();
    let c = generate(&GeneratorSpec::new(500, 2)).unwrap();
    assert_eq!(a.cases, b.cases);
    assert_ne!(a.cases, c.cases);
    assert!(generate(&GeneratorSpec::new(0, 1)).is_err());
}

#[test]
fn marginals_match_the_published_figures() {
    let n = 40_000;
    let g = generate(&GeneratorSpec::new(n, 7)).unwrap();
    let cases = &g.cases.cases;
    let count =
        |f: &dyn Fn(&debt_triage::case::Case) -> bool| cases.iter().filter(|c| f(c)).count();
    let male = share(count(&|c| c.sex == Sex::Male), n);
    assert!((male - calibration::MALE_SHARE).abs() < 0.015, "men {male}");
    let single = share(count(&|c| c.household_type == HouseholdType::Single), n);
    assert!(
        (single - calibration::SINGLE_HOUSEHOLD_SHARE).abs() < 0.015,
        "single {single}"
    );
    for (k, t) in Trigger::ALL.iter().enumerate() {
        let s = share(count(&|c| c.main_trigger == *t), n);
        assert!(
            (s - calibration::TRIGGER_SHARES[k]).abs() < 0.012,
            "{t:?} {s}"
        );
    }
    // true incomes and debts (the intake record adds reporting noise)
    let incomes: Vec<f64> = g.truth.iter().map(|t| t.own_income_eur).collect();
    let below = share(incomes.iter().filter(|&&x| x < 900.0).count(), n);
    assert!(
        (below - calibration::OWN_INCOME_BELOW_900_SHARE).abs() < 0.015,
        "below 900 {below}"
    );
    let mean_income = incomes.iter().sum::<f64>() / n as f64;
    assert!(
        (mean_income / calibration::OWN_INCOME_MEAN_EUR - 1.0).abs() < 0.03,
        "{mean_income}"
    );
    let mut debts: Vec<f64> = g.truth.iter().map(|t| t.total_debt_eur).collect();
    debts.sort_by(f64::total_cmp);
    let median = debts[n / 2];
    let mean = debts.iter().sum::<f64>() / n as f64;
    assert!(
        (median / calibration::DEBT_MEDIAN_EUR - 1.0).abs() < 0.05,
        "median {median}"
    );
    assert!(
        (mean / calibration::DEBT_MEAN_EUR - 1.0).abs() < 0.10,
        "mean {mean}"
    );
    let cred = [
        count(&|c| c.cred_bank),
        count(&|c| c.cred_public),
        count(&|c| c.cred_telecom),
        count(&|c| c.cred_mail_order),
        count(&|c| c.cred_energy),
        count(&|c| c.cred_landlord),
    ];
    for (k, &m) in cred.iter().enumerate() {
        let s = share(m, n);
        assert!(
            (s - calibration::CREDITOR_SHARES[k]).abs() < 0.012,
            "creditor {k}: {s}"
        );
    }
    // every urgency class occurs; emergencies are a minority
    for u in Urgency::ALL {
        let s = share(
            g.cases
                .labels
                .iter()
                .filter(|l| l.urgency_true == Some(u))
                .count(),
            n,
        );
        assert!(s > 0.05, "{u:?} {s}");
    }
    let u3 = share(
        g.cases
            .labels
            .iter()
            .filter(|l| l.urgency_true == Some(Urgency::U3))
            .count(),
        n,
    );
    assert!(u3 < 0.35, "U3 {u3}");
    // the recorded labels differ from the truth, more often for people needing language
    // support without documents (the injected bias)
    let differs = |f: &dyn Fn(usize) -> bool| {
        let idx: Vec<usize> = (0..n).filter(|&i| f(i)).collect();
        share(
            idx.iter()
                .filter(|&&i| g.cases.labels[i].urgency_recorded < g.cases.labels[i].urgency_true)
                .count(),
            idx.len(),
        )
    };
    let biased = differs(&|i| cases[i].language_support && !cases[i].documents_complete);
    let others = differs(&|i| !cases[i].language_support);
    assert!(biased > others + 0.15, "downgraded {biased} vs {others}");
}

#[test]
fn csv_round_trip_and_clear_errors() {
    let g = generate(&GeneratorSpec::new(300, 3)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.csv");
    g.cases.write(&path).unwrap();
    let back = Cases::read(&path).unwrap();
    assert_eq!(back.labels, g.cases.labels);
    assert_eq!(back.cases.len(), 300);
    assert_eq!(back.cases[17].case_id, g.cases.cases[17].case_id);
    assert_eq!(back.cases[17].energy_stage, g.cases.cases[17].energy_stage);
    assert_eq!(
        back.cases[17].deadline_days,
        g.cases.cases[17].deadline_days
    );

    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let edit = |row: usize, column: &str, value: &str| -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let mut f: Vec<String> = lines[row].split(',').map(str::to_owned).collect();
        f[col(column)] = value.to_owned();
        lines[row] = f.join(",");
        lines.join("\n") + "\n"
    };
    // (line index k is file row k + 1: the header is row 1)
    let cases = [
        (edit(5, "energy_stage", "soon"), "row 6", "energy_stage"),
        (
            edit(9, "own_income_eur", "-300"),
            "row 10",
            "own_income_eur",
        ),
        (
            edit(12, "total_debt_eur", "NaN"),
            "row 13",
            "total_debt_eur",
        ),
        (edit(3, "urgency_true", "U7"), "row 4", "urgency_true"),
        (edit(4, "age", "abc"), "row 5", "age"),
    ];
    for (bytes, row, field) in cases {
        std::fs::write(&path, bytes).unwrap();
        let err = Cases::read(&path).unwrap_err().to_string();
        assert!(
            err.contains("cases.csv") && err.contains(row) && err.contains(field),
            "{err}"
        );
    }
    // a missing column is named
    let without: String = text
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split(',').collect();
            f.remove(col("referral"));
            f.join(",")
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, without).unwrap();
    let err = Cases::read(&path).unwrap_err().to_string();
    assert!(err.contains("referral"), "{err}");
}

#[test]
fn a_large_table_is_read_in_blocks_with_the_rows_of_the_file() {
    // 20,000 cases: several blocks of the parallel reader
    let g = generate(&GeneratorSpec::new(20_000, 5)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("year.csv");
    g.cases.write(&path).unwrap();
    let back = Cases::read(&path).unwrap();
    assert_eq!(back.cases, g.cases.cases);
    assert_eq!(back.labels, g.cases.labels);

    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // a bad value deep in a later block: its own row is named
    let saved = lines[17_000].clone();
    lines[17_000] = lines[17_000]
        .replacen(",f,", ",x,", 1)
        .replacen(",m,", ",x,", 1);
    std::fs::write(&path, lines.join("\n")).unwrap();
    let err = Cases::read(&path).unwrap_err().to_string();
    assert!(err.contains("row 17001") && err.contains("'sex'"), "{err}");
    // an id repeated across blocks: both rows are named
    lines[17_000] = saved;
    let first_id = lines[3].split(',').next().unwrap().to_owned();
    let rest = lines[19_500].split_once(',').unwrap().1.to_owned();
    lines[19_500] = format!("{first_id},{rest}");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let err = Cases::read(&path).unwrap_err().to_string();
    assert!(
        err.contains("row 19501") && err.contains("row 4") && err.contains(&first_id),
        "{err}"
    );
}

#[test]
fn amounts_with_a_decimal_comma_are_read_from_german_excel_files() {
    let g = generate(&GeneratorSpec::new(5, 8)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.csv");
    g.cases.write(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let income = header.iter().position(|h| *h == "own_income_eur").unwrap();
    // as German Excel saves it: ';', decimal comma, BOM, CRLF
    let mut excel = String::from("\u{feff}");
    for (i, line) in text.lines().enumerate() {
        let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        if i == 1 {
            fields[income] = "1084,50".into();
        }
        excel.push_str(&fields.join(";"));
        excel.push_str("\r\n");
    }
    std::fs::write(&path, excel).unwrap();
    let back = Cases::read(&path).unwrap();
    assert_eq!(back.cases[0].own_income_eur, Some(1084.5));
    assert_eq!(back.cases[1..], g.cases.cases[1..]);
}
