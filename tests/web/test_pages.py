"""Pages: entering claims and incidents, reviewing pairs, uploading evidence, running, reading;
hostile names stored as given and shown escaped."""

from __future__ import annotations

import re

from sqlalchemy import inspect, select

from sabt.ingest import import_list
from sabt.store import models

from .conftest import HOSTILE, csrf_of


def test_enter_a_source_and_a_claim_through_the_forms(browser_session):
    client = browser_session("analyst")
    token = csrf_of(client, "/sources/new")
    made = client.post("/sources", data={"id": "hengaw", "name": "Hengaw", "kind": "report", "reliability": "B",
                                         "csrf_token": token})
    assert made.status_code == 303 and made.headers["location"] == "/sources/hengaw"
    token = csrf_of(client, "/claims/new?source_id=hengaw")
    claim = client.post("/claims", data={"source_id": "hengaw", "metric": "killed", "best": "350", "as_of": "2026-01-12",
                                         "credibility": "2", "status": "reported", "quote": "350 killed in Kurdistan",
                                         "csrf_token": token})
    assert claim.status_code == 303
    page = client.get(claim.headers["location"]).text
    assert "350 killed in Kurdistan" in page and "B2" in page
    listed = client.get("/claims", params={"source": "hengaw"}).text
    assert "hengaw" in listed and "Total: 1" in listed


def test_form_errors_are_shown_not_500(browser_session):
    client = browser_session("analyst")
    token = csrf_of(client, "/claims/new")
    bad = client.post("/claims", data={"source_id": "hrana", "metric": "killed", "low": "10", "high": "1",
                                       "csrf_token": token})
    assert bad.status_code == 422 and "low is greater than high" in bad.text
    missing = client.post("/claims", data={"source_id": "nobody", "metric": "killed", "csrf_token": token})
    assert missing.status_code == 409 and "no source" in missing.text


def test_edit_a_claim_supersedes_it(browser_session, case):
    client = browser_session("analyst")
    edit = client.get("/claims/1/edit").text
    assert "2403" in edit
    token = csrf_of(client, "/claims/1/edit")
    saved = client.post("/claims/1", data={"source_id": "hrana", "metric": "killed", "best": "2500", "status": "confirmed",
                                           "csrf_token": token})
    assert saved.status_code == 303
    with case.session() as session:
        old, new = session.get(models.Claim, 1), session.get(models.Claim, int(saved.headers["location"].rsplit("/", 1)[1]))
        assert old.superseded and new.supersedes_id == 1 and new.best == 2500


def test_incident_entry_and_filters(browser_session):
    client = browser_session("analyst")
    token = csrf_of(client, "/incidents/new")
    made = client.post("/incidents", data={"title": "Killings in Zahedan", "type": "killing", "start_date": "2026-01-09",
                                           "claim_ids": "1, 2", "csrf_token": token})
    assert made.status_code == 303
    detail = client.get(made.headers["location"]).text
    assert "Killings in Zahedan" in detail and "/claims/2" in detail
    assert "Killings in Zahedan" in client.get("/incidents", params={"kind": "killing"}).text
    assert "Killings in Zahedan" not in client.get("/incidents", params={"kind": "hospital_raid"}).text
    assert "Killings in Zahedan" in client.get("/incidents", params={"source": "hrana"}).text


def test_review_a_pair_side_by_side(browser_session, case):
    client = browser_session("reviewer")
    page = client.get("/review").text
    assert 'id="pair"' in page and 'data-key="a"' in page
    a, b = re.search(r'data-a="(\d+)" data-b="(\d+)"', page).groups()
    skip = client.get(f"/review?skip={a}-{b}").text
    assert f'data-a="{a}"' not in skip                                  # skip shows the next pair
    token = csrf_of(client, "/review")
    done = client.post("/review", data={"record_a": a, "record_b": b, "decision": "reject", "csrf_token": token})
    assert done.status_code == 303
    with case.session() as session:
        review = session.scalar(select(models.PairReview))
        assert (review.record_a, review.record_b, review.decision, review.reviewer) == (int(a), int(b), "reject", "reviewer")


def test_upload_and_verify_the_vault(browser_session, case):
    client = browser_session("analyst")
    token = csrf_of(client, "/evidence")
    sent = client.post("/evidence", data={"source_id": "hrana", "note": "video of the square", "csrf_token": token},
                       files={"files": ("../../clip <1>.txt", b"frame bytes " * 100, "text/plain")})
    assert sent.status_code == 303, sent.text
    detail = client.get(sent.headers["location"]).text
    assert "&lt;1&gt;" in detail and "<1>" not in detail
    verified = client.get("/evidence/verify").text
    assert 'data-ok="1"' in verified
    with case.session() as session:
        evidence = session.scalar(select(models.Evidence))
        assert evidence.size == 1200 and evidence.source_id == "hrana"
        assert session.scalar(select(models.AuditEntry).where(models.AuditEntry.action == "upload")).actor == "analyst"


