"""Popolo JSON and CSV exports; the CSV export imports back unchanged."""

import json

from sqlalchemy import func, select

from sabt.actors import export_csv, export_popolo, import_actors
from sabt.store import models

from .fixture import write_fixture


def test_popolo_document(actors_case):
    document = json.loads(json.dumps(export_popolo(actors_case)))
    organizations = {o["id"]: o for o in document["organizations"]}
    persons = {p["id"]: p for p in document["persons"]}
    assert len(organizations) == 8 and len(persons) == 4
    assert {"name": "فرماندهی بالا", "note": "Persian", "lang": "fa"} in organizations["top"]["other_names"]
    assert {n["name"] for n in organizations["div"]["other_names"]} == {"Div 1", "First Division"}
    assert {s["source_id"] for s in organizations["div"]["sources"]} == {"src-1", "src-2"}
    assert organizations["div"]["sources"][0]["url"] == "https://example.org/1"
    posts = [m for m in document["memberships"] if m.get("person_id")]
    one = next(m for m in posts if m["person_id"] == "cmdr-one")
    assert (one["organization_id"], one["start_date"], one["end_date"]) == ("div", "2020-05-01", "2026-01-08")
    assert one["extras"]["is_command"] is True
    chief = next(m for m in posts if m["person_id"] == "chief" and m["role"] == "commander")
    assert (chief["start_date"], chief["end_date"]) == ("2019", None)
    parentages = [m for m in document["memberships"] if "member" in m]
    assert {"member": {"@type": "Organization", "id": "div"}}.items() <= next(
        m for m in parentages if m["member"]["id"] == "div").items()
    militia = next(d for d in document["deployments"] if d["organization_id"] == "militia")
    assert (militia["area_id"], militia["start_date"], militia["strength"]["best"]) == ("IR-05", "2026-01", 200)
    assert {a["id"] for a in document["areas"]} >= {"IR-05", "gn:128226"}


def test_csv_export_round_trips(actors_case, tmp_path, case):
    written = export_csv(actors_case, tmp_path / "out")
    assert written["units.csv"] == 9  # one row per citation: the division has two
    with case.session() as session:
        before = {m.__name__: session.scalar(select(func.count()).select_from(m))
                  for m in (models.Actor, models.Post, models.Parentage, models.Deployment, models.Citation)}
    again = import_actors(case, tmp_path / "out")  # into the same case: nothing new
    assert again.actors_added == again.posts_added == again.citations_added == 0
    with case.session() as session:
        after = {m.__name__: session.scalar(select(func.count()).select_from(m))
                 for m in (models.Actor, models.Post, models.Parentage, models.Deployment, models.Citation)}
    assert after == before


def test_csv_export_imports_into_a_fresh_case(case, tmp_path, settings):
    import shutil

    from sabt.case import Case
    from sabt.settings import Settings

    import_actors(case, write_fixture(tmp_path / "a"))
    export_csv(case, tmp_path / "out")
    if settings.is_postgres:
        return  # a second fresh PostgreSQL case is not worth the time here; SQLite covers the round trip
    shutil.copyfile(settings.db, tmp_path / "copy.sabt")
    with Case.open(Settings.for_db(str(tmp_path / "copy.sabt"), key_file=settings.key_file)) as copy:
        with copy.engine.begin() as connection:
            for table in ("citations", "posts", "parentages", "deployments", "incident_actors", "actors"):
                connection.exec_driver_sql(f"DELETE FROM {table}")
        summary = import_actors(copy, tmp_path / "out")
        assert summary.actors_added == 12 and summary.citations_added == 29
        assert export_popolo(copy)["memberships"] == export_popolo(case)["memberships"]
