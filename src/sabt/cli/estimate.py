"""``sabt estimate``: the command-line shell around :mod:`sabt.estimate`.

The CLI registers :func:`estimate_command`; it only reads input, calls the library and turns
``SabtError`` into a clean message and exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from sabt.cli._shell import progress_bar, user_errors
from sabt.errors import SabtError

if TYPE_CHECKING:
    from sabt.estimate.result import EstimateResult, StratifiedResult


def _sampler_sweeps(strata: int = 1) -> int:
    from sabt.estimate.lcmcr import DEFAULTS

    per_chain = DEFAULTS["burnin"] + DEFAULTS["samples"] * DEFAULTS["thinning"]
    return strata * DEFAULTS["chains"] * per_chain


def _sweeps_counter(update, total: int):
    """The sampler reports sweeps done since its last call; the bar wants the count so far."""
    done = 0

    def advance(sweeps: int) -> None:
        nonlocal done
        done += sweeps
        update("LCMCR sampler", done, total)

    return advance


def _result_table(title: str, rows: list[tuple[str, EstimateResult]]) -> Table:
    from sabt.estimate.result import _fmt

    table = Table(title=title)
    for column in ("", "documented", "estimate", "95 % interval", "model"):
        table.add_column(column, justify="right" if column not in ("", "model") else "left")
    for name, r in rows:
        model = r.model if isinstance(r.model, str) else (
            r.model.get("name", "") if "stratified_by" not in r.model else "sum of strata")
        table.add_row(name, f"{r.observed:,}", _fmt(r.estimate),
                      f"{_fmt(r.lower)} – {_fmt(r.upper)}", str(model))
    return table


def estimate_command(
    counts: Path | None = typer.Option(None, "--counts", help="capture-pattern CSV: one 0/1 column per list and `count`"),
    db: str | None = typer.Option(None, "--db", help="case database (SQLite path or postgresql:// URL) with linked persons"),
    by: str | None = typer.Option(None, "--by", help="stratify by these fields, comma-separated (province,period,week,sex,age_group)"),
    method: str = typer.Option("loglinear", "--method", help="loglinear | lcmcr | dga"),
    seed: int | None = typer.Option(None, "--seed", help="random seed, for a reproducible run"),
    max_order: int = typer.Option(2, "--max-order", help="log-linear: highest order of list interactions (2 or 3)"),
    json_out: bool = typer.Option(False, "--json", help="print one JSON object on the last line"),
) -> None:
    """Estimate how many people no list documented (multiple systems estimation)."""
    from sabt.estimate._api import METHODS, estimate
    from sabt.estimate._data import read_counts
    from sabt.estimate.result import StratifiedResult
    from sabt.estimate.strata import capture_frame_from_case, estimate_strata

    console = Console(stderr=json_out)
    with user_errors():
        if method not in METHODS:
            raise SabtError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        if (counts is None) == (db is None):
            raise SabtError("give either --counts FILE or --db DB")
        if counts is not None:
            frame = read_counts(counts)
            if by:
                raise SabtError("--by needs --db (a counts file has no stratum columns); "
                                "use sabt.estimate.estimate_strata from Python for stratified counts")
        else:
            frame = capture_frame_from_case(db, by)
        with progress_bar(transient=True, enabled=method == "lcmcr") as update:
            options = {}
            if method == "lcmcr":
                n_strata = frame[[b.strip() for b in by.split(",")]].drop_duplicates().shape[0] if (db and by) else 1
                options["progress"] = _sweeps_counter(update, _sampler_sweeps(n_strata))
            if db is not None and by:
                result: EstimateResult | StratifiedResult = estimate_strata(
                    frame, by=[b.strip() for b in by.split(",") if b.strip()], method=method,
                    seed=seed, max_order=max_order, **options)
            else:
                if db is not None:
                    frame = frame.drop(columns=["person_id"]).assign(count=1)
                result = estimate(frame, method=method, seed=seed, max_order=max_order, **options)
    if isinstance(result, StratifiedResult):
        rows = list(result.strata.items()) + [("total", result.total)]
        console.print(_result_table(f"Estimated total by {', '.join(result.by)} ({method})", rows))
        for name, reason in result.skipped.items():
            console.print(f"[yellow]not estimated:[/yellow] {name}: {reason}")
        summary = result.total
        payload = result.total.to_dict()
        payload["strata"] = {k: v.to_dict() for k, v in result.strata.items()}
        payload["skipped"] = result.skipped
        payload["chart"] = result.chart_data()
    else:
        console.print(_result_table(f"Estimated total ({method})", [("all", result)]))
        summary = result
        payload = result.to_dict()
    for warning in summary.warnings:
        console.print(f"[yellow]caution:[/yellow] {warning}")
    console.print(summary.describe() if not isinstance(result, StratifiedResult) else result.describe())
    if json_out:
        print(json.dumps(payload, ensure_ascii=False))
