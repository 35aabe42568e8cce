"""``sabt simulate lists`` through typer's test runner."""

import typer
from typer.testing import CliRunner

from sabt.cli.simulate import simulate_command


def _app():
    app = typer.Typer()
    sub = typer.Typer()
    sub.command("lists")(simulate_command)
    app.add_typer(sub, name="simulate")
    return app


def test_simulate_command_writes_files(tmp_path):
    result = CliRunner().invoke(
        _app(), ["simulate", "lists", "--people", "120", "--lists", "3", "--seed", "4",
                 "--out", str(tmp_path), "--persian-encoding", "utf-16"],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kooh.csv", "parvaz.csv", "setareh.csv", "truth.csv"]
    assert "setareh" in result.output and "never listed" in result.output
    assert tmp_path.joinpath("setareh.csv").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")


def test_simulate_command_rejects_unknown_encoding(tmp_path):
    result = CliRunner().invoke(
        _app(), ["simulate", "lists", "--out", str(tmp_path), "--persian-encoding", "latin-1"]
    )
    assert result.exit_code == 1
    assert "persian-encoding" in result.output
