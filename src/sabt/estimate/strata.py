"""Stratified estimation: one estimate per stratum, and their sum with combined uncertainty.

Capture probabilities usually differ by place, time, sex and age; estimating within strata
where they are more alike and adding up is the standard remedy (HRDAG's practice for
Guatemala, Peru, Kosovo, Colombia and Syria). The sum's uncertainty combines the strata's,
treating them as independent: posterior draws (LCMCR, dga) or bootstrap draws (log-linear)
of each stratum are added draw by draw, and the total's interval is read from the summed
draws.

Input of :func:`estimate_strata`, either form:

* one row per person: a 0/1 column per list plus the stratum columns (``person_id`` is
  ignored if present), as :func:`capture_frame_from_case` returns; or
* capture-pattern counts with stratum columns: the 0/1 list columns, ``count`` and the stratum
  columns.

The list columns are given by ``lists=``, or else are all the columns holding only 0 and 1
that are not stratum columns, ``count`` or ``person_id`` (so other stratum fields, such as
``period`` when stratifying by province only, are left aside).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from sabt.errors import SabtError

from ._api import estimate
from ._data import COUNT_COLUMN, CaptureTable, check_counts
from ._parallel import Workers, default_workers
from .result import EstimateResult, StratifiedResult

MIN_DOCUMENTED = 30
MIN_OVERLAP = 5


def _sparse_reason(table: CaptureTable, method: str) -> str | None:
    if table.observed < MIN_DOCUMENTED:
        return f"only {table.observed} documented (fewer than {MIN_DOCUMENTED})"
    overlap = int(table.y[table.cells.sum(axis=1) >= 2].sum())
    if overlap < MIN_OVERLAP:
        return f"only {overlap} people on more than one list (fewer than {MIN_OVERLAP})"
    if method == "dga" and not 3 <= table.n_lists <= 5:
        return f"{table.n_lists} lists with anyone on them; dga needs 3 to 5"
    return None


def _is_binary(column: pd.Series) -> bool:
    values = pd.unique(column.dropna())
    return len(column.dropna()) == len(column) and all(v in (0, 1) for v in values)


def _counts_by_stratum(frame: pd.DataFrame, by: list[str],
                       lists: list[str] | None = None) -> tuple[list[str], dict]:
    missing = [b for b in by if b not in frame.columns]
    if missing:
        raise SabtError(f"stratum column(s) {', '.join(missing)} not in the table "
                        f"(columns: {', '.join(map(str, frame.columns))})")
    lowered = {str(c).lower(): c for c in frame.columns}
    count_name = lowered.get(COUNT_COLUMN)
    if lists is None:
        # other stratum fields (e.g. period when stratifying by province) are not lists
        lists = [c for c in frame.columns
                 if c not in by and c != count_name and str(c).lower() != "person_id"
                 and _is_binary(frame[c])]
    else:
        absent = [c for c in lists if c not in frame.columns]
        if absent:
            raise SabtError(f"list column(s) {', '.join(absent)} not in the table")
        bad = [c for c in lists if not _is_binary(frame[c])]
        if bad:
            raise SabtError(f"list column(s) {', '.join(bad)} must hold only 0 and 1")
    if len(lists) < 2:
        raise SabtError(f"at least 2 list columns are needed, found {lists}")
    work = frame.copy()
    if count_name is None:
        work[COUNT_COLUMN] = 1
        count_name = COUNT_COLUMN
    work[by] = work[by].astype(object).where(work[by].notna(), "unknown")
    groups = {}
    for key, part in work.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        name = ", ".join(f"{b}={k}" for b, k in zip(by, key))
        counts = part[lists + [count_name]].rename(columns={count_name: COUNT_COLUMN})
        groups[name] = counts
    return [str(c) for c in lists], groups


def estimate_strata(frame: pd.DataFrame, by: list[str], method: str = "lcmcr",
                    seed: int | None = None, max_order: int = 2, lists: list[str] | None = None,
                    **options) -> StratifiedResult:
    """Estimate within each stratum and add up, with combined uncertainty.

    ``frame``: one row per person (0/1 list columns + stratum columns) or capture-pattern
    counts with stratum columns (see the module docstring). Strata too sparse to estimate are
    listed in ``skipped`` with the reason; their documented people are added to the total as
    they are (so the total's lower end never falls below what is documented) and a warning
    says so.

    >>> result = estimate_strata(people, by=["province"], method="lcmcr", seed=1)  # doctest: +SKIP
    >>> result.total.estimate, result.skipped                                     # doctest: +SKIP
    """
    if isinstance(by, str):
        by = [b.strip() for b in by.split(",") if b.strip()]
    if not by:
        raise SabtError("name at least one stratum column (e.g. province,period)")
    lists, groups = _counts_by_stratum(frame, by, lists)
    rng = np.random.default_rng(seed)
    strata: dict[str, EstimateResult] = {}
    skipped: dict[str, str] = {}
    documented: dict[str, int] = {}
    warnings: list[str] = []
    progress = options.pop("progress", None)
    extra = dict(options)  # one dict for every stratum's job
    if method == "loglinear":
        extra.setdefault("want_draws", True)
        extra.setdefault("interval", "bootstrap")
        extra.setdefault("n_boot", 500)
    jobs, names = [], []
    for i, (name, counts) in enumerate(groups.items()):
        # lists that document no one in this stratum carry no information here
        active = [c for c in lists if int(counts.loc[counts[c] == 1, COUNT_COLUMN].sum()) > 0]
        documented[name] = int(counts.loc[counts[lists].sum(axis=1) > 0, COUNT_COLUMN].sum())
        if len(active) < 2:
            skipped[name] = f"fewer than 2 lists document anyone ({', '.join(active) or 'none'})"
            continue
        try:
            table = CaptureTable.from_frame(check_counts(counts[active + [COUNT_COLUMN]], where=name))
        except SabtError as exc:
            skipped[name] = str(exc)
            continue
        reason = _sparse_reason(table, method)
        if reason:
            skipped[name] = reason
            continue
        stratum_seed = None if seed is None else seed + 1000 * (i + 1)
        jobs.append((table, method, stratum_seed, max_order, extra))
        names.append((name, active))
    workers = default_workers(len(jobs))
    if method == "lcmcr" and workers > 1:
        extra.setdefault("workers", 1)  # the strata are in parallel, each one's chains in turn
    with Workers(workers, progress) as pool:
        outcomes = pool.map(_estimate_stratum, jobs)
    for (name, active), outcome in zip(names, outcomes):
        if isinstance(outcome, str):
            skipped[name] = outcome
            continue
        if len(active) < len(lists):
            outcome.warnings.insert(0, "lists documenting no one in this stratum were left out: "
                                    + ", ".join(c for c in lists if c not in active))
        strata[name] = outcome
    if not strata:
        raise SabtError("no stratum has enough data to estimate: "
                        + "; ".join(f"{k}: {v}" for k, v in skipped.items()))
    # combine: add draws across strata (independent), documented counts of skipped strata
    size = max(len(r.draws) for r in strata.values() if r.draws is not None)
    total_draws = np.zeros(size)
    for result in strata.values():
        draws = result.draws
        total_draws += rng.choice(draws, size=size, replace=len(draws) < size) if len(draws) != size \
            else rng.permutation(draws)
    floor = sum(documented[k] for k in skipped)
    total_draws += floor
    observed = sum(documented.values())
    if method == "loglinear":
        point = sum(r.estimate for r in strata.values()) + floor
        interval_name = "bootstrap percentile interval of the sum"
    else:
        point = float(np.median(total_draws))
        interval_name = "credible interval of the summed posterior draws"
    lower, upper = np.percentile(total_draws, [2.5, 97.5])
    if skipped:
        warnings.append(
            f"{len(skipped)} stratum/strata too sparse to estimate ({', '.join(skipped)}); "
            f"their {floor:,} documented people are counted, but the people missing from "
            "them are not estimated, so the total is too low by an unknown amount")
    for name, result in strata.items():
        for w in result.warnings:
            warnings.append(f"{name}: {w}")
    total = EstimateResult(
        method=method, observed=observed, estimate=float(point), lower=float(lower),
        upper=float(upper),
        model={"stratified_by": by, "strata_estimated": len(strata), "strata_skipped": len(skipped),
               "per_stratum_model": {k: r.model for k, r in strata.items()}},
        diagnostics={"documented_by_stratum": documented,
                     "draws_combined": int(size)},
        warnings=list(warnings), lists=lists, interval=interval_name,
        settings={"by": by, "seed": seed, "max_order": max_order,
                  **{k: v for k, v in options.items() if k != "progress"}},
        draws=total_draws,
    )
    return StratifiedResult(method=method, by=by, strata=strata, total=total, skipped=skipped,
                            warnings=warnings)


def _estimate_stratum(table, method, seed, max_order, options, progress=None):
    """One stratum's estimate, or the reason it could not be made (run in a worker process)."""
    try:
        return estimate(table, method=method, seed=seed, max_order=max_order,
                        **options, **({"progress": progress} if progress else {}))
    except SabtError as exc:
        return str(exc)


# ----------------------------------------------------------------------------- from a case

AGE_GROUPS = ((0, 17, "0-17"), (18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"),
              (60, 200, "60+"))
STRATUM_FIELDS = ("province", "period", "month", "week", "sex", "age_group")


def _age_group(age) -> str:
    if age is None or pd.isna(age):
        return "unknown"
    for low, high, label in AGE_GROUPS:
        if low <= int(age) <= high:
            return label
    return "unknown"


def _period(value, kind: str) -> str:
    if value is None or pd.isna(value):
        return "unknown"
    date = pd.Timestamp(value)
    if kind == "week":
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{date.year}-{date.month:02d}"


def capture_frame_from_case(db_url: str, by: list[str] | str | None = None) -> pd.DataFrame:
    """One row per linked person: a 0/1 column per source, plus the stratum columns asked for.

    Reads the case store's ``records`` (not superseded, with a ``person_id`` from
    ``sabt link``). Stratum fields: ``province`` (province_code), ``period`` or ``month``
    (month of date_of_death, 2026-01), ``week`` (ISO week, 2026-W02), ``sex``, ``age_group``
    (0-17, 18-29, 30-44, 45-59, 60+). When a person's records disagree the most frequent known
    value is used; when none is known, ``unknown``.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(by, str):
        by = [b.strip() for b in by.split(",") if b.strip()]
    by = list(by or [])
    unknown = [b for b in by if b not in STRATUM_FIELDS]
    if unknown:
        raise SabtError(f"cannot stratify by {', '.join(unknown)}; "
                        f"choose from {', '.join(STRATUM_FIELDS)}")
    if "://" not in db_url and not db_url.startswith("sqlite:"):
        from pathlib import Path

        if not Path(db_url).expanduser().exists():
            raise SabtError(f"{db_url}: no such case database (create one with `sabt init`)")
    try:
        from sabt.store.db import make_engine

        engine = make_engine(db_url)
    except ImportError:  # pragma: no cover - store not installed
        from sqlalchemy import create_engine

        engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT person_id, source_id, province_code, date_of_death, sex, age "
                "FROM records WHERE person_id IS NOT NULL "
                "AND (superseded IS NULL OR superseded = :no)"), {"no": False}).fetchall()
    except SQLAlchemyError as exc:  # the store may not exist or not be linked
        raise SabtError(f"could not read linked records from {db_url}: "
                        f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}") from None
    finally:
        engine.dispose()
    if not rows:
        raise SabtError("estimation from a case file needs linked persons; run `sabt link` first")
    records = pd.DataFrame(rows, columns=["person_id", "source_id", "province_code",
                                          "date_of_death", "sex", "age"])
    sources = sorted(records["source_id"].astype(str).unique())
    frame = pd.crosstab(records["person_id"], records["source_id"].astype(str)).clip(upper=1)
    frame = frame.reindex(columns=sources, fill_value=0)

    def most_common(values) -> str:
        known = [v for v in values if v is not None and not pd.isna(v) and str(v) != ""]
        return Counter(known).most_common(1)[0][0] if known else "unknown"

    grouped = records.groupby("person_id")
    for field in by:
        if field == "province":
            frame[field] = grouped["province_code"].agg(lambda s: most_common(list(s)))
        elif field in ("period", "month", "week"):
            kind = "week" if field == "week" else "month"
            frame[field] = grouped["date_of_death"].agg(
                lambda s, kind=kind: most_common(
                    [_period(v, kind) for v in s if v is not None and not pd.isna(v)]))
        elif field == "sex":
            frame[field] = grouped["sex"].agg(lambda s: most_common(list(s)))
        elif field == "age_group":
            frame[field] = grouped["age"].agg(lambda s: most_common(
                [_age_group(v) for v in s if v is not None and not pd.isna(v)]))
    frame = frame.reset_index()
    frame.columns = [str(c) for c in frame.columns]
    return frame
