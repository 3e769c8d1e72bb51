//! Parsing single values with errors that name the cell. Shared by every reader.

use crate::error::{Cell, DataError};

/// A finite floating-point number. Accepts what spreadsheets and pandas write (`1.5`, `-2e-3`).
pub fn finite_f64(cell: Cell<'_>, text: &str) -> Result<f64, DataError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(cell.missing());
    }
    let value: f64 = text.parse().map_err(|_| cell.wrong_type("a number"))?;
    check_finite(cell, value)
}

/// Rejects NaN and infinities.
pub fn check_finite(cell: Cell<'_>, value: f64) -> Result<f64, DataError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(cell.not_finite())
    }
}

/// An integer. `3.0` (as pandas writes integer columns that once held NaN) is accepted as 3;
/// `3.5` is not.
pub fn integer(cell: Cell<'_>, text: &str) -> Result<i64, DataError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(cell.missing());
    }
    if let Ok(v) = text.parse::<i64>() {
        return Ok(v);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(v as i64),
        Ok(v) if !v.is_finite() => Err(cell.not_finite()),
        _ => Err(cell.wrong_type("an integer")),
    }
}

/// Checks that an integer is not negative and fits `u32` (capacities, counts, ranks).
pub fn count(cell: Cell<'_>, value: i64) -> Result<u32, DataError> {
    if value < 0 {
        return Err(cell.invalid("must be 0 or greater"));
    }
    u32::try_from(value).map_err(|_| cell.invalid("is too large (at most 4294967295)"))
}

/// A 0/1 flag. Also accepts `true`/`false` (any case) and `0.0`/`1.0`.
pub fn flag(cell: Cell<'_>, text: &str) -> Result<bool, DataError> {
    match text.trim() {
        "" => Err(cell.missing()),
        "1" | "1.0" => Ok(true),
        "0" | "0.0" => Ok(false),
        t if t.eq_ignore_ascii_case("true") => Ok(true),
        t if t.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(cell.wrong_type("0 or 1")),
    }
}

/// Checks that an integer is 0 or 1.
pub fn flag_from_int(cell: Cell<'_>, value: i64) -> Result<bool, DataError> {
    match value {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(cell.wrong_type("0 or 1")),
    }
}

/// A non-empty string (trimmed).
pub fn text(cell: Cell<'_>, text: &str) -> Result<String, DataError> {
    let t = text.trim();
    if t.is_empty() {
        Err(cell.missing())
    } else {
        Ok(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell() -> Cell<'static> {
        Cell {
            file: "f.csv",
            row: 7,
            field: "x",
        }
    }

    #[test]
    fn numbers_and_their_errors() {
        assert_eq!(finite_f64(cell(), " 1.5 ").unwrap(), 1.5);
        assert_eq!(integer(cell(), "3.0").unwrap(), 3);
        let e = integer(cell(), "3.5").unwrap_err().to_string();
        assert_eq!(e, "f.csv: row 7, field 'x': expected an integer");
        let e = finite_f64(cell(), "NaN").unwrap_err().to_string();
        assert!(e.contains("not a finite number"), "{e}");
        let e = finite_f64(cell(), "inf").unwrap_err();
        assert!(matches!(e, DataError::NotFinite { row: 7, .. }));
        assert!(matches!(
            finite_f64(cell(), ""),
            Err(DataError::MissingValue { .. })
        ));
        assert!(matches!(count(cell(), -1), Err(DataError::Invalid { .. })));
        assert!(flag(cell(), "TRUE").unwrap());
        assert!(matches!(
            flag(cell(), "2"),
            Err(DataError::WrongType { .. })
        ));
    }
}
