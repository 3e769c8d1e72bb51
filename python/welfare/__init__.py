"""welfare: the welfare-algorithms suite for Python.

- `welfare.fairness`: group-fairness audits (fairlearn/AIF360/Aequitas-exact), mergeable counts
  for Spark and other distributed engines.
- `welfare.text`: the Leichte Sprache checker.

Errors are `welfare.WelfareError` (a `ValueError`) or its subclasses `AuditError` and
`TextError`, with the messages of the `welfare` command.
"""

from . import fairness, text
from ._welfare import AuditError, TextError, WelfareError, __version__

__all__ = ["fairness", "text", "WelfareError", "AuditError", "TextError", "__version__"]
