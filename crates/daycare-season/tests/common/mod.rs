//! A season as an office runs it, on the shipped 1,000-child instance: three rounds with
//! deadlines, answers, a late applicant, more seats; used on SQLite and on PostgreSQL.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use daycare_season::commands::{self, AddRequest, InitRequest};
use daycare_season::{Database, RoundRequest};

pub fn small() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets/daycare/small")
}

pub fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

pub fn init(db: &mut Database) {
    commands::init(
        db,
        &InitRequest {
            instance: small(),
            mechanism: Default::default(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap();
}

/// Runs the season on `db` (writing its inputs under `work`) and exports it to `work/export`.
pub fn office_season(db: &mut Database, work: &Path) -> PathBuf {
    init(db);
    let r1 = commands::run_round(
        db,
        &RoundRequest {
            deadline: Some(day("2027-03-15")),
            today: Some(day("2027-03-01")),
        },
    )
    .unwrap();
    assert!(r1.new > 500, "{r1:?}");
    // families answer: every third accepts, every third declines, a few withdraw, the rest wait
    let (season, _) = db.read().unwrap();
    let mut text = String::from("child_id;decision;date\n");
    for (c, h) in season.state.holding.iter().enumerate() {
        if h.is_some() {
            let id = &season.reg.children[c].id;
            match c % 7 {
                0 | 3 => writeln!(text, "{id};annehmen;10.03.2027").unwrap(),
                1 | 4 => writeln!(text, "{id};decline;2027-03-11").unwrap(),
                5 if c % 2 == 0 => writeln!(text, "{id};withdraw;").unwrap(),
                _ => {}
            }
        }
    }
    std::fs::write(work.join("responses.csv"), text).unwrap();
    let responses = commands::read_responses_file(&work.join("responses.csv")).unwrap();
    commands::record_responses(db, &responses).unwrap();
    // a late applicant and more seats at the first daycare
    std::fs::write(
        work.join("late-children.csv"),
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\n\
         late1,u3,Mitte,52.52,13.40,late1,1,900001\n",
    )
    .unwrap();
    let first = season.reg.daycares[0].id.clone();
    std::fs::write(
        work.join("late-preferences.csv"),
        format!(
            "child_id,rank,daycare_id,sibling_enrolled,care,start\n\
             late1,1,{first},0,half,09/2027\nlate1,2,{first},0,full,2027-08\n"
        ),
    )
    .unwrap();
    let (contracts, offers) = season.state.taken();
    std::fs::write(
        work.join("more-seats.csv"),
        format!(
            "daycare_id,age_group,care,start,seats\n{first},u3,full,2027-08,{}\n{first},u3,half,2027-09,3\n",
            season.state.seats[0].max(contracts[0] + offers[0]) + 2
        ),
    )
    .unwrap();
    let add = AddRequest {
        children: Some(work.join("late-children.csv")),
        preferences: Some(work.join("late-preferences.csv")),
        seats: Some(work.join("more-seats.csv")),
    };
    commands::add_to_season(db, &add.read().unwrap()).unwrap();
    // round 2 after the deadline: unanswered offers lapse
    let r2 = commands::run_round(
        db,
        &RoundRequest {
            deadline: Some(day("2027-04-01")),
            today: Some(day("2027-03-16")),
        },
    )
    .unwrap();
    assert!(r2.lapsed > 0 && r2.new > 0, "{r2:?}");
    commands::run_round(
        db,
        &RoundRequest {
            deadline: Some(day("2027-04-15")),
            today: Some(day("2027-04-02")),
        },
    )
    .unwrap();
    let out = work.join("export");
    commands::export(db, &out).unwrap();
    commands::check(db, true).unwrap();
    out
}

pub const EXPORTS: [&str; 5] = [
    "contracts.csv",
    "offers.csv",
    "unplaced.csv",
    "waitlist.csv",
    "events.csv",
];

/// Eight staff record answers one by one while rounds run: every answer is in the log once,
/// and the log replays.
pub fn concurrent(url: &str) {
    let mut db = Database::open(url, true).unwrap();
    init(&mut db);
    commands::run_round(&mut db, &Default::default()).unwrap();
    let (season, _) = db.read().unwrap();
    let holders: Vec<String> = (0..season.state.children())
        .filter(|&c| season.state.holding[c].is_some())
        .map(|c| season.reg.children[c].id.clone())
        .take(160)
        .collect();
    std::thread::scope(|s| {
        for part in holders.chunks(20) {
            s.spawn(move || {
                let mut db = Database::open(url, false).unwrap();
                for id in part {
                    let r = daycare_season::Response {
                        child_id: id.clone(),
                        decision: daycare_season::Decision::Accept,
                        date: None,
                        file: "form".into(),
                        row: 1,
                    };
                    commands::record_responses(&mut db, &[r]).unwrap();
                }
            });
        }
        s.spawn(move || {
            let mut db = Database::open(url, false).unwrap();
            for _ in 0..3 {
                commands::run_round(&mut db, &Default::default()).unwrap();
            }
        });
    });
    let (season, events) = db.read().unwrap();
    let accepted = events
        .iter()
        .filter(|e| matches!(e, daycare_season::Event::Accepted { .. }))
        .count();
    assert_eq!(accepted, 160);
    assert_eq!(season.state.round, 4);
    assert_eq!(commands::status(&mut db).unwrap().contracts, 160);
    commands::check(&mut db, true).unwrap();
}
