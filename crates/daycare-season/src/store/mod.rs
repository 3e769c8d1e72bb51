//! Where a season lives: one database, SQLite (a file; the default) or PostgreSQL
//! (`postgres://…`), behind one `Backend` trait with the same schema. Every command is one
//! transaction that takes the season's write lock first, so a round and a response never
//! interleave and a killed process leaves the database as before the command.

mod schema;
mod sqlite;

#[cfg(feature = "postgres")]
mod postgres;

use welfare_data::daycare::{AgeGroup, Child};
use welfare_data::programs::{Care, Program, Ranked, StartMonth};

use crate::error::SeasonError;
use crate::event::Event;
use crate::season::{Commit, Holding, Registration, Season, Settings, State, Touched};
use crate::status::Status;

pub use schema::SCHEMA_VERSION;

/// The operations a database offers a season. Both implementations run the same SQL schema.
pub(crate) trait Backend {
    /// The schema version of the database (0: empty).
    fn version(&mut self) -> Result<i64, SeasonError>;
    /// Brings the schema from version `from` to [`SCHEMA_VERSION`], in one transaction.
    fn migrate(&mut self, from: i64) -> Result<(), SeasonError>;
    /// Creates the schema and stores a new season's registrations, in one transaction.
    fn create(&mut self, season: &Season) -> Result<(), SeasonError>;
    /// Begins a transaction holding the season's write lock.
    fn begin(&mut self) -> Result<(), SeasonError>;
    /// Begins a read-only transaction (a consistent snapshot).
    fn begin_read(&mut self) -> Result<(), SeasonError>;
    /// Commits (`true`) or rolls back the transaction.
    fn finish(&mut self, commit: bool) -> Result<(), SeasonError>;
    /// Reads the whole season (registrations and stored state).
    fn load(&mut self) -> Result<Season, SeasonError>;
    /// Reads the event log, in order.
    fn events(&mut self) -> Result<Vec<Event>, SeasonError>;
    /// Writes a commit: new registrations, the events, and the changed state rows of `after`.
    fn write(
        &mut self,
        after: &Season,
        commit: &Commit,
        touched: &Touched,
    ) -> Result<(), SeasonError>;
    /// Counts for `status`, computed in the database (no need to load the season).
    fn status(&mut self) -> Result<Status, SeasonError>;
}

/// A season's database.
pub struct Database {
    name: String,
    backend: Box<dyn Backend + Send>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("name", &self.name)
            .finish()
    }
}

/// The name of a database for messages: a path, or a PostgreSQL address without its password.
pub fn display_name(db: &str) -> String {
    if let Some(rest) = db
        .strip_prefix("postgres://")
        .or_else(|| db.strip_prefix("postgresql://"))
        && let Some((user, host)) = rest.split_once('@')
    {
        let user = user.split(':').next().unwrap_or("");
        return format!("postgres://{user}@{host}");
    }
    db.to_owned()
}

impl Database {
    /// Opens a season's database: `postgres://USER[:PASS]@HOST[:PORT]/DB` or a path to an
    /// SQLite file (created when `create` is set, else it must exist).
    pub fn open(db: &str, create: bool) -> Result<Database, SeasonError> {
        let name = display_name(db);
        let backend: Box<dyn Backend + Send> =
            if db.starts_with("postgres://") || db.starts_with("postgresql://") {
                #[cfg(feature = "postgres")]
                {
                    Box::new(postgres::Postgres::connect(db, &name)?)
                }
                #[cfg(not(feature = "postgres"))]
                {
                    return Err(SeasonError::Store {
                        db: name,
                        reason: "this build has no PostgreSQL support (feature `postgres`)".into(),
                    });
                }
            } else {
                Box::new(sqlite::Sqlite::open(db, &name, create)?)
            };
        Ok(Database { name, backend })
    }

    /// The database's name for messages (no password).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the database holds a season; an older schema is migrated, a newer one refused.
    fn has_season(&mut self) -> Result<bool, SeasonError> {
        let v = self.backend.version()?;
        if v > SCHEMA_VERSION {
            return Err(SeasonError::Schema {
                db: self.name.clone(),
                found: v,
                known: SCHEMA_VERSION,
            });
        }
        if v > 0 && v < SCHEMA_VERSION {
            self.backend.migrate(v)?;
        }
        Ok(v > 0)
    }

    /// Stores a new season; refuses a database that holds one.
    pub fn create(&mut self, season: &Season) -> Result<(), SeasonError> {
        if self.has_season()? {
            return Err(SeasonError::Exists(self.name.clone()));
        }
        self.backend.create(season)
    }

    fn require(&mut self) -> Result<(), SeasonError> {
        if self.has_season()? {
            Ok(())
        } else {
            Err(SeasonError::NoSeason(self.name.clone()))
        }
    }

