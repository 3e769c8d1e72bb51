"""Bad input raises a ValueError subclass whose message names the argument and row."""

import numpy as np
import pytest

import welfare
from welfare.fairness import audit


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(y_true=[1, 0, 2], y_pred=[1, 0, 1]), r"y_true: row 2 is 2, expected 0 or 1"),
        (dict(y_true=[1, 0, np.nan], y_pred=[1, 0, 1]), r"y_true: row 2 is missing"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0]), r"y_pred has 2 rows, y_true has 3"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, "ja"]), r"y_pred: row 2 is 'ja'"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], y_score=[0.1, np.inf, 0.2]), r"y_score: row 1 is inf"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], y_score=[0.1, "x", 0.2]), r"y_score: row 1 is 'x'"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], sensitive={"s": ["a", None, "b"]}), r"sensitive column 's': row 1 is missing"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], sensitive={"s": ["a", "a", "a"]}), r"sensitive column 's' has only one group \('a'\)"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], privileged="s=c"), r"'s=c' does not occur in the data \(values: a,b\)"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], privileged="t=a"), r"unknown sensitive column 't'|'t=a' does not occur"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], privileged="sa"), r"cannot read the group condition 'sa'"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], undefined="maybe"), r"undefined: 'maybe' is not one of"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], tau=2.0), r"tau: must be in \(0, 1\]"),
        (dict(y_true=[], y_pred=[], sensitive={"s": []}), r"no rows"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], sensitive={}), r"the table has no columns"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], bootstrap=-1), r"bootstrap: must be between 0 and"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], seed=-5), r"seed: must be between 0 and"),
        (dict(y_true=[1, 0, 1], y_pred=[1, 0, 1], bootstrap=2.5), r"bootstrap: expected a whole number"),
        (dict(y_true=np.ones((3, 2)), y_pred=[1, 0, 1]), r"y_true: expected one column \(1-D\), got shape \(3, 2\)"),
    ],
)
def test_bad_input_is_a_clear_value_error(kwargs, message):
    args = dict(sensitive={"s": ["a", "b", "a"]})
    args.update(kwargs)
    with pytest.raises(welfare.WelfareError, match=message) as info:
        audit(args.pop("y_true"), args.pop("y_pred"), args.pop("sensitive"), **args)
    assert isinstance(info.value, ValueError)


def test_text_errors():
    with pytest.raises(welfare.TextError, match="unknown profile"):
        welfare.text.check("Ein Satz.", profile="simple")
    with pytest.raises(welfare.TextError, match="expected a str"):
        welfare.text.check(42)
    with pytest.raises(welfare.TextError, match="row 1 is a int"):
        welfare.text.score(["Ein Satz.", 3])
