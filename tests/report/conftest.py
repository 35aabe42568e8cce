"""Fixtures for the report tests: the synthetic assessment case, rendered once per language.

The rendered reports are built once per module on a SQLite case (rendering the PDF takes
seconds); ``test_report_backends.py`` renders through the shared ``case`` fixture so the
report is also read from PostgreSQL when ``SABT_TEST_DB`` points there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sabt.case import Case
from sabt.settings import Settings

from .fixture_case import build_fixture_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iran-2026"


@pytest.fixture(scope="module")
def report_case(tmp_path_factory, key_file):
    path = tmp_path_factory.mktemp("report-case") / "fixture.sabt"
    case = Case.init(Settings.for_db(str(path), key_file=key_file))
    build_fixture_case(case)
    yield case
    case.close()


@pytest.fixture(scope="module")
def rendered(report_case, tmp_path_factory):
    """``{lang: ReportResult}`` for English and Persian, HTML and PDF."""
    from sabt.report import render_report

    out = tmp_path_factory.mktemp("rendered")
    return {lang: render_report(report_case, out / lang, lang=lang) for lang in ("en", "fa")}


@pytest.fixture(scope="session")
def example_case(tmp_path_factory, key_file):
    """The example case built once by ``sabt run``'s pipeline: ``(case, output folder)``."""
    from sabt.pipeline import run_case

    out = tmp_path_factory.mktemp("example")
    db = str(out / "case.sabt")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SABT_KEY_FILE", str(key_file))
        run_case(EXAMPLE, out, db, "en", 1)
    case = Case.open(Settings.for_db(db, key_file=key_file))
    yield case, out
    case.close()
