"""Second factors through the real login form: TOTP, recovery codes, the administrator's
policy, re-authentication before revealing a protected identity. SQLite, or PostgreSQL when
SABT_TEST_DB says so (the fixtures of conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update

from sabt.store import models
from sabt.web import second_factor as sf

from .conftest import PASSWORD, PLANTED, csrf_of, login


def _secret(uri: str) -> str:
    return parse_qs(urlsplit(uri).query)["secret"][0]


@pytest.fixture
def analyst_totp(app, case):
    """The analyst's TOTP as an administrator sets it (``sabt user 2fa``): its secret and codes."""
    uri, codes = sf.reset_by_admin(case, "analyst")
    return pyotp.TOTP(_secret(uri)), codes


def _client(app) -> TestClient:
    return TestClient(app, follow_redirects=False)


def _second_step(client: TestClient, code: str):
    page = client.get("/login/second-factor")
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login/second-factor", data={"code": code, "csrf_token": token})


def _signed_in(client: TestClient) -> bool:
    response = client.get("/")
    return response.status_code == 200 and 'id="logout"' in response.text


def test_password_alone_does_not_sign_in_a_user_with_a_second_factor(app, analyst_totp):
    client = _client(app)
    response = login(client, "analyst")
    assert response.status_code == 303 and response.headers["location"].startswith("/login/second-factor")
    assert "sabt_session" not in client.cookies
    assert not _signed_in(client)
    assert client.get("/api/me").status_code == 401


def test_a_right_code_signs_in_a_wrong_or_reused_one_does_not(app, case, analyst_totp):
    totp, _codes = analyst_totp
    client = _client(app)
    login(client, "analyst")
    wrong = f"{(int(totp.now()) + 1) % 1_000_000:06d}"
    assert _second_step(client, wrong).status_code == 401
    assert not _signed_in(client)
    code = totp.now()
    response = _second_step(client, code)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert _signed_in(client)

    again = _client(app)                      # the same code a second time (replayed, same step)
    login(again, "analyst")
    assert _second_step(again, code).status_code == 401
    assert not _signed_in(again)
    assert _second_step(again, totp.at(time.time() + sf.STEP)).status_code == 303   # the next step's code
    with case.session() as session:
        actions = [a for (a,) in session.execute(select(models.AuditEntry.action).where(
            models.AuditEntry.action.like("2fa_%")))]
    assert actions.count("2fa_failure") == 2 and actions.count("2fa_ok") == 2


def test_a_recovery_code_works_once(app, case, analyst_totp):
    _totp, codes = analyst_totp
    assert len(codes) == 10 and len(set(codes)) == 10
    first = _client(app)
    login(first, "analyst")
    assert _second_step(first, codes[3].upper().replace("-", " ")).status_code == 303   # typed loosely
    assert _signed_in(first)
    second = _client(app)
    login(second, "analyst")
    assert _second_step(second, codes[3]).status_code == 401
    assert not _signed_in(second)
    with case.session() as session:
        used = session.scalars(select(models.AuditEntry.action).where(
            models.AuditEntry.action == "2fa_recovery_used")).all()
    assert len(used) == 1


def test_codes_are_rate_limited_like_passwords(app, analyst_totp):
    totp, _codes = analyst_totp
    client = _client(app)
    login(client, "analyst")
    for _ in range(5):
        assert _second_step(client, "000000" if totp.now() != "000000" else "111111").status_code == 401
    assert _second_step(client, totp.now()).status_code == 429
    assert not _signed_in(client)
    assert login(_client(app), "analyst").status_code == 429      # the password form too


def test_the_secret_is_sealed_at_rest(app, case, analyst_totp):
    totp, codes = analyst_totp
    with case.engine.connect() as connection:
        sealed = connection.execute(text("SELECT sealed FROM user_totp")).scalar()
        hashes = connection.execute(text("SELECT code_sha256 FROM recovery_codes")).scalars().all()
    assert totp.secret.encode() not in bytes(sealed)
    assert not any(code in h for code in codes for h in hashes)
    assert case.key.unseal(bytes(sealed), "user_totp")["secret"] == totp.secret


def test_enrolment_in_the_web_app_is_active_only_after_a_first_code(app, case):
    client = _client(app)
    assert login(client, "reviewer").status_code == 303
    page = client.get("/me/security/totp")
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.text    # the QR, drawn here
    secret = re.search(r'<code dir="ltr" id="secret">([A-Z2-7 ]+)</code>', page.text).group(1).replace(" ", "")
    totp = pyotp.TOTP(secret)
    assert not sf.has_second_factor(case, _user_id(case, "reviewer"))
    token = csrf_of(client, "/me/security")
    assert client.post("/me/security/totp", data={"code": "123456" if totp.now() != "123456" else "654321",
                                                  "csrf_token": token}).status_code == 401
    assert not sf.has_second_factor(case, _user_id(case, "reviewer"))
    done = client.post("/me/security/totp", data={"code": totp.now(), "csrf_token": token})
    assert done.status_code == 200
    assert len(re.findall(r"<li><code>[a-z2-7]{5}(?:-[a-z2-7]{5}){3}</code></li>", done.text)) == 10
    assert sf.has_second_factor(case, _user_id(case, "reviewer"))
    later = _client(app)
    assert login(later, "reviewer").headers["location"].startswith("/login/second-factor")


def _user_id(case, name: str) -> int:
    with case.session() as session:
        return session.scalar(select(models.User.id).where(models.User.name == name))


