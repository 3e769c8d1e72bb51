//! The season in PostgreSQL (a municipality's server). The same schema as SQLite; rows are
//! written in bulk (`UNNEST` of arrays: one statement per table, not one per row), and every
//! command first locks the `meta` table, so commands run one after the other while readers
//! see the last commit.

use postgres::{Client, NoTls};
use welfare_data::Daycare;
use welfare_data::daycare::Child;
use welfare_data::programs::{Program, Ranked};

use super::schema::{
    MIGRATIONS, POSTGRES_APPEND_ONLY, SCHEMA_VERSION, STATUS_COUNTS, STATUS_PROGRAMS,
};
use super::{
    Backend, Loaded, age_of, age_text, care_of, date_of, event_of, event_text, settings_text,
    start_of,
};
use crate::error::SeasonError;
use crate::event::Event;
use crate::season::{Commit, Holding, Season, Touched};
use crate::status::{ProgramStatus, Status};

pub(crate) struct Postgres {
    client: Client,
    name: String,
}

fn err(name: &str) -> impl Fn(postgres::Error) -> SeasonError + '_ {
    move |e| SeasonError::Store {
        db: name.to_owned(),
        reason: match e.as_db_error() {
            Some(db) => db.message().to_owned(),
            None => e.to_string(),
        },
    }
}

fn corrupt(name: &str, reason: String) -> SeasonError {
    SeasonError::Store {
        db: name.to_owned(),
        reason,
    }
}

fn int(v: impl TryInto<i32>) -> i32 {
    v.try_into().unwrap_or(i32::MAX)
}

impl Postgres {
    pub(crate) fn connect(url: &str, name: &str) -> Result<Postgres, SeasonError> {
        let client = Client::connect(url, NoTls).map_err(err(name))?;
        Ok(Postgres {
            client,
            name: name.to_owned(),
        })
    }

    fn schema_version(&mut self) -> Result<i64, SeasonError> {
        let e = err(&self.name);
        let has_meta: bool = self
            .client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = 'meta')",
                &[],
            )
            .map_err(&e)?
            .get(0);
        if !has_meta {
            return Ok(0);
        }
        let v = self
            .client
            .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
            .map_err(&e)?;
        Ok(v.and_then(|r| r.get::<_, String>(0).parse().ok())
            .unwrap_or(0))
    }

    fn migrations(&mut self, from: i64) -> Result<(), SeasonError> {
        let e = err(&self.name);
        for m in &MIGRATIONS[from as usize..] {
            self.client.batch_execute(m).map_err(&e)?;
        }
        self.client
            .batch_execute(POSTGRES_APPEND_ONLY)
            .map_err(&e)?;
        self.client
            .execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&SCHEMA_VERSION.to_string()],
            )
            .map_err(&e)?;
        Ok(())
    }

    fn insert_registrations(
        &mut self,
        program0: usize,
        programs: &[Program],
        child0: usize,
        children: &[(Child, Vec<Ranked>)],
    ) -> Result<(), SeasonError> {
        let e = err(&self.name);
        let c = &mut self.client;
        if !programs.is_empty() {
            let idx: Vec<i32> = (0..programs.len()).map(|k| int(program0 + k)).collect();
            let daycare: Vec<i32> = programs.iter().map(|p| int(p.daycare)).collect();
            let age: Vec<&str> = programs.iter().map(|p| age_text(p.age_group)).collect();
            let care: Vec<&str> = programs.iter().map(|p| p.care.as_str()).collect();
            let start: Vec<String> = programs.iter().map(|p| p.start.to_string()).collect();
            let seats: Vec<i32> = programs.iter().map(|p| int(p.seats)).collect();
            c.execute(
                "INSERT INTO programs SELECT * FROM UNNEST($1::int[], $2::int[], $3::text[], \
                 $4::text[], $5::text[], $6::int[], $6::int[])",
                &[&idx, &daycare, &age, &care, &start, &seats],
            )
            .map_err(&e)?;
        }
        if children.is_empty() {
            return Ok(());
        }
        let idx: Vec<i32> = (0..children.len()).map(|k| int(child0 + k)).collect();
        let id: Vec<&str> = children.iter().map(|(c, _)| c.id.as_str()).collect();
        let age: Vec<&str> = children
            .iter()
            .map(|(c, _)| age_text(c.age_group))
            .collect();
        let district: Vec<&str> = children.iter().map(|(c, _)| c.district.as_str()).collect();
        let lat: Vec<f64> = children.iter().map(|(c, _)| c.lat).collect();
        let lon: Vec<f64> = children.iter().map(|(c, _)| c.lon).collect();
        let family: Vec<&str> = children.iter().map(|(c, _)| c.family_id.as_str()).collect();
        let hardship: Vec<i32> = children
            .iter()
            .map(|(c, _)| i32::from(c.hardship))
            .collect();
        let lottery: Vec<i64> = children.iter().map(|(c, _)| c.lottery).collect();
        c.execute(
            "INSERT INTO children SELECT *, 0 FROM UNNEST($1::int[], $2::text[], $3::text[], \
             $4::text[], $5::float8[], $6::float8[], $7::text[], $8::int[], $9::int8[])",
            &[
                &idx, &id, &age, &district, &lat, &lon, &family, &hardship, &lottery,
            ],
        )
        .map_err(&e)?;
        let (mut child, mut rank, mut program, mut sibling) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (k, (_, list)) in children.iter().enumerate() {
            for r in list {
                child.push(int(child0 + k));
                rank.push(int(r.rank));
                program.push(int(r.program));
                sibling.push(i32::from(r.sibling_enrolled));
            }
        }
        c.execute(
            "INSERT INTO choices SELECT * FROM UNNEST($1::int[], $2::int[], $3::int[], $4::int[])",
            &[&child, &rank, &program, &sibling],
        )
        .map_err(&e)?;
        Ok(())
    }
}

