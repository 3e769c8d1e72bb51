"""The README's example runs and prints the German Credit audit."""

import pathlib
import subprocess
import sys

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "german_credit.py"


def test_german_credit_example_prints_the_audit():
    out = subprocess.run([sys.executable, str(EXAMPLE)], check=True, capture_output=True, text=True).stdout
    assert "Audit(rows=1000, sensitive=['sex', 'age_group']" in out
    assert "female <25           84        0.583333" in out
    assert "sex: demographic_parity_difference    0.1108  (95 % interval" in out
