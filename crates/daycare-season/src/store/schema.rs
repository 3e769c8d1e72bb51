//! The season schema, the same SQL for SQLite and PostgreSQL. `MIGRATIONS[k]` brings a
//! database from schema version `k` to `k + 1`; `meta.schema_version` records the version.

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = 1;

/// The migrations, in order (version 0 = empty database).
pub(crate) const MIGRATIONS: [&str; 1] = [r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE daycares (
    idx          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    district     TEXT NOT NULL,
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    capacity_u3  INTEGER NOT NULL,
    capacity_ue3 INTEGER NOT NULL
);
CREATE TABLE programs (
    idx        INTEGER PRIMARY KEY,
    daycare    INTEGER NOT NULL REFERENCES daycares (idx),
    age_group  TEXT NOT NULL,
    care       TEXT NOT NULL,
    start      TEXT NOT NULL,
    registered INTEGER NOT NULL,
    seats      INTEGER NOT NULL,
    UNIQUE (daycare, age_group, care, start)
);
CREATE TABLE children (
    idx       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    age_group TEXT NOT NULL,
    district  TEXT NOT NULL,
    lat       DOUBLE PRECISION NOT NULL,
    lon       DOUBLE PRECISION NOT NULL,
    family_id TEXT NOT NULL,
    hardship  INTEGER NOT NULL,
    lottery   BIGINT NOT NULL UNIQUE,
    withdrawn INTEGER NOT NULL
);
CREATE TABLE choices (
    child   INTEGER NOT NULL REFERENCES children (idx),
    rank    INTEGER NOT NULL,
    program INTEGER NOT NULL REFERENCES programs (idx),
    sibling INTEGER NOT NULL,
    PRIMARY KEY (child, rank)
);
CREATE TABLE declined (
    child   INTEGER NOT NULL REFERENCES children (idx),
    program INTEGER NOT NULL REFERENCES programs (idx),
    PRIMARY KEY (child, program)
);
CREATE TABLE holdings (
    child    INTEGER PRIMARY KEY REFERENCES children (idx),
    program  INTEGER NOT NULL REFERENCES programs (idx),
    rank     INTEGER NOT NULL,
    contract INTEGER NOT NULL,
    round    INTEGER NOT NULL,
    deadline TEXT
);
CREATE INDEX holdings_program ON holdings (program);
CREATE TABLE events (
    seq     BIGINT PRIMARY KEY,
    kind    TEXT NOT NULL,
    child   INTEGER,
    program INTEGER,
    data    TEXT NOT NULL
);
"#];

/// SQLite: the event log refuses updates and deletes.
pub(crate) const SQLITE_APPEND_ONLY: &str = r#"
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"#;

/// PostgreSQL: the event log refuses updates and deletes.
#[cfg(feature = "postgres")]
pub(crate) const POSTGRES_APPEND_ONLY: &str = r#"
CREATE OR REPLACE FUNCTION season_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the event log is append-only'; END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS events_append_only ON events;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
FOR EACH ROW EXECUTE FUNCTION season_events_append_only();
"#;

/// The counts of `status`: one pass over each table, portable SQL.
pub(crate) const STATUS_COUNTS: &str = r#"
SELECT
  (SELECT COUNT(*) FROM children),
  (SELECT COALESCE(SUM(withdrawn), 0) FROM children),
  (SELECT COALESCE(SUM(contract), 0) FROM holdings),
  (SELECT COUNT(*) - COALESCE(SUM(contract), 0) FROM holdings)
"#;

/// Per program: seats, contracts, offers (holdings counted once per program, then joined).
pub(crate) const STATUS_PROGRAMS: &str = r#"
SELECT d.id, p.age_group, p.care, p.start, p.seats, d.name,
       COALESCE(h.contracts, 0), COALESCE(h.offers, 0)
FROM programs p
JOIN daycares d ON d.idx = p.daycare
LEFT JOIN (SELECT program, SUM(contract) AS contracts, SUM(1 - contract) AS offers
           FROM holdings GROUP BY program) h ON h.program = p.idx
ORDER BY p.idx
"#;