impl Backend for Postgres {
    fn version(&mut self) -> Result<i64, SeasonError> {
        self.schema_version()
    }

    fn migrate(&mut self, from: i64) -> Result<(), SeasonError> {
        self.begin()?;
        let done = self.migrations(from);
        self.finish(done.is_ok())?;
        done
    }

    fn create(&mut self, season: &Season) -> Result<(), SeasonError> {
        self.client
            .batch_execute("BEGIN")
            .map_err(err(&self.name))?;
        let written = (|| {
            self.migrations(0)?;
            let db = self.name.clone();
            let e = err(&db);
            self.client
                .batch_execute("LOCK TABLE meta IN EXCLUSIVE MODE")
                .map_err(&e)?;
            self.client
                .execute(
                    "INSERT INTO meta (key, value) VALUES ('settings', $1), ('round', '0')",
                    &[&settings_text(&season.reg.settings)],
                )
                .map_err(&e)?;
            let d = &season.reg.daycares;
            let idx: Vec<i32> = (0..d.len()).map(int).collect();
            let id: Vec<&str> = d.iter().map(|x| x.id.as_str()).collect();
            let name: Vec<&str> = d.iter().map(|x| x.name.as_str()).collect();
            let district: Vec<&str> = d.iter().map(|x| x.district.as_str()).collect();
            let lat: Vec<f64> = d.iter().map(|x| x.lat).collect();
            let lon: Vec<f64> = d.iter().map(|x| x.lon).collect();
            let u3: Vec<i32> = d.iter().map(|x| int(x.capacity_u3)).collect();
            let ue3: Vec<i32> = d.iter().map(|x| int(x.capacity_ue3)).collect();
            self.client
                .execute(
                    "INSERT INTO daycares SELECT * FROM UNNEST($1::int[], $2::text[], \
                     $3::text[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::int[])",
                    &[&idx, &id, &name, &district, &lat, &lon, &u3, &ue3],
                )
                .map_err(&e)?;
            let children: Vec<_> = season
                .reg
                .children
                .iter()
                .cloned()
                .zip(season.reg.choices.iter().cloned())
                .collect();
            self.insert_registrations(0, &season.reg.programs, 0, &children)
        })();
        self.finish(written.is_ok())?;
        written
    }

    fn begin(&mut self) -> Result<(), SeasonError> {
        // one writer at a time; readers (status, export) are not blocked by EXCLUSIVE
        self.client
            .batch_execute("BEGIN; LOCK TABLE meta IN EXCLUSIVE MODE")
            .map_err(err(&self.name))
    }

    fn begin_read(&mut self) -> Result<(), SeasonError> {
        self.client
            .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .map_err(err(&self.name))
    }

    fn finish(&mut self, commit: bool) -> Result<(), SeasonError> {
        self.client
            .batch_execute(if commit { "COMMIT" } else { "ROLLBACK" })
            .map_err(err(&self.name))
    }

