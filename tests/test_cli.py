"""The command line as a user meets it: exit codes, clean errors, JSON on the last line."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from sabt.cli import app

runner = CliRunner()


def sabt(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_init_import_stats_export(tmp_path, cli_env, settings):
    if settings.is_postgres:
        db = settings.db
    else:
        db = str(tmp_path / "new.sabt")
        result = sabt("init", db)
        assert result.exit_code == 0, result.output
    (tmp_path / "l.csv").write_text("id,name,age,city\n1,Ali Rezaei,25,Tehran\n2,Sara Moradi,31,Karaj\n")
    result = sabt("import", "list", tmp_path / "l.csv", "--db", db, "--source", "org-a", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["rows_added"] == 2
    result = sabt("stats", "--db", db, "--json")
    counts = json.loads(result.output.strip().splitlines()[-1])
    assert counts["records"] == 2 and counts["sources"] == 1
    assert set(counts) == {"sources", "claims", "incidents", "records", "persons", "evidence"}
    result = sabt("export", "records", "--db", db, "--format", "csv", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0
    exported = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "org-a" in exported and "Sara Moradi" in exported


def test_a_refused_import_exits_non_zero_without_traceback(tmp_path, cli_env, case_db):
    (tmp_path / "bad.csv").write_text("id,name,age\n1,Ali,300\n")
    result = sabt("import", "list", tmp_path / "bad.csv", "--db", case_db, "--source", "s")
    assert result.exit_code == 1
    assert "bad.csv: line 2, column 'age'" in result.output
    assert "Traceback" not in result.output


def test_unknown_case_file_is_a_clear_error(tmp_path, cli_env):
    result = sabt("stats", "--db", tmp_path / "missing.sabt")
    assert result.exit_code == 1
    assert "no case file" in result.output


def test_the_installed_command_runs(tmp_path, cli_env):
    completed = subprocess.run([sys.executable, "-m", "sabt.cli", "--help"], capture_output=True, text=True)
    assert completed.returncode == 0
    for verb in ("init", "stats", "import", "export"):
        assert verb in completed.stdout


def test_every_verb_of_the_design_contract_is_there():
    """DESIGN.md's command line at a glance: scripts and tests rely on these verbs."""
    contract = [["init"], ["stats"], ["import", "list"], ["import", "claims"], ["import", "report"],
                ["export"], ["link"], ["review", "pairs"], ["review", "claims"], ["estimate"],
                ["vault", "add"], ["vault", "verify"], ["vault", "similar"], ["vault", "export"],
                ["vault", "verify-bag"], ["command"], ["law", "matrix"], ["report"], ["run"],
                ["user", "add"], ["user", "token"], ["serve"], ["simulate", "lists"]]
    for verb in contract:
        result = runner.invoke(app, [*verb, "--help"])
        assert result.exit_code == 0, (verb, result.output)


def test_the_command_line_starts_without_the_heavy_libraries():
    """`sabt --help` stays quick: pandas, Splink, statsmodels and FastAPI load when a command needs them."""
    heavy = ("pandas", "numpy", "scipy", "statsmodels", "splink", "duckdb", "fastapi", "weasyprint", "numba")
    probe = f"import sys, sabt.cli; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
    help_text = subprocess.run([sys.executable, "-m", "sabt.cli", "--help"], capture_output=True, text=True, check=True).stdout
    assert "link" in help_text and "estimate" in help_text


def test_lazy_packages_export_exactly_what_they_list():
    """Each lazily exporting package's ``__all__`` names what it can import, and every name resolves."""
    import importlib

    for name in ("sabt", "sabt.link", "sabt.estimate", "sabt.simulate", "sabt.web"):
        package = importlib.import_module(name)
        exports = getattr(package, "_EXPORTS", None)
        if exports is not None:
            assert sorted(package.__all__) == sorted(exports), name
        for export in package.__all__:
            assert getattr(package, export) is not None, (name, export)
