"""Issue 15, finding 6: a merged person's id answers with a redirect to the surviving person
(pages and API), instead of 404."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select

from sabt.ingest import import_list
from sabt.link.review import decide_pair
from sabt.link.run import link_case
from sabt.store import models
from sabt.web import auth, create_app


def _person_of(case, source_record_id: str) -> int:
    with case.session() as session:
        return session.scalar(select(models.Record.person_id).where(models.Record.source_record_id == source_record_id))


def test_a_merged_persons_id_redirects_to_the_survivor(case, tmp_path):
    (tmp_path / "a.csv").write_text("id,name,age,date_of_death,city\n"
                                    "a1,Kaveh Zandi,33,2026-01-08,Tehran\na2,Sara Moradi,41,2026-01-12,Rasht\n")
    (tmp_path / "b.csv").write_text("id,name,age,date_of_death,city\n"
                                    "b1,Omid Tavana,52,2026-01-03,Karaj\nb2,Leila Nouri,29,2026-01-05,Shiraz\n")
    import_list(case, tmp_path / "a.csv", "a")
    import_list(case, tmp_path / "b.csv", "b")
    link_case(case)
    first, second = _person_of(case, "a1"), _person_of(case, "b1")
    assert first != second
    with case.session() as session:
        a1, b1 = (session.scalar(select(models.Record.id).where(models.Record.source_record_id == s)) for s in ("a1", "b1"))
    decide_pair(case, a1, b1, "accept", "analyst")       # an analyst says: one person
    link_case(case)
    survivor = _person_of(case, "a1")
    assert survivor == _person_of(case, "b1") and survivor in (first, second)
    merged = second if survivor == first else first

    auth.add_user(case, "viewer", "viewer", "correct horse battery")
    client = TestClient(create_app(case, secure_cookies=False, log_path=tmp_path / "server.log"), follow_redirects=False)
    client.headers["Authorization"] = f"Bearer {auth.issue_token(case, 'viewer', days=1)}"
    api = client.get(f"/api/persons/{merged}")
    assert api.status_code == 308 and api.headers["location"] == f"/api/persons/{survivor}"
    assert api.json()["person_id"] == survivor
    page = client.get(f"/persons/{merged}")
    assert page.status_code == 308 and page.headers["location"] == f"/persons/{survivor}"
    assert client.get(f"/api/persons/{merged}", follow_redirects=True).json()["id"] == survivor
    assert client.get("/api/persons/98765").status_code == 404
    client.close()
