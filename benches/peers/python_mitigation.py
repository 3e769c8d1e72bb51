"""Speed of welfare.fairness.ThresholdOptimizer against fairlearn's on the same 1,000,000 rows
(same data, same settings; fit + predict_proba, groups as a numpy string array), and that both
give the same probabilities.

Run: /tmp/flvenv/bin/python benches/peers/python_mitigation.py  (fairlearn 0.15, welfare built
with `pip install ./python`)."""

import time

import numpy as np
import pandas as pd
from fairlearn.postprocessing import ThresholdOptimizer as FLThresholdOptimizer
from sklearn.base import BaseEstimator, ClassifierMixin

import welfare


class GivenScores(BaseEstimator, ClassifierMixin):
    def fit(self, X, y):
        self.fitted_ = True
        return self

    def predict(self, X):
        return np.asarray(X)[:, 0]


def main(n=1_000_000, seed=7):
    rng = np.random.default_rng(seed)
    g = rng.integers(0, 4, n)
    y = (rng.random(n) < 0.3 + 0.1 * g).astype(int)
    # continuous scores, as a model gives them
    s = np.clip(0.3 * y + rng.normal(0.35, 0.2, n), 0, 1)
    groups = g.astype(str)
    for constraints in ["demographic_parity", "equalized_odds"]:
        # ours: best of 3 after one warm-up call (fairlearn's one call takes 12-15 s, so its
        # warm-up is lost in it)
        def once():
            o = welfare.fairness.ThresholdOptimizer(constraints=constraints).fit(y, s, groups)
            return o.predict_proba(s, groups)

        once()
        t_ours = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            p = once()
            t_ours = min(t_ours, time.perf_counter() - t)
        X = pd.DataFrame({"score": s})
        t = time.perf_counter()
        fl = FLThresholdOptimizer(
            estimator=GivenScores().fit(X, y), constraints=constraints, prefit=True, predict_method="predict"
        ).fit(X, pd.Series(y), sensitive_features=pd.Series(groups))
        q = fl._pmf_predict(X, sensitive_features=pd.Series(groups))[:, 1]
        t_fl = time.perf_counter() - t
        print(
            f"{constraints}: welfare {t_ours:.3f} s, fairlearn {t_fl:.2f} s, {t_fl / t_ours:.0f}x; "
            f"largest difference of a probability {np.max(np.abs(p - q)):.1e}"
        )


def aif360_postprocessors(n=20_000, seed=7):
    """AIF360's reject option classification and calibrated equalized odds against ours on the
    same rows (privileged = group "1", unprivileged = group "0", others in neither)."""
    import warnings

    from aif360.algorithms.postprocessing import CalibratedEqOddsPostprocessing, RejectOptionClassification
    from aif360.datasets import BinaryLabelDataset

    rng = np.random.default_rng(seed)
    g = rng.integers(0, 3, n)
    y = (rng.random(n) < 0.3 + 0.15 * g).astype(int)
    s = np.clip(0.3 * y + rng.normal(0.35, 0.2, n), 0, 1)
    prot = np.array([0.0, 1.0, 2.0])[g]
    df = pd.DataFrame({"prot": prot, "label": y.astype(float)})
    true = BinaryLabelDataset(df=df, label_names=["label"], protected_attribute_names=["prot"])
    pred = true.copy(deepcopy=True)
    pred.scores = s.reshape(-1, 1)
    groups = g.astype(str)
    priv, unpriv = {"prot": 1.0}, {"prot": 0.0}
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = RejectOptionClassification(unprivileged_groups=[unpriv], privileged_groups=[priv]).fit(true, pred)
    t_theirs = time.perf_counter() - t
    t = time.perf_counter()
    ours = welfare.fairness.reject_option(y, s, groups, privileged="sensitive_feature_0=1", unprivileged="sensitive_feature_0=0")
    labels = ours.predict(s, groups)
    t_ours = time.perf_counter() - t
    same = (labels == theirs.predict(pred).labels.ravel()).all()
    print(
        f"reject option ({n} rows): welfare {t_ours * 1000:.1f} ms, AIF360 {t_theirs:.1f} s, "
        f"{t_theirs / t_ours:,.0f}x; threshold {ours.classification_threshold} vs "
        f"{theirs.classification_threshold}, margin {ours.ROC_margin} vs {theirs.ROC_margin}, labels equal: {same}"
    )
    t = time.perf_counter()
    theirs = CalibratedEqOddsPostprocessing(unprivileged_groups=[unpriv], privileged_groups=[priv], seed=0).fit(true, pred)
    t_theirs = time.perf_counter() - t
    t = time.perf_counter()
    ours = welfare.fairness.calibrated_equalized_odds(
        y, s, groups, privileged="sensitive_feature_0=1", unprivileged="sensitive_feature_0=0"
    )
    t_ours = time.perf_counter() - t
    print(
        f"calibrated equalized odds ({n} rows): welfare {t_ours * 1000:.1f} ms, AIF360 "
        f"{t_theirs * 1000:.0f} ms, {t_theirs / t_ours:,.0f}x; mix rates "
        f"{ours.priv_mix_rate:.15f}/{ours.unpriv_mix_rate:.15f} vs "
        f"{theirs.priv_mix_rate:.15f}/{theirs.unpriv_mix_rate:.15f}"
    )


if __name__ == "__main__":
    main()
    aif360_postprocessors()
