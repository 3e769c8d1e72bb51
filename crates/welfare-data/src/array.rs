//! Columns into ndarray 0.16 matrices (the ndarray major that linfa 0.8 uses).
//!
//! polars' own `ndarray` feature targets ndarray 0.17, which linfa cannot take; this copy is
//! cheap at the suite's sizes and keeps one ndarray in the build.

use ndarray::Array2;

use crate::error::DataError;
use crate::table::Table;

/// Copies numeric columns into a row-major `rows × columns` matrix. Missing or non-finite
/// values are errors naming the row and field (no silent NaN).
pub fn to_array2(table: &Table, columns: &[&str]) -> Result<Array2<f64>, DataError> {
    let mut out = Array2::<f64>::zeros((table.height(), columns.len()));
    for (j, name) in columns.iter().enumerate() {
        for (i, v) in table.f64s(name)?.into_iter().enumerate() {
            out[[i, j]] = v;
        }
    }
    Ok(out)
}
