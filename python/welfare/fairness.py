"""Group-fairness audits with fairlearn/AIF360/Aequitas-exact numbers.

>>> import welfare
>>> a = welfare.fairness.audit([1, 0, 1, 0], [1, 0, 0, 1], {"sex": ["f", "f", "m", "m"]})
>>> a.disparities["demographic_parity_difference"]
0.0

`audit` audits arrays; `counts` counts a chunk of rows into mergeable sufficient statistics
(`a + b` merges, exactly), and `audit_counts` audits merged counts: the same audit as all rows
at once, for every metric that counts determine (everything but ROC AUC).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _inputs
from ._welfare import AuditError, Counts, WelfareError
from ._welfare import audit as _audit
from ._welfare import audit_counts as _audit_counts
from ._welfare import counts as _counts
from ._welfare import calibrated_fit as _calibrated_fit
from ._welfare import reject_option_fit as _reject_option_fit
from ._welfare import reweighing_weights as _reweighing_weights
from ._welfare import settings as _settings
from ._welfare import threshold_fit as _threshold_fit

__all__ = [
    "audit",
    "counts",
    "audit_counts",
    "Audit",
    "Section",
    "Counts",
    "ThresholdOptimizer",
    "reweighing",
    "calibrated_equalized_odds",
    "CalibratedEqOdds",
    "reject_option",
    "RejectOption",
    "AuditError",
    "WelfareError",
]

Condition = Union[str, Dict[str, Any], Sequence[Union[str, Dict[str, Any]]], None]


class Section:
    """The audit of one set of sensitive columns (one column, or the intersection of several)."""

    def __init__(self, data: Dict[str, Any]):
        self._data = data

    @property
    def sensitive(self) -> List[str]:
        """The sensitive columns of this section."""
        return list(self._data["sensitive"])

    @property
    def overall(self) -> Dict[str, Any]:
        """Every metric over all rows."""
        return dict(self._data["overall"])

    @property
    def disparities(self) -> Dict[str, Optional[float]]:
        """The headline disparities (fairlearn `between_groups`, AIF360 with a privileged group,
        inequality indices)."""
        return dict(self._data["disparities"])

    @property
    def disparities_to_overall(self) -> Dict[str, Optional[float]]:
        """fairlearn's disparities with `method="to_overall"`."""
        return dict(self._data["disparities_to_overall"])

    @property
    def by_metric(self) -> Dict[str, Dict[str, Any]]:
        """Per metric: group min and max (with the groups), difference and ratio, both methods."""
        return dict(self._data["by_metric"])

    @property
    def comparison(self) -> Optional[Dict[str, Any]]:
        """AIF360's privileged/unprivileged comparison (with `privileged=`), else None."""
        return self._data.get("comparison")

    @property
    def aequitas(self) -> Dict[str, Any]:
        """Aequitas disparities and τ verdicts against the reference group."""
        return dict(self._data["aequitas"])

    @property
    def confidence_intervals(self) -> Dict[str, Optional[List[float]]]:
        """95 % bootstrap intervals of the disparities (with `bootstrap=`), equalized odds included."""
        return dict(self._data["confidence_intervals"])

    @property
    def warnings(self) -> List[str]:
        """Small groups, undefined metrics, metrics left out."""
        return list(self._data["warnings"])

    def by_group(self, intervals: bool = False):
        """A pandas DataFrame shaped like fairlearn's `MetricFrame.by_group`: one row per group
        (indexed by the sensitive columns), one column per metric; undefined values are NaN.
        With `intervals=True`, `<metric>_low` and `<metric>_high` columns follow (bootstrap)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("by_group() returns a pandas DataFrame: pip install pandas") from None
        rows = self._data["by_group"]
        skip = {"group", "small_group", "confidence_intervals"}
        records = []
        for row in rows:
            record = {k: (float("nan") if v is None else v) for k, v in row.items() if k not in skip}
            if intervals:
                for metric, ci in (row.get("confidence_intervals") or {}).items():
                    record[f"{metric}_low"] = float("nan") if ci is None else ci[0]
                    record[f"{metric}_high"] = float("nan") if ci is None else ci[1]
            records.append(record)
        columns = self.sensitive
        keys = [tuple(row["group"][c] for c in columns) for row in rows]
        if len(columns) == 1:
            index = pd.Index([k[0] for k in keys], name=columns[0])
        else:
            index = pd.MultiIndex.from_tuples(keys, names=columns)
        return pd.DataFrame.from_records(records, index=index)

    def to_dict(self) -> Dict[str, Any]:
        """This section as in the CLI's JSON."""
        return json.loads(json.dumps(self._data))

    def __repr__(self) -> str:
        return f"Section(sensitive={self.sensitive}, groups={len(self._data['by_group'])})"


