"""What every `sabt` command shares: the one path from an error to a message, one progress
bar, the common options and opening a case. The commands themselves stay thin shells.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

try:  # typer ≥ 0.20 parses with its own copy of click: its errors are that copy's classes
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer parses with click itself
    from click import exceptions as click_errors

from sabt.dates import CALENDARS
from sabt.errors import SabtError

console = Console()
plain = Console(highlight=False)  # the same stdout, without rich's highlighting of numbers and paths
err = Console(stderr=True, highlight=False)

DB = typer.Option(..., "--db", help="case file (SQLite path) or postgresql:// URL")
JSON_OUT = typer.Option(False, "--json", help="put one JSON object on the last line of output")


def json_requested(argv: Optional[list[str]] = None) -> bool:
    """Whether the command line asked for JSON output (read before the command could parse it)."""
    return "--json" in (sys.argv[1:] if argv is None else argv)


def human_output_to_stderr() -> None:
    """Under --json, stdout carries the JSON object alone: tables and summaries meant for a
    person go to stderr, where they still show in a terminal but not in ``sabt … --json | jq``."""
    for shared in (console, plain):
        shared.file = sys.stderr


def say_error(message: str) -> None:
    """One line ``error: message`` on stderr; under --json also ``{"error": …}`` on stdout."""
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    if json_requested():
        print(json.dumps({"error": message}, ensure_ascii=False))


def fail(message: str, code: int = 1) -> None:
    """Say ``error: message`` (the message is text, not markup) and exit with ``code``."""
    say_error(message)
    raise typer.Exit(code)


def one_of(option: str, choices, spelling: Callable[[str], str] = str) -> Callable:
    """A parse-time check: the option's value, as ``spelling`` writes it, must be one of
    ``choices`` (None passes: not given).

    The refusal is one line and exit status 1, like every other user error, before any work."""
    allowed = tuple(str(c) for c in choices)

    def check(value):
        if value is None or spelling(str(value)) in allowed:
            return None if value is None else type(value)(spelling(str(value)))
        fail(f"{option} {value!r} is not one of {', '.join(allowed)}")
    return check


def writable_file(option: str) -> Callable:
    """A parse-time check: the file to write goes in a folder that exists (none is created)."""
    def check(value: Optional[Path]):
        if value is not None and not Path(value).parent.is_dir():
            fail(f"{option} {value}: the folder {Path(value).parent} does not exist")
        return value
    return check


@contextmanager
def user_errors():
    """Turn any error into one message and an exit status; never a traceback.

    sabt's own errors carry their message and exit status; an OS error names its file; an
    interruption says nothing half-written was kept; anything else is a bug, said as such.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, click.exceptions.ClickException, click.exceptions.Abort,
            click_errors.ClickException):
        raise
    except SabtError as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; nothing half-written was kept", 130)
    except OSError as error:
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        fail(f"{error.strerror or error}{where}")
    except Exception as error:
        if type(error).__module__.startswith("sqlalchemy") and type(error).__name__ == "OperationalError":
            reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
            fail(f"cannot open the case database: {reason}")
        # a bug: still no traceback for the documenter, but say what (its first line)
        first_line = (str(error).strip().splitlines() or [""])[0]
        fail(f"unexpected {type(error).__name__}: {first_line} (please report this)")


@contextmanager
def progress_bar(description: str = "", *, transient: bool = False, enabled: bool = True):
    """A progress bar on stderr; yields a callback ``update(step, done, total, label=None)``.

    Each distinct ``step`` gets its own line, shown as ``label`` when given (a line can be
    relabelled: "step 3/9: lists"); a ``total`` of 0 or None shows an indeterminate bar.
    """
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=transient, disable=not enabled) as progress:
        tasks: dict[str, int] = {}

        def update(step: str, done: int, total: Optional[int], label: Optional[str] = None) -> None:
            shown = escape(f"{description}: {label or step}" if description else label or step)
            if step not in tasks:
                tasks[step] = progress.add_task(shown, total=total or None)
            progress.update(tasks[step], completed=done, total=total or None,
                            description=shown if label else None)

        yield update


