#!/usr/bin/env python3
"""Real LanguageTool clients against `welfare serve` (run by .ci/run).

1. language-tool-python (PyPI), pointed at the server with `remote_server=`: the matches it
   returns are the checker's warnings and errors at the same words as /api/text/check's.
2. LibreOffice Writer's built-in LanguageTool client (Debian's libreoffice-writer-nogui and
   python3-uno), configured to the server through the configuration API: each paragraph's
   errors as LibreOffice receives them are compared with /api/text/check's findings.

    python3 check_clients.py target/debug/welfare [--libreoffice /usr/bin/python3]

Exit code 0 when every check holds; a failed check raises with what differed.
"""

import argparse
import json
import os
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

PARAGRAPHS = [
    "Der Antrag wurde gestern vom Amt abgelehnt.",
    "Die Schuldnerberatung hilft Ihnen kostenlos, wenn Sie Schulden haben.",
    "Straße, Bäume und 😀: Sie bekommen 1.500 € bis zum 15.04.2025 (siehe Anlage).",
    "Wir helfen Ihnen gern.",
]


def start(binary):
    proc = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        proc.kill()
        raise SystemExit(f"welfare serve did not start: {line!r}")
    return proc, line.split()[-1]


def api_check(base, text, units="utf-16"):
    """Warnings and errors of /api/text/check: (rule, start, end, message, suggestion), offsets
    in UTF-16 units (as LibreOffice counts) or in characters (as language-tool-python gives)."""
    body = json.dumps({"text": text, "min_severity": "warning"}).encode()
    req = urllib.request.Request(f"{base}/api/text/check", data=body,
                                 headers={"Content-Type": "application/json"})
    report = json.load(urllib.request.urlopen(req))
    raw = text.encode()
    if units == "utf-16":
        at = lambda b: len(raw[:b].decode().encode("utf-16-le")) // 2
    else:
        at = lambda b: len(raw[:b].decode())
    return [(f["rule"], at(f["start"]), at(f["end"]), f["message"], f.get("suggestion"))
            for s in report["sentences"] for f in s["findings"]]


def within(start, length, finding):
    return finding[1] <= start and start + length <= finding[2]


def check_language_tool_python(base):
    import language_tool_python
    tool = language_tool_python.LanguageTool("de-DE", remote_server=base)
    try:
        for text in PARAGRAPHS:
            matches = tool.check(text)
            expected = api_check(base, text, units="chars")
            assert len(matches) == len(expected), (text, matches, expected)
            for m, f in zip(sorted(matches, key=lambda m: m.offset),
                            sorted(expected, key=lambda f: f[1])):
                assert m.rule_id == f[0], (m.rule_id, f)
                assert within(m.offset, m.error_length, f), (text, m.offset, m.error_length, f)
        corrected = tool.correct("Die Schuldnerberatung hilft.")
        assert corrected == "Die Schuldner-Beratung hilft.", corrected
    finally:
        tool.close()
    from importlib.metadata import version
    print(f"language-tool-python {version('language_tool_python')}: {len(PARAGRAPHS)} paragraphs, "
          f"findings equal to /api/text/check")


def check_libreoffice(base, python):
    out = subprocess.run(
        [python, os.path.join(HERE, "libreoffice_check.py"), base, "de-DE", *PARAGRAPHS],
        capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"LibreOffice driver failed:\n{out.stderr}")
    results = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(results) == len(PARAGRAPHS), out.stdout
    total = 0
    for result, text in zip(results, PARAGRAPHS):
        errors, expected = result["errors"], api_check(base, text)
        assert len(errors) == len(expected), (text, errors, expected)
        for e, f in zip(sorted(errors, key=lambda e: e["start"]),
                        sorted(expected, key=lambda f: f[1])):
            assert within(e["start"], e["length"], f), (text, e, f)
            # LibreOffice shows `message` short and `shortMessage` in full: the full comment
            # starts with the checker's message
            assert e["full"].startswith(f[3]), (e["full"], f[3])
            if f[4] and f[0] == "long-compound":
                assert e["suggestions"] == [f[4]], (e, f)
        total += len(errors)
    assert total > 0
    print(f"LibreOffice: {len(PARAGRAPHS)} paragraphs, {total} findings at the places and with the "
          f"messages of /api/text/check")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("welfare")
    ap.add_argument("--libreoffice", metavar="PYTHON",
                    help="a python with LibreOffice's uno module (Debian: /usr/bin/python3)")
    args = ap.parse_args()
    proc, base = start(args.welfare)
    try:
        check_language_tool_python(base)
        if args.libreoffice:
            check_libreoffice(base, args.libreoffice)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    sys.exit(main())
