"""Fixtures of the store tests: an empty database (SQLite file, or PostgreSQL when
``SABT_TEST_DB`` points there) for building a case at an old revision."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from sabt.store import db as store_db

TEST_DB = os.environ.get("SABT_TEST_DB", "")
ON_POSTGRES = TEST_DB.startswith("postgresql://")


def _pg_execute(statement: str) -> None:
    import psycopg

    with psycopg.connect(TEST_DB.rpartition("/")[0] + "/postgres", autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture
def empty_db(tmp_path):
    if ON_POSTGRES:
        name = f"sabt_old_{uuid.uuid4().hex[:10]}"
        _pg_execute(f'CREATE DATABASE "{name}"')
        yield TEST_DB.rpartition("/")[0] + "/" + name
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield str(tmp_path / "old.sabt")


@pytest.fixture
def case_at():
    """``with case_at(url, revision) as connection:`` builds a case at an old revision."""
    return _case_at


@contextmanager
def _case_at(url: str, revision: str):
    """A connection to a case built at an old ``revision`` (its case id set); the caller adds rows."""
    from alembic import command

    engine = store_db.make_engine(url)
    try:
        with engine.begin() as connection:
            config = store_db.alembic_config(engine)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.execute(text("insert into case_settings (key, value) values ('case_id', 'old')"))
            yield connection
    finally:
        engine.dispose()
