"""welfare.fairness.audit on 200,000 rows with the groups in different array kinds, beside
fairlearn MetricFrame (7 metrics) on the same data in the same run.

Run: /tmp/flvenv/bin/python benches/peers/python_array_kinds.py  (welfare from `pip install
./python`, fairlearn 0.15, pandas)."""
import time

import numpy as np

import welfare
rng = np.random.default_rng(0); n = 200_000
y = rng.integers(0, 2, n); p = rng.integers(0, 2, n); s = rng.random(n)
kinds = {
  "numpy <U21 (integers().astype(str))": rng.integers(0, 10, n).astype(str),
  "python list of str": [str(v) for v in rng.integers(0, 10, n)],
}
try:
    import pandas as pd
    base = rng.integers(0, 10, n).astype(str)
    kinds["pandas object"] = pd.Series(base.astype(object))
    kinds["pandas categorical"] = pd.Series(base).astype("category")
except ImportError: pass
for name, g in kinds.items():
    welfare.fairness.audit(y, p, g)
    t = time.perf_counter()
    for _ in range(5): welfare.fairness.audit(y, p, g)
    print(f"{name}: {(time.perf_counter()-t)/5*1000:.1f} ms")
from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate, false_positive_rate, true_negative_rate, false_negative_rate
from sklearn.metrics import accuracy_score, precision_score
g = kinds["numpy <U21 (integers().astype(str))"]
metrics = {"selection_rate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate, "tnr": true_negative_rate, "fnr": false_negative_rate, "accuracy": accuracy_score, "precision": precision_score}
t = time.perf_counter()
mf = MetricFrame(metrics=metrics, y_true=y, y_pred=p, sensitive_features=g)
mf.difference(); mf.ratio()
print(f"fairlearn MetricFrame (7 metrics, numpy <U21): {(time.perf_counter()-t)*1000:.0f} ms")
