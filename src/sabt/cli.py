"""The `sabt` command: a thin shell over the core functions; errors become clear messages."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sabt.case import Case
from sabt.errors import SabtError
from sabt.settings import Settings

app = typer.Typer(help="sabt — the record: accountability documentation for mass human-rights violations.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
import_app = typer.Typer(help="Import lists, claims and reports into a case.", no_args_is_help=True)
app.add_typer(import_app, name="import")
console = Console()
err = Console(stderr=True)

DB = typer.Option(..., "--db", help="case file (SQLite path) or postgresql:// URL")
JSON_OUT = typer.Option(False, "--json", help="put one JSON object on the last line of output")


def fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def user_errors():
    """Turn sabt's errors into a message and exit status; never a traceback."""
    try:
        yield
    except SabtError as error:
        fail(_escape(str(error)), error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; nothing half-written was kept", 130)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def open_case(db: str, **overrides) -> Case:
    return Case.open(Settings.for_db(db, **overrides))


@contextmanager
def progress_bar(description: str):
    """A rich progress bar; yields a callback ``(step, done, total)``."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as progress:
        tasks: dict[str, int] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(f"{description}: {step}", total=total)
            progress.update(tasks[step], completed=done, total=total)

        yield update


@app.command()
def init(db: str = typer.Argument(..., help="case file to create, or a postgresql:// URL")):
    """Create a new case: the store, the gazetteer, and the key that seals protected identities."""
    with user_errors():
        case = Case.init(Settings.for_db(db))
        console.print(f"created case {case.case_id[:8]} at [bold]{_escape(db)}[/]")
        console.print(f"key for protected identities: {case.key_path} (keep it outside the case, back it up)")


@app.command()
def stats(db: str = DB, json_out: bool = JSON_OUT):
    """Counts of sources, claims, incidents, records, persons and evidence."""
    with user_errors():
        with open_case(db) as case:
            counts = case.stats()
    table = Table(title="case")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)
    if json_out:
        print(json.dumps(counts))


@import_app.command("list")
def import_list_command(
    file: Path = typer.Argument(..., help="CSV, TSV, XLSX or JSON list"),
    db: str = DB,
    source: str = typer.Option(..., "--source", help="id of the source (organisation) the list comes from"),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="TOML file mapping the list's headers onto sabt's fields"),
    calendar: Optional[str] = typer.Option(None, "--calendar", help="auto | gregorian | solar_hijri"),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="auto | utf-8 | utf-16 | cp1256"),
    file_format: Optional[str] = typer.Option(None, "--format", help="csv | tsv | xlsx | json | jsonl"),
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="import the good rows; write the bad ones to FILE.rejects.csv"),
    json_out: bool = JSON_OUT,
):
    """Import an organisation's list: rows kept as read beside their normalised fields.

    Columns recognised without a mapping: id, name, given_name, family_name, father_name, age,
    birth_year, sex, date_of_death, date_of_arrest, status, city, province, address, contact,
    notes, protected (see docs/import.md).
    """
    from sabt.ingest import import_list

    if calendar:
        calendar = calendar.replace("-", "_")
    with user_errors():
        with open_case(db) as case, progress_bar(Path(file).name) as update:
            summary = import_list(case, file, source, mapping, calendar, encoding, file_format,
                                  skip_bad_rows, progress=update)
    _print_import(summary)
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


def _print_import(summary) -> None:
    if summary.already_imported:
        console.print(f"{_escape(summary.file)} was already imported for {_escape(summary.source_id)}; nothing added")
        return
    console.print(
        f"{_escape(summary.file)} ({summary.file_format}, {summary.encoding or 'binary'}): "
        f"{summary.rows_read:,} rows read, {summary.rows_added:,} added, {summary.rows_unchanged:,} unchanged, "
        f"{summary.rows_superseding:,} superseding earlier rows, {summary.rows_rejected:,} rejected, "
        f"{summary.protected:,} protected"
    )
    if summary.unrecognised_columns:
        console.print("columns kept as read but not recognised: " + _escape(", ".join(summary.unrecognised_columns)))
    if summary.unresolved_places:
        shown = ", ".join(f"{_escape(p)} ({n})" for p, n in list(summary.unresolved_places.items())[:15])
        console.print(f"places not found in the gazetteer (kept verbatim): {shown}")
    if summary.rejects_file:
        console.print(f"rejected rows written to {_escape(summary.rejects_file)}")


@import_app.command("claims")
def import_claims_command(file: Path = typer.Argument(..., help="CSV or JSON of claims with their sources"),
                          db: str = DB, json_out: bool = JSON_OUT):
    """Import claims (and their sources) from CSV or JSON."""
    from sabt.claims import import_claims

    with user_errors():
        with open_case(db) as case:
            summary = import_claims(case, file)
    console.print(f"{_escape(summary.file)}: {summary.sources_added} sources and {summary.claims_added} claims added, "
                  f"{summary.claims_unchanged} unchanged, {summary.claims_superseding} superseding earlier claims")
    if summary.unresolved_places:
        console.print("places not found in the gazetteer (kept verbatim): " + _escape(", ".join(summary.unresolved_places)))
    if json_out:
        print(json.dumps(summary.__dict__, ensure_ascii=False))


@app.command("export")
def export_command(
    table: str = typer.Argument(..., help="sources, claims, incidents, records, persons, places, actors, …"),
    db: str = DB,
    file_format: str = typer.Option("csv", "--format", help="csv | xlsx | parquet | json"),
    out: Path = typer.Option(..., "-o", "--out", help="file to write"),
    reveal_protected: bool = typer.Option(False, "--reveal-protected", help="write protected identities in clear (needs the key)"),
):
    """Export a table. Protected identities are redacted unless --reveal-protected."""
    from sabt.store.export import export_table

    with user_errors():
        with open_case(db) as case:
            count = export_table(case, table, file_format, out, reveal_protected)
    console.print(f"wrote {count:,} {table} to {_escape(str(out))}")


def _register_optional_commands() -> None:
    """Parts built separately register their commands here when present."""
    try:
        from sabt.estimate.command import estimate_command
    except ImportError:
        pass
    else:
        app.command("estimate")(estimate_command)
    try:
        from sabt.simulate.command import simulate_command
    except ImportError:
        pass
    else:
        simulate_app = typer.Typer(help="Synthetic populations and lists with a known truth.", no_args_is_help=True)
        simulate_app.command("lists")(simulate_command)
        app.add_typer(simulate_app, name="simulate")
    try:
        from sabt.vault.command import vault_app
    except ImportError:
        pass
    else:
        app.add_typer(vault_app, name="vault", help="The evidence vault: tamper-evident, verifiable, exportable.")


_register_optional_commands()


def main() -> None:
    try:
        app()
    except SabtError as error:  # a part that did not translate its own error
        err.print(f"error: {error}", markup=False)
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main()
