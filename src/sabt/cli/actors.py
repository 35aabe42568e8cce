"""CLI for the actor record: ``sabt command`` and ``sabt actors import|export|designation``.

Thin shells over :mod:`sabt.actors`; the main CLI registers them (``chain_of_command`` as
``sabt command``, ``actors_app`` as ``sabt actors``).
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.markup import escape
from rich.tree import Tree

from sabt.cli._shell import DB, JSON_OUT, console, fail, one_of, open_case, user_errors, writable_file

actors_app = typer.Typer(rich_markup_mode=None, help="Units, officials, posts, parentage and deployments (who was in command).",
                         no_args_is_help=True)


def _sources_text(sources: list[dict]) -> str:
    if not sources:
        return "[red]no source[/]"
    counted: dict[tuple, int] = {}
    for s in sources:
        key = (s["source_id"], s.get("confidence"))
        counted[key] = counted.get(key, 0) + 1
    return ", ".join(escape(sid) + (f" ({escape(conf)})" if conf else "") + (f" ×{n}" if n > 1 else "")
                     for (sid, conf), n in counted.items())


def _span_text(span: dict) -> str:
    return f"{span.get('from') or '…'} – {span.get('to') or '…'}"


def _unit_label(node, header: str) -> str:
    via = node.via
    name = escape(node.unit["name"])
    if node.unit.get("name_fa"):
        name += f" / {escape(node.unit['name_fa'])}"
    extra = []
    if via.get("span"):
        extra.append(_span_text(via["span"]))
    if via.get("confidence"):
        extra.append(f"confidence {escape(via['confidence'])}")
    if via.get("uncertain_dates"):
        extra.append("[yellow]dates partial[/]")
    return f"{header}[bold]{name}[/] ({'; '.join(extra)}) — sources: {_sources_text(via.get('sources', []))}"


def _add_node(tree: Tree, node, header: str, shown: set | None = None) -> None:
    """Add a unit, its commanders, gaps and parents; a chain already printed in full for the
    same days is not repeated (``shown`` remembers them)."""
    shown = set() if shown is None else shown
    seen_key = (node.unit["key"], node.window.get("first_day"), node.window.get("last_day"))
    if node.parents and seen_key in shown:
        tree.add(_unit_label(node, header) + " [dim](its chain as shown above)[/]")
        return
    shown.add(seen_key)
    branch = tree.add(_unit_label(node, header))
    for commander in node.commanders:
        person = commander["person"]
        role = ", ".join(filter(None, [commander.get("rank"), commander.get("role"), commander.get("title")]))
        flags = []
        if not commander["whole_window"]:
            flags.append("[yellow]part of the period[/]")
        if commander["uncertain_dates"]:
            flags.append("[yellow]dates partial[/]")
        branch.add(f"commander: [bold]{escape(person['name'])}[/] ({escape(role)}, {_span_text(commander['span'])}, "
                   f"confidence {escape(commander['confidence'] or '?')}{'; ' + '; '.join(flags) if flags else ''})"
                   f" — sources: {_sources_text(commander['sources'])}")
    for gap in node.gaps:
        branch.add(f"[red]gap:[/] {escape(gap)}")
    for parent in node.parents:
        relation = parent.via.get("relation", "command")
        _add_node(branch, parent, "under " if relation == "command" else f"{escape(relation)} tie to ", shown)
    if node.top_of_record:
        branch.add("[dim]top of the chain on record[/]")


def print_answer(answer) -> None:
    """The answer as a rich tree: units, their commanders and parents, gaps in red."""
    place = answer.place["name"] if answer.place else "?"
    window = answer.window
    when = window["first_day"] if window["first_day"] == window["last_day"] else \
        f"{window['first_day']} – {window['last_day']}"
    title = f"who was in command at [bold]{escape(place)}[/], {when}"
    if answer.query.get("incident"):
        title = f"incident {escape(str(answer.query['incident']['key'] or answer.query['incident']['id']))}: " \
                f"{escape(answer.query['incident']['title'])} — " + title
    tree = Tree(title)
    shown: set = set()
    for node in answer.units:
        via = node.via
        if via.get("kind") == "deployment":
            where = via["place"]["name"] or "?"
            if via["place"].get("kind") in ("province", "country"):
                where += f" ({via['place']['kind']})"
            header = escape(f"[{via['specificity']}] deployed at {where}: ")
            for tie in via.get("incident_involvements", []):
                header = escape(f"[incident actor, {tie['involvement']}] ") + header
            if via.get("less_specific"):
                header = "[yellow](less specific)[/] " + header
        else:
            header = escape(f"[incident actor, {via.get('involvement') or '?'}] ")
        _add_node(tree, node, header, shown)
    for person in answer.persons:
        tree.add(escape(f"[incident actor, {person.get('involvement') or '?'}] ") + f"[bold]{escape(person['person']['name'])}"
                 f"[/] — sources: {_sources_text(person.get('sources', []))}")
    for gap in answer.gaps:
        tree.add(f"[red]gap:[/] {escape(gap)}")
    console.print(tree)
    console.print(escape(answer.describe()))


def chain_of_command(
    db: str = DB,
    incident: str | None = typer.Option(None, "--incident", help="incident id or key"),
    place: str | None = typer.Option(None, "--place", help="city, province or place key"),
    date: str | None = typer.Option(None, "--date", help="a day (2026-01-08), a month (2026-01) or a range "
                                                            "(2026-01-08..2026-01-09)"),
    json_out: bool = JSON_OUT,
):
    """Who was in command: the units at a place and time (or an incident), their chains of
    command at that date, the persons holding command posts, every link with its sources,
    and the gaps in the record."""
    from sabt.actors.chain import who_was_in_command

    if incident is None and (place is None or date is None):
        fail("give --incident ID, or --place PLACE and --date DATE", 2)
    with user_errors():
        with open_case(db) as case:
            answer = who_was_in_command(case, incident_id=incident, place=place, date=date)
    print_answer(answer)
    if json_out:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, default=str))


@actors_app.command("import")
def import_command(
    directory: Path = typer.Argument(..., help="folder with units.csv, persons.csv, posts.csv, parentage.csv, "
                                               "deployments.csv (see docs/actors.md)"),
    db: str = DB,
    json_out: bool = JSON_OUT,
):
    """Import units, officials, posts, parentage, deployments and directives, all or nothing."""
    from sabt.actors.importer import import_actors

    with user_errors():
        with open_case(db) as case:
            summary = import_actors(case, directory)
    console.print(escape(summary.describe()))
    if summary.unresolved_places:
        console.print("places not found in the gazetteer (kept verbatim): " + escape(", ".join(summary.unresolved_places)))
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


@actors_app.command("export")
def export_command(
    db: str = DB,
    file_format: str = typer.Option("popolo", "--format", metavar="popolo|csv",
                                    help="popolo (one JSON file) or csv (a folder)", callback=one_of("--format", ("popolo", "csv"))),
    out: Path = typer.Option(..., "-o", "--out", help="file (popolo) or folder (csv) to write"),
):
    """Export the actor record as Popolo JSON, or as the CSV files `sabt actors import` reads."""
    from sabt.actors.export import export_csv, export_popolo

    if file_format not in ("popolo", "csv"):
        fail(f"unknown format {file_format!r}; use popolo or csv", 2)
    with user_errors():
        with open_case(db) as case:
            if file_format == "popolo":
                document = export_popolo(case)
                out.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
                console.print(f"wrote {len(document['organizations'])} organizations, {len(document['persons'])} persons,"
                              f" {len(document['memberships'])} memberships, {len(document['deployments'])} deployments"
                              f" to {escape(str(out))}")
            else:
                written = export_csv(case, out)
                console.print("wrote " + ", ".join(f"{n} ({c})" for n, c in written.items()) + f" to {escape(str(out))}")


@actors_app.command("designation")
def designation_command(
    actor: str = typer.Argument(..., help="key, name or alias of a unit or a person"),
    db: str = DB,
    out: Path = typer.Option(..., "-o", "--out", help="file to write: .md, .html or .json",
                             callback=writable_file("--out")),
):
    """Write a designation file for one actor: what is recorded about them, the incidents tied
    to them through deployments and command, with every source."""
    from sabt.actors.designation import designation, render_html, render_markdown

    if out.suffix.lower() not in (".md", ".html", ".htm", ".json"):
        fail(f"--out {out}: write .md, .html or .json (a {out.suffix or 'suffix-less'} file would hold Markdown)")
    with user_errors():
        with open_case(db) as case:
            file = designation(case, actor)
    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        text = render_html(file)
    elif suffix == ".json":
        text = json.dumps(file, ensure_ascii=False, indent=2)
    else:
        text = render_markdown(file)
    out.write_text(text, encoding="utf-8")
    console.print(f"wrote the designation file of {escape(file['actor']['name'])} to {escape(str(out))}: "
                  f"{len(file['incidents'])} incident(s), {len(file['sources'])} source(s)")
