"""welfare.fairness.audit on 200,000 rows with the groups in every array kind researchers have
(numpy unicode, Python list, pandas object / string / categorical, polars, pyarrow), beside
fairlearn MetricFrame (7 metrics) on the same data in the same run. Best of 3 rounds of 10 calls
each (the machine is shared: the best round is the least disturbed).

Run: /tmp/flvenv/bin/python benches/peers/python_array_kinds.py  (welfare from `pip install
./python`, fairlearn 0.15, pandas, polars, pyarrow)."""
import time

import numpy as np

import welfare

rng = np.random.default_rng(0)
n = 200_000
y = rng.integers(0, 2, n)
p = rng.integers(0, 2, n)
base = rng.integers(0, 10, n).astype(str)
kinds = {
    "numpy <U21 (integers().astype(str))": base,
    "python list of str": [str(v) for v in base],
}
try:
    import pandas as pd

    kinds["pandas object"] = pd.Series(base.astype(object), dtype=object)
    kinds["pandas string (default str dtype)"] = pd.Series(list(base))
    try:
        kinds["pandas string[pyarrow]"] = pd.Series(list(base), dtype="string[pyarrow]")
    except ImportError:
        pass
    kinds["pandas categorical"] = pd.Series(base).astype("category")
except ImportError:
    pass
try:
    import polars as pl

    kinds["polars String"] = pl.Series("g", list(base))
    kinds["polars Categorical"] = pl.Series("g", list(base)).cast(pl.Categorical)
except ImportError:
    pass
try:
    import pyarrow as pa

    kinds["pyarrow string array"] = pa.array(list(base))
except ImportError:
    pass


def best_ms(f, rounds=3, calls=10):
    f()
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(calls):
            f()
        best = min(best, (time.perf_counter() - t) / calls)
    return best * 1000


from fairlearn.metrics import (
    MetricFrame,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn.metrics import accuracy_score, precision_score

metrics = {
    "selection_rate": selection_rate,
    "tpr": true_positive_rate,
    "fpr": false_positive_rate,
    "tnr": true_negative_rate,
    "fnr": false_negative_rate,
    "accuracy": accuracy_score,
    "precision": precision_score,
}


def fairlearn_once():
    mf = MetricFrame(metrics=metrics, y_true=y, y_pred=p, sensitive_features=base)
    mf.difference()
    mf.ratio()


t = time.perf_counter()
fairlearn_once()
fl = (time.perf_counter() - t) * 1000
print(f"fairlearn MetricFrame (7 metrics, numpy <U21): {fl:.0f} ms")
print("| groups as | welfare.fairness.audit | × fairlearn |")
print("|---|---:|---:|")
for name, g in kinds.items():
    ms = best_ms(lambda: welfare.fairness.audit(y, p, g))
    print(f"| {name} | {ms:.1f} ms | {fl / ms:,.0f}× |")
