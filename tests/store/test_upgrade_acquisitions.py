"""Migration 0008: a case made at 0004 opens; each acquisition gets its own URL, capture time
and container, filled from the object for objects acquired once, left empty (the custody log
has them) for objects acquired several times before the upgrade."""

from __future__ import annotations

from sqlalchemy import text

from sabt.case import Case
from sabt.settings import Settings
from sabt.store import db as store_db

ONCE, TWICE = "a" * 64, "b" * 64


def test_a_case_made_at_0004_keeps_acquisition_urls(empty_db, key_file, case_at):
    with case_at(empty_db, "0004") as connection:
        connection.execute(text(
            "insert into evidence (id, sha256, size, url, captured_at, container_sha256, protected) values "
            "(1, :once, 10, 'https://news.example/a', '2026-01-09 10:00:00', :warc, false), "
            "(2, :twice, 10, 'https://news.example/b', '2026-01-09 11:00:00', NULL, false)"),
            {"once": ONCE, "twice": TWICE, "warc": "c" * 64})
        connection.execute(text(
            "insert into evidence_acquisitions (id, evidence_id, acquired_at, actor) values "
            "(1, 1, CURRENT_TIMESTAMP, 'x'), (2, 2, CURRENT_TIMESTAMP, 'x'), (3, 2, CURRENT_TIMESTAMP, 'x')"))

    case = Case.open(Settings.for_db(empty_db, key_file=key_file))
    try:
        assert store_db.current_revision(case.engine) == store_db.head_revision()
        with case.engine.begin() as connection:
            rows = connection.execute(text(
                "select id, url, captured_at, container_sha256 from evidence_acquisitions order by id")).all()
        assert rows[0].url == "https://news.example/a" and rows[0].container_sha256 == "c" * 64
        assert rows[0].captured_at is not None
        assert [(r.url, r.captured_at) for r in rows[1:]] == [(None, None), (None, None)]
    finally:
        case.close()
