"""`sabt vault …`: a thin shell over :mod:`sabt.vault`; errors become a message and exit 1.

Every command takes ``--vault DIR`` for a vault folder elsewhere than beside the case file.
Long steps show a progress bar on stderr; ``--json`` puts one JSON object on the last line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape
from rich.table import Table

from sabt.cli._shell import err, one_of
from sabt.cli._shell import fail as _fail
from sabt.cli._shell import plain as console  # stdout, or stderr under --json
from sabt.cli._shell import progress_bar as _progress
from sabt.cli._shell import user_errors as _user_errors
from sabt.web.permissions import ROLES

vault_app = typer.Typer(rich_markup_mode=None, 
    help="The evidence vault: tamper-evident, verifiable, exportable.", no_args_is_help=True
)

DB = typer.Option(..., "--db", help="case file (SQLite path) or postgresql:// URL")
VAULT = typer.Option(None, "--vault", help="vault folder (default: beside the case file)")
OBJECT_REF = typer.Argument(..., metavar="OBJECT", help="the object: its hash, a hash prefix, or #id")
JSON_OUT = typer.Option(False, "--json", help="put one JSON object on the last line of output")
PUBLIC_KEYS = typer.Option(
    None, "--public-key", help="expected signing public key (hex); repeat for several"
)


def _open(db: str, vault: Optional[Path]):
    from sabt.case import Case
    from sabt.settings import Settings

    return Case.open(Settings.for_db(db, vault_dir=vault))


def _size(count: int) -> str:
    from rich.filesize import decimal

    return decimal(count)


def _report(report, as_json: bool) -> None:
    for finding in report.findings:
        console.print(
            f"[bold red]{escape(finding.kind)}[/]: {escape(finding.where)}: {escape(finding.detail)}",
            soft_wrap=True,
        )
    for note in report.notes:
        console.print(f"[dim]note: {escape(note)}[/]", soft_wrap=True)
    summary = (
        f"{report.objects_checked} object(s), {_size(report.bytes_checked)} re-hashed; "
        f"{report.lines_checked} log line(s), {report.checkpoints_checked} signed checkpoint(s)"
    )
    if report.ok:
        console.print(f"[bold green]verified[/]: {summary}")
    else:
        console.print(f"[bold red]FAILED[/]: {len(report.findings)} finding(s); {summary}")
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False))


@vault_app.command()
def add(
    files: List[Path] = typer.Argument(..., help="files or folders to store"),
    db: str = DB,
    source: Optional[str] = typer.Option(None, "--source", help="the source these files came from"),
    note: Optional[str] = typer.Option(None, "--note", help="a note kept with each acquisition"),
    protected: bool = typer.Option(False, "--protected", help="mark the objects protected"),
    vault: Optional[Path] = VAULT,
    as_json: bool = JSON_OUT,
):
    """Store files as content-addressed objects and record their acquisition in the custody log."""
    from sabt.vault import add_files

    with _user_errors():
        case = _open(db, vault)
        with _progress() as progress:
            results = add_files(
                case, files, source_id=source, note=note, protected=protected, progress=progress
            )
        table = Table("object", "name", "size", "type", "stored")
        for result in results:
            table.add_row(
                result.sha256[:16],
                escape(result.shown_name),
                _size(result.size),
                escape(result.media_type or ""),
                "new" if result.new else "already held",
            )
        console.print(table)
        for result in results:
            for note_text in result.notes:
                console.print(
                    f"[yellow]note[/] {result.sha256[:16]}: {escape(note_text)}", soft_wrap=True
                )
        new = sum(r.new for r in results)
        console.print(
            f"{len(results)} acquisition(s), {new} new object(s) in {escape(str(case.vault_dir))}"
        )
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "added": [
                            {
                                "sha256": r.sha256,
                                "size": r.size,
                                "name": r.name,
                                "new": r.new,
                                "media_type": r.media_type,
                            }
                            for r in results
                        ]
                    }
                )
            )


@vault_app.command()
def verify(
    db: Optional[str] = typer.Option(None, "--db", help="case file or postgresql:// URL"),
    vault: Optional[Path] = VAULT,
    as_json: bool = JSON_OUT,
    public_key: Optional[List[str]] = PUBLIC_KEYS,
):
    """Re-hash every object, walk the chain and the signed checkpoints; exit 0 only when all holds.

    Without --db, verifies the folder given by --vault from its log alone.
    """
    from sabt.vault import verify as verify_case
    from sabt.vault import verify_log

    with _user_errors():
        if db is None and vault is None:
            _fail(
                "give --db (and optionally --vault), or --vault alone to verify a vault folder by its log"
            )
        with _progress() as progress:
            if db is None:
                report = verify_log(vault, pinned_keys=public_key or None, progress=progress)
            else:
                report = verify_case(
                    _open(db, vault), pinned_keys=public_key or None, progress=progress
                )
        _report(report, as_json)
        if not report.ok:
            raise typer.Exit(1)


@vault_app.command()
def similar(
    object_ref: str = typer.Argument(
        ..., metavar="OBJECT", help="hash, hash prefix, #id, or a file"
    ),
    db: str = DB,
    vault: Optional[Path] = VAULT,
    max_distance: int = typer.Option(
        10, "--max-distance", help="largest Hamming distance (of 64 bits)"
    ),
    as_json: bool = JSON_OUT,
):
    """Near-duplicates of an image or video: re-posts, re-encodes, resizes, renames."""
    from sabt.vault import similar as find_similar

    with _user_errors():
        matches = find_similar(_open(db, vault), object_ref, max_distance)
        if not matches:
            console.print("no near-duplicates within that distance")
        else:
            table = Table("object", "distance", "how", "name")
            for match in matches:
                table.add_row(
                    match.sha256[:16], str(match.distance), match.how, escape(match.shown_name)
                )
            console.print(table)
        if as_json:
            typer.echo(
                json.dumps(
                    {
                        "similar": [
                            {
                                "sha256": m.sha256,
                                "distance": m.distance,
                                "how": m.how,
                                "name": m.name,
                            }
                            for m in matches
                        ]
                    }
                )
            )


@vault_app.command()
def export(
    db: str = DB,
    bag: Path = typer.Option(..., "--bag", help="new folder for the package"),
    incident: Optional[List[int]] = typer.Option(
        None, "--incident", help="only evidence of this incident; repeat"
    ),
    role: str = typer.Option("analyst", "--role", metavar="|".join(ROLES),
                             help="role the package is made for (protected identities only for admin, analyst)",
                             callback=one_of("--role", ROLES)),
    vault: Optional[Path] = VAULT,
    as_json: bool = JSON_OUT,
):
    """Write an evidence package (BagIt): objects, metadata, custody excerpt, manifest, signature."""
    from sabt.vault import export_bag

    with _user_errors():
        with _progress() as progress:
            summary = export_bag(
                _open(db, vault), bag, incident_ids=incident or None, role=role, progress=progress
            )
        console.print(
            f"exported {summary['objects']} object(s), {_size(summary['bytes'])}, for role "
            f"{escape(role)} to {escape(str(bag))} (signed by key {summary['key_id']})"
        )
        if as_json:
            typer.echo(json.dumps(summary))


@vault_app.command("verify-bag")
def verify_bag_command(
    bag: Path = typer.Argument(..., metavar="DIR", help="the package folder"),
    as_json: bool = JSON_OUT,
    public_key: Optional[List[str]] = PUBLIC_KEYS,
):
    """Check an evidence package anywhere, offline; exit 0 only when it holds."""
    from sabt.vault import verify_bag

    with _user_errors():
        with _progress() as progress:
            report = verify_bag(bag, pinned_keys=public_key or None, progress=progress)
        _report(report, as_json)
        if not report.ok:
            raise typer.Exit(1)


def _show_captures(results, as_json: bool) -> None:
    """The objects of a WARC import or capture, the notes on them, and the JSON line."""
    table = Table("object", "url", "type", "stored")
    for result in results[1:]:
        table.add_row(
            result.sha256[:16],
            escape(result.shown_name),
            escape(result.media_type or ""),
            "new" if result.new else "already held",
        )
    console.print(table)
    console.print(f"WARC {results[0].sha256[:16]}: {len(results) - 1} capture(s)")
    for result in results:
        for text in result.notes:
            err.print(f"[yellow]{escape(result.sha256[:16])}:[/] {escape(text)}")
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "warc": results[0].sha256,
                    "captures": [
                        {"sha256": r.sha256, "url": r.url, "new": r.new, "notes": r.notes}
                        for r in results[1:]
                    ],
                }
            )
        )


@vault_app.command()
def capture(
    urls: List[str] = typer.Argument(..., help="the addresses to capture (http or https)"),
    db: str = DB,
    source: Optional[str] = typer.Option(None, "--source", help="the source the capture is attributed to"),
    note: Optional[str] = typer.Option(None, "--note", help="a note kept in the custody log"),
    vault: Optional[Path] = VAULT,
    as_json: bool = JSON_OUT,
):
    """Capture web pages: a WARC of the HTTP exchange with a screenshot and PDF from Chromium."""
    from sabt.vault.capture import capture as capture_pages

    with _user_errors():
        with _progress() as progress:
            results = capture_pages(
                _open(db, vault), urls, source_id=source, note=note, progress=progress
            )
        _show_captures(results, as_json)


@vault_app.command()
def warc(
    file: Path = typer.Argument(..., help="a WARC file (.warc or .warc.gz)"),
    db: str = DB,
    source: Optional[str] = typer.Option(None, "--source", help="the source the capture is attributed to"),
    note: Optional[str] = typer.Option(None, "--note", help="a note kept in the custody log"),
    allow_damaged: bool = typer.Option(
        False,
        "--allow-damaged",
        help="keep a WARC that is cut short or fails its digests, each damaged capture flagged",
    ),
    vault: Optional[Path] = VAULT,
    as_json: bool = JSON_OUT,
):
    """Import a web capture: the WARC, and each capture as recorded (digests checked) with its URL and time."""
    from sabt.vault import import_warc

    with _user_errors():
        with _progress() as progress:
            results = import_warc(
                _open(db, vault),
                file,
                source_id=source,
                note=note,
                progress=progress,
                allow_damaged=allow_damaged,
            )
        _show_captures(results, as_json)


@vault_app.command()
def link(
    object_ref: str = OBJECT_REF,
    db: str = DB,
    claim: Optional[int] = typer.Option(None, "--claim", help="id of the claim the object supports"),
    incident: Optional[int] = typer.Option(None, "--incident", help="id of the incident the object supports"),
    person: Optional[int] = typer.Option(None, "--person", help="id of the person the object concerns"),
    note: Optional[str] = typer.Option(None, "--note", help="a note kept in the custody log"),
    vault: Optional[Path] = VAULT,
):
    """Link an object to the claim, incident or person it supports."""
    from sabt.vault import link as link_object

    with _user_errors():
        targets = [
            (t, i)
            for t, i in (("claim", claim), ("incident", incident), ("person", person))
            if i is not None
        ]
        if len(targets) != 1:
            _fail("give exactly one of --claim, --incident, --person")
        outcome = link_object(_open(db, vault), object_ref, targets[0][0], targets[0][1], note=note)
        state = "linked" if outcome["new"] else "already linked"
        console.print(
            f"{state}: {outcome['sha256'][:16]} → {outcome['target_table']} {outcome['target_id']}"
        )


@vault_app.command()
def checkpoint(db: str = DB, vault: Optional[Path] = VAULT):
    """Append a checkpoint signed with this installation's key."""
    from sabt.vault import checkpoint as make_checkpoint

    with _user_errors():
        result = make_checkpoint(_open(db, vault))
        console.print(f"checkpoint at seq {result['seq']}, signed by key {result['key_id']}")
        console.print(f"public key: {result['public_key']}")


