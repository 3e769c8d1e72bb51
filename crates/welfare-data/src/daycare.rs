//! The daycare (Kita) allocation instance: `daycares.csv`, `children.csv`, `preferences.csv`
//! (see `docs/formats.md`, section Daycare allocation), loaded into validated, typed records.
//!
//! Preferences are attached to each child in rank order, with daycares referenced by index, so
//! allocation code never looks up ids in a hot loop.

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use crate::error::DataError;
use crate::parse;
use crate::table::{Table, TableBuilder};

/// Columns of `daycares.csv`.
pub const DAYCARE_COLUMNS: [&str; 7] = [
    "daycare_id",
    "name",
    "district",
    "lat",
    "lon",
    "capacity_u3",
    "capacity_ue3",
];
/// Columns of `children.csv`.
pub const CHILD_COLUMNS: [&str; 8] = [
    "child_id",
    "age_group",
    "district",
    "lat",
    "lon",
    "family_id",
    "hardship",
    "lottery",
];
/// Columns of `preferences.csv`.
pub const PREFERENCE_COLUMNS: [&str; 4] = ["child_id", "rank", "daycare_id", "sibling_enrolled"];

/// Seat group: children under three (`u3`, Krippe) or three and over (`ue3`, Kindergarten).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeGroup {
    /// Under three (Krippe).
    U3,
    /// Three and older (Kindergarten).
    Ue3,
}

impl AgeGroup {
    /// `u3` or `ue3`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeGroup::U3 => "u3",
            AgeGroup::Ue3 => "ue3",
        }
    }
}

/// A daycare centre and its free seats this round.
#[derive(Debug, Clone, PartialEq)]
pub struct Daycare {
    /// The daycare's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its district.
    pub district: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Seats for children under three.
    pub capacity_u3: u32,
    /// Seats for children of three and older.
    pub capacity_ue3: u32,
}

impl Daycare {
    /// Free seats for an age group.
    pub fn capacity(&self, group: AgeGroup) -> u32 {
        match group {
            AgeGroup::U3 => self.capacity_u3,
            AgeGroup::Ue3 => self.capacity_ue3,
        }
    }
}

/// One entry of a child's preference list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// Index into [`Instance::daycares`].
    pub daycare: usize,
    /// An older sibling already attends this daycare.
    pub sibling_enrolled: bool,
}

/// A child applying for a seat.
#[derive(Debug, Clone, PartialEq)]
pub struct Child {
    /// The child's id.
    pub id: String,
    /// Its age group.
    pub age_group: AgeGroup,
    /// Its district.
    pub district: String,
    /// Latitude of home.
    pub lat: f64,
    /// Longitude of home.
    pub lon: f64,
    /// Children sharing a family id apply together.
    pub family_id: String,
    /// A hardship case (Härtefall).
    pub hardship: bool,
    /// Unique lottery number; lower is better.
    pub lottery: i64,
    /// Preference list, most preferred first (`preferences[0]` has rank 1).
    pub preferences: Vec<Choice>,
}

/// A whole allocation round.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The daycares, in file order.
    pub daycares: Vec<Daycare>,
    /// The children, in file order.
    pub children: Vec<Child>,
}

impl Instance {
    /// Reads and validates an instance folder with the three CSV files.
    pub fn read(dir: impl AsRef<Path>) -> Result<Instance, DataError> {
        let dir = dir.as_ref();
        // preferences.csv (the largest file) is read on a second thread meanwhile; errors are
        // reported in file order as if read one after the other
        let (people, preferences) = std::thread::scope(|scope| {
            let preferences = scope.spawn(|| {
                let t = Table::read_expecting(dir.join("preferences.csv"), &PREFERENCE_COLUMNS)?;
                let columns = preference_columns(&t);
                Ok::<_, DataError>((t, columns))
            });
            let people = (|| {
                let d = Table::read_expecting(dir.join("daycares.csv"), &DAYCARE_COLUMNS)?;
                let c = Table::read_expecting(dir.join("children.csv"), &CHILD_COLUMNS)?;
                let r = (read_daycares(&d)?, read_children(&c)?);
                Ok::<_, DataError>(r)
            })();
            (people, preferences.join().expect("reading does not panic"))
        });
        let (daycares, mut children) = people?;
        let (table, columns) = preferences?;
        attach(&table, columns, &daycares, &mut children)?;
        Ok(Instance { daycares, children })
    }

