"""Type stubs of the native module (crates/welfare-py). Use `welfare.fairness` and
`welfare.text`, which take every input kind; these functions take flat numpy arrays."""

from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import numpy.typing as npt

__version__: str

class WelfareError(ValueError): ...
class AuditError(WelfareError): ...
class TextError(WelfareError): ...

SensitiveColumn = Tuple[str, npt.NDArray[np.int64], List[str]]

class NativeAudit:
    rows: int
    def to_json(self, indent: bool = True) -> str: ...
    def to_markdown(self) -> str: ...
    def to_html(self) -> str: ...

class Counts:
    """Mergeable counts of a chunk of rows: `a + b` merges exactly; picklable."""

    rows: int
    columns: List[str]
    values: List[List[str]]
    scored: bool
    def __add__(self, other: "Counts") -> "Counts": ...
    def __radd__(self, other: "Counts | int") -> "Counts": ...
    def __eq__(self, other: object) -> bool: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> "Counts": ...

class Settings:
    """Checked audit settings (built by `settings`)."""

def settings(
    privileged: Optional[List[str]] = None,
    unprivileged: Optional[List[str]] = None,
    bootstrap: int = 0,
    seed: int = 0,
    min_group_size: int = 30,
    undefined: str = "null",
    tau: float = 0.8,
) -> Settings: ...
def audit(
    y_true: npt.NDArray[Any],
    y_pred: npt.NDArray[Any],
    sensitive: List[SensitiveColumn],
    y_score: Optional[npt.NDArray[np.float64]],
    settings: Settings,
) -> NativeAudit: ...
def counts(
    y_true: npt.NDArray[Any],
    y_pred: npt.NDArray[Any],
    sensitive: List[SensitiveColumn],
    y_score: Optional[npt.NDArray[np.float64]] = None,
) -> Counts: ...
def audit_counts(counts: Counts, settings: Settings) -> NativeAudit: ...
class NativeGlossary:
    @staticmethod
    def from_csv(name: str, data: bytes) -> NativeGlossary: ...
    @staticmethod
    def from_entries(
        name: str, entries: List[Tuple[str, Optional[str], Optional[str]]]
    ) -> NativeGlossary: ...
    def entries(self) -> List[Tuple[str, Optional[str], Optional[str]]]: ...
    def __len__(self) -> int: ...

def check_json(
    text: str,
    profile: str = "netzwerk",
    glossary: Optional[NativeGlossary] = None,
    rules: Optional[List[str]] = None,
) -> str: ...
def score_json(
    texts: List[Optional[str]],
    profile: str = "netzwerk",
    glossary: Optional[NativeGlossary] = None,
    rules: Optional[List[str]] = None,
) -> str: ...

class ThresholdCore:
    """A fitted threshold optimizer (wrapped by `welfare.fairness.ThresholdOptimizer`)."""
    x_best: float
    y_best: float
    def positive_probability(self, y_score: np.ndarray, sensitive: List[Tuple[str, np.ndarray, List[str]]]) -> np.ndarray: ...
    def predict(self, y_score: np.ndarray, sensitive: List[Tuple[str, np.ndarray, List[str]]], seed: int) -> np.ndarray: ...
    def interpolation(self) -> Dict[str, Dict[str, Any]]: ...
    def curves(self) -> Dict[str, Tuple[List[float], List[float]]]: ...
    def settings(self) -> Tuple[str, str, int, bool]: ...

def threshold_fit(
    y_true: np.ndarray,
    y_score: np.ndarray,
    sensitive: List[Tuple[str, np.ndarray, List[str]]],
    constraints: str,
    objective: str,
    grid_size: int,
    flip: bool,
) -> ThresholdCore: ...
def reweighing_weights(
    y_true: np.ndarray,
    sensitive: List[Tuple[str, np.ndarray, List[str]]],
    privileged: Optional[List[str]] = ...,
    unprivileged: Optional[List[str]] = ...,
    favorable: int = ...,
) -> np.ndarray: ...
