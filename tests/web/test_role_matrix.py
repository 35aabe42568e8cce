"""The role matrix, generated from the app's route table.

Every route × every role × anonymous gets the status the matrix in
:mod:`sabt.web.permissions` implies: allowed → neither 401 nor 403 (nor a 5xx); not allowed →
403; anonymous → 401 (API) or a redirect to ``/login`` (pages). A route without a rule fails
here, and is closed (403 for everyone) at run time.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sabt.link.run import LinkSummary
from sabt.web import create_app
from sabt.web.app import route_table
from sabt.web.permissions import MATRIX, ROLES, ROUTE_ACTIONS, Actor, authorize, route_action

from .conftest import csrf_of, login


def app_routes(app) -> list[tuple[str, str]]:
    routes = route_table(app)
    assert len(routes) > 60
    return routes


def test_every_route_has_a_rule_and_every_rule_a_route(app):
    routes = {f"{m} {p}" for m, p in app_routes(app)}
    assert routes - set(ROUTE_ACTIONS) == set(), "routes without a permission rule"
    assert set(ROUTE_ACTIONS) - routes == set(), "rules for routes that no longer exist"
    assert set(ROUTE_ACTIONS.values()) <= set(MATRIX)


def test_a_route_without_a_rule_is_closed(case, users):
    app = create_app(case, secure_cookies=False)

    @app.get("/api/forgotten")
    def forgotten():
        return {"secret": True}

    assert route_action("GET", "/api/forgotten") is None
    with TestClient(app) as client:
        response = client.get("/api/forgotten", headers={"Authorization": f"Bearer {users['admin']}"})
    assert response.status_code == 403
    assert "secret" not in response.text


def _fill(path: str, seeded: dict) -> str:
    ids = {"source_id": "hrana", "claim_id": "1", "incident_id": "1", "person_id": str(seeded["protected_person"]),
           "record_id": str(seeded["records"]["H-1"]), "actor_id": "99999", "evidence_id": "99999",
           "user_id": "99999", "key_id": "99999", "table": "claims", "handle": "0" * 20, "token_id": "99999",
           "job_id": "no-such-job"}
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    assert "{" not in path, path
    return path


def expected(role: str, action: str, api: bool) -> str:
    if action == "public":
        return "allowed"
    if role == "anonymous":
        return "401" if api else "login"
    return "allowed" if authorize(Actor(role, role), action) else "403"


def _request(client: TestClient, method: str, path: str, api: bool, csrf: str | None):
    if method == "GET":
        return client.get(path)
    if api:
        return client.request(method, path, json={})
    return client.request(method, path, data={"csrf_token": csrf} if csrf else {})


@pytest.fixture
def no_linkage(monkeypatch):
    """The matrix is about who may start linkage, not about linkage itself."""
    monkeypatch.setattr("sabt.link.run.link_case", lambda case, **_: LinkSummary())


def test_role_matrix(app, users, seeded, no_linkage):
    table, wrong = [], []
    for method, template in app_routes(app):
        action = ROUTE_ACTIONS[f"{method} {template}"]
        path = _fill(template, seeded)
        api = path.startswith(("/api/", "/openapi.json"))
        row = [f"{method} {template}", action]
        for role in (*ROLES, "anonymous"):
            client = TestClient(app, follow_redirects=False)
            csrf = None
            if role != "anonymous":
                if api:
                    client.headers["Authorization"] = f"Bearer {users[role]}"
                else:
                    assert login(client, role).status_code == 303
                    csrf = csrf_of(client, "/")
            response = _request(client, method, path, api, csrf)
            client.close()
            want = expected(role, action, api)
            status = response.status_code
            if want == "allowed":
                ok = status not in (401, 403) and status < 500
            elif want == "login":
                ok = status == 303 and response.headers["location"].startswith("/login")
            else:
                ok = status == int(want)
            row.append(f"{status}{'' if ok else '!'}")
            if not ok:
                wrong.append(f"{method} {path} as {role}: got {status}, expected {want}")
        table.append(row)
    print("\n".join(" | ".join(r) for r in table))
    assert not wrong, "\n".join(wrong)


def test_static_assets_are_public(app):
    with TestClient(app) as client:
        assert client.get("/static/htmx.min.js").status_code == 200
        assert client.get("/static/sabt.css").status_code == 200


def test_unknown_expired_or_disabled_credentials(app, case, users, api):
    import datetime as dt

    from sqlalchemy import update

    from sabt.store import models
    from sabt.web import auth

    assert api(None).get("/api/claims", headers={"Authorization": "Bearer sabt_nope"}).status_code == 401
    assert api(None).get("/api/claims", headers={"Authorization": "Basic YTpi"}).status_code == 401
    anonymous = TestClient(app, follow_redirects=False)
    anonymous.cookies.set(auth.SESSION_COOKIE, "made-up-session")
    page = anonymous.get("/claims")
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/claims"
    assert anonymous.get("/api/claims").status_code == 401
    with case.session() as session:
        session.execute(update(models.ApiToken).values(expires_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
        session.commit()
    assert api("analyst").get("/api/claims").status_code == 401
    fresh = auth.issue_token(case, "analyst", 1)
    assert api(None).get("/api/claims", headers={"Authorization": f"Bearer {fresh}"}).status_code == 200
    auth.disable_user(case, "analyst")
    assert api(None).get("/api/claims", headers={"Authorization": f"Bearer {fresh}"}).status_code == 401
