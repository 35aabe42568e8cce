"""What every `sabt` command shares: the one path from an error to a message, one progress
bar, the common options and opening a case. The commands themselves stay thin shells.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sabt.errors import SabtError

console = Console()
err = Console(stderr=True, highlight=False)

DB = typer.Option(..., "--db", help="case file (SQLite path) or postgresql:// URL")
JSON_OUT = typer.Option(False, "--json", help="put one JSON object on the last line of output")


def fail(message: str, code: int = 1) -> None:
    """Print ``error: message`` on stderr (the message is text, not markup) and exit."""
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def user_errors():
    """Turn any error into one message and an exit status; never a traceback.

    sabt's own errors carry their message and exit status; an OS error names its file; an
    interruption says nothing half-written was kept; anything else is a bug, said as such.
    """
    try:
        yield
    except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
        raise
    except SabtError as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; nothing half-written was kept", 130)
    except OSError as error:
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        fail(f"{error.strerror or error}{where}")
    except Exception as error:  # a bug: still no traceback for the documenter, but say what
        fail(f"unexpected {type(error).__name__}: {error} (please report this)")


@contextmanager
def progress_bar(description: str = "", *, transient: bool = False, enabled: bool = True):
    """A progress bar on stderr; yields a callback ``update(step, done, total)``.

    Each distinct ``step`` gets its own line; a ``total`` of 0 or None shows an
    indeterminate bar.
    """
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=transient, disable=not enabled) as progress:
        tasks: dict[str, int] = {}

        def update(step: str, done: int, total: Optional[int]) -> None:
            if step not in tasks:
                label = f"{description}: {step}" if description else step
                tasks[step] = progress.add_task(escape(label), total=total or None)
            progress.update(tasks[step], completed=done, total=total or None)

        yield update


def open_case(db: str, **overrides):
    """The case at ``db`` (a file path or a postgresql:// URL), opened with ``overrides``."""
    from sabt.case import Case
    from sabt.settings import Settings

    return Case.open(Settings.for_db(db, **overrides))
