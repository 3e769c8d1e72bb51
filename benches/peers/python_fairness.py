#!/usr/bin/env python3
"""welfare.fairness against fairlearn and AIF360 on the same 1M rows, in one Python process.

    pip install ./python fairlearn aif360 scikit-learn pandas
    python benches/peers/python_fairness.py [--rows 1000000] [--seed 20261202] [--skip-fairlearn]

Data: generated here with numpy (seed): y_true, y_pred, y_score, sex (2 levels), district
(10 levels). The by-group metric set is fairlearn's usual one: count, selection rate, accuracy,
TPR, FPR, FNR, TNR, precision, per district, plus overall, difference and ratio. Timings are
wall-clock medians (--runs) of the whole call from pandas Series; values are compared to 1e-12.
"""
import argparse
import statistics
import time

import numpy as np
import pandas as pd

import welfare


def data(rows, seed):
    rng = np.random.default_rng(seed)
    sex = rng.choice(np.array(["female", "male"]), rows, p=[0.45, 0.55])
    district = rng.choice(np.array([f"d{i:02d}" for i in range(1, 11)]), rows)
    y_true = (rng.random(rows) < 0.4).astype(np.int64)
    score = np.clip(rng.normal(0.32 + 0.33 * y_true - 0.05 * (sex == "female"), 0.2), 0, 1)
    y_pred = (score > 0.5).astype(np.int64)
    return pd.DataFrame({"y_true": y_true, "y_pred": y_pred, "y_score": score, "sex": sex, "district": district})


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


# Every count-based metric the audit reports per group (its by-group set), computed by fairlearn
# the way fairlearn users do (fairlearn's metric functions, scikit-learn scores).
METRICS = ["count", "selection_rate", "base_rate", "accuracy", "error_rate", "true_positive_rate",
           "false_positive_rate", "false_negative_rate", "true_negative_rate", "precision",
           "negative_predictive_value", "false_discovery_rate", "false_omission_rate"]


def fairlearn_frame(df):
    from fairlearn.metrics import (MetricFrame, count, false_negative_rate, false_positive_rate, selection_rate,
                                   true_negative_rate, true_positive_rate)
    from sklearn.metrics import accuracy_score, precision_score
    from functools import partial

    def base_rate(y_true, y_pred):
        return selection_rate(y_true, y_true)

    def error_rate(y_true, y_pred):
        return 1.0 - accuracy_score(y_true, y_pred)

    def npv(y_true, y_pred):
        return precision_score(1 - np.asarray(y_true), 1 - np.asarray(y_pred), zero_division=np.nan)

    def fdr(y_true, y_pred):
        return 1.0 - precision_score(y_true, y_pred, zero_division=np.nan)

    def for_(y_true, y_pred):
        return 1.0 - npv(y_true, y_pred)

    metrics = {
        "count": count, "selection_rate": selection_rate, "base_rate": base_rate, "accuracy": accuracy_score,
        "error_rate": error_rate, "true_positive_rate": true_positive_rate,
        "false_positive_rate": false_positive_rate, "false_negative_rate": false_negative_rate,
        "true_negative_rate": true_negative_rate, "precision": partial(precision_score, zero_division=np.nan),
        "negative_predictive_value": npv, "false_discovery_rate": fdr, "false_omission_rate": for_,
    }
    mf = MetricFrame(metrics=metrics, y_true=df.y_true, y_pred=df.y_pred, sensitive_features=df.district)
    return mf, mf.by_group, mf.overall, mf.difference(), mf.ratio()


def aif360_metrics(df):
    from aif360.datasets import BinaryLabelDataset
    from aif360.metrics import ClassificationMetric

    frame = pd.DataFrame({"y": df.y_true, "sex": (df.sex == "male").astype(int)})
    truth = BinaryLabelDataset(df=frame, label_names=["y"], protected_attribute_names=["sex"])
    pred = truth.copy()
    pred.labels = df.y_pred.to_numpy().reshape(-1, 1).astype(float)
    m = ClassificationMetric(truth, pred, unprivileged_groups=[{"sex": 0}], privileged_groups=[{"sex": 1}])
    return {
        "statistical_parity_difference": m.statistical_parity_difference(),
        "disparate_impact": m.disparate_impact(),
        "equal_opportunity_difference": m.equal_opportunity_difference(),
        "average_odds_difference": m.average_odds_difference(),
        "theil_index": m.theil_index(),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20261202)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--skip-fairlearn", action="store_true")
    args = p.parse_args()
    df = data(args.rows, args.seed)
    print(f"data: {args.rows:,} rows, seed {args.seed}; sensitive: district (10 groups), sex (2)")

    w_time, w = timed(lambda: welfare.fairness.audit(df.y_true, df.y_pred, df[["district"]], undefined="zero"), args.runs)
    counts_time, _ = timed(lambda: welfare.fairness.counts(df.y_true, df.y_pred, df[["district"]]), args.runs)
    boot_time, wb = timed(lambda: welfare.fairness.audit(df.y_true, df.y_pred, df[["district"]], bootstrap=1000, seed=1), args.runs)
    eo = wb.confidence_intervals["equalized_odds_difference"]
    score_time, _ = timed(lambda: welfare.fairness.audit(df.y_true, df.y_pred, df[["district"]], y_score=df.y_score), args.runs)
    aif_w_time, wa = timed(lambda: welfare.fairness.audit(df.y_true, df.y_pred, df[["sex"]], privileged="sex=male"), args.runs)
    print(f"welfare.fairness.audit, by-group set + everything else, pandas in: {w_time * 1000:.1f} ms")
    print(f"welfare.fairness.counts (mergeable counts of the same rows):        {counts_time * 1000:.1f} ms")
    print(f"welfare.fairness.audit + 1,000 bootstrap resamples:                 {boot_time * 1000:.1f} ms"
          f" (equalized odds difference interval {eo[0]:.5f}–{eo[1]:.5f})")
    print(f"welfare.fairness.audit with y_score (+ ROC AUC, Brier, mean score):  {score_time * 1000:.1f} ms")
    print(f"welfare.fairness.audit, sex, privileged=sex=male (AIF360 set):      {aif_w_time * 1000:.1f} ms")

    a_time, a = timed(lambda: aif360_metrics(df), 1)
    cmp = wa.section().comparison["metrics"]
    worst = max(abs(cmp[k] - v) if k in cmp else abs(wa.disparities[k] - v) for k, v in a.items())
    print(f"AIF360 ClassificationMetric (dataset + 5 metrics):                  {a_time:.2f} s"
          f"  -> {a_time / aif_w_time:,.0f}x; max |diff| {worst:.1e}")

    if not args.skip_fairlearn:
        f_time, (mf, by_group, overall, difference, ratio) = timed(lambda: fairlearn_frame(df), 1)
        ours = w.by_group()[METRICS]
        diff = float(np.nanmax(np.abs(ours.to_numpy(dtype=float) - by_group[METRICS].to_numpy(dtype=float))))
        spread = w.section().by_metric
        dd = max(abs(spread[m]["difference"] - difference[m]) for m in METRICS if m != "count")
        print(f"fairlearn MetricFrame (13 metrics, by_group, overall, difference, ratio): {f_time:.2f} s"
              f"  -> {f_time / w_time:,.0f}x; max |diff| by group {diff:.1e}, differences {dd:.1e}")


if __name__ == "__main__":
    main()