class Audit:
    """The whole audit: one section per sensitive column and one for their intersection.

    The properties without a section name (`overall`, `disparities`, `by_group()`, ...) are
    those of the *last* section: the intersection of all sensitive columns, or the single
    column — what fairlearn's `MetricFrame` computes for the same `sensitive_features`.
    """

    def __init__(self, native: Any):
        self._native = native
        self._dict: Optional[Dict[str, Any]] = None

    def to_dict(self) -> Dict[str, Any]:
        """Exactly the JSON object of `welfare audit --format json` (a fresh copy)."""
        return json.loads(self.to_json())

    def to_json(self, indent: bool = True) -> str:
        """The JSON of `welfare audit --format json`."""
        return self._native.to_json(indent)

    def to_markdown(self) -> str:
        """The Markdown report of `welfare audit --format md`."""
        return self._native.to_markdown()

    def to_html(self, lang: str = "en") -> str:
        """The HTML report of `welfare audit --format html`: one self-contained page, in
        English (`lang="en"`) or German (`lang="de"`: German headings, explanations, verdicts
        and numbers such as `97,5 %`)."""
        return self._native.to_html(lang)

    def plot(
        self,
        metrics: Sequence[str] = ("selection_rate", "true_positive_rate", "false_positive_rate"),
        columns: Union[str, Sequence[str], None] = None,
    ):
        """Metrics by group as horizontal bars with the bootstrap intervals as whiskers (where
        the audit has them), one panel per metric — like fairlearn's `plot_metric_frame`.
        Needs matplotlib (imported only here); returns the figure."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("plot() draws with matplotlib: pip install matplotlib") from None
        data = self.section(columns)._data
        rows = data["by_group"]
        labels = [", ".join(f"{k}={v}" for k, v in row["group"].items()) for row in rows]
        fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 0.45 * len(rows) + 1.6), squeeze=False)
        for ax, metric in zip(axes[0], metrics):
            values, low, high = [], [], []
            for row in rows:
                v = row.get(metric)
                if v is None and metric not in row:
                    known = ", ".join(k for k in row if k not in ("group", "small_group", "confidence_intervals"))
                    raise WelfareError(f"plot: no metric '{metric}' (metrics: {known})")
                v = float("nan") if v is None else float(v)
                ci = (row.get("confidence_intervals") or {}).get(metric)
                values.append(v)
                low.append(v - ci[0] if ci else 0.0)
                high.append(ci[1] - v if ci else 0.0)
            has_ci = any(low) or any(high)
            ax.barh(labels, values, xerr=[low, high] if has_ci else None, capsize=3 if has_ci else 0, color="#2e6da4")
            ax.set_title(metric.replace("_", " "))
            ax.invert_yaxis()
        fig.tight_layout()
        return fig

    def _repr_html_(self) -> str:  # Jupyter
        return self.by_group().to_html() if self._has_pandas() else "<pre>" + repr(self) + "</pre>"

    @staticmethod
    def _has_pandas() -> bool:
        try:
            import pandas  # noqa: F401
        except ImportError:
            return False
        return True

    def _data(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self._native.to_json(False))
        return self._dict

    @property
    def rows(self) -> int:
        """Rows audited."""
        return int(self._native.rows)

    @property
    def sections(self) -> List[Section]:
        """Every section, in the order of the JSON."""
        return [Section(s) for s in self._data()["audits"]]

    def section(self, columns: Union[str, Sequence[str], None] = None) -> Section:
        """The section of `columns` (a name or a list; None = the last section)."""
        sections = self._data()["audits"]
        if columns is None:
            return Section(sections[-1])
        wanted = [columns] if isinstance(columns, str) else list(columns)
        for s in sections:
            if s["sensitive"] == wanted:
                return Section(s)
        known = "; ".join(",".join(s["sensitive"]) for s in sections)
        raise WelfareError(f"no section for {','.join(wanted)} (sections: {known})")

    def by_group(self, columns: Union[str, Sequence[str], None] = None, intervals: bool = False):
        """A pandas DataFrame like fairlearn's `MetricFrame.by_group` (see `Section.by_group`)."""
        return self.section(columns).by_group(intervals=intervals)

    @property
    def overall(self) -> Dict[str, Any]:
        """Every metric over all rows."""
        return self.section().overall

    @property
    def disparities(self) -> Dict[str, Optional[float]]:
        """The headline disparities of the last section."""
        return self.section().disparities

    @property
    def confidence_intervals(self) -> Dict[str, Optional[List[float]]]:
        """Bootstrap intervals of the last section's disparities."""
        return self.section().confidence_intervals

    @property
    def warnings(self) -> List[str]:
        """Warnings of every section."""
        return [w for s in self.sections for w in s.warnings]

    def __repr__(self) -> str:
        last = self.section()
        dpd = last.disparities.get("demographic_parity_difference")
        eod = last.disparities.get("equalized_odds_difference")
        fmt = lambda v: "None" if v is None else f"{v:.4f}"  # noqa: E731
        return (
            f"Audit(rows={self.rows}, sensitive={last.sensitive}, "
            f"demographic_parity_difference={fmt(dpd)}, equalized_odds_difference={fmt(eod)})"
        )


