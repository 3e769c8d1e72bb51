//! A season driven through its commands on SQLite: random small seasons checked against the
//! rules by brute force, and bad input that changes nothing.

use std::fmt::Write as _;
use std::path::Path;

use daycare_season::commands::{self, AddRequest, InitRequest};
use daycare_season::export::priority_key;
use daycare_season::respond::read_responses;
use daycare_season::{Database, Decision, RoundRequest, Season, Status};
use proptest::prelude::*;

mod common;
use welfare_data::Table;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A child: (over three?, hardship, list of (daycare, sibling enrolled)).
type Applicant = (bool, bool, Vec<(usize, bool)>);

/// A small instance: `daycares` daycares with u3/ue3 seats, children with lists.
#[derive(Debug, Clone)]
struct Small {
    seats: Vec<(u32, u32)>,
    /// (age ue3?, hardship, list of (daycare, sibling))
    children: Vec<Applicant>,
}

fn small() -> impl Strategy<Value = Small> {
    (2usize..4).prop_flat_map(|d| {
        (
            prop::collection::vec((0u32..3, 0u32..3), d),
            prop::collection::vec(
                (
                    any::<bool>(),
                    any::<bool>(),
                    prop::sample::subsequence((0..d).collect::<Vec<_>>(), 0..=d).prop_shuffle(),
                    prop::collection::vec(any::<bool>(), d),
                ),
                1..9,
            ),
        )
            .prop_map(|(seats, kids)| Small {
                seats,
                children: kids
                    .into_iter()
                    .map(|(ue3, h, list, sib)| {
                        (
                            ue3,
                            h,
                            list.into_iter()
                                .map(|x| (x, sib[x] && x % 2 == 0))
                                .collect(),
                        )
                    })
                    .collect(),
            })
    })
}

fn write_instance(dir: &Path, s: &Small) {
    let mut d = String::from("daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\n");
    for (i, (u3, ue3)) in s.seats.iter().enumerate() {
        writeln!(d, "K{i},Kita {i},Mitte,52.{i}1,13.4{i},{u3},{ue3}").unwrap();
    }
    let mut c = String::from("child_id,age_group,district,lat,lon,family_id,hardship,lottery\n");
    let mut p = String::from("child_id,rank,daycare_id,sibling_enrolled\n");
    for (k, (ue3, h, list)) in s.children.iter().enumerate() {
        let age = if *ue3 { "ue3" } else { "u3" };
        writeln!(
            c,
            "c{k},{age},Mitte,52.{k}5,13.3{k},f{k},{},{k}",
            u8::from(*h)
        )
        .unwrap();
        for (r, (dc, sib)) in list.iter().enumerate() {
            writeln!(p, "c{k},{},K{dc},{}", r + 1, u8::from(*sib)).unwrap();
        }
    }
    write(dir, "daycares.csv", &d);
    write(dir, "children.csv", &c);
    write(dir, "preferences.csv", &p);
}

fn open(dir: &Path) -> Database {
    Database::open(dir.join("season.sqlite").to_str().unwrap(), true).unwrap()
}

