//! Mergeable counts: the sufficient statistics of a chunk of rows, so that an audit of data
//! that does not fit one machine (Spark partitions, a folder of files, a stream of batches) is
//! computed from per-chunk counts merged in any order and grouping.
//!
//! What merges exactly: every confusion count per cell (every observed combination of the
//! sensitive columns), and the score sums, held as [`ExactSum`]s so the merged sum is
//! bit-identical to the sum over all rows. Everything the audit derives from them — each
//! count-based metric, mean score, Brier score, every disparity, AIF360 comparison, Aequitas
//! table, inequality index and the multinomial bootstrap over cells — is therefore identical to
//! auditing all rows at once. ROC AUC needs every score's rank, not counts: it is left out of an
//! audit from counts (with a warning saying so), as are the row-level bootstrap intervals of
//! the score metrics.
//!
//! Merging is O(cells · columns · log cells); counting is one pass over the rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use welfare_data::Predictions;

use crate::cells::{Cells, Stats};
use crate::error::AuditError;
use crate::exact_sum::ExactSum;

/// The name in the serialised form.
pub const FORMAT: &str = "welfare-fairness-counts";
/// The version of the serialised form this crate writes and reads.
pub const VERSION: u32 = 1;

/// The confusion counts (and exact score sums) of one cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellCount {
    /// Per sensitive column, the index of its value in [`Counts::levels`].
    pub key: Vec<u32>,
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// False negatives.
    #[serde(rename = "fn")]
    pub fn_: u64,
    /// True negatives.
    pub tn: u64,
    /// Σ score (scored counts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_sum: Option<ExactSum>,
    /// Σ (score − y_true)² (scored counts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brier_sum: Option<ExactSum>,
}

/// The mergeable sufficient statistics of a set of rows (see the module documentation).
/// Serialised (serde, JSON) as a stable, versioned object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Rows counted.
    pub rows: u64,
    /// The sensitive columns, in the caller's order.
    pub columns: Vec<String>,
    /// Per column, its observed values, sorted.
    pub levels: Vec<Vec<String>>,
    /// Whether scores were counted.
    pub scored: bool,
    /// One entry per observed cell, in lexicographic order of the keys.
    pub cells: Vec<CellCount>,
}

impl Counts {
    /// Counts a chunk of rows (the same checks as an audit of the rows: lengths, finite scores).
    pub fn count(data: &Predictions) -> Result<Counts, AuditError> {
        Ok(Counts::from_cells(&Cells::count(data)?))
    }

    /// The counts of already counted cells.
    pub fn from_cells(cells: &Cells) -> Counts {
        let rows = cells.stats.iter().map(Stats::n).sum();
        Counts {
            format: FORMAT.to_owned(),
            version: VERSION,
            rows,
            columns: cells.columns.clone(),
            levels: cells.levels.clone(),
            scored: cells.scored,
            cells: cells
                .keys
                .iter()
                .zip(&cells.stats)
                .enumerate()
                .map(|(i, (key, s))| {
                    let sums = cells.score_sums.get(i);
                    CellCount {
                        key: key.clone(),
                        tp: s.tp,
                        fp: s.fp,
                        fn_: s.fn_,
                        tn: s.tn,
                        score_sum: sums.map(|[score, _]| score.clone()),
                        brier_sum: sums.map(|[_, brier]| brier.clone()),
                    }
                })
                .collect(),
        }
    }

