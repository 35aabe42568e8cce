"""Issue 24 (account hygiene): API tokens — named, scoped (read-only, or a role no higher than the
owner's), expiring, listed by their first characters only, revocable, with their last use; the
scope enforced on every API route; expired and revoked tokens refused with a 401 that says why;
who may list and revoke whose tokens; your own account's events and no one else's."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from typer.testing import CliRunner

from sabt.cli.serve import user_app
from sabt.store import models
from sabt.web import sessions, tokens
from sabt.web.app import route_table
from sabt.web.permissions import ROUTE_ACTIONS

from .conftest import PLANTED, csrf_of, login


def _session(app, name: str) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    assert login(client, name).status_code == 303
    return client


def _bearer(app, token: str) -> TestClient:
    return TestClient(app, follow_redirects=False, headers={"Authorization": f"Bearer {token}"})


def _create(client: TestClient, **form) -> str:
    page = client.post("/me/tokens", data={**form, "csrf_token": csrf_of(client, "/me/tokens")})
    assert page.status_code == 200, page.text
    return re.search(r"<code[^>]*>(sabt_[^<]+)</code>", page.text).group(1)


SOURCE = {"id": "amnesty", "name": "Amnesty International", "kind": "report", "reliability": "B"}


def test_a_read_only_token_reads_but_cannot_write(app, seeded):
    analyst = _session(app, "analyst")
    token = _create(analyst, name="nightly export", scope="read", days=30)
    script = _bearer(app, token)
    assert script.get("/api/claims").status_code == 200
    person = script.get(f"/api/persons/{seeded['protected_person']}")
    assert person.status_code == 200 and PLANTED in person.text          # reads as the analyst it belongs to
    refused = script.post("/api/sources", json=SOURCE)
    assert refused.status_code == 403 and refused.json()["detail"] == "this API token is read-only"
    assert script.put(f"/api/persons/{seeded['protected_person']}/protection", json={"protected": False}).status_code == 403


def test_every_writing_api_route_refuses_a_read_only_token(app, case):
    """Generated from the route table: a route added later is covered without editing this test."""
    token, _ = tokens.create(case, "admin", label="read", scope="read", days=1)
    script = _bearer(app, token)
    writes = [(m, p) for m, p in route_table(app) if p.startswith("/api/") and m not in ("GET", "HEAD")]
    assert len(writes) >= 8
    for method, template in writes:
        path = re.sub(r"\{[a-z_]+\}", "1", template)
        response = script.request(method, path, json={})
        assert response.status_code == 403, (method, template, response.status_code)
        assert ROUTE_ACTIONS[f"{method} {template}"]


def test_a_role_scoped_token_acts_with_no_more_than_its_scope(app, seeded):
    analyst = _session(app, "analyst")
    as_viewer = _bearer(app, _create(analyst, name="dashboard", scope="viewer"))
    assert as_viewer.post("/api/sources", json=SOURCE).status_code == 403
    hidden = as_viewer.get(f"/api/persons/{seeded['protected_person']}")
    assert hidden.status_code == 404 and PLANTED not in hidden.text      # as a viewer: not even that it exists
    as_analyst = _bearer(app, _create(analyst, name="importer", scope="analyst"))
    assert as_analyst.post("/api/sources", json=SOURCE).status_code == 201


def test_a_scope_above_the_owners_role_is_refused(app, case):
    viewer = _session(app, "viewer")
    page = viewer.get("/me/tokens")
    assert 'value="admin"' not in page.text and 'value="read"' in page.text and 'value="viewer"' in page.text
    above = viewer.post("/me/tokens", data={"name": "x", "scope": "admin", "csrf_token": csrf_of(viewer, "/me/tokens")})
    assert above.status_code == 400 and "scoped read, viewer, not admin." in above.text
    too_long = viewer.post("/me/tokens", data={"name": "x", "days": 400, "csrf_token": csrf_of(viewer, "/me/tokens")})
    assert too_long.status_code == 400 and "1 to 365 days" in too_long.text
    with case.session() as session:                 # nothing was made
        assert session.scalar(select(models.ApiToken).where(models.ApiToken.name == "x")) is None


def test_lowering_a_users_role_lowers_their_tokens(app, case):
    token, _ = tokens.create(case, "analyst", label="importer", scope="analyst", days=1)
    with case.session() as session:
        session.execute(update(models.User).where(models.User.name == "analyst").values(role="viewer"))
        session.commit()
    assert _bearer(app, token).post("/api/sources", json=SOURCE).status_code == 403


def test_expired_and_revoked_tokens_are_refused_with_a_clear_401(app, case):
    viewer = _session(app, "viewer")
    token = _create(viewer, name="soon gone", scope="read", days=1)
    script = _bearer(app, token)
    assert script.get("/api/claims").status_code == 200
    [row] = [k for k in tokens.list_tokens(case, sessions.user_id_of(case, "viewer")) if k["name"] == "soon gone"]
    revoked = viewer.post(f"/me/tokens/{row['id']}/revoke", data={"csrf_token": csrf_of(viewer, "/me/tokens")})
    assert revoked.status_code == 303
    refused = script.get("/api/claims")
    assert refused.status_code == 401 and refused.json()["detail"] == "this token was revoked"
    other = _create(viewer, name="expiring", scope="read", days=1)
    with case.session() as session:
        session.execute(update(models.ApiToken).where(models.ApiToken.name == "expiring")
                        .values(expires_at=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone.utc)))
        session.commit()
    expired = _bearer(app, other).get("/api/claims")
    assert expired.status_code == 401 and expired.json()["detail"] == "this token expired on 2026-01-02 03:04 UTC"
    unknown = _bearer(app, "sabt_" + "x" * 43).get("/api/claims")
    assert unknown.status_code == 401 and unknown.json()["detail"] == "not a valid token"


def test_a_token_is_shown_once_then_listed_by_its_first_characters(app, case):
    analyst = _session(app, "analyst")
    token = _create(analyst, name="backup job", scope="read", days=7)
    listed = analyst.get("/me/tokens")
    assert token not in listed.text and token[:tokens.PREFIX_LENGTH] + "…" in listed.text
    assert "backup job" in listed.text and "read only" in listed.text and "never" in listed.text
    _bearer(app, token).get("/api/claims")
    [row] = [k for k in tokens.list_tokens(case, sessions.user_id_of(case, "analyst")) if k["name"] == "backup job"]
    assert row["last_used_at"] is not None and row["status"] == "active"
    with case.session() as session:
        stored = session.scalars(select(models.ApiToken.token_sha256)).all()
    assert token not in stored


def test_a_token_cannot_mint_or_revoke_tokens(app, case, users):
    script = _bearer(app, users["admin"])
    assert script.post("/me/tokens", data={"name": "forever"}).status_code == 403
    assert script.get("/me/tokens").status_code == 403
    assert script.post(f"/users/{sessions.user_id_of(case, 'admin')}/token", data={"name": "x"}).status_code == 403
    assert script.post("/me/tokens/1/revoke").status_code == 403


def test_an_admin_lists_and_revokes_a_users_tokens_and_no_one_else_may(app, case):
    analyst, admin, reviewer = _session(app, "analyst"), _session(app, "admin"), _session(app, "reviewer")
    token = _create(analyst, name="analyst's script", scope="read")
    analyst_id = sessions.user_id_of(case, "analyst")
    [row] = [k for k in tokens.list_tokens(case, analyst_id) if k["name"] == "analyst's script"]
    assert reviewer.get(f"/users/{analyst_id}/tokens").status_code == 403
    assert reviewer.post(f"/users/{analyst_id}/tokens/{row['id']}/revoke", data={"csrf_token": csrf_of(reviewer)}).status_code == 403
    mine_not = reviewer.post(f"/me/tokens/{row['id']}/revoke", data={"csrf_token": csrf_of(reviewer)})
    assert mine_not.status_code == 404 and _bearer(app, token).get("/api/claims").status_code == 200
    page = admin.get(f"/users/{analyst_id}/tokens")
    assert page.status_code == 200 and "analyst&#39;s script" in page.text and token not in page.text
    assert admin.post(f"/users/{analyst_id}/tokens/{row['id']}/revoke",
                      data={"csrf_token": csrf_of(admin)}).status_code == 303
    assert _bearer(app, token).get("/api/claims").status_code == 401
    issued = admin.post(f"/users/{analyst_id}/token", data={"name": "for the analyst", "scope": "reviewer", "days": 5,
                                                            "csrf_token": csrf_of(admin)})
    assert issued.status_code == 200 and 'id="new-token"' in issued.text
    with case.session() as session:
        audit = session.scalars(select(models.AuditEntry).where(models.AuditEntry.action.in_(["token_issue", "token_revoke"]))
                                .where(models.AuditEntry.subject_id == str(analyst_id))).all()
    assert [(a.action, a.actor) for a in audit][-3:] == [("token_issue", "analyst"), ("token_revoke", "admin"),
                                                        ("token_issue", "admin")]


def test_a_token_from_before_scopes_acts_with_its_owners_role(app, case):
    import hashlib
    import secrets

    old = "sabt_" + secrets.token_urlsafe(32)
    with case.session() as session:                  # what a token made before revision 0010 holds
        user_id = session.scalar(select(models.User.id).where(models.User.name == "analyst"))
        session.add(models.ApiToken(user_id=user_id, token_sha256=hashlib.sha256(old.encode()).hexdigest(),
                                    expires_at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)))
        session.commit()
    assert _bearer(app, old).post("/api/sources", json=SOURCE).status_code == 201
    page = _session(app, "analyst").get("/me/tokens")
    assert "owner&#39;s role (older token)" in page.text


def test_your_account_events_are_yours_alone(app, case):
    viewer, analyst = _session(app, "viewer"), _session(app, "analyst")
    _create(viewer, name="viewer's own script", scope="read")
    _create(analyst, name="analyst-only-label", scope="read")
    viewer.post("/me/password", data={"current": "x", "new": "short", "repeat": "short",
                                      "csrf_token": csrf_of(viewer, "/me/password")})
    page = viewer.get("/me/activity")
    assert page.status_code == 200
    assert "API token created" in page.text and "viewer&#39;s own script" in page.text
    assert "analyst-only-label" not in page.text
    assert "account created" in page.text
    with case.session() as session:
        others = session.scalars(select(models.AuditEntry).where(models.AuditEntry.subject_id
                                                                 != str(sessions.user_id_of(case, "viewer")))).all()
    assert others                                    # there were other users' events to leave out


@pytest.mark.parametrize("scope", ["read", "viewer"])
def test_the_cli_makes_lists_and_revokes_scoped_tokens(app, case, case_db, cli_env, scope):
    runner = CliRunner()
    made = runner.invoke(user_app, ["token", "analyst", "--db", case_db, "--scope", scope, "--name", "cron",
                                    "--days", "3"])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    assert _bearer(app, token).post("/api/sources", json=SOURCE).status_code == 403
    listed = runner.invoke(user_app, ["tokens", "analyst", "--db", case_db, "--json"])
    found = [k for k in json.loads(listed.output.splitlines()[-1])["tokens"] if k["name"] == "cron"]
    assert len(found) == 1 and found[0]["scope"] == scope and token not in listed.output
    assert runner.invoke(user_app, ["revoke-token", "analyst", str(found[0]["id"]), "--db", case_db]).exit_code == 0
    assert _bearer(app, token).get("/api/claims").status_code == 401
    above = runner.invoke(user_app, ["token", "viewer", "--db", case_db, "--scope", "admin"])
    assert above.exit_code == 1 and "not admin" in above.output
    not_theirs = runner.invoke(user_app, ["revoke-token", "viewer", str(found[0]["id"]), "--db", case_db])
    assert not_theirs.exit_code == 1 and "Traceback" not in not_theirs.output
