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
