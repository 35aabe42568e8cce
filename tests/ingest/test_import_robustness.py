"""Arbitrary bytes and hostile cells: a clean import or a clear error, never a partial write."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sabt.case import Case
from sabt.errors import SabtError
from sabt.ingest import import_list

FIELDS = ["id", "name", "age", "sex", "date_of_death", "city", "protected"]
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["<script>alert(1)</script>", "'; DROP TABLE records; --", "../../etc/passwd", "\x00",
                     "۱۴۰۴/۱۳/۴۵", "300", "1404/10/18", "Ahwaz", "كريمي", "\u202eevil", "=1+1", "yes"]),
)


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".tsv", ".json", ".jsonl", ".xlsx"]))
def test_arbitrary_bytes_import_cleanly_or_refuse(case, tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    before = case.stats()["records"]
    try:
        summary = import_list(case, path, "fuzz")
    except SabtError as error:
        assert str(error)
        assert case.stats()["records"] == before
    else:
        assert case.stats()["records"] == before + summary.rows_added


@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cells, min_size=len(FIELDS), max_size=len(FIELDS)), min_size=1, max_size=8),
       skip=st.booleans())
def test_hostile_cells_import_cleanly_or_refuse_whole(case, tmp_path, rows, skip):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    for number, row in enumerate(rows):
        writer.writerow([f"r{number}"] + [c.replace("\x00", "") for c in row[1:]])
    path = tmp_path / "hostile.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    before = case.stats()["records"]
    try:
        summary = import_list(case, path, f"h{hash(buffer.getvalue()) & 0xffff}", skip_bad_rows=skip)
    except SabtError as error:
        assert "hostile.csv" in str(error)
        assert case.stats()["records"] == before
    else:
        assert case.stats()["records"] == before + summary.rows_added
        if summary.already_imported:
            assert summary.rows_added == 0
        else:
            assert summary.rows_added + summary.rows_rejected == len(rows)


def _big_list(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "age", "date_of_death", "city"])
        for i in range(rows):
            writer.writerow([f"k{i}", f"Name{i % 977} Family{i % 1301}", 18 + i % 60,
                             f"2026-01-{1 + i % 28:02d}", ["Tehran", "Karaj", "Ahvaz", "Mashhad"][i % 4]])


@pytest.mark.slow
def test_kill_minus_9_midway_leaves_the_case_intact(settings, tmp_path, cli_env):
    path = tmp_path / "big.csv"
    _big_list(path, 300_000)
    command = [sys.executable, "-m", "sabt.cli", "import", "list", str(path), "--db", settings.db, "--source", "big"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    with Case.open(settings) as case:
        deadline = time.time() + 120
        # kill it while it writes: once the write step has started and before it can end
        while time.time() < deadline and process.poll() is None:
            if case.engine.url.get_backend_name() == "sqlite":
                wal = tmp_path / (os.path.basename(settings.db) + "-wal")
                if wal.exists() and wal.stat().st_size > 2_000_000:
                    break
            else:
                with case.engine.connect() as connection:
                    busy = connection.exec_driver_sql(
                        "select count(*) from pg_stat_activity where (query ilike 'copy records%%' "
                        "or query ilike 'insert into records%%') and state = 'active' "
                        "and datname = current_database()").scalar()
                if busy:
                    break
            time.sleep(0.05)
        assert process.poll() is None, "the import ended before it could be killed; make the file bigger"
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert case.stats()["records"] == 0
        with case.engine.connect() as connection:
            if case.engine.url.get_backend_name() == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert connection.exec_driver_sql("select count(*) from imports").scalar() == 0
    rerun = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    assert rerun.returncode == 0, rerun.stderr
    with Case.open(settings) as case:
        assert case.stats()["records"] == 300_000
