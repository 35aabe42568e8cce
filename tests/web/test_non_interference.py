"""Non-interference: what a viewer can read is the same as if protected records did not exist.

A case with open lists is linked and every response a viewer can get is taken (pages, API,
exports, searches, the assessment, error messages). Then a protected witness list is imported
— some of its people are on the open lists, some on no other list — and the case linked again.
Taken again, the responses may differ only in aggregate numbers (totals) that count everyone.
A viewer who knows a name must not be able to learn that it is on a protected list.
"""

from __future__ import annotations

import io
import json
import random
import re

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sabt.ingest import import_list
from sabt.link.run import link_case
from sabt.store import models
from sabt.web import create_app

GIVEN = ["Sara", "Nima", "Reza", "Leila", "Omid", "Maryam", "Kaveh", "Nasrin", "Arash", "Shirin"]
FAMILY = ["Ahmadi", "Karimi", "Moradi", "Jafari", "Rahimi", "Kazemi", "Nouri", "Sadeghi"]
CITIES = ["Tehran", "Karaj", "Shiraz", "Tabriz", "Rasht"]
#: the witness's own words a viewer must never meet (planted only on the protected list)
WITNESS_ONLY = ("Witness-Only Zarrin", "Secret Alley 7")

#: the responses whose numbers count everyone (aggregates), compared with their digits masked
AGGREGATE_PATHS = ("/api/stats", "/", "/assessment")


def _people(count: int, seed: int):
    rng = random.Random(seed)
    people, seen = [], set()
    while len(people) < count:
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        if name in seen:
            continue
        seen.add(name)
        people.append((name, rng.randint(18, 60), rng.choice("mf"), rng.randint(1, 20), rng.choice(CITIES)))
    return people


def _write(path, rows) -> None:
    path.write_text("id,name,age,sex,date_of_death,city,address,protected\n" + "".join(
        f"{rid},{name},{age},{sex},2026-01-{day:02d},{city},{address},{flag}\n"
        for rid, name, age, sex, day, city, address, flag in rows), encoding="utf-8")


def _build_open_case(case, tmp_path, people) -> None:
    with case.session() as session:
        for sid in ("alpha", "beta", "witness"):
            session.add(models.Source(id=sid, name=sid.title(), kind="list", reliability="B"))
        session.commit()
    _write(tmp_path / "alpha.csv", [(f"a{i}", n, a, s, d, c, "", 0) for i, (n, a, s, d, c) in enumerate(people)])
    _write(tmp_path / "beta.csv", [(f"b{i}", n, a, s, d, c, "", 0) for i, (n, a, s, d, c) in enumerate(people)
                                   if i % 3])
    import_list(case, tmp_path / "alpha.csv", "alpha")
    import_list(case, tmp_path / "beta.csv", "beta")
    link_case(case)


def _add_witness_list(case, tmp_path, people) -> None:
    """Protected records of people on the open lists — with other ages, places and an address,
    which must not surface — and of two people on no open list."""
    rows = [(f"w{i}", n, a + 1, s, d, c, "Secret Alley 7", 1) for i, (n, a, s, d, c) in enumerate(people[:6])]
    rows += [("w-only", WITNESS_ONLY[0], 33, "f", 5, "Rasht", "Secret Alley 7", 1),
             ("w-only2", "Ghazal Witnessova", 29, "f", 6, "Karaj", "", 1)]
    _write(tmp_path / "witness.csv", rows)
    import_list(case, tmp_path / "witness.csv", "witness")
    link_case(case)


def _normalise(text: str) -> str:
    """Per-request tokens (CSRF, CSP nonces) are not information about the case."""
    text = re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value="…"', text)
    text = re.sub(r'nonce(=|-)"?[A-Za-z0-9+/=_-]+"?', "nonce…", text)
    return text


def _viewer_paths(case, people) -> list[str]:
    """Every GET a viewer may make on this case (ids as they are before the witness list)."""
    with case.session() as session:
        persons = list(session.scalars(select(models.Person.id)))
        records = list(session.scalars(select(models.Record.id)))
        sources = list(session.scalars(select(models.Source.id)))
    known = people[0][0]
    paths = ["/api/me", "/api/stats", "/api/sources?per_page=100", "/api/claims", "/api/incidents", "/api/estimates",
             "/api/persons?per_page=100", "/api/records?per_page=200", "/api/review/pairs",
             f"/api/persons?q={known}", f"/api/records?q={known}", f"/api/persons?q={WITNESS_ONLY[0]}",
             f"/api/records?q={WITNESS_ONLY[0]}", "/api/persons?source=witness", "/api/records?source=witness",
             "/api/records?place=Rasht", "/api/evidence",
             "/", "/sources", "/persons", "/persons?per_page=100", f"/persons?q={known}", f"/persons?q={WITNESS_ONLY[0]}",
             "/persons?source=witness", "/claims", "/incidents", "/assessment", "/review", "/run",
             "/records", "/records?per_page=100", f"/records?q={known}", f"/records?q={WITNESS_ONLY[0]}",
             "/records?source=witness", "/records?place=Rasht", "/places?q=Rasht", "/places?kind=province",
             "/export/persons?format=csv", "/export/records?format=csv", "/export/sources?format=csv",
             "/export/persons?format=json", "/export/records?format=json"]
    paths += [f"/api/sources/{s}" for s in sources] + [f"/sources/{s}" for s in sources]
    paths += [f"/api/persons/{p}" for p in persons] + [f"/persons/{p}" for p in persons]
    paths += [f"/api/records/{r}" for r in records[::4]] + [f"/records/{r}" for r in records[::7]]
    return paths


