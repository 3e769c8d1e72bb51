"""The Leichte Sprache checker: readability scores and rule findings per sentence.

>>> import welfare
>>> report = welfare.text.check("Das ist ein Satz.")
>>> report["scores"]["sentences"]
1
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

from . import _inputs
from ._welfare import TextError
from ._welfare import check_json as _check_json
from ._welfare import score_json as _score_json

__all__ = ["check", "score", "TextError"]

PROFILES = ("netzwerk", "hildesheim", "bitv")


def check(text: str, profile: str = "netzwerk") -> Dict[str, Any]:
    """Checks one text: the JSON of `welfare text check --format json` as a dict (scores,
    sentences with their findings, explanations and suggestions)."""
    if not isinstance(text, str):
        raise TextError(f"text: expected a str, got {type(text).__name__}")
    return json.loads(_check_json(text, profile))


def score(texts: Any, profile: str = "netzwerk") -> List[Dict[str, Any]]:
    """Scores many texts (a list, numpy array, pandas/polars Series or pyarrow array): one
    dict per text with the columns of `welfare text score` (words, sentences, syllables,
    flesch_reading_ease, wiener_sachtextformel_1..4, lix, complexity, statements, findings).
    Missing texts (None/NaN) count as empty."""
    if isinstance(texts, str):
        raise TextError("texts: expected many texts (a list); for one text use check()")
    values = _inputs.to_numpy(texts, "texts").tolist() if not isinstance(texts, list) else texts
    clean = []
    for i, t in enumerate(values):
        if t is None or (isinstance(t, float) and t != t):
            clean.append(None)
        elif isinstance(t, str):
            clean.append(t)
        else:
            raise TextError(f"texts: row {i} is a {type(t).__name__}, expected a str")
    return json.loads(_score_json(clean, profile))
