"""A case made at revision 0002 (before login sessions and the name-search index) opens,
upgrades to the head and keeps its data; names stored before the upgrade are searchable."""

from __future__ import annotations

from sqlalchemy import text

from sabt.case import Case
from sabt.settings import Settings
from sabt.store import db as store_db


def test_a_case_made_at_0002_upgrades_on_open(empty_db, key_file, case_at):
    with case_at(empty_db, "0002") as connection:
        connection.execute(text("insert into users (name, role, lang, disabled, created_at) "
                                "values ('sara', 'analyst', 'en', false, CURRENT_TIMESTAMP)"))
        connection.execute(text("insert into persons (id, protected, name, created_at) values "
                                "(1, false, 'Ali Rezaei', CURRENT_TIMESTAMP), (2, true, NULL, CURRENT_TIMESTAMP)"))

    case = Case.open(Settings.for_db(empty_db, key_file=key_file))
    try:
        assert store_db.current_revision(case.engine) == store_db.head_revision() != "0002"
        assert case.stats()["persons"] == 2
        with case.engine.begin() as connection:
            assert connection.execute(text("select count(*) from web_sessions")).scalar() == 0
            assert connection.execute(text("select count(*) from login_attempts")).scalar() == 0
            if case.engine.dialect.name == "sqlite":
                found = connection.execute(text("select rowid from persons_name_fts where persons_name_fts match "
                                                "'\"rezae\"'")).scalars().all()
                assert found == [1]            # rows written before the upgrade were indexed
            else:
                assert connection.execute(text("select count(*) from pg_extension where extname = 'pg_trgm'")).scalar()
                assert connection.execute(text("select count(*) from pg_indexes where indexname = "
                                               "'ix_persons_name_trgm'")).scalar() == 1
    finally:
        case.close()
