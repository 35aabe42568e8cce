"""``sabt encode`` (at an organisation) and ``sabt import encoded`` (at the linkage unit):
thin shells over :mod:`sabt.pprl` (:mod:`sabt.pprl.encode` describes the encoding)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from sabt.cli._shell import CALENDAR, DB, ENCODING, JSON_OUT, LIST_FORMAT, console, open_case, progress_bar, user_errors


def encode_command(
    file: Path = typer.Argument(..., help="the organisation's list: CSV, TSV, XLSX or JSON, as for `sabt import list`"),
    secret: Path = typer.Option(..., "--secret", help="the coalition's secret key file (32+ random bytes, or hex)"),
    output: Path = typer.Option(..., "-o", "--output", help="encoded list to hand over; OUT.ids.csv is written beside it "
                                                            "and stays with the organisation"),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="TOML file mapping the list's headers onto sabt's fields"),
    calendar: Optional[str] = CALENDAR,
    encoding: Optional[str] = ENCODING,
    file_format: Optional[str] = LIST_FORMAT,
    share: Optional[str] = typer.Option(None, "--share", help="fields shared in clear, comma-separated, from sex, age_band, "
                                                              "date_of_death, date_of_arrest, province, city "
                                                              "[default: sex,age_band,date_of_death,province]"),
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="encode the good rows; the bad ones go beside the file (list.csv → list.rejects.csv)"),
    json_out: bool = JSON_OUT,
):
    """Encode a list for privacy-preserving linkage: no name leaves the organisation."""
    from sabt.pprl.encode import encode_list, parse_share, read_secret

    with user_errors():
        key = read_secret(secret)
        shared = parse_share(share)
        with progress_bar(Path(file).name) as update:
            summary = encode_list(file, key, output, mapping, calendar.replace("-", "_") if calendar else None,
                                  encoding, file_format, shared, skip_bad_rows, progress=update)
    console.print(f"{escape(summary.file)} ({summary.file_format}, {summary.encoding or 'binary'}): "
                  f"{summary.rows_read:,} rows read, {summary.rows_encoded:,} encoded, {summary.rows_rejected:,} rejected")
    console.print(f"encoded list: {escape(summary.output)} (shared in clear: {', '.join(summary.shared) or 'nothing'})")
    console.print(f"id map, keep it here: {escape(summary.ids_file)}")
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


def import_encoded_command(
    file: Path = typer.Argument(..., help="an encoded list written by `sabt encode`"),
    db: str = DB,
    source: str = typer.Option(..., "--source", help="id of the source (organisation) the list comes from"),
    json_out: bool = JSON_OUT,
):
    """Import an organisation's encoded list (privacy-preserving linkage)."""
    from sabt.cli import _print_import
    from sabt.pprl.importer import import_encoded

    with user_errors():
        with open_case(db) as case:
            summary = import_encoded(case, file, source)
    _print_import(summary)
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


def encoded_pair_table(case, pair, title: str):
    """An encoded pair for the terminal: clear fields side by side, then each encoded field's Dice."""
    from rich.table import Table

    from sabt.pprl.link import ENCODED_FIELDS
    from sabt.pprl.review import CLEAR_FIELDS, encoded_pair_view

    view = encoded_pair_view(case, pair.record_a, pair.record_b)
    table = Table(title=title + " (encoded: no names)")
    table.add_column("field")
    table.add_column(f"{escape(view['source_a'])} {view['encoded_id_a']}")
    table.add_column(f"{escape(view['source_b'])} {view['encoded_id_b']}")
    for field in CLEAR_FIELDS:
        a, b = view[f"{field}_a"], view[f"{field}_b"]
        if a is None and b is None:
            continue
        table.add_row(field + ("" if a == b else " ≠"), escape(str(a or "")), escape(str(b or "")))
    for field in ENCODED_FIELDS:
        similarity = view[f"similarity_{field}"]
        if similarity is not None:
            table.add_row(f"{field} (encoded)", "Dice similarity", f"{similarity:.3f}")
    return table


def export_encoded_pairs_command(
    out: Path = typer.Option(..., "--out", help="CSV of the uncertain pairs for the two organisations to confirm"),
    db: str = DB,
    limit: Optional[int] = typer.Option(None, "--limit", help="at most this many pairs"),
):
    """Write the uncertain pairs of an encoded case (no names) for the organisations to check."""
    from sabt.pprl.importer import is_encoded_case
    from sabt.pprl.review import export_pending

    with user_errors():
        with open_case(db) as case:
            if not is_encoded_case(case):
                from sabt.errors import SabtError

                raise SabtError("this case's lists are in clear; review them with `sabt review pairs`")
            count = export_pending(case, out, limit)
    console.print(f"{count:,} pairs written to {escape(str(out))}: each organisation finds its record by its "
                  "OUT.ids.csv; fill decision (accept/reject) and confirmed_by (both organisations)")


def confirm_command(
    file: Path = typer.Argument(..., help="the export, with decision and confirmed_by filled"),
    db: str = DB,
    reviewer: str = typer.Option(..., "--reviewer", help="who records the decisions"),
):
    """Record decisions that the two organisations confirmed between themselves, outside sabt."""
    from sabt.pprl.review import record_confirmed

    with user_errors():
        with open_case(db, actor=reviewer) as case:
            count = record_confirmed(case, file, reviewer)
    console.print(f"{count:,} confirmed decisions stored; they apply from the next `sabt link`")
