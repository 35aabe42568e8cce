"""Shared fixtures: every test that needs a case runs on SQLite, or on PostgreSQL when
``SABT_TEST_DB`` is a ``postgresql://`` URL (``.ci/run`` runs the suite both ways).

A template case is initialised once per session and copied for each test (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), so each test gets a fresh case fast.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.settings import Settings

TEST_DB = os.environ.get("SABT_TEST_DB", "")
ON_POSTGRES = TEST_DB.startswith("postgresql://")


def _admin_url(database: str) -> str:
    base, _, _ = TEST_DB.rpartition("/")
    return f"{base}/{database}"


def _pg_execute(statement: str) -> None:
    import psycopg

    with psycopg.connect(_admin_url("postgres"), autocommit=True) as connection:
        connection.execute(statement)


@pytest.fixture(scope="session")
def key_file(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("keys") / "case.key"


@pytest.fixture(scope="session")
def template_case(tmp_path_factory, key_file) -> str:
    if ON_POSTGRES:
        name = f"sabt_template_{uuid.uuid4().hex[:8]}"
        _pg_execute(f'CREATE DATABASE "{name}"')
        url = _admin_url(name)
        Case.init(Settings.for_db(url, key_file=key_file)).close()
        # CREATE DATABASE … TEMPLATE fails while anyone is connected to the template, and
        # autovacuum may connect at any moment: a template nobody may connect to cannot be busy
        _pg_execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        yield name
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "template.sabt"
        case = Case.init(Settings.for_db(str(path), key_file=key_file))
        with case.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        case.close()
        yield str(path)


@pytest.fixture
def case_db(template_case, tmp_path) -> str:
    """A fresh case: a file path (SQLite) or a postgresql:// URL."""
    if ON_POSTGRES:
        name = f"sabt_test_{uuid.uuid4().hex[:10]}"
        _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_case}"')
        yield _admin_url(name)
        _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "case.sabt"
        shutil.copyfile(template_case, path)
        yield str(path)


@pytest.fixture
def settings(case_db, key_file, tmp_path) -> Settings:
    return Settings.for_db(case_db, key_file=key_file, vault_dir=tmp_path / "vault")


@pytest.fixture
def case(settings):
    case = Case.open(settings)
    yield case
    case.close()


@pytest.fixture
def cli_env(key_file, monkeypatch):
    """Environment for CLI tests: the test key and no colour codes in output."""
    monkeypatch.setenv("SABT_KEY_FILE", str(key_file))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return os.environ
