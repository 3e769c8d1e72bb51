//! Kita programs for a season (`docs/formats.md`, "Daycare season"): a seat type is
//! `(daycare, age group, care hours, start month)`.
//!
//! The optional `seats.csv` (`daycare_id, age_group, care, start, seats`) replaces the
//! `capacity_u3`/`capacity_ue3` columns of `daycares.csv`; `preferences.csv` may then name a
//! program with `care` and `start`. Without `seats.csv` every daycare has one program per age
//! group (care `full`, start = the season's start), and the files of a one-round instance work
//! unchanged.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::daycare::{
    AgeGroup, CHILD_COLUMNS, Child, DAYCARE_COLUMNS, Daycare, read_children, read_daycares,
};
use crate::error::{Cell, DataError};
use crate::parse;
use crate::table::Table;

/// Columns of `seats.csv`.
pub const SEAT_COLUMNS: [&str; 5] = ["daycare_id", "age_group", "care", "start", "seats"];
/// Columns of `preferences.csv` every season file has (`care` and `start` are optional).
pub const PREFERENCE_COLUMNS: [&str; 4] = ["child_id", "rank", "daycare_id", "sibling_enrolled"];

/// Weekly care hours of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Care {
    /// Up to 25 hours a week (halbtags).
    Half,
    /// Up to 35 hours a week (Teilzeit).
    Part,
    /// Up to 45 hours a week (ganztags).
    Full,
}

impl Care {
    /// `half`, `part` or `full`.
    pub fn as_str(self) -> &'static str {
        match self {
            Care::Half => "half",
            Care::Part => "part",
            Care::Full => "full",
        }
    }

    /// The German word staff use.
    pub fn german(self) -> &'static str {
        match self {
            Care::Half => "halbtags (bis 25 Stunden)",
            Care::Part => "Teilzeit (bis 35 Stunden)",
            Care::Full => "ganztags (bis 45 Stunden)",
        }
    }
}

impl FromStr for Care {
    type Err = String;
    fn from_str(s: &str) -> Result<Care, String> {
        match s.trim().to_lowercase().as_str() {
            "half" | "halbtags" | "25" => Ok(Care::Half),
            "part" | "teilzeit" | "35" => Ok(Care::Part),
            "full" | "ganztags" | "45" => Ok(Care::Full),
            other => Err(format!(
                "'{other}' is not a care time; use half (up to 25 h), part (up to 35 h) or full \
                 (up to 45 h)"
            )),
        }
    }
}

/// The month a program's places start, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StartMonth {
    /// The year.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
}

impl fmt::Display for StartMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for StartMonth {
    type Err = String;
    /// `2027-08`, also as German staff write it: `08/2027`, `08.2027`.
    fn from_str(s: &str) -> Result<StartMonth, String> {
        let s = s.trim();
        let bad =
            || format!("'{s}' is not a start month; write it as YYYY-MM, for example 2027-08");
        let (year, month) = if let Some((y, m)) = s.split_once('-') {
            (y, m)
        } else if let Some((m, y)) = s.split_once(['/', '.']) {
            (y, m)
        } else {
            return Err(bad());
        };
        let year: u16 = year.parse().map_err(|_| bad())?;
        let month: u8 = month.parse().map_err(|_| bad())?;
        if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(StartMonth { year, month })
    }
}

impl serde::Serialize for StartMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for StartMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<StartMonth, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One seat type: a daycare's places for one age group, care time and start month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program {
    /// Index into the daycares.
    pub daycare: usize,
    /// The age group.
    pub age_group: AgeGroup,
    /// Weekly care hours.
    pub care: Care,
    /// First month of care.
    pub start: StartMonth,
    /// Seats (this season, before contracts).
    pub seats: u32,
}

impl Program {
    /// The key that identifies a program.
    pub fn key(&self) -> (usize, AgeGroup, Care, StartMonth) {
        (self.daycare, self.age_group, self.care, self.start)
    }
}

/// One row of a child's list: a program and the child's rank for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Index into the programs.
    pub program: usize,
    /// 1 = most preferred.
    pub rank: u32,
    /// An older sibling already attends this daycare.
    pub sibling_enrolled: bool,
}

