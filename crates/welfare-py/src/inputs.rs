//! The flat arrays the Python layer passes, checked and turned into the suite's typed
//! [`Predictions`]: outcomes and decisions 0/1, scores finite, group codes in range. Errors name
//! the argument and the row index (0-based, as Python counts).

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use welfare_data::{Categorical, Predictions};

use crate::errors;

/// One sensitive column as the Python layer factorised it: codes into `values` (−1 = missing).
pub type SensitiveColumn<'py> = (String, PyReadonlyArray1<'py, i64>, Vec<String>);

/// A 0/1 column as numpy holds it: float64, int64, or bytes (bool viewed as uint8).
#[derive(FromPyObject)]
pub enum FlagArray<'py> {
    /// float64 (NaN = missing).
    Float(PyReadonlyArray1<'py, f64>),
    /// int64.
    Int(PyReadonlyArray1<'py, i64>),
    /// uint8 (bool).
    Byte(PyReadonlyArray1<'py, u8>),
}

/// The values of a [`FlagArray`], borrowed.
#[derive(Clone, Copy)]
pub enum FlagSlice<'a> {
    /// float64.
    Float(&'a [f64]),
    /// int64.
    Int(&'a [i64]),
    /// uint8.
    Byte(&'a [u8]),
}

impl FlagArray<'_> {
    /// The values (the Python layer passes contiguous arrays).
    pub fn as_slice(&self) -> PyResult<FlagSlice<'_>> {
        Ok(match self {
            FlagArray::Float(a) => FlagSlice::Float(a.as_slice()?),
            FlagArray::Int(a) => FlagSlice::Int(a.as_slice()?),
            FlagArray::Byte(a) => FlagSlice::Byte(a.as_slice()?),
        })
    }
}

impl FlagSlice<'_> {
    /// Rows.
    pub fn len(&self) -> usize {
        match self {
            FlagSlice::Float(v) => v.len(),
            FlagSlice::Int(v) => v.len(),
            FlagSlice::Byte(v) => v.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// 0/1 flags. One scan finds the first bad value; the conversion itself is a plain map.
pub fn flags(name: &str, values: FlagSlice<'_>) -> PyResult<Vec<bool>> {
    let bad = |i: usize, shown: String| {
        errors::input(format!(
            "{name}: row {i} is {shown}, expected 0 or 1 (or False/True)"
        ))
    };
    match values {
        FlagSlice::Float(v) => {
            if let Some(i) = v.iter().position(|&x| x != 0.0 && x != 1.0) {
                return Err(if v[i].is_nan() {
                    errors::input(format!("{name}: row {i} is missing (NaN or None)"))
                } else {
                    bad(i, v[i].to_string())
                });
            }
            Ok(v.iter().map(|&x| x == 1.0).collect())
        }
        FlagSlice::Int(v) => match v.iter().position(|&x| x as u64 > 1) {
            Some(i) => Err(bad(i, v[i].to_string())),
            None => Ok(v.iter().map(|&x| x == 1).collect()),
        },
        FlagSlice::Byte(v) => match v.iter().position(|&x| x > 1) {
            Some(i) => Err(bad(i, v[i].to_string())),
            None => Ok(v.iter().map(|&x| x == 1).collect()),
        },
    }
}

/// Finite scores.
pub fn scores(values: &[f64]) -> PyResult<Vec<f64>> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) if values[i].is_nan() => Err(errors::input(format!(
            "y_score: row {i} is missing (NaN or None)"
        ))),
        Some(i) => Err(errors::input(format!(
            "y_score: row {i} is {}, expected a finite number",
            values[i]
        ))),
        None => Ok(values.to_vec()),
    }
}

/// A sensitive column from codes into (possibly unsorted, possibly repeated) values: levels
/// sorted as the CLI sorts them, codes remapped.
pub fn categorical(name: &str, codes: &[i64], values: &[String]) -> PyResult<Categorical> {
    let n = values.len() as i64;
    if let Some(i) = codes.iter().position(|&c| !(0..n).contains(&c)) {
        let c = codes[i];
        return Err(if c < 0 {
            errors::input(format!(
                "sensitive column '{name}': row {i} is missing (NaN or None)"
            ))
        } else {
            errors::input(format!(
                "sensitive column '{name}': row {i} has code {c} but there are {n} values"
            ))
        });
    }
    // Only values that occur are levels (a pandas categorical or an Arrow dictionary may list
    // more), so every input kind gives the same levels.
    let mut used = vec![false; values.len()];
    for &c in codes {
        used[c as usize] = true;
    }
    let mut levels: Vec<String> = values
        .iter()
        .zip(&used)
        .filter(|(_, u)| **u)
        .map(|(v, _)| v.clone())
        .collect();
    levels.sort();
    levels.dedup();
    let remap: Vec<u32> = values
        .iter()
        .map(|v| levels.binary_search(v).map(|i| i as u32).unwrap_or(0))
        .collect();
    let codes: Vec<u32> = codes.iter().map(|&c| remap[c as usize]).collect();
    Ok(Categorical {
        name: name.to_owned(),
        levels,
        codes,
    })
}

/// The checked prediction table.
pub fn predictions(
    y_true: FlagSlice<'_>,
    y_pred: FlagSlice<'_>,
    y_score: Option<&[f64]>,
    sensitive: &[(String, &[i64], Vec<String>)],
) -> PyResult<Predictions> {
    let n = y_true.len();
    if n == 0 {
        return Err(errors::input("no rows: y_true is empty"));
    }
    let check_len = |what: &str, len: usize| {
        if len == n {
            Ok(())
        } else {
            Err(errors::input(format!(
                "{what} has {len} rows, y_true has {n}"
            )))
        }
    };
    check_len("y_pred", y_pred.len())?;
    if let Some(s) = y_score {
        check_len("y_score", s.len())?;
    }
    if sensitive.is_empty() {
        return Err(errors::input("at least one sensitive column is needed"));
    }
    for (i, (name, codes, _)) in sensitive.iter().enumerate() {
        check_len(&format!("sensitive column '{name}'"), codes.len())?;
        if sensitive[..i].iter().any(|(other, _, _)| other == name) {
            return Err(errors::input(format!(
                "sensitive column '{name}' is given twice"
            )));
        }
    }
    Ok(Predictions {
        y_true: flags("y_true", y_true)?,
        y_pred: flags("y_pred", y_pred)?,
        y_score: y_score.map(scores).transpose()?,
        sensitive: sensitive
            .iter()
            .map(|(name, codes, values)| categorical(name, codes, values))
            .collect::<PyResult<_>>()?,
    })
}
