//! The season on PostgreSQL: the same commands give byte-identical exports to SQLite, and
//! staff working at once lose nothing. Needs a server: `.ci/run` starts one with
//! `scripts/postgres-temp.sh` and sets `WELFARE_TEST_POSTGRES` (an address whose user may
//! create databases).

#![cfg(feature = "postgres")]

mod common;

use daycare_season::commands;
use daycare_season::{Database, Status};

const NEEDS: &str = "needs PostgreSQL: WELFARE_TEST_POSTGRES=postgres://USER@HOST:PORT/postgres \
                     (scripts/postgres-temp.sh starts one; .ci/run does)";

/// A fresh database on the test server; returns its address.
fn fresh(name: &str) -> String {
    let admin = std::env::var("WELFARE_TEST_POSTGRES").expect(NEEDS);
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect(NEEDS);
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let base = admin.rsplit_once('/').unwrap().0;
    format!("{base}/{name}")
}

#[test]
#[ignore = "needs PostgreSQL: set WELFARE_TEST_POSTGRES (.ci/run starts a server)"]
fn postgres_and_sqlite_export_the_same_bytes() {
    let work = tempfile::tempdir().unwrap();
    let lite = work.path().join("lite");
    let pg = work.path().join("pg");
    std::fs::create_dir_all(&lite).unwrap();
    std::fs::create_dir_all(&pg).unwrap();
    let mut a = Database::open(lite.join("season.sqlite").to_str().unwrap(), true).unwrap();
    let mut b = Database::open(&fresh("season_same_bytes"), true).unwrap();
    let out_a = common::office_season(&mut a, &lite);
    let out_b = common::office_season(&mut b, &pg);
    for f in common::EXPORTS {
        let (x, y) = (
            std::fs::read(out_a.join(f)).unwrap(),
            std::fs::read(out_b.join(f)).unwrap(),
        );
        assert!(x.len() > 20, "{f} is empty");
        assert!(x == y, "{f} differs between SQLite and PostgreSQL");
    }
    let (season, _) = b.read().unwrap();
    assert_eq!(commands::status(&mut b).unwrap(), Status::of(&season));
    assert_eq!(
        commands::status(&mut a).unwrap(),
        commands::status(&mut b).unwrap()
    );
    // the log refuses to be rewritten
    let url = fresh_url("season_same_bytes");
    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let err = client.batch_execute("DELETE FROM events").unwrap_err();
    assert!(format!("{err:?}").contains("append-only"), "{err:?}");
    // init again is refused
    let again = Database::open(&url, true).unwrap();
    drop(again);
    let mut again = Database::open(&url, true).unwrap();
    let err = commands::init(
        &mut again,
        &daycare_season::InitRequest {
            instance: common::small(),
            mechanism: Default::default(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("already holds a season"), "{err}");
}

fn fresh_url(name: &str) -> String {
    let admin = std::env::var("WELFARE_TEST_POSTGRES").expect(NEEDS);
    format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
}

#[test]
#[ignore = "needs PostgreSQL: set WELFARE_TEST_POSTGRES (.ci/run starts a server)"]
fn staff_answering_while_a_round_runs_lose_nothing_on_postgres() {
    let url = fresh("season_concurrent");
    common::concurrent(&url);
}
