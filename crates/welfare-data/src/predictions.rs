//! Prediction tables for fairness audits: one row per decision with the true outcome, the
//! decision, optionally a score, and one or more sensitive attributes.
//!
//! Sensitive attributes are dictionary-encoded ([`Categorical`]) with levels sorted, so group
//! order never depends on row order and counting by group is an array index.

#[cfg(feature = "polars")]
use std::path::Path;

pub use crate::categorical::Categorical;
#[cfg(feature = "polars")]
use crate::error::DataError;
#[cfg(feature = "polars")]
use crate::table::{Table, TableBuilder};

/// Which columns of a table hold what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictionColumns {
    /// Column of the truth (0/1).
    pub y_true: String,
    /// Column of the decisions (0/1).
    pub y_pred: String,
    /// Column of the scores (0–1), if any.
    pub y_score: Option<String>,
    /// The sensitive columns.
    pub sensitive: Vec<String>,
}

impl PredictionColumns {
    /// The columns with no score column.
    pub fn new(y_true: &str, y_pred: &str, sensitive: &[&str]) -> Self {
        PredictionColumns {
            y_true: y_true.to_owned(),
            y_pred: y_pred.to_owned(),
            y_score: None,
            sensitive: sensitive.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
    /// Adds the score column.
    pub fn with_score(mut self, y_score: &str) -> Self {
        self.y_score = Some(y_score.to_owned());
        self
    }
    /// Every column named, in role order.
    pub fn all(&self) -> Vec<&str> {
        let mut v = vec![self.y_true.as_str(), self.y_pred.as_str()];
        v.extend(self.y_score.as_deref());
        v.extend(self.sensitive.iter().map(String::as_str));
        v
    }
}

/// A validated prediction table.
#[derive(Debug, Clone, PartialEq)]
pub struct Predictions {
    /// The truth per row.
    pub y_true: Vec<bool>,
    /// The decision per row.
    pub y_pred: Vec<bool>,
    /// The score per row, if given.
    pub y_score: Option<Vec<f64>>,
    /// The sensitive columns, dictionary-encoded.
    pub sensitive: Vec<Categorical>,
}

impl Predictions {
    #[cfg(feature = "polars")]
    /// Reads a CSV, CSV.gz or Parquet file.
    pub fn read(path: impl AsRef<Path>, columns: &PredictionColumns) -> Result<Self, DataError> {
        let table = Table::read_expecting(path, &columns.all())?;
        Self::from_table(&table, columns)
    }

    #[cfg(feature = "polars")]
    /// Reads from bytes (embedded data); `name` is used in messages.
    pub fn from_bytes(
        name: &str,
        bytes: &[u8],
        columns: &PredictionColumns,
    ) -> Result<Self, DataError> {
        let table = Table::from_bytes(name, bytes, &columns.all())?;
        Self::from_table(&table, columns)
    }

    #[cfg(feature = "polars")]
    /// The labels, scores and sensitive columns of a table to be mitigated: the decisions are
    /// the `y_pred` column when named, else the decisions the scores imply (score > 0.5), or
    /// without scores the labels themselves (reweighing needs no decisions).
    pub fn for_mitigation(
        table: &Table,
        y_true: &str,
        y_score: Option<&str>,
        y_pred: Option<&str>,
        sensitive: &[&str],
    ) -> Result<Self, DataError> {
        if sensitive.is_empty() {
            return Err(DataError::Usage {
                file: table.name().to_owned(),
                reason: "at least one sensitive column is needed".into(),
            });
        }
        table.require_rows()?;
        let y_true_values = table.flags(y_true)?;
        let y_score = y_score.map(|c| table.f64s(c)).transpose()?;
        let y_pred = match (y_pred, &y_score) {
            (Some(c), _) => table.flags(c)?,
            (None, Some(s)) => s.iter().map(|&x| x > 0.5).collect(),
            (None, None) => y_true_values.clone(),
        };
        let sensitive = sensitive
            .iter()
            .map(|c| table.categorical(c))
            .collect::<Result<Vec<_>, DataError>>()?;
        Ok(Predictions {
            y_true: y_true_values,
            y_pred,
            y_score,
            sensitive,
        })
    }

    #[cfg(feature = "polars")]
    /// Validates the columns of a table: outcomes and decisions are 0/1, scores finite,
    /// sensitive values present.
    pub fn from_table(table: &Table, columns: &PredictionColumns) -> Result<Self, DataError> {
        let all = columns.all();
        for (i, c) in all.iter().enumerate() {
            if all[..i].contains(c) {
                return Err(DataError::Usage {
                    file: table.name().to_owned(),
                    reason: format!("column '{c}' is given for two roles"),
                });
            }
        }
        if columns.sensitive.is_empty() {
            return Err(DataError::Usage {
                file: table.name().to_owned(),
                reason: "at least one sensitive column is needed".into(),
            });
        }
        table.require_columns(&all)?;
        table.require_rows()?;
        // Two threads (the columns are independent); the error reported is the one of the
        // first column in role order, whatever thread finds it first.
        let (outcomes, rest) = std::thread::scope(|scope| {
            let rest = scope.spawn(|| {
                let y_score = columns
                    .y_score
                    .as_deref()
                    .map(|c| table.f64s(c))
                    .transpose();
                let sensitive = columns
                    .sensitive
                    .iter()
                    .map(|c| table.categorical(c))
                    .collect::<Result<Vec<_>, DataError>>();
                (y_score, sensitive)
            });
            let outcomes = table
                .flags(&columns.y_true)
                .and_then(|t| Ok((t, table.flags(&columns.y_pred)?)));
            (
                outcomes,
                rest.join().expect("a column reader does not panic"),
            )
        });
        let (y_true, y_pred) = outcomes?;
        let y_score = rest.0?;
        let sensitive = rest.1?;
        Ok(Predictions {
            y_true,
            y_pred,
            y_score,
            sensitive,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.y_true.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.y_true.is_empty()
    }

    #[cfg(feature = "polars")]
    /// The table with columns `y_true`, `y_pred`, \[`y_score`\], then the sensitive columns.
    pub fn to_table(&self, name: &str) -> Result<Table, DataError> {
        let mut b = TableBuilder::new()
            .flag("y_true", &self.y_true)
            .flag("y_pred", &self.y_pred);
        if let Some(s) = &self.y_score {
            b = b.float("y_score", s);
        }
        for c in &self.sensitive {
            let values: Vec<&str> = (0..c.codes.len()).map(|i| c.value(i)).collect();
            b = b.text(&c.name, &values);
        }
        b.build(name)
    }

    /// The column roles of [`Predictions::to_table`]'s output.
    pub fn columns(&self) -> PredictionColumns {
        PredictionColumns {
            y_true: "y_true".into(),
            y_pred: "y_pred".into(),
            y_score: self.y_score.as_ref().map(|_| "y_score".into()),
            sensitive: self.sensitive.iter().map(|c| c.name.clone()).collect(),
        }
    }

    #[cfg(feature = "polars")]
    /// Writes CSV, CSV.gz or Parquet (by extension), atomically.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<(), DataError> {
        let path = path.as_ref();
        self.to_table(&path.display().to_string())?.write(path)
    }
}
