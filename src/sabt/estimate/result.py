"""What an estimate is, and how it explains itself."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

METHOD_LABELS = {
    "loglinear": "log-linear models (Poisson regression on the list overlaps)",
    "lcmcr": "the Bayesian latent-class model LCMCR (Manrique-Vallier 2016)",
    "dga": "Bayesian model averaging over decomposable graphical models (Madigan & York 1997)",
}

ASSUMPTIONS = (
    "This estimate rests on assumptions that the data cannot fully check: the population is "
    "closed (the same people could have been recorded by every list over the period); the "
    "lists were linked correctly, so that each person is counted once and people who appear "
    "on several lists are recognised as the same person (linkage errors bias the estimate: "
    "missed links inflate it, false links deflate it); and the way the lists depend on one "
    "another is captured by the model ({dependence}). People whom no list could have reached "
    "are not represented by any of these models."
)

DEPENDENCE = {
    "loglinear": "the selected interaction terms between lists; the choice of model matters "
                 "and other models that fit nearly as well may give different totals",
    "lcmcr": "latent classes of people with different chances of being recorded, inside which "
             "the lists are independent",
    "dga": "an average over all decomposable graphs of dependence between the lists, weighted "
           "by how well each fits",
}


def _clean(value: Any) -> Any:
    """Make a value JSON-serialisable (numpy scalars/arrays, inf/nan as None)."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_clean(v) for v in value.tolist()]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def whole(x: float | None) -> int | None:
    """An estimated number of people as it is shown everywhere (table, summary, report): the
    nearest whole person, half to even; None for a missing or unbounded value. The one rounding
    rule — a truncated table beside a rounded summary disagreed by one."""
    if x is None or not math.isfinite(float(x)):
        return None
    return int(round(float(x)))


def _fmt(x: float | None) -> str:
    shown = whole(x)
    return "unbounded" if shown is None else f"{shown:,}"


def model_links(model: str | dict | None, lists: list[str]) -> list[tuple[str, ...]] | None:
    """A log-linear model in Rcapture's notation as the groups of lists it lets depend on each
    other: ``"[35,1,2,4,6,7]"`` with lists ``a…g`` → ``[("c", "e")]`` (lists 3 and 5 interact,
    the rest are independent); ``"[1,2,3]"`` → ``[]``. None when the model is not in that
    notation (the Bayesian methods describe dependence otherwise) or names a list beyond
    ``lists``."""
    if not isinstance(model, str) or not (model.startswith("[") and model.endswith("]")):
        return None
    groups = []
    for part in model[1:-1].split(","):
        part = part.strip()
        if not part.isdigit():
            return None
        if len(part) > 1:
            if len(lists) > 9 or any(int(d) < 1 or int(d) > len(lists) for d in part):
                return None
            groups.append(tuple(lists[int(d) - 1] for d in part))
    return groups


@dataclass
class EstimateResult:
    """One estimate of the total number of people, documented and undocumented.

    ``estimate`` is the point estimate of the total (observed + unobserved); ``lower`` and
    ``upper`` the ends of the 95 % interval (confidence for log-linear, credible for the
    Bayesian methods). ``draws`` (not serialised) holds posterior or bootstrap draws of the
    total when the method gives them, so strata can be added up with their uncertainty.
    """

    method: str
    observed: int
    estimate: float
    lower: float
    upper: float
    model: str | dict
    diagnostics: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    interval: str = ""
    settings: dict = field(default_factory=dict)
    draws: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def unobserved(self) -> float:
        return self.estimate - self.observed

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("draws")
        data["unobserved"] = self.unobserved
        return _clean(data)

    def describe(self) -> str:
        """Plain-language sentences for a report: numbers, interval, method, assumptions."""
        lists = ", ".join(self.lists) if self.lists else "the lists"
        text = (
            f"{self.observed:,} people are documented on at least one of {len(self.lists)} "
            f"lists ({lists}). Using {METHOD_LABELS.get(self.method, self.method)}, the total "
            f"including those documented by no list is estimated at {_fmt(self.estimate)} "
            f"(95 % {self.interval or 'interval'} {_fmt(self.lower)} to {_fmt(self.upper)}); "
            f"that is, about {_fmt(self.unobserved)} people would be missing from every list. "
        )
        if self.method == "loglinear" and isinstance(self.model, str):
            text += f"The model chosen was {self.model}. "
        text += ASSUMPTIONS.format(dependence=DEPENDENCE.get(self.method, "the model"))
        if self.warnings:
            text += " Cautions: " + " ".join(w.rstrip(".") + "." for w in self.warnings)
        return text


@dataclass
class StratifiedResult:
    """Estimates per stratum and their total with combined uncertainty."""

    method: str
    by: list[str]
    strata: dict[str, EstimateResult]
    total: EstimateResult
    skipped: dict[str, str] = field(default_factory=dict)  # stratum -> why it was not estimated
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return _clean({
            "method": self.method, "by": self.by,
            "strata": {k: v.to_dict() for k, v in self.strata.items()},
            "total": self.total.to_dict(), "skipped": self.skipped, "warnings": self.warnings,
            "chart": self.chart_data(),
        })

    def chart_data(self) -> list[dict]:
        """Rows for a 'documented vs estimated' chart: one per stratum, then the total."""
        rows = []
        for name, result in self.strata.items():
            rows.append({"stratum": name, "documented": result.observed,
                         "estimate": result.estimate, "lower": result.lower,
                         "upper": result.upper, "estimated": True})
        for name, reason in self.skipped.items():
            rows.append({"stratum": name, "documented": self.total.diagnostics.get(
                "documented_by_stratum", {}).get(name), "estimate": None, "lower": None,
                "upper": None, "estimated": False, "reason": reason})
        t = self.total
        rows.append({"stratum": "total", "documented": t.observed, "estimate": t.estimate,
                     "lower": t.lower, "upper": t.upper, "estimated": True})
        return _clean(rows)

    def describe(self) -> str:
        parts = [self.total.describe()]
        parts.append(
            f"The total is the sum of separate estimates for {len(self.strata)} strata "
            f"(by {', '.join(self.by)}), which lets capture chances differ between strata; "
            f"its interval combines the strata's uncertainty."
        )
        for name, result in self.strata.items():
            parts.append(f"{name}: {result.observed:,} documented, estimated "
                         f"{_fmt(result.estimate)} ({_fmt(result.lower)} to {_fmt(result.upper)}).")
        if self.skipped:
            parts.append("Not estimated, too sparse (their documented counts are added to the "
                         "total as they are, without an estimate of the missing): "
                         + "; ".join(f"{k} ({v})" for k, v in self.skipped.items()) + ".")
        return " ".join(parts)


def chart_data(result: EstimateResult | StratifiedResult) -> list[dict]:
    """Rows for a 'documented vs estimated' chart (the report draws them)."""
    if isinstance(result, StratifiedResult):
        return result.chart_data()
    return _clean([{"stratum": "total", "documented": result.observed,
                    "estimate": result.estimate, "lower": result.lower, "upper": result.upper,
                    "estimated": True}])