fn init(db: &mut Database, instance: &Path) {
    commands::init(
        db,
        &InitRequest {
            instance: instance.to_owned(),
            mechanism: Default::default(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap();
}

/// The tie class of the max-stable mechanism: sibling, hardship, 500 m band (best first).
fn tie_class(season: &Season, c: usize, p: usize, sibling: bool) -> (u8, u8, i64) {
    let k = priority_key(season, c, p, sibling);
    (k.0.0, k.0.1, (k.distance_km() / 0.5).floor() as i64)
}

/// After a max-stable round without constraints: no child in play weakly blocks with a program
/// it ranks above its offer (or any listed program, unplaced) — a free seat (other than seats
/// freed this round by holders moving up, which the round leaves for the next one) or a seat
/// offered this round to a child of a strictly worse tie class. Brute force.
fn weakly_stable(season: &Season, before: &Season) -> Result<(), String> {
    let s = &season.state;
    let (contracts, offers) = s.taken();
    let mut freed = vec![0u32; s.seats.len()];
    for (c, h) in before.state.holding.iter().enumerate() {
        if let (Some(h), Some(now)) = (h, s.holding[c])
            && !h.contract
            && now.program != h.program
        {
            freed[h.program as usize] += 1;
        }
    }
    for c in 0..s.children() {
        if !s.in_play(c) {
            continue;
        }
        let held = s.holding[c];
        for r in &season.reg.choices[c] {
            if held.is_some_and(|h| r.rank >= h.rank) {
                break;
            }
            let p = r.program;
            if s.declined[c].contains(&(p as u32)) {
                continue;
            }
            if contracts[p] + offers[p] + freed[p] < s.seats[p] {
                return Err(format!(
                    "child {c} unplaced at program {p} with a free seat"
                ));
            }
            let mine = tie_class(season, c, p, r.sibling_enrolled);
            for (o, h) in s.holding.iter().enumerate() {
                let Some(h) = h else { continue };
                if h.contract || h.program as usize != p || h.round != s.round {
                    continue;
                }
                let sib = season.reg.choices[o]
                    .iter()
                    .find(|x| x.program == p)
                    .unwrap()
                    .sibling_enrolled;
                if tie_class(season, o, p, sib) > mine {
                    return Err(format!("child {c} blocks with child {o} at program {p}"));
                }
            }
        }
    }
    Ok(())
}

fn responses(text: &str) -> Vec<daycare_season::Response> {
    read_responses(&Table::from_bytes("responses.csv", text.as_bytes(), &[]).unwrap()).unwrap()
}

/// After a round: no child in play envies a program it ranks above its offer (or any listed
/// program, unplaced) that has a free seat or holds an offer for a child of lower priority.
/// Brute force over all pairs, independent of the mechanism's code.
fn no_justified_envy(season: &Season) -> Result<(), String> {
    let s = &season.state;
    let (contracts, offers) = s.taken();
    for c in 0..s.children() {
        if !s.in_play(c) {
            continue;
        }
        let held = s.holding[c];
        for r in &season.reg.choices[c] {
            if held.is_some_and(|h| r.rank >= h.rank) {
                break;
            }
            if s.declined[c].contains(&(r.program as u32)) {
                continue;
            }
            let p = r.program;
            if contracts[p] + offers[p] < s.seats[p] {
                return Err(format!(
                    "child {c} unplaced at program {p} with a free seat"
                ));
            }
            let mine = priority_key(season, c, p, r.sibling_enrolled);
            for (o, h) in s.holding.iter().enumerate() {
                let Some(h) = h else { continue };
                if h.contract || h.program as usize != p {
                    continue;
                }
                // a holder at p who got it in an earlier round had top priority there
                let theirs = season.reg.choices[o]
                    .iter()
                    .find(|x| x.program == p)
                    .map(|x| priority_key(season, o, p, x.sibling_enrolled))
                    .unwrap();
                if h.round == s.round && theirs > mine {
                    return Err(format!("child {c} envies child {o} at program {p}"));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn rounds_never_revoke_and_replay_gives_the_log(
        instance in small(),
        plan in prop::collection::vec((0u8..4, any::<u64>()), 1..7),
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_instance(dir.path(), &instance);
        let mut db = open(dir.path());
        init(&mut db, dir.path());
        let day = |k: i64| chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
            + chrono::Duration::days(k);
        let mut today = 0i64;
        for (step, (kind, seed)) in plan.into_iter().enumerate() {
            let (before, _) = db.read().unwrap();
            match kind {
                // a round with a deadline; time moves on
                0 | 1 => {
                    today += (seed % 5) as i64;
                    let report = commands::run_round(&mut db, &RoundRequest {
                        deadline: Some(day(today + 2)),
                        today: Some(day(today)),
                    }).unwrap();
                    let season = report.season.unwrap();
                    no_justified_envy(&season).map_err(TestCaseError::fail)?;
                    // contracts are untouched; held offers (not lapsed) kept or better
                    for (c, h) in before.state.holding.iter().enumerate() {
                        let Some(h) = h else { continue };
                        let now = season.state.holding[c];
                        if h.contract {
                            prop_assert_eq!(now, Some(*h));
                        } else if h.deadline.is_none_or(|d| d >= day(today)) {
                            prop_assert!(now.is_some_and(|n| n.rank <= h.rank), "child {} lost its offer", c);
                        }
                    }
                }
                // answers: every child with an offer answers by the seed's bits
                2 => {
                    let mut text = String::from("child_id,decision\n");
                    for (c, h) in before.state.holding.iter().enumerate() {
                        if h.is_some_and(|h| !h.contract) && (seed >> (c % 60)) & 1 == 1 {
                            let d = ["accept", "decline", "withdraw"][((seed >> 3) as usize + c) % 3];
                            writeln!(text, "{},{d}", before.reg.children[c].id).unwrap();
                        }
                    }
                    if text.lines().count() > 1 {
                        commands::record_responses(&mut db, &responses(&text)).unwrap();
                    }
                }
                // one more seat somewhere, or a late applicant
                _ => {
                    let extra = dir.path().join(format!("add{step}"));
                    std::fs::create_dir_all(&extra).unwrap();
                    let d = (seed as usize) % instance.seats.len();
                    let request = if seed % 2 == 0 {
                        let (contracts, offers) = before.state.taken();
                        let k = 2 * d;
                        let seats = before.state.seats[k].max(contracts[k] + offers[k]) + 1;
                        write(&extra, "seats.csv", &format!(
                            "daycare_id,age_group,care,start,seats\nK{d},u3,full,2027-08,{seats}\n"));
                        AddRequest { seats: Some(extra.join("seats.csv")), ..AddRequest::default() }
                    } else {
                        let id = format!("late{step}");
                        write(&extra, "children.csv", &format!(
                            "child_id,age_group,district,lat,lon,family_id,hardship,lottery\n\
                             {id},u3,Mitte,52.3,13.3,{id},0,{}\n", 1000 + step));
                        write(&extra, "preferences.csv", &format!(
                            "child_id,rank,daycare_id,sibling_enrolled\n{id},1,K{d},0\n"));
                        AddRequest {
                            children: Some(extra.join("children.csv")),
                            preferences: Some(extra.join("preferences.csv")),
                            seats: None,
                        }
                    };
                    commands::add_to_season(&mut db, &request.read().unwrap()).unwrap();
                }
            }
            // the database's counts equal the season's; the log replays to the stored state
            let (season, _) = db.read().unwrap();
            prop_assert_eq!(commands::status(&mut db).unwrap(), Status::of(&season));
            for p in &Status::of(&season).programs {
                prop_assert!(p.free >= 0, "{:?}", p);
            }
            commands::check(&mut db, true).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Max-stable seasons (with or without families together and the hardship quota): rounds
    /// never revoke, families with nobody placed yet stay together, capacities hold, the log
    /// replays to the stored state (the solver recomputes every round), and without
    /// constraints each round is weakly stable.
    #[test]
    fn max_stable_rounds_never_revoke_and_replay(
        instance in small(),
        families in prop::collection::vec(0usize..3, 9),
        siblings_together in any::<bool>(),
        quota in prop::option::of(Just(0.34)),
        plan in prop::collection::vec((0u8..3, any::<u64>()), 1..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_instance(dir.path(), &instance);
        // some children share a family: child k belongs to family f{families[k]} when that
        // is below k (an older sibling), else to its own
        let text = std::fs::read_to_string(dir.path().join("children.csv")).unwrap();
        let mut out = String::new();
        for (k, line) in text.lines().enumerate() {
            if k == 0 {
                out.push_str(line);
            } else {
                let c = k - 1;
                let f = if families[c] < c { families[c] } else { c };
                let cells: Vec<&str> = line.split(',').collect();
                let mut cells: Vec<String> = cells.iter().map(|x| x.to_string()).collect();
                cells[5] = format!("f{f}");
                out.push_str(&cells.join(","));
            }
            out.push('\n');
        }
        write(dir.path(), "children.csv", &out);
        let mut db = open(dir.path());
        commands::init(&mut db, &InitRequest {
            instance: dir.path().to_owned(),
            mechanism: "max-stable".parse().unwrap(),
            start: "2027-08".parse().unwrap(),
            siblings_together,
            hardship_quota: quota,
        }).unwrap();
        let constrained = siblings_together || quota.is_some();
        let day = |k: i64| chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
            + chrono::Duration::days(k);
        let mut today = 0i64;
        for (kind, seed) in plan {
            let (before, _) = db.read().unwrap();
            if kind < 2 {
                today += (seed % 5) as i64;
                let report = commands::run_round(&mut db, &RoundRequest {
                    deadline: Some(day(today + 2)),
                    today: Some(day(today)),
                });
                // the quota together with families can leave no allocation at all: the round
                // is refused and nothing changes
                let report = match report {
                    Err(daycare_season::SeasonError::Allocation(_)) if siblings_together && quota.is_some() => {
                        let (after, _) = db.read().unwrap();
                        prop_assert_eq!(&after.state, &before.state);
                        continue;
                    }
                    other => other.unwrap(),
                };
                let season = report.season.unwrap();
                if !constrained {
                    weakly_stable(&season, &before).map_err(TestCaseError::fail)?;
                }
                for (c, h) in before.state.holding.iter().enumerate() {
                    let Some(h) = h else { continue };
                    let now = season.state.holding[c];
                    if h.contract {
                        prop_assert_eq!(now, Some(*h));
                    } else if h.deadline.is_none_or(|d| d >= day(today)) {
                        prop_assert!(now.is_some_and(|n| n.rank <= h.rank), "child {} lost its offer", c);
                    }
                }
                if siblings_together {
                    // a family nobody of which was placed before: together or not at all
                    let reg = &season.reg;
                    let mut by_family: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
                    for (c, child) in reg.children.iter().enumerate() {
                        by_family.entry(child.family_id.as_str()).or_default().push(c);
                    }
                    for members in by_family.values().filter(|m| m.len() > 1) {
                        if members.iter().any(|&c| before.state.holding[c].is_some()) {
                            continue;
                        }
                        let in_play: Vec<usize> = members.iter().copied().filter(|&c| season.state.in_play(c)).collect();
                        let places: Vec<Option<usize>> = in_play.iter()
                            .map(|&c| season.state.holding[c].map(|h| reg.programs[h.program as usize].daycare))
                            .collect();
                        let placed = places.iter().filter(|p| p.is_some()).count();
                        prop_assert!(placed == 0 || (placed == places.len() && places.windows(2).all(|w| w[0] == w[1])),
                            "family {:?} split: {:?}", in_play, places);
                    }
                }
            } else {
                let mut text = String::from("child_id,decision\n");
                for (c, h) in before.state.holding.iter().enumerate() {
                    if h.is_some_and(|h| !h.contract) && (seed >> (c % 60)) & 1 == 1 {
                        let d = ["accept", "decline", "withdraw"][((seed >> 3) as usize + c) % 3];
                        writeln!(text, "{},{d}", before.reg.children[c].id).unwrap();
                    }
                }
                if text.lines().count() > 1 {
                    commands::record_responses(&mut db, &responses(&text)).unwrap();
                }
            }
            let (season, _) = db.read().unwrap();
            for p in &Status::of(&season).programs {
                prop_assert!(p.free >= 0, "{:?}", p);
            }
            commands::check(&mut db, true).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
    }
}

/// Max-stable ties are coarse (sibling, hardship, 500 m): a later applicant of a better class
/// must still not take a held offer, and the family of a holder gets the sibling priority.
#[test]
fn a_max_stable_holder_keeps_its_offer_against_a_better_class() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "daycares.csv",
        "daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\nK0,Kita 0,Mitte,52.5,13.4,1,0\n",
    );
    write(
        dir.path(),
        "children.csv",
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\na,u3,Mitte,52.6,13.5,fa,0,1\n",
    );
    write(
        dir.path(),
        "preferences.csv",
        "child_id,rank,daycare_id,sibling_enrolled\na,1,K0,0\n",
    );
    let mut db = open(dir.path());
    commands::init(
        &mut db,
        &InitRequest {
            instance: dir.path().to_owned(),
            mechanism: "max-stable".parse().unwrap(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap();
    commands::run_round(&mut db, &RoundRequest::default()).unwrap();
    // b: hardship, a sibling already there, next door: the best tie class, better than a's
    // even if a's held offer counted as sibling and hardship
    let extra = dir.path().join("late");
    std::fs::create_dir_all(&extra).unwrap();
    write(
        &extra,
        "children.csv",
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\nb,u3,Mitte,52.5,13.4,fb,1,2\n",
    );
    write(
        &extra,
        "preferences.csv",
        "child_id,rank,daycare_id,sibling_enrolled\nb,1,K0,1\n",
    );
    commands::add_to_season(
        &mut db,
        &AddRequest {
            children: Some(extra.join("children.csv")),
            preferences: Some(extra.join("preferences.csv")),
            seats: None,
        }
        .read()
        .unwrap(),
    )
    .unwrap();
    let report = commands::run_round(&mut db, &RoundRequest::default()).unwrap();
    let season = report.season.unwrap();
    assert!(season.state.holding[0].is_some(), "a kept its offer");
    assert!(
        season.state.holding[1].is_none(),
        "b waits: the seat is held"
    );
    // b's explanation: the seat is held from an earlier round
    assert_eq!(
        daycare_season::explain::why_not(&season, 1, 0, true),
        daycare_season::explain::ChoiceState::HeldEarlier
    );
    commands::check(&mut db, true).unwrap();
}

/// In a max-stable season two children of one tie class compete for one seat: the one left
/// out is told the seats went so that the most children get one (the lottery does not decide
/// within a tie class there).
#[test]
fn a_max_stable_tie_is_explained_as_a_tie() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "daycares.csv",
        "daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\nK0,Kita 0,Mitte,52.5,13.4,1,0\n",
    );
    write(
        dir.path(),
        "children.csv",
        "child_id,age_group,district,lat,lon,family_id,hardship,lottery\n\
         a,u3,Mitte,52.51,13.4,fa,0,1\nb,u3,Mitte,52.511,13.4,fb,0,2\n",
    );
    write(
        dir.path(),
        "preferences.csv",
        "child_id,rank,daycare_id,sibling_enrolled\na,1,K0,0\nb,1,K0,0\n",
    );
    let mut db = open(dir.path());
    commands::init(
        &mut db,
        &InitRequest {
            instance: dir.path().to_owned(),
            mechanism: "max-stable".parse().unwrap(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap();
    let season = commands::run_round(&mut db, &RoundRequest::default())
        .unwrap()
        .season
        .unwrap();
    let out = (0..2)
        .find(|&c| season.state.holding[c].is_none())
        .expect("one child waits");
    assert_eq!(
        daycare_season::explain::why_not(&season, out, 0, false),
        daycare_season::explain::ChoiceState::Tie
    );
}

#[test]
fn answers_that_cannot_apply_change_nothing_and_name_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let instance = Small {
        seats: vec![(1, 1), (1, 0)],
        children: vec![
            (false, false, vec![(0, false), (1, false)]),
            (false, true, vec![(0, false)]),
            (true, false, vec![(1, false)]),
        ],
    };
    write_instance(dir.path(), &instance);
    let mut db = open(dir.path());
    init(&mut db, dir.path());
    commands::run_round(&mut db, &RoundRequest::default()).unwrap();
    let before = db.read().unwrap();
    let cases = [
        (
            "child_id,decision\nc0,accept\nc9,accept\n",
            "row 3, field 'child_id'",
        ),
        (
            "child_id,decision\nc0,accept\nc0,decline\n",
            "row 3, field 'child_id'",
        ),
        (
            "child_id,decision\nc2,vielleicht\n",
            "row 2, field 'decision'",
        ),
        (
            "child_id,decision,date\nc1,accept,31.02.2027\n",
            "row 2, field 'date'",
        ),
    ];
    for (text, place) in cases {
        let err = Table::from_bytes("responses.csv", text.as_bytes(), &[])
            .map_err(daycare_season::SeasonError::from)
            .and_then(|t| read_responses(&t))
            .and_then(|r| commands::record_responses(&mut db, &r))
            .unwrap_err();
        assert!(err.to_string().contains(place), "{text}: {err}");
    }
    // who holds nothing cannot accept; the whole file is refused
    let (season, _) = &before;
    let without = (0..3).find(|&c| season.state.holding[c].is_none()).unwrap();
    let with = (0..3).find(|&c| season.state.holding[c].is_some()).unwrap();
    let text = format!("child_id,decision\nc{with},accept\nc{without},annehmen\n");
    let err = commands::record_responses(&mut db, &responses(&text)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "responses.csv: row 3, field 'decision': child 'c{without}' has no open offer to accept"
        )
    );
    assert_eq!(db.read().unwrap(), before, "a refused file changes nothing");
    // a contract is final: declining it is refused
    // (the id as staff type it: any case)
    commands::record_responses(
        &mut db,
        &responses(&format!("child_id,decision\nC{with},accept\n")),
    )
    .unwrap();
    let err = commands::record_responses(
        &mut db,
        &responses(&format!("child_id,decision\nc{with},decline\n")),
    )
    .unwrap_err();
    assert!(err.to_string().contains("a contract is final"), "{err}");
    // seats below the contracts are refused
    write(
        dir.path(),
        "fewer.csv",
        "daycare_id,age_group,care,start,seats\nK0,u3,full,2027-08,0\n",
    );
    let add = AddRequest {
        seats: Some(dir.path().join("fewer.csv")),
        ..AddRequest::default()
    };
    let err = commands::add_to_season(&mut db, &add.read().unwrap()).unwrap_err();
    assert!(err.to_string().contains("row 2, field 'seats'"), "{err}");
    // init twice is refused
    let again = commands::init(
        &mut db,
        &InitRequest {
            instance: dir.path().to_owned(),
            mechanism: Default::default(),
            start: "2027-08".parse().unwrap(),
            siblings_together: false,
            hardship_quota: None,
        },
    )
    .unwrap_err();
    assert!(
        again.to_string().contains("already holds a season"),
        "{again}"
    );
    assert_eq!(Decision::Accept, "Zusage".parse().unwrap());
}

#[test]
fn lapsed_offers_go_to_the_next_child_and_exports_are_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let instance = Small {
        seats: vec![(1, 0), (1, 0)],
        children: vec![
            (false, true, vec![(0, false)]),
            (false, false, vec![(0, false), (1, false)]),
            (false, false, vec![(1, false)]),
        ],
    };
    write_instance(dir.path(), &instance);
    let run = |name: &str| {
        let mut db = Database::open(dir.path().join(name).to_str().unwrap(), true).unwrap();
        init(&mut db, dir.path());
        let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
        let r1 = commands::run_round(
            &mut db,
            &RoundRequest {
                deadline: Some(d("2027-03-10")),
                today: Some(d("2027-03-01")),
            },
        )
        .unwrap();
        // c0 (hardship) gets K0, c1 K1, c2 nothing
        assert_eq!((r1.new, r1.unplaced), (2, 1));
        // c0 declines; c1 moves up to K0 and frees K1 for c2
        commands::record_responses(&mut db, &responses("child_id,decision\nc0,ablehnen\n"))
            .unwrap();
        let r2 = commands::run_round(
            &mut db,
            &RoundRequest {
                deadline: Some(d("2027-03-20")),
                today: Some(d("2027-03-05")),
            },
        )
        .unwrap();
        assert_eq!((r2.lapsed, r2.new, r2.upgraded, r2.kept), (0, 1, 1, 0));
        // the upgraded offer has the new deadline: nothing lapses on 15 March
        let r3 = commands::run_round(
            &mut db,
            &RoundRequest {
                deadline: None,
                today: Some(d("2027-03-15")),
            },
        )
        .unwrap();
        assert_eq!((r3.lapsed, r3.new, r3.upgraded, r3.kept), (0, 0, 0, 2));
        let out = dir.path().join(format!("{name}-export"));
        commands::export(&mut db, &out).unwrap();
        // after the deadline without an answer both offers lapse
        let r4 = commands::run_round(
            &mut db,
            &RoundRequest {
                deadline: None,
                today: Some(d("2027-03-21")),
            },
        )
        .unwrap();
        // c1 still ranks K1 second: it lapsed at K0 only
        assert_eq!((r4.lapsed, r4.new, r4.kept, r4.unplaced), (2, 1, 0, 2));
        out
    };
    let a = run("a.sqlite");
    let b = run("b.sqlite");
    for f in [
        "contracts.csv",
        "offers.csv",
        "unplaced.csv",
        "waitlist.csv",
        "events.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(a.join("offers.csv")).unwrap(),
        "child_id,daycare_id,age_group,care,start,rank,status\n\
         c1,K0,u3,full,2027-08,1,kept\nc2,K1,u3,full,2027-08,1,kept\n"
    );
    let events = std::fs::read_to_string(a.join("events.csv")).unwrap();
    assert!(
        events.contains(
            "4,declined,c0,K0,u3 full 2027-08; date \n5,round,,,round 2; deadline 2027-03-20; \
             today 2027-03-05\n6,offered,c1,K0,u3 full 2027-08; rank 1; upgraded; deadline 2027-03-20\n"
        ),
        "{events}"
    );
    assert_eq!(
        std::fs::read_to_string(a.join("unplaced.csv")).unwrap(),
        "child_id\nc0\n"
    );
    assert_eq!(
        std::fs::read_to_string(a.join("waitlist.csv")).unwrap(),
        "daycare_id,age_group,care,start,position,child_id\n"
    );
}

#[test]
fn an_office_season_on_sqlite_verifies() {
    let work = tempfile::tempdir().unwrap();
    let mut db = open(work.path());
    let out = common::office_season(&mut db, work.path());
    for f in common::EXPORTS {
        assert!(std::fs::metadata(out.join(f)).unwrap().len() > 10, "{f}");
    }
}

#[test]
fn staff_answering_while_a_round_runs_lose_nothing_on_sqlite() {
    let work = tempfile::tempdir().unwrap();
    common::concurrent(work.path().join("season.sqlite").to_str().unwrap());
}

#[test]
fn letters_to_parents_are_in_easy_language() {
    let work = tempfile::tempdir().unwrap();
    let mut db = open(work.path());
    common::office_season(&mut db, work.path());
    let (season, events) = db.read().unwrap();
    let cfg = easy_language::Config::with_profile(easy_language::Profile::Netzwerk);
    let mut checked = 0;
    for round in 1..=season.state.round {
        let letters = daycare_season::letters::letters(&season, &events, Some(round)).unwrap();
        assert!(!letters.is_empty(), "round {round} has letters");
        // every letter of a round with upgrades and lower choices: check a spread of them
        for letter in letters.iter().step_by(7) {
            let text = letter.paragraphs.join("\n\n");
            let report = easy_language::check(&text, &cfg).unwrap();
            let warnings: Vec<String> = report
                .sentences
                .iter()
                .flat_map(|s| s.findings.iter().map(move |f| (s, f)))
                .filter(|(_, f)| f.severity >= easy_language::Severity::Warning)
                .map(|(s, f)| format!("{:?}: {}", f.rule, s.text))
                .collect();
            assert!(
                warnings.len() * 10 <= report.sentences.len(),
                "{} warnings in {} sentences of the letter to family {}: {warnings:#?}",
                warnings.len(),
                report.sentences.len(),
                letter.family_id
            );
            assert!(letter.html.contains("<html lang=\"de\">"));
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
    // a letter for a lower choice says why not the higher one
    let letters = daycare_season::letters::letters(&season, &events, Some(1)).unwrap();
    let lower = letters
        .iter()
        .find(|l| {
            l.paragraphs
                .iter()
                .any(|p| p.starts_with("Das ist Ihr Wunsch Nummer"))
        })
        .unwrap();
    assert!(
        lower
            .paragraphs
            .iter()
            .any(|p| p.starts_with("Sie wünschen sich auch die Kita")),
        "{:#?}",
        lower.paragraphs
    );
    let err = daycare_season::letters::letters(&season, &events, Some(9)).unwrap_err();
    assert!(err.to_string().contains("no round 9"), "{err}");
}