def test_the_policy_sends_users_without_a_second_factor_to_enrolment(app, case, browser_session):
    viewer = browser_session("viewer")
    analyst_before = browser_session("analyst")
    signed_out = sf.set_policy(case, "protected", 5, "admin")
    assert set(signed_out) == {"admin", "analyst", "reviewer"}
    assert not _signed_in(analyst_before)                       # its session ended with the policy
    assert _signed_in(viewer)                                   # a viewer is not required to enrol

    client = _client(app)
    response = login(client, "analyst")
    assert response.headers["location"].startswith("/login/enrol")
    assert "sabt_session" not in client.cookies
    assert not _signed_in(client) and client.get("/api/me").status_code == 401
    page = client.get("/login/enrol")
    secret = re.search(r'id="secret">([A-Z2-7 ]+)<', page.text).group(1).replace(" ", "")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    reload = re.search(r'id="secret">([A-Z2-7 ]+)<', client.get("/login/enrol").text).group(1)
    assert reload.replace(" ", "") == secret                                  # a reload shows the same secret
    done = client.post("/login/enrol", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert done.status_code == 200 and 'id="recovery-codes"' in done.text
    assert _signed_in(client)


def _stale(case) -> None:
    """Age every re-authentication mark past the window (as if the analyst had stepped away)."""
    with case.session() as session:
        session.execute(update(models.ReauthMark).values(
            at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=sf.policy(case).reauth_minutes + 1)))
        session.commit()


def test_revealing_an_identity_needs_a_recent_reauthentication(app, case, seeded, analyst_totp):
    totp, _codes = analyst_totp
    person = seeded["protected_person"]
    client = _client(app)
    login(client, "analyst")
    _second_step(client, totp.now())
    assert PLANTED in client.get(f"/persons/{person}").text          # signing in is a fresh proof

    _stale(case)
    refused = client.get(f"/persons/{person}")
    assert refused.status_code == 303
    assert refused.headers["location"] == f"/reauth?next=%2Fpersons%2F{person}"
    api = client.get(f"/api/persons/{person}")
    assert api.status_code == 403 and api.json()["reauth"] == "/reauth" and PLANTED not in api.text
    listing = client.get("/persons")
    assert listing.status_code == 200 and PLANTED not in listing.text   # lists stay redacted
    assert client.get("/export/persons").status_code == 303

    page = client.get("/reauth", params={"next": f"/persons/{person}"})
    assert 'name="code"' in page.text and 'name="password"' not in page.text
    token = csrf_of(client, "/")
    wrong = client.post("/reauth", data={"code": "000000" if totp.now() != "000000" else "111111",
                                         "csrf_token": token, "next": f"/persons/{person}"})
    assert wrong.status_code == 401
    assert client.get(f"/persons/{person}").status_code == 303
    ok = client.post("/reauth", data={"code": totp.at(time.time() + sf.STEP), "csrf_token": token,
                                      "next": f"/persons/{person}"})
    assert ok.status_code == 303 and ok.headers["location"] == f"/persons/{person}"
    assert PLANTED in client.get(f"/persons/{person}").text
    assert client.get(f"/api/persons/{person}").json()["identity"]["name"] == PLANTED
    with case.session() as session:
        actions = session.scalars(select(models.AuditEntry.action).where(
            models.AuditEntry.action.in_(["reauth", "2fa_failure"]))).all()
    assert sorted(actions) == ["2fa_failure", "reauth"]


def test_a_user_without_a_second_factor_reauthenticates_with_the_password(app, case, seeded, browser_session):
    admin = browser_session("admin")
    _stale(case)
    token = csrf_of(admin, "/")
    refused = admin.post("/users", data={"name": "newcomer", "role": "viewer", "password": PASSWORD * 2,
                                         "csrf_token": token})
    assert refused.status_code == 303 and refused.headers["location"] == "/reauth?next=%2Fusers"
    assert "newcomer" not in admin.get("/users").text
    assert 'name="password"' in admin.get("/reauth").text
    assert admin.post("/reauth", data={"password": "wrong password!", "csrf_token": token}).status_code == 401
    assert admin.post("/reauth", data={"password": PASSWORD, "csrf_token": token, "next": "/users"}).status_code == 303
    assert admin.post("/users", data={"name": "newcomer", "role": "viewer", "password": PASSWORD * 2,
                                      "csrf_token": token}).status_code == 303
    assert "newcomer" in admin.get("/users").text


def test_the_json_api_reauthenticates_a_session(app, case, seeded, analyst_totp):
    totp, _codes = analyst_totp
    client = _client(app)
    login(client, "analyst")
    _second_step(client, totp.now())
    _stale(case)
    person = seeded["protected_person"]
    assert client.get(f"/api/persons/{person}").status_code == 403
    token = csrf_of(client, "/")
    assert client.post("/api/reauth", json={"code": "12"}, headers={"X-CSRF-Token": token}).status_code == 401
    assert client.post("/api/reauth", json={"code": totp.at(time.time() + sf.STEP)},
                       headers={"X-CSRF-Token": token}).status_code == 204
    assert client.get(f"/api/persons/{person}").json()["identity"]["name"] == PLANTED


def test_cli_prints_the_uri_on_its_last_line_and_it_signs_in(app, case, tmp_path):
    from typer.testing import CliRunner

    from sabt.cli import app as cli

    result = CliRunner().invoke(cli, ["user", "2fa", "reviewer", "--db", case.settings.db],
                                env={"SABT_KEY_FILE": str(case.settings.key_file)} if case.settings.key_file else None)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("otpauth://totp/sabt:reviewer?") and len(lines) == 12
    client = _client(app)
    login(client, "reviewer")
    assert _second_step(client, pyotp.TOTP(_secret(lines[-1])).now()).status_code == 303
    missing = CliRunner().invoke(cli, ["user", "2fa", "nobody", "--db", case.settings.db])
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output and "Traceback" not in missing.output
