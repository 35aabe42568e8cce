"""The same linkage settings on Splink's Spark backend (local mode) give the same persons."""

from __future__ import annotations

import os
import shutil

import pytest
from link_lists import make_lists
from sqlalchemy import text

from sabt.case import Case
from sabt.ingest import import_list
from sabt.link import link_case
from sabt.settings import Settings

pytest.importorskip("pyspark", reason="install the [spark] extra to test the Spark backend")
if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs a Java runtime (Debian: apt-get install -y default-jre-headless)", allow_module_level=True)


def partition(case) -> set[frozenset]:
    with case.engine.connect() as connection:
        rows = connection.execute(text("select source_record_id, person_id from records")).all()
    groups: dict = {}
    for record, person in rows:
        groups.setdefault(person, set()).add(record)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("SABT_TEST_DB", "").startswith("postgresql"),
                    reason="Spark does not touch the store; this runs once, in the SQLite pass")
def test_spark_and_duckdb_find_the_same_persons(tmp_path, key_file):
    latin, persian, _ = make_lists(tmp_path, people=40, seed=11)
    cases = []
    for backend in ("duckdb", "spark"):
        case = Case.init(Settings.for_db(str(tmp_path / f"{backend}.sabt"), key_file=key_file))
        import_list(case, latin, "org-latin")
        import_list(case, persian, "org-persian")
        summary = link_case(case, backend=backend)
        assert summary.backend == backend
        cases.append(case)
    assert partition(cases[0]) == partition(cases[1])
    for case in cases:
        case.close()
