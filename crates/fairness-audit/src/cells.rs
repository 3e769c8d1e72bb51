//! The count core: one pass over the rows builds confusion counts (and score sums) for every
//! *cell*, i.e. every observed combination of the values of all sensitive columns. Every group
//! of every audit (one column, an intersection, a privileged set, a union of conditions) is a
//! set of cells, so its counts are sums of cell counts: no metric ever re-scans the rows.

use std::collections::HashMap;

use welfare_data::{Categorical, Predictions};

use crate::error::AuditError;
use crate::exact_sum::ExactSum;

/// Confusion counts and score sums of a set of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stats {
    /// True positives.
    pub tp: u64,
    /// False positives.
    pub fp: u64,
    /// False negatives.
    pub fn_: u64,
    /// True negatives.
    pub tn: u64,
    /// Σ score (0 when no score is given), exactly rounded (see [`ExactSum`]).
    pub score_sum: f64,
    /// Σ (score − y_true)², exactly rounded.
    pub brier_sum: f64,
}

impl Stats {
    /// Rows.
    pub fn n(&self) -> u64 {
        self.tp + self.fp + self.fn_ + self.tn
    }
    /// Predicted positive (selected).
    pub fn pp(&self) -> u64 {
        self.tp + self.fp
    }
    /// Predicted negative.
    pub fn pn(&self) -> u64 {
        self.fn_ + self.tn
    }
    /// Actual positive.
    pub fn p(&self) -> u64 {
        self.tp + self.fn_
    }
    /// Actual negative.
    pub fn neg(&self) -> u64 {
        self.fp + self.tn
    }
    /// Adds the counts of another set of rows.
    pub fn add(&mut self, o: &Stats) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.tn += o.tn;
        self.score_sum += o.score_sum;
        self.brier_sum += o.brier_sum;
    }
    /// Counts in the order of the internal cell layout: index = 2·y_true + y_pred.
    pub fn from_counts(c: [u64; 4]) -> Stats {
        Stats {
            tn: c[0],
            fp: c[1],
            fn_: c[2],
            tp: c[3],
            ..Stats::default()
        }
    }
}

/// All cells of the data, with their counts.
#[derive(Debug, Clone)]
pub struct Cells {
    /// All sensitive columns, in the caller's order.
    pub columns: Vec<String>,
    /// Per column, its sorted levels.
    pub levels: Vec<Vec<String>>,
    /// Per cell, the level index of each column. Cells are in lexicographic order.
    pub keys: Vec<Vec<u32>>,
    /// Per cell, its counts.
    pub stats: Vec<Stats>,
    /// Per row, its cell.
    pub row_cell: Vec<u32>,
    /// Whether scores were given (score sums are meaningful).
    pub scored: bool,
    /// Per cell, the exact Σ score and Σ (score − y_true)² behind `stats` (empty without
    /// scores): what [`crate::Counts`] merges without rounding.
    pub score_sums: Vec<[ExactSum; 2]>,
}

impl Cells {
    /// Counts the cells of a prediction table in one pass.
    pub fn count(data: &Predictions) -> Result<Cells, AuditError> {
        let n = data.y_true.len();
        if n == 0 {
            return Err(AuditError::Empty);
        }
        check_len("y_pred", data.y_pred.len(), n)?;
        if let Some(s) = &data.y_score {
            check_len("y_score", s.len(), n)?;
            if let Some(i) = s.iter().position(|v| !v.is_finite()) {
                return Err(AuditError::Parameter {
                    name: "y_score",
                    reason: format!("the score of row {} (0-based) is not a finite number", i),
                });
            }
        }
        for c in &data.sensitive {
            check_len(&c.name, c.codes.len(), n)?;
        }
        let (row_cell, keys) = cell_codes(&data.sensitive, n);
        let mut counts = vec![[0u64; 4]; keys.len()];
        for ((&c, &t), &p) in row_cell.iter().zip(&data.y_true).zip(&data.y_pred) {
            counts[c as usize][(usize::from(t) << 1) | usize::from(p)] += 1;
        }
        let mut stats: Vec<Stats> = counts.into_iter().map(Stats::from_counts).collect();
        let mut score_sums = Vec::new();
        if let Some(scores) = &data.y_score {
            score_sums = vec![[ExactSum::new(), ExactSum::new()]; keys.len()];
            for ((&c, &t), &s) in row_cell.iter().zip(&data.y_true).zip(scores) {
                let [score, brier] = &mut score_sums[c as usize];
                score.add(s);
                let d = s - f64::from(u8::from(t));
                brier.add(d * d);
            }
            for (st, [score, brier]) in stats.iter_mut().zip(&score_sums) {
                st.score_sum = score.value();
                st.brier_sum = brier.value();
            }
        }
        Ok(Cells {
            columns: data.sensitive.iter().map(|c| c.name.clone()).collect(),
            levels: data.sensitive.iter().map(|c| c.levels.clone()).collect(),
            keys,
            stats,
            row_cell,
            scored: data.y_score.is_some(),
            score_sums,
        })
    }

