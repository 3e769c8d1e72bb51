#!/usr/bin/env python3
"""Peer of the triage's logistic regression: scikit-learn on exactly the suite's features.

`welfare triage train --dump-features F.csv` writes the scaled feature matrix and labels that
the suite fits on (same split, same scaling). This script fits scikit-learn's
LogisticRegression (multinomial, lbfgs, C = 1/alpha, intercept not penalised: the suite's
objective) on the same rows and compares the penalised objective

    sum_i -log softmax(x_i W + b)[y_i] + alpha/2 * ||W||^2

of both fits, for the urgency and the track model, with iterations and single-thread time.

Usage:
    welfare triage generate --cases 20000 --seed 101 --out cases.csv
    welfare triage train --data cases.csv --model logistic --target urgency_true \\
        --out model.json --dump-features features.csv
    python benches/peers/triage_sklearn.py --features features.csv --model model.json

Needs numpy, pandas, scikit-learn. Exits non-zero when the suite's objective is more than
0.1 % above scikit-learn's (issue #16's bar).
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # single thread, as the suite
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402


def objective(x, y, w, b, alpha):
    h = x @ w + b
    m = h.max(axis=1, keepdims=True)
    lse = (m[:, 0] + np.log(np.exp(h - m).sum(axis=1)))
    return float((lse - h[np.arange(len(y)), y]).sum() + 0.5 * alpha * (w * w).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True)
    ap.add_argument("--model", required=True, help="model JSON of `welfare triage train`")
    ap.add_argument("--alpha", type=float, default=1.0, help="the suite's L2 penalty (default 1)")
    args = ap.parse_args()
    frame = pd.read_csv(args.features)
    model = json.load(open(args.model))
    names = model["pipeline"]["names"]
    x = frame[names].to_numpy(dtype=float)
    worst = 0.0
    print(f"{len(x)} rows, {x.shape[1]} features, alpha {args.alpha}")
    for part, column in [("urgency", "urgency"), ("track", "track")]:
        y = frame[column].to_numpy()
        c = model[part]["classifier"]
        if c.get("type", "logistic") != "logistic":
            sys.exit("the model file is not a logistic regression")
        w_suite = np.array(c["weights"], dtype=float)
        b_suite = np.array(c["intercept"], dtype=float)
        suite = objective(x, y, w_suite, b_suite, args.alpha)
        rows = []
        for tol, max_iter in [(1e-4, 100), (1e-10, 100_000)]:  # sklearn's defaults; to convergence
            t = time.perf_counter()
            lr = LogisticRegression(C=1.0 / args.alpha, tol=tol, max_iter=max_iter, solver="lbfgs")
            lr.fit(x, y)
            seconds = time.perf_counter() - t
            # columns of coef_ follow lr.classes_ (0..K-1 here)
            w = np.zeros_like(w_suite)
            b = np.zeros_like(b_suite)
            for col, k in enumerate(lr.classes_):
                w[:, k] = lr.coef_[col]
                b[k] = lr.intercept_[col]
            rows.append((tol, max_iter, objective(x, y, w, b, args.alpha), int(np.max(lr.n_iter_)), seconds))
        best = min(r[2] for r in rows)
        rel = (suite - best) / best
        worst = max(worst, rel)
        print(f"\n{part}: suite objective {suite:.6f} ({100 * rel:+.4f} % vs the best scikit-learn fit)")
        for tol, max_iter, obj, it, seconds in rows:
            print(f"  scikit-learn tol={tol:g} max_iter={max_iter}: objective {obj:.6f} "
                  f"({100 * (obj - best) / best:+.4f} %), {it} iterations, {seconds:.2f} s")
    print(f"\nlargest excess of the suite over scikit-learn: {100 * worst:.4f} %")
    sys.exit(0 if worst <= 1e-3 else 1)


if __name__ == "__main__":
    main()
