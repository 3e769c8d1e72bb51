"""Turning what researchers have (numpy arrays, lists, pandas/polars Series and DataFrames,
pyarrow arrays and Tables) into the flat arrays the native module takes.

pandas, polars and pyarrow are never imported unless the caller passed one of their objects.
"""

from __future__ import annotations

from typing import Any, List, Sequence, Tuple

import numpy as np

from ._welfare import WelfareError
from ._welfare import factorize_fixed as _factorize_fixed
from ._welfare import factorize_text as _factorize_text


def _library(obj: Any) -> str:
    return type(obj).__module__.split(".")[0]


def to_numpy(values: Any, name: str) -> np.ndarray:
    """One column as a 1-D numpy array (no copy where the source allows it)."""
    lib = _library(values)
    if lib == "polars":
        values = values.to_numpy()
    elif lib == "pyarrow":
        if hasattr(values, "combine_chunks"):
            values = values.combine_chunks()
        values = values.to_numpy(zero_copy_only=False)
    elif lib == "pandas":
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise WelfareError(f"{name}: expected one column (1-D), got shape {arr.shape}")
    return arr


_TRUE = {"1", "1.0", "true"}
_FALSE = {"0", "0.0", "false"}


def flags(values: Any, name: str) -> np.ndarray:
    """0/1 outcomes or decisions as the native module takes them: bool as uint8, integers as
    int64, floats as float64 (no copy when they already are), other values (the strings the CLI
    reads: 0/1/true/false) converted here. The native module checks that every value is 0/1."""
    arr = to_numpy(values, name)
    if arr.dtype.kind == "b":
        return np.ascontiguousarray(arr).view(np.uint8)
    if arr.dtype.kind in "iu":
        if arr.dtype.kind == "u" and arr.dtype.itemsize == 8:
            arr = np.minimum(arr, 2)  # uint64 beyond int64: still not a flag
        return np.ascontiguousarray(arr, dtype=np.int64)
    if arr.dtype.kind == "f":
        return np.ascontiguousarray(arr, dtype=np.float64)
    out = np.empty(len(arr), dtype=np.float64)
    for i, v in enumerate(arr):
        if v is None or (isinstance(v, float) and v != v):
            out[i] = np.nan
        elif isinstance(v, (bool, np.bool_, int, np.integer, float, np.floating)):
            out[i] = float(v)
        else:
            text = str(v).strip().lower()
            if text in _TRUE:
                out[i] = 1.0
            elif text in _FALSE:
                out[i] = 0.0
            else:
                raise WelfareError(f"{name}: row {i} is {str(v)!r}, expected 0 or 1 (or False/True)")
    return out


def scores(values: Any) -> np.ndarray:
    """Scores as float64 (the native module checks that they are finite)."""
    arr = to_numpy(values, "y_score")
    try:
        return np.ascontiguousarray(arr, dtype=np.float64)
    except (TypeError, ValueError):
        for i, v in enumerate(arr):
            try:
                float(v)
            except (TypeError, ValueError):
                raise WelfareError(f"y_score: row {i} is {str(v)!r}, expected a number") from None
        raise


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (type(v).__name__ in ("NAType", "NaTType"))


