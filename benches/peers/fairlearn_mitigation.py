"""Reference numbers of fairlearn's ThresholdOptimizer (prefit, on given scores) and AIF360's
Reweighing formula, for the parity tests of `fairness_audit::mitigation`.

Writes crates/fairness-audit/tests/data/mitigation_reference.json: for each case the inputs
(labels, scores, group of every row) and fairlearn's deterministic outputs — the positive
probability of every row (`_pmf_predict(...)[:, 1]`), `x_best`, `y_best` and per group the two
threshold operations, their mixing probabilities and `p_ignore` (equalized odds). Labels drawn by
`predict(random_state=…)` are not compared: numpy's stream cannot be matched.

Data: the shipped German Credit scores (datasets/fairness/german_credit), and generated cases
(seed 20261207) with many tied scores, many groups, and a group without positives (the error).

AIF360 0.6.1's CalibratedEqOddsPostprocessing (base and mix rates, each row's probability of the
favourable label, its labels with seed 0) and RejectOptionClassification (threshold, margin,
labels) on German Credit and the generated data.

Run: python3 -m venv /tmp/flvenv && /tmp/flvenv/bin/pip install fairlearn==0.15.0 aif360==0.6.1 pandas
     /tmp/flvenv/bin/python benches/peers/fairlearn_mitigation.py
"""

import json
import math
import pathlib

import fairlearn
import numpy as np
import pandas as pd
from fairlearn.postprocessing import ThresholdOptimizer
from sklearn.base import BaseEstimator, ClassifierMixin

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "crates/fairness-audit/tests/data/mitigation_reference.json"


class GivenScores(BaseEstimator, ClassifierMixin):
    """A fitted 'estimator' whose scores are the first column of X."""

    def fit(self, X, y):
        self.fitted_ = True
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0]


def num(x):
    """A float as JSON can hold it: ±inf and NaN as strings."""
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "nan"
    return x


def run(name, y, scores, groups, constraints, objective, grid_size=1000, flip=False, tol=None):
    case = {
        "name": name,
        "constraints": constraints,
        "objective": objective,
        "grid_size": grid_size,
        "flip": flip,
        "tol": tol,
        "y_true": [int(v) for v in y],
        "scores": [float(s) for s in scores],
        "groups": [str(g) for g in groups],
    }
    X = pd.DataFrame({"score": scores})
    est = GivenScores().fit(X, y)
    to = ThresholdOptimizer(
        estimator=est,
        constraints=constraints,
        objective=objective,
        grid_size=grid_size,
        flip=flip,
        tol=tol,
        prefit=True,
        predict_method="predict",
    )
    sf = pd.Series([str(g) for g in groups], name="group")
    try:
        to.fit(X, pd.Series(y), sensitive_features=sf)
    except ValueError as e:
        case["error"] = str(e)
        return case
    pmf = to._pmf_predict(X, sensitive_features=sf)[:, 1]
    interpolation = {}
    for g, b in to.interpolated_thresholder_.interpolation_dict.items():
        rule = {
            "p0": num(b.p0),
            "operator0": b.operation0.operator,
            "threshold0": num(b.operation0.threshold),
            "p1": num(b.p1),
            "operator1": b.operation1.operator,
            "threshold1": num(b.operation1.threshold),
        }
        if "p_ignore" in b:
            rule["p_ignore"] = num(b.p_ignore)
            rule["prediction_constant"] = num(b.prediction_constant)
        interpolation[str(g)] = rule
    case["expected"] = {
        "x_best": num(to._x_best) if hasattr(to, "_x_best") else None,
        "x_best_per_group": {str(g): num(x) for g, x in getattr(to, "_x_best_per_group", {}).items()},
        "y_best": num(to._y_best),
        "pmf": [num(p) for p in pmf],
        "interpolation": interpolation,
    }
    return case


def aif_datasets(y, scores, prot):
    """AIF360 datasets: true labels, and the predictions carrying the scores. `prot` codes
    1 = privileged, 0 = unprivileged, 2 = neither."""
    from aif360.datasets import BinaryLabelDataset

    df = pd.DataFrame({"prot": np.asarray(prot, dtype=float), "label": np.asarray(y, dtype=float)})
    true = BinaryLabelDataset(
        df=df, label_names=["label"], protected_attribute_names=["prot"],
        favorable_label=1.0, unfavorable_label=0.0,
    )
    pred = true.copy(deepcopy=True)
    pred.scores = np.asarray(scores, dtype=float).reshape(-1, 1)
    pred.labels = (pred.scores >= 0.5).astype(float)
    return true, pred


