"""Issue 24 (account hygiene): the password policy at creation and change, on the web and the
command line — a minimum length, zxcvbn's strength estimate and its common-password list; the
reason said in the user's language; each refusal audited without the password."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from sabt.cli.serve import user_app
from sabt.store import models
from sabt.web import auth, passwords
from sabt.web import policy as policies
from sabt.web.policy import AccountPolicy, PolicyError

from .conftest import PASSWORD, csrf_of, login

STRONG = "quiet lantern orbit meadow"          # zxcvbn score 4, no common password in it
runner = CliRunner()


@pytest.mark.parametrize("password, reason", [
    ("short1!Ab", "too_short"),                 # 9 characters: below the default 12
    ("password1234", "common"),                 # on zxcvbn's list of leaked passwords
    ("qwertyuiopasdf", "common"),
    ("abcdefghijklm", "too_weak"),              # a sequence
    ("Shirinbanoo1404!", "has_name"),           # built on the user's own name
])
def test_the_policy_refuses_with_a_reason(password, reason):
    found = passwords.refusal(password, AccountPolicy(), ("shirinbanoo",))
    assert found is not None and found.key == reason


def test_the_policy_lets_a_long_passphrase_through():
    assert passwords.refusal(STRONG, AccountPolicy(), ("nasrin",)) is None
    assert passwords.refusal(PASSWORD, AccountPolicy(), ("viewer",)) is None      # the tests' own password
    assert passwords.refusal("رمز عبور من بلند و تازه است", AccountPolicy(), ()) is None   # Persian too


def test_the_policy_settings_are_checked():
    with pytest.raises(PolicyError, match="min_password_length"):
        AccountPolicy(min_password_length=6).check()
    with pytest.raises(PolicyError, match="token_days_default"):
        AccountPolicy(token_days_default=400, token_days_max=365).check()


def _refusals(case) -> list[models.AuditEntry]:
    with case.session() as session:
        return session.scalars(select(models.AuditEntry).where(models.AuditEntry.action == "password_refused")).all()


def test_an_admin_adding_a_weak_password_is_told_why_in_english_and_persian(case, browser_session):
    admin = browser_session("admin")
    weak = admin.post("/users", data={"name": "nasrin", "role": "viewer", "password": "password1234",
                                      "csrf_token": csrf_of(admin, "/users")})
    assert weak.status_code == 400 and "commonly used, leaked passwords" in weak.text
    assert "nasrin" not in [u["name"] for u in auth.list_users(case)]           # nothing half-written
    assert admin.post("/me/lang", data={"lang": "fa", "csrf_token": csrf_of(admin)}).status_code == 303
    short = admin.post("/users", data={"name": "nasrin", "role": "viewer", "password": "kotah1!",
                                       "csrf_token": csrf_of(admin, "/users")})
    assert short.status_code == 400 and "گذرواژه دست‌کم باید ۱۲ نویسه باشد" in short.text
    refused = _refusals(case)
    assert [r.detail["reason"] for r in refused] == ["common", "too_short"]
    assert all(r.actor == "admin" for r in refused)
    assert "password1234" not in json.dumps([r.detail for r in refused]) and "kotah" not in json.dumps([r.detail for r in refused])


def test_a_user_changing_to_a_weak_password_keeps_the_old_one(app, case, browser_session):
    viewer = browser_session("viewer")
    page = viewer.get("/me/password")
    assert page.status_code == 200 and "12" in page.text
    weak = viewer.post("/me/password", data={"current": PASSWORD, "new": "viewerviewer!1", "repeat": "viewerviewer!1",
                                             "csrf_token": csrf_of(viewer, "/me/password")})
    assert weak.status_code == 400 and "too easy to guess" in weak.text and "Repeated" in weak.text
    assert login(TestClient(app, follow_redirects=False), "viewer").status_code == 303       # old one still works
    mismatch = viewer.post("/me/password", data={"current": PASSWORD, "new": STRONG, "repeat": STRONG + "x",
                                                 "csrf_token": csrf_of(viewer, "/me/password")})
    assert mismatch.status_code == 400 and "differ" in mismatch.text
    assert [r.detail["reason"] for r in _refusals(case)] == ["too_weak"]


def test_a_password_change_ends_the_users_other_sessions_but_not_this_one(app, browser_session):
    here, elsewhere = browser_session("viewer"), browser_session("viewer")
    done = here.post("/me/password", data={"current": PASSWORD, "new": STRONG, "repeat": STRONG,
                                           "csrf_token": csrf_of(here, "/me/password")})
    assert done.status_code == 303 and done.headers["location"] == "/me/password?changed=1"
    assert here.get("/me/password?changed=1").status_code == 200
    assert elsewhere.get("/claims").status_code == 303                       # sent to the sign-in page


def test_an_admin_raises_the_minimum_length_on_the_policy_page(case, browser_session):
    admin = browser_session("admin")
    saved = admin.post("/settings/accounts", data={"min_password_length": 30, "min_password_score": 3,
                                                   "token_days_default": 90, "token_days_max": 365,
                                                   "csrf_token": csrf_of(admin, "/settings/accounts")})
    assert saved.status_code == 200 and 'id="policy-saved"' in saved.text
    assert policies.load(case).min_password_length == 30
    refused = admin.post("/users", data={"name": "reza", "role": "viewer", "password": STRONG,
                                         "csrf_token": csrf_of(admin, "/users")})
    assert refused.status_code == 400 and "at least 30 characters" in refused.text
    bad = admin.post("/settings/accounts", data={"min_password_length": 4, "min_password_score": 3,
                                                 "token_days_default": 90, "token_days_max": 365,
                                                 "csrf_token": csrf_of(admin, "/settings/accounts")})
    assert bad.status_code == 400 and "min_password_length" in bad.text
    assert policies.load(case).min_password_length == 30


def test_the_cli_refuses_a_weak_password_and_changes_nothing(case_db, cli_env, tmp_path, case):
    weak, strong = tmp_path / "weak.txt", tmp_path / "strong.txt"
    weak.write_text("password1234\n", encoding="utf-8")
    strong.write_text(STRONG + "\n", encoding="utf-8")
    added = runner.invoke(user_app, ["add", "sara", "--db", case_db, "--role", "analyst", "--password-file", str(weak)])
    assert added.exit_code == 1 and "commonly used" in added.output and "Traceback" not in added.output
    assert "sara" not in [u["name"] for u in auth.list_users(case)]
    assert runner.invoke(user_app, ["add", "sara", "--db", case_db, "--role", "analyst",
                                    "--password-file", str(strong)]).exit_code == 0
    changed = runner.invoke(user_app, ["password", "sara", "--db", case_db, "--password-file", str(weak)])
    assert changed.exit_code == 1 and "commonly used" in changed.output
    assert auth.authenticate(case, "sara", STRONG) is not None               # the old password still works
    policy = runner.invoke(user_app, ["policy", "--db", case_db, "--min-length", "14", "--json"])
    assert policy.exit_code == 0 and json.loads(policy.output.splitlines()[-1])["min_password_length"] == 14
    assert runner.invoke(user_app, ["policy", "--db", case_db, "--min-score", "9"]).exit_code == 1
