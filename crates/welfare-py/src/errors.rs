//! The exceptions of the package: `ValueError` subclasses whose messages are the CLI's.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    _welfare,
    WelfareError,
    PyValueError,
    "Bad input or settings for a welfare computation (a ValueError)."
);
create_exception!(
    _welfare,
    AuditError,
    WelfareError,
    "The audit's settings do not fit the data (unknown group, one group only, bad counts...)."
);
create_exception!(
    _welfare,
    TextError,
    WelfareError,
    "The text cannot be checked (too long, bad profile...)."
);

/// Adds the exception types to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("WelfareError", py.get_type::<WelfareError>())?;
    m.add("AuditError", py.get_type::<AuditError>())?;
    m.add("TextError", py.get_type::<TextError>())?;
    Ok(())
}

/// An input error (what the Python caller passed) as a `WelfareError`.
pub fn input(message: impl Into<String>) -> PyErr {
    WelfareError::new_err(message.into())
}

/// An audit error with the CLI's message.
pub fn audit(e: fairness_audit::AuditError) -> PyErr {
    AuditError::new_err(e.to_string())
}

/// A text-checker error with the CLI's message.
pub fn text(e: impl std::fmt::Display) -> PyErr {
    TextError::new_err(e.to_string())
}
