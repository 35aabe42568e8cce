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

from sabt.cli._shell import one_of, open_case, progress_bar, user_errors
from sabt.errors import SabtError
from sabt.settings import ESTIMATE_METHODS, EstimateOptions

if TYPE_CHECKING:
    from sabt.estimate.result import EstimateResult


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
    method: str | None = typer.Option(None, "--method", metavar="|".join(ESTIMATE_METHODS),
                                      help=f"the model (default {EstimateOptions.method})",
                                      callback=one_of("--method", ESTIMATE_METHODS)),
    seed: int | None = typer.Option(None, "--seed", help=f"random seed, for a reproducible run (default {EstimateOptions.seed})"),
    max_order: int | None = typer.Option(None, "--max-order", metavar="2|3",
                                         help="log-linear: highest order of list interactions "
                                              f"(default {EstimateOptions.max_order})",
                                         callback=one_of("--max-order", (2, 3))),
    json_out: bool = typer.Option(False, "--json", help="print one JSON object on the last line"),
    linkage_draws: int | None = typer.Option(None, "--linkage-draws", min=0,
                                             help="with --db: draw this many linkages from the last link run's pair "
                                                  "probabilities and pool the estimates (the interval then carries "
                                                  "the linkage's doubt)"),
    linkage_mode: str | None = typer.Option(None, "--linkage-mode",
                                            help="pairs: each pair a link with its probability; band: the threshold "
                                                 "drawn from 0.2-0.98"),
) -> None:
    """Estimate how many people no list documented (multiple systems estimation).

    From a case (--db) the run is recorded in the case, where `sabt report` finds it; what is
    not given is the case's setting (case.toml's [estimate], saved by `sabt run`), else the default.
    """
    from sabt.estimate._data import read_counts

    console = Console(stderr=json_out)
    strata = tuple(b.strip() for b in by.split(",") if b.strip()) if by is not None else None
    changes = {"method": method, "max_order": max_order, "strata": strata, "seed": seed,
               "linkage_draws": linkage_draws, "linkage_mode": linkage_mode}
    with user_errors():
        if (counts is None) == (db is None):
            raise SabtError("give either --counts FILE or --db DB")
        if db is not None:
            from sabt.estimate.run import estimate_case

            with open_case(db) as case:
                options = case.step_options().estimate.changed(**changes)
                with progress_bar(transient=True, enabled=options.method == "lcmcr") as update:
                    outcome = estimate_case(case, options, progress=update)
            result, run_id = outcome.result, outcome.run_id
        else:
            if linkage_draws:
                raise SabtError("--linkage-draws needs --db (a counts file carries no linkage to draw from)")
            if strata:
                raise SabtError("--by needs --db (a counts file has no stratum columns); "
                                "use sabt.estimate.estimate_strata from Python for stratified counts")
            from sabt.estimate._api import estimate

            options = EstimateOptions().changed(**changes)
            with progress_bar(transient=True, enabled=options.method == "lcmcr") as update:
                extra = {}
                if options.method == "lcmcr":
                    from sabt.estimate.lcmcr import sampler_sweeps, sweeps_counter

                    extra["progress"] = sweeps_counter(update, sampler_sweeps())
                result = estimate(read_counts(counts), method=options.method, seed=options.seed,
                                  max_order=options.max_order, **extra)
            run_id = None
    _print_result(console, result, options.method)
    if options.linkage_draws:
        from sabt.estimate.linkage import describe_linkage

        console.print(describe_linkage(result))
    if json_out:
        payload = _payload(result)
        if run_id is not None:
            payload["run_id"] = run_id
        print(json.dumps(payload, ensure_ascii=False))


def _print_result(console: Console, result, method: str) -> None:
    from sabt.estimate.result import StratifiedResult

    if isinstance(result, StratifiedResult):
        rows = list(result.strata.items()) + [("total", result.total)]
        console.print(_result_table(f"Estimated total by {', '.join(result.by)} ({method})", rows))
        for name, reason in result.skipped.items():
            console.print(f"[yellow]not estimated:[/yellow] {name}: {reason}")
        summary = result.total
    else:
        console.print(_result_table(f"Estimated total ({method})", [("all", result)]))
        summary = result
    for warning in summary.warnings:
        console.print(f"[yellow]caution:[/yellow] {warning}")
    console.print(result.describe())


def _payload(result) -> dict:
    from sabt.estimate.result import StratifiedResult

    if not isinstance(result, StratifiedResult):
        return result.to_dict()
    payload = result.total.to_dict()
    payload["strata"] = {k: v.to_dict() for k, v in result.strata.items()}
    payload["skipped"] = result.skipped
    payload["chart"] = result.chart_data()
    return payload
