"""The JSON API: reads, writes, validation, supersession, OpenAPI."""

from __future__ import annotations

from sqlalchemy import select

from sabt.store import models


def test_openapi_document_lists_the_api(api):
    doc = api("viewer").get("/openapi.json").json()
    assert "/api/claims" in doc["paths"] and "/api/persons/{person_id}" in doc["paths"]
    assert not any(p.startswith(("/login", "/claims")) for p in doc["paths"])  # pages stay out


def test_lists_paginate_and_filter(api):
    client = api("analyst")
    page = client.get("/api/claims", params={"per_page": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert client.get("/api/claims", params={"source": "hrana"}).json()["total"] == 1
    assert client.get("/api/claims", params={"status": "reported"}).json()["items"][0]["source_id"] == "iranintl"
    assert client.get("/api/claims", params={"date_from": "2026-01-18"}).json()["total"] == 1
    assert client.get("/api/claims", params={"place": "Iran"}).json()["total"] == 1
    assert client.get("/api/persons", params={"date_to": "2026-01-08"}).json()["total"] == 1
    assert client.get("/api/records", params={"source": "hrana", "per_page": 100}).json()["total"] == 4
    assert client.get("/api/claims", params={"per_page": 1000}).status_code == 422


def test_analyst_enters_a_claim_and_supersedes_it(api, case):
    client = api("analyst")
    body = {"source_id": "hrana", "metric": "arrested", "best": 50000, "as_of": "2026-01-20", "credibility": 3,
            "quote": "more than 50,000 arrested", "qualifier": "more than"}
    created = client.post("/api/claims", json=body)
    assert created.status_code == 201, created.text
    claim = created.json()
    assert claim["reliability"] == "B" and claim["created_by"] == "analyst"
    corrected = client.put(f"/api/claims/{claim['id']}", json={**body, "best": 52000})
    assert corrected.status_code == 200
    assert corrected.json()["supersedes_id"] == claim["id"]
    assert client.get(f"/api/claims/{claim['id']}").json()["superseded"] is True
    again = client.put(f"/api/claims/{claim['id']}", json=body)
    assert again.status_code == 409
    with case.session() as session:
        actions = [a.action for a in session.scalars(select(models.AuditEntry).where(models.AuditEntry.subject_table == "claims"))]
    assert actions == ["create", "supersede"]


def test_claims_are_validated(api):
    client = api("analyst")
    assert client.post("/api/claims", json={"source_id": "nope", "metric": "killed"}).status_code == 409
    assert client.post("/api/claims", json={"source_id": "hrana", "metric": "bogus"}).status_code == 422
    assert client.post("/api/claims", json={"source_id": "hrana", "metric": "killed", "low": 5, "high": 1}).status_code == 422
    assert client.post("/api/claims", json={"source_id": "hrana", "metric": "killed", "sneaky": 1}).status_code == 422


def test_incident_with_its_claims(api):
    client = api("analyst")
    claim_ids = [c["id"] for c in client.get("/api/claims").json()["items"]]
    made = client.post("/api/incidents", json={"title": "Shooting in Zahedan", "type": "killing",
                                               "start_date": "2026-01-09", "claim_ids": claim_ids})
    assert made.status_code == 201, made.text
    incident = made.json()
    assert sorted(incident["claim_ids"]) == sorted(claim_ids)
    assert client.get("/api/incidents", params={"source": "hrana"}).json()["total"] == 1
    updated = client.put(f"/api/incidents/{incident['id']}", json={"title": "Shooting in Zahedan", "type": "killing",
                                                                   "count_best": 40, "claim_ids": []})
    assert updated.json()["count_best"] == 40 and updated.json()["claim_ids"] == []


def test_sources_created_and_unknown_ids_404(api):
    client = api("analyst")
    assert client.post("/api/sources", json={"id": "amnesty", "name": "Amnesty International", "reliability": "A"}).status_code == 201
    assert client.post("/api/sources", json={"id": "amnesty", "name": "again"}).status_code == 409
    assert client.post("/api/sources", json={"id": "../x", "name": "bad"}).status_code == 422
    assert client.get("/api/sources/amnesty").json()["reliability"] == "A"
    for path in ("/api/sources/none", "/api/claims/99999", "/api/persons/99999", "/api/records/99999",
                 "/api/incidents/99999", "/api/actors/99999", "/api/evidence/99999"):
        assert client.get(path).status_code == 404, path


def test_review_pairs_and_decide(api, seeded):
    client = api("reviewer")
    pairs = client.get("/api/review/pairs").json()
    assert len(pairs) == 2
    first = pairs[0]
    decided = client.post("/api/review/decisions", json={"record_a": first["record_a"], "record_b": first["record_b"],
                                                         "decision": "accept"})
    assert decided.status_code == 200
    assert len(client.get("/api/review/pairs").json()) == 1


def test_me_and_stats(api):
    assert api("viewer").get("/api/me").json() == {"name": "viewer", "role": "viewer", "lang": "en",
                                                    "may_see_protected": False}
    assert api("viewer").get("/api/stats").json()["records"] == 4


def test_values_no_database_can_hold_are_422_not_500(api):
    client = api("analyst")
    assert client.get("/api/claims/23009553972162932").status_code == 422
    assert client.get("/api/persons", params={"q": "a\x00b"}).status_code == 422
    assert client.get("/api/sources/a%00b").status_code == 422
    bad_text = client.post("/api/incidents", content='{"title": "\\ud829", "type": "killing"}',
                           headers={"Content-Type": "application/json"})
    assert bad_text.status_code == 422
    too_big = client.post("/api/incidents", json={"title": "t", "type": "killing", "claim_ids": [2**40]})
    assert too_big.status_code == 422