def _arrays(y_true: Any, y_pred: Any, sensitive: Any, y_score: Any):
    return (
        _inputs.flags(y_true, "y_true"),
        _inputs.flags(y_pred, "y_pred"),
        _inputs.sensitive_columns(sensitive),
        None if y_score is None else _inputs.scores(y_score),
    )


def _count(value: Any, name: str, upper: int = 2**64 - 1) -> int:
    """A whole number in 0..upper (bools are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int,)) and not hasattr(value, "__index__"):
        raise WelfareError(f"{name}: expected a whole number, got {value!r}")
    v = int(value)
    if not 0 <= v <= upper:
        raise WelfareError(f"{name}: must be between 0 and {upper}, got {v}")
    return v


def _checked_settings(privileged, unprivileged, bootstrap, seed, min_group_size, undefined, tau):
    bootstrap = _count(bootstrap, "bootstrap", 2**63 - 1)
    seed = None if seed is None else int(_count(seed, "seed"))
    min_group_size = _count(min_group_size, "min_group_size", 2**63 - 1)
    return _settings(
        _inputs.conditions(privileged, "privileged"), _inputs.conditions(unprivileged, "unprivileged"),
        int(bootstrap), seed, int(min_group_size), str(undefined), float(tau),
    )


def audit(
    y_true: Any,
    y_pred: Any,
    sensitive: Any,
    *,
    y_score: Any = None,
    privileged: Condition = None,
    unprivileged: Condition = None,
    bootstrap: int = 0,
    seed: Optional[int] = None,
    min_group_size: int = 30,
    undefined: str = "null",
    tau: float = 0.8,
) -> Audit:
    """Audits decisions for group fairness.

    y_true, y_pred: 0/1 outcomes and decisions (numpy, list, pandas/polars Series, pyarrow).
    sensitive: a table of sensitive columns (dict of arrays, pandas/polars DataFrame, pyarrow
        Table) or one array; several columns are audited one by one and intersected.
    y_score: optional scores (mean score, Brier score, ROC AUC per group).
    privileged / unprivileged: 'sex=male', {'sex': 'male'} or a list (a union): AIF360
        comparisons and the Aequitas reference group.
    bootstrap, seed: multinomial bootstrap replicates for 95 % intervals (0 = none).
    min_group_size: smaller groups are flagged.
    undefined: 'null' (0/0 rates are None, as AIF360) or 'zero' (as fairlearn).
    tau: the Aequitas threshold.
    """
    settings = _checked_settings(privileged, unprivileged, bootstrap, seed, min_group_size, undefined, tau)
    t, p, s, score = _arrays(y_true, y_pred, sensitive, y_score)
    return Audit(_audit(t, p, s, score, settings))


def counts(y_true: Any, y_pred: Any, sensitive: Any, *, y_score: Any = None) -> Counts:
    """The mergeable counts of a chunk of rows: confusion counts per combination of the
    sensitive values and exact score sums. `a + b` (or `sum(chunks)`) merges exactly; pickle
    and `to_json()`/`Counts.from_json()` carry them between processes."""
    t, p, s, score = _arrays(y_true, y_pred, sensitive, y_score)
    return _counts(t, p, s, score)


def audit_counts(
    counts: Union[Counts, Iterable[Counts]],
    *,
    privileged: Condition = None,
    unprivileged: Condition = None,
    bootstrap: int = 0,
    seed: Optional[int] = None,
    min_group_size: int = 30,
    undefined: str = "null",
    tau: float = 0.8,
) -> Audit:
    """Audits merged counts (one `Counts`, or several, merged here): identical to `audit` of
    all their rows for every metric that counts determine, bootstrap intervals included. ROC
    AUC needs every score and is left out (a warning says so)."""
    if not isinstance(counts, Counts):
        chunks = list(counts)
        if not chunks:
            raise WelfareError("audit_counts: no counts given")
        merged = chunks[0]
        for c in chunks[1:]:
            merged = merged + c
        counts = merged
    settings = _checked_settings(privileged, unprivileged, bootstrap, seed, min_group_size, undefined, tau)
    return Audit(_audit_counts(counts, settings))


class ThresholdOptimizer:
    """fairlearn's `ThresholdOptimizer` (with `prefit=True`) on scores you already have.

    Per group, a randomised threshold rule on the scores so that the constraint's rate is equal
    in every group while the objective is as high as it can be. Every row's probability of a
    positive decision, the chosen point and each group's rule equal fairlearn 0.15's to 1e-12
    (tested on German Credit and generated data).

    >>> to = ThresholdOptimizer(constraints="demographic_parity").fit(y_true, y_score, sex)
    >>> p = to.predict_proba(y_score, sex)          # probability of a positive decision
    >>> decisions = to.predict(y_score, sex, seed=1)

    `predict` draws with the suite's seeded generator: the same seed gives the same decisions,
    but not numpy's (fairlearn's `random_state`) numbers. Groups are named as the audit names
    them (`sex=female`; several columns: `sex=female,age_group=<25`).
    """

    def __init__(
        self,
        constraints: str = "demographic_parity",
        objective: str = "accuracy_score",
        grid_size: int = 1000,
        flip: bool = False,
        tol: Optional[float] = None,
    ):
        self.constraints = constraints
        self.objective = objective
        self.grid_size = _count(grid_size, "grid_size")
        self.flip = bool(flip)
        self.tol = tol
        self._core: Any = None

    def fit(self, y_true: Any, y_score: Any, sensitive_features: Any) -> "ThresholdOptimizer":
        """Chooses every group's rule from 0/1 labels, scores and the sensitive column(s)."""
        self._core = _threshold_fit(
            _inputs.flags(y_true, "y_true"),
            _inputs.scores(y_score),
            _inputs.sensitive_columns(sensitive_features),
            self.constraints,
            self.objective,
            self.grid_size,
            self.flip,
            None if self.tol is None else float(self.tol),
        )
        return self

    def _fitted(self) -> Any:
        if self._core is None:
            raise WelfareError("this ThresholdOptimizer is not fitted yet: call fit(...) first")
        return self._core

    def predict_proba(self, y_score: Any, sensitive_features: Any):
        """The probability of a positive decision per row (fairlearn's `_pmf_predict[:, 1]`)."""
        return self._fitted().positive_probability(_inputs.scores(y_score), _inputs.sensitive_columns(sensitive_features))

    def predict(self, y_score: Any, sensitive_features: Any, seed: Optional[int] = None):
        """Randomised 0/1 decisions (uint8), reproducible with `seed` (default: the library's,
        the same as the CLI's and the server's)."""
        return self._fitted().predict(
            _inputs.scores(y_score),
            _inputs.sensitive_columns(sensitive_features),
            None if seed is None else _count(seed, "seed"),
        )

    @property
    def interpolation(self) -> Dict[str, Dict[str, Any]]:
        """Per group: `p0`, `operation0` (`operator`, `threshold`), `p1`, `operation1`, and for
        equalized odds `p_ignore` and `prediction_constant`."""
        return self._fitted().interpolation()

    @property
    def x_best(self) -> float:
        """The chosen value of the constraint's rate (with `tol`: the groups' values weighted by
        their share of the rows; fairlearn leaves it unset then)."""
        return self._fitted().x_best

    @property
    def x_best_per_group(self) -> Dict[str, float]:
        """Each group's chosen value of the constraint's rate (all `x_best` without `tol`)."""
        return self._fitted().x_best_per_group()

    @property
    def y_best(self) -> float:
        """The objective there (equalized odds: the true positive rate)."""
        return self._fitted().y_best

    @property
    def curves(self) -> Dict[str, Any]:
        """Each group's trade-off curve (upper convex hull) as `(x, y)` lists."""
        return self._fitted().curves()

    def plot(self, ax: Any = None):
        """The groups' trade-off curves and the chosen point, as fairlearn's
        `plot_threshold_optimizer` (needs matplotlib; returns the figure)."""
        try:
            import matplotlib.pyplot as plt
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("plot() draws with matplotlib: pip install matplotlib") from None
        core = self._fitted()
        if ax is None:
            fig, ax = plt.subplots(figsize=(6, 4.5))
        else:
            fig = ax.figure
        chosen = core.x_best_per_group()
        for group, (x, y) in core.curves().items():
            (line,) = ax.plot(x, y, marker=".", label=group)
            ax.plot([chosen[group]], [_interp(chosen[group], x, y)], marker="o", color=line.get_color())
        ax.axvline(core.x_best, color="black", linestyle="--", linewidth=1, label="chosen")
        constraints, objective, _, _ = core.settings()
        ax.set_xlabel(f"{core.x_label()} ({constraints})")
        ax.set_ylabel("true_positive_rate" if constraints == "equalized_odds" else objective)
        ax.legend(fontsize="small")
        return fig

    def __repr__(self) -> str:
        state = "fitted" if self._core is not None else "not fitted"
        return f"ThresholdOptimizer(constraints={self.constraints!r}, objective={self.objective!r}, {state})"


