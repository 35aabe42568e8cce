"""The store: migrations match the models, cases reopen, foreign keys hold."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from sabt.case import Case
from sabt.errors import CaseNotFound, KeyMissing, SabtError
from sabt.settings import Settings
from sabt.store import db as store_db
from sabt.store.models import Base, is_name_search_table


def test_migrations_produce_exactly_the_models(case):
    with case.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": False, "include_name": lambda name, type_, _parents: not (
                type_ == "table" and is_name_search_table(name))})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_case_reopens_at_the_head_revision(case, settings):
    case.close()
    reopened = Case.open(settings)
    assert store_db.current_revision(reopened.engine) == store_db.head_revision()
    assert reopened.stats() == {"sources": 0, "claims": 0, "incidents": 0, "records": 0, "persons": 0, "evidence": 0}


def test_the_gazetteer_is_seeded(case):
    with case.engine.connect() as connection:
        provinces = connection.execute(text("select count(*) from places where kind = 'province'")).scalar()
        cities = connection.execute(text("select count(*) from places where kind = 'city'")).scalar()
    assert provinces == 31
    assert cities > 1000


def test_foreign_keys_are_enforced(case):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with case.engine.begin() as connection:
            connection.execute(text("insert into claims (source_id, metric, status, review, superseded) "
                                    "values ('no-such-source', 'killed', 'reported', 'unreviewed', false)"))


def test_sqlite_case_uses_wal_and_foreign_keys(tmp_path, key_file):
    case = Case.init(Settings.for_db(str(tmp_path / "wal.sabt"), key_file=key_file))
    with case.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    case.close()


def test_opening_a_missing_or_foreign_file_is_a_clear_error(tmp_path):
    with pytest.raises(CaseNotFound, match="no case file"):
        Case.open(Settings.for_db(str(tmp_path / "nothing.sabt")))
    junk = tmp_path / "junk.sabt"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CaseNotFound):
        Case.open(Settings.for_db(str(junk)))


def test_init_refuses_to_overwrite(case_db, settings):
    if settings.is_postgres:
        with pytest.raises(SabtError, match="already holds a sabt case"):
            Case.init(settings)
    else:
        with pytest.raises(SabtError, match="already exists"):
            Case.init(settings)


def test_a_missing_key_is_named(case, tmp_path):
    other = Case.open(case.settings.with_(key_file=tmp_path / "absent.key"))
    with pytest.raises(KeyMissing, match="absent.key"):
        other.key


def test_a_case_made_at_the_first_revision_upgrades_on_open_and_keeps_its_data(tmp_path, key_file):
    from alembic import command

    path = tmp_path / "old.sabt"
    engine = store_db.make_engine(str(path))
    with engine.begin() as connection:
        config = store_db.alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("insert into case_settings (key, value) values ('case_id', 'old')"))
        connection.execute(text("insert into sources (id, name, kind, created_at) values ('hrana', 'HRANA', 'list', CURRENT_TIMESTAMP)"))
    engine.dispose()
    case = Case.open(Settings.for_db(str(path), key_file=key_file))
    assert store_db.current_revision(case.engine) == store_db.head_revision() != "0001"
    assert case.stats()["sources"] == 1
    case.close()
