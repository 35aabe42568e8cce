"""`sabt report --db DB --out DIR` renders any case file the same way."""

from __future__ import annotations

from typer.testing import CliRunner

from sabt.cli import app

from . import readback as rb
from .fixture_case import build_fixture_case


def test_report_command_writes_both_files(case, case_db, cli_env, tmp_path):
    build_fixture_case(case)
    case.close()
    out = tmp_path / "report"
    result = CliRunner().invoke(app, ["report", "--db", case_db, "--out", str(out), "--lang", "fa"])
    assert result.exit_code == 0, result.output
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    root = rb.parse(out / "index.html")
    assert root.get("dir") == "rtl" and root.get("lang") == "fa"
    rows = rb.table_rows(rb.by_id(root, "tallies-table"))
    assert len(rows) == 14