def reweighing(
    y_true: Any,
    sensitive_features: Any,
    *,
    privileged: Condition = None,
    unprivileged: Condition = None,
    favorable: int = 1,
):
    """Instance weights that make the label independent of the group.

    With `privileged` and `unprivileged` (as for `audit`, e.g. `{"sex": "male"}`): AIF360's
    `Reweighing`, bit for bit — rows in neither group keep weight 1, and AIF360's totals count
    them too. With neither: Kamiran–Calders weights for every group of the sensitive column(s).
    """
    return _reweighing_weights(
        _inputs.flags(y_true, "y_true"),
        _inputs.sensitive_columns(sensitive_features),
        _inputs.conditions(privileged, "privileged"),
        _inputs.conditions(unprivileged, "unprivileged"),
        _count(favorable, "favorable", 1),
    )


def _interp(x: float, xs: Sequence[float], ys: Sequence[float]) -> float:
    """The curve's value at x (linear between hull points; xs ascending)."""
    for i in range(1, len(xs)):
        if x <= xs[i]:
            span = xs[i] - xs[i - 1]
            t = 0.0 if span == 0 else (x - xs[i - 1]) / span
            return ys[i - 1] + t * (ys[i] - ys[i - 1])
    return ys[-1]


class CalibratedEqOdds:
    """AIF360's `CalibratedEqOddsPostprocessing`, fitted (see `calibrated_equalized_odds`)."""

    def __init__(self, core: Any, privileged: Any, unprivileged: Any):
        self._core = core
        self._groups = (privileged, unprivileged)
        d = json.loads(core.to_json())
        self.cost_constraint: str = d["request"]["cost_constraint"]
        self.threshold: float = d["request"]["threshold"]
        self.base_rate_priv: float = d["privileged"]["base_rate"]
        self.base_rate_unpriv: float = d["unprivileged"]["base_rate"]
        self.priv_mix_rate: float = d["privileged"]["mix_rate"]
        self.unpriv_mix_rate: float = d["unprivileged"]["mix_rate"]
        self.costs: Dict[str, Dict[str, float]] = {
            g: {"cost": d[g]["cost"], "trivial_cost": d[g]["trivial_cost"]} for g in ("privileged", "unprivileged")
        }

    def predict_proba(self, y_score: Any, sensitive_features: Any):
        """Each row's probability of the favourable label (deterministic; AIF360 draws it)."""
        return self._core.favorable_probability(
            _inputs.scores(y_score), _inputs.sensitive_columns(sensitive_features), *self._groups
        )

    def predict(self, y_score: Any, sensitive_features: Any, seed: Optional[int] = None):
        """0/1 labels (uint8) drawn with the suite's seeded generator (not numpy's stream;
        default seed: the library's)."""
        return self._core.predict(
            _inputs.scores(y_score),
            _inputs.sensitive_columns(sensitive_features),
            *self._groups,
            None if seed is None else _count(seed, "seed"),
        )

    def __repr__(self) -> str:
        return (
            f"CalibratedEqOdds(cost_constraint={self.cost_constraint!r}, "
            f"priv_mix_rate={self.priv_mix_rate:.4g}, unpriv_mix_rate={self.unpriv_mix_rate:.4g})"
        )