    fn load(&mut self) -> Result<Season, SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let bad = |r: String| corrupt(&name, r);
        let c = &mut self.client;
        let mut l = Loaded::default();
        for row in c.query("SELECT key, value FROM meta", &[]).map_err(&e)? {
            let (key, value): (String, String) = (row.get(0), row.get(1));
            l.meta(&key, &value).map_err(bad)?;
        }
        for row in c
            .query(
                "SELECT id, name, district, lat, lon, capacity_u3, capacity_ue3 FROM daycares \
                 ORDER BY idx",
                &[],
            )
            .map_err(&e)?
        {
            l.daycares.push(Daycare {
                id: row.get(0),
                name: row.get(1),
                district: row.get(2),
                lat: row.get(3),
                lon: row.get(4),
                capacity_u3: row.get::<_, i32>(5) as u32,
                capacity_ue3: row.get::<_, i32>(6) as u32,
            });
        }
        for row in c
            .query(
                "SELECT daycare, age_group, care, start, registered, seats FROM programs \
                 ORDER BY idx",
                &[],
            )
            .map_err(&e)?
        {
            l.programs.push((
                Program {
                    daycare: row.get::<_, i32>(0) as usize,
                    age_group: age_of(row.get(1)).map_err(bad)?,
                    care: care_of(row.get(2)).map_err(bad)?,
                    start: start_of(row.get(3)).map_err(bad)?,
                    seats: row.get::<_, i32>(4) as u32,
                },
                row.get::<_, i32>(5) as u32,
            ));
        }
        for row in c
            .query(
                "SELECT id, age_group, district, lat, lon, family_id, hardship, lottery, \
                 withdrawn FROM children ORDER BY idx",
                &[],
            )
            .map_err(&e)?
        {
            l.children.push((
                Child {
                    id: row.get(0),
                    age_group: age_of(row.get(1)).map_err(bad)?,
                    district: row.get(2),
                    lat: row.get(3),
                    lon: row.get(4),
                    family_id: row.get(5),
                    hardship: row.get::<_, i32>(6) != 0,
                    lottery: row.get(7),
                    preferences: Vec::new(),
                },
                row.get::<_, i32>(8) != 0,
            ));
        }
        for row in c
            .query(
                "SELECT child, rank, program, sibling FROM choices ORDER BY child, rank",
                &[],
            )
            .map_err(&e)?
        {
            l.choices.push((
                row.get::<_, i32>(0) as usize,
                Ranked {
                    rank: row.get::<_, i32>(1) as u32,
                    program: row.get::<_, i32>(2) as usize,
                    sibling_enrolled: row.get::<_, i32>(3) != 0,
                },
            ));
        }
        for row in c
            .query(
                "SELECT child, program FROM declined ORDER BY child, program",
                &[],
            )
            .map_err(&e)?
        {
            l.declined
                .push((row.get::<_, i32>(0) as usize, row.get::<_, i32>(1) as u32));
        }
        for row in c
            .query(
                "SELECT child, program, rank, contract, round, deadline FROM holdings \
                 ORDER BY child",
                &[],
            )
            .map_err(&e)?
        {
            l.holdings.push((
                row.get::<_, i32>(0) as usize,
                Holding {
                    program: row.get::<_, i32>(1) as u32,
                    rank: row.get::<_, i32>(2) as u32,
                    contract: row.get::<_, i32>(3) != 0,
                    round: row.get::<_, i32>(4) as u32,
                    deadline: date_of(row.get(5)).map_err(bad)?,
                },
            ));
        }
        l.into_season().map_err(bad)
    }

    fn events(&mut self) -> Result<Vec<Event>, SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let mut out = Vec::new();
        for row in self
            .client
            .query("SELECT data FROM events ORDER BY seq", &[])
            .map_err(&e)?
        {
            out.push(event_of(row.get(0)).map_err(|r| corrupt(&name, r))?);
        }
        Ok(out)
    }

    fn write(
        &mut self,
        after: &Season,
        commit: &Commit,
        touched: &Touched,
    ) -> Result<(), SeasonError> {
        let reg = &after.reg;
        self.insert_registrations(
            reg.programs.len() - commit.programs.len(),
            &commit.programs,
            reg.children.len() - commit.children.len(),
            &commit.children,
        )?;
        let name = self.name.clone();
        let e = err(&name);
        let c = &mut self.client;
        let first: i64 = c
            .query_one("SELECT COALESCE(MAX(seq), 0) FROM events", &[])
            .map_err(&e)?
            .get(0);
        let ev = &commit.events;
        let seq: Vec<i64> = (0..ev.len() as i64).map(|k| first + 1 + k).collect();
        let kind: Vec<&str> = ev.iter().map(Event::kind).collect();
        let child: Vec<Option<i32>> = ev.iter().map(|e| e.child().map(int)).collect();
        let program: Vec<Option<i32>> = ev.iter().map(|e| e.program().map(int)).collect();
        let data: Vec<String> = ev.iter().map(event_text).collect();
        c.execute(
            "INSERT INTO events SELECT * FROM UNNEST($1::int8[], $2::text[], $3::int[], \
             $4::int[], $5::text[])",
            &[&seq, &kind, &child, &program, &data],
        )
        .map_err(&e)?;
        let state = &after.state;
        let all: Vec<i32> = touched.children.iter().map(|&c| int(c)).collect();
        c.execute("DELETE FROM holdings WHERE child = ANY($1)", &[&all])
            .map_err(&e)?;
        let held: Vec<(i32, &Holding)> = touched
            .children
            .iter()
            .filter_map(|&c| state.holding[c as usize].as_ref().map(|h| (int(c), h)))
            .collect();
        let hc: Vec<i32> = held.iter().map(|(c, _)| *c).collect();
        let hp: Vec<i32> = held.iter().map(|(_, h)| int(h.program)).collect();
        let hr: Vec<i32> = held.iter().map(|(_, h)| int(h.rank)).collect();
        let hk: Vec<i32> = held.iter().map(|(_, h)| i32::from(h.contract)).collect();
        let hn: Vec<i32> = held.iter().map(|(_, h)| int(h.round)).collect();
        let hd: Vec<Option<String>> = held
            .iter()
            .map(|(_, h)| h.deadline.map(|d| d.to_string()))
            .collect();
        c.execute(
            "INSERT INTO holdings SELECT * FROM UNNEST($1::int[], $2::int[], $3::int[], \
             $4::int[], $5::int[], $6::text[])",
            &[&hc, &hp, &hr, &hk, &hn, &hd],
        )
        .map_err(&e)?;
        let gone: Vec<i32> = touched
            .children
            .iter()
            .filter(|&&c| state.withdrawn[c as usize])
            .map(|&c| int(c))
            .collect();
        c.execute(
            "UPDATE children SET withdrawn = 1 WHERE idx = ANY($1)",
            &[&gone],
        )
        .map_err(&e)?;
        let dc: Vec<i32> = touched.declined.iter().map(|&(c, _)| int(c)).collect();
        let dp: Vec<i32> = touched.declined.iter().map(|&(_, p)| int(p)).collect();
        c.execute(
            "INSERT INTO declined SELECT * FROM UNNEST($1::int[], $2::int[])",
            &[&dc, &dp],
        )
        .map_err(&e)?;
        let pp: Vec<i32> = touched.programs.iter().map(|&p| int(p)).collect();
        let ps: Vec<i32> = touched
            .programs
            .iter()
            .map(|&p| int(state.seats[p as usize]))
            .collect();
        c.execute(
            "UPDATE programs SET seats = u.seats FROM UNNEST($1::int[], $2::int[]) AS u(idx, seats) \
             WHERE programs.idx = u.idx",
            &[&pp, &ps],
        )
        .map_err(&e)?;
        c.execute(
            "UPDATE meta SET value = $1 WHERE key = 'round'",
            &[&state.round.to_string()],
        )
        .map_err(&e)?;
        Ok(())
    }

    fn status(&mut self) -> Result<Status, SeasonError> {
        let name = self.name.clone();
        let e = err(&name);
        let c = &mut self.client;
        let round: String = c
            .query_one("SELECT value FROM meta WHERE key = 'round'", &[])
            .map_err(&e)?
            .get(0);
        let round = round
            .parse()
            .map_err(|_| corrupt(&name, format!("round '{round}'")))?;
        let r = c.query_one(STATUS_COUNTS, &[]).map_err(&e)?;
        let counts = (
            r.get::<_, i64>(0) as u64,
            r.get::<_, i64>(1) as u64,
            r.get::<_, i64>(2) as u64,
            r.get::<_, i64>(3) as u64,
        );
        let programs = c
            .query(STATUS_PROGRAMS, &[])
            .map_err(&e)?
            .into_iter()
            .map(|r| {
                let seats = r.get::<_, i32>(4) as u32;
                let contracts = r.get::<_, i64>(6) as u32;
                let offers = r.get::<_, i64>(7) as u32;
                ProgramStatus {
                    daycare_id: r.get(0),
                    daycare_name: r.get(5),
                    age_group: r.get(1),
                    care: r.get(2),
                    start: r.get(3),
                    seats,
                    contracts,
                    offers,
                    free: i64::from(seats) - i64::from(contracts) - i64::from(offers),
                }
            })
            .collect();
        Ok(Status::from_counts(round, counts, programs))
    }
}
