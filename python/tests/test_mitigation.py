"""Mitigation from Python: fairlearn 0.15's ThresholdOptimizer and AIF360's Reweighing, against
the reference numbers benches/peers/fairlearn_mitigation.py wrote (fairlearn need not be
installed here)."""

import json
import math
import pathlib

import numpy as np
import pytest

import welfare
from welfare.fairness import (
    ThresholdOptimizer,
    WelfareError,
    calibrated_equalized_odds,
    reject_option,
    reweighing,
)

REPO = pathlib.Path(__file__).resolve().parents[2]
REFERENCE = json.loads((REPO / "crates/fairness-audit/tests/data/mitigation_reference.json").read_text())


def num(v):
    return float(v) if not isinstance(v, str) else float(v.replace("inf", "inf"))


@pytest.mark.parametrize("case", [c for c in REFERENCE["threshold_optimizer"] if "error" not in c], ids=lambda c: c["name"])
def test_threshold_optimizer_matches_fairlearn(case):
    y = np.array(case["y_true"])
    s = np.array(case["scores"])
    # the groups as a numpy string array, as researchers have them
    g = np.array(case["groups"])
    to = ThresholdOptimizer(
        constraints=case["constraints"],
        objective=case["objective"],
        grid_size=case["grid_size"],
        flip=case["flip"],
        tol=case["tol"],
    ).fit(y, s, g)
    ex = case["expected"]
    if ex["x_best"] is not None:  # fairlearn leaves it unset under tol
        assert abs(to.x_best - num(ex["x_best"])) <= 1e-12
    for group, x in ex["x_best_per_group"].items():
        assert abs(to.x_best_per_group[f"sensitive_feature_0={group}"] - num(x)) <= 1e-12
    assert abs(to.y_best - num(ex["y_best"])) <= 1e-12
    p = to.predict_proba(s, g)
    assert np.max(np.abs(p - np.array([num(v) for v in ex["pmf"]]))) <= 1e-12
    for group, rule in ex["interpolation"].items():
        mine = to.interpolation[f"sensitive_feature_0={group}"]
        assert abs(mine["p0"] - num(rule["p0"])) <= 1e-12
        assert mine["operation0"]["operator"] == rule["operator0"]
        t0 = num(rule["threshold0"])
        assert mine["operation0"]["threshold"] == t0 or abs(mine["operation0"]["threshold"] - t0) <= 1e-12
        if "p_ignore" in rule:
            assert abs(mine["p_ignore"] - num(rule["p_ignore"])) <= 1e-12


def test_degenerate_group_is_refused_as_fairlearn_does():
    case = next(c for c in REFERENCE["threshold_optimizer"] if c.get("error", "").startswith("Degenerate"))
    with pytest.raises(WelfareError, match="degenerate labels for group 'sensitive_feature_0=2'"):
        ThresholdOptimizer().fit(case["y_true"], case["scores"], [str(v) for v in case["groups"]])


def test_decisions_are_seeded_and_follow_the_probabilities(german):
    to = ThresholdOptimizer().fit(german["y_true"], german["y_score"], german[["sex", "age_group"]])
    assert set(to.interpolation) == {"sex=female,age_group=<25", "sex=female,age_group=>=25", "sex=male,age_group=<25", "sex=male,age_group=>=25"}
    a = to.predict(german["y_score"], german[["sex", "age_group"]], seed=3)
    b = to.predict(german["y_score"], german[["sex", "age_group"]], seed=3)
    assert a.dtype == np.uint8 and (a == b).all()
    p = to.predict_proba(german["y_score"], german[["sex", "age_group"]])
    assert abs(a.mean() - p.mean()) < 0.05
    with pytest.raises(WelfareError, match="not fitted"):
        ThresholdOptimizer().predict([0.5], ["a"])
    with pytest.raises(WelfareError, match="tol"):
        ThresholdOptimizer(constraints="equalized_odds", tol=0.05).fit([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], ["a", "a", "b", "b"])
    with pytest.raises(WelfareError, match="equalized_odds supports only"):
        ThresholdOptimizer(constraints="equalized_odds", objective="selection_rate").fit([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8], ["a", "a", "b", "b"])


