"""Adding files: byte for byte, content-addressed, de-duplicated, streamed, indexed."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import tracemalloc

import pytest
from sqlalchemy import func, select

from sabt.errors import SabtError
from sabt.store import models
from sabt.vault import add_files, verify
from sabt.vault.custody import read_lines
from sabt.vault.objects import object_path


def _log(case):
    return [line.obj for line in read_lines(case.vault_dir / "custody.jsonl")]


def test_stored_byte_for_byte_under_its_hash(case, files):
    import hashlib

    data = os.urandom(100_000) + b"\x00\r\n" * 10
    path = files / "clip.bin"
    path.write_bytes(data)
    [result] = add_files(case, [path], note="from a USB stick")
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    stored = object_path(case.vault_dir, result.sha256)
    assert stored.read_bytes() == data
    assert stored.relative_to(case.vault_dir).parts[:3] == ("objects", "sha256", result.sha256[:2])
    assert not stat.S_IMODE(stored.stat().st_mode) & 0o222, "objects are read-only"
    assert path.read_bytes() == data, "the original is untouched"
    assert not list((case.vault_dir / "tmp").glob("*")), "no staging file left"
    with case.session() as session:
        row = session.scalar(select(models.Evidence))
        assert (row.sha256, row.size, row.original_name, row.note) == (
            result.sha256,
            len(data),
            "clip.bin",
            "from a USB stick",
        )


def test_same_bytes_twice_one_object_two_acquisitions(case, files):
    (files / "a.jpg").write_bytes(b"same bytes")
    (files / "copy of a.jpg").write_bytes(b"same bytes")
    first = add_files(case, [files / "a.jpg"], actor="alice")
    second = add_files(case, [files / "copy of a.jpg"], actor="bob")
    assert first[0].new and not second[0].new
    assert first[0].sha256 == second[0].sha256
    with case.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Evidence)) == 1
        acquisitions = session.scalars(
            select(models.EvidenceAcquisition).order_by(models.EvidenceAcquisition.id)
        ).all()
        assert [(a.actor, a.original_name) for a in acquisitions] == [
            ("alice", "a.jpg"),
            ("bob", "copy of a.jpg"),
        ]
    events = [(e["event"], e.get("name"), e["actor"]) for e in _log(case)]
    assert events[1:] == [
        ("acquired", "a.jpg", "alice"),
        ("added", "a.jpg", "alice"),
        ("acquired", "copy of a.jpg", "bob"),
    ]
    assert sum(1 for _ in (case.vault_dir / "objects" / "sha256").rglob("*") if _.is_file()) == 1
    assert verify(case).ok


def test_same_bytes_twice_in_one_call(case, files):
    (files / "x").write_bytes(b"twins")
    (files / "y").write_bytes(b"twins")
    results = add_files(case, [files / "x", files / "y"])
    assert [r.new for r in results] == [True, False]
    assert verify(case).ok


def test_a_folder_adds_every_file_in_it(case, files):
    (files / "sub").mkdir()
    for i in range(5):
        (files / "sub" / f"f{i}.txt").write_text(f"file {i}")
    results = add_files(case, [files])
    assert sorted(r.name for r in results) == [f"f{i}.txt" for i in range(5)]
    assert verify(case).ok


def test_the_log_indexes_in_the_case(case, files):
    (files / "a").write_bytes(b"a")
    add_files(case, [files / "a"])
    lines = list(read_lines(case.vault_dir / "custody.jsonl"))
    with case.session() as session:
        rows = session.scalars(select(models.CustodyEvent).order_by(models.CustodyEvent.seq)).all()
    assert [(r.seq, r.line_sha256, r.event) for r in rows] == [
        (ln.obj["seq"], ln.hash, ln.obj["event"]) for ln in lines
    ]
    assert lines[0].obj["event"] == "created" and lines[0].obj["prev"] == "0" * 64
    for before, after in zip(lines, lines[1:]):
        assert after.obj["prev"] == before.hash


def test_checkpoint_every_n_events(case, files, monkeypatch):
    monkeypatch.setenv("SABT_CHECKPOINT_EVERY", "5")
    for i in range(6):
        (files / f"{i}").write_text(str(i))
    add_files(case, sorted(files.iterdir()))
    events = [e["event"] for e in _log(case)]
    assert events.count("checkpoint") >= 2
    report = verify(case)
    assert report.ok and report.checkpoints_checked == events.count("checkpoint")


def test_unknown_source_is_refused_before_anything_is_stored(case, files):
    (files / "a").write_bytes(b"a")
    with pytest.raises(SabtError, match="no source"):
        add_files(case, [files / "a"], source_id="nobody")
    assert not (case.vault_dir / "custody.jsonl").exists()


def test_source_is_recorded(case, files):
    with case.session() as session:
        session.add(models.Source(id="witness-7", name="Witness 7"))
        session.commit()
    (files / "a").write_bytes(b"a")
    [result] = add_files(case, [files / "a"], source_id="witness-7")
    assert _log(case)[1]["source"] == "witness-7"
    with case.session() as session:
        assert session.get(models.Evidence, result.evidence_id).source_id == "witness-7"


def test_missing_file_is_a_clear_error(case, files):
    with pytest.raises(SabtError, match="no file"):
        add_files(case, [files / "nope.mp4"])


def test_large_file_is_streamed_not_loaded(case, files):
    path = files / "big.bin"
    with open(path, "wb") as handle:
        for _ in range(64):
            handle.write(os.urandom(1 << 20))
    tracemalloc.start()
    [result] = add_files(case, [path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.size == 64 << 20
    assert peak < 24 << 20, f"peak Python memory {peak >> 20} MiB while adding a 64 MiB file"


def test_two_processes_adding_at_once_keep_one_chain(case, files, vault_settings, signing_key):
    """Two `vault add` processes on one vault: the log lock keeps the chain whole."""
    for worker in range(2):
        folder = files / f"w{worker}"
        folder.mkdir()
        for i in range(40):
            (folder / f"{i}.txt").write_text(f"worker {worker} file {i}")
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from sabt.case import Case
        from sabt.settings import Settings
        from sabt.vault import add_files
        db, key, vault, folder = sys.argv[1:5]
        case = Case.open(Settings.for_db(db, key_file=Path(key), vault_dir=Path(vault)))
        for path in sorted(Path(folder).iterdir()):
            add_files(case, [path])
    """)
    env = dict(os.environ, SABT_SIGNING_KEY=str(signing_key), SABT_CHECKPOINT_EVERY="7")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                script,
                vault_settings.db,
                str(vault_settings.key_file),
                str(vault_settings.vault_dir),
                str(files / f"w{w}"),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for w in range(2)
    ]
    for proc in procs:
        _, error = proc.communicate(timeout=300)
        assert proc.returncode == 0, error.decode()
    report = verify(case)
    assert report.ok, [str(f) for f in report.findings]
    seqs = [e["seq"] for e in _log(case)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert report.objects_checked == 80


def test_log_lines_are_ascii_json(case, files):
    (files / "عکس ۱.jpg").write_bytes(b"persian name")
    add_files(case, [files / "عکس ۱.jpg"])
    raw = (case.vault_dir / "custody.jsonl").read_bytes()
    raw.decode("ascii")
    assert json.loads(raw.splitlines()[1])["name"] == "عکس ۱.jpg"
