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
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sabt.errors import SabtError

if TYPE_CHECKING:
    from .result import EstimateResult, StratifiedResult


def _sampler_sweeps(strata: int = 1) -> int:
    from .lcmcr import DEFAULTS

    per_chain = DEFAULTS["burnin"] + DEFAULTS["samples"] * DEFAULTS["thinning"]
    return strata * DEFAULTS["chains"] * per_chain


def _result_table(title: str, rows: list[tuple[str, EstimateResult]]) -> Table:
    from .result import _fmt

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
    linkage_draws: int = typer.Option(0, "--linkage-draws", min=0,
                                      help="with --db: draw this many linkages from the last link run's pair "
                                           "probabilities and pool the estimates (the interval then carries the "
                                           "linkage's doubt)"),
    linkage_mode: str = typer.Option("pairs", "--linkage-mode",
                                     help="pairs: each pair a link with its probability; band: the threshold drawn "
                                          "from 0.2-0.98"),
) -> None:
    """Estimate how many people no list documented (multiple systems estimation)."""
    from ._api import METHODS, estimate
    from ._data import read_counts
    from .result import StratifiedResult
    from .strata import capture_frame_from_case, estimate_strata

    console = Console(stderr=json_out)
    try:
        if method not in METHODS:
            raise SabtError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
        if (counts is None) == (db is None):
            raise SabtError("give either --counts FILE or --db DB")
        if counts is not None:
            if linkage_draws:
                raise SabtError("--linkage-draws needs --db (a counts file carries no linkage to draw from)")
            frame = read_counts(counts)
            if by:
                raise SabtError("--by needs --db (a counts file has no stratum columns); "
                                "use sabt.estimate.estimate_strata from Python for stratified counts")
        else:
            if linkage_draws and by:
                raise SabtError("--linkage-draws does not yet combine with --by; estimate the total first")
            frame = capture_frame_from_case(db, by)
        progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                            TextColumn("{task.percentage:>3.0f}%"), TimeRemainingColumn(),
                            console=console, transient=True, disable=method != "lcmcr")
        with progress:
            options = {}
            if method == "lcmcr":
                task = progress.add_task("LCMCR sampler", total=None)
                options["progress"] = lambda k: progress.advance(task, k)
                n_strata = frame[[b.strip() for b in by.split(",")]].drop_duplicates().shape[0] if (db and by) else 1
                progress.update(task, total=_sampler_sweeps(n_strata))
            if db is not None and by:
                result: EstimateResult | StratifiedResult = estimate_strata(
                    frame, by=[b.strip() for b in by.split(",") if b.strip()], method=method,
                    seed=seed, max_order=max_order, **options)
            else:
                if db is not None:
                    frame = frame.drop(columns=["person_id"]).assign(count=1)
                result = estimate(frame, method=method, seed=seed, max_order=max_order, **options)
                if linkage_draws:
                    result = _with_linkage_draws(db, result, linkage_draws, linkage_mode, method, seed, max_order)
    except SabtError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
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
    if linkage_draws:
        from .linkage import describe_linkage

        console.print(describe_linkage(result))
    if json_out:
        print(json.dumps(payload, ensure_ascii=False))


def _with_linkage_draws(db: str, own: EstimateResult, n: int, mode: str, method: str, seed, max_order):
    """The estimate pooled over ``n`` linkages drawn from the case's last link run."""
    from sabt.case import Case
    from sabt.settings import Settings

    from .linkage import draw_linkages, inputs_from_case, pooled_estimate

    if n < 2:
        raise SabtError("--linkage-draws needs at least 2 linkages")
    case = Case.open(Settings.for_db(db))
    try:
        inputs = inputs_from_case(case)
    finally:
        case.close()
    linkages = draw_linkages(inputs, n, seed=seed, mode=mode)
    options = {"max_order": max_order} if method == "loglinear" else {}
    return pooled_estimate(linkages, inputs.sources, method=method, seed=seed, own=own, **options)


def _standalone() -> None:  # pragma: no cover - `python -m sabt.estimate.command`
    app = typer.Typer(add_completion=False)
    app.command("estimate")(estimate_command)
    app()


if __name__ == "__main__":  # pragma: no cover
    _standalone()
