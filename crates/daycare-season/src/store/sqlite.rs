//! The season in an SQLite file (WAL journal: readers never wait for a round).

use rusqlite::{Connection, OptionalExtension, params};
use welfare_data::Daycare;
use welfare_data::daycare::Child;
use welfare_data::programs::{Program, Ranked};

use super::schema::{
    MIGRATIONS, SCHEMA_VERSION, SQLITE_APPEND_ONLY, STATUS_COUNTS, STATUS_PROGRAMS,
};
use super::{
    Backend, Loaded, age_of, age_text, care_of, date_of, event_of, event_text, settings_text,
    start_of,
};
use crate::error::SeasonError;
use crate::event::Event;
use crate::season::{Commit, Holding, Season, Touched};
use crate::status::{ProgramStatus, Status};

pub(crate) struct Sqlite {
    conn: Connection,
    name: String,
}

fn err(name: &str) -> impl Fn(rusqlite::Error) -> SeasonError + '_ {
    move |e| SeasonError::Store {
        db: name.to_owned(),
        reason: e.to_string(),
    }
}

fn corrupt(name: &str, reason: String) -> SeasonError {
    SeasonError::Store {
        db: name.to_owned(),
        reason,
    }
}

impl Sqlite {
    pub(crate) fn open(path: &str, name: &str, create: bool) -> Result<Sqlite, SeasonError> {
        if !create && !std::path::Path::new(path).exists() {
            return Err(SeasonError::NoSeason(name.to_owned()));
        }
        let conn = Connection::open(path).map_err(err(name))?;
        // WAL: readers see the last commit while a round runs; FULL: a commit survives power loss
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(err(name))?;
        conn.busy_timeout(std::time::Duration::from_secs(60))
            .map_err(err(name))?;
        Ok(Sqlite {
            conn,
            name: name.to_owned(),
        })
    }

    fn schema_version(&self) -> Result<i64, SeasonError> {
        let has_meta: bool = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(err(&self.name))?
            > 0;
        if !has_meta {
            return Ok(0);
        }
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'schema_version'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(err(&self.name))?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    fn migrate_schema(&mut self, from: i64) -> Result<(), SeasonError> {
        self.begin()?;
        let done = migrations(&self.conn, &self.name, from);
        self.finish(done.is_ok())?;
        done
    }
}

/// Brings the schema from version `from` to the current one (inside the caller's transaction).
fn migrations(c: &Connection, name: &str, from: i64) -> Result<(), SeasonError> {
    let e = err(name);
    for m in &MIGRATIONS[from as usize..] {
        c.execute_batch(m).map_err(&e)?;
    }
    c.execute_batch(SQLITE_APPEND_ONLY).map_err(&e)?;
    c.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [SCHEMA_VERSION.to_string()],
    )
    .map_err(&e)?;
    Ok(())
}

impl Backend for Sqlite {
    fn version(&mut self) -> Result<i64, SeasonError> {
        self.schema_version()
    }

    fn migrate(&mut self, from: i64) -> Result<(), SeasonError> {
        self.migrate_schema(from)
    }

