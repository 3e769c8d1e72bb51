//! # welfare-py
//!
//! The native part of the Python package `welfare` (`import welfare`): the suite's fairness
//! audit, its mergeable counts, and the Leichte Sprache checker, built by maturin as an abi3
//! extension module `welfare._welfare` for CPython ≥ 3.9. The pure-Python layer in `python/`
//! turns numpy arrays, lists, pandas/polars Series and DataFrames and pyarrow arrays into the
//! flat arrays this module takes, and shapes the results (pandas frames, dicts).
//!
//! Every result is computed by the same library functions as the `welfare` command, so
//! `Audit.to_dict()` is the JSON of `welfare audit --format json` and errors carry the same
//! messages. The GIL is released while the libraries compute.

#![warn(missing_docs)]

use pyo3::prelude::*;

pub mod errors;
pub mod factorize;
pub mod fairness;
pub mod inputs;
pub mod mitigation;
pub mod text;

/// The module `welfare._welfare`.
#[pymodule]
fn _welfare(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    factorize::register(m)?;
    fairness::register(m)?;
    mitigation::register(m)?;
    text::register(m)?;
    Ok(())
}