class StepProgress:
    """``sabt run``'s bars: one line for the run, relabelled with the step under way
    ("step 6/9: link"), and below it each step's own bars, named after the step."""

    def __init__(self, update: Callable, names: list[str]):
        self.update, self.names, self.current = update, names, None
        self.open: dict[str, tuple[int, Optional[int]]] = {}  # the current step's bars: done, total

    def start(self, name: str) -> None:
        self._close_bars()
        number = self.names.index(name)
        self.current = name
        self.update("run", number, len(self.names), f"step {number + 1}/{len(self.names)}: {name}")

    def within(self, step: str, done: int, total: Optional[int]) -> None:
        key = f"{self.current}: {step}"
        self.open[key] = (done, total)
        self.update(key, done, total, f"  {self.current} · {step}")

    def finish(self) -> None:
        self._close_bars()
        self.update("run", len(self.names), len(self.names), f"{len(self.names)} steps done")

    def _close_bars(self) -> None:
        """A step's bars end with it (their clocks stop), even one that never reached its total."""
        for key, (done, total) in self.open.items():
            self.update(key, total or done, total or done, f"  {key.replace(': ', ' · ', 1)}")
        self.open.clear()


def open_case(db: str, **overrides):
    """The case at ``db`` (a file path or a postgresql:// URL), opened with ``overrides``."""
    from sabt.case import Case
    from sabt.settings import Settings

    return Case.open(Settings.for_db(db, **overrides))



# The same as sabt.export.FORMATS, sabt.ingest.readers.ENCODINGS and sabt.simulate._io.ENCODINGS
# (tests/cli/test_bad_options.py checks): written out so that `sabt --help` loads neither pandas
# nor the case store (sabt.ingest imports both) to list them.
EXPORT_FORMATS = ("csv", "xlsx", "parquet", "json")
ENCODINGS = ("auto", "utf-8", "utf-16", "cp1256")
SIMULATED_ENCODINGS = ("utf-8", "cp1256", "utf-16")
TOKEN_SCOPES = ("read", "admin", "analyst", "reviewer", "viewer")   # sabt.web.tokens.SCOPES
CALENDAR = typer.Option(None, "--calendar", metavar="|".join(CALENDARS), help="calendar of the list's dates "
                        "(default: the mapping's, else auto)", callback=one_of("--calendar", CALENDARS, lambda v: v.replace("-", "_")))
ENCODING = typer.Option(None, "--encoding", metavar="|".join(ENCODINGS), help="the file's text encoding "
                        "(default: the mapping's, else auto)", callback=one_of("--encoding", ENCODINGS))
LIST_FORMATS = ("csv", "tsv", "xlsx", "json", "jsonl")
LIST_FORMAT = typer.Option(None, "--format", metavar="|".join(LIST_FORMATS), help="file format (default: from its "
                           "extension)", callback=one_of("--format", LIST_FORMATS))


def _value_label(self, ctx) -> Optional[str]:
    """How help names an option's value: its metavar (``en|fa``) or its own name in capitals
    (``--db DB``), never typer's type labels (``<str>``); a flag takes no value, so none."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    long_names = [o for o in self.opts if o.startswith("--")] or list(self.opts)
    return max(long_names, key=len).lstrip("-").replace("-", "_").upper()


def _argument_label(self) -> str:
    """How help names an argument: FILE, [NAME], FILE... — not typer's ``{file}``."""
    name = self.metavar or self.name.upper()
    name = name if self.required else f"[{name}]"
    return name + ("..." if self.nargs != 1 else "")


typer.core.TyperOption.display_type_rich = _value_label
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None
typer.core.TyperArgument._usage_display_name = _argument_label
typer.core.TyperArgument._rich_display_name = _argument_label
