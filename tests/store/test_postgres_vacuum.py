"""What VACUUM does (PostgreSQL): protecting a person's only record seals the record's and the
person's plain name; the old row versions, dead, still hold it in the tables' pages until VACUUM
prunes them. `protection.scrub` (run by every protect and release) vacuums both tables: the
raw pages, read with `pageinspect`, then hold no copy. The server's WAL and older backups still
may (docs/web.md)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select, text

from sabt import protection
from sabt.ingest import import_list
from sabt.link.run import link_case
from sabt.store import models

pytestmark = pytest.mark.skipif(not os.environ.get("SABT_TEST_DB", "").startswith("postgresql://"),
                                reason="reads PostgreSQL's raw pages")

NAME = "Kaveh Zandiyan-Vacuumtest"


def _in_pages(case, table: str, value: str) -> bool:
    with case.engine.begin() as connection:
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        return bool(connection.execute(text(
            f"SELECT bool_or(position(CAST(:v AS bytea) IN get_raw_page('{table}', g::int)) > 0) "
            f"FROM generate_series(0, pg_relation_size('{table}') / current_setting('block_size')::int - 1) g"),
            {"v": value.encode()}).scalar())


def test_protecting_leaves_no_plain_copy_in_the_tables_pages_after_its_vacuum(case, tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text(f"id,name,age,date_of_death,city\na1,{NAME},33,2026-01-08,Tehran\n"
                                    "a2,Sara Moradi,41,2026-01-12,Rasht\n", encoding="utf-8")
    import_list(case, tmp_path / "a.csv", "a")
    link_case(case)
    with case.session() as session:
        record = session.scalar(select(models.Record).where(models.Record.source_record_id == "a1"))
    assert _in_pages(case, "records", NAME) and _in_pages(case, "persons", NAME), "the check must see a plain name"

    scrubs = []
    monkeypatch.setattr(protection, "scrub", lambda c: scrubs.append(c))        # first without the vacuum
    protection.set_person_protection(case, record.person_id, True, "analyst")
    dead_copies = _in_pages(case, "records", NAME) or _in_pages(case, "persons", NAME)
    monkeypatch.undo()
    protection.scrub(case)
    assert not _in_pages(case, "records", NAME) and not _in_pages(case, "persons", NAME)
    print(f"before VACUUM a dead row version held the name: {dead_copies}")