    /// Adds the counts of another chunk (exact; any order and grouping of merges gives the
    /// same result). Both must count the same sensitive columns, both with or both without
    /// scores.
    pub fn merge(&mut self, other: &Counts) -> Result<(), AuditError> {
        // counts may come from a file or another process: keys out of range must be an error
        self.check()?;
        other.check()?;
        if self.columns != other.columns {
            return Err(AuditError::Mismatch {
                what: "sensitive columns",
                left: self.columns.join(","),
                right: other.columns.join(","),
            });
        }
        if self.scored != other.scored {
            let said = |s: bool| if s { "with scores" } else { "without scores" }.to_owned();
            return Err(AuditError::Mismatch {
                what: "scores",
                left: said(self.scored),
                right: said(other.scored),
            });
        }
        // The union of the values of each column, sorted; both sides' keys remapped to it.
        let mut levels = Vec::with_capacity(self.columns.len());
        let mut remap_self = Vec::with_capacity(self.columns.len());
        let mut remap_other = Vec::with_capacity(self.columns.len());
        for (a, b) in self.levels.iter().zip(&other.levels) {
            let mut union: Vec<String> = a.iter().chain(b).cloned().collect();
            union.sort();
            union.dedup();
            let position = |v: &String| union.binary_search(v).map(|i| i as u32).unwrap_or(0);
            remap_self.push(a.iter().map(position).collect::<Vec<u32>>());
            remap_other.push(b.iter().map(position).collect::<Vec<u32>>());
            levels.push(union);
        }
        let mut cells: BTreeMap<Vec<u32>, CellCount> = BTreeMap::new();
        for (source, remap) in [(&self.cells, &remap_self), (&other.cells, &remap_other)] {
            for cell in source {
                let key: Vec<u32> = cell
                    .key
                    .iter()
                    .zip(remap)
                    .map(|(&k, r)| r[k as usize])
                    .collect();
                match cells.get_mut(&key) {
                    Some(c) => {
                        for (sum, add) in [
                            (&mut c.tp, cell.tp),
                            (&mut c.fp, cell.fp),
                            (&mut c.fn_, cell.fn_),
                            (&mut c.tn, cell.tn),
                        ] {
                            *sum = sum.checked_add(add).ok_or_else(|| AuditError::BadCounts {
                                reason: "the merged counts overflow".into(),
                            })?;
                        }
                        for (sum, add) in [
                            (&mut c.score_sum, &cell.score_sum),
                            (&mut c.brier_sum, &cell.brier_sum),
                        ] {
                            if let (Some(sum), Some(add)) = (sum.as_mut(), add) {
                                sum.merge(add);
                            }
                        }
                    }
                    None => {
                        cells.insert(
                            key.clone(),
                            CellCount {
                                key,
                                ..cell.clone()
                            },
                        );
                    }
                }
            }
        }
        self.rows = self
            .rows
            .checked_add(other.rows)
            .ok_or_else(|| AuditError::BadCounts {
                reason: "the merged counts overflow".into(),
            })?;
        self.levels = levels;
        self.cells = cells.into_values().collect();
        Ok(())
    }

    /// Checks counts read from elsewhere (a file, another process): format and version,
    /// keys in range, sorted and distinct, rows = the sum of the cells, score sums present
    /// exactly when scored and finite.
    pub fn check(&self) -> Result<(), AuditError> {
        let bad = |reason: String| Err(AuditError::BadCounts { reason });
        if self.format != FORMAT {
            return bad(format!("format is '{}', expected '{FORMAT}'", self.format));
        }
        if self.version != VERSION {
            return bad(format!(
                "version {} is not supported (this is version {VERSION})",
                self.version
            ));
        }
        if self.levels.len() != self.columns.len() {
            return bad(format!(
                "{} columns but {} lists of values",
                self.columns.len(),
                self.levels.len()
            ));
        }
        for (c, l) in self.columns.iter().zip(&self.levels) {
            if l.windows(2).any(|w| w[0] >= w[1]) {
                return bad(format!(
                    "the values of column '{c}' are not sorted and distinct"
                ));
            }
        }
        let mut rows = 0u64;
        for (i, cell) in self.cells.iter().enumerate() {
            if cell.key.len() != self.columns.len()
                || cell
                    .key
                    .iter()
                    .zip(&self.levels)
                    .any(|(&k, l)| k as usize >= l.len())
            {
                return bad(format!("cell {i} has a key that does not fit the columns"));
            }
            if i > 0 && self.cells[i - 1].key >= cell.key {
                return bad(format!("cell {i} is out of order or repeated"));
            }
            let sums = [&cell.score_sum, &cell.brier_sum];
            if sums.iter().any(|s| s.is_some() != self.scored) {
                return bad(format!(
                    "cell {i}: score sums must be present exactly when the counts are scored"
                ));
            }
            if sums.iter().flat_map(|s| s.as_ref()).any(|s| !s.is_finite()) {
                return bad(format!("cell {i}: a score sum is not a finite number"));
            }
            let n = [cell.tp, cell.fp, cell.fn_, cell.tn]
                .into_iter()
                .try_fold(0u64, u64::checked_add);
            rows = match n.and_then(|n| rows.checked_add(n)) {
                Some(r) => r,
                None => return bad("the counts overflow".into()),
            };
        }
        if rows != self.rows {
            return bad(format!(
                "rows is {} but the cells hold {rows} rows",
                self.rows
            ));
        }
        Ok(())
    }

    /// The cells for an audit (no rows behind them: `row_cell` is empty).
    pub fn to_cells(&self) -> Result<Cells, AuditError> {
        self.check()?;
        if self.rows == 0 {
            return Err(AuditError::Empty);
        }
        let mut score_sums = Vec::new();
        let stats = self
            .cells
            .iter()
            .map(|c| {
                let mut s = Stats::from_counts([c.tn, c.fp, c.fn_, c.tp]);
                if let (Some(score), Some(brier)) = (&c.score_sum, &c.brier_sum) {
                    s.score_sum = score.value();
                    s.brier_sum = brier.value();
                    score_sums.push([score.clone(), brier.clone()]);
                }
                s
            })
            .collect();
        Ok(Cells {
            columns: self.columns.clone(),
            levels: self.levels.clone(),
            keys: self.cells.iter().map(|c| c.key.clone()).collect(),
            stats,
            row_cell: Vec::new(),
            scored: self.scored,
            score_sums,
        })
    }
}
