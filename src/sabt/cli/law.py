"""CLI for the legal elements: ``sabt law matrix|classify|decide|elements``."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from sabt.cli._shell import DB, JSON_OUT, console, open_case, user_errors

law_app = typer.Typer(rich_markup_mode=None, help="Rome Statute art. 7: candidate classifications, decisions, the elements matrix.",
                      no_args_is_help=True)

STYLE = {"supported": "green", "candidate": "yellow", "partial": "yellow", "weak": "magenta", "gap": "red"}


def _status(status: str) -> str:
    return f"[{STYLE.get(status, 'white')}]{status}[/]"


def print_matrix(matrix) -> None:
    table = Table(title="contextual elements (Rome Statute art. 7(1) chapeau, 7(2)(a))")
    for column in ("element", "citation", "status", "incidents", "claims", "evidence", "grades"):
        table.add_column(column)
    for row in matrix.contextual:
        table.add_row(escape(row.element.name), escape(row.element.citation), _status(row.status),
                      str(len(row.incidents)), str(len(row.claims)), str(len(row.evidence)),
                      escape(", ".join(row.grades())))
    console.print(table)
    table = Table(title="acts of article 7(1) and their elements")
    for column in ("act", "element", "status", "incidents", "claims", "evidence", "grades", "gap"):
        table.add_column(column)
    for act in matrix.acts:
        first = True
        for row in act.elements:
            table.add_row(f"7(1)({act.act.letter}) {escape(act.act.name[:40])} " + _status(act.status) if first else "",
                          escape(row.element.citation.replace("Elements of Crimes, ", "")), _status(row.status),
                          str(len(row.incidents)), str(len(row.claims)), str(len(row.evidence)),
                          escape(", ".join(row.grades())), escape(row.gaps[0][:80] if row.gaps else ""))
            first = False
    console.print(table)
    console.print(escape(matrix.describe()))


@law_app.command("matrix")
def matrix_command(
    db: str = DB,
    json_out: bool = JSON_OUT,
    csv_out: bool = typer.Option(False, "--csv", help="write the matrix as CSV (one row per element) to stdout"),
    markdown: Path | None = typer.Option(None, "--markdown", help="also write the readable matrix to this file"),
):
    """For each act of art. 7(1)(a)–(k) and each element, and for the four contextual elements:
    the incidents, claims and evidence that support it, their grades, and the gaps."""
    from sabt.law.matrix import law_matrix

    with user_errors():
        with open_case(db) as case:
            matrix = law_matrix(case)
    if csv_out:
        print(matrix.to_csv(), end="")
        return
    print_matrix(matrix)
    if markdown:
        markdown.write_text(matrix.to_markdown(), encoding="utf-8")
        console.print(f"wrote {escape(str(markdown))}")
    if json_out:
        print(json.dumps(matrix.to_dict(), ensure_ascii=False, default=str))


@law_app.command("classify")
def classify_command(
    db: str = DB,
    json_out: bool = JSON_OUT,
):
    """Propose candidate classifications from incident types (analysts' decisions are kept)."""
    from sabt.law.classify import classify

    with user_errors():
        with open_case(db) as case:
            summary = classify(case)
    console.print(escape(summary.describe()))
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


@law_app.command("decide")
def decide_command(
    incident: str = typer.Argument(..., help="incident id or key"),
    act: str = typer.Argument(..., help="act: a–k, 7(1)(a), 7-1-a or its name"),
    status: str = typer.Argument(..., help="confirmed | rejected | candidate"),
    db: str = DB,
    by: str = typer.Option(..., "--by", help="who decides (recorded, with the time, in the audit log)"),
    note: str | None = typer.Option(None, "--note", help="why"),
    json_out: bool = JSON_OUT,
):
    """Confirm or reject a candidate classification of an incident under an act."""
    from sabt.law.classify import decide

    with user_errors():
        with open_case(db) as case:
            outcome = decide(case, incident, act, status, by, note)
    console.print(f"incident {escape(str(outcome['incident']))}, {escape(outcome['act'])} {escape(outcome['act_name'])}: "
                  f"{escape(str(outcome['previous']))} → {_status(outcome['status'])} by {escape(outcome['decided_by'])}")
    if json_out:
        print(json.dumps(outcome, ensure_ascii=False))


@law_app.command("elements")
def elements_command(json_out: bool = typer.Option(False, "--json", help="the statute data as one JSON object")):
    """Show the statute data: the contextual elements and each act with its elements and citations."""
    from sabt.law.statute import load_statute

    statute = load_statute()
    if json_out:
        print(json.dumps(statute.to_dict(), ensure_ascii=False))
        return
    console.print(escape(statute.describe()))
    for element in statute.contextual:
        console.print(f"[bold]{escape(element.name)}[/] ({escape(element.citation)}): {escape(element.text)}")
    for act in statute.acts:
        console.print(f"\n[bold]art. 7(1)({act.letter}) {escape(act.name)}[/] — {escape(act.article)}")
        for element in act.specific_elements():
            console.print(f"  {escape(element.footnote_citation)} [{element.kind}]: {escape(element.text)}")
    for number, text in sorted(statute.footnotes.items()):
        console.print(f"[dim]footnote {number}: {escape(text)}[/]")
    for entry in statute.commentary:
        console.print(f"[italic]commentary on {escape(entry['about'])}: {escape(entry['text'])} "
                      f"({escape(entry['citation'])})[/]")
