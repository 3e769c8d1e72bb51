//! Case tables of the debt-counselling triage: one row per incoming case.
//!
//! The full intake schema belongs to the `debt-triage` crate (its README documents it); this
//! module checks what every case table must satisfy: a unique, non-empty `case_id`, and urgency
//! labels `U0`–`U3` in the label columns that are present. All other columns stay available
//! through the validated [`Table`] accessors.

use rustc_hash::FxHashMap;
use std::path::Path;

use crate::error::DataError;
use crate::table::Table;

/// Urgency classes: U3 (act within days: liberty, eviction, energy cut-off imminent) down to
/// U0 (no deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    /// No deadline.
    U0,
    /// Arrears or a burden without a deadline yet (wage garnishment, a health crisis).
    U1,
    /// A threat with a deadline in the coming weeks (notice, lawsuit, court deadline).
    U2,
    /// Act within days: liberty, the home, energy or the account at stake.
    U3,
}

impl Urgency {
    /// Every class, U0 first.
    pub const ALL: [Urgency; 4] = [Urgency::U0, Urgency::U1, Urgency::U2, Urgency::U3];
    /// The label (`U0`–`U3`).
    pub fn as_str(self) -> &'static str {
        ["U0", "U1", "U2", "U3"][self as usize]
    }
    /// Reads a label.
    pub fn parse(text: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == text.trim())
    }
}

/// Label columns that, when present, must hold `U0`–`U3`.
pub const URGENCY_COLUMNS: [&str; 3] = ["urgency_true", "urgency_recorded", "urgency_pred"];

/// The checked id and label columns of a case table, read without taking the table.
#[derive(Debug, Clone)]
pub struct CaseColumns {
    /// `case_id` per row, unique.
    pub case_ids: Vec<String>,
    /// Urgency label columns found in the table, by column name.
    pub urgency: Vec<(String, Vec<Urgency>)>,
}

impl CaseColumns {
    /// Checks the ids (present, unique) and the urgency label columns that are present.
    pub fn read(table: &Table) -> Result<CaseColumns, DataError> {
        let columns = Self::read_block(table)?;
        check_unique_ids(table, columns.case_ids.iter().map(String::as_str))?;
        Ok(columns)
    }

    /// [`CaseColumns::read`] without the check that ids are unique, for one block of a larger
    /// table ([`Table::rows`]); check the whole table's ids with [`check_unique_ids`].
    pub fn read_block(table: &Table) -> Result<CaseColumns, DataError> {
        table.require_columns(&["case_id"])?;
        table.require_rows()?;
        let case_ids = table.strings("case_id")?;
        let mut urgency = Vec::new();
        for column in URGENCY_COLUMNS {
            if !table.has(column) {
                continue;
            }
            let labels = table.map_text(column, |i, v| {
                Urgency::parse(v)
                    .ok_or_else(|| table.cell(i, column).wrong_type("U0, U1, U2 or U3"))
            })?;
            urgency.push((column.to_owned(), labels));
        }
        Ok(CaseColumns { case_ids, urgency })
    }

    /// The labels of an urgency column, if the table has it.
    pub fn urgency(&self, column: &str) -> Option<&[Urgency]> {
        self.urgency
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_slice())
    }
}

/// Checks that the case ids of `table` (in row order) are unique; a repeated id is reported
/// at its second row, naming the first.
pub fn check_unique_ids<'a>(
    table: &Table,
    ids: impl IntoIterator<Item = &'a str>,
) -> Result<(), DataError> {
    let ids: Vec<&str> = ids.into_iter().collect();
    // ids in increasing order (a case system's export, a generated year) are unique: one
    // comparison per row instead of a hash table
    if ids.windows(2).all(|w| w[0] < w[1]) {
        return Ok(());
    }
    let ids = ids.into_iter();
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    seen.reserve(ids.size_hint().0);
    for (i, id) in ids.enumerate() {
        if let Some(first) = seen.insert(id, i) {
            return Err(table
                .cell(i, "case_id")
                .duplicate(format!("case id '{id}'"), table.row_number(first)));
        }
    }
    Ok(())
}

/// A validated case table.
#[derive(Debug, Clone)]
pub struct CaseTable {
    /// `case_id` per row, unique.
    pub case_ids: Vec<String>,
    /// Urgency label columns found in the table, by column name.
    pub urgency: Vec<(String, Vec<Urgency>)>,
    /// The whole table, for the intake fields.
    pub table: Table,
}

impl CaseTable {
    /// Reads a CSV, CSV.gz or Parquet case file.
    pub fn read(path: impl AsRef<Path>) -> Result<CaseTable, DataError> {
        Self::from_table(Table::read_expecting(path, &["case_id"])?)
    }

    /// Validates a table as a case table.
    pub fn from_table(table: Table) -> Result<CaseTable, DataError> {
        let CaseColumns { case_ids, urgency } = CaseColumns::read(&table)?;
        Ok(CaseTable {
            case_ids,
            urgency,
            table,
        })
    }

    /// The labels of an urgency column, if the table has it.
    pub fn urgency(&self, column: &str) -> Option<&[Urgency]> {
        self.urgency
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_slice())
    }

    /// Writes the table (CSV, CSV.gz or Parquet by extension), atomically.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
        self.table.write(path)
    }
}