def test_reweighing_is_aif360_bit_for_bit():
    rw = REFERENCE["reweighing"]
    sex = np.where(np.array(rw["privileged"]), "male", "other")
    young = np.where(np.array(rw["unprivileged"]), "yes", "no")
    w = reweighing(
        rw["y_true"], {"sex": sex, "young": young}, privileged={"sex": "male"}, unprivileged={"young": "yes"}
    )
    assert w.tolist() == rw["weights"]
    # every group: the weighted favourable rate is the base rate
    y = np.array(rw["y_true"])
    g = np.arange(len(y)) % 4
    w = reweighing(y, g)
    for k in range(4):
        m = g == k
        assert abs(np.sum(w[m] * y[m]) / np.sum(w[m]) - y.mean()) < 1e-12
    with pytest.raises(WelfareError, match="both privileged and unprivileged"):
        reweighing(y, g, privileged="sensitive_feature_0=1")


def test_plot_returns_a_figure_when_matplotlib_is_there(german):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    to = ThresholdOptimizer(constraints="equalized_odds").fit(german["y_true"], german["y_score"], german["sex"])
    fig = to.plot()
    assert len(fig.axes[0].lines) >= 3


def test_audit_plot_draws_bars_with_whiskers(german):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    a = welfare.fairness.audit(german["y_true"], german["y_pred"], german[["sex"]], bootstrap=50, seed=1)
    fig = a.plot(["selection_rate", "true_positive_rate"])
    assert len(fig.axes) == 2
    assert len(fig.axes[0].patches) == 2  # two groups
    with pytest.raises(WelfareError, match="no metric 'speed'"):
        a.plot(["speed"])


def _aif_case(case):
    y = np.array(case["y_true"])
    s = np.array(case["scores"])
    prot = np.array([str(v) for v in case["prot"]])
    return y, s, prot


@pytest.mark.parametrize("case", REFERENCE["calibrated_eq_odds"], ids=lambda c: c["name"])
def test_calibrated_equalized_odds_matches_aif360(case):
    y, s, prot = _aif_case(case)
    groups = dict(privileged={"sensitive_feature_0": "1"}, unprivileged={"sensitive_feature_0": "0"})
    ceo = calibrated_equalized_odds(
        y, s, prot, cost_constraint=case["cost_constraint"], threshold=case["threshold"], **groups
    )
    ex = case["expected"]
    for key in ("base_rate_priv", "base_rate_unpriv", "priv_mix_rate", "unpriv_mix_rate"):
        assert abs(getattr(ceo, key) - ex[key]) <= 1e-12, key
    p = ceo.predict_proba(s, prot)
    assert np.max(np.abs(p - np.array(ex["p_favorable"]))) <= 1e-12
    labels = ceo.predict(s, prot, seed=5)
    assert labels.dtype == np.uint8 and (labels == ceo.predict(s, prot, seed=5)).all()
    certain = (p == 0) | (p == 1)
    assert (labels[certain] == np.array(ex["labels_seed0"])[certain]).all()


@pytest.mark.parametrize("case", REFERENCE["reject_option"], ids=lambda c: c["name"])
def test_reject_option_matches_aif360(case):
    y, s, prot = _aif_case(case)
    roc = reject_option(
        y, s, prot, privileged="sensitive_feature_0=1", unprivileged="sensitive_feature_0=0", **case["params"]
    )
    ex = case["expected"]
    assert roc.classification_threshold == ex["classification_threshold"]
    assert roc.ROC_margin == ex["ROC_margin"]
    assert roc.feasible == ex["feasible"]
    assert (roc.predict(s, prot) == np.array(ex["labels"])).all()


def test_two_group_methods_need_the_privileged_group(german):
    with pytest.raises(TypeError):
        reject_option(german["y_true"], german["y_score"], german["sex"])  # keyword required
    with pytest.raises(WelfareError, match="not a metric"):
        reject_option(german["y_true"], german["y_score"], german["sex"], privileged={"sex": "male"}, metric_name="odds")
    with pytest.raises(WelfareError, match="no value 'mann'|mann"):
        calibrated_equalized_odds(german["y_true"], german["y_score"], german["sex"], privileged={"sex": "mann"})