    /// Reads an instance from the bytes of the three files (for embedded datasets). `name` is
    /// used as the folder in messages, e.g. `datasets/daycare/tiny`.
    pub fn from_bytes(
        name: &str,
        daycares: &[u8],
        children: &[u8],
        preferences: &[u8],
    ) -> Result<Instance, DataError> {
        let d = Table::from_bytes(&format!("{name}/daycares.csv"), daycares, &DAYCARE_COLUMNS)?;
        let c = Table::from_bytes(&format!("{name}/children.csv"), children, &CHILD_COLUMNS)?;
        let p = Table::from_bytes(
            &format!("{name}/preferences.csv"),
            preferences,
            &PREFERENCE_COLUMNS,
        )?;
        Self::from_tables(&d, &c, &p)
    }

    /// Validates the three tables and links them.
    pub fn from_tables(
        daycares: &Table,
        children: &Table,
        preferences: &Table,
    ) -> Result<Instance, DataError> {
        let (people, columns) = std::thread::scope(|scope| {
            let columns = scope.spawn(|| preference_columns(preferences));
            let people =
                (|| Ok::<_, DataError>((read_daycares(daycares)?, read_children(children)?)))();
            (people, columns.join().expect("reading does not panic"))
        });
        let (daycares, mut children_out) = people?;
        attach(preferences, columns, &daycares, &mut children_out)?;
        Ok(Instance {
            daycares,
            children: children_out,
        })
    }

    /// Index of a daycare by id.
    pub fn daycare_index(&self, id: &str) -> Option<usize> {
        self.daycares.iter().position(|d| d.id == id)
    }

    /// Index of a child by id.
    pub fn child_index(&self, id: &str) -> Option<usize> {
        self.children.iter().position(|c| c.id == id)
    }

    /// Number of listed (child, daycare) pairs.
    pub fn listed_pairs(&self) -> usize {
        self.children.iter().map(|c| c.preferences.len()).sum()
    }

    /// Total seats per age group `(u3, ue3)`.
    pub fn seats(&self) -> (u64, u64) {
        self.daycares.iter().fold((0, 0), |(a, b), d| {
            (a + u64::from(d.capacity_u3), b + u64::from(d.capacity_ue3))
        })
    }

    /// The three tables in the file format.
    pub fn to_tables(&self) -> Result<[Table; 3], DataError> {
        let d = &self.daycares;
        let daycares = TableBuilder::new()
            .text(
                "daycare_id",
                &d.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            )
            .text(
                "name",
                &d.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            )
            .text(
                "district",
                &d.iter().map(|x| x.district.as_str()).collect::<Vec<_>>(),
            )
            .float("lat", &d.iter().map(|x| x.lat).collect::<Vec<_>>())
            .float("lon", &d.iter().map(|x| x.lon).collect::<Vec<_>>())
            .integer(
                "capacity_u3",
                &d.iter()
                    .map(|x| i64::from(x.capacity_u3))
                    .collect::<Vec<_>>(),
            )
            .integer(
                "capacity_ue3",
                &d.iter()
                    .map(|x| i64::from(x.capacity_ue3))
                    .collect::<Vec<_>>(),
            )
            .build("daycares.csv")?;
        let c = &self.children;
        let children = TableBuilder::new()
            .text(
                "child_id",
                &c.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
            )
            .text(
                "age_group",
                &c.iter().map(|x| x.age_group.as_str()).collect::<Vec<_>>(),
            )
            .text(
                "district",
                &c.iter().map(|x| x.district.as_str()).collect::<Vec<_>>(),
            )
            .float("lat", &c.iter().map(|x| x.lat).collect::<Vec<_>>())
            .float("lon", &c.iter().map(|x| x.lon).collect::<Vec<_>>())
            .text(
                "family_id",
                &c.iter().map(|x| x.family_id.as_str()).collect::<Vec<_>>(),
            )
            .flag(
                "hardship",
                &c.iter().map(|x| x.hardship).collect::<Vec<_>>(),
            )
            .integer("lottery", &c.iter().map(|x| x.lottery).collect::<Vec<_>>())
            .build("children.csv")?;
        let (mut ids, mut ranks, mut dc, mut sib) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for child in c {
            for (r, choice) in child.preferences.iter().enumerate() {
                ids.push(child.id.as_str());
                ranks.push(r as i64 + 1);
                dc.push(self.daycares[choice.daycare].id.as_str());
                sib.push(choice.sibling_enrolled);
            }
        }
        let preferences = TableBuilder::new()
            .text("child_id", &ids)
            .integer("rank", &ranks)
            .text("daycare_id", &dc)
            .flag("sibling_enrolled", &sib)
            .build("preferences.csv")?;
        Ok([daycares, children, preferences])
    }

