//! The daycare (Kita) allocation instance: `daycares.csv`, `children.csv`, `preferences.csv`
//! (see `docs/formats.md`, section Daycare allocation), loaded into validated, typed records.
//!
//! Preferences are attached to each child in rank order, with daycares referenced by index, so
//! allocation code never looks up ids in a hot loop.

use std::collections::HashMap;
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
    U3,
    Ue3,
}

impl AgeGroup {
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
    pub id: String,
    pub name: String,
    pub district: String,
    pub lat: f64,
    pub lon: f64,
    pub capacity_u3: u32,
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
    pub id: String,
    pub age_group: AgeGroup,
    pub district: String,
    pub lat: f64,
    pub lon: f64,
    /// Children sharing a family id apply together.
    pub family_id: String,
    pub hardship: bool,
    /// Unique lottery number; lower is better.
    pub lottery: i64,
    /// Preference list, most preferred first (`preferences[0]` has rank 1).
    pub preferences: Vec<Choice>,
}

/// A whole allocation round.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub daycares: Vec<Daycare>,
    pub children: Vec<Child>,
}

impl Instance {
    /// Reads and validates an instance folder with the three CSV files.
    pub fn read(dir: impl AsRef<Path>) -> Result<Instance, DataError> {
        let dir = dir.as_ref();
        let daycares = Table::read_expecting(dir.join("daycares.csv"), &DAYCARE_COLUMNS)?;
        let children = Table::read_expecting(dir.join("children.csv"), &CHILD_COLUMNS)?;
        let preferences = Table::read_expecting(dir.join("preferences.csv"), &PREFERENCE_COLUMNS)?;
        Self::from_tables(&daycares, &children, &preferences)
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
        let daycares = read_daycares(daycares)?;
        let mut children_out = read_children(children)?;
        attach_preferences(preferences, &daycares, &mut children_out)?;
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
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        if let Some(first) = seen.insert(id, i) {
            return Err(table
                .cell(i, column)
                .duplicate(format!("{kind} id '{id}'"), table.row_number(first)));
        }
    }
    Ok(ids)
}

fn read_daycares(t: &Table) -> Result<Vec<Daycare>, DataError> {
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
    Ok((0..ids.len())
        .map(|i| Daycare {
            id: ids[i].clone(),
            name: names[i].clone(),
            district: districts[i].clone(),
            lat: lat[i],
            lon: lon[i],
            capacity_u3: u3[i],
            capacity_ue3: ue3[i],
        })
        .collect())
}

fn read_children(t: &Table) -> Result<Vec<Child>, DataError> {
    t.require_columns(&CHILD_COLUMNS)?;
    t.require_rows()?;
    let ids = unique_ids(t, "child_id", "child")?;
    let groups = t.strings("age_group")?;
    let districts = t.strings("district")?;
    let (lat, lon) = coordinates(t)?;
    let families = t.strings("family_id")?;
    let hardship = t.flags("hardship")?;
    let lottery = t.i64s("lottery")?;
    let mut lottery_seen: HashMap<i64, usize> = HashMap::with_capacity(ids.len());
    let mut out = Vec::with_capacity(ids.len());
    for i in 0..ids.len() {
        let age_group = match groups[i].as_str() {
            "u3" => AgeGroup::U3,
            "ue3" => AgeGroup::Ue3,
            _ => return Err(t.cell(i, "age_group").wrong_type("'u3' or 'ue3'")),
        };
        if let Some(first) = lottery_seen.insert(lottery[i], i) {
            return Err(t.cell(i, "lottery").duplicate(
                "lottery number (lottery numbers must be unique)",
                t.row_number(first),
            ));
        }
        out.push(Child {
            id: ids[i].clone(),
            age_group,
            district: districts[i].clone(),
            lat: lat[i],
            lon: lon[i],
            family_id: families[i].clone(),
            hardship: hardship[i],
            lottery: lottery[i],
            preferences: Vec::new(),
        });
    }
    Ok(out)
}

fn attach_preferences(
    t: &Table,
    daycares: &[Daycare],
    children: &mut [Child],
) -> Result<(), DataError> {
    t.require_columns(&PREFERENCE_COLUMNS)?;
    let child_ids = t.strings("child_id")?;
    let ranks = t.i64s("rank")?;
    let daycare_ids = t.strings("daycare_id")?;
    let sibling = t.flags("sibling_enrolled")?;
    let child_index: HashMap<&str, usize> = children
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let daycare_index: HashMap<&str, usize> = daycares
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // (rank, row index, choice) per child; sorted and checked once all rows are read.
    let mut lists: Vec<Vec<(u32, usize, Choice)>> = vec![Vec::new(); children.len()];
    for i in 0..child_ids.len() {
        let child = *child_index
            .get(child_ids[i].as_str())
            .ok_or_else(|| t.cell(i, "child_id").unknown_id("child", &child_ids[i]))?;
        let daycare = *daycare_index.get(daycare_ids[i].as_str()).ok_or_else(|| {
            t.cell(i, "daycare_id")
                .unknown_id("daycare", &daycare_ids[i])
        })?;
        let rank = parse::count(t.cell(i, "rank"), ranks[i])?;
        if rank == 0 {
            return Err(t.cell(i, "rank").invalid("ranks start at 1"));
        }
        lists[child].push((
            rank,
            i,
            Choice {
                daycare,
                sibling_enrolled: sibling[i],
            },
        ));
    }
    for (child, mut list) in children.iter_mut().zip(lists) {
        list.sort_by_key(|&(rank, row, _)| (rank, row));
        let mut seen_daycares: HashMap<usize, usize> = HashMap::with_capacity(list.len());
        for (k, &(rank, row, choice)) in list.iter().enumerate() {
            if k > 0 && list[k - 1].0 == rank {
                return Err(t.cell(row, "rank").duplicate(
                    format!("rank {rank} for child '{}'", child.id),
                    t.row_number(list[k - 1].1),
                ));
            }
            if rank as usize != k + 1 {
                return Err(t.cell(row, "rank").invalid(format!(
                    "ranks of child '{}' must be consecutive from 1; rank {} is missing",
                    child.id,
                    k + 1
                )));
            }
            if let Some(first) = seen_daycares.insert(choice.daycare, row) {
                return Err(t.cell(row, "daycare_id").duplicate(
                    format!(
                        "daycare '{}' for child '{}'",
                        daycares[choice.daycare].id, child.id
                    ),
                    t.row_number(first),
                ));
            }
        }
        child.preferences = list.into_iter().map(|(_, _, c)| c).collect();
    }
    Ok(())
}
