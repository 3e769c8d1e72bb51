#!/usr/bin/env python3
"""Peers of the triage's urgency models: scikit-learn on exactly the suite's features, scored
with the suite's own metric definitions on the same held-out cases.

    welfare triage generate --cases 20000 --seed 101 --out train.csv
    welfare triage generate --cases 20000 --seed 303 --out test.csv
    welfare triage train --data train.csv --model boosting --target urgency_true \\
        --out boosting.json --dump-features train_features.csv
    welfare triage evaluate --model boosting.json --data test.csv \\
        --dump-features test_features.csv > boosting_eval.json
    python benches/peers/triage_models.py --train train_features.csv \\
        --test test_features.csv --suite boosting_eval.json [--suite logistic_eval.json ...]

The peers are fitted on the rows the suite fits its classifiers on (the dump leaves out the
suite's 20 % temperature-calibration share), single-threaded, with scikit-learn's defaults:
HistGradientBoostingClassifier (early stopping on its own 10 % when n > 10,000),
RandomForestClassifier (100 trees) and LogisticRegression (lbfgs, C = 1). Metrics, as in
`debt_triage::evaluate` (docs/formats.md):

- urgency score = 100 (p1 + 2 p2 + 3 p3) / 3
- missed_emergencies: true-U3 cases scored below the median score of the true-U2 cases
- U3<U2 pair error: share of (U3, U2) pairs in which the U2 case scores higher (ties 1/2)
- Brier: mean over cases of sum_k (p_k - [y = k])^2 over U0-U3
- ECE: top-label expected calibration error, 10 equal-width bins, top label = argmax

Prints one table row per model; the suite's rows come from its `evaluate` JSON. Exits 1 when
the first --suite model is not better than HistGradientBoosting on all four metrics
(issue #16's goal), unless --no-goal.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402


def metrics(p, y):
    score = 100 * (p[:, 1] + 2 * p[:, 2] + 3 * p[:, 3]) / 3
    u2 = np.sort(score[y == 2])
    u3 = score[y == 3]
    missed = int((u3 < np.median(u2)).sum()) if len(u2) else 0
    lo = np.searchsorted(u2, u3, side="left")
    le = np.searchsorted(u2, u3, side="right")
    below = ((len(u2) - le) + 0.5 * (le - lo)).sum()
    pairs = max(len(u3) * len(u2), 1)
    onehot = np.eye(4)[y]
    brier = float(((p - onehot) ** 2).sum(axis=1).mean())
    pred = p.argmax(axis=1)
    conf = p[np.arange(len(y)), pred]
    bins = np.minimum((conf * 10).astype(int), 9)
    ece = 0.0
    for b in range(10):
        m = bins == b
        if m.any():
            ece += abs(conf[m].sum() - (pred[m] == y[m]).sum())
    return missed, below / pairs, brier, ece / len(y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True, help="features dumped by `triage train`")
    ap.add_argument("--test", required=True, help="features dumped by `triage evaluate`")
    ap.add_argument("--suite", action="append", default=[], help="`triage evaluate` JSON")
    ap.add_argument("--no-goal", action="store_true")
    args = ap.parse_args()
    train = pd.read_csv(args.train)
    test = pd.read_csv(args.test)
    label = "urgency" if "urgency" in train.columns else "urgency_true"
    track = "track" if "track" in train.columns else "track_true"
    names = [c for c in train.columns
             if c not in ("case_id", "urgency", "track", "urgency_true", "track_true")]
    x, y = train[names].to_numpy(float), train[label].to_numpy()
    xt, yt = test[names].to_numpy(float), test["urgency_true"].to_numpy()
    print(f"train {len(x)} rows, test {len(xt)} cases, {len(names)} features, "
          f"{(yt == 3).sum()} true emergencies in test")
    rows = []
    for name, model in [
        ("scikit-learn HistGradientBoosting (defaults)", HistGradientBoostingClassifier(random_state=0)),
        ("scikit-learn RandomForest (100 trees)", RandomForestClassifier(n_jobs=1, random_state=0)),
        ("scikit-learn LogisticRegression (lbfgs)", LogisticRegression(max_iter=1000)),
    ]:
        t = time.perf_counter()
        model.fit(x, y)
        seconds = time.perf_counter() - t
        p = np.zeros((len(xt), 4))
        p[:, model.classes_] = model.predict_proba(xt)
        rows.append((name, seconds) + metrics(p, yt))
    hgb = rows[0]
    if track in train.columns and (train[track] >= 0).all():
        t = time.perf_counter()
        HistGradientBoostingClassifier(random_state=0).fit(x, train[track].to_numpy())
        both = hgb[1] + time.perf_counter() - t
        print(f"HistGradientBoosting urgency + track models (what `triage train` fits): "
              f"{both:.2f} s single-threaded")
    for path in args.suite:
        e = json.load(open(path))
        rows.append((f"suite {e['model']} ({os.path.basename(path)})", float("nan"),
                     e["missed_emergencies"], e["rankings"]["model"]["u3_below_u2_pairs"],
                     e["brier"], e["ece"]))
    print(f"\n| model | fit s (1 thread) | missed emergencies | U3<U2 pair error | Brier | ECE |")
    print("|---|---|---|---|---|---|")
    for name, s, missed, pair, brier, ece in rows:
        fit = "" if s != s else f"{s:.2f}"
        print(f"| {name} | {fit} | {missed} | {pair:.4f} | {brier:.4f} | {ece:.4f} |")
    if args.suite and not args.no_goal:
        suite = rows[3]
        wins = [suite[2] < hgb[2], suite[3] < hgb[3], suite[4] < hgb[4], suite[5] < hgb[5]]
        print(f"\nsuite better than HistGradientBoosting on missed/pair/Brier/ECE: {wins}")
        sys.exit(0 if all(wins) else 1)


if __name__ == "__main__":
    main()
