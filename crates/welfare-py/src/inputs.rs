//! The flat arrays the Python layer passes, checked and turned into the suite's typed
//! [`Predictions`]: outcomes and decisions 0/1, scores finite, group codes in range. Errors name
//! the argument and the row index (0-based, as Python counts).

use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use welfare_data::{Categorical, Predictions};

use crate::errors;

/// One sensitive column as the Python layer factorised it: codes into `values` (−1 = missing).
pub type SensitiveColumn<'py> = (String, PyReadonlyArray1<'py, i64>, Vec<String>);

/// 0/1 flags from floats (the Python layer casts bools and integers to float64).
pub fn flags(name: &str, values: &[f64]) -> PyResult<Vec<bool>> {
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| match v {
            0.0 => Ok(false),
            1.0 => Ok(true),
            v if v.is_nan() => Err(errors::input(format!(
                "{name}: row {i} is missing (NaN or None)"
            ))),
            v => Err(errors::input(format!(
                "{name}: row {i} is {v}, expected 0 or 1 (or False/True)"
            ))),
        })
        .collect()
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
    let mut levels: Vec<String> = values.to_vec();
    levels.sort();
    levels.dedup();
    let remap: Vec<u32> = values
        .iter()
        .map(|v| levels.binary_search(v).map(|i| i as u32).unwrap_or(0))
        .collect();
    let codes = codes
        .iter()
        .enumerate()
        .map(
            |(i, &c)| match usize::try_from(c).ok().and_then(|c| remap.get(c)) {
                Some(&code) => Ok(code),
                None if c < 0 => Err(errors::input(format!(
                    "sensitive column '{name}': row {i} is missing (NaN or None)"
                ))),
                None => Err(errors::input(format!(
                    "sensitive column '{name}': row {i} has code {c} but there are {} values",
                    values.len()
                ))),
            },
        )
        .collect::<PyResult<Vec<u32>>>()?;
    Ok(Categorical {
        name: name.to_owned(),
        levels,
        codes,
    })
}

/// The checked prediction table.
pub fn predictions(
    y_true: &[f64],
    y_pred: &[f64],
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
