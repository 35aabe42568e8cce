"""`kill -9` during `vault add`: no partial object, no log line for it; the re-run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select

from sabt.store import models
from sabt.vault import add_files, verify
from sabt.vault.custody import read_lines
from sabt.vault.objects import iter_objects

CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from sabt.case import Case
    from sabt.settings import Settings
    from sabt.vault import add_files, core
    db, key, vault, big, marker, where = sys.argv[1:7]
    case = Case.open(Settings.for_db(db, key_file=Path(key), vault_dir=Path(vault)))

    def pause():
        Path(marker).write_text("here")
        time.sleep(600)

    def progress(step, done, total):
        if where == "copying" and done >= 8 << 20:
            pause()

    if where == "indexing":  # after the log lines are written, before the case indexes them
        core._index_lines = lambda session, lines: pause()
    add_files(case, [Path(big)], progress=progress)
""")


def _run_and_kill(vault_settings, big, marker, where, signing_key):
    env = dict(os.environ, SABT_SIGNING_KEY=str(signing_key))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            vault_settings.db,
            str(vault_settings.key_file),
            str(vault_settings.vault_dir),
            str(big),
            str(marker),
            where,
        ],
        env=env,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 120
    while not marker.exists():
        if proc.poll() is not None:
            pytest.fail(f"the child ended before the kill point: {proc.stderr.read().decode()}")
        if time.time() > deadline:
            proc.kill()
            pytest.fail("the child never reached the kill point")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def big(files):
    path = files / "long-video.mp4"
    with open(path, "wb") as handle:
        for _ in range(48):
            handle.write(os.urandom(1 << 20))
    return path


def test_kill_during_copy_leaves_nothing(case, files, big, vault_settings, signing_key, tmp_path):
    (files / "earlier.jpg").write_bytes(b"an earlier photo")
    add_files(case, [files / "earlier.jpg"])
    log_before = (case.vault_dir / "custody.jsonl").read_bytes()

    _run_and_kill(vault_settings, big, tmp_path / "marker", "copying", signing_key)

    assert (case.vault_dir / "custody.jsonl").read_bytes() == log_before, (
        "no log line for the killed add"
    )
    stored = [name for name, _ in iter_objects(case.vault_dir)]
    assert len(stored) == 1, "no partial object among the objects"
    assert list((case.vault_dir / "tmp").glob("*.part")), "the partial copy stayed in tmp/ only"
    assert verify(case).ok

    [result] = add_files(case, [big])  # the re-run completes and clears the leftovers
    assert result.new and result.size == 48 << 20
    assert not list((case.vault_dir / "tmp").glob("*.part"))
    report = verify(case)
    assert report.ok and report.objects_checked == 2


def test_kill_after_logging_before_indexing_is_caught_up(
    case, big, vault_settings, signing_key, tmp_path
):
    _run_and_kill(vault_settings, big, tmp_path / "marker", "indexing", signing_key)
    events = [line.obj["event"] for line in read_lines(case.vault_dir / "custody.jsonl")]
    assert events[-2:] == ["acquired", "added"]
    report = verify(case)
    assert report.ok and any("not yet indexed" in note for note in report.notes)

    # the next run indexes the lines, then records a second acquisition
    [result] = add_files(case, [big])
    assert not result.new
    with case.session() as session:
        row = session.scalar(select(models.Evidence))
        acquisitions = session.scalars(select(models.EvidenceAcquisition)).all()
    assert row.sha256 == result.sha256 and row.original_name == "long-video.mp4"
    assert [a.evidence_id for a in acquisitions] == [row.id, row.id]
    report = verify(case)
    assert report.ok and not any("not yet indexed" in note for note in report.notes)
