"""schemathesis against ``/openapi.json`` as an analyst and as a viewer: no 5xx, responses match
the schema, and no protected identity in anything a viewer gets back."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from .conftest import PLANTED, PLANTED_FA


def _schema(app, token: str):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers={"Authorization": f"Bearer {token}"})
    # linkage and estimation are exercised by their own tests; fuzzing them would only repeat long runs
    return schema.exclude(path_regex="^/api/(link|estimate)$")


@pytest.fixture
def no_slow_runs(monkeypatch):
    from sabt.link.run import LinkSummary
    monkeypatch.setattr("sabt.link.run.link_case", lambda case, **_: LinkSummary())


@pytest.fixture
def analyst_schema(app, users, no_slow_runs):
    return _schema(app, users["analyst"])


@pytest.fixture
def viewer_schema(app, users, no_slow_runs):
    return _schema(app, users["viewer"])


analyst = schemathesis.pytest.from_fixture("analyst_schema")
viewer = schemathesis.pytest.from_fixture("viewer_schema")
FUZZ = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@analyst.parametrize()
@FUZZ
def test_api_as_analyst(case, users):
    response = case.call(headers={"Authorization": f"Bearer {users['analyst']}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


@viewer.parametrize()
@FUZZ
def test_api_as_viewer(case, users):
    response = case.call(headers={"Authorization": f"Bearer {users['viewer']}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
    body = response.content
    for secret in (PLANTED, PLANTED_FA, "12 Secret Lane"):
        assert secret.encode("utf-8") not in body, f"{secret!r} in a viewer's {case.method} {case.path}"