/// A season's instance: daycares, their programs, children and their ranked programs.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramInstance {
    /// The daycares, in file order.
    pub daycares: Vec<Daycare>,
    /// The programs: from `seats.csv` in file order, or one per daycare and age group.
    pub programs: Vec<Program>,
    /// The children, in file order (`preferences` is empty: see `choices`).
    pub children: Vec<Child>,
    /// Per child, its ranked programs, rank 1 first.
    pub choices: Vec<Vec<Ranked>>,
}

/// The programs by key, and per daycare and age group (to resolve rows without care/start).
#[derive(Debug, Default)]
pub struct ProgramIndex {
    by_key: HashMap<(usize, AgeGroup, Care, StartMonth), usize>,
    by_group: HashMap<(usize, AgeGroup), Vec<usize>>,
}

impl ProgramIndex {
    /// The index of these programs.
    pub fn new(programs: &[Program]) -> ProgramIndex {
        let mut index = ProgramIndex::default();
        for (i, p) in programs.iter().enumerate() {
            index.insert(i, p);
        }
        index
    }

    /// Adds program `i`.
    pub fn insert(&mut self, i: usize, p: &Program) {
        self.by_key.insert(p.key(), i);
        self.by_group
            .entry((p.daycare, p.age_group))
            .or_default()
            .push(i);
    }

    /// The program with this key.
    pub fn get(&self, key: (usize, AgeGroup, Care, StartMonth)) -> Option<usize> {
        self.by_key.get(&key).copied()
    }

    /// The programs of a daycare for an age group.
    pub fn of_group(&self, daycare: usize, age: AgeGroup) -> &[usize] {
        self.by_group
            .get(&(daycare, age))
            .map_or(&[], Vec::as_slice)
    }
}

/// What is already registered when more children or seats are read (for `add`).
#[derive(Debug, Default)]
pub struct Registered<'a> {
    /// Child ids of the season.
    pub child_ids: HashSet<&'a str>,
    /// Lottery numbers of the season.
    pub lotteries: HashSet<i64>,
}

impl ProgramInstance {
    /// Reads a season's instance folder: `daycares.csv`, `children.csv`, `preferences.csv` and
    /// the optional `seats.csv`. `start` is the month of the programs made from
    /// `capacity_u3`/`capacity_ue3` when there is no `seats.csv`.
    pub fn read(dir: impl AsRef<Path>, start: StartMonth) -> Result<ProgramInstance, DataError> {
        let dir = dir.as_ref();
        let d = Table::read_expecting(dir.join("daycares.csv"), &DAYCARE_COLUMNS)?;
        let seats_path = dir.join("seats.csv");
        let seats = if seats_path.exists() {
            Some(Table::read_expecting(&seats_path, &SEAT_COLUMNS)?)
        } else {
            None
        };
        let c = Table::read_expecting(dir.join("children.csv"), &CHILD_COLUMNS)?;
        let p = Table::read_expecting(dir.join("preferences.csv"), &PREFERENCE_COLUMNS)?;
        Self::from_tables(&d, &c, &p, seats.as_ref(), start)
    }

    /// [`ProgramInstance::read`] from tables already read (uploads).
    pub fn from_tables(
        daycares: &Table,
        children: &Table,
        preferences: &Table,
        seats: Option<&Table>,
        start: StartMonth,
    ) -> Result<ProgramInstance, DataError> {
        let daycares = read_daycares(daycares)?;
        let programs = match seats {
            Some(t) => read_programs(t, &daycares)?,
            None => default_programs(&daycares, start),
        };
        let (children, choices) = read_applicants(
            children,
            preferences,
            &daycares,
            &programs,
            &ProgramIndex::new(&programs),
            &Registered::default(),
        )?;
        Ok(ProgramInstance {
            daycares,
            programs,
            children,
            choices,
        })
    }
}

/// One program per daycare and age group from `capacity_u3`/`capacity_ue3`: care `full`,
/// starting in `start`.
pub fn default_programs(daycares: &[Daycare], start: StartMonth) -> Vec<Program> {
    let mut programs = Vec::with_capacity(2 * daycares.len());
    for (d, daycare) in daycares.iter().enumerate() {
        for age_group in [AgeGroup::U3, AgeGroup::Ue3] {
            programs.push(Program {
                daycare: d,
                age_group,
                care: Care::Full,
                start,
                seats: daycare.capacity(age_group),
            });
        }
    }
    programs
}

