"""Login sessions and failed logins live in the store: a restart keeps users signed in, the rate
limit outlasts a restart, expired and idle sessions end, and only digests are stored."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sabt.case import Case
from sabt.store import models
from sabt.web import auth, create_app

from .conftest import PASSWORD, login


def _restarted(case):
    """A new app over a newly opened case: what a restarted server process has."""
    reopened = Case.open(case.settings)
    return reopened, create_app(reopened, secure_cookies=False)


def test_a_restart_keeps_users_signed_in(app, case):
    client = TestClient(app, follow_redirects=False)
    assert login(client, "analyst").status_code == 303
    cookie = client.cookies.get(auth.SESSION_COOKIE)
    reopened, second = _restarted(case)
    try:
        with TestClient(second, follow_redirects=False) as other:
            other.cookies.set(auth.SESSION_COOKIE, cookie)
            page = other.get("/claims")
            assert page.status_code == 200 and "analyst" in page.text
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            assert other.post("/logout", data={"csrf_token": token}).status_code == 303
        client.cookies.set(auth.SESSION_COOKIE, cookie)     # signed out everywhere, not just there
        assert client.get("/claims").status_code == 303
    finally:
        reopened.close()


def test_the_store_holds_only_the_digest_of_a_session(app, case):
    client = TestClient(app, follow_redirects=False)
    login(client, "viewer")
    cookie = client.cookies.get(auth.SESSION_COOKIE)
    with case.session() as session:
        rows = session.scalars(select(models.WebSession)).all()
    assert len(rows) == 1 and rows[0].id_sha256 != cookie and len(rows[0].id_sha256) == 64
    assert cookie not in repr([(r.id_sha256, r.csrf) for r in rows])


def test_the_rate_limit_outlasts_a_restart(app, case):
    client = TestClient(app, follow_redirects=False)
    for _ in range(auth.MAX_FAILURES):
        assert login(client, "analyst", "wrong password!").status_code == 401
    reopened, second = _restarted(case)
    try:
        with TestClient(second, follow_redirects=False) as other:
            assert login(other, "analyst").status_code == 429
    finally:
        reopened.close()
    with case.session() as session:
        keys = session.scalars(select(models.LoginAttempt.key_sha256)).all()
    assert keys and all(len(k) == 64 and "analyst" not in k for k in keys)


def test_failures_older_than_the_window_do_not_count(app, case):
    client = TestClient(app, follow_redirects=False)
    for _ in range(auth.MAX_FAILURES):
        login(client, "analyst", "wrong password!")
    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=auth.WINDOW + 1)
    with case.session() as session:
        session.execute(update(models.LoginAttempt).values(at=long_ago))
        session.commit()
    assert login(client, "analyst").status_code == 303


def _age_session(case, **values) -> None:
    with case.session() as session:
        session.execute(update(models.WebSession).values(**values))
        session.commit()


def test_a_session_past_its_lifetime_ends(browser_session, case):
    client = browser_session("reviewer")
    assert client.get("/review").status_code == 200
    _age_session(case, expires_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1))
    assert client.get("/review").status_code == 303
    with case.session() as session:
        assert session.scalars(select(models.WebSession)).all() == []


def test_an_idle_session_ends(browser_session, case):
    client = browser_session("reviewer")
    _age_session(case, last_seen_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=auth.SESSION_IDLE + 1))
    assert client.get("/review").status_code == 303


def test_a_used_session_is_not_idle(browser_session, case):
    client = browser_session("reviewer")
    _age_session(case, last_seen_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=auth.SESSION_IDLE - 60))
    assert client.get("/review").status_code == 200          # seen now: the idle clock restarts
    with case.session() as session:
        seen = session.scalar(select(models.WebSession.last_seen_at))
    seen = seen if seen.tzinfo else seen.replace(tzinfo=dt.timezone.utc)
    assert dt.datetime.now(dt.timezone.utc) - seen < dt.timedelta(seconds=auth.SESSION_IDLE / 2)


def test_disabling_a_user_deletes_their_sessions(browser_session, case):
    browser_session("analyst")
    auth.disable_user(case, "analyst")
    with case.session() as session:
        assert session.scalars(select(models.WebSession)).all() == []


def test_sign_in_still_needs_the_right_password_after_a_restart(case, seeded, users):
    reopened, second = _restarted(case)
    try:
        with TestClient(second, follow_redirects=False) as client:
            assert login(client, "admin", PASSWORD + "x").status_code == 401
            assert login(client, "admin").status_code == 303
    finally:
        reopened.close()
