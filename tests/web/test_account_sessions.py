"""Issue 24 (account hygiene): a user's sessions — listed with browser, address, sign-in and last
use (written at most once a minute), revocable one by one, "sign out everywhere", one active
session per user when an administrator says so; who may list and end whose sessions; the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from sabt.cli.serve import user_app
from sabt.store import models
from sabt.web import auth, sessions
from sabt.web import policy as policies

from .conftest import csrf_of, login

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1")


def _signed_in(app, name: str, agent: str) -> TestClient:
    client = TestClient(app, follow_redirects=False, headers={"User-Agent": agent})
    assert login(client, name).status_code == 303
    return client


def _handles(page_text: str) -> list[str]:
    return re.findall(r'id="session-([0-9a-f]{20})"', page_text)


def _user_id(case, name: str) -> int:
    return sessions.user_id_of(case, name)


def _audited(case, action: str) -> list[models.AuditEntry]:
    with case.session() as session:
        return session.scalars(select(models.AuditEntry).where(models.AuditEntry.action == action)).all()


def test_your_sessions_lists_each_browser_and_revokes_one(app, case):
    laptop, phone = _signed_in(app, "analyst", FIREFOX), _signed_in(app, "analyst", IPHONE)
    page = laptop.get("/me/sessions")
    assert page.status_code == 200
    assert "Firefox 128 · Linux" in page.text and "Safari 17 · iOS" in page.text
    assert "testclient" in page.text                                 # the address the server saw
    assert page.text.count("this browser") == 1
    assert FIREFOX not in page.text                                  # a summary, never the whole header
    phone_handle = next(h for h in _handles(page.text)
                        if "Safari" in page.text.split(f'id="session-{h}"')[1].split("</tr>")[0])
    revoked = laptop.post(f"/me/sessions/{phone_handle}/revoke", data={"csrf_token": csrf_of(laptop, "/me/sessions")})
    assert revoked.status_code == 303
    assert phone.get("/claims").status_code == 303                   # the phone is signed out
    assert laptop.get("/claims").status_code == 200
    assert len(_handles(laptop.get("/me/sessions").text)) == 1
    [entry] = _audited(case, "session_revoke")
    assert entry.actor == "analyst" and entry.subject_id == str(_user_id(case, "analyst"))
    assert "testclient" not in json.dumps(entry.detail)              # no address in the (permanent) audit log


def test_last_use_is_written_at_most_once_a_minute(app, case):
    client = _signed_in(app, "viewer", FIREFOX)

    def last_seen():
        with case.session() as session:
            return sessions._aware(session.scalar(select(models.WebSession.last_seen_at)))

    def age(seconds: int):
        with case.session() as session:
            session.execute(update(models.WebSession).values(
                last_seen_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds)))
            session.commit()
        return last_seen()

    thirty_ago = age(30)
    assert client.get("/claims").status_code == 200
    assert last_seen() == thirty_ago                                 # not written: under a minute
    two_minutes_ago = age(120)
    assert client.get("/claims").status_code == 200
    assert last_seen() > two_minutes_ago + dt.timedelta(seconds=100)  # written: now


def test_sign_out_everywhere_ends_every_session(app, case):
    first, second = _signed_in(app, "reviewer", FIREFOX), _signed_in(app, "reviewer", IPHONE)
    out = first.post("/me/signout-everywhere", data={"csrf_token": csrf_of(first, "/me/sessions")})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert first.get("/claims").status_code == 303 and second.get("/claims").status_code == 303
    [entry] = _audited(case, "signout_everywhere")
    assert entry.detail == {"sessions": 2}


def test_one_active_session_per_user_when_the_admin_says_so(app, case):
    admin = _signed_in(app, "admin", FIREFOX)
    earlier = _signed_in(app, "analyst", FIREFOX)
    saved = admin.post("/settings/accounts", data={"min_password_length": 12, "min_password_score": 3,
                                                   "token_days_default": 90, "token_days_max": 365,
                                                   "single_session": "on",
                                                   "csrf_token": csrf_of(admin, "/settings/accounts")})
    assert saved.status_code == 200 and policies.load(case).single_session
    later = _signed_in(app, "analyst", IPHONE)
    assert earlier.get("/claims").status_code == 303                 # ended by the new sign-in
    page = later.get("/me/sessions")
    assert page.status_code == 200 and len(_handles(page.text)) == 1 and "one session per user" in page.text
    [entry] = _audited(case, "sessions_ended_by_sign_in")
    assert entry.subject_id == str(_user_id(case, "analyst")) and entry.detail == {"sessions": 1}
    policies.save(case, policies.load(case).changed(single_session=False), "admin")
    again = _signed_in(app, "analyst", FIREFOX)
    assert later.get("/claims").status_code == 200 and again.get("/claims").status_code == 200


def test_an_admin_sees_and_ends_a_users_sessions_and_no_one_else_may(app, case):
    admin, analyst = _signed_in(app, "admin", FIREFOX), _signed_in(app, "analyst", IPHONE)
    viewer = _signed_in(app, "viewer", FIREFOX)
    analyst_id = _user_id(case, "analyst")
    page = admin.get(f"/users/{analyst_id}/sessions")
    assert page.status_code == 200 and "Sessions of analyst" in page.text and "Safari 17 · iOS" in page.text
    [handle] = _handles(page.text)
    # another user: neither the list nor the revocation, not even knowing the handle
    assert viewer.get(f"/users/{analyst_id}/sessions").status_code == 403
    assert analyst.get(f"/users/{_user_id(case, 'viewer')}/sessions").status_code == 403
    stolen = viewer.post(f"/me/sessions/{handle}/revoke", data={"csrf_token": csrf_of(viewer, "/me/sessions")})
    assert stolen.status_code == 404 and analyst.get("/claims").status_code == 200
    assert viewer.post(f"/users/{analyst_id}/signout", data={"csrf_token": csrf_of(viewer)}).status_code == 403
    assert analyst.get("/claims").status_code == 200
    ended = admin.post(f"/users/{analyst_id}/sessions/{handle}/revoke",
                       data={"csrf_token": csrf_of(admin, f"/users/{analyst_id}/sessions")})
    assert ended.status_code == 303 and analyst.get("/claims").status_code == 303
    [entry] = _audited(case, "session_revoke")
    assert entry.actor == "admin" and entry.subject_id == str(analyst_id)


def test_an_admin_signing_a_user_out_keeps_their_own_session(app, case):
    admin, viewer = _signed_in(app, "admin", FIREFOX), _signed_in(app, "viewer", IPHONE)
    admin_id = _user_id(case, "admin")
    ended = admin.post(f"/users/{_user_id(case, 'viewer')}/signout", data={"csrf_token": csrf_of(admin)})
    assert ended.status_code == 303 and viewer.get("/claims").status_code == 303
    second = _signed_in(app, "admin", IPHONE)
    admin.post(f"/users/{admin_id}/signout", data={"csrf_token": csrf_of(admin)})
    assert admin.get("/claims").status_code == 200 and second.get("/claims").status_code == 303


def test_an_api_token_cannot_manage_sessions(api, case):
    admin = api("admin")
    assert admin.get("/me/sessions").status_code == 403
    assert admin.get(f"/users/{_user_id(case, 'viewer')}/sessions").status_code == 403
    assert admin.post("/me/signout-everywhere").status_code == 403


def test_the_cli_lists_and_ends_a_users_sessions(app, case, case_db, cli_env):
    laptop, phone = _signed_in(app, "analyst", FIREFOX), _signed_in(app, "analyst", IPHONE)
    runner = CliRunner()
    listed = runner.invoke(user_app, ["sessions", "analyst", "--db", case_db, "--json"])
    assert listed.exit_code == 0, listed.output
    found = json.loads(listed.output.splitlines()[-1])["sessions"]
    assert sorted(s["user_agent"] for s in found) == ["Firefox 128 · Linux", "Safari 17 · iOS"]
    phone_handle = next(s["handle"] for s in found if s["user_agent"].startswith("Safari"))
    one = runner.invoke(user_app, ["signout", "analyst", "--db", case_db, "--session", phone_handle])
    assert one.exit_code == 0 and phone.get("/claims").status_code == 303 and laptop.get("/claims").status_code == 200
    everything = runner.invoke(user_app, ["signout", "analyst", "--db", case_db])
    assert everything.exit_code == 0 and "ended 1 session " in everything.output
    assert laptop.get("/claims").status_code == 303
    unknown = runner.invoke(user_app, ["sessions", "nobody", "--db", case_db])
    assert unknown.exit_code == 1 and "no user 'nobody'" in unknown.output


def test_a_session_from_before_the_upgrade_still_lists(app, case):
    client = _signed_in(app, "viewer", FIREFOX)
    with case.session() as session:                  # what a session made before revision 0010 holds
        session.execute(update(models.WebSession).values(user_agent=None, address=None))
        session.commit()
    page = client.get("/me/sessions")
    assert page.status_code == 200 and len(_handles(page.text)) == 1 and "—" in page.text
    assert auth.SESSION_COOKIE in client.cookies
