"""A planted protected name is found nowhere a viewer or the disk could show it — the raw
SQLite file, a PostgreSQL dump, the server log, the audit log, a viewer's export, pages and
API — while an analyst sees it, and every such read is audited."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select

from sabt import protection as protect
from sabt.export import export_table
from sabt.store import models

from .conftest import PLAIN, PLANTED, PLANTED_FA, csrf_of

ON_POSTGRES = os.environ.get("SABT_TEST_DB", "").startswith("postgresql://")
SECRETS = (PLANTED, PLANTED_FA, "12 Secret Lane")


def _variants(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.lower().encode("utf-8"), quote(text).encode(), text.encode("utf-16-le"),
            json.dumps(text).encode()]


def assert_absent(blob: bytes | str, where: str, secrets=SECRETS) -> None:
    data = blob.encode("utf-8") if isinstance(blob, str) else blob
    for secret in secrets:
        for form in _variants(secret):
            assert form not in data, f"{secret!r} found in {where}"


def _browse_everything(api, browser_session, seeded) -> None:
    """Exercise the app as every role, searching for the planted name too."""
    person, record = seeded["protected_person"], seeded["records"]["H-1"]
    for role in ("analyst", "viewer", "reviewer"):
        client = api(role)
        for path in ("/api/persons", f"/api/persons/{person}", "/api/records", f"/api/records/{record}",
                     "/api/review/pairs" if role != "viewer" else "/api/claims"):
            hidden = role == "viewer" and path.endswith((f"/{person}", f"/{record}"))
            assert client.get(path).status_code == (404 if hidden else 200), (role, path)
        client.get("/api/persons", params={"q": PLANTED})
        client.get("/api/records", params={"q": PLANTED_FA})
        page = browser_session(role)
        for path in (f"/persons/{person}", f"/records/{record}", "/persons", "/assessment"):
            hidden = role == "viewer" and path.endswith((f"/{person}", f"/{record}"))
            assert page.get(path).status_code == (404 if hidden else 200), (role, path)
        page.get("/persons", params={"q": PLANTED})


def test_a_protected_row_does_not_exist_for_a_viewer_analyst_gets_the_name(api, seeded, case):
    person, record = seeded["protected_person"], seeded["records"]["H-1"]
    viewer, analyst = api("viewer"), api("analyst")
    for path, missing in ((f"/api/persons/{person}", "/api/persons/99999"), (f"/api/records/{record}", "/api/records/99999")):
        seen, absent = viewer.get(path), viewer.get(missing)
        assert (seen.status_code, seen.json()["detail"].replace(path.rsplit("/", 1)[1], "N")) == (
            absent.status_code, absent.json()["detail"].replace("99999", "N")) == (404, absent.json()["detail"].replace("99999", "N"))
    assert record not in [r["id"] for r in viewer.get("/api/records?per_page=100").json()["items"]]
    for path in (f"/api/persons/{person}", f"/api/records/{record}", "/api/persons?per_page=100",
                 "/api/records?per_page=100"):
        assert_absent(viewer.get(path).content, f"viewer's {path}")
    assert analyst.get(f"/api/persons/{person}").json()["identity"]["name"] == PLANTED
    shown = analyst.get(f"/api/records/{record}").json()["identity"]
    assert shown["name"] == PLANTED and shown["address"] == "12 Secret Lane"
    # the plain person is plain for everyone
    assert viewer.get(f"/api/persons/{seeded['plain_person']}").json()["identity"]["name"] == PLAIN


def test_search_finds_protected_names_only_for_allowed_roles(api, seeded):
    # through the keyed blind index, exact name, case-folded
    found = api("analyst").get("/api/records", params={"q": PLANTED.upper()}).json()
    assert [r["id"] for r in found["items"]] == [seeded["records"]["H-1"]]
    found_fa = api("reviewer").get("/api/records", params={"q": " " + PLANTED_FA + " "}).json()
    assert [r["id"] for r in found_fa["items"]] == [seeded["records"]["H-2"]]
    persons = api("analyst").get("/api/persons", params={"q": PLANTED}).json()
    assert [p["id"] for p in persons["items"]] == [seeded["protected_person"]]
    # a viewer's search must not even confirm that the name is in the case
    assert api("viewer").get("/api/records", params={"q": PLANTED}).json()["total"] == 0
    assert api("viewer").get("/api/persons", params={"q": PLANTED}).json()["total"] == 0
    # plain names are found by substring for everyone
    assert api("viewer").get("/api/persons", params={"q": "rezaei"}).json()["total"] == 1


def test_reads_of_protected_identities_are_audited_without_the_identity(api, seeded, case):
    person = seeded["protected_person"]
    api("analyst").get(f"/api/persons/{person}")
    api("viewer").get(f"/api/persons/{person}")
    with case.session() as session:
        reads = session.scalars(select(models.AuditEntry).where(models.AuditEntry.action == "read_protected")).all()
    assert [(r.actor, r.subject_table, r.subject_id) for r in reads] == [("analyst", "persons", str(person))]
    assert reads[0].at is not None


def _database_bytes(settings, tmp_path: Path) -> tuple[bytes, str]:
    if ON_POSTGRES:
        dump = subprocess.run(["pg_dump", "--no-owner", settings.db], check=True, capture_output=True).stdout
        return dump, "a PostgreSQL dump"
    path = Path(settings.db)
    blob = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())
    with sqlite3.connect(path) as connection:
        blob += "\n".join(connection.iterdump()).encode("utf-8")
    return blob, "the raw SQLite file, its WAL and its SQL dump"


def test_planted_name_is_nowhere_on_disk_or_in_logs(api, browser_session, seeded, case, settings, tmp_path):
    _browse_everything(api, browser_session, seeded)
    # protect a plain record through the UI as an analyst: its name must vanish from disk too
    analyst = browser_session("analyst")
    rec = seeded["records"]["H-4"]
    assert "Ali Rezai" in analyst.get(f"/records/{rec}").text
    token = csrf_of(analyst, f"/records/{rec}")
    assert analyst.post(f"/records/{rec}/protection", data={"protected": "1", "csrf_token": token}).status_code == 303
    assert "Ali Rezai" in analyst.get(f"/records/{rec}").text          # still shown to the analyst
    assert browser_session("viewer").get(f"/records/{rec}").status_code == 404
    secrets = SECRETS + ("Ali Rezai",)
    case.engine.dispose()                                             # flush and close every connection

    blob, where = _database_bytes(settings, tmp_path)
    assert PLAIN.encode() in blob, "the check must be able to see plain names at all"
    assert_absent(blob, where, secrets)

    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "GET /api/persons 200" in log and "user=analyst" in log
    assert_absent(log, "the server log", secrets)

    with case.session() as session:
        audit = [json.dumps([a.actor, a.action, a.subject_table, a.subject_id, a.detail], ensure_ascii=False)
                 for a in session.scalars(select(models.AuditEntry))]
    assert any('"read_protected"' in line for line in audit) and any('"protect"' in line for line in audit)
    assert_absent("\n".join(audit), "the audit log", secrets)

    for table in ("records", "persons"):
        for fmt in ("csv", "json"):
            out = tmp_path / f"viewer-{table}.{fmt}"
            export_table(case, table, fmt, out)                       # a viewer's export: no reveal
            assert_absent(out.read_bytes(), f"a viewer's {table} export ({fmt})", secrets)


def test_viewer_report_holds_no_protected_name(case, seeded, tmp_path):
    report = pytest.importorskip("sabt.report")
    result = report.render_report(case, tmp_path / "report", lang="en", pdf=False)
    html = Path(getattr(result, "html", tmp_path / "report" / "index.html")).read_bytes()
    assert_absent(html, "the assessment report")


def test_release_and_protect_again_round_trip(api, seeded, case):
    person, record_h1 = seeded["protected_person"], seeded["records"]["H-1"]
    analyst = api("analyst")
    # finding 1 of issue 15: releasing a person is a decision about its records, confirmed
    refused = analyst.put(f"/api/persons/{person}/protection", json={"protected": False})
    assert refused.status_code == 409 and str(record_h1) in refused.json()["detail"]
    assert api("viewer").get(f"/api/persons/{person}").status_code == 404
    unconfirmed = analyst.put(f"/api/persons/{person}/protection", json={"protected": False, "release_records": [record_h1]})
    assert unconfirmed.status_code == 409
    released = analyst.put(f"/api/persons/{person}/protection",
                           json={"protected": False, "release_records": [record_h1], "confirm": True})
    assert released.status_code == 200 and released.json()["protected"] is False
    assert api("viewer").get(f"/api/persons/{person}").json()["identity"]["name"] == PLANTED
    assert api("viewer").get(f"/api/records/{record_h1}").json()["identity"]["name"] == PLANTED
    with case.session() as session:
        audit = session.execute(select(models.AuditEntry.action, models.AuditEntry.subject_id, models.AuditEntry.detail)
                                .where(models.AuditEntry.action == "unprotect")).all()
    assert [(a, s, d["person"]) for a, s, d in audit] == [("unprotect", str(record_h1), person)]
    again = analyst.put(f"/api/persons/{person}/protection", json={"protected": True}).json()
    assert again["protected"] is True and again["identity"]["name"] == PLANTED
    assert api("viewer").get(f"/api/persons/{person}").status_code == 404
    assert api("viewer").get(f"/api/records/{record_h1}").status_code == 404
    assert api("viewer").put(f"/api/persons/{person}/protection", json={"protected": False}).status_code == 403
    with case.session() as session:
        row = session.get(models.Person, person)
        assert row.name is None and row.sealed and session.get(models.Record, record_h1).protected
    record = seeded["records"]["H-3"]
    analyst.put(f"/api/records/{record}/protection", json={"protected": True})
    found = api("analyst").get("/api/records", params={"q": PLAIN}).json()
    # H-3 now via the blind index; H-4 ("Ali Rezai") is a spelling of the same name (cross-script search)
    assert sorted(item["id"] for item in found["items"]) == sorted([record, seeded["records"]["H-4"]])
    with case.session() as session:
        row = session.get(models.Record, record)
        assert row.raw is None and row.name is None and row.name_index == protect.name_index_of(case, PLAIN)


def test_missing_key_gives_a_clear_error(settings, case, seeded, tmp_path):
    from sabt.case import Case
    from sabt.errors import KeyMissing
    from sabt.web import create_app

    elsewhere = Case.open(settings.with_(key_file=tmp_path / "not-there.key"))
    with pytest.raises(KeyMissing, match="SABT_KEY_FILE"):
        create_app(elsewhere)
    elsewhere.close()


def test_protecting_a_record_seals_its_identity_number_and_address(api, seeded, case):
    record = seeded["records"]["H-3"]
    with case.session() as session:
        row = session.get(models.Record, record)
        row.national_id, row.address = "0012345678", "7 Plain Street"
        session.commit()
    analyst = api("analyst")
    assert analyst.put(f"/api/records/{record}/protection", json={"protected": True}).status_code == 200
    with case.session() as session:
        row = session.get(models.Record, record)
        assert row.national_id is None and row.address is None and row.name is None
        assert case.key.unseal(row.sealed, "records")["national_id"] == "0012345678"
    assert api("viewer").get(f"/api/records/{record}").status_code == 404
    assert analyst.get(f"/api/records/{record}").json()["identity"]["address"] == "7 Plain Street"
    assert analyst.put(f"/api/records/{record}/protection", json={"protected": False}).status_code == 200
    with case.session() as session:
        row = session.get(models.Record, record)
        assert (row.national_id, row.address, row.sealed) == ("0012345678", "7 Plain Street", None)


def test_a_record_page_shows_the_identity_number_to_an_analyst_not_to_a_viewer(seeded, case, browser_session):
    record = seeded["records"]["H-1"]            # protected at import
    with case.session() as session:
        row = session.get(models.Record, record)
        row.sealed = case.key.seal({**case.key.unseal(row.sealed, "records"), "national_id": "0012345678"}, "records")
        session.commit()
    assert "0012345678" in browser_session("analyst").get(f"/records/{record}").text
    page = browser_session("viewer").get(f"/records/{record}")
    assert "0012345678" not in page.text and page.status_code == 404


def test_a_record_shows_its_date_of_birth_in_the_api_and_on_its_page(api, seeded, case, browser_session):
    import datetime as dt

    record = seeded["records"]["H-3"]
    with case.session() as session:
        session.get(models.Record, record).date_of_birth = dt.date(1990, 3, 21)
        session.commit()
    assert api("viewer").get(f"/api/records/{record}").json()["date_of_birth"] == "1990-03-21"
    page = browser_session("viewer").get(f"/records/{record}").text
    assert "<dt>Date of birth</dt>" in page and "21 Mar 1990" in page
