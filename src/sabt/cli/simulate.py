"""``sabt simulate lists``: write a synthetic population's lists and truth as CSV files.

The CLI registers :func:`simulate_command`; it only calls :func:`sabt.simulate.simulate_lists`
and :func:`sabt.simulate.write_lists` and prints a short summary.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from sabt.cli._shell import SIMULATED_ENCODINGS, console, one_of, user_errors
from sabt.errors import SabtError


def simulate_command(
    people: int = typer.Option(1000, "--people", min=0, help="size of the synthetic victim population"),
    lists: int = typer.Option(4, "--lists", min=1, help="number of lists (fictional organisations)"),
    seed: int = typer.Option(0, "--seed", help="random seed: the same seed gives the same files"),
    out: Path = typer.Option(..., "--out", help="directory for <list>.csv files and truth.csv"),
    persian_encoding: str = typer.Option(
        "utf-8", "--persian-encoding", metavar="|".join(SIMULATED_ENCODINGS),
        help="encoding of the Persian-script list", callback=one_of("--persian-encoding", SIMULATED_ENCODINGS)),
    model: str = typer.Option(
        "first", "--model",
        help="first: the simulator sabt's linkage was tuned on; second: the independent one "
             "(four fixed organisations, their own encodings; --lists and --persian-encoding do not apply)",
    ),
) -> None:
    """Simulate victims and the lists organisations would make of them, with the known truth."""
    from sabt.simulate._generate import simulate_lists
    from sabt.simulate._io import ENCODINGS, write_lists

    with user_errors():
        if persian_encoding not in ENCODINGS:
            raise SabtError(f"--persian-encoding must be one of {', '.join(ENCODINGS)}")
        if model not in ("first", "second"):
            raise SabtError("--model must be first or second")
        if model == "second":
            from sabt.simulate.second import simulate_second, write_second

            truth, frames = simulate_second(people, seed)
            paths = write_second(truth, frames, out)
        else:
            truth, frames = simulate_lists(people, lists, seed)
            paths = write_lists(truth, frames, out, persian_encoding=persian_encoding)
    names = truth.attrs.get("lists", {})
    table = Table(title=f"{people} synthetic people, seed {seed}")
    for column in ("list", "rows", "people", "duplicates", "coverage", "file"):
        table.add_column(column, justify="right" if column in ("rows", "people", "duplicates", "coverage") else "left")
    for slug, frame in frames.items():
        ids = truth[f"ids_{slug}"].astype(str)
        persons = int((ids != "").sum())
        table.add_row(
            slug, str(len(frame)), str(persons), str(len(frame) - persons),
            f"{persons / people:.0%}" if people else "-", paths[slug].name,
        )
    console.print(table)
    console.print("organisations (fictional): " + "; ".join(f"{k} = {v}" for k, v in names.items()))
    seen = int((truth["n_records"] > 0).sum())
    console.print(
        f"on at least one list: {seen} of {people}; never listed: {people - seen}. "
        f"Truth: {paths['truth']}"
    )
