"""A MetricFrame-style audit of the shipped German Credit predictions (run from the repository
root: `python3 python/examples/german_credit.py`)."""

import pathlib

import pandas as pd

import welfare

data = pathlib.Path(__file__).resolve().parents[2] / "datasets/fairness/german_credit/predictions.csv"
df = pd.read_csv(data)
audit = welfare.fairness.audit(df.y_true, df.y_pred, df[["sex", "age_group"]], y_score=df.y_score,
                               privileged="sex=male", bootstrap=1000, seed=1)
print(audit)
print()
print(audit.by_group()[["count", "selection_rate", "true_positive_rate", "false_positive_rate"]].to_string())
print()
print(audit.by_group("sex")[["count", "selection_rate", "precision", "roc_auc"]].to_string())
print()
for name in ("demographic_parity_difference", "equalized_odds_difference", "disparate_impact"):
    value = audit.section("sex").disparities[name]
    low, high = audit.section("sex").confidence_intervals[name]
    print(f"sex: {name:32s} {value:.4f}  (95 % interval {low:.4f} – {high:.4f})")
