"""Fixtures for the web app: a seeded case, one user per role, clients signed in by token or by
session. Every test runs on SQLite, or on PostgreSQL when SABT_TEST_DB says so."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sabt.ingest import import_list
from sabt.store import models
from sabt.web import auth, create_app
from sabt.web.permissions import ROLES

PASSWORD = "correct horse battery"
#: names planted as protected; no test may find them anywhere a viewer or the disk could see
PLANTED = "Zhila Qasemipour-Planted"
PLANTED_FA = "ژیلا قاسمی‌پور"
PLAIN = "Ali Rezaei"
HOSTILE = ("<script>alert(1)</script>", "'; DROP TABLE persons; --")


def seed(case, tmp_path) -> dict:
    """Two sources, claims, an incident, a list with protected and plain rows, persons and a
    scored pair for review."""
    with case.session() as session:
        session.add_all([
            models.Source(id="hrana", name="HRANA", publisher="HRANA", kind="list", reliability="B"),
            models.Source(id="iranintl", name="Iran International", kind="report", reliability="C"),
        ])
        session.flush()
        session.add_all([
            models.Claim(source_id="hrana", metric="killed", best=2403, as_of=dt.date(2026, 1, 16), status="confirmed",
                         place_text="Iran", reliability="B", credibility=2, quote="2,403 deaths confirmed"),
            models.Claim(source_id="iranintl", metric="killed", low=12000, as_of=dt.date(2026, 1, 20), status="reported",
                         qualifier="at least", reliability="C", credibility=3, quote="at least 12,000"),
        ])
        session.add(models.Incident(title="Raid on a hospital in Ilam", type="hospital_raid",
                                    start_date=dt.date(2026, 1, 9), place_text="Ilam", status="reported"))
        session.commit()
    path = tmp_path / "hrana.csv"
    path.write_text(
        "id,name,father_name,age,sex,date_of_death,city,status,address,protected\n"
        f"H-1,{PLANTED},Hasan,25,M,2026-01-08,Ahwaz,killed,12 Secret Lane,1\n"
        f"H-2,{PLANTED_FA},Reza,31,F,2026-01-09,Kermanshah,killed,,1\n"
        f"H-3,{PLAIN},Mohsen,40,M,2026-01-09,Tehran,killed,,0\n"
        f"H-4,Ali Rezai,Mohsen,41,M,2026-01-09,Tehran,killed,,0\n",
        encoding="utf-8")
    import_list(case, path, "hrana")
    with case.session() as session:
        records = {r.source_record_id: r for r in session.scalars(select(models.Record))}
        protected_person = models.Person(protected=True, sealed=case.key.seal(
            {"name": PLANTED, "name_latin": PLANTED, "father_name": "Hasan"}, "persons"), sex="m", age=25,
            date_of_death=dt.date(2026, 1, 8), status="killed")
        plain_person = models.Person(protected=False, name=PLAIN, father_name="Mohsen", sex="m", age=40,
                                     date_of_death=dt.date(2026, 1, 9), status="killed", province_code="IR-23")
        session.add_all([protected_person, plain_person])
        session.flush()
        records["H-1"].person_id = protected_person.id
        records["H-3"].person_id = plain_person.id
        run = models.LinkRun(backend="duckdb", threshold=0.9)
        session.add(run)
        session.flush()
        session.add(models.RecordLink(run_id=run.id, record_a=min(records["H-3"].id, records["H-4"].id),
                                      record_b=max(records["H-3"].id, records["H-4"].id), match_probability=0.62,
                                      drivers={"name": 3.1}))
        session.add(models.RecordLink(run_id=run.id, record_a=min(records["H-1"].id, records["H-2"].id),
                                      record_b=max(records["H-1"].id, records["H-2"].id), match_probability=0.4,
                                      drivers={"name": -1.0}))
        session.commit()
        return {"protected_person": protected_person.id, "plain_person": plain_person.id,
                "records": {k: r.id for k, r in records.items()}}


@pytest.fixture(autouse=True)
def quick_argon2(monkeypatch):
    """argon2id with small costs in tests (the server's defaults take ~0.5 s a hash here)."""
    from argon2 import PasswordHasher
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))


@pytest.fixture
def seeded(case, tmp_path):
    return seed(case, tmp_path)


@pytest.fixture
def users(case) -> dict[str, str]:
    """One user per role; returns role → API token."""
    tokens = {}
    for role in ROLES:
        auth.add_user(case, role, role, PASSWORD)
        tokens[role] = auth.issue_token(case, role, days=1)
    return tokens


@pytest.fixture
def app(case, seeded, users, tmp_path):
    return create_app(case, secure_cookies=False, log_path=tmp_path / "server.log")


@pytest.fixture
def api(app, users):
    """``api(role)`` → a TestClient that sends that role's Bearer token."""
    clients = []

    def make(role: str | None) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        if role:
            client.headers["Authorization"] = f"Bearer {users[role]}"
        clients.append(client)
        return client
    yield make
    for c in clients:
        c.close()


def login(client: TestClient, name: str, password: str = PASSWORD):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return client.post("/login", data={"username": name, "password": password, "csrf_token": token, "next": "/"})


def csrf_of(client: TestClient, path: str = "/") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


@pytest.fixture
def browser_session(app):
    """``browser_session(role)`` → a TestClient signed in through the login form."""
    clients = []

    def make(role: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        response = login(client, role)
        assert response.status_code == 303, response.text
        clients.append(client)
        return client
    yield make
    for c in clients:
        c.close()