def test_viewer_cannot_see_protected_evidence(api, case):
    sent = api("analyst").post("/api/evidence", data={"protected": "true"},
                               files={"files": ("witness.txt", b"a witness statement", "text/plain")})
    assert sent.status_code == 201, sent.text
    evidence_id = sent.json()[0]["id"]
    assert api("analyst").get(f"/api/evidence/{evidence_id}").status_code == 200
    assert api("viewer").get(f"/api/evidence/{evidence_id}").status_code == 404
    assert api("viewer").get("/api/evidence").json()["total"] == 0


def test_hostile_names_are_stored_and_shown_escaped(api, browser_session, case, tmp_path):
    script, drop = HOSTILE
    analyst = api("analyst")
    assert analyst.post("/api/sources", json={"id": "hostile", "name": script, "publisher": drop}).status_code == 201
    made = analyst.post("/api/claims", json={"source_id": "hostile", "metric": "killed", "best": 1, "quote": drop,
                                             "place_text": script}).json()
    path = tmp_path / "hostile.csv"
    path.write_text('id,name,father_name\nX-1,"<script>alert(1)</script>","\'; DROP TABLE persons; --"\n', encoding="utf-8")
    import_list(case, path, "hostile")
    assert analyst.get(f"/api/claims/{made['id']}").json()["quote"] == drop
    assert analyst.get("/api/sources/hostile").json()["name"] == script
    client = browser_session("viewer")
    for url in ("/sources", "/sources/hostile", f"/claims/{made['id']}", "/claims", "/assessment"):
        html = client.get(url).text
        assert "<script>alert(1)</script>" not in html, url
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/sources/hostile").text
    assert "&#39;; DROP TABLE persons; --" in client.get(f"/claims/{made['id']}").text
    records = analyst.get("/api/records", params={"source": "hostile"}).json()["items"]
    assert records[0]["identity"]["name"] == script and records[0]["identity"]["father_name"] == drop
    assert "&lt;script&gt;" in client.get(f"/records/{records[0]['id']}").text
    assert "persons" in inspect(case.engine).get_table_names()


def test_search_with_sql_and_like_metacharacters(api):
    client = api("viewer")
    for q in ("%", "_", "\\", "' OR 1=1 --", "%' OR '1'='1"):
        response = client.get("/api/persons", params={"q": q})
        assert response.status_code == 200 and response.json()["total"] == 0, q


def test_run_page_and_estimate_refusal(browser_session):
    client = browser_session("analyst")
    assert 'id="run-link"' in client.get("/run").text
    token = csrf_of(client, "/run")
    started = client.post("/run/estimate", data={"method": "loglinear", "csrf_token": token})
    assert started.status_code == 303 and started.headers["location"].startswith("/run?job=")
    job_id = started.headers["location"].split("=", 1)[1]
    assert client.app.state.jobs.wait(job_id).state == "failed"
    refused = client.get(started.headers["location"]).text
    assert 'id="job-error"' in refused and "at least 3" in refused


def test_assessment_reads_the_sources(browser_session):
    html = browser_session("viewer").get("/assessment").text
    assert "HRANA" in html and "2,403" in html and "12,000" in html


def test_audit_page_for_admin(browser_session):
    html = browser_session("admin").get("/audit").text
    assert "token_issue" in html


def test_a_value_is_shown_as_its_source_stated_it(api, browser_session):
    """"more than 3,000" stays "more than 3,000" in the API, the claim page and the list (not
    "≥ 3,001"); a vague word stays a word, with no bounds."""
    analyst = api("analyst")
    assert analyst.post("/api/sources", json={"id": "hrm", "name": "Iran HRM"}).status_code == 201
    more = analyst.post("/api/claims", json={"source_id": "hrm", "metric": "detained", "low": 3000,
                                             "qualifier": "more than", "quote": "more than 3,000 detained"}).json()
    vague = analyst.post("/api/claims", json={"source_id": "hrm", "metric": "arrested",
                                              "qualifier": "vague: thousands", "quote": "thousands arrested"}).json()
    assert more["value"] == "more than 3,000" and vague["value"] == "thousands"
    client = browser_session("viewer")
    page = client.get(f"/claims/{more['id']}").text
    assert "more than 3,000" in page and "3,001" not in page
    listed = client.get("/claims", params={"source": "hrm"}).text
    assert "more than 3,000" in listed and "thousands" in listed and "≥" not in listed
    month = analyst.post("/api/claims", json={"source_id": "hrm", "metric": "deployed", "best": 850,
                                              "as_of": "2026-01-01", "date_precision": "month",
                                              "qualifier": "approximately"}).json()
    page = client.get(f"/claims/{month['id']}").text
    assert "Jan 2026" in page and "1 Jan 2026" not in page  # a month is not its first day
