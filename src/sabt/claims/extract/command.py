"""`sabt import report FILE --db DB --source ID [--json]`: propose a report's claims for review."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from sabt.errors import SabtError

FILE = typer.Argument(..., help="the report: plain text, HTML or PDF")
DB = typer.Option(..., "--db", help="case file (SQLite path) or postgresql:// URL")
SOURCE = typer.Option(..., "--source", help="id of the source the report is (created if new, kind 'report')")
YEAR = typer.Option(None, "--year", help="year for dates written without one (default: from the text)")
REPORT_DATE = typer.Option(None, "--report-date", help="the report's date, YYYY-MM-DD (gives years to dates)")
JSON_OUT = typer.Option(False, "--json", help="put one JSON object on the last line of output")


def import_report_command(
    file: Path = FILE,
    db: str = DB,
    source: str = SOURCE,
    year: int | None = YEAR,
    report_date: str | None = REPORT_DATE,
    json_out: bool = JSON_OUT,
):
    """Read a report and propose its quantitative claims as *reported, unreviewed*.

    Review them with `sabt review claims --db DB`. Importing the same report again adds nothing.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from sabt.case import Case
    from sabt.claims.extract import import_report
    from sabt.settings import Settings

    console, err = Console(), Console(stderr=True)
    try:
        day = dt.date.fromisoformat(report_date) if report_date else None
    except ValueError:
        err.print(f"[bold red]error:[/] --report-date {report_date!r} is not YYYY-MM-DD", highlight=False)
        raise typer.Exit(2) from None
    try:
        with Case.open(Settings.for_db(db)) as case, Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
        ) as progress:
            task = progress.add_task(f"{file.name}: writing claims", total=None)
            summary = import_report(
                case, file, source,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
                default_year=year, report_date=day,
            )
    except SabtError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(error.exit_code) from None
    console.print(
        f"{summary.file}: {summary.proposed} claims proposed, {summary.claims_added} added as reported/unreviewed, "
        f"{summary.claims_unchanged} already in the case" + ("; source created" if summary.source_added else ""),
        highlight=False,
    )
    if summary.snapshot_sha256:
        console.print(f"linked to the vault snapshot {summary.snapshot_sha256[:12]}…", highlight=False)
    if summary.by_metric:
        table = Table("metric", "claims")
        for metric, count in sorted(summary.by_metric.items(), key=lambda kv: -kv[1]):
            table.add_row(metric, str(count))
        console.print(table)
    if summary.unresolved_places:
        console.print("places not in the case's gazetteer (kept as text): " + ", ".join(sorted(set(summary.unresolved_places))),
                      highlight=False)
    if summary.claims_added:
        console.print(f"review them: sabt review claims --db {db}", highlight=False)
    if json_out:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