def _string_codes(arr: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values of a numpy unicode or bytes array without a Python object per
    row and without sorting strings: each row's fixed-width characters become one 64-bit key
    (exact for up to two characters, a hash beyond, checked against the strings themselves),
    and the keys are factorized as integers."""
    n = len(arr)
    arr = np.ascontiguousarray(arr)
    unit = np.uint32 if arr.dtype.kind == "U" else np.uint8
    width = arr.dtype.itemsize // np.dtype(unit).itemsize
    if n == 0 or width == 0:
        return np.zeros(n, dtype=np.int64), arr[:1]
    chars = arr.view(unit).reshape(n, width)
    # a wide dtype with short values (`integers(...).astype(str)` is <U21): only the
    # characters some row uses
    # (numpy pads values with NUL at the end: the first all-NUL column ends every value)
    used = 0
    while used < width and chars[:, used].any():
        used += 1
    width = used
    if width == 0:
        return np.zeros(n, dtype=np.int64), arr[:1]
    chars = chars[:, :width]
    exact = width * np.dtype(unit).itemsize <= 8
    key = np.zeros(n, dtype=np.uint64)
    if exact:
        shift = np.uint64(8 * np.dtype(unit).itemsize)
        for j in range(width):
            key = (key << shift) | chars[:, j].astype(np.uint64)
    else:
        prime = np.uint64(1099511628211)
        with np.errstate(over="ignore"):
            for j in range(width):
                key = (key ^ chars[:, j].astype(np.uint64)) * prime
    top = int(key.max())
    if top < 1 << 24:
        # small keys (one or two letters, the usual group codes): a lookup table, O(n)
        present = np.zeros(top + 1, dtype=bool)
        present[key] = True
        table = np.cumsum(present, dtype=np.int64) - 1
        codes = table[key]
        # a row of each code (keys are exact here, so any row of a code has its string)
        first = np.zeros(int(table[-1]) + 1, dtype=np.int64)
        first[codes] = np.arange(n, dtype=np.int64)
    else:
        _, first, codes = np.unique(key, return_index=True, return_inverse=True)
        codes = codes.reshape(-1).astype(np.int64)
    uniques = arr[first]
    if not exact and not np.array_equal(uniques[codes], arr):
        # two strings with one hash (rare): sort the strings themselves
        uniques, codes = np.unique(arr, return_inverse=True)
        codes = codes.reshape(-1).astype(np.int64)
    return np.ascontiguousarray(codes), uniques


def factorize(values: Any, name: str) -> Tuple[str, np.ndarray, List[str]]:
    """A sensitive column as (name, codes, values): codes index values, -1 = missing. The
    values are compared as text, as the CLI reads them from a file."""
    lib = _library(values)
    if lib == "pandas":
        import pandas as pd

        if isinstance(getattr(values, "dtype", None), pd.CategoricalDtype):
            # Categorical: its codes as they are (-1 = missing), no hashing.
            cat = values.cat if hasattr(values, "cat") else values
            codes = np.ascontiguousarray(cat.codes, dtype=np.int64)
            return name, codes, [str(c) for c in cat.categories]
        if values.dtype == object or getattr(values.dtype, "storage", None) == "python":
            # Python strings (object, or pandas' string dtype stored as Python objects): coded
            # in Rust without a Python call per row
            done = _factorize_text(values.to_numpy(dtype=object))
            if done is not None:
                return name, done[0], done[1]
        codes, uniques = pd.factorize(values)
        return name, np.ascontiguousarray(codes, dtype=np.int64), [str(u) for u in uniques]
    if lib == "polars" and hasattr(values, "to_arrow"):
        # a polars Series: its Arrow form (no copy for strings; a categorical arrives already
        # dictionary-encoded), then the Arrow path below
        try:
            values = values.to_arrow()
            lib = "pyarrow"
        except ImportError:  # polars without pyarrow: the general path
            pass
    if lib == "pyarrow":
        import pyarrow.compute as pc

        if hasattr(values, "combine_chunks"):
            values = values.combine_chunks()
        encoded = pc.dictionary_encode(values)
        codes = pc.fill_null(encoded.indices.cast("int64"), -1).to_numpy(zero_copy_only=False)
        uniques = [str(u) for u in encoded.dictionary.to_pylist()]
        return name, np.ascontiguousarray(codes, dtype=np.int64), uniques
    if isinstance(values, list) or (isinstance(values, np.ndarray) and values.dtype == object):
        # a list of Python strings (or an object array of them): coded in Rust, no numpy
        # string array in between
        done = _factorize_text(values)
        if done is not None:
            return name, done[0], done[1]
    arr = to_numpy(values, f"sensitive column '{name}'")
    if arr.dtype.kind in "US":
        # numpy strings: coded from the array's buffer in Rust, no Python object per row
        arr = np.ascontiguousarray(arr)
        unit = np.uint32 if arr.dtype.kind == "U" else np.uint8
        width = arr.dtype.itemsize // np.dtype(unit).itemsize
        if len(arr) and width:
            codes, values_ = _factorize_fixed(arr.view(unit).reshape(-1), width)
            return name, codes, values_
        codes, uniques = _string_codes(arr)
        values_ = [u.decode("utf-8", "replace") if isinstance(u, bytes) else str(u) for u in uniques.tolist()]
        return name, codes, values_
    if arr.dtype.kind in "biu":
        uniques, codes = np.unique(arr, return_inverse=True)
        return name, np.ascontiguousarray(codes, dtype=np.int64), [str(u) for u in uniques.tolist()]
    if arr.dtype.kind == "f":
        missing = np.isnan(arr)
        uniques, codes = np.unique(np.where(missing, 0.0, arr), return_inverse=True)
        codes = np.where(missing, -1, codes)
        return name, np.ascontiguousarray(codes, dtype=np.int64), [str(u) for u in uniques.tolist()]
    index: dict = {}
    codes = np.empty(len(arr), dtype=np.int64)
    for i, v in enumerate(arr.tolist()):
        if _is_missing(v):
            codes[i] = -1
            continue
        key = v if isinstance(v, str) else str(v)
        code = index.get(key)
        if code is None:
            code = index[key] = len(index)
        codes[i] = code
    return name, codes, list(index)


def _columns_of_table(table: Any) -> List[Tuple[str, Any]] | None:
    """(name, column) pairs of a table, or None if `table` is not a table."""
    lib = _library(table)
    if isinstance(table, dict):
        return [(str(k), v) for k, v in table.items()]
    if lib == "pandas" and hasattr(table, "columns") and hasattr(table, "iloc") and getattr(table, "ndim", 1) == 2:
        return [(str(c), table[c]) for c in table.columns]
    if lib == "polars" and type(table).__name__ == "DataFrame":
        return [(c, table[c]) for c in table.columns]
    if lib == "pyarrow" and type(table).__name__ in ("Table", "RecordBatch"):
        return [(n, table.column(n)) for n in table.column_names]
    return None


def sensitive_columns(sensitive: Any) -> List[Tuple[str, np.ndarray, List[str]]]:
    """The sensitive argument: a table (dict of arrays, DataFrame, pyarrow Table) or one array
    (a named Series keeps its name; anything else is `sensitive_feature_0`, as fairlearn)."""
    if sensitive is None:
        raise WelfareError("sensitive: at least one sensitive column is needed")
    columns = _columns_of_table(sensitive)
    if columns is None:
        name = getattr(sensitive, "name", None)
        if _library(sensitive) == "pyarrow" or not isinstance(name, str) or not name:
            name = "sensitive_feature_0"
        columns = [(name, sensitive)]
    if not columns:
        raise WelfareError("sensitive: the table has no columns")
    return [factorize(values, name) for name, values in columns]


def conditions(condition: Any, which: str) -> List[str] | None:
    """privileged / unprivileged: 'sex=male', {'sex': 'male'}, or a list of those (a union)."""
    if condition is None:
        return None
    items: Sequence[Any] = condition if isinstance(condition, (list, tuple)) else [condition]
    out = []
    for c in items:
        if isinstance(c, dict):
            if not c:
                raise WelfareError(f"{which}: an empty condition")
            out.append(",".join(f"{k}={v}" for k, v in c.items()))
        elif isinstance(c, str):
            out.append(c)
        else:
            raise WelfareError(f"{which}: expected 'COL=VALUE[,COL=VALUE]' or a dict, got {type(c).__name__}")
    return out