def _without_run_id(path: str, text: str) -> str:
    """A person's export names the link run that last computed it: the world without the
    witness list would have had that run too (and the same number of runs), so the run's id is
    not compared."""
    if not path.startswith("/export/persons"):
        return text
    if "format=json" in path:
        return json.dumps([{k: v for k, v in row.items() if k != "link_run_id"} for row in json.loads(text)])
    frame = pd.read_csv(io.StringIO(text))
    return frame.drop(columns=["link_run_id"]).to_csv(index=False)


def _capture(client: TestClient, paths) -> dict[str, tuple[int, str]]:
    taken = {}
    for path in paths:
        response = client.get(path)
        taken[path] = (response.status_code, _without_run_id(path, _normalise(response.text)))
    return taken


@pytest.fixture
def viewer_of(case, tmp_path):
    from sabt.web import auth

    auth.add_user(case, "viewer", "viewer", "correct horse battery")
    token = auth.issue_token(case, "viewer", days=1)
    client = TestClient(create_app(case, secure_cookies=False, log_path=tmp_path / "server.log"), follow_redirects=False)
    client.headers["Authorization"] = f"Bearer {token}"
    yield client
    client.close()


def test_a_viewer_reads_the_same_case_with_or_without_protected_records(case, tmp_path, viewer_of):
    people = _people(24, seed=11)
    _build_open_case(case, tmp_path, people)
    paths = _viewer_paths(case, people)
    before = _capture(viewer_of, paths)
    assert before["/api/persons?per_page=100"][0] == 200

    _add_witness_list(case, tmp_path, people)
    with case.session() as session:
        witness = session.execute(select(models.Record.id, models.Record.person_id)
                                  .where(models.Record.source_id == "witness")).all()
        open_persons = set(session.scalars(select(models.Record.person_id).where(models.Record.source_id == "alpha")))
    # the premise: linkage put witness records into persons that have open records
    assert sum(1 for _, person in witness if person in open_persons) >= 4
    after = _capture(viewer_of, paths)

    differing = []
    for path in paths:
        then, now = before[path], after[path]
        if path.split("?")[0] in AGGREGATE_PATHS:
            then, now = (then[0], re.sub(r"[\d۰-۹,٬]+", "#", then[1])), (now[0], re.sub(r"[\d۰-۹,٬]+", "#", now[1]))
        if then != now:
            differing.append(path)
        for secret in WITNESS_ONLY + ("witness", "Witness"):
            if secret not in then[1]:
                assert secret not in now[1], f"{secret!r} reached a viewer at {path}"
    for path in differing:
        _debug_diff(before, after, path)
    assert differing == [], f"a viewer sees protected records change {differing}"

    # a protected record or a person made only of them answers exactly as an id that does not exist
    missing_record = viewer_of.get("/api/records/987654")
    missing_person = viewer_of.get("/api/persons/987654")
    with case.session() as session:
        hidden_persons = [p for p in session.scalars(select(models.Person.id)) if p not in open_persons
                          and not session.scalar(select(models.Record.id).where(
                              models.Record.person_id == p, models.Record.protected.is_(False)).limit(1))]
    assert hidden_persons, "the two witness-only people have persons of their own"
    for record_id, _ in witness:
        response = viewer_of.get(f"/api/records/{record_id}")
        assert (response.status_code, response.text.replace(str(record_id), "N")) == (
            missing_record.status_code, missing_record.text.replace("987654", "N"))
        page = viewer_of.get(f"/records/{record_id}")
        assert page.status_code == viewer_of.get("/records/987654").status_code
    for person_id in hidden_persons:
        response = viewer_of.get(f"/api/persons/{person_id}")
        assert (response.status_code, response.text.replace(str(person_id), "N")) == (
            missing_person.status_code, missing_person.text.replace("987654", "N"))


def _debug_diff(before, after, path):
    import difflib
    print("\n".join(list(difflib.unified_diff(before[path][1].splitlines(), after[path][1].splitlines(), lineterm=""))[:40]))
