"""The `sabt` command: a thin shell over the core functions; errors become clear messages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape as _escape
from rich.table import Table

from sabt.cli._shell import (
    CALENDAR,
    DB,
    ENCODING,
    EXPORT_FORMATS,
    JSON_OUT,
    LIST_FORMAT,
    console,
    one_of,
    open_case,
    progress_bar,
    say_error,
    user_errors,
    writable_file,
)
from sabt.errors import SabtError
from sabt.settings import LINK_BACKENDS, REPORT_LANGUAGES, LinkOptions, Settings

app = typer.Typer(rich_markup_mode=None, help="sabt — the record: accountability documentation for mass human-rights violations.",
                  no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False)
import_app = typer.Typer(rich_markup_mode=None, help="Import lists, claims, incidents and reports into a case (docs/import.md).", no_args_is_help=True)
app.add_typer(import_app, name="import")


@app.command()
def init(db: str = typer.Argument(..., help="case file to create, or a postgresql:// URL")):
    """Create a new case: the store, the gazetteer, and the key that seals protected identities."""
    from sabt.case import Case

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
    calendar: Optional[str] = CALENDAR,
    encoding: Optional[str] = ENCODING,
    file_format: Optional[str] = LIST_FORMAT,
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="import the good rows; write the bad ones, "
                                                                      "with their reasons, beside the file "
                                                                      "(list.csv → list.rejects.csv)"),
    json_out: bool = JSON_OUT,
):
    """Import an organisation's list: rows kept as read beside their normalised fields.

    Columns recognised without a mapping: id, name, given_name, family_name, father_name, age,
    birth_year, sex, date_of_death, date_of_arrest, status, city, province, address, contact,
    notes, protected (see docs/import.md).
    """
    from sabt.ingest import import_list

    with user_errors():
        with open_case(db) as case, progress_bar(Path(file).name) as update:
            summary = import_list(case, file, source, mapping, calendar, encoding, file_format,
                                  skip_bad_rows, progress=update)
    _print_import(summary)
    if json_out:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


def _print_import(summary) -> None:
    if summary.already_imported:
        console.print(f"{_escape(summary.file)} was already imported for {_escape(summary.source_id)} "
                      f"on {summary.imported_at}; nothing added")
        if summary.options_not_applied:
            console.print("not applied: " + _escape("; ".join(summary.options_not_applied)) + ". sabt keeps its "
                          "first reading of a file: to read it with these options, import it into a new case "
                          "(sabt init)", soft_wrap=True)
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
    _print_places_and_json(summary, json_out)


@import_app.command("incidents")
def import_incidents_command(file: Path = typer.Argument(..., help="JSON list of incidents (or {\"incidents\": [...]})"),
                             db: str = DB, json_out: bool = JSON_OUT):
    """Import incidents: what happened where and when, linked to the claims that report it.

    The claims an incident cites must be in the case first (`sabt import claims`); actors'
    deployments and directives cite incidents, so import incidents before `sabt actors import`."""
    from sabt.claims.incidents import import_incidents

    with user_errors():
        with open_case(db) as case:
            summary = import_incidents(case, file)
    console.print(f"{_escape(summary.file)}: {summary.added} incidents added, {summary.unchanged} unchanged, "
                  f"{summary.updated} updated; {summary.links} links to claims")
    _print_places_and_json(summary, json_out)


def _print_places_and_json(summary, json_out: bool) -> None:
    """The end of a claims or incidents import: places kept verbatim, then the JSON object."""
    if summary.unresolved_places:
        console.print("places not found in the gazetteer (kept verbatim): " + _escape(", ".join(summary.unresolved_places)))
    if json_out:
        print(json.dumps(summary.__dict__, ensure_ascii=False))


@app.command("export")
def export_command(
    table: str = typer.Argument(..., help="sources, claims, incidents, records, persons, places, actors, …"),
    db: str = DB,
    file_format: str = typer.Option("csv", "--format", metavar="|".join(EXPORT_FORMATS), help="file format",
                                    callback=one_of("--format", EXPORT_FORMATS)),
    out: Path = typer.Option(..., "-o", "--out", help="file to write (its folder must exist)",
                             callback=writable_file("--out")),
    reveal_protected: bool = typer.Option(False, "--reveal-protected", help="write protected identities in clear (needs the key)"),
):
    """Export a table. Protected identities are redacted unless --reveal-protected."""
    from sabt.export import export_table

    with user_errors():
        with open_case(db) as case:
            count = export_table(case, table, file_format, out, reveal_protected)
    console.print(f"wrote {count:,} {table} to {_escape(str(out))}")


review_app = typer.Typer(rich_markup_mode=None, help="Review what the machine proposed: record pairs, extracted claims.", no_args_is_help=True)
app.add_typer(review_app, name="review")


@app.command("link")
def link_command(
    db: str = DB,
    backend: Optional[str] = typer.Option(None, "--backend", metavar="|".join(LINK_BACKENDS),
                                          help=f"where linkage runs (default {LinkOptions.backend})",
                                          callback=one_of("--backend", LINK_BACKENDS)),
    seed: Optional[int] = typer.Option(None, "--seed", help=f"seed for sampling during training (default {LinkOptions.seed})"),
    threshold: Optional[float] = typer.Option(
        None, "--threshold", help="match probability at or above which two records are one person "
                                  f"(default {LinkOptions.threshold})"),
    json_out: bool = JSON_OUT,
):
    """Link records into persons: each victim counted once across and within lists.

    What is not given is the case's setting (case.toml's [link], saved by `sabt run`), else the default."""
    from sabt.link import link_case

    with user_errors():
        with open_case(db) as case, progress_bar("linkage") as update:
            summary = link_case(case, backend=backend, seed=seed, threshold=threshold, progress=update)
    console.print(
        f"{summary.records:,} records → {summary.persons:,} persons ({summary.persons_kept:,} kept from earlier runs, "
        f"{summary.persons_new:,} new); {summary.pairs_scored:,} pairs scored, {summary.links:,} at or above "
        f"{summary.threshold}; {summary.refused_links} links refused by constraints; "
        f"{summary.reviews_applied} reviewed decisions applied"
    )
    for warning in summary.warnings:
        console.print(f"caution: {_escape(warning)}")
    if json_out:
        print(json.dumps(summary.as_dict()))


@review_app.command("pairs")
def review_pairs_command(
    db: str = DB,
    reviewer: str = typer.Option(..., "--reviewer", help="your name, stored with each decision"),
    limit: int = typer.Option(50, "--limit", help="at most this many pairs in this session"),
    order: str = typer.Option("impact", "--order",
                              help="impact: pairs whose decision would move the estimate most first; "
                                   "uncertain: probability nearest 0.5 first"),
):
    """Show uncertain record pairs side by side: [a]ccept, [r]eject, [s]kip, [q]uit."""
    from sabt.estimate.priority import review_queue
    from sabt.link.review import SHOWN_FIELDS, decide_pair, record_view

    with user_errors():
        with open_case(db, actor=reviewer) as case:
            pairs = review_queue(case, limit=limit, order=order)
            if not pairs:
                console.print("no uncertain pairs are waiting for review")
                return
            if order == "impact" and pairs[0].change is not None:
                from sabt.estimate.priority import estimate_sensitivity

                base = estimate_sensitivity(case, [])
                console.print(f"estimate on the current linkage (log-linear, {_escape(str(base['model']))}): "
                              f"{base['estimate']:,.0f} ({base['lower']:,.0f} to {base['upper']:,.0f}); "
                              "pairs whose decision would move it most come first")
            decided = 0
            from sabt.cli.pprl import encoded_pair_table
            from sabt.pprl.importer import is_encoded_case

            encoded = is_encoded_case(case)
            for number, pair in enumerate(pairs, start=1):
                title = f"pair {number} of {len(pairs)} — match probability {pair.probability:.2f}"
                if encoded:
                    console.print(encoded_pair_table(case, pair, title))
                else:
                    left, right = record_view(case, pair.record_a), record_view(case, pair.record_b)
                    table = Table(title=title)
                    table.add_column("field")
                    table.add_column(f"record {pair.record_a}")
                    table.add_column(f"record {pair.record_b}")
                    for field in SHOWN_FIELDS:
                        a, b = left.get(field), right.get(field)
                        mark = "" if a == b else " ≠"
                        table.add_row(field + mark, _escape(str(a if a is not None else "")),
                                      _escape(str(b if b is not None else "")))
                    console.print(table)
                if pair.drivers:
                    console.print("weights: " + ", ".join(f"{k} {v:+.1f}" for k, v in pair.drivers.items()))
                if pair.change is not None:
                    verb = "accepting (one person)" if pair.change <= 0 else "rejecting (two persons)"
                    console.print(f"estimate sensitivity: {verb} would move the estimate by {pair.change:+,.1f} "
                                  f"people (expected {pair.impact:,.1f})")
                answer = typer.prompt("[a]ccept / [r]eject / [s]kip / [q]uit", default="s").strip().lower()[:1]
                if answer == "q":
                    break
                if answer in ("a", "r"):
                    decide_pair(case, pair.record_a, pair.record_b, "accept" if answer == "a" else "reject", reviewer)
                    decided += 1
            console.print(f"{decided} decisions stored; they apply from the next `sabt link`")


@app.command("run")
def run_command(
    case_dir: Path = typer.Argument(..., help="a case folder with case.toml, e.g. examples/iran-2026"),
    out: Path = typer.Option(Path("report"), "--out", help="folder for the case file and the assessment"),
    db: Optional[str] = typer.Option(None, "--db", help="case file or postgresql:// URL (default OUT/case.sabt)"),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="|".join(REPORT_LANGUAGES),
                                       help="language of the assessment (default: case.toml's [report] languages, else en)",
                                       callback=one_of("--lang", REPORT_LANGUAGES)),
    seed: Optional[int] = typer.Option(None, "--seed", help="one seed for linkage and the estimate "
                                                            "(default: case.toml's, else each step's own)"),
    force: bool = typer.Option(False, "--force", help="recompute every step, even those whose inputs are unchanged"),
):
    """Build a case from its folder and write the assessment (index.html, report.pdf).

    Steps whose inputs and settings are unchanged since the last run are not recomputed."""
    import time

    from sabt.cli._shell import StepProgress
    from sabt.pipeline import STEPS, run_case

    started = time.perf_counter()
    with user_errors():
        with progress_bar() as update:
            steps = StepProgress(update, [name for name, _ in STEPS])
            record = run_case(case_dir, out, db, lang, seed, progress=steps.within, force=force,
                              step_started=steps.start)
            steps.finish()
    for step in record.steps:
        console.print(f"{step.name:<10} {step.seconds:>6.1f} s" + ("  (unchanged: earlier run reused)" if step.reused else ""))
    console.print(f"assessment written to {_escape(str(out))}/index.html and report.pdf "
                  f"in {time.perf_counter() - started:.1f} s; case file {_escape(record.db)}")


@app.command("report")
def report_command(db: str = DB, out: Path = typer.Option(..., "--out", help="folder to write into"),
                   lang: str = typer.Option("en", "--lang", metavar="|".join(REPORT_LANGUAGES),
                                            help="language of the assessment",
                                            callback=one_of("--lang", REPORT_LANGUAGES))):
    """Render the assessment of any case file: index.html (self-contained) and report.pdf."""
    from sabt.report import render_report

    with user_errors():
        with open_case(db) as case, progress_bar("report") as update:
            render_report(case, out, lang=lang, progress=update)
    console.print(f"assessment written to {_escape(str(out))}")


def _register_parts() -> None:
    """The commands each part of the flow owns, registered under their verbs."""
    from sabt.cli.actors import actors_app, chain_of_command
    from sabt.cli.claims import import_report_command, review_claims_command
    from sabt.cli.estimate import estimate_command
    from sabt.cli.law import law_app
    from sabt.cli.pprl import confirm_command, encode_command, export_encoded_pairs_command, import_encoded_command
    from sabt.cli.serve import serve_command, user_app
    from sabt.cli.simulate import simulate_command
    from sabt.cli.vault import vault_app

    app.command("estimate")(estimate_command)
    app.command("command")(chain_of_command)
    app.add_typer(actors_app, name="actors")
    app.add_typer(law_app, name="law", help="Rome Statute Article 7: elements, classifications, the matrix.")
    import_app.command("report")(import_report_command)
    import_app.command("encoded")(import_encoded_command)
    app.command("encode")(encode_command)
    review_app.command("claims")(review_claims_command)
    review_app.command("export")(export_encoded_pairs_command)
    review_app.command("confirm")(confirm_command)
    simulate_app = typer.Typer(rich_markup_mode=None, help="Synthetic populations and lists with a known truth.", no_args_is_help=True)
    simulate_app.command("lists")(simulate_command)
    app.add_typer(simulate_app, name="simulate")
    app.command("serve")(serve_command)
    app.add_typer(user_app, name="user", help="Accounts of the web app and API tokens for scripts.")
    app.add_typer(vault_app, name="vault", help="The evidence vault: tamper-evident, verifiable, exportable.")


_register_parts()


def main() -> None:
    """The `sabt` script: every refusal is one line (JSON too under --json) and a non-zero exit."""
    from sabt.cli._shell import click_errors, human_output_to_stderr, json_requested

    if json_requested():
        human_output_to_stderr()
    try:
        status = app(standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        say_error("interrupted; nothing half-written was kept")
        sys.exit(130)
    except click_errors.NoArgsIsHelpError as error:  # `sabt` or `sabt vault` alone: the help
        error.show()
        sys.exit(0)
    except click_errors.ClickException as error:  # a usage error: unknown option, missing value…
        where = f"sabt {error.ctx.command_path.partition(' ')[2]}: ".replace(" : ", ": ") if getattr(error, "ctx", None) else ""
        say_error(f"{where}{error.format_message()} (see --help)")
        sys.exit(error.exit_code)
    except SabtError as error:  # a part that did not translate its own error
        say_error(str(error))
        sys.exit(error.exit_code)
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":
    main()