    /// Writes the instance folder (creating it if needed); each file is written atomically.
    pub fn write(&self, dir: impl AsRef<Path>) -> Result<(), DataError> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| DataError::io(dir, "creating the folder", e))?;
        let [d, c, p] = self.to_tables()?;
        d.write(dir.join("daycares.csv"))?;
        c.write(dir.join("children.csv"))?;
        p.write(dir.join("preferences.csv"))
    }
}

fn coordinates(table: &Table) -> Result<(Vec<f64>, Vec<f64>), DataError> {
    let lat = table.f64s("lat")?;
    let lon = table.f64s("lon")?;
    for (i, (&la, &lo)) in lat.iter().zip(&lon).enumerate() {
        if !(-90.0..=90.0).contains(&la) {
            return Err(table
                .cell(i, "lat")
                .invalid("latitude must be between -90 and 90"));
        }
        if !(-180.0..=180.0).contains(&lo) {
            return Err(table
                .cell(i, "lon")
                .invalid("longitude must be between -180 and 180"));
        }
    }
    Ok((lat, lon))
}

fn unique_ids(table: &Table, column: &str, kind: &str) -> Result<Vec<String>, DataError> {
    let ids = table.strings(column)?;
    // ids in increasing order (as exports and generators write them) cannot repeat
    if ids.windows(2).all(|w| w[0] < w[1]) {
        return Ok(ids);
    }
    let mut seen: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(ids.len(), Default::default());
    for (i, id) in ids.iter().enumerate() {
        if let Some(first) = seen.insert(id, i) {
            return Err(table
                .cell(i, column)
                .duplicate(format!("{kind} id '{id}'"), table.row_number(first)));
        }
    }
    Ok(ids)
}

pub(crate) fn read_daycares(t: &Table) -> Result<Vec<Daycare>, DataError> {
    t.require_columns(&DAYCARE_COLUMNS)?;
    t.require_rows()?;
    let ids = unique_ids(t, "daycare_id", "daycare")?;
    let names = t.strings("name")?;
    let districts = t.strings("district")?;
    let (lat, lon) = coordinates(t)?;
    let cap = |col: &str| -> Result<Vec<u32>, DataError> {
        t.i64s(col)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| parse::count(t.cell(i, col), v))
            .collect()
    };
    let (u3, ue3) = (cap("capacity_u3")?, cap("capacity_ue3")?);
    Ok(ids
        .into_iter()
        .zip(names)
        .zip(districts)
        .enumerate()
        .map(|(i, ((id, name), district))| Daycare {
            id,
            name,
            district,
            lat: lat[i],
            lon: lon[i],
            capacity_u3: u3[i],
            capacity_ue3: ue3[i],
        })
        .collect())
}

pub(crate) fn read_children(t: &Table) -> Result<Vec<Child>, DataError> {
    t.require_columns(&CHILD_COLUMNS)?;
    t.require_rows()?;
    let ids = unique_ids(t, "child_id", "child")?;
    let groups = t.map_text("age_group", |i, g| match g {
        "u3" => Ok(AgeGroup::U3),
        "ue3" => Ok(AgeGroup::Ue3),
        _ => Err(t.cell(i, "age_group").wrong_type("'u3' or 'ue3'")),
    })?;
    let districts = t.strings("district")?;
    let (lat, lon) = coordinates(t)?;
    let families = t.strings("family_id")?;
    let hardship = t.flags("hardship")?;
    let lottery = t.i64s("lottery")?;
    check_unique_lottery(t, &lottery)?;
    let mut out = Vec::with_capacity(ids.len());
    for (i, ((id, district), family_id)) in ids.into_iter().zip(districts).zip(families).enumerate()
    {
        let age_group = groups[i];
        out.push(Child {
            id,
            age_group,
            district,
            lat: lat[i],
            lon: lon[i],
            family_id,
            hardship: hardship[i],
            lottery: lottery[i],
            preferences: Vec::new(),
        });
    }
    Ok(out)
}

