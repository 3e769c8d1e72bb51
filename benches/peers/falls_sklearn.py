#!/usr/bin/env python3
"""Peers of the fall detectors: scikit-learn on exactly the suite's impact events and subject
folds, evaluated per trial as `fall_detection::evaluate` does.

    cargo run --release -p fall-detection --example sisfall_cv -- \\
        ../shared/datasets/fall/sisfall-dev 5 100 /tmp/falls     # suite figures + the dump
    python benches/peers/falls_sklearn.py --dump /tmp/falls

The dump holds every labelled trial (subject, fall, duration, outer fold: the suite's
`subject_folds`, seed 2026) and the 22 (with gyroscope) features of each impact event. For each
outer fold the peers are fitted on the other folds' events only (label: the trial is a fall);
the cut-off is chosen like the suite's — best trial-level F1 (ties: fewer false alarms) over
out-of-fold trial scores of an inner 5-fold cross-validation grouped by subject on the training
subjects. A trial's score is its highest event probability (0 without events); every event at
or above the cut-off is an alarm. Metrics pooled over the outer folds: sensitivity,
specificity, F1, AUC (trial scores, ties 1/2), false alarms per hour of daily activities.
RandomForestClassifier (100 and 200 trees) and HistGradientBoostingClassifier (defaults),
one thread.
"""
import argparse
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: E402


def trial_scores(p, event_trial, trial_index, n_trials):
    score = np.zeros(n_trials)
    np.maximum.at(score, trial_index[event_trial], p)
    return score


def best_cutoff(scores, falls):
    # candidates: midpoints between neighbouring distinct scores, like the suite
    s = np.unique(scores)
    candidates = np.concatenate([[s[0] - 1e-9], (s[:-1] + s[1:]) / 2, [s[-1] + 1e-9]])
    best, best_key = 0.5, None
    for c in candidates:
        alarm = scores >= c
        tp = int((alarm & falls).sum())
        fp = int((alarm & ~falls).sum())
        fn = int((~alarm & falls).sum())
        f1 = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
        key = (f1, -fp)
        if best_key is None or key > best_key:
            best, best_key = c, key
    return float(best)


def auc(scores, falls):
    pos, neg = scores[falls], scores[~falls]
    neg_sorted = np.sort(neg)
    lo = np.searchsorted(neg_sorted, pos, side="left")
    hi = np.searchsorted(neg_sorted, pos, side="right")
    return float((lo + 0.5 * (hi - lo)).sum() / (len(pos) * len(neg)))


def calibration(scores, falls):
    """Brier score and ECE (10 equal-width bins, weighted by trials), as the suite's evaluate."""
    y = falls.astype(float)
    brier = float(np.mean((scores - y) ** 2))
    bins = np.minimum((scores * 10).astype(int), 9)
    ece = sum(abs(scores[bins == b].sum() - y[bins == b].sum()) for b in range(10)) / len(scores)
    return brier, float(ece)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True, help="folder written by the sisfall_cv example")
    ap.add_argument("--inner-folds", type=int, default=5)
    args = ap.parse_args()
    trials = pd.read_csv(os.path.join(args.dump, "trials.csv"))
    events = pd.read_csv(os.path.join(args.dump, "events.csv"))
    names = [c for c in events.columns if c != "trial"]
    x_all = events[names].to_numpy(float)
    index = {k: i for i, k in enumerate(trials["trial"])}
    event_trial = events["trial"].map(index).to_numpy()
    falls = trials["fall"].to_numpy().astype(bool)
    subject = trials["subject"].to_numpy()
    fold = trials["fold"].to_numpy()
    duration = trials["duration_s"].to_numpy()
    y_event = falls[event_trial]
    print(f"{len(trials)} trials ({falls.sum()} falls), {len(events)} events, "
          f"{len(np.unique(subject))} subjects, {fold.max() + 1} folds")

    def fit(make, rows):
        m = make()
        m.fit(x_all[rows], y_event[rows])
        return m

    def scores_for(model, trial_mask):
        rows = trial_mask[event_trial]
        p = np.zeros(len(events))
        if rows.any():
            p[rows] = model.predict_proba(x_all[rows])[:, 1]
        return p, trial_scores(p[rows], event_trial[rows], np.arange(len(trials)), len(trials))

    peers = [
        ("scikit-learn RandomForest, 100 trees", lambda: RandomForestClassifier(100, n_jobs=1, random_state=0)),
        ("scikit-learn RandomForest, 200 trees", lambda: RandomForestClassifier(200, n_jobs=1, random_state=0)),
        ("scikit-learn HistGradientBoosting", lambda: HistGradientBoostingClassifier(random_state=0)),
    ]
    print("\n| detector | sensitivity | specificity | F1 | AUC | false alarms / h | Brier | ECE "
          "| older (SE): Brier, ECE | time |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    older = np.array([str(s).startswith("SE") for s in subject])
    for name, make in peers:
        start = time.perf_counter()
        score = np.zeros(len(trials))
        alarms = np.zeros(len(trials), dtype=int)
        for f in range(fold.max() + 1):
            test = fold == f
            train = ~test
            # inner subject-grouped folds on the training subjects, round-robin as the suite
            subs = sorted(set(subject[train]))
            rng = np.random.default_rng(f)
            rng.shuffle(subs)
            inner = {s: i % args.inner_folds for i, s in enumerate(subs)}
            oof = []
            for g in range(args.inner_folds):
                in_test = train & np.array([inner.get(s, -1) == g for s in subject])
                in_train = train & ~in_test
                if not (in_test.any() and falls[in_train].any()):
                    continue
                m = fit(make, in_train[event_trial])
                _, s_in = scores_for(m, in_test)
                oof.append((s_in[in_test], falls[in_test]))
            cutoff = best_cutoff(np.concatenate([o[0] for o in oof]),
                                 np.concatenate([o[1] for o in oof])) if oof else 0.5
            m = fit(make, train[event_trial])
            p, s_out = scores_for(m, test)
            score[test] = s_out[test]
            hit = (p >= cutoff) & test[event_trial]
            np.add.at(alarms, event_trial[hit], 1)
        seconds = time.perf_counter() - start
        alarm = alarms > 0
        tp = int((alarm & falls).sum())
        fp = int((alarm & ~falls).sum())
        fn = int((~alarm & falls).sum())
        sens = tp / falls.sum()
        spec = 1 - fp / (~falls).sum()
        f1 = 2 * tp / (2 * tp + fp + fn)
        fa_h = alarms[~falls].sum() / (duration[~falls].sum() / 3600)
        brier, ece = calibration(score, falls)
        se_brier, se_ece = calibration(score[older], falls[older])
        print(f"| {name} | {100 * sens:.1f} % | {100 * spec:.1f} % | {f1:.3f} | "
              f"{auc(score, falls):.4f} | {fa_h:.2f} | {brier:.4f} | {ece:.4f} | "
              f"{se_brier:.4f}, {se_ece:.4f} | {seconds:.1f} s |")


if __name__ == "__main__":
    main()
