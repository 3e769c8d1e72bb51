//! A Kita season at city scale: a round on a 150,000-child season (SQLite; PostgreSQL when
//! `WELFARE_BENCH_POSTGRES` gives a server whose user may create databases), `status`, and
//! `replay` of a 10-round 20,000-child season.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use daycare_allocation::generate::{GeneratorSpec, TWO_CHILD_FAMILIES, generate};
use daycare_season::commands::{self, InitRequest};
use daycare_season::{Database, RoundRequest};
use std::path::Path;
use std::time::Duration;

fn season(dir: &Path, children: usize, daycares: usize) -> std::path::PathBuf {
    let inst = dir.join(format!("instance{children}"));
    generate(&GeneratorSpec {
        children,
        daycares,
        seed: 11,
        two_child_families: TWO_CHILD_FAMILIES,
    })
    .unwrap()
    .write(&inst)
    .unwrap();
    inst
}

fn init(db: &str, inst: &Path) -> Database {
    let mut d = Database::open(db, true).unwrap();
    commands::init(
        &mut d,
        &InitRequest {
            instance: inst.to_owned(),
            mechanism: Default::default(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap();
    d
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let city = season(dir.path(), 150_000, 3_000);
    let base = dir.path().join("city.sqlite");
    drop(init(base.to_str().unwrap(), &city));
    let mut g = c.benchmark_group("season");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    g.bench_function("round 1, 150k children, SQLite", |b| {
        b.iter_batched(
            || {
                let db = dir.path().join("run.sqlite");
                std::fs::copy(&base, &db).unwrap();
                Database::open(db.to_str().unwrap(), false).unwrap()
            },
            |mut db| commands::run_round(&mut db, &RoundRequest::default()).unwrap(),
            BatchSize::PerIteration,
        )
    });
    let mut db = Database::open(base.to_str().unwrap(), false).unwrap();
    commands::run_round(&mut db, &RoundRequest::default()).unwrap();
    g.bench_function("status, 150k children, SQLite", |b| {
        b.iter(|| commands::status(&mut db).unwrap())
    });
    if let Ok(admin) = std::env::var("WELFARE_BENCH_POSTGRES") {
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        let url = format!("{}/season_bench", admin.rsplit_once('/').unwrap().0);
        g.bench_function("round 1, 150k children, PostgreSQL", |b| {
            b.iter_batched(
                || {
                    client
                        .batch_execute("DROP DATABASE IF EXISTS season_bench WITH (FORCE)")
                        .unwrap();
                    client
                        .batch_execute("CREATE DATABASE season_bench")
                        .unwrap();
                    init(&url, &city)
                },
                |mut db| commands::run_round(&mut db, &RoundRequest::default()).unwrap(),
                BatchSize::PerIteration,
            )
        });
        let mut db = Database::open(&url, false).unwrap();
        g.bench_function("status, 150k children, PostgreSQL", |b| {
            b.iter(|| commands::status(&mut db).unwrap())
        });
    }
    // replay of ten rounds on 20,000 children, with answers between rounds
    let town = season(dir.path(), 20_000, 400);
    let path = dir.path().join("town.sqlite");
    let mut db = init(path.to_str().unwrap(), &town);
    for r in 0..10u32 {
        let today = date("2027-03-01") + chrono::Duration::days(7 * i64::from(r));
        commands::run_round(
            &mut db,
            &RoundRequest {
                deadline: Some(today + chrono::Duration::days(5)),
                today: Some(today),
            },
        )
        .unwrap();
        let (season, _) = db.read().unwrap();
        let answers: Vec<daycare_season::Response> = (0..season.state.children())
            .filter(|&c| season.state.holding[c].is_some_and(|h| !h.contract) && c % 3 != 2)
            .map(|c| daycare_season::Response {
                child_id: season.reg.children[c].id.clone(),
                decision: if c % 3 == 0 {
                    daycare_season::Decision::Accept
                } else {
                    daycare_season::Decision::Decline
                },
                date: None,
                file: "bench".into(),
                row: 2,
            })
            .collect();
        commands::record_responses(&mut db, &answers).unwrap();
    }
    g.bench_function("replay + verify, 10 rounds, 20k children", |b| {
        b.iter(|| commands::check(&mut db, true).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