/// Lottery numbers must be unique: the first repeat names both rows. Numbers in a range of a
/// few times the number of children (the usual 0..n or 1..=n) are checked in a table indexed
/// by the number, others with a hash map.
fn check_unique_lottery(t: &Table, lottery: &[i64]) -> Result<(), DataError> {
    let duplicate = |i: usize, first: usize| {
        Err(t.cell(i, "lottery").duplicate(
            "lottery number (lottery numbers must be unique)",
            t.row_number(first),
        ))
    };
    let (Some(&min), Some(&max)) = (lottery.iter().min(), lottery.iter().max()) else {
        return Ok(());
    };
    let span = max.abs_diff(min);
    if span < 4 * lottery.len() as u64 + 16 {
        let mut first_row = vec![usize::MAX; span as usize + 1];
        for (i, &l) in lottery.iter().enumerate() {
            let slot = &mut first_row[l.abs_diff(min) as usize];
            if *slot != usize::MAX {
                return duplicate(i, *slot);
            }
            *slot = i;
        }
        return Ok(());
    }
    let mut seen: HashMap<i64, usize> =
        HashMap::with_capacity_and_hasher(lottery.len(), Default::default());
    for (i, &l) in lottery.iter().enumerate() {
        if let Some(&first) = seen.get(&l) {
            return duplicate(i, first);
        }
        seen.insert(l, i);
    }
    Ok(())
}

/// The position (in the other file) of every row's id, from a dictionary-encoded column;
/// `None` if an id is unknown. When the distinct ids come in the other file's order (the usual
/// export) the codes are the positions: no map is built and nothing is copied.
fn resolve_ids<'a>(
    (levels, codes): (Vec<String>, Vec<u32>),
    n: usize,
    id: impl Fn(usize) -> &'a str,
) -> Option<Vec<u32>> {
    let in_order = levels.len() == n && levels.iter().enumerate().all(|(i, l)| l == id(i));
    if in_order {
        return Some(codes);
    }
    let index = id_index((0..n).map(&id));
    let of_level: Vec<u32> = levels
        .iter()
        .map(|l| index.get(l.as_str()).map(|&i| i as u32))
        .collect::<Option<_>>()?;
    Some(codes.iter().map(|&k| of_level[k as usize]).collect())
}

/// Position of every id.
fn id_index<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    ids.enumerate().map(|(i, id)| (id, i)).collect()
}

/// The columns of `preferences.csv`, read without the other files (ids dictionary-encoded).
struct PreferenceColumns {
    /// Distinct child ids (first-seen order) and the code of every row.
    child: (Vec<String>, Vec<u32>),
    rank: Vec<i64>,
    /// Distinct daycare ids (first-seen order) and the code of every row.
    daycare: (Vec<String>, Vec<u32>),
    sibling: Vec<bool>,
}

fn preference_columns(t: &Table) -> Result<PreferenceColumns, DataError> {
    t.require_columns(&PREFERENCE_COLUMNS)?;
    // the child ids on a second thread: on a city (825k rows) each half takes ~35 ms
    let (child, rest) = std::thread::scope(|scope| {
        let child = scope.spawn(|| t.dictionary_unsorted("child_id"));
        let rest = (|| {
            Ok::<_, DataError>((
                t.i64s("rank")?,
                t.dictionary_unsorted("daycare_id")?,
                t.flags("sibling_enrolled")?,
            ))
        })();
        (child.join().expect("reading does not panic"), rest)
    });
    // errors in column order, as the one-pass reader reports them
    let child = child?;
    let (rank, daycare, sibling) = rest?;
    Ok(PreferenceColumns {
        child,
        rank,
        daycare,
        sibling,
    })
}

/// Attaches the preferences; with the columns read ahead when they are valid, else the
/// one-pass reader that reports the first error in column and row order.
fn attach(
    t: &Table,
    columns: Result<PreferenceColumns, DataError>,
    daycares: &[Daycare],
    children: &mut [Child],
) -> Result<(), DataError> {
    let Ok(columns) = columns else {
        return attach_preferences(t, daycares, children);
    };
    let PreferenceColumns {
        child,
        rank,
        daycare,
        sibling,
    } = columns;
    let (Some(child_of), Some(daycare_of)) = (
        resolve_ids(child, children.len(), |i| children[i].id.as_str()),
        resolve_ids(daycare, daycares.len(), |i| daycares[i].id.as_str()),
    ) else {
        // an unknown id: the one-pass reader names its first row
        return attach_preferences(t, daycares, children);
    };
    build_lists(
        t,
        &child_of,
        &rank,
        &daycare_of,
        &sibling,
        daycares,
        children,
    )
}

