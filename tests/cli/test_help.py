"""Help that reads well: every parameter explained, markup shown as written, no type labels."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from sabt.cli import app

runner = CliRunner()


def leaf_commands(command, path):
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        yield path, command
        return
    for name, sub in subcommands.items():
        yield from leaf_commands(sub, [*path, name])


COMMANDS = list(leaf_commands(typer.main.get_command(app), []))


def test_every_argument_and_option_has_help():
    missing = [f"sabt {' '.join(path)} {param.name}" for path, command in COMMANDS
               for param in command.params if not getattr(param, "help", None)]
    assert missing == []


def test_no_help_page_shows_type_labels_or_loses_its_brackets():
    for path, _ in COMMANDS:
        result = runner.invoke(app, [*path, "--help"], terminal_width=100)
        assert result.exit_code == 0, (path, result.output)
        for label in ("<bool>", "<str>", "<int>", "<float>", "<path>"):
            assert label not in result.output, (path, label)
    review = runner.invoke(app, ["review", "pairs", "--help"], terminal_width=100).output
    assert "[a]ccept, [r]eject, [s]kip, [q]uit" in " ".join(review.split())
    link = " ".join(runner.invoke(app, ["link", "--help"], terminal_width=100).output.split())
    assert "case.toml's [link]" in link and "--backend duckdb|spark" in link and "--json " in link
