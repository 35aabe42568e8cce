"""Accounts, sessions, CSRF, the login rate limit, API tokens."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sabt.store import models
from sabt.web import auth, create_app

from .conftest import PASSWORD, csrf_of, login


def test_passwords_are_argon2id_hashes(case, users):
    with case.session() as session:
        hashes = list(session.scalars(select(models.User.password_hash)))
        tokens = list(session.scalars(select(models.ApiToken.token_sha256)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(PASSWORD not in h for h in hashes)
    assert all(len(t) == 64 and not t.startswith("sabt_") for t in tokens)   # only the digest is stored


def test_short_passwords_and_unknown_roles_are_refused(case):
    with pytest.raises(auth.AuthError):
        auth.add_user(case, "x", "analyst", "short")
    with pytest.raises(auth.AuthError):
        auth.add_user(case, "x", "superuser", PASSWORD)
    with pytest.raises(auth.AuthError):
        auth.add_user(case, "two words", "viewer", PASSWORD)


def test_session_cookie_is_secure_httponly_samesite(case, seeded, users):
    app = create_app(case, secure_cookies=True)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = login(client, "analyst")
        assert response.status_code == 303
        cookie = response.headers["set-cookie"]
        assert "sabt_session=" in cookie
        assert "HttpOnly" in cookie and "Secure" in cookie and "samesite=strict" in cookie.lower()
        assert client.get("/claims").status_code == 200


def test_wrong_password_then_rate_limit(app):
    client = TestClient(app, follow_redirects=False)
    for _ in range(auth.MAX_FAILURES):
        assert login(client, "analyst", "wrong password!").status_code == 401
    # even the right password is refused while the limit holds
    blocked = login(client, "analyst")
    assert blocked.status_code == 429
    assert "sabt_session" not in blocked.headers.get("set-cookie", "")
    # another user from the same address is blocked too (per-address limit)
    assert login(client, "viewer").status_code == 429


def test_unknown_user_fails_like_a_wrong_password(app):
    client = TestClient(app, follow_redirects=False)
    response = login(client, "nobody", PASSWORD)
    assert response.status_code == 401
    assert "Wrong user name or password" in response.text


def test_login_form_needs_its_csrf_cookie(app):
    client = TestClient(app, follow_redirects=False)
    response = client.post("/login", data={"username": "analyst", "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403


def test_csrf_is_required_on_session_writes(browser_session):
    client = browser_session("analyst")
    body = {"source_id": "hrana", "metric": "killed", "best": "10"}
    assert client.post("/claims", data=body).status_code == 403
    assert client.post("/claims", data={**body, "csrf_token": "wrong"}).status_code == 403
    token = csrf_of(client, "/claims/new")
    made = client.post("/claims", data={**body, "csrf_token": token})
    assert made.status_code == 303 and re.match(r"/claims/\d+$", made.headers["location"])
    # the JSON API through a session cookie needs the header
    assert client.post("/api/claims", json=body).status_code == 403
    assert client.post("/api/claims", json=body, headers={"X-CSRF-Token": token}).status_code == 201


def test_logout_ends_the_session(browser_session):
    client = browser_session("viewer")
    token, session_id = csrf_of(client), client.cookies.get(auth.SESSION_COOKIE)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.cookies.set(auth.SESSION_COOKIE, session_id)     # replaying the old cookie does not work
    page = client.get("/claims")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_open_redirects_are_refused(app):
    client = TestClient(app, follow_redirects=False)
    page = client.get("/login", params={"next": "//evil.example/"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"username": "viewer", "password": PASSWORD, "csrf_token": token,
                                            "next": "https://evil.example/"})
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_disabling_a_user_ends_their_session(browser_session, case):
    client = browser_session("reviewer")
    assert client.get("/review").status_code == 200
    auth.disable_user(case, "reviewer")
    assert client.get("/review").status_code == 303


def test_security_headers(browser_session):
    response = browser_session("viewer").get("/claims")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_no_cdn_and_no_inline_script_in_pages(browser_session):
    client = browser_session("admin")
    for path in ("/", "/claims", "/claims/new", "/persons", "/evidence", "/review", "/run", "/assessment", "/audit"):
        html = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path   # every script is a vendored file


def test_language_switch_to_persian(browser_session, case):
    client = browser_session("analyst")
    token = csrf_of(client)
    assert client.post("/me/lang", data={"lang": "fa", "next": "/claims", "csrf_token": token}).status_code == 303
    html = client.get("/claims").text
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "ادعاها" in html
    assert "۲۶ دی ۱۴۰۴" in html          # 2026-01-16 in the Solar Hijri calendar, Persian digits
    assert "۲٬۴۰۳" in html
    with case.session() as session:
        assert session.scalar(select(models.User.lang).where(models.User.name == "analyst")) == "fa"


def test_large_bodies_from_nobody_are_refused_before_parsing(app):
    client = TestClient(app, follow_redirects=False)
    response = client.post("/api/evidence", files={"files": ("big.bin", b"x" * 200_000)})
    assert response.status_code == 401
    assert client.post("/login", data={"username": "a", "password": "b", "csrf_token": "c"}).status_code == 403


def test_an_unexpected_error_is_a_bare_500_and_logs_only_its_type(api, monkeypatch, tmp_path):
    from sabt.web.views import data

    def broken(*_args, **_kwargs):
        raise RuntimeError("Zhila Secret-Value in a message")
    monkeypatch.setattr(data, "get_claim", broken)
    response = api("analyst").get("/api/claims/1")
    assert response.status_code == 500 and response.json() == {"detail": "internal error"}
    assert response.headers["x-frame-options"] == "DENY" and response.headers["cache-control"] == "no-store"
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "GET /api/claims/1 500 error=RuntimeError" in log and "Secret-Value" not in log