fn attach_preferences(
    t: &Table,
    daycares: &[Daycare],
    children: &mut [Child],
) -> Result<(), DataError> {
    t.require_columns(&PREFERENCE_COLUMNS)?;
    let child_index = id_index(children.iter().map(|c| c.id.as_str()));
    let daycare_index = id_index(daycares.iter().map(|d| d.id.as_str()));
    // ids are looked up as they are read: no string per row
    let child_of = t.map_text("child_id", |i, id| {
        child_index
            .get(id)
            .map(|&c| c as u32)
            .ok_or_else(|| t.cell(i, "child_id").unknown_id("child", id))
    })?;
    let ranks = t.i64s("rank")?;
    let daycare_of = t.map_text("daycare_id", |i, id| {
        daycare_index
            .get(id)
            .map(|&d| d as u32)
            .ok_or_else(|| t.cell(i, "daycare_id").unknown_id("daycare", id))
    })?;
    let sibling = t.flags("sibling_enrolled")?;
    build_lists(
        t,
        &child_of,
        &ranks,
        &daycare_of,
        &sibling,
        daycares,
        children,
    )
}

/// Checks ranks (from 1, consecutive, once each) and daycares (once per child) and attaches
/// each child's list. Linear in the rows (plus sorting each child's few rows by rank).
fn build_lists(
    t: &Table,
    child_of: &[u32],
    ranks: &[i64],
    daycare_of: &[u32],
    sibling: &[bool],
    daycares: &[Daycare],
    children: &mut [Child],
) -> Result<(), DataError> {
    let mut rank_of = Vec::with_capacity(ranks.len());
    for (i, &r) in ranks.iter().enumerate() {
        let rank = parse::count(t.cell(i, "rank"), r)?;
        if rank == 0 {
            return Err(t.cell(i, "rank").invalid("ranks start at 1"));
        }
        rank_of.push(rank);
    }
    // rows grouped by child (counting sort, linear), then by rank within each child
    let mut start = vec![0u32; children.len() + 1];
    for &c in child_of {
        start[c as usize + 1] += 1;
    }
    for c in 0..children.len() {
        start[c + 1] += start[c];
    }
    // rows already grouped by child in the children's order (the usual export): no sorting
    let order: Vec<u32> = if child_of.is_sorted() {
        (0..child_of.len() as u32).collect()
    } else {
        let mut next = start.clone();
        let mut order = vec![0u32; child_of.len()];
        for (row, &c) in child_of.iter().enumerate() {
            order[next[c as usize] as usize] = row as u32;
            next[c as usize] += 1;
        }
        order
    };
    let mut order = order;
    // which child last listed each daycare (duplicate check without a map per child)
    let mut listed_by: Vec<usize> = vec![usize::MAX; daycares.len()];
    let mut first_row_of: Vec<usize> = vec![0; daycares.len()];
    for (child_no, child) in children.iter_mut().enumerate() {
        let rows = &mut order[start[child_no] as usize..start[child_no + 1] as usize];
        if !rows.is_sorted_by_key(|&row| rank_of[row as usize]) {
            rows.sort_unstable_by_key(|&row| (rank_of[row as usize], row));
        }
        let mut list = Vec::with_capacity(rows.len());
        for (k, &row) in rows.iter().enumerate() {
            let row = row as usize;
            let rank = rank_of[row];
            if k > 0 && rank_of[rows[k - 1] as usize] == rank {
                return Err(t.cell(row, "rank").duplicate(
                    format!("rank {rank} for child '{}'", child.id),
                    t.row_number(rows[k - 1] as usize),
                ));
            }
            if rank as usize != k + 1 {
                return Err(t.cell(row, "rank").invalid(format!(
                    "ranks of child '{}' must be consecutive from 1; rank {} is missing",
                    child.id,
                    k + 1
                )));
            }
            let daycare = daycare_of[row] as usize;
            if listed_by[daycare] == child_no {
                return Err(t.cell(row, "daycare_id").duplicate(
                    format!(
                        "daycare '{}' for child '{}'",
                        daycares[daycare].id, child.id
                    ),
                    t.row_number(first_row_of[daycare]),
                ));
            }
            listed_by[daycare] = child_no;
            first_row_of[daycare] = row;
            list.push(Choice {
                daycare,
                sibling_enrolled: sibling[row],
            });
        }
        child.preferences = list;
    }
    Ok(())
}