fn daycare_index(daycares: &[Daycare]) -> HashMap<&str, usize> {
    daycares
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect()
}

fn age_group(cell: Cell<'_>, s: &str) -> Result<AgeGroup, DataError> {
    match s {
        "u3" => Ok(AgeGroup::U3),
        "ue3" => Ok(AgeGroup::Ue3),
        _ => Err(cell.wrong_type("'u3' or 'ue3'")),
    }
}

/// Reads `seats.csv`: one row per program, each program once (for `add --seats` the rows are
/// new seat counts of existing programs or new programs).
pub fn read_programs(t: &Table, daycares: &[Daycare]) -> Result<Vec<Program>, DataError> {
    t.require_columns(&SEAT_COLUMNS)?;
    t.require_rows()?;
    let index = daycare_index(daycares);
    let daycare = t.map_text("daycare_id", |i, id| {
        index
            .get(id)
            .copied()
            .ok_or_else(|| t.cell(i, "daycare_id").unknown_id("daycare", id))
    })?;
    let ages = t.map_text("age_group", |i, s| age_group(t.cell(i, "age_group"), s))?;
    let cares = t.map_text("care", |i, s| {
        s.parse::<Care>().map_err(|e| t.cell(i, "care").invalid(e))
    })?;
    let starts = t.map_text("start", |i, s| {
        s.parse::<StartMonth>()
            .map_err(|e| t.cell(i, "start").invalid(e))
    })?;
    let seats = t.i64s("seats")?;
    let mut seen: HashMap<(usize, AgeGroup, Care, StartMonth), usize> = HashMap::default();
    let mut out = Vec::with_capacity(t.height());
    for i in 0..t.height() {
        let p = Program {
            daycare: daycare[i],
            age_group: ages[i],
            care: cares[i],
            start: starts[i],
            seats: parse::count(t.cell(i, "seats"), seats[i])?,
        };
        if let Some(first) = seen.insert(p.key(), i) {
            return Err(t.cell(i, "start").duplicate(
                format!(
                    "program {} {} {} {}",
                    daycares[p.daycare].id,
                    p.age_group.as_str(),
                    p.care.as_str(),
                    p.start
                ),
                t.row_number(first),
            ));
        }
        out.push(p);
    }
    Ok(out)
}

