"""The admin's user page (add, disable, issue a token — each through CSRF and the audit log) and
the export links of list pages (redacted for the role, reveals audited)."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from sabt import protection as protect
from sabt.store import models

from .conftest import PASSWORD, PLAIN, PLANTED, csrf_of, login


def _audit(case, action: str) -> list[models.AuditEntry]:
    with case.session() as session:
        return list(session.scalars(select(models.AuditEntry).where(models.AuditEntry.action == action)))


def test_admin_adds_a_user_who_can_then_sign_in(browser_session, app, case):
    admin = browser_session("admin")
    token = csrf_of(admin, "/users")
    body = {"name": "nasrin", "role": "reviewer", "password": "a long password here", "lang": "fa"}
    assert admin.post("/users", data=body).status_code == 403                 # no CSRF token
    assert admin.post("/users", data={**body, "csrf_token": token}).status_code == 303
    assert "nasrin" in admin.get("/users").text
    with TestClient(app, follow_redirects=False) as client:
        assert login(client, "nasrin", "a long password here").status_code == 303
        assert 'dir="rtl"' in client.get("/review").text
    added = _audit(case, "user_add")
    assert any(a.actor == "admin" and a.detail["name"] == "nasrin" for a in added)
    assert "a long password here" not in json.dumps([a.detail for a in added])


def test_bad_new_users_are_refused_with_a_reason(browser_session):
    admin = browser_session("admin")
    token = csrf_of(admin, "/users")
    short = admin.post("/users", data={"name": "x", "role": "viewer", "password": "short", "csrf_token": token})
    assert short.status_code == 400 and "at least 12 characters" in short.text
    taken = admin.post("/users", data={"name": "viewer", "role": "viewer", "password": PASSWORD, "csrf_token": token})
    assert taken.status_code == 400 and "already a user" in taken.text
    role = admin.post("/users", data={"name": "y", "role": "root", "password": PASSWORD, "csrf_token": token})
    assert role.status_code == 400 and "a role is one of" in role.text


def _user_id(case, name: str) -> int:
    with case.session() as session:
        return session.scalar(select(models.User.id).where(models.User.name == name))


def test_admin_issues_a_token_shown_once(browser_session, api, case):
    admin = browser_session("admin")
    viewer_id = _user_id(case, "viewer")
    page = admin.post(f"/users/{viewer_id}/token", data={"days": "7", "csrf_token": csrf_of(admin, "/users")})
    assert page.status_code == 200
    token = re.search(r"<code[^>]*>(sabt_[^<]+)</code>", page.text).group(1)
    assert token not in admin.get("/users").text                               # shown once
    me = api(None).get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["name"] == "viewer"
    issued = _audit(case, "token_issue")
    assert any(a.actor == "admin" and a.detail["days"] == 7 for a in issued)
    assert token not in json.dumps([a.detail for a in issued])


def test_admin_disables_a_user_and_their_session_ends(browser_session, case):
    admin, analyst = browser_session("admin"), browser_session("analyst")
    assert analyst.get("/claims").status_code == 200
    token = csrf_of(admin, "/users")
    assert admin.post(f"/users/{_user_id(case, 'analyst')}/disable", data={"csrf_token": token}).status_code == 303
    assert analyst.get("/claims").status_code == 303
    assert any(a.actor == "admin" for a in _audit(case, "user_disable"))
    own = admin.post(f"/users/{_user_id(case, 'admin')}/disable", data={"csrf_token": token})
    assert own.status_code == 409 and admin.get("/users").status_code == 200
    assert admin.post("/users/99999/disable", data={"csrf_token": token}).status_code == 404


def test_only_admins_manage_users(browser_session, case):
    analyst = browser_session("analyst")
    token = csrf_of(analyst, "/claims")
    refused = analyst.post("/users", data={"name": "z", "role": "admin", "password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 403
    with case.session() as session:
        assert session.scalar(select(models.User).where(models.User.name == "z")) is None


def test_list_pages_link_their_export(browser_session):
    html = browser_session("viewer").get("/persons").text
    assert 'href="/export/persons?format=csv"' in html
    assert "/export/" not in browser_session("viewer").get("/evidence").text


def test_a_viewers_export_is_redacted_an_analysts_is_audited(browser_session, case, seeded):
    viewer = browser_session("viewer").get("/export/persons", params={"format": "csv"})
    assert viewer.status_code == 200 and viewer.headers["content-type"].startswith("text/csv")
    assert "attachment" in viewer.headers["content-disposition"]
    # a protected person is left out of a viewer's export (not even "[protected]": non-interference)
    assert protect.REDACTED not in viewer.text and PLANTED not in viewer.text and PLAIN in viewer.text
    assert _audit(case, "read_protected") == []
    analyst = browser_session("analyst").get("/export/persons", params={"format": "json"})
    rows = analyst.json()
    assert any(r["name"] == PLANTED for r in rows)
    exports = _audit(case, "export")
    assert [(e.actor, e.subject_table, e.detail["revealed"]) for e in exports] == [("viewer", "persons", 0),
                                                                                   ("analyst", "persons", 1)]
    reads = _audit(case, "read_protected")
    assert [(r.actor, r.subject_id, r.detail["purpose"]) for r in reads] == [
        ("analyst", str(seeded["protected_person"]), "export")]


def test_export_refuses_unknown_tables_and_formats(browser_session):
    client = browser_session("analyst")
    assert client.get("/export/users").status_code == 404
    assert client.get("/export/evidence").status_code == 404
    bad = client.get("/export/claims", params={"format": "exe"})
    assert bad.status_code == 422 and "unknown format" in bad.text
    claims = client.get("/export/claims", params={"format": "csv"})
    assert claims.status_code == 200 and "2,403 deaths confirmed" in claims.text