def calibrated(name, y, scores, prot, cost_constraint="weighted", threshold=0.5):
    """AIF360's CalibratedEqOddsPostprocessing: the fitted base rates and mix rates, each row's
    probability of the favourable label (from those), and AIF360's labels with seed 0."""
    from aif360.algorithms.postprocessing import CalibratedEqOddsPostprocessing

    true, pred = aif_datasets(y, scores, prot)
    ceo = CalibratedEqOddsPostprocessing(
        unprivileged_groups=[{"prot": 0.0}], privileged_groups=[{"prot": 1.0}],
        cost_constraint=cost_constraint, seed=0,
    ).fit(true, pred)
    out = ceo.predict(pred, threshold=threshold)
    prot = np.asarray(prot)
    s = np.asarray(scores, dtype=float)
    p = np.where(s >= threshold, 1.0, 0.0)
    for code, mix, base in ((1, ceo.priv_mix_rate, ceo.base_rate_priv), (0, ceo.unpriv_mix_rate, ceo.base_rate_unpriv)):
        rows = prot == code
        p[rows] = mix * float(base >= threshold) + (1 - mix) * p[rows]
    p[prot == 2] = float(0.0 >= threshold)  # AIF360 gives rows in neither group the score 0
    return {
        "name": name,
        "cost_constraint": cost_constraint,
        "threshold": threshold,
        "y_true": [int(v) for v in y],
        "scores": [float(v) for v in s],
        "prot": [int(v) for v in prot],
        "expected": {
            "base_rate_priv": float(ceo.base_rate_priv),
            "base_rate_unpriv": float(ceo.base_rate_unpriv),
            "priv_mix_rate": float(ceo.priv_mix_rate),
            "unpriv_mix_rate": float(ceo.unpriv_mix_rate),
            "p_favorable": [float(v) for v in p],
            "labels_seed0": [int(v) for v in out.labels.ravel()],
        },
    }