/// Reads children and their ranked programs (`children.csv`, `preferences.csv` with optional
/// `care` and `start`). Every preference row must name a child of `children`; children already
/// `registered` (and their lottery numbers) may not appear again.
pub fn read_applicants(
    c: &Table,
    p: &Table,
    daycares: &[Daycare],
    programs: &[Program],
    index: &ProgramIndex,
    registered: &Registered<'_>,
) -> Result<(Vec<Child>, Vec<Vec<Ranked>>), DataError> {
    let children = read_children(c)?;
    let mut child_index: HashMap<&str, usize> = HashMap::default();
    for (i, child) in children.iter().enumerate() {
        if registered.child_ids.contains(child.id.as_str()) {
            return Err(c
                .cell(i, "child_id")
                .invalid(format!("child '{}' is already in the season", child.id)));
        }
        if registered.lotteries.contains(&child.lottery) {
            return Err(c.cell(i, "lottery").invalid(format!(
                "lottery number {} is already taken in the season (lottery numbers must be unique)",
                child.lottery
            )));
        }
        child_index.insert(child.id.as_str(), i);
    }
    p.require_columns(&PREFERENCE_COLUMNS)?;
    let dindex = daycare_index(daycares);
    let child_of = p.map_text("child_id", |i, id| {
        child_index.get(id).copied().ok_or_else(|| {
            if registered.child_ids.contains(id) {
                p.cell(i, "child_id").invalid(format!(
                    "child '{id}' is already in the season; its list cannot be changed here"
                ))
            } else {
                p.cell(i, "child_id").unknown_id("child", id)
            }
        })
    })?;
    let ranks = p.i64s("rank")?;
    let daycare_of = p.map_text("daycare_id", |i, id| {
        dindex
            .get(id)
            .copied()
            .ok_or_else(|| p.cell(i, "daycare_id").unknown_id("daycare", id))
    })?;
    let sibling = p.flags("sibling_enrolled")?;
    let cares = p.optional_strings("care")?;
    let starts = p.optional_strings("start")?;
    let mut choices: Vec<Vec<(Ranked, usize)>> = vec![Vec::new(); children.len()];
    for i in 0..p.height() {
        let child = &children[child_of[i]];
        let d = daycare_of[i];
        let rank = parse::count(p.cell(i, "rank"), ranks[i])?;
        if rank == 0 {
            return Err(p.cell(i, "rank").invalid("ranks start at 1"));
        }
        let care = match cares.as_ref().and_then(|v| v[i].as_deref()) {
            Some(s) => Some(
                s.parse::<Care>()
                    .map_err(|e| p.cell(i, "care").invalid(e))?,
            ),
            None => None,
        };
        let start = match starts.as_ref().and_then(|v| v[i].as_deref()) {
            Some(s) => Some(
                s.parse::<StartMonth>()
                    .map_err(|e| p.cell(i, "start").invalid(e))?,
            ),
            None => None,
        };
        let program =
            match (care, start) {
                (Some(care), Some(start)) => index
                    .get((d, child.age_group, care, start))
                    .ok_or_else(|| {
                        p.cell(i, "care").invalid(format!(
                            "daycare '{}' has no program {} {} {} (see seats.csv)",
                            daycares[d].id,
                            child.age_group.as_str(),
                            care.as_str(),
                            start
                        ))
                    })?,
                (care, start) => {
                    let fits: Vec<usize> = index
                        .of_group(d, child.age_group)
                        .iter()
                        .copied()
                        .filter(|&k| {
                            care.is_none_or(|c| programs[k].care == c)
                                && start.is_none_or(|s| programs[k].start == s)
                        })
                        .collect();
                    match fits.as_slice() {
                        [one] => *one,
                        [] => {
                            return Err(p.cell(i, "daycare_id").invalid(format!(
                                "daycare '{}' has no places for age group {}{}",
                                daycares[d].id,
                                child.age_group.as_str(),
                                if care.is_some() || start.is_some() {
                                    " with this care time and start"
                                } else {
                                    ""
                                }
                            )));
                        }
                        _ => {
                            return Err(p.cell(i, "care").invalid(format!(
                                "daycare '{}' has several programs for age group {}; name the \
                             program with the columns care and start",
                                daycares[d].id,
                                child.age_group.as_str()
                            )));
                        }
                    }
                }
            };
        choices[child_of[i]].push((
            Ranked {
                program,
                rank,
                sibling_enrolled: sibling[i],
            },
            i,
        ));
    }
    let mut out = Vec::with_capacity(children.len());
    for (c_no, mut list) in choices.into_iter().enumerate() {
        list.sort_by_key(|(r, row)| (r.rank, *row));
        for k in 0..list.len() {
            let (r, row) = list[k];
            if k > 0 && list[k - 1].0.rank == r.rank {
                return Err(p.cell(row, "rank").duplicate(
                    format!("rank {} for child '{}'", r.rank, children[c_no].id),
                    p.row_number(list[k - 1].1),
                ));
            }
            if r.rank as usize != k + 1 {
                return Err(p.cell(row, "rank").invalid(format!(
                    "ranks of child '{}' must be consecutive from 1; rank {} is missing",
                    children[c_no].id,
                    k + 1
                )));
            }
            if let Some(&(_, first)) = list[..k].iter().find(|(o, _)| o.program == r.program) {
                return Err(p.cell(row, "daycare_id").duplicate(
                    format!("program for child '{}'", children[c_no].id),
                    p.row_number(first),
                ));
            }
        }
        out.push(list.into_iter().map(|(r, _)| r).collect());
    }
    Ok((children, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, text: &str) -> Table {
        Table::from_bytes(name, text.as_bytes(), &[]).unwrap()
    }

    fn daycares() -> Vec<Daycare> {
        read_daycares(&table(
            "daycares.csv",
            "daycare_id,name,district,lat,lon,capacity_u3,capacity_ue3\n\
             K1,Sonnenschein,Mitte,52.5,13.4,2,3\nK2,Regenbogen,Nord,52.6,13.4,0,1\n",
        ))
        .unwrap()
    }

    const CHILDREN: &str = "child_id,age_group,district,lat,lon,family_id,hardship,lottery\n\
        c1,u3,Mitte,52.5,13.4,f1,0,1\nc2,ue3,Nord,52.6,13.4,f2,1,2\n";

    #[test]
    fn without_seats_every_daycare_has_one_full_program_per_age_group() {
        let start: StartMonth = "2027-08".parse().unwrap();
        let programs = default_programs(&daycares(), start);
        assert_eq!(programs.len(), 4);
        assert_eq!(programs[1].seats, 3);
        assert_eq!(programs[2].seats, 0);
        let index = ProgramIndex::new(&programs);
        let (children, choices) = read_applicants(
            &table("children.csv", CHILDREN),
            &table(
                "preferences.csv",
                "child_id,rank,daycare_id,sibling_enrolled\nc2,2,K1,0\nc1,1,K1,1\nc2,1,K2,0\n",
            ),
            &daycares(),
            &programs,
            &index,
            &Registered::default(),
        )
        .unwrap();
        assert_eq!(children.len(), 2);
        assert_eq!(choices[0].len(), 1);
        assert!(choices[0][0].sibling_enrolled);
        assert_eq!(
            choices[1].iter().map(|r| r.program).collect::<Vec<_>>(),
            [3, 1]
        );
    }

    #[test]
    fn a_daycare_with_several_programs_must_be_named_with_care_and_start() {
        let seats = table(
            "seats.csv",
            "daycare_id,age_group,care,start,seats\nK1,u3,half,2027-08,1\nK1,u3,full,2027-08,1\n\
             K1,ue3,full,08/2027,2\n",
        );
        let programs = read_programs(&seats, &daycares()).unwrap();
        assert_eq!(programs[2].start.to_string(), "2027-08");
        let index = ProgramIndex::new(&programs);
        let run = |prefs: &str| {
            read_applicants(
                &table("children.csv", CHILDREN),
                &table("preferences.csv", prefs),
                &daycares(),
                &programs,
                &index,
                &Registered::default(),
            )
        };
        let err = run("child_id,rank,daycare_id,sibling_enrolled\nc1,1,K1,0\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "preferences.csv: row 2, field 'care': daycare 'K1' has several programs for age \
             group u3; name the program with the columns care and start"
        );
        let (_, choices) = run(
            "child_id,rank,daycare_id,sibling_enrolled,care,start\nc1,1,K1,0,full,2027-08\n\
             c1,2,K1,0,halbtags,2027-08\nc2,1,K1,0,,\n",
        )
        .unwrap();
        assert_eq!(
            choices[0].iter().map(|r| r.program).collect::<Vec<_>>(),
            [1, 0]
        );
        assert_eq!(choices[1][0].program, 2);
        let err = run(
            "child_id,rank,daycare_id,sibling_enrolled,care,start\nc1,1,K1,0,full,2027-08\n\
             c1,2,K1,0,full,2027-08\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("row 3"), "{err}");
        let dup = table(
            "seats.csv",
            "daycare_id,age_group,care,start,seats\nK1,u3,half,2027-08,1\nK1,u3,half,2027-08,2\n",
        );
        let err = read_programs(&dup, &daycares()).unwrap_err();
        assert!(err.to_string().contains("row 3"), "{err}");
    }

    #[test]
    fn start_months_and_care_times_as_staff_write_them() {
        assert_eq!(
            "08.2027".parse::<StartMonth>().unwrap(),
            StartMonth {
                year: 2027,
                month: 8
            }
        );
        assert!("2027-13".parse::<StartMonth>().is_err());
        assert!("August".parse::<StartMonth>().is_err());
        assert_eq!("Ganztags".parse::<Care>().unwrap(), Care::Full);
        assert!("morgens".parse::<Care>().is_err());
    }
}