def calibrated_equalized_odds(
    y_true: Any,
    y_score: Any,
    sensitive_features: Any,
    *,
    privileged: Condition,
    unprivileged: Condition = None,
    cost_constraint: Optional[str] = None,
    threshold: Optional[float] = None,
) -> CalibratedEqOdds:
    """AIF360's `CalibratedEqOddsPostprocessing` fitted on labels and scores (probabilities of
    the favourable label). `cost_constraint`: "fpr", "fnr" or "weighted" (AIF360's default);
    `threshold`: AIF360's `predict` threshold (0.5). `privileged`/`unprivileged` as for `audit`
    (unprivileged: every other row when not given). Base rates, mix rates and each row's
    probability equal AIF360 0.6.1's to 1e-12; rows in neither group get the score 0, as AIF360
    sets it.

    >>> ceo = calibrated_equalized_odds(y, s, sex, privileged={"sex": "male"})
    >>> ceo.priv_mix_rate, ceo.predict(s, sex, seed=1)
    """
    p = _inputs.conditions(privileged, "privileged")
    u = _inputs.conditions(unprivileged, "unprivileged")
    core = _calibrated_fit(
        _inputs.flags(y_true, "y_true"),
        _inputs.scores(y_score),
        _inputs.sensitive_columns(sensitive_features),
        p,
        u,
        cost_constraint,
        None if threshold is None else float(threshold),
    )
    return CalibratedEqOdds(core, p, u)


