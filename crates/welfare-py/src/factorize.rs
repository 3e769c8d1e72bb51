//! Sensitive columns of Python strings — a list, or a numpy object array (what a pandas object
//! or Python-string Series holds) — turned into codes without a Python call per row: each
//! item's UTF-8 text is borrowed from the string object itself (no copy for the compact
//! strings CPython makes) and looked up in a hash map; the same object as the row before is not
//! looked up again. Missing values (`None`, float NaN, pandas' `NA`/`NaT`) get −1. A column
//! with any other kind of item (numbers, dates) returns `None`, and the Python layer takes its
//! general path. O(n) expected. Fixed-width numpy unicode/bytes arrays are coded from their
//! buffer in one pass (`factorize_fixed`).

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::Borrowed;
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyList, PyString};
use rustc_hash::FxHashMap;

/// Adds the function to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(factorize_text, m)?)?;
    m.add_function(wrap_pyfunction!(factorize_fixed, m)?)?;
    Ok(())
}

/// What one item is.
enum Item<'a> {
    Text(&'a str),
    Missing,
    Other,
}

fn item<'a, 'py>(v: Borrowed<'a, 'py, PyAny>) -> PyResult<Item<'a>> {
    if v.is_instance_of::<PyString>() {
        let mut size: pyo3::ffi::Py_ssize_t = 0;
        // SAFETY: `v` is a str; CPython keeps its UTF-8 form inside the object (for compact
        // ASCII strings it is the object's own buffer) for as long as the object lives, which
        // is `'a` (the caller holds every item for the whole column).
        let data = unsafe { pyo3::ffi::PyUnicode_AsUTF8AndSize(v.as_ptr(), &mut size) };
        if data.is_null() {
            // not encodable as UTF-8 (a lone surrogate): the general path decides
            let _ = PyErr::take(v.py());
            return Ok(Item::Other);
        }
        // SAFETY: CPython returned `size` bytes of valid UTF-8 at `data`, alive for `'a`.
        let text = unsafe {
            std::str::from_utf8_unchecked(std::slice::from_raw_parts(
                data.cast::<u8>(),
                size as usize,
            ))
        };
        return Ok(Item::Text(text));
    }
    if v.is_none() {
        return Ok(Item::Missing);
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        if f.value().is_nan() {
            return Ok(Item::Missing);
        }
        return Ok(Item::Other);
    }
    let name = v.get_type().name()?;
    if name == "NAType" || name == "NaTType" {
        return Ok(Item::Missing);
    }
    Ok(Item::Other)
}

/// Codes in order of first appearance (as pandas' `factorize`) and the distinct texts.
struct Coder<'a> {
    index: FxHashMap<&'a str, i64>,
    values: Vec<String>,
    codes: Vec<i64>,
    last: (*mut pyo3::ffi::PyObject, i64),
}

impl<'a> Coder<'a> {
    fn new(n: usize) -> Self {
        Coder {
            index: FxHashMap::default(),
            values: Vec::new(),
            codes: Vec::with_capacity(n),
            last: (std::ptr::null_mut(), -1),
        }
    }

    /// Adds one item; `false` when the item is neither text nor missing.
    fn push(&mut self, v: Borrowed<'a, '_, PyAny>) -> PyResult<bool> {
        let ptr = v.as_ptr();
        if ptr == self.last.0 {
            self.codes.push(self.last.1);
            return Ok(true);
        }
        let code = match item(v)? {
            Item::Text(t) => {
                let next = self.values.len() as i64;
                *self.index.entry(t).or_insert_with(|| {
                    self.values.push(t.to_owned());
                    next
                })
            }
            Item::Missing => -1,
            Item::Other => return Ok(false),
        };
        self.last = (ptr, code);
        self.codes.push(code);
        Ok(true)
    }
}

type Factorized<'py> = Option<(Bound<'py, PyArray1<i64>>, Vec<String>)>;

/// `(codes, values)` of a list of strings or a numpy object array, or `None` when an item is
/// neither a string nor missing.
#[pyfunction]
fn factorize_text<'py>(py: Python<'py>, column: &Bound<'py, PyAny>) -> PyResult<Factorized<'py>> {
    if let Ok(list) = column.cast::<PyList>() {
        let n = list.len();
        let mut coder = Coder::new(n);
        for i in 0..n {
            // SAFETY: `i` is in range and the list is held (and not changed: no Python code
            // runs in this loop), so the borrowed item lives as long as `list`.
            let v = unsafe {
                let p = pyo3::ffi::PyList_GetItem(list.as_ptr(), i as pyo3::ffi::Py_ssize_t);
                if p.is_null() {
                    return Err(PyErr::fetch(py));
                }
                Borrowed::from_ptr(py, p)
            };
            if !coder.push(v)? {
                return Ok(None);
            }
        }
        return Ok(Some((coder.codes.into_pyarray(py), coder.values)));
    }
    let array: PyReadonlyArray1<'py, Py<PyAny>> = column.extract()?;
    let items = array.as_slice()?;
    let mut coder = Coder::new(items.len());
    for v in items {
        if !coder.push(v.bind_borrowed(py))? {
            return Ok(None);
        }
    }
    Ok(Some((coder.codes.into_pyarray(py), coder.values)))
}

/// Codes of fixed-width rows (first appearance order), each row trimmed of trailing zeros as
/// numpy compares its strings; the same row as the one before is not looked up again.
fn code_rows<T: Copy + Eq + std::hash::Hash + Default>(
    units: &[T],
    width: usize,
) -> (Vec<i64>, Vec<&[T]>) {
    let n = units.len().checked_div(width).unwrap_or(0);
    let mut index: FxHashMap<&[T], i64> = FxHashMap::default();
    let mut values: Vec<&[T]> = Vec::new();
    let mut codes = Vec::with_capacity(n);
    let zero = T::default();
    let mut last: (&[T], i64) = (&[], -1);
    for row in units.chunks_exact(width.max(1)).take(n) {
        let len = row.iter().rposition(|&c| c != zero).map_or(0, |p| p + 1);
        let key = &row[..len];
        if last.1 >= 0 && key == last.0 {
            codes.push(last.1);
            continue;
        }
        let next = values.len() as i64;
        let code = *index.entry(key).or_insert_with(|| {
            values.push(key);
            next
        });
        last = (key, code);
        codes.push(code);
    }
    (codes, values)
}

/// `(codes, values)` of a numpy unicode array (`units`: its UCS-4 code units, `width` per row)
/// or bytes array (`units`: bytes, decoded as UTF-8 with replacement), in one pass over the
/// buffer. O(n · width).
#[pyfunction]
fn factorize_fixed<'py>(
    py: Python<'py>,
    units: &Bound<'py, PyAny>,
    width: usize,
) -> PyResult<(Bound<'py, PyArray1<i64>>, Vec<String>)> {
    if let Ok(ucs4) = units.extract::<PyReadonlyArray1<'py, u32>>() {
        let (codes, values) = code_rows(ucs4.as_slice()?, width);
        let values = values
            .into_iter()
            .map(|v| {
                v.iter()
                    .map(|&c| char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect()
            })
            .collect();
        return Ok((codes.into_pyarray(py), values));
    }
    let bytes: PyReadonlyArray1<'py, u8> = units.extract()?;
    let (codes, values) = code_rows(bytes.as_slice()?, width);
    let values = values
        .into_iter()
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .collect();
    Ok((codes.into_pyarray(py), values))
}
