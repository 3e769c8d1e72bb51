//! The season's files: `contracts.csv`, `offers.csv`, `unplaced.csv`, `waitlist.csv`,
//! `events.csv`. No wall-clock time is written, so the same commands give the same bytes on
//! SQLite and PostgreSQL.

use daycare_allocation::domain::{Priority, PriorityKey, haversine_km};
use std::path::Path;

use crate::error::SeasonError;
use crate::event::{Event, OfferStatus};
use crate::round::Offer;
use crate::season::Season;

/// A file's name and bytes.
pub type File = (&'static str, Vec<u8>);

/// Writes CSV rows (fields quoted where needed, `\n` line ends).
struct Csv(Vec<u8>);

impl Csv {
    fn new(header: &[&str]) -> Csv {
        let mut c = Csv(Vec::new());
        c.row(header.iter().map(|s| s.to_string()));
        c
    }

    fn row(&mut self, fields: impl IntoIterator<Item = String>) {
        for (k, f) in fields.into_iter().enumerate() {
            if k > 0 {
                self.0.push(b',');
            }
            if f.contains([',', '"', '\n', '\r']) {
                self.0.push(b'"');
                self.0.extend_from_slice(f.replace('"', "\"\"").as_bytes());
                self.0.push(b'"');
            } else {
                self.0.extend_from_slice(f.as_bytes());
            }
        }
        self.0.push(b'\n');
    }
}

fn program_fields(season: &Season, program: u32) -> [String; 4] {
    let p = &season.reg.programs[program as usize];
    [
        season.reg.daycares[p.daycare].id.clone(),
        p.age_group.as_str().to_owned(),
        p.care.as_str().to_owned(),
        p.start.to_string(),
    ]
}

/// Columns of `offers.csv`.
pub const OFFER_COLUMNS: [&str; 7] = [
    "child_id",
    "daycare_id",
    "age_group",
    "care",
    "start",
    "rank",
    "status",
];

/// `offers.csv`: one row per child holding an offer.
pub fn offers_csv(season: &Season, offers: &[Offer]) -> Vec<u8> {
    let mut csv = Csv::new(&OFFER_COLUMNS);
    for o in offers {
        let [d, a, c, s] = program_fields(season, o.program);
        csv.row([
            season.reg.children[o.child as usize].id.clone(),
            d,
            a,
            c,
            s,
            o.rank.to_string(),
            o.status.as_str().to_owned(),
        ]);
    }
    csv.0
}

/// The open offers of a season, with the status the last round gave them.
pub fn open_offers(season: &Season, events: &[Event]) -> Vec<Offer> {
    let mut status = vec![OfferStatus::Kept; season.state.children()];
    let mut round = 0;
    for e in events {
        match *e {
            Event::Round { round: r, .. } => round = r,
            Event::Offered {
                child, status: s, ..
            } if round == season.state.round => status[child as usize] = s,
            _ => {}
        }
    }
    season
        .state
        .holding
        .iter()
        .enumerate()
        .filter_map(|(c, h)| {
            let h = h.as_ref().filter(|h| !h.contract)?;
            Some(Offer {
                child: c as u32,
                program: h.program,
                rank: h.rank,
                status: if h.round == season.state.round {
                    status[c]
                } else {
                    OfferStatus::Kept
                },
                deadline: h.deadline,
            })
        })
        .collect()
}

/// The priority of a child at a program (the canonical priority of its daycare).
pub fn priority_key(season: &Season, child: usize, program: usize, sibling: bool) -> PriorityKey {
    let c = &season.reg.children[child];
    let d = &season.reg.daycares[season.reg.programs[program].daycare];
    Priority {
        sibling_enrolled: sibling,
        hardship: c.hardship,
        distance_km: haversine_km(c.lat, c.lon, d.lat, d.lon),
        lottery: c.lottery,
    }
    .key()
}

/// Per program, the children in play who rank it above what they hold (or who hold nothing
/// and have not declined it), in priority order.
pub fn waitlists(season: &Season) -> Vec<Vec<u32>> {
    let state = &season.state;
    let mut lists: Vec<Vec<(PriorityKey, u32)>> = vec![Vec::new(); state.seats.len()];
    for c in 0..state.children() {
        if !state.in_play(c) {
            continue;
        }
        let held = state.holding[c];
        for r in &season.reg.choices[c] {
            if held.is_some_and(|h| r.rank >= h.rank) {
                break;
            }
            if state.declined[c].contains(&(r.program as u32)) {
                continue;
            }
            lists[r.program].push((
                priority_key(season, c, r.program, r.sibling_enrolled),
                c as u32,
            ));
        }
    }
    lists
        .into_iter()
        .map(|mut l| {
            l.sort_unstable();
            l.into_iter().map(|(_, c)| c).collect()
        })
        .collect()
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The `detail` column of `events.csv`.
fn detail(season: &Season, e: &Event) -> String {
    let program = |p: u32| {
        let [_, a, c, s] = program_fields(season, p);
        format!("{a} {c} {s}")
    };
    match *e {
        Event::Round {
            round,
            deadline,
            today,
        } => format!(
            "round {round}; deadline {}; today {}",
            date(deadline),
            date(today)
        ),
        Event::Lapsed { program: p, .. } => program(p),
        Event::Offered {
            program: p,
            rank,
            status,
            deadline,
            ..
        } => format!(
            "{}; rank {rank}; {}; deadline {}",
            program(p),
            status.as_str(),
            date(deadline)
        ),
        Event::Accepted {
            program: p,
            date: d,
            ..
        }
        | Event::Declined {
            program: p,
            date: d,
            ..
        } => {
            format!("{}; date {}", program(p), date(d))
        }
        Event::Withdrawn { date: d, .. } => format!("date {}", date(d)),
        Event::ChildAdded { .. } => String::new(),
        Event::ProgramAdded { program: p } => format!(
            "{}; seats {}",
            program(p),
            season.reg.programs[p as usize].seats
        ),
        Event::SeatsChanged { program: p, seats } => format!("{}; seats {seats}", program(p)),
    }
}

/// All export files of a season, in memory.
pub fn export_files(season: &Season, events: &[Event]) -> Vec<File> {
    let state = &season.state;
    let id = |c: usize| season.reg.children[c].id.clone();
    let mut contracts = Csv::new(&[
        "child_id",
        "daycare_id",
        "age_group",
        "care",
        "start",
        "rank",
        "round",
    ]);
    let mut unplaced = Csv::new(&["child_id"]);
    for c in 0..state.children() {
        match state.holding[c] {
            Some(h) if h.contract => {
                let [d, a, cr, s] = program_fields(season, h.program);
                contracts.row([id(c), d, a, cr, s, h.rank.to_string(), h.round.to_string()]);
            }
            None if state.in_play(c) => unplaced.row([id(c)]),
            _ => {}
        }
    }
    let mut waitlist = Csv::new(&[
        "daycare_id",
        "age_group",
        "care",
        "start",
        "position",
        "child_id",
    ]);
    for (p, list) in waitlists(season).into_iter().enumerate() {
        let [d, a, cr, s] = program_fields(season, p as u32);
        for (k, c) in list.into_iter().enumerate() {
            waitlist.row([
                d.clone(),
                a.clone(),
                cr.clone(),
                s.clone(),
                (k + 1).to_string(),
                id(c as usize),
            ]);
        }
    }
    let mut log = Csv::new(&["seq", "kind", "child_id", "daycare_id", "detail"]);
    for (k, e) in events.iter().enumerate() {
        log.row([
            (k + 1).to_string(),
            e.kind().to_owned(),
            e.child().map(|c| id(c as usize)).unwrap_or_default(),
            e.program()
                .map(|p| program_fields(season, p)[0].clone())
                .unwrap_or_default(),
            detail(season, e),
        ]);
    }
    vec![
        ("contracts.csv", contracts.0),
        (
            "offers.csv",
            offers_csv(season, &open_offers(season, events)),
        ),
        ("unplaced.csv", unplaced.0),
        ("waitlist.csv", waitlist.0),
        ("events.csv", log.0),
    ]
}

/// Writes files into a folder (created if missing), each atomically.
pub fn write_files(dir: &Path, files: &[File]) -> Result<(), SeasonError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| welfare_data::DataError::io(dir, "creating the folder", e))?;
    for (name, bytes) in files {
        welfare_data::write_bytes_atomic(dir.join(name), bytes)?;
    }
    Ok(())
}