    /// Index of a column by name.
    pub fn column_index(&self, name: &str) -> Result<usize, AuditError> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| AuditError::UnknownColumn {
                column: name.to_owned(),
                known: self.columns.join(","),
            })
    }

    /// Index of a level of a column.
    pub fn level_index(&self, column: usize, value: &str) -> Result<u32, AuditError> {
        self.levels[column]
            .iter()
            .position(|l| l == value)
            .map(|i| i as u32)
            .ok_or_else(|| AuditError::UnknownValue {
                column: self.columns[column].clone(),
                value: value.to_owned(),
                known: self.levels[column].join(","),
            })
    }

    /// The counts of all rows.
    pub fn total(&self) -> Stats {
        let mut s = Stats::default();
        for c in &self.stats {
            s.add(c);
        }
        s
    }

    /// Groups of a subset of the columns (given by index): every observed combination, in
    /// lexicographic order of the levels, with the cells each contains.
    pub fn grouping(&self, columns: &[usize]) -> Grouping {
        let mut index: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut keys: Vec<Vec<u32>> = Vec::new();
        let mut cell_group = vec![0u32; self.keys.len()];
        for (ci, key) in self.keys.iter().enumerate() {
            let proj: Vec<u32> = columns.iter().map(|&k| key[k]).collect();
            let g = *index.entry(proj.clone()).or_insert_with(|| {
                keys.push(proj);
                keys.len() - 1
            });
            cell_group[ci] = g as u32;
        }
        // Cells are lexicographic in all columns, which is not lexicographic in a subset:
        // sort the groups and remap.
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        let mut remap = vec![0u32; keys.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new as u32;
        }
        for g in &mut cell_group {
            *g = remap[*g as usize];
        }
        let keys: Vec<Vec<u32>> = order.iter().map(|&o| keys[o].clone()).collect();
        let labels = keys
            .iter()
            .map(|k| {
                columns
                    .iter()
                    .zip(k)
                    .map(|(&c, &l)| (self.columns[c].clone(), self.levels[c][l as usize].clone()))
                    .collect()
            })
            .collect();
        Grouping {
            columns: columns.iter().map(|&c| self.columns[c].clone()).collect(),
            labels,
            cell_group,
        }
    }
}

/// The groups of one audit: a subset of the sensitive columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// The sensitive columns grouped by.
    pub columns: Vec<String>,
    /// Per group, its (column, value) pairs.
    pub labels: Vec<Vec<(String, String)>>,
    /// Per cell, its group.
    pub cell_group: Vec<u32>,
}

impl Grouping {
    /// Number of groups.
    pub fn len(&self) -> usize {
        self.labels.len()
    }
    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    /// Sums cell statistics into group statistics.
    pub fn stats(&self, cell_stats: &[Stats]) -> Vec<Stats> {
        let mut out = vec![Stats::default(); self.len()];
        for (c, s) in cell_stats.iter().enumerate() {
            out[self.cell_group[c] as usize].add(s);
        }
        out
    }
    /// `col=value,col=value`, the format of the peers' reference files.
    pub fn label(&self, group: usize) -> String {
        self.labels[group]
            .iter()
            .map(|(c, v)| format!("{c}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn check_len(column: &str, found: usize, expected: usize) -> Result<(), AuditError> {
    if found == expected {
        Ok(())
    } else {
        Err(AuditError::Length {
            column: column.to_owned(),
            found,
            expected,
        })
    }
}

/// Per row, the index of its cell; per cell, its key. Cells are numbered in lexicographic
/// order of their keys.
fn cell_codes(columns: &[Categorical], n: usize) -> (Vec<u32>, Vec<Vec<u32>>) {
    let radix: Vec<u64> = columns
        .iter()
        .map(|c| c.levels.len().max(1) as u64)
        .collect();
    let space = radix.iter().try_fold(1u64, |acc, &r| acc.checked_mul(r));
    // Mixed-radix code per row (first column most significant = lexicographic order).
    let mixed = |i: usize| {
        columns
            .iter()
            .zip(&radix)
            .fold(0u64, |acc, (c, &r)| acc * r + u64::from(c.codes[i]))
    };
    let decode = |mut code: u64| {
        let mut key = vec![0u32; columns.len()];
        for k in (0..columns.len()).rev() {
            key[k] = (code % radix[k]) as u32;
            code /= radix[k];
        }
        key
    };
    match space {
        Some(space) if space <= (1 << 22) => {
            // Dense: a table over the whole code space.
            let mut seen = vec![u32::MAX; space as usize];
            let mut raw = Vec::with_capacity(n);
            for i in 0..n {
                let code = mixed(i);
                seen[code as usize] = 0;
                raw.push(code as u32);
            }
            let mut keys = Vec::new();
            for (code, slot) in seen.iter_mut().enumerate() {
                if *slot == 0 {
                    *slot = keys.len() as u32;
                    keys.push(decode(code as u64));
                }
            }
            let rows = raw.into_iter().map(|c| seen[c as usize]).collect();
            (rows, keys)
        }
        _ => {
            // Sparse (more than 4M possible combinations): exact map of observed keys.
            let mut index: HashMap<Vec<u32>, u32> = HashMap::new();
            let mut raw = Vec::with_capacity(n);
            for i in 0..n {
                let key: Vec<u32> = columns.iter().map(|c| c.codes[i]).collect();
                let next = index.len() as u32;
                raw.push(*index.entry(key).or_insert(next));
            }
            let mut distinct: Vec<(Vec<u32>, u32)> = index.into_iter().collect();
            distinct.sort();
            let mut remap = vec![0u32; distinct.len()];
            for (new, (_, id)) in distinct.iter().enumerate() {
                remap[*id as usize] = new as u32;
            }
            let rows = raw.iter().map(|id| remap[*id as usize]).collect();
            (rows, distinct.into_iter().map(|(k, _)| k).collect())
        }
    }
}
