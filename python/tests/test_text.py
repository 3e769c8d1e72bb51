"""welfare.text is the CLI's checker: same JSON, same score columns."""

import json
import subprocess

import welfare

TEXT = "Der Antrag muss bis zum 3. Mai 2025 eingereicht werden, sonst verfällt der Anspruch.\nWir helfen Ihnen.\n"


def test_check_is_the_cli_json(welfare_cli, tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text(TEXT, encoding="utf-8")
    for profile in welfare.text.PROFILES:
        out = subprocess.run([welfare_cli, "text", "check", str(path), "--format", "json", "--profile", profile],
                             check=True, capture_output=True, text=True).stdout
        assert welfare.text.check(TEXT, profile=profile) == json.loads(out)


def test_score_has_the_cli_columns(welfare_cli, tmp_path):
    import csv

    texts = [TEXT, "Das ist gut.", ""]
    path = tmp_path / "texts.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text"])
        for t in texts:
            w.writerow([t])
    out = tmp_path / "scored.csv"
    subprocess.run([welfare_cli, "text", "score", "--input", str(path), "--column", "text", "--out", str(out)],
                   check=True, capture_output=True)
    with out.open(encoding="utf-8") as f:
        cli = list(csv.DictReader(f))
    rows = welfare.text.score(texts)
    assert len(rows) == 3
    assert list(rows[0]) == [c for c in cli[0] if c != "text"]
    for ours, theirs in zip(rows, cli):
        for k, v in ours.items():
            if v is None:
                assert theirs[k] == ""
            else:
                assert float(theirs[k]) == float(v), k
    assert rows[2]["words"] == 0 and rows[2]["flesch_reading_ease"] is None


LETTER = "Das Jobcenter zahlt.\nSie bekommen Geld vom Quappenbarschamt.\n"
# German Excel: ';', BOM, CRLF, an empty preferred form, a blank last line
GLOSSARY_CSV = ("\ufeffword;explanation;preferred\r\nJobcenter;Das Amt für Arbeit.;Job-Center\r\n"
                "Quappenbarschamt;Ein Amt.;\r\n\r\n")


def _findings(report):
    return [(f["rule"], f.get("suggestion")) for s in report["sentences"] for f in s["findings"]]


def test_glossary_is_the_cli_glossary(welfare_cli, tmp_path):
    letter, glossary = tmp_path / "brief.txt", tmp_path / "glossar.csv"
    letter.write_text(LETTER, encoding="utf-8")
    glossary.write_bytes(GLOSSARY_CSV.encode("utf-8"))
    out = subprocess.run([welfare_cli, "text", "check", str(letter), "--glossary", str(glossary),
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    cli = json.loads(out)
    # a path, a Glossary read once, entries as dicts, a pandas DataFrame: the CLI's report
    g = welfare.text.Glossary.read(glossary)
    assert len(g) == 2
    assert g.entries[1] == {"word": "Quappenbarschamt", "explanation": "Ein Amt.", "preferred": None}
    assert welfare.text.check(LETTER, glossary=str(glossary)) == cli
    assert welfare.text.check(LETTER, glossary=g) == cli
    assert welfare.text.check(LETTER, glossary=g.entries) == cli
    import pandas as pd
    frame = pd.DataFrame(g.entries)
    assert welfare.text.check(LETTER, glossary=frame) == cli
    found = _findings(cli)
    assert ("glossary", "Das Amt für Arbeit.") in found and ("preferred-form", "Job-Center") in found
    assert not any(r == "rare-word" for r, _ in found)
    # without it the office's words are rare
    assert any(r == "rare-word" for r, _ in _findings(welfare.text.check(LETTER)))
    # scores count the glossary's findings, one rule at a time as --rule
    assert welfare.text.score([LETTER], glossary=g)[0]["findings"] == cli["scores"]["findings"]
    only = welfare.text.check(LETTER, glossary=g, rules=["preferred-form"])
    assert _findings(only) == [("preferred-form", "Job-Center")]
    out = subprocess.run([welfare_cli, "text", "check", str(letter), "--glossary", str(glossary),
                          "--rule", "preferred-form", "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    assert only == json.loads(out)


def test_glossary_errors_name_the_list_and_row(tmp_path):
    import pytest

    bad = tmp_path / "falsch.csv"
    bad.write_text("wort;erklärung\nAmt;x\n", encoding="utf-8")
    with pytest.raises(welfare.TextError, match=r"falsch.csv: missing column 'word'"):
        welfare.text.check(LETTER, glossary=bad)
    twice = tmp_path / "doppelt.csv"
    twice.write_text("word\nAmt\n;\namt\n", encoding="utf-8")
    with pytest.raises(welfare.TextError, match=r"doppelt.csv, row 4: word \"amt\" is listed twice"):
        welfare.text.Glossary.read(twice)
    with pytest.raises(welfare.TextError, match=r"nicht-da.csv: cannot read"):
        welfare.text.Glossary.read(tmp_path / "nicht-da.csv")
    with pytest.raises(welfare.TextError, match=r"glossary, row 3: the field word is empty"):
        welfare.text.Glossary([{"word": "Amt"}, {"word": None}])
    with pytest.raises(welfare.TextError, match=r"unknown field 'erklaerung'"):
        welfare.text.Glossary([{"word": "Amt", "erklaerung": "x"}])
    with pytest.raises(welfare.TextError, match=r"unknown rule \"rare-words\""):
        welfare.text.check(LETTER, rules=["rare-words"])
    # a list of words is a glossary without explanations
    assert len(welfare.text.Glossary(["Amt", "Jobcenter"])) == 2
