"""Every input kind the package accepts gives the same audit, and none is imported unless
passed."""

import subprocess
import sys

import numpy as np
import pytest

import welfare


def _same(kinds):
    reference = None
    for name, make in kinds.items():
        got = make().to_dict()
        if reference is None:
            reference = got
        assert got == reference, f"{name} differs"


def test_every_input_kind_gives_the_same_audit(german):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    df = german
    cols = ["sex", "age_group"]
    plf = pl.from_pandas(df)
    table = pa.Table.from_pandas(df)
    kw = dict(privileged="sex=male", bootstrap=50, seed=2)
    a = welfare.fairness.audit
    _same({
        "pandas": lambda: a(df.y_true, df.y_pred, df[cols], y_score=df.y_score, **kw),
        "numpy": lambda: a(df.y_true.to_numpy(), df.y_pred.to_numpy(), {c: df[c].to_numpy() for c in cols},
                           y_score=df.y_score.to_numpy(), **kw),
        "lists": lambda: a(df.y_true.tolist(), df.y_pred.tolist(), {c: df[c].tolist() for c in cols},
                           y_score=df.y_score.tolist(), **kw),
        "bools": lambda: a(df.y_true.astype(bool), df.y_pred.to_numpy().astype(bool), df[cols],
                           y_score=df.y_score, **kw),
        "strings 0/1": lambda: a(df.y_true.astype(str).tolist(), ["true" if v else "false" for v in df.y_pred],
                                 df[cols], y_score=df.y_score, **kw),
        "pandas categorical": lambda: a(df.y_true, df.y_pred, df[cols].astype("category"), y_score=df.y_score, **kw),
        "polars": lambda: a(plf["y_true"], plf["y_pred"], plf.select(cols), y_score=plf["y_score"], **kw),
        "pyarrow": lambda: a(table.column("y_true"), table.column("y_pred"), table.select(cols),
                             y_score=table.column("y_score"), **kw),
        "dict condition": lambda: a(df.y_true, df.y_pred, df[cols], y_score=df.y_score,
                                    privileged={"sex": "male"}, bootstrap=50, seed=2),
    })


def test_one_array_is_named_like_fairlearn(german):
    a = welfare.fairness.audit(german.y_true, german.y_pred, german.sex.to_numpy())
    assert a.section().sensitive == ["sensitive_feature_0"]
    b = welfare.fairness.audit(german.y_true, german.y_pred, german.sex)
    assert b.section().sensitive == ["sex"]


def test_numeric_groups_are_text_like_in_a_file():
    y = [1, 0, 1, 0, 1, 1]
    a = welfare.fairness.audit(y, y, {"district": np.array([10, 2, 2, 10, 2, 10])})
    groups = [row["group"]["district"] for row in a.to_dict()["audits"][0]["by_group"]]
    assert groups == ["10", "2"]  # sorted as text, as the CLI sorts a CSV column


def test_no_dataframe_library_is_imported_for_plain_inputs():
    code = (
        "import sys, welfare\n"
        "welfare.fairness.audit([1,0,1,0],[1,1,0,0],{'s':['a','a','b','b']})\n"
        "welfare.text.score(['Ein Satz.'])\n"
        "print(sorted(m for m in ('pandas','polars','pyarrow') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_unobserved_categories_are_not_groups():
    pd = pytest.importorskip("pandas")
    s = pd.Categorical(["a", "b", "a", "b"], categories=["a", "b", "zz"])
    plain = welfare.fairness.counts([1, 0, 1, 0], [1, 1, 0, 0], {"s": ["a", "b", "a", "b"]})
    cat = welfare.fairness.counts([1, 0, 1, 0], [1, 1, 0, 0], {"s": pd.Series(s)})
    assert cat == plain and cat.values == [["a", "b"]]
