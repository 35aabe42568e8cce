"""The estimate of a case, as one verb: ``estimate_case(case, options)``.

It builds the capture table from the linked persons, runs the estimator the options name and
records the run (:class:`~sabt.store.models.EstimateRun`): the hash of its inputs (the capture
patterns, the options, the versions of the code), the options, the versions and the result.
The command line, the web app, ``sabt run`` and ``import sabt`` all call it, so none of them
picks a default of its own: those are :class:`sabt.settings.EstimateOptions`.

    outcome = estimate_case(case, EstimateOptions(method="loglinear", strata=("province",)))
    outcome.summary()["estimate"]
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from importlib import metadata
from typing import Callable

import pandas as pd
from sqlalchemy import select

from sabt.errors import SabtError
from sabt.settings import EstimateOptions
from sabt.store import models

Progress = Callable[[str, int, int], None]
MIN_LISTS = 3


class EstimateRefused(SabtError):
    """The case cannot be estimated as it stands (e.g. fewer than three linked lists)."""


@dataclass
class EstimateOutcome:
    """One recorded estimate: its run, options, the lists it used and the result as stored.
    ``result`` is the live result object (None when an earlier run was reused)."""

    run_id: int
    options: EstimateOptions
    lists: list[str]
    inputs_sha256: str
    payload: dict
    result: object | None = None
    reused: bool = False

    def summary(self) -> dict:
        return {"id": self.run_id, "method": self.options.method, "reused": self.reused,
                **{k: self.payload.get(k) for k in ("estimate", "lower", "upper", "observed", "describe")}}


def estimate_case(case, options: EstimateOptions | None = None, *, progress: Progress | None = None,
                  reuse: bool = False, scope: dict | None = None, **changes) -> EstimateOutcome:
    """Estimate the case's total from its linked persons and record the run.

    ``options``: :class:`sabt.settings.EstimateOptions` (default: the case's, see
    :meth:`Case.step_options`); single ``changes`` override them
    (``estimate_case(case, method="loglinear")``; None changes nothing). With ``reuse``, an
    earlier run with the same inputs' hash is returned instead of sampling again (``sabt run``
    does this unless ``--force``). ``scope``: what the estimate is of, as the case states it
    (:data:`sabt.settings.ESTIMATE_SCOPE_KEYS`; default: the case's saved scope), recorded with
    the run for the report.
    """
    scope = dict(scope if scope is not None else case.step_options().estimate_scope)
    options = (options or case.step_options().estimate).changed(**changes)
    by = list(options.strata)
    frame = _capture_frame(case, by)
    lists = [c for c in frame.columns if c not in ("person_id", *by)]
    if len(lists) < MIN_LISTS:
        raise EstimateRefused(f"{len(lists)} linked lists; estimation needs at least {MIN_LISTS} (run linkage first)")
    digest = inputs_sha256(frame, options, scope)
    if reuse:
        earlier = recorded_run(case, digest)
        if earlier is not None:
            return EstimateOutcome(earlier.id, options, lists, digest, earlier.result or {}, reused=True)
    result, payload = _estimate(frame, options, progress)
    if options.linkage_draws:
        result = _pooled_over_linkages(case, result, options)
        payload = result.to_dict() | {"describe": result.describe()}
    payload = json.loads(json.dumps(payload, default=str))
    with case.session() as session:
        run = models.EstimateRun(method=options.method, strata=by or None, result=payload, settings={
            "options": _jsonable(options), "seed": options.seed, "by": by, "lists": lists,
            "inputs_sha256": digest, "versions": versions(), "overlaps": overlaps(frame, lists), **scope})
        session.add(run)
        session.commit()
        return EstimateOutcome(run.id, options, lists, digest, payload, result)


def _capture_frame(case, by: list[str]) -> pd.DataFrame:
    """One row per linked person: a 0/1 column per list and the stratum fields."""
    from sabt.estimate.strata import capture_frame_from_case

    return capture_frame_from_case(case.settings.db, ",".join(by) if by else None)


def inputs_sha256(frame: pd.DataFrame, options: EstimateOptions, scope: dict | None = None) -> str:
    """The hash of what the estimate and its record depend on: the capture patterns (counted, so
    person ids do not matter), the options, the stated scope and the versions of the code."""
    patterns = frame.drop(columns=["person_id"]).astype(str)
    counted = patterns.value_counts().sort_index().to_csv()
    key = json.dumps({"patterns": counted, "options": _jsonable(options), "versions": versions(),
                      "scope": scope or {}}, sort_keys=True, default=str)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def overlaps(frame: pd.DataFrame, lists: list[str]) -> list[dict]:
    """The capture-pattern table: how many people each combination of lists holds."""
    patterns = frame.groupby(lists).size().reset_index(name="count")
    return [{"lists": [name for name in lists if int(row[name])], "count": int(row["count"])}
            for _, row in patterns.sort_values("count", ascending=False).iterrows()]


def recorded_run(case, digest: str) -> models.EstimateRun | None:
    """The latest recorded run whose inputs had this hash."""
    with case.session() as session:
        for run in session.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id.desc())):
            if (run.settings or {}).get("inputs_sha256") == digest:
                return run
    return None


def versions() -> dict[str, str]:
    """The versions of the code an estimate depends on."""
    import sabt

    found = {"sabt": sabt.__version__}
    for package in ("numpy", "scipy", "pandas", "statsmodels"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[package] = "absent"
    return found


def _estimate(frame: pd.DataFrame, options: EstimateOptions, progress: Progress | None):
    from sabt.estimate._api import estimate
    from sabt.estimate.lcmcr import sampler_sweeps, sweeps_counter
    from sabt.estimate.strata import estimate_strata

    by = list(options.strata)
    extra = {}
    if progress is not None and options.method == "lcmcr":
        strata = frame[by].drop_duplicates().shape[0] if by else 1
        extra["progress"] = sweeps_counter(progress, sampler_sweeps(strata))
    if by:
        result = estimate_strata(frame, by=by, method=options.method, seed=options.seed,
                                 max_order=options.max_order, **extra)
        payload = result.total.to_dict()
        payload["strata"] = {k: v.to_dict() for k, v in result.strata.items()}
        payload["skipped"] = result.skipped
    else:
        result = estimate(frame.drop(columns=["person_id"]).assign(count=1), method=options.method,
                          seed=options.seed, max_order=options.max_order, **extra)
        payload = result.to_dict()
    payload["describe"] = result.describe()
    return result, payload


def _pooled_over_linkages(case, own, options: EstimateOptions):
    """The estimate pooled over linkages drawn from the case's last link run (HRDAG's practice:
    the interval then carries the linkage's doubt as well as the estimator's)."""
    from sabt.estimate.linkage import draw_linkages, inputs_from_case, pooled_estimate

    inputs = inputs_from_case(case)
    linkages = draw_linkages(inputs, options.linkage_draws, seed=options.seed, mode=options.linkage_mode)
    extra = {"max_order": options.max_order} if options.method == "loglinear" else {}
    return pooled_estimate(linkages, inputs.sources, method=options.method, seed=options.seed, own=own, **extra)


def _jsonable(options) -> dict:
    return json.loads(json.dumps(asdict(options)))