    fn create(&mut self, season: &Season) -> Result<(), SeasonError> {
        // schema and registrations in one transaction: a killed `init` leaves no half season
        self.begin()?;
        let written = (|| {
            migrations(&self.conn, &self.name, 0)?;
            let e = err(&self.name);
            self.conn
                .execute(
                    "INSERT INTO meta (key, value) VALUES ('settings', ?1), ('round', '0')",
                    [settings_text(&season.reg.settings)],
                )
                .map_err(&e)?;
            let mut st = self
                .conn
                .prepare("INSERT INTO daycares VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .map_err(&e)?;
            for (i, d) in season.reg.daycares.iter().enumerate() {
                st.execute(params![
                    i as i64,
                    d.id,
                    d.name,
                    d.district,
                    d.lat,
                    d.lon,
                    d.capacity_u3,
                    d.capacity_ue3
                ])
                .map_err(&e)?;
            }
            drop(st);
            let children: Vec<_> = season
                .reg
                .children
                .iter()
                .cloned()
                .zip(season.reg.choices.iter().cloned())
                .collect();
            insert_registrations(
                &self.conn,
                &self.name,
                0,
                &season.reg.programs,
                0,
                &children,
            )
        })();
        self.finish(written.is_ok())?;
        written
    }

    fn begin(&mut self) -> Result<(), SeasonError> {
        // IMMEDIATE: the write lock is taken before the season is read
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(err(&self.name))
    }

    fn begin_read(&mut self) -> Result<(), SeasonError> {
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(err(&self.name))
    }

    fn finish(&mut self, commit: bool) -> Result<(), SeasonError> {
        self.conn
            .execute_batch(if commit { "COMMIT" } else { "ROLLBACK" })
            .map_err(err(&self.name))
    }

    fn load(&mut self) -> Result<Season, SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let bad = |r: String| corrupt(&name, r);
        let c = &self.conn;
        let mut l = Loaded::default();
        let mut st = c.prepare("SELECT key, value FROM meta").map_err(&e)?;
        let meta = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(&e)?;
        for row in meta {
            let (key, value) = row.map_err(&e)?;
            l.meta(&key, &value).map_err(bad)?;
        }
        let mut st = c
            .prepare(
                "SELECT id, name, district, lat, lon, capacity_u3, capacity_ue3 FROM daycares \
                 ORDER BY idx",
            )
            .map_err(&e)?;
        l.daycares = st
            .query_map([], |r| {
                Ok(Daycare {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    district: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    capacity_u3: r.get(5)?,
                    capacity_ue3: r.get(6)?,
                })
            })
            .map_err(&e)?
            .collect::<Result<_, _>>()
            .map_err(&e)?;
        let mut st = c
            .prepare(
                "SELECT daycare, age_group, care, start, registered, seats FROM programs \
                 ORDER BY idx",
            )
            .map_err(&e)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, u32>(5)?,
                ))
            })
            .map_err(&e)?;
        for row in rows {
            let (daycare, age, care, start, registered, seats) = row.map_err(&e)?;
            l.programs.push((
                Program {
                    daycare: daycare as usize,
                    age_group: age_of(&age).map_err(bad)?,
                    care: care_of(&care).map_err(bad)?,
                    start: start_of(&start).map_err(bad)?,
                    seats: registered,
                },
                seats,
            ));
        }
        let mut st = c
            .prepare(
                "SELECT id, age_group, district, lat, lon, family_id, hardship, lottery, \
                 withdrawn FROM children ORDER BY idx",
            )
            .map_err(&e)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, f64>(3)?,
                    r.get::<_, f64>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                    r.get::<_, i64>(8)?,
                ))
            })
            .map_err(&e)?;
        for row in rows {
            let (id, age, district, lat, lon, family_id, hardship, lottery, withdrawn) =
                row.map_err(&e)?;
            l.children.push((
                Child {
                    id,
                    age_group: age_of(&age).map_err(bad)?,
                    district,
                    lat,
                    lon,
                    family_id,
                    hardship: hardship != 0,
                    lottery,
                    preferences: Vec::new(),
                },
                withdrawn != 0,
            ));
        }
        let mut st = c
            .prepare("SELECT child, rank, program, sibling FROM choices ORDER BY child, rank")
            .map_err(&e)?;
        l.choices = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)? as usize,
                    Ranked {
                        rank: r.get(1)?,
                        program: r.get::<_, i64>(2)? as usize,
                        sibling_enrolled: r.get::<_, i64>(3)? != 0,
                    },
                ))
            })
            .map_err(&e)?
            .collect::<Result<_, _>>()
            .map_err(&e)?;
        let mut st = c
            .prepare("SELECT child, program FROM declined ORDER BY child, program")
            .map_err(&e)?;
        l.declined = st
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)? as usize, r.get::<_, u32>(1)?))
            })
            .map_err(&e)?
            .collect::<Result<_, _>>()
            .map_err(&e)?;
        let mut st = c
            .prepare(
                "SELECT child, program, rank, contract, round, deadline FROM holdings \
                 ORDER BY child",
            )
            .map_err(&e)?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)? as usize,
                    r.get::<_, u32>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, i64>(3)? != 0,
                    r.get::<_, u32>(4)?,
                    r.get::<_, Option<String>>(5)?,
                ))
            })
            .map_err(&e)?;
        for row in rows {
            let (child, program, rank, contract, round, deadline) = row.map_err(&e)?;
            l.holdings.push((
                child,
                Holding {
                    program,
                    rank,
                    contract,
                    round,
                    deadline: date_of(deadline).map_err(bad)?,
                },
            ));
        }
        l.into_season().map_err(bad)
    }

    fn events(&mut self) -> Result<Vec<Event>, SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let mut st = self
            .conn
            .prepare("SELECT data FROM events ORDER BY seq")
            .map_err(&e)?;
        let rows = st.query_map([], |r| r.get::<_, String>(0)).map_err(&e)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(event_of(&row.map_err(&e)?).map_err(|r| corrupt(&name, r))?);
        }
        Ok(out)
    }

    fn write(
        &mut self,
        after: &Season,
        commit: &Commit,
        touched: &Touched,
    ) -> Result<(), SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let c = &self.conn;
        let reg = &after.reg;
        insert_registrations(
            c,
            &name,
            reg.programs.len() - commit.programs.len(),
            &commit.programs,
            reg.children.len() - commit.children.len(),
            &commit.children,
        )?;
        let first: i64 = c
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(&e)?;
        let mut st = c
            .prepare(
                "INSERT INTO events (seq, kind, child, program, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(&e)?;
        for (k, ev) in commit.events.iter().enumerate() {
            st.execute(params![
                first + 1 + k as i64,
                ev.kind(),
                ev.child(),
                ev.program(),
                event_text(ev)
            ])
            .map_err(&e)?;
        }
        let state = &after.state;
        let mut delete = c
            .prepare("DELETE FROM holdings WHERE child = ?1")
            .map_err(&e)?;
        let mut insert = c
            .prepare(
                "INSERT INTO holdings (child, program, rank, contract, round, deadline) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(&e)?;
        let mut withdraw = c
            .prepare("UPDATE children SET withdrawn = ?2 WHERE idx = ?1")
            .map_err(&e)?;
        for &child in &touched.children {
            delete.execute([child]).map_err(&e)?;
            if let Some(h) = state.holding[child as usize] {
                insert
                    .execute(params![
                        child,
                        h.program,
                        h.rank,
                        i64::from(h.contract),
                        h.round,
                        h.deadline.map(|d| d.to_string())
                    ])
                    .map_err(&e)?;
            }
            if state.withdrawn[child as usize] {
                withdraw.execute(params![child, 1]).map_err(&e)?;
            }
        }
        let mut st = c
            .prepare("INSERT INTO declined (child, program) VALUES (?1, ?2)")
            .map_err(&e)?;
        for &(child, program) in &touched.declined {
            st.execute(params![child, program]).map_err(&e)?;
        }
        let mut st = c
            .prepare("UPDATE programs SET seats = ?2 WHERE idx = ?1")
            .map_err(&e)?;
        for &p in &touched.programs {
            st.execute(params![p, state.seats[p as usize]])
                .map_err(&e)?;
        }
        c.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'round'",
            [state.round.to_string()],
        )
        .map_err(&e)?;
        Ok(())
    }

    fn status(&mut self) -> Result<Status, SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let c = &self.conn;
        let round: String = c
            .query_row("SELECT value FROM meta WHERE key = 'round'", [], |r| {
                r.get(0)
            })
            .map_err(&e)?;
        let round = round
            .parse()
            .map_err(|_| corrupt(&name, format!("round '{round}'")))?;
        let counts = c
            .query_row(STATUS_COUNTS, [], |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)? as u64,
                    r.get::<_, i64>(2)? as u64,
                    r.get::<_, i64>(3)? as u64,
                ))
            })
            .map_err(&e)?;
        let mut st = c.prepare(STATUS_PROGRAMS).map_err(&e)?;
        let programs = st
            .query_map([], |r| {
                let seats: u32 = r.get(4)?;
                let contracts: u32 = r.get(6)?;
                let offers: u32 = r.get(7)?;
                Ok(ProgramStatus {
                    daycare_id: r.get(0)?,
                    daycare_name: r.get(5)?,
                    age_group: r.get(1)?,
                    care: r.get(2)?,
                    start: r.get(3)?,
                    seats,
                    contracts,
                    offers,
                    free: i64::from(seats) - i64::from(contracts) - i64::from(offers),
                })
            })
            .map_err(&e)?
            .collect::<Result<_, _>>()
            .map_err(&e)?;
        Ok(Status::from_counts(round, counts, programs))
    }
}