    /// Runs one command as one transaction: loads the season under the write lock, lets
    /// `command` compute its commit, applies it and writes it. On any error nothing changes.
    pub fn change<T>(
        &mut self,
        command: impl FnOnce(&Season) -> Result<(Commit, T), SeasonError>,
    ) -> Result<(Season, T), SeasonError> {
        self.require()?;
        self.backend.begin()?;
        let result = (|| {
            let mut season = self.backend.load()?;
            let (commit, value) = command(&season)?;
            let touched = season.commit(&commit)?;
            self.backend.write(&season, &commit, &touched)?;
            Ok((season, value))
        })();
        match result {
            Ok(v) => {
                self.backend.finish(true)?;
                Ok(v)
            }
            Err(e) => {
                // the error is what the user needs to see; a failed rollback only means the
                // connection is gone, and with it the transaction
                let _ = self.backend.finish(false);
                Err(e)
            }
        }
    }

    /// Reads the season and its event log from one consistent snapshot.
    pub fn read(&mut self) -> Result<(Season, Vec<Event>), SeasonError> {
        self.require()?;
        self.backend.begin_read()?;
        let result = (|| Ok((self.backend.load()?, self.backend.events()?)))();
        let _ = self.backend.finish(false);
        result
    }

    /// The season's counts, from the database.
    pub fn status(&mut self) -> Result<Status, SeasonError> {
        self.require()?;
        self.backend.begin_read()?;
        let result = self.backend.status();
        let _ = self.backend.finish(false);
        result
    }
}

// ---- values shared by both backends: how types become columns and back ----

pub(crate) fn age_text(a: AgeGroup) -> &'static str {
    a.as_str()
}

pub(crate) fn age_of(s: &str) -> Result<AgeGroup, String> {
    match s {
        "u3" => Ok(AgeGroup::U3),
        "ue3" => Ok(AgeGroup::Ue3),
        other => Err(format!("age group '{other}' in the database")),
    }
}

pub(crate) fn care_of(s: &str) -> Result<Care, String> {
    s.parse()
}

pub(crate) fn start_of(s: &str) -> Result<StartMonth, String> {
    s.parse()
}

pub(crate) fn date_of(s: Option<String>) -> Result<Option<chrono::NaiveDate>, String> {
    s.map(|d| {
        chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|e| format!("date '{d}': {e}"))
    })
    .transpose()
}

pub(crate) fn settings_of(s: &str) -> Result<Settings, String> {
    serde_json::from_str(s).map_err(|e| format!("season settings: {e}"))
}

pub(crate) fn settings_text(s: &Settings) -> String {
    serde_json::to_string(s).expect("settings serialise")
}

pub(crate) fn event_text(e: &Event) -> String {
    serde_json::to_string(e).expect("events serialise")
}

pub(crate) fn event_of(s: &str) -> Result<Event, String> {
    serde_json::from_str(s).map_err(|e| format!("event '{s}': {e}"))
}

/// Rows read from the database, assembled into a season.
#[derive(Default)]
pub(crate) struct Loaded {
    pub settings: Option<Settings>,
    pub round: u32,
    pub daycares: Vec<welfare_data::Daycare>,
    /// (program, current seats)
    pub programs: Vec<(Program, u32)>,
    /// (child, withdrawn)
    pub children: Vec<(Child, bool)>,
    /// (child, ranked) in (child, rank) order
    pub choices: Vec<(usize, Ranked)>,
    /// (child, program)
    pub declined: Vec<(usize, u32)>,
    /// (child, holding)
    pub holdings: Vec<(usize, Holding)>,
}

impl Loaded {
    /// One row of the `meta` table (the schema version and unknown keys are ignored).
    pub fn meta(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "settings" => self.settings = Some(settings_of(value)?),
            "round" => {
                self.round = value.parse().map_err(|_| format!("round '{value}'"))?;
            }
            _ => {}
        }
        Ok(())
    }

    pub fn into_season(self) -> Result<Season, String> {
        let settings = self.settings.ok_or("the season's settings are missing")?;
        let n = self.children.len();
        let mut choices = vec![Vec::new(); n];
        for (c, r) in self.choices {
            choices
                .get_mut(c)
                .ok_or("a choice of an unknown child")?
                .push(r);
        }
        let mut state = State {
            round: self.round,
            seats: self.programs.iter().map(|(_, s)| *s).collect(),
            holding: vec![None; n],
            declined: vec![Vec::new(); n],
            withdrawn: self.children.iter().map(|(_, w)| *w).collect(),
        };
        for (c, p) in self.declined {
            state
                .declined
                .get_mut(c)
                .ok_or("a decline of an unknown child")?
                .push(p);
        }
        for (c, h) in self.holdings {
            *state
                .holding
                .get_mut(c)
                .ok_or("an offer to an unknown child")? = Some(h);
        }
        Ok(Season {
            reg: Registration {
                settings,
                daycares: self.daycares,
                programs: self.programs.into_iter().map(|(p, _)| p).collect(),
                children: self.children.into_iter().map(|(c, _)| c).collect(),
                choices,
            },
            state,
        })
    }
}
