"""Linkage uncertainty carried into the estimate: several linkages drawn, estimates pooled.

An estimate from one linkage treats the linkage as known. It is not: a missed link turns one
person seen twice into two people seen once each, and inflates the estimate; a false link does
the opposite. HRDAG's practice (Sadinle 2017, "Bayesian estimation of bipartite matchings for
record linkage", JASA; Ball & Price 2019, "Using statistical modeling to estimate and test
ground truth", Annual Review of Statistics) is to draw several linkages consistent with the
model's uncertainty, estimate on each, and pool the draws, so that the interval carries the
linkage's doubt. sabt draws linkages from the last ``sabt link`` run's scored pairs:

- ``pairs`` (default): each scored pair is a link with its match probability, drawn
  independently; the links drawn are then clustered with the same cannot-link constraints as
  ``sabt link`` (dates of death, sex, years of birth, fathers' names, per-list limit) so one
  drawn link cannot chain two people;
- ``band``: the clustering threshold is drawn uniformly from a band (0.2–0.98 by default: the
  pairs ``sabt review`` calls uncertain), for when the pair probabilities are not trusted as
  probabilities.

Reviewed decisions are not drawn: an accepted pair is always a link and a rejected one never.
The pooled draws give the estimate (their median) and the interval; the share of the pooled
variance that lies *between* linkages (law of total variance) says how much of the interval is
linkage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sabt.errors import SabtError

MODES = ("pairs", "band")
BAND = (0.2, 0.98)
DRAWS_PER_LINKAGE = 400
"""Draws of the total kept from each linkage's estimate, so each linkage weighs the same."""


@dataclass
class LinkageInputs:
    """What a linkage realisation needs: records, their lists, scored pairs and the constraints."""

    record_ids: list[int]
    sources: dict[int, str]
    pairs: list[tuple[int, int, float]]
    accepted: set
    rejected: set
    constraints: dict
    threshold: float


def inputs_from_case(case) -> LinkageInputs:
    """The last link run's pairs, the current records, reviews and the clustering constraints."""
    from sqlalchemy import select

    from sabt.link.features import load_records
    from sabt.link.run import _by_record, _reviews, case_features
    from sabt.store import models

    with case.session() as session:
        run = session.scalar(select(models.LinkRun).order_by(models.LinkRun.id.desc()).limit(1))
        if run is None:
            raise SabtError("no linkage to draw from: run `sabt link` first")
        pairs = session.execute(select(models.RecordLink.record_a, models.RecordLink.record_b,
                                       models.RecordLink.match_probability)
                                .where(models.RecordLink.run_id == run.id)).all()
        threshold = float(run.threshold or 0.5)
    records = load_records(case)
    frame = case_features(case, records).set_index("unique_id")
    accepted, rejected = _reviews(case)
    deaths = {int(k): (v if isinstance(v, dt.date) else None)
              for k, v in zip(records["id"], records["date_of_death"])}
    constraints = {
        "death_dates": deaths, "sexes": _by_record(frame["sex"]),
        "birth_years": {k: int(v) for k, v in _by_record(frame["birth_year_est"]).items() if v is not None},
        "fathers": _by_record(frame["father_key"]),
    }
    return LinkageInputs([int(i) for i in records["id"]], _by_record(frame["source_dataset"]),
                         [(int(a), int(b), float(p)) for a, b, p in pairs], accepted, rejected,
                         constraints, threshold)


def draw_linkages(inputs: LinkageInputs, n: int, seed: int | None = None, mode: str = "pairs",
                  band: tuple[float, float] = BAND) -> list[dict[int, int]]:
    """``n`` linkages (record id → cluster id), drawn as the module docstring says."""
    from sabt.link.clustering import cluster

    if mode not in MODES:
        raise SabtError(f"linkage draws: mode must be one of {', '.join(MODES)}, not {mode!r}")
    if n < 2:
        raise SabtError("linkage draws: at least 2 linkages are needed to see their spread")
    rng = np.random.default_rng(seed)
    probabilities = np.array([p for _, _, p in inputs.pairs])
    drawn = []
    for _ in range(n):
        if mode == "pairs":
            keep = rng.random(len(probabilities)) < probabilities
            pairs, threshold = [pair for pair, k in zip(inputs.pairs, keep) if k], 0.0
        else:
            pairs, threshold = inputs.pairs, float(rng.uniform(*band))
        clusters = cluster(inputs.record_ids, pairs, inputs.accepted, inputs.rejected, threshold=threshold,
                           sources=inputs.sources, **inputs.constraints)
        drawn.append(clusters.cluster_of)
    return drawn


