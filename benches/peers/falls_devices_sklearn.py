#!/usr/bin/env python3
"""Peers of the accelerometer fall detector on simulated devices: scikit-learn on exactly the
suite's impact events, subject folds and device conditions, evaluated per trial as
`fall_detection::evaluate` does (SisFall development subjects: research use only).

    cargo run -p fall-detection --example sisfall_devices -- \\
        ../shared/datasets/fall/sisfall-dev 3 /tmp/falls-dev-dump    # suite table + the dump
    python benches/peers/falls_devices_sklearn.py --dump /tmp/falls-dev-dump

For each outer fold the peer is fitted on the lab-condition events of the other folds' subjects
(label: the trial is a fall); its cut-off is the best trial-level F1 over out-of-fold trial
scores of an inner 5-fold cross-validation grouped by subject on the training subjects (as the
suite's `train`). It then reads the held-out subjects' trials and continuous-wear days under
every simulated device condition the suite wrote. Pooled over the folds: sensitivity,
specificity, false alarms per hour of ADL trials, and false alarms per hour of continuous wear.
One thread.
"""
import argparse
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from falls_sklearn import best_cutoff  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--inner-folds", type=int, default=5)
    args = ap.parse_args()
    trials = pd.read_csv(os.path.join(args.dump, "trials.csv"))
    events = pd.read_csv(os.path.join(args.dump, "events.csv"))
    names = [c for c in events.columns if c not in ("trial", "condition")]
    trials["id"] = trials["trial"] + "|" + trials["condition"]
    events["id"] = events["trial"] + "|" + events["condition"]
    index = {k: i for i, k in enumerate(trials["id"])}
    event_trial = events["id"].map(index).to_numpy().astype(np.int64)
    x = events[names].to_numpy(float)
    fall = trials["fall"].to_numpy().astype(bool)
    subject = trials["subject"].to_numpy()
    fold = trials["fold"].to_numpy()
    duration = trials["duration_s"].to_numpy()
    day = trials["day"].to_numpy().astype(bool)
    condition = trials["condition"].to_numpy()
    lab = condition == "train-lab"
    conditions = [c for c in dict.fromkeys(condition) if c != "train-lab"]
    y_event = fall[event_trial]
    n = len(trials)

    def trial_scores(p, rows):
        s = np.zeros(n)
        np.maximum.at(s, event_trial[rows], p)
        return s

    peers = [
        ("scikit-learn RandomForest, 200 trees", lambda: RandomForestClassifier(200, n_jobs=1, random_state=0)),
        ("scikit-learn HistGradientBoosting", lambda: HistGradientBoostingClassifier(random_state=0)),
    ]
    print("| model | device (held-out subjects) | sensitivity | specificity | false alarms / h of ADL trials | continuous wear: false alarms / h |")
    print("|---|---|---|---|---|---|")
    for name, make in peers:
        start = time.perf_counter()
        sums = {c: np.zeros(8) for c in conditions}
        for f in range(fold.max() + 1):
            train = lab & (fold != f)
            subs = sorted(set(subject[train]))
            rng = np.random.default_rng(f)
            rng.shuffle(subs)
            inner = {s: i % args.inner_folds for i, s in enumerate(subs)}
            oof_s, oof_y = [], []
            for g in range(args.inner_folds):
                in_test = train & np.array([inner.get(s, -1) == g for s in subject])
                in_train = train & ~in_test
                rows_tr = in_train[event_trial]
                if not (in_test.any() and y_event[rows_tr].any()):
                    continue
                m = make().fit(x[rows_tr], y_event[rows_tr])
                rows_te = in_test[event_trial]
                s = trial_scores(m.predict_proba(x[rows_te])[:, 1], rows_te) if rows_te.any() else np.zeros(n)
                oof_s.append(s[in_test])
                oof_y.append(fall[in_test])
            cutoff = best_cutoff(np.concatenate(oof_s), np.concatenate(oof_y)) if oof_s else 0.5
            rows = train[event_trial]
            m = make().fit(x[rows], y_event[rows])
            for c in conditions:
                test = (condition == c) & (fold == f)
                rows_te = test[event_trial]
                alarms = np.zeros(n, dtype=int)
                if rows_te.any():
                    p = m.predict_proba(x[rows_te])[:, 1]
                    hit = np.flatnonzero(rows_te)[p >= cutoff]
                    np.add.at(alarms, event_trial[hit], 1)
                trials_ = test & ~day
                s = sums[c]
                s[0] += (alarms[trials_ & fall] > 0).sum()
                s[1] += (trials_ & fall).sum()
                s[2] += (alarms[trials_ & ~fall] > 0).sum()
                s[3] += (trials_ & ~fall).sum()
                s[4] += alarms[trials_ & ~fall].sum()
                s[5] += duration[trials_ & ~fall].sum() / 3600
                s[6] += alarms[test & day].sum()
                s[7] += duration[test & day].sum() / 3600
        for c in conditions:
            s = sums[c]
            print(f"| {name} | {c} | {100 * s[0] / s[1]:.1f} % ({int(s[0])}/{int(s[1])}) | "
                  f"{100 * (1 - s[2] / s[3]):.1f} % | {s[4] / s[5]:.2f} | "
                  f"{s[6] / s[7]:.2f} ({int(s[6])} alarms in {s[7]:.1f} h) |")
        print(f"<!-- {name}: {time.perf_counter() - start:.0f} s -->")


if __name__ == "__main__":
    main()
