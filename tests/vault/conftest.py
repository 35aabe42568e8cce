"""Fixtures of the vault's tests.

``case`` builds on the shared ``case_db`` fixture of ``tests/conftest.py`` (SQLite, or
PostgreSQL when ``SABT_TEST_DB`` says so) with the vault in ``tmp_path``. The installation's
signing key is a throw-away file in ``tmp_path`` (``SABT_SIGNING_KEY``), so no test touches
the user's key.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sabt.case import Case
from sabt.settings import Settings


@pytest.fixture(autouse=True)
def signing_key(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "signing" / "ed25519.key"
    monkeypatch.setenv("SABT_SIGNING_KEY", str(path))
    monkeypatch.delenv("SABT_CHECKPOINT_EVERY", raising=False)
    return path


@pytest.fixture
def vault_settings(case_db, key_file, tmp_path) -> Settings:
    return Settings.for_db(case_db, key_file=key_file, vault_dir=tmp_path / "vault", actor="tester")


@pytest.fixture
def case(vault_settings):
    case = Case.open(vault_settings)
    yield case
    case.close()


@pytest.fixture
def ffmpeg():
    """FFmpeg's tools; CI installs them, so there a missing ffprobe fails loudly instead of skipping."""
    if shutil.which("ffprobe") and shutil.which("ffmpeg"):
        return True
    message = "ffprobe/ffmpeg not installed (Debian: apt-get install -y ffmpeg); the video tests need them"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def files(tmp_path):
    """A folder for test inputs, apart from the vault."""
    folder = tmp_path / "in"
    folder.mkdir()
    return folder