/// Inserts programs numbered from `program0` and children numbered from `child0`.
fn insert_registrations(
    c: &Connection,
    name: &str,
    program0: usize,
    programs: &[Program],
    child0: usize,
    children: &[(Child, Vec<Ranked>)],
) -> Result<(), SeasonError> {
    let e = err(name);
    let mut st = c
        .prepare("INSERT INTO programs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .map_err(&e)?;
    for (k, p) in programs.iter().enumerate() {
        st.execute(params![
            (program0 + k) as i64,
            p.daycare as i64,
            age_text(p.age_group),
            p.care.as_str(),
            p.start.to_string(),
            p.seats,
            p.seats
        ])
        .map_err(&e)?;
    }
    let mut child = c
        .prepare("INSERT INTO children VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)")
        .map_err(&e)?;
    let mut choice = c
        .prepare("INSERT INTO choices VALUES (?1, ?2, ?3, ?4)")
        .map_err(&e)?;
    for (k, (ch, list)) in children.iter().enumerate() {
        let idx = (child0 + k) as i64;
        child
            .execute(params![
                idx,
                ch.id,
                age_text(ch.age_group),
                ch.district,
                ch.lat,
                ch.lon,
                ch.family_id,
                i64::from(ch.hardship),
                ch.lottery
            ])
            .map_err(&e)?;
        for r in list {
            choice
                .execute(params![
                    idx,
                    r.rank,
                    r.program as i64,
                    i64::from(r.sibling_enrolled)
                ])
                .map_err(&e)?;
        }
    }
    Ok(())
}