@vault_app.command()
def view(
    object_ref: str = OBJECT_REF,
    db: str = DB,
    purpose: Optional[str] = typer.Option(
        None, "--purpose", help="why it is opened (kept in the log)"
    ),
    vault: Optional[Path] = VAULT,
):
    """Print the path of an object (read-only) and record that it was viewed."""
    from sabt.vault import view as view_object

    with _user_errors():
        path = view_object(_open(db, vault), object_ref, purpose=purpose)
        typer.echo(str(path))


@vault_app.command()
def transfer(
    object_ref: str = OBJECT_REF,
    db: str = DB,
    to: str = typer.Option(..., "--to", help="who receives custody (of a copy)"),
    note: Optional[str] = typer.Option(None, "--note", help="a note kept in the custody log"),
    vault: Optional[Path] = VAULT,
):
    """Record that custody of an object passed to someone."""
    from sabt.vault import transfer as record_transfer

    with _user_errors():
        sha = record_transfer(_open(db, vault), object_ref, to, note=note)
        console.print(f"transferred: {sha[:16]} → {escape(to)}")


@vault_app.command()
def protect(
    object_ref: str = OBJECT_REF,
    db: str = DB,
    release: bool = typer.Option(False, "--release", help="release the protection instead"),
    vault: Optional[Path] = VAULT,
):
    """Mark an object protected: packages for roles that may not see protected material leave it out."""
    from sabt.vault import set_protected

    with _user_errors():
        sha = set_protected(_open(db, vault), object_ref, not release)
        console.print(f"{'released' if release else 'protected'}: {sha[:16]}")


@vault_app.command("public-key")
def public_key_command():
    """Show this installation's signing public key (to pin with --public-key)."""
    from sabt.vault import public_key

    with _user_errors():
        info = public_key()
        console.print(f"key {info['key_id']}: {info['public_key']}")
        console.print(f"private key file: {escape(info['path'])}")