def capture_counts(cluster_of: dict[int, int], sources: dict[int, str], lists: list[str]) -> pd.DataFrame:
    """The capture-pattern table of one linkage: one 0/1 column per list and ``count``."""
    seen = pd.DataFrame({"person": [cluster_of[r] for r in cluster_of],
                         "list": [sources[r] for r in cluster_of]}).drop_duplicates()
    wide = pd.crosstab(seen["person"], seen["list"]).clip(upper=1).reindex(columns=lists, fill_value=0)
    return wide.value_counts().rename("count").reset_index()


def pooled_estimate(linkages: list[dict[int, int]], sources: dict[int, str], method: str = "loglinear",
                    seed: int | None = None, own=None, **options):
    """Estimate on each linkage and pool their draws; ``own`` is the estimate on the case's own
    linkage, for comparison. Returns an :class:`~sabt.estimate.result.EstimateResult` whose
    ``diagnostics["linkage"]`` says how much of the interval is linkage."""
    from sabt.estimate._api import estimate

    from .result import EstimateResult

    lists = sorted(set(sources.values()))
    rng = np.random.default_rng(seed)
    results, pooled, found = [], [], []
    for i, linkage in enumerate(linkages):
        counts = capture_counts(linkage, sources, lists)
        found.append(int(counts["count"].sum()))
        extra = {"want_draws": True, "n_boot": 200} if method == "loglinear" else {}
        result = estimate(counts, method=method, seed=None if seed is None else seed + i, **{**extra, **options})
        draws = np.asarray(result.draws if result.draws is not None else [result.estimate], dtype=float)
        draws = draws[np.isfinite(draws)]
        if len(draws) == 0:
            raise SabtError(f"linkage draw {i + 1}: the {method} estimate gave no usable draws")
        pooled.append(rng.choice(draws, size=DRAWS_PER_LINKAGE, replace=len(draws) < DRAWS_PER_LINKAGE))
        results.append(result)
    allx = np.concatenate(pooled)
    lower, median, upper = np.percentile(allx, [2.5, 50, 97.5])
    means = np.array([d.mean() for d in pooled])
    within = float(np.mean([d.var() for d in pooled]))
    between = float(means.var())
    share = between / (between + within) if between + within > 0 else 0.0
    linkage = {
        "linkages": len(linkages), "method": method,
        "persons_found": {"min": min(found), "median": float(np.median(found)), "max": max(found)},
        "estimates": [float(r.estimate) for r in results],
        "variance_share": share,
        "pooled_interval": [float(lower), float(upper)],
    }
    warnings = sorted({w for r in results for w in r.warnings})
    if own is not None:
        own_width, pooled_width = own.upper - own.lower, upper - lower
        linkage["own_linkage"] = {"estimate": float(own.estimate), "interval": [float(own.lower), float(own.upper)],
                                  "observed": own.observed}
        linkage["interval_widening"] = (1 - own_width / pooled_width) if pooled_width > 0 else 0.0
    base = results[0]
    return EstimateResult(
        method=method, observed=int(np.median(found)), estimate=float(median), lower=float(lower),
        upper=float(upper), model=base.model, diagnostics={**base.diagnostics, "linkage": linkage},
        warnings=warnings, lists=lists,
        interval=f"interval pooled over {len(linkages)} drawn linkages",
        settings={**base.settings, "linkage_draws": len(linkages), "seed": seed}, draws=allx,
    )


def describe_linkage(result) -> str:
    """One or two plain sentences: how much of the interval is the linkage's doubt."""
    info = result.diagnostics.get("linkage")
    if not info:
        return ""
    found = info["persons_found"]
    text = (f"Linkage uncertainty: {info['linkages']} linkages were drawn from the scored pairs; they found "
            f"{found['min']:,} to {found['max']:,} people; {info['variance_share']:.0%} of the pooled "
            f"variance of the total lies between linkages.")
    own = info.get("own_linkage")
    if own:
        widening = info["interval_widening"]
        text += (f" On the case's own linkage alone the estimate is {own['estimate']:,.0f} "
                 f"({own['interval'][0]:,.0f} to {own['interval'][1]:,.0f}); "
                 + (f"{widening:.0%} of the pooled interval's width is the linkage's doubt." if widening > 0 else
                    "the pooled interval is no wider."))
    return text
