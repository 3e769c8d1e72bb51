"""Mergeable counts: chunks counted apart and merged give the audit of all rows at once."""

import json
import pickle

import numpy as np
import pytest

import welfare
from welfare.fairness import audit, audit_counts, counts


def synthetic(n, seed):
    rng = np.random.default_rng(seed)
    sex = rng.choice(["female", "male"], n)
    district = rng.choice([f"d{i:02d}" for i in range(1, 13)], n)
    y_true = rng.random(n) < 0.4
    score = np.clip(rng.normal(0.35 + 0.3 * y_true - 0.05 * (sex == "female"), 0.2), 0, 1)
    return y_true, score > 0.5, {"sex": sex, "district": district}, score


def strip_rank_metrics(d):
    """What only rows give: ROC AUC, score-metric intervals, the warning saying so."""
    if isinstance(d, dict):
        d = {k: strip_rank_metrics(v) for k, v in d.items() if k != "roc_auc"}
        ci = d.get("confidence_intervals")
        if isinstance(ci, dict):
            for k in ("mean_score", "brier_score"):
                ci.pop(k, None)
        return d
    if isinstance(d, list):
        return [strip_rank_metrics(v) for v in d if not (isinstance(v, str) and v.startswith("roc_auc needs"))]
    return d


def test_merged_chunks_equal_the_whole_audit_exactly():
    y_true, y_pred, groups, score = synthetic(60_000, 4)
    order = np.argsort(groups["district"], kind="stable")  # chunks see only some districts
    y_true, y_pred, score = y_true[order], y_pred[order], score[order]
    groups = {k: v[order] for k, v in groups.items()}
    kw = dict(privileged="sex=male", bootstrap=300, seed=9)
    whole = audit(y_true, y_pred, groups, y_score=score, **kw).to_dict()
    bounds = [0, 1, 4_000, 4_001, 17_000, 33_333, 59_999, 60_000]
    chunks = [
        counts(y_true[a:b], y_pred[a:b], {k: v[a:b] for k, v in groups.items()}, y_score=score[a:b])
        for a, b in zip(bounds, bounds[1:])
    ]
    assert any(len(c.values[1]) < 12 for c in chunks)
    for merged in (sum(chunks), sum(reversed(chunks)), chunks[3] + (chunks[0] + chunks[6]) + sum(chunks[4:6]) + chunks[1] + chunks[2]):
        got = audit_counts(merged, **kw).to_dict()
        assert strip_rank_metrics(got) == strip_rank_metrics(whole)
        assert "roc_auc" not in json.dumps(got["audits"][0]["overall"])
        assert any(w.startswith("roc_auc needs") for w in audit_counts(merged).warnings)
    assert audit_counts(chunks, **kw).to_dict() == audit_counts(sum(chunks), **kw).to_dict()


def test_counts_pickle_and_serialise():
    y_true, y_pred, groups, score = synthetic(5_000, 1)
    c = counts(y_true, y_pred, groups, y_score=score)
    assert pickle.loads(pickle.dumps(c)) == c
    text = c.to_json()
    assert json.loads(text)["format"] == "welfare-fairness-counts"
    assert welfare.fairness.Counts.from_json(text) == c
    assert c.rows == 5_000 and c.columns == ["sex", "district"] and c.scored
    broken = json.loads(text)
    broken["rows"] = 4_999
    with pytest.raises(welfare.AuditError, match="rows is 4999 but the cells hold 5000"):
        welfare.fairness.Counts.from_json(json.dumps(broken))
    with pytest.raises(welfare.AuditError, match="cannot read the counts"):
        welfare.fairness.Counts.from_json("{not json")


def test_counts_that_do_not_fit_are_refused():
    y_true, y_pred, groups, score = synthetic(1_000, 2)
    a = counts(y_true, y_pred, groups, y_score=score)
    b = counts(y_true, y_pred, {"sex": groups["sex"]}, y_score=score)
    with pytest.raises(welfare.AuditError, match="different sensitive columns: sex,district vs sex"):
        a + b
    c = counts(y_true, y_pred, groups)
    with pytest.raises(welfare.AuditError, match="with scores vs without scores"):
        a + c
