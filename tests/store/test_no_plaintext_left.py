"""Issue 15, "no plaintext left behind": after a change that seals a value — protecting a record
in a person, linking a protected record to an open one (merge), releasing one of a person's
protected records, superseding a protected row — no plain copy of a sealed value stays in the
SQLite file, its free pages or its WAL. (PostgreSQL keeps old row versions until VACUUM:
docs/web.md.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from sabt import protection
from sabt.ingest import import_list
from sabt.link.run import link_case
from sabt.store import models

pytestmark = pytest.mark.skipif(os.environ.get("SABT_TEST_DB", "").startswith("postgresql://"),
                                reason="reads the SQLite file's bytes")


def _disk(case, settings) -> bytes:
    case.engine.dispose()
    path = Path(settings.db)
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def _record(case, source_record_id: str) -> models.Record:
    with case.session() as session:
        return session.scalar(select(models.Record).where(models.Record.source_record_id == source_record_id))


def _import(case, tmp_path, name: str, text: str) -> None:
    (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    import_list(case, tmp_path / f"{name}.csv", name)


OPEN = ("id,name,age,date_of_death,city,address,protected\n"
        "o1,Kaveh Zandiyan,33,2026-01-08,Tehran,,0\no2,Sara Moradi,41,2026-01-12,Rasht,,0\n"
        "o3,Omid Tavana,52,2026-01-03,Karaj,,0\n")


def test_protecting_a_persons_only_record_leaves_no_plain_name(case, settings, tmp_path):
    _import(case, tmp_path, "open", OPEN)
    link_case(case)
    assert b"Kaveh Zandiyan" in _disk(case, settings), "the check must see a plain name"
    record = _record(case, "o1")
    protection.set_person_protection(case, record.person_id, True, "analyst")
    with case.session() as session:
        assert session.get(models.Person, record.person_id).protected
    assert b"Kaveh Zandiyan" not in _disk(case, settings)
    assert b"Zandiyan" not in _disk(case, settings)


def test_a_protected_record_linked_to_an_open_one_leaves_nothing_plain(case, settings, tmp_path):
    _import(case, tmp_path, "open", OPEN)
    _import(case, tmp_path, "witness", "id,name,age,date_of_death,city,address,protected\n"
                                       "w1,Kaveh Zandiyani-Witness,33,2026-01-08,Tehran,Secret Alley 7,1\n")
    link_case(case)
    assert _record(case, "w1").person_id == _record(case, "o1").person_id       # merged into one person
    disk = _disk(case, settings)
    assert b"Zandiyani-Witness" not in disk and b"Secret Alley 7" not in disk


def test_releasing_one_record_leaves_the_others_sealed_everywhere(case, settings, tmp_path):
    _import(case, tmp_path, "w", "id,name,age,date_of_death,city,address,protected\n"
                                 "w1,Kaveh Zandiyan,33,2026-01-08,Tehran,,1\n"
                                 "w2,Kaaveh Zandiyan-Second,33,2026-01-08,Tehran,Secret Alley 7,1\n"
                                 "w3,Sara Moradi,41,2026-01-12,Rasht,,0\n")
    link_case(case)
    first, second = _record(case, "w1"), _record(case, "w2")
    assert first.person_id == second.person_id
    protection.set_protected(case, "records", first.id, False, "analyst")
    with case.session() as session:
        person = session.get(models.Person, first.person_id)
        assert not person.protected and person.name == "Kaveh Zandiyan"
    disk = _disk(case, settings)
    assert b"Kaveh Zandiyan" in disk
    assert b"Zandiyan-Second" not in disk and b"Secret Alley 7" not in disk


def test_superseding_a_protected_row_leaves_neither_version_plain(case, settings, tmp_path):
    header = "id,name,age,date_of_death,city,address,protected\n"
    _import(case, tmp_path, "w", header + "w1,Nasrin Tavanaei,52,2026-01-03,Karaj,Secret Alley 7,1\n")
    (tmp_path / "w.csv").write_text(header + "w1,Nasrin Tavanaei-Corrected,53,2026-01-03,Karaj,Secret Alley 9,1\n",
                                    encoding="utf-8")
    import_list(case, tmp_path / "w.csv", "w")
    with case.session() as session:
        assert session.scalar(select(models.Record).where(models.Record.superseded.is_(True))) is not None
    disk = _disk(case, settings)
    assert b"Tavanaei" not in disk and b"Secret Alley" not in disk
