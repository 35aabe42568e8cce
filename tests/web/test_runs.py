"""The run buttons start the real linkage and the real estimation (no stand-ins) on a small case
with a known truth: three lists drawn from 240 people, each person on each list with
probability 0.6, independently."""

from __future__ import annotations

import random

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sabt.ingest import import_list
from sabt.store import models
from sabt.web import create_app

from .conftest import csrf_of, login

PEOPLE = 240
GIVEN = ["Ali", "Reza", "Mohammad", "Hossein", "Mehdi", "Zahra", "Fatemeh", "Maryam", "Sara", "Nasrin", "Hamid",
         "Omid", "Kian", "Shirin", "Parisa", "Javad", "Navid", "Arash", "Leila", "Mina"]
FAMILY = ["Rezaei", "Mohammadi", "Hosseini", "Ahmadi", "Karimi", "Rahimi", "Moradi", "Jafari", "Ghasemi", "Sadeghi",
          "Heidari", "Kazemi", "Azizi", "Rostami", "Bagheri", "Amini", "Sharifi", "Najafi", "Ebrahimi", "Yousefi"]
CITIES = ["Tehran", "Karaj", "Ahvaz", "Mashhad", "Shiraz", "Tabriz", "Kermanshah", "Rasht"]


@pytest.fixture
def three_lists(case, tmp_path) -> int:
    """Imports the lists; returns how many distinct people are on at least one."""
    rng = random.Random(5)
    people = [(f"{GIVEN[i % 20]} {FAMILY[(i * 7 + i // 20) % 20]}", rng.choice(GIVEN), rng.randint(16, 70),
               rng.choice("mf"), rng.randint(1, 28), rng.choice(CITIES)) for i in range(PEOPLE)]
    seen = set()
    with case.session() as session:
        session.add_all([models.Source(id=f"org-{k}", name=f"Organisation {k}", kind="list", reliability="B")
                         for k in range(3)])
        session.commit()
    for k in range(3):
        lines = ["id,name,father_name,age,sex,date_of_death,city"]
        for i, (name, father, age, sex, day, city) in enumerate(people):
            if rng.random() < 0.6:
                lines.append(f"{k}-{i},{name},{father},{age},{sex},2026-01-{day:02d},{city}")
                seen.add(i)
        path = tmp_path / f"org-{k}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_list(case, path, f"org-{k}")
    return len(seen)


def test_link_then_estimate_through_the_pages(case, users, three_lists):
    app = create_app(case, secure_cookies=False)
    with TestClient(app, follow_redirects=False) as client:
        assert login(client, "analyst").status_code == 303
        linked = client.post("/run/link", data={"csrf_token": csrf_of(client, "/run")})
        assert linked.status_code == 303, linked.text[:500]
        assert app.state.jobs.wait(linked.headers["location"].split("=", 1)[1]).state == "done"
        with case.session() as session:
            persons = session.scalar(select(func.count(func.distinct(models.Record.person_id))))
            unlinked = session.scalar(select(func.count()).select_from(models.Record).where(models.Record.person_id.is_(None)))
        assert unlinked == 0
        assert abs(persons - three_lists) <= 0.05 * three_lists, (persons, three_lists)

        estimated = client.post("/run/estimate", data={"method": "loglinear", "csrf_token": csrf_of(client, "/run")})
        assert estimated.status_code == 303, estimated.text[:500]
        assert app.state.jobs.wait(estimated.headers["location"].split("=", 1)[1]).state == "done"
        with case.session() as session:
            run = session.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id.desc())).first()
            actions = set(session.scalars(select(models.AuditEntry.action)))
        assert run is not None and run.method == "loglinear"
        assert run.result["observed"] == persons
        assert run.result["lower"] <= run.result["estimate"] <= run.result["upper"]
        assert 0.85 * PEOPLE <= run.result["estimate"] <= 1.2 * PEOPLE, run.result
        assert {"run_link", "run_estimate"} <= actions
        assert client.get("/assessment").status_code == 200


def test_the_api_runs_refuse_a_viewer_and_run_for_an_analyst(case, users, three_lists):
    app = create_app(case, secure_cookies=False)
    with TestClient(app) as client:
        viewer = {"Authorization": f"Bearer {users['viewer']}"}
        analyst = {"Authorization": f"Bearer {users['analyst']}"}
        assert client.post("/api/link", headers=viewer).status_code == 403
        linked = client.post("/api/link", headers=analyst)
        assert linked.status_code == 200 and linked.json()["ok"]
        assert linked.json()["summary"]["records"] > three_lists
        estimate = client.post("/api/estimate", headers=analyst, json={"method": "loglinear", "seed": 3})
        assert estimate.status_code == 200, estimate.text
        summary = estimate.json()["summary"]
        assert summary["observed"] <= summary["estimate"] and summary["describe"]
