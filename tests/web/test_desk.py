"""The claims review desk, through the real app on a real case (SQLite, or PostgreSQL with
SABT_TEST_DB): a report imported with `import_report`, its claims reviewed by role."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from sabt.claims.extract import import_report
from sabt.claims.review import case_aliases, labelled_claims
from sabt.store import models

from .conftest import csrf_of

REPORT = ("Iran protests death toll rises to 244: Rights group\n\n"
          "Iran's security forces have killed 244 protesters and arrested over 12,500 others, a rights group said on "
          "Friday. Of those killed, 32 were children, the Human Rights Activists News Agency (HRANA) said.\n\n"
          "The Oslo group counted 41 deaths in Kermanshah.\n")


@pytest.fixture
def report(case, seeded, tmp_path):
    path = tmp_path / "wire.txt"
    path.write_text(REPORT, encoding="utf-8")
    summary = import_report(case, path, source_id="wire-2022-10-21", report_date="2022-10-21")
    assert summary.claims_added == 5
    return "wire-2022-10-21"


def claims_of(case, source_id):
    with case.session() as session:
        rows = list(session.scalars(select(models.Claim).where(models.Claim.source_id == source_id).order_by(models.Claim.id)))
        session.expunge_all()
        return rows


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_may_not_open_or_use_the_desk(browser_session, report, case, role):
    client = browser_session(role)
    token = csrf_of(client, "/claims")
    first = claims_of(case, report)[0]
    assert client.get("/desk").status_code == 403
    assert client.get(f"/desk/{report}").status_code == 403
    assert client.get(f"/desk/{report}/labels.jsonl").status_code == 403
    response = client.post(f"/desk/{report}/claims/{first.id}", data={"decision": "accept", "csrf_token": token})
    assert response.status_code == 403
    assert claims_of(case, report)[0].review == "unreviewed"


def test_anonymous_is_sent_to_login(app, report):
    from fastapi.testclient import TestClient
    with TestClient(app, follow_redirects=False) as client:
        response = client.get(f"/desk/{report}")
    assert response.status_code in (302, 303) and "/login" in response.headers["location"]


@pytest.mark.parametrize("role", ["reviewer", "analyst", "admin"])
def test_the_desk_shows_the_report_with_each_claim_highlighted_and_the_progress(browser_session, report, role):
    client = browser_session(role)
    index = client.get("/desk")
    assert index.status_code == 200 and report in index.text
    page = client.get(f"/desk/{report}")
    assert page.status_code == 200
    assert len(re.findall(r'class="figure unreviewed', page.text)) == 5
    assert 'class="figure unreviewed current"' in page.text
    assert "0 of 5" in page.text
    # the organisations the text names are offered for the attribution
    assert '<option value="HRANA"' in page.text


def test_accept_reject_and_correct_are_kept_and_the_correction_teaches_an_alias(browser_session, report, case, tmp_path):
    client = browser_session("reviewer")
    token = csrf_of(client, f"/desk/{report}")
    rows = claims_of(case, report)
    by_value = {r.extra["value_text"]: r for r in rows}
    accepted = client.post(f"/desk/{report}/claims/{rows[0].id}", data={"decision": "accept", "csrf_token": token})
    assert accepted.status_code == 303 and f"claim={rows[1].id}" in accepted.headers["location"]
    rejected = client.post(f"/desk/{report}/claims/{rows[1].id}", data={"decision": "reject", "csrf_token": token})
    assert rejected.status_code == 303
    oslo = by_value["41"]
    assert oslo.attributed_to == "Oslo group"
    corrected = client.post(f"/desk/{report}/claims/{oslo.id}", data={
        "decision": "correct", "csrf_token": token, "attributed_to": "", "attributed_other": "IHRNGO",
        "metric": "killed", "value": "", "as_of": "2022-10-21", "period_start": "", "period_end": ""})
    assert corrected.status_code == 303
    after = {r.id: r for r in claims_of(case, report)}
    assert after[rows[0].id].review == "accepted" and after[rows[1].id].review == "rejected"
    assert after[oslo.id].superseded
    new = next(r for r in after.values() if r.supersedes_id == oslo.id)
    assert (new.attributed_to, new.as_of.isoformat(), new.review, new.created_by) == ("IHRNGO", "2022-10-21", "corrected", "reviewer")
    page = client.get(f"/desk/{report}")
    assert "3 of 5" in page.text and 'class="figure corrected' in page.text
    # the correction is fed back: an alias for the next report, and labelled data
    assert case_aliases(case) == {"Oslo group": "IHRNGO"}
    second = tmp_path / "second.txt"
    second.write_text("The Oslo group counted 12 deaths in Sanandaj.\n", encoding="utf-8")
    import_report(case, second, source_id="wire-2", report_date="2022-10-22")
    assert [r.attributed_to for r in claims_of(case, "wire-2")] == ["IHRNGO"]
    labels = client.get(f"/desk/{report}/labels.jsonl")
    rows_out = [json.loads(line) for line in labels.text.splitlines()]
    assert rows_out == labelled_claims(case, report)
    assert {(r["value"], r["attributed_to"], r.get("rejected", False)) for r in rows_out} >= {("41", "IHRNGO", False)}
    assert sum(1 for r in rows_out if r.get("rejected")) == 1


def test_a_bad_correction_is_refused_with_one_clear_message_and_nothing_written(browser_session, report, case):
    client = browser_session("analyst")
    token = csrf_of(client, f"/desk/{report}")
    first = claims_of(case, report)[0]
    response = client.post(f"/desk/{report}/claims/{first.id}", data={
        "decision": "correct", "csrf_token": token, "metric": first.metric, "as_of": "21/10/2022"})
    assert response.status_code == 303 and "problem=" in response.headers["location"]
    page = client.get(response.headers["location"])
    assert 'id="desk-problem"' in page.text and "YYYY-MM-DD" in page.text
    assert [r.review for r in claims_of(case, report)] == ["unreviewed"] * 5


def test_a_decision_without_csrf_is_refused(browser_session, report, case):
    client = browser_session("reviewer")
    first = claims_of(case, report)[0]
    response = client.post(f"/desk/{report}/claims/{first.id}", data={"decision": "accept"})
    assert response.status_code == 403
    assert claims_of(case, report)[0].review == "unreviewed"


def test_the_outlet_that_relayed_a_figure_is_shown_as_its_channel(browser_session, case, seeded, tmp_path):
    path = tmp_path / "relay.txt"
    path.write_text("On Friday, media reported, citing the Iraqi Interior Ministry, that two protesters had been killed.\n",
                    encoding="utf-8")
    import_report(case, path, source_id="relay", report_date="2019-10-26")
    [claim] = claims_of(case, "relay")
    assert (claim.attributed_to, claim.extra["channel"]) == ("Iraqi Interior Ministry", "media")
    page = browser_session("reviewer").get("/desk/relay")
    assert '<dd id="current-channel">media</dd>' in page.text