class RejectOption:
    """AIF360's `RejectOptionClassification`, fitted (see `reject_option`)."""

    def __init__(self, core: Any, privileged: Any, unprivileged: Any):
        self._core = core
        self._groups = (privileged, unprivileged)
        d = json.loads(core.to_json())
        self.classification_threshold: float = d["classification_threshold"]
        self.ROC_margin: float = d["ROC_margin"]
        self.feasible: bool = d["feasible"]
        self.balanced_accuracy: float = d["balanced_accuracy"]
        self.metric: float = d["metric"]
        self.settings: Dict[str, Any] = d["request"]

    def predict(self, y_score: Any, sensitive_features: Any):
        """0/1 labels (uint8): favourable above the threshold, and inside the band for the
        unprivileged group (unfavourable there for the privileged)."""
        return self._core.predict(_inputs.scores(y_score), _inputs.sensitive_columns(sensitive_features), *self._groups)

    def __repr__(self) -> str:
        return (
            f"RejectOption(classification_threshold={self.classification_threshold:.4g}, "
            f"ROC_margin={self.ROC_margin:.4g}, feasible={self.feasible})"
        )


def reject_option(
    y_true: Any,
    y_score: Any,
    sensitive_features: Any,
    *,
    privileged: Condition,
    unprivileged: Condition = None,
    low_class_thresh: Optional[float] = None,
    high_class_thresh: Optional[float] = None,
    num_class_thresh: Optional[int] = None,
    num_ROC_margin: Optional[int] = None,
    metric_name: Optional[str] = None,
    metric_ub: Optional[float] = None,
    metric_lb: Optional[float] = None,
) -> RejectOption:
    """AIF360's `RejectOptionClassification` with its parameter names (defaults, as AIF360's:
    thresholds 0.01–0.99 × 100, 50 margins, "Statistical parity difference" within ±0.05;
    `metric_name` also as `statistical_parity_difference`, `average_odds_difference`,
    `equal_opportunity_difference`). The chosen threshold and margin and every label equal
    AIF360 0.6.1's. When no grid point meets the bounds, `feasible` is False and, as AIF360
    does, the smallest signed metric was taken.

    >>> roc = reject_option(y, s, sex, privileged={"sex": "male"})
    >>> roc.classification_threshold, roc.ROC_margin, roc.predict(s, sex)
    """
    p = _inputs.conditions(privileged, "privileged")
    u = _inputs.conditions(unprivileged, "unprivileged")
    opt = lambda v, f: None if v is None else f(v)  # noqa: E731
    core = _reject_option_fit(
        _inputs.flags(y_true, "y_true"),
        _inputs.scores(y_score),
        _inputs.sensitive_columns(sensitive_features),
        p,
        u,
        opt(low_class_thresh, float),
        opt(high_class_thresh, float),
        opt(num_class_thresh, lambda v: _count(v, "num_class_thresh")),
        opt(num_ROC_margin, lambda v: _count(v, "num_ROC_margin")),
        metric_name,
        opt(metric_ub, float),
        opt(metric_lb, float),
    )
    return RejectOption(core, p, u)