def reject_option(name, y, scores, prot, **kw):
    """AIF360's RejectOptionClassification: the chosen threshold and margin, whether a grid point
    met the bounds, and the labels it gives (deterministic)."""
    import warnings

    from aif360.algorithms.postprocessing import RejectOptionClassification

    true, pred = aif_datasets(y, scores, prot)
    roc = RejectOptionClassification(
        unprivileged_groups=[{"prot": 0.0}], privileged_groups=[{"prot": 1.0}], **kw
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        roc.fit(true, pred)
    feasible = not any("Unable to satisy" in str(w.message) for w in caught)
    out = roc.predict(pred)
    return {
        "name": name,
        "params": kw,
        "y_true": [int(v) for v in y],
        "scores": [float(v) for v in scores],
        "prot": [int(v) for v in prot],
        "expected": {
            "classification_threshold": float(roc.classification_threshold),
            "ROC_margin": float(roc.ROC_margin),
            "feasible": feasible,
            "labels": [int(v) for v in out.labels.ravel()],
        },
    }


def reweighing(y, priv, unpriv):
    """AIF360's Reweighing weights (aif360/algorithms/preprocessing/reweighing.py), with all
    instance weights 1: w = n_y * n_g / (n * n_gy); rows in neither group keep weight 1."""
    w = np.ones(len(y), dtype=np.float64)
    fav = y == 1
    n = np.sum(w, dtype=np.float64)
    n_p = np.sum(w[priv], dtype=np.float64)
    n_up = np.sum(w[unpriv], dtype=np.float64)
    n_fav = np.sum(w[fav], dtype=np.float64)
    n_unfav = np.sum(w[~fav], dtype=np.float64)
    n_p_fav = np.sum(w[priv & fav], dtype=np.float64)
    n_p_unfav = np.sum(w[priv & ~fav], dtype=np.float64)
    n_up_fav = np.sum(w[unpriv & fav], dtype=np.float64)
    n_up_unfav = np.sum(w[unpriv & ~fav], dtype=np.float64)
    w_p_fav = n_fav * n_p / (n * n_p_fav)
    w_p_unfav = n_unfav * n_p / (n * n_p_unfav)
    w_up_fav = n_fav * n_up / (n * n_up_fav)
    w_up_unfav = n_unfav * n_up / (n * n_up_unfav)
    out = w.copy()
    out[priv & fav] *= w_p_fav
    out[priv & ~fav] *= w_p_unfav
    out[unpriv & fav] *= w_up_fav
    out[unpriv & ~fav] *= w_up_unfav
    return out


def main():
    credit = pd.read_csv(ROOT / "datasets/fairness/german_credit/predictions.csv")
    y = credit["y_true"].to_numpy()
    s = credit["y_score"].to_numpy()
    sex = credit["sex"].to_numpy()
    both = (credit["sex"] + "," + credit["age_group"]).to_numpy()
    cases = [
        run("credit sex dp accuracy", y, s, sex, "demographic_parity", "accuracy_score"),
        run("credit sex tpr balanced", y, s, sex, "true_positive_rate_parity", "balanced_accuracy_score"),
        run("credit sex+age fpr selection flip", y, s, both, "false_positive_rate_parity", "selection_rate", flip=True),
        run("credit sex+age tnr tpr", y, s, both, "true_negative_rate_parity", "true_positive_rate", grid_size=200),
        run("credit sex+age fnr tnr", y, s, both, "false_negative_rate_parity", "true_negative_rate"),
        run("credit sex eo accuracy", y, s, sex, "equalized_odds", "accuracy_score"),
        run("credit sex+age eo balanced", y, s, both, "equalized_odds", "balanced_accuracy_score"),
    ]
    rng = np.random.default_rng(20261207)
    n = 600
    g = rng.integers(0, 3, n)
    yy = (rng.random(n) < 0.35 + 0.15 * g).astype(int)
    # scores with many ties: two decimals
    ss = np.round(np.clip(0.3 * yy + 0.2 * g / 3 + rng.normal(0.3, 0.2, n), 0, 1), 2)
    cases += [
        run("ties dp accuracy", yy, ss, g, "selection_rate_parity", "accuracy_score"),
        run("ties eo accuracy flip", yy, ss, g, "equalized_odds", "accuracy_score", flip=True),
        run("ties tpr selection", yy, ss, g, "true_positive_rate_parity", "selection_rate", grid_size=50),
    ]
    m = 1200
    many = rng.integers(0, 14, m)
    ym = (rng.random(m) < 0.2 + 0.04 * many).astype(int)
    sm = np.clip(0.25 * ym + rng.normal(0.4, 0.25, m), 0, 1)
    cases += [
        run("many groups dp balanced", ym, sm, [f"g{k:02d}" for k in many], "demographic_parity", "balanced_accuracy_score"),
        run("many groups eo balanced", ym, sm, [f"g{k:02d}" for k in many], "equalized_odds", "balanced_accuracy_score"),
    ]
    cases += [
        run("credit sex+age dp accuracy tol", y, s, both, "demographic_parity", "accuracy_score", tol=0.05),
        run("credit sex+age tpr balanced tol flip", y, s, both, "true_positive_rate_parity", "balanced_accuracy_score", flip=True, tol=0.1),
        run("ties dp selection tol", yy, ss, g, "demographic_parity", "selection_rate", grid_size=100, tol=0.02),
        run("many groups dp accuracy tol", ym, sm, [f"g{k:02d}" for k in many], "demographic_parity", "accuracy_score", tol=0.15),
        run("ties dp accuracy tol 0", yy, ss, g, "demographic_parity", "accuracy_score", tol=0.0),
        run("credit sex eo tol", y, s, sex, "equalized_odds", "accuracy_score", tol=0.05),
    ]
    # a group without positives: fairlearn refuses it
    yd = yy.copy()
    yd[g == 2] = 0
    cases.append(run("degenerate group", yd, ss, g, "demographic_parity", "accuracy_score"))

    priv = credit["sex"].to_numpy() == "male"
    unpriv = credit["age_group"].to_numpy() == "<25"  # overlapping, and rows in neither group
    unpriv = unpriv & ~priv
    rw = {
        "y_true": [int(v) for v in y],
        "privileged": [bool(v) for v in priv],
        "unprivileged": [bool(v) for v in unpriv],
        "weights": [float(w) for w in reweighing(y == 1, priv, unpriv)],
    }
    # AIF360's post-processors: prot 1 = privileged, 0 = unprivileged, 2 = neither
    import aif360

    by_sex = np.where(credit["sex"].to_numpy() == "male", 1, 0)
    sex_age = np.where(
        (credit["sex"] == "male") & (credit["age_group"] != "<25"), 1,
        np.where((credit["sex"] == "female") & (credit["age_group"] == "<25"), 0, 2),
    )
    gen_prot = np.array([1, 0, 2])[g]
    calibrated_cases = [
        calibrated("credit sex weighted", y, s, by_sex),
        calibrated("credit sex fpr", y, s, by_sex, "fpr"),
        calibrated("credit sex fnr", y, s, by_sex, "fnr"),
        calibrated("credit sex+age weighted (rows in neither)", y, s, sex_age),
        calibrated("ties weighted threshold 0.4", yy, ss, gen_prot, "weighted", 0.4),
    ]
    reject_cases = [
        reject_option("credit sex spd", y, s, by_sex),
        reject_option("credit sex+age aod", y, s, sex_age, metric_name="Average odds difference"),
        reject_option("credit sex eod infeasible", y, s, by_sex, metric_name="Equal opportunity difference", metric_lb=-1.0, metric_ub=-0.5),
        reject_option("ties spd small grid", yy, ss, gen_prot, low_class_thresh=0.2, high_class_thresh=0.8, num_class_thresh=30, num_ROC_margin=20),
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "fairlearn": fairlearn.__version__,
                "numpy": np.__version__,
                "threshold_optimizer": cases,
                "reweighing": rw,
                "aif360": aif360.__version__,
                "calibrated_eq_odds": calibrated_cases,
                "reject_option": reject_cases,
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, fairlearn {fairlearn.__version__})")


if __name__ == "__main__":
    main()
