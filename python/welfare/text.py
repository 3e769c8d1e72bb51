"""The Leichte Sprache checker: readability scores and rule findings per sentence.

>>> import welfare
>>> report = welfare.text.check("Das ist ein Satz.")
>>> report["scores"]["sentences"]
1

A translator's terminology list (the CLI's `--glossary`): glossary words are not marked as
difficult, their explanation is the suggestion, other spellings than the preferred form are
marked.

>>> g = welfare.text.Glossary([{"word": "Jobcenter", "explanation": "Das Amt für Arbeit."}])
>>> [f["rule"] for s in welfare.text.check("Das Jobcenter hilft.", glossary=g)["sentences"]
...  for f in s["findings"]]
['glossary']
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional

from . import _inputs
from ._welfare import NativeGlossary, TextError
from ._welfare import check_json as _check_json
from ._welfare import score_json as _score_json

__all__ = ["check", "score", "Glossary", "TextError"]

PROFILES = ("netzwerk", "hildesheim", "bitv")


_FIELDS = ("word", "explanation", "preferred")


def _blank(value: Any) -> Optional[str]:
    """None for a missing cell (None, NaN, pandas NA), else the value as text."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return str(value)


class Glossary:
    """A translator's terminology list: words with an explanation and, where the office agreed
    on one, the preferred form. Read it once with `Glossary.read("glossar.csv")` (a CSV file
    with a `word` column and optional `explanation` and `preferred` columns, saved by any
    spreadsheet: `,` `;` or tab, BOM, CRLF, Windows-1252), or build it from entries: a list of
    dicts with those keys, a list of words, or a pandas/polars DataFrame with those columns.
    Errors (`TextError`) name the list, the row and what is wrong."""

    def __init__(self, entries: Any, name: str = "glossary") -> None:
        if isinstance(entries, NativeGlossary):
            self._native = entries
            return
        lib = type(entries).__module__.split(".")[0]
        if lib == "pandas":
            records = entries.to_dict("records")
        elif lib == "polars":
            records = entries.to_dicts()
        elif isinstance(entries, (str, bytes, dict)):
            raise TextError(
                f"{name}: expected a list of entries; for a file use Glossary.read(path)"
            )
        else:
            records = list(entries)
        rows = []
        for i, r in enumerate(records):
            if isinstance(r, str):
                rows.append((r, None, None))
                continue
            if not isinstance(r, dict):
                raise TextError(
                    f"{name}, row {i + 2}: expected a dict with word, explanation, preferred "
                    f"(or a word), got {type(r).__name__}"
                )
            unknown = [k for k in r if k not in _FIELDS]
            if unknown:
                raise TextError(
                    f"{name}, row {i + 2}: unknown field {unknown[0]!r} "
                    "(known: word, explanation, preferred)"
                )
            word = _blank(r.get("word"))
            rows.append((word or "", _blank(r.get("explanation")), _blank(r.get("preferred"))))
        self._native = NativeGlossary.from_entries(name, rows)

    @classmethod
    def read(cls, path: "str | os.PathLike[str]") -> "Glossary":
        """Reads a terminology list from a CSV file."""
        name = os.fspath(path)
        try:
            with open(name, "rb") as f:
                data = f.read()
        except OSError as e:
            raise TextError(f"{name}: cannot read: {e.strerror}") from None
        return cls(NativeGlossary.from_csv(name, data))

    @property
    def entries(self) -> List[Dict[str, Optional[str]]]:
        """The entries in the list's order, as dicts with word, explanation, preferred."""
        return [dict(zip(_FIELDS, e)) for e in self._native.entries()]

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return f"Glossary({len(self)} entries)"


def _glossary(glossary: Any) -> Optional[NativeGlossary]:
    if glossary is None:
        return None
    if isinstance(glossary, Glossary):
        return glossary._native
    if isinstance(glossary, (str, os.PathLike)):
        return Glossary.read(glossary)._native
    return Glossary(glossary)._native


def _rules(rules: Optional[Iterable[str]]) -> Optional[List[str]]:
    if rules is None:
        return None
    if isinstance(rules, str):
        return [rules]
    out = list(rules)
    for r in out:
        if not isinstance(r, str):
            raise TextError(f"rules: expected rule ids such as 'rare-word', got {r!r}")
    return out


def check(
    text: str,
    profile: str = "netzwerk",
    glossary: Any = None,
    rules: Optional[Iterable[str]] = None,
) -> Dict[str, Any]:
    """Checks one text: the JSON of `welfare text check --format json` as a dict (scores,
    sentences with their findings, explanations and suggestions).

    `glossary`: a `Glossary`, a path to its CSV file, or its entries (see `Glossary`).
    `rules`: check only these rules (ids such as `"rare-word"`), as `--rule` does."""
    if not isinstance(text, str):
        raise TextError(f"text: expected a str, got {type(text).__name__}")
    return json.loads(_check_json(text, profile, _glossary(glossary), _rules(rules)))


def score(
    texts: Any,
    profile: str = "netzwerk",
    glossary: Any = None,
    rules: Optional[Iterable[str]] = None,
) -> List[Dict[str, Any]]:
    """Scores many texts (a list, numpy array, pandas/polars Series or pyarrow array): one
    dict per text with the columns of `welfare text score` (words, sentences, syllables,
    flesch_reading_ease, wiener_sachtextformel_1..4, lix, complexity, statements, findings).
    Missing texts (None/NaN) count as empty. `glossary` and `rules` as in `check`."""
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
    return json.loads(_score_json(clean, profile, _glossary(glossary), _rules(rules)))
