"""Name search through the trigram index: substrings of plain names are found on persons and
records (Latin and Persian), the index follows every change of a name, and a protected name is
in no index — on SQLite not even in the index's bytes on disk after a row is protected."""

from __future__ import annotations

import os

from sqlalchemy import select, text

from sabt.store import models

from .conftest import PLAIN, PLANTED, PLANTED_FA

ON_POSTGRES = os.environ.get("SABT_TEST_DB", "").startswith("postgresql://")
# Trigrams no other name in the case has, searched for as bytes in the whole file. They are
# Persian (six bytes each in UTF-8) because the file also holds random bytes — ciphertext,
# base64 tokens — in which a three-letter Latin trigram turns up by chance (CI once found
# "wwk" in a file whose index no longer had it).
DISTINCT = "ژپچ گثژ"
TRIGRAMS = tuple(t.encode() for t in ("ژپچ", "گثژ", "پچ ", " گث", "چ گ"))


def _total(client, table: str, q: str) -> int:
    response = client.get(f"/api/{table}", params={"q": q})
    assert response.status_code == 200, response.text
    return response.json()["total"]


def test_substrings_of_plain_names_are_found(api, seeded):
    viewer = api("viewer")
    assert _total(viewer, "persons", "rezae") == 1          # part of a word, any case
    assert _total(viewer, "persons", "LI REZ") == 1         # across the space
    assert _total(viewer, "records", "Reza") == 2           # Ali Rezaei and Ali Rezai
    assert _total(viewer, "records", "ez") == 2             # under three characters: still found (a scan)
    assert _total(viewer, "records", "nobody at all") == 0
    assert _total(viewer, "records", '"Ali" OR x*') == 0   # query syntax is matched as text, not run


def test_persian_substrings_are_found_when_plain(api, case, seeded):
    with case.session() as session:
        session.add(models.Person(protected=False, name="مهسا امینی", status="killed"))
        session.commit()
    assert _total(api("viewer"), "persons", "امین") == 1


def test_the_index_follows_renames_and_deletes(api, case, seeded):
    person = seeded["plain_person"]
    with case.session() as session:
        session.get(models.Person, person).name = DISTINCT
        session.commit()
    viewer = api("viewer")
    assert _total(viewer, "persons", "چ گث") == 1
    assert _total(viewer, "persons", PLAIN) == 0
    with case.session() as session:
        session.execute(models.Record.__table__.update().where(models.Record.person_id == person).values(person_id=None))
        session.delete(session.get(models.Person, person))
        session.commit()
    assert _total(viewer, "persons", "چ گث") == 0


def test_protected_names_are_in_no_index(api, case, seeded):
    for q in (PLANTED, PLANTED[2:9], PLANTED_FA[1:4]):
        assert _total(api("viewer"), "persons", q) == 0
        assert _total(api("viewer"), "records", q) == 0
    if ON_POSTGRES:
        return
    with case.engine.connect() as connection:
        for fts in models.NAME_SEARCH.values():
            for q in (PLANTED[2:9], PLANTED_FA[1:4]):
                hits = connection.execute(text(f"select rowid from {fts} where {fts} match :q"), {"q": f'"{q}"'}).all()
                assert hits == [], (fts, q)


def test_protecting_a_row_removes_its_name_from_the_index_on_disk(api, case, seeded, settings):
    record = seeded["records"]["H-4"]
    with case.session() as session:
        session.get(models.Record, record).name = DISTINCT
        session.commit()
    analyst = api("analyst")
    assert _total(analyst, "records", "ژپچ") == 1
    if not ON_POSTGRES:
        case.engine.dispose()
        before = _file_bytes(settings.db)    # terms are prefix-compressed: not every trigram is whole
        assert any(t in before for t in TRIGRAMS), "the check must see trigrams in the file at all"
    assert analyst.put(f"/api/records/{record}/protection", json={"protected": True}).status_code == 200
    assert _total(analyst, "records", "ژپچ") == 0
    assert _total(analyst, "records", DISTINCT) == 1          # exact name, through the blind index
    with case.session() as session:
        assert session.scalar(select(models.Record.name).where(models.Record.id == record)) is None
    if not ON_POSTGRES:
        case.engine.dispose()
        blob = _file_bytes(settings.db)
        assert [t for t in TRIGRAMS if t in blob] == []


def _file_bytes(db) -> bytes:
    path = str(db)
    blob = open(path, "rb").read()
    if os.path.exists(path + "-wal"):
        blob += open(path + "-wal", "rb").read()
    return blob
