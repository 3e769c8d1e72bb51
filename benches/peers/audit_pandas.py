#!/usr/bin/env python3
"""Whole-process peer of `welfare audit`: pandas.read_csv + numpy.bincount group metrics.

Usage:
    python benches/peers/audit_pandas.py --write FILE [--rows 1000000] [--seed 20261125]
    python benches/peers/audit_pandas.py --audit FILE          # one audit (what is timed)
    python benches/peers/audit_pandas.py --compare FILE --welfare target/release/welfare [--runs 5]

`--compare` times both tools as fresh processes on the same file (median of --runs, after one
warm-up run each, so both read from the page cache) and checks that they agree on the
demographic parity difference and equalized odds difference of every sensitive column.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def write(path, rows, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    sex = rng.choice(np.array(["female", "male"]), size=rows, p=[0.45, 0.55])
    age = rng.choice(np.array(["<25", ">=25"]), size=rows, p=[0.2, 0.8])
    y_true = (rng.random(rows) < np.where(sex == "male", 0.72, 0.66)).astype(np.int8)
    score = np.clip(0.55 * y_true + 0.45 * rng.random(rows), 0, 1)
    y_pred = (score > np.where(age == "<25", 0.45, 0.40)).astype(np.int8)
    with open(path, "w", newline="") as f:
        f.write("y_true,y_pred,sex,age_group\n")
        for t, p, s, a in zip(y_true.tolist(), y_pred.tolist(), sex.tolist(), age.tolist()):
            f.write(f"{t},{p},{s},{a}\n")


def audit(path):
    """Reads the file and computes, per sensitive column, the group rates from counts."""
    import numpy as np
    import pandas as pd

    df = pd.read_csv(path)
    yt = df["y_true"].to_numpy(dtype=np.int64)
    yp = df["y_pred"].to_numpy(dtype=np.int64)
    out = {}
    for col in ["sex", "age_group"]:
        codes, levels = pd.factorize(df[col], sort=True)
        k = len(levels)
        cell = codes * 4 + yt * 2 + yp  # (group, y_true, y_pred)
        c = np.bincount(cell, minlength=4 * k).reshape(k, 2, 2)
        n = c.sum(axis=(1, 2))
        sel = c[:, :, 1].sum(axis=1) / n
        tpr = c[:, 1, 1] / c[:, 1, :].sum(axis=1)
        fpr = c[:, 0, 1] / c[:, 0, :].sum(axis=1)
        out[col] = {
            "demographic_parity_difference": float(sel.max() - sel.min()),
            "equalized_odds_difference": float(
                max(tpr.max() - tpr.min(), fpr.max() - fpr.min())
            ),
        }
    return out


def timed(cmd, runs):
    subprocess.run(cmd, check=True, capture_output=True)  # warm-up (page cache)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def compare(path, welfare, runs):
    peer_cmd = [sys.executable, __file__, "--audit", path]
    welfare_cmd = [
        welfare, "audit", "--input", path, "--y-true", "y_true", "--y-pred", "y_pred",
        "--sensitive", "sex,age_group", "--quiet",
    ]
    peer = json.loads(subprocess.run(peer_cmd, check=True, capture_output=True).stdout)
    ours = json.loads(subprocess.run(welfare_cmd, check=True, capture_output=True).stdout)
    for col, expected in peer.items():
        section = next(a for a in ours["audits"] if a["sensitive"] == [col])
        for metric, value in expected.items():
            got = section["disparities"][metric]
            assert abs(got - value) < 1e-12, (col, metric, got, value)
    t_peer, all_peer = timed(peer_cmd, runs)
    t_ours, all_ours = timed(welfare_cmd, runs)
    print(f"file: {path}")
    print(f"pandas.read_csv + numpy.bincount (fresh python process): median {t_peer:.3f} s "
          f"{[round(t, 3) for t in all_peer]}")
    print(f"welfare audit (fresh process, all metrics):             median {t_ours:.3f} s "
          f"{[round(t, 3) for t in all_ours]}")
    print(f"speed-up: {t_peer / t_ours:.1f}x; disparities agree to 1e-12")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write")
    ap.add_argument("--audit")
    ap.add_argument("--compare")
    ap.add_argument("--welfare", default="target/release/welfare")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    if a.write:
        write(a.write, a.rows, a.seed)
    elif a.audit:
        print(json.dumps(audit(a.audit)))
    elif a.compare:
        compare(a.compare, a.welfare, a.runs)
    else:
        ap.error("one of --write, --audit, --compare")


if __name__ == "__main__":
    main()
