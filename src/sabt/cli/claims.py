"""`sabt import report` (propose a report's claims for review) and `sabt review claims` (decide them)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sabt.cli._shell import DB, JSON_OUT, console, fail, open_case, progress_bar, user_errors

if TYPE_CHECKING:
    from sabt.store import models

FILE = typer.Argument(..., help="the report: plain text, HTML or PDF")
SOURCE = typer.Option(..., "--source", help="id of the source the report is (created if new, kind 'report')")
YEAR = typer.Option(None, "--year", help="year for dates written without one (default: from the text)")
REPORT_DATE = typer.Option(None, "--report-date", help="the report's date, YYYY-MM-DD (gives years to dates)")


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
    from rich.table import Table

    from sabt.claims.extract import import_report

    try:
        day = dt.date.fromisoformat(report_date) if report_date else None
    except ValueError:
        fail(f"--report-date {report_date!r} is not YYYY-MM-DD", 2)
    with user_errors():
        with open_case(db) as case, progress_bar(file.name, transient=True) as update:
            summary = import_report(
                case, file, source,
                progress=lambda done, total: update("writing claims", done, total),
                default_year=year, report_date=day,
            )
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


# ---------------------------------------------------------------------------------------
# `sabt review claims`


def _claim_panel(claim: models.Claim, number: int, total: int):
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from sabt.claims.values import format_count

    quote = Text(claim.quote or "")
    extra = claim.extra or {}
    if claim.quote and extra.get("value_start") is not None and claim.quote_start is not None:
        start = extra["value_start"] - claim.quote_start
        end = extra["value_end"] - claim.quote_start
        if 0 <= start < end <= len(claim.quote):
            quote.stylize("bold black on yellow", start, end)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    stored = " / ".join("–" if v is None else f"{v:,}" for v in (claim.low, claim.best, claim.high))
    for name, shown in (
        ("metric", claim.metric), ("value", format_count(claim.low, claim.best, claim.high, claim.qualifier)),
        ("low / best / high", stored), ("qualifier", claim.qualifier),
        ("as of", claim.as_of), ("period", " → ".join(str(d) for d in (claim.period_start, claim.period_end) if d)),
        ("place", f"{claim.place_text} ({claim.place_key})" if claim.place_key else claim.place_text),
        ("attributed to", claim.attributed_to or "(the report itself)"),
    ):
        table.add_row(name, Text("" if shown in (None, "") else str(shown)))
    rules = extra.get("rules") or {}
    if rules:
        table.add_row("why", Text("; ".join(f"{k}: {v}" for k, v in rules.items() if k != "lexicon")))
    title = f"claim {number} of {total} — #{claim.id} from {claim.source_id}"
    if claim.quote_start is not None:
        title += f" (characters {claim.quote_start}–{claim.quote_end})"
    return Panel(Group(quote, Text(""), table), title=title, title_align="left")


def review_claims_command(
    db: str = DB,
    reviewer: str | None = typer.Option(None, "--reviewer", help="your name, stored with each decision"),
    source: str | None = typer.Option(None, "--source", help="only the claims of this source"),
    limit: int = typer.Option(0, "--limit", help="at most this many claims in this session (0: all)"),
):
    """Review proposed claims one by one: [a]ccept, [r]eject, [c]orrect, [s]kip, [q]uit.

    A correction is typed as field=value pairs, e.g. ``metric=detained value="more than 3,000"
    attributed_to="Iran HRM"``; the proposal is kept and the corrected claim supersedes it.
    """
    from sabt.claims.review import ReviewRefused, decide_claim, parse_corrections, pending_claims

    reviewer = reviewer or os.environ.get("SABT_ACTOR") or os.environ.get("USER") or ""
    if not reviewer:
        reviewer = typer.prompt("your name (stored with each decision)")
    with user_errors():
        with open_case(db, actor=reviewer) as case:
            claims = pending_claims(case, source_id=source, limit=limit or None)
            if not claims:
                console.print("no proposed claims are waiting for review")
                return
            counts = {"accept": 0, "reject": 0, "correct": 0, "skip": 0}
            for number, claim in enumerate(claims, start=1):
                console.print(_claim_panel(claim, number, len(claims)))
                answer = typer.prompt("[a]ccept / [r]eject / [c]orrect / [s]kip / [q]uit", default="s")
                answer = answer.strip().lower()[:1]
                if answer == "q":
                    break
                if answer == "a":
                    decide_claim(case, claim.id, "accept", reviewer)
                    counts["accept"] += 1
                elif answer == "r":
                    note = typer.prompt("why (optional)", default="", show_default=False)
                    decide_claim(case, claim.id, "reject", reviewer, note=note or None)
                    counts["reject"] += 1
                elif answer == "c":
                    while True:
                        text = typer.prompt("corrections (field=value …; empty to skip)", default="", show_default=False)
                        if not text.strip():
                            counts["skip"] += 1
                            break
                        try:
                            new_id = decide_claim(case, claim.id, "correct", reviewer, parse_corrections(text))
                        except ReviewRefused as problem:
                            console.print(f"[red]not stored:[/] {problem}", highlight=False)
                            continue
                        console.print(f"stored as claim #{new_id} (supersedes #{claim.id})")
                        counts["correct"] += 1
                        break
                else:
                    counts["skip"] += 1
            console.print(
                f"{counts['accept']} accepted, {counts['correct']} corrected, {counts['reject']} rejected, "
                f"{counts['skip']} skipped; {len(pending_claims(case, source_id=source))} still waiting"
            )


