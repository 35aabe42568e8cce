"""`sabt user …` through its typer app (the CLI registers it as `sabt user`)."""

from __future__ import annotations

from typer.testing import CliRunner

from sabt.web import auth
from sabt.web.command import user_app

runner = CliRunner()


def test_user_add_token_list_disable(case_db, cli_env, tmp_path, case):
    password = tmp_path / "pw.txt"
    password.write_text("a long enough password\n", encoding="utf-8")
    added = runner.invoke(user_app, ["add", "sara", "--db", case_db, "--role", "analyst", "--password-file", str(password)])
    assert added.exit_code == 0, added.output
    token = runner.invoke(user_app, ["token", "sara", "--db", case_db, "--days", "7"])
    assert token.exit_code == 0 and token.output.strip().startswith("sabt_")
    assert auth.actor_for_token(case, token.output.strip()).role == "analyst"
    listed = runner.invoke(user_app, ["list", "--db", case_db])
    assert "sara" in listed.output and "analyst" in listed.output
    assert "a long enough password" not in listed.output
    assert runner.invoke(user_app, ["disable", "sara", "--db", case_db]).exit_code == 0
    assert auth.actor_for_token(case, token.output.strip()) is None


def test_user_add_prompts_twice_and_refuses_bad_input(case_db, cli_env, tmp_path):
    prompted = runner.invoke(user_app, ["add", "reza", "--db", case_db, "--role", "viewer"],
                             input="another long password\nanother long password\n")
    assert prompted.exit_code == 0, prompted.output
    bad_role = runner.invoke(user_app, ["add", "x", "--db", case_db, "--role", "root"],
                             input="another long password\nanother long password\n")
    assert bad_role.exit_code == 1 and "role" in bad_role.output
    assert runner.invoke(user_app, ["token", "nobody", "--db", case_db]).exit_code == 1
    missing = runner.invoke(user_app, ["list", "--db", str(tmp_path / "none.sabt")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
