"""The `sabt estimate` command: JSON on the last line, tables for people, clean errors."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from sabt.cli.estimate import estimate_command

DATA = Path(__file__).parent / "data"

app = typer.Typer()
app.command("estimate")(estimate_command)


@app.callback()
def _root() -> None:  # keep "estimate" as a sub-command, as in the real CLI
    pass


runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["estimate", *map(str, args)])


def test_json_last_line_loglinear():
    result = run("--counts", DATA / "kosovo.csv", "--method", "loglinear", "--max-order", "3", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    for key in ("method", "observed", "estimate", "lower", "upper", "model", "diagnostics"):
        assert key in payload
    assert payload["model"] == "[123,14,34]"
    assert round(payload["estimate"]) == 10357


def test_json_lcmcr_with_seed():
    # (reproducibility of seeded runs is tested on the library, test_mse_lcmcr.py)
    args = ("--counts", DATA / "Korea.csv", "--method", "lcmcr", "--seed", "4", "--json")
    a = json.loads(run(*args).stdout.strip().splitlines()[-1])
    from sabt.estimate.lcmcr import default_chains

    assert a["diagnostics"]["chains"] == default_chains() >= 2
    stopping = a["diagnostics"]["stopping"]  # the run says whether its convergence rule was met
    assert stopping["met"] == (stopping["rhat_log_N"] <= 1.01 and stopping["ess_log_N"] >= 400)
    assert a["lower"] < a["estimate"] < a["upper"]


def test_human_output_has_table_and_assumptions():
    result = run("--counts", DATA / "spina.csv", "--method", "dga")
    assert result.exit_code == 0
    assert "documented" in result.output and "closed" in result.output


def test_errors_are_clean(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b,count\n1,2,3\n")
    for args in [("--counts", bad), ("--counts", tmp_path / "none.csv"), (),
                 ("--counts", DATA / "spina.csv", "--method", "nope"),
                 ("--db", tmp_path / "missing.sabt", "--by", "province")]:
        result = run(*args)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert "error" in result.output
    assert "line 2" in run("--counts", bad).output


def test_db_stratified_json(case, case_db, cli_env):
    from linked_case import fill_linked_case

    fill_linked_case(case)
    db = case_db
    result = run("--db", db, "--by", "province", "--method", "loglinear", "--seed", "1", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(payload["strata"]) == {"province=IR-01", "province=IR-02"}
    assert payload["lower"] < 3000 < payload["upper"]
    assert payload["chart"][-1]["stratum"] == "total"
    unstratified = json.loads(run("--db", db, "--method", "dga", "--json").stdout.strip().splitlines()[-1])
    assert unstratified["observed"] == payload["observed"]


def test_db_estimate_is_recorded_for_the_report(case, case_db, cli_env):
    """`sabt estimate --db` records its run (options, inputs' hash, versions, result), so
    `sabt report` after it finds the estimate; before, only `sabt run` and the web recorded one."""
    from linked_case import fill_linked_case
    from sqlalchemy import select

    from sabt.report._data import read_case
    from sabt.store import models

    fill_linked_case(case)
    result = run("--db", case_db, "--method", "loglinear", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout.strip().splitlines()[-1])
    with case.session() as session:
        runs = session.scalars(select(models.EstimateRun)).all()
    assert [r.id for r in runs] == [payload["run_id"]]
    settings = runs[0].settings
    assert settings["options"] == {"method": "loglinear", "max_order": 2, "strata": [], "seed": 1,
                                   "linkage_draws": 0, "linkage_mode": "pairs"}
    assert len(settings["inputs_sha256"]) == 64 and settings["versions"]["sabt"]
    assert runs[0].result["estimate"] == payload["estimate"]
    assert [r.id for r in read_case(case).estimate_runs] == [payload["run_id"]]


def test_describe_states_assumptions():
    from sabt.estimate import estimate, read_counts

    text = estimate(read_counts(DATA / "spina.csv"), method="dga").describe()
    for words in ("closed", "linked correctly", "depend", "621", "95 %"):
        assert words in text
