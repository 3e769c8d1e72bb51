"""Peer check of the StaGE scorer port (crates/easy-language/examples/train_models.rs).

GermEval 2024 StaGE scores statement counts with MAE, MSE and precision/recall/F1 averaged over
the count classes weighted by their support: scikit-learn's metrics. This script recomputes them
with scikit-learn from the predictions the example writes, plain and reweighted to half the
sentences with more than one statement, for comparison with the example's output:

    cargo run --release -p easy-language --example train_models -- --dump-stage /tmp/stage.csv
    python benches/peers/stage_scorer.py /tmp/stage.csv
"""

import csv
import sys

from sklearn.metrics import mean_absolute_error, mean_squared_error, precision_recall_fscore_support


def scores(truth, predicted, weight=None):
    p, r, f, _ = precision_recall_fscore_support(
        truth, predicted, average="weighted", zero_division=0, sample_weight=weight
    )
    return (
        mean_absolute_error(truth, predicted, sample_weight=weight),
        mean_squared_error(truth, predicted, sample_weight=weight),
        p,
        r,
        f,
    )


def main(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    truth = [int(r["truth"]) for r in rows]
    share = sum(t > 1 for t in truth) / len(truth)
    weight = [0.5 / share if t > 1 else 0.5 / (1 - share) for t in truth]
    for label, w in (("test", None), ("reweighted to half > 1", weight)):
        print(label)
        for name in ("always_one", "conjunctions", "checker"):
            predicted = [int(r[name]) for r in rows]
            mae, mse, p, r, f1 = scores(truth, predicted, w)
            print(f"  {name:<14} MAE {mae:.3f} MSE {mse:.3f} P {p:.3f} R {r:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
