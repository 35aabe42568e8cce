"""The vault's one-pass hash-and-copy and its parallel files: the same bytes and the same SHA-256
as hashlib reading the file whole (speed is measured in benchmarks/vault.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from sabt.vault import objects


def _file(path: Path, size: int, seed: int) -> Path:
    path.write_bytes(seed.to_bytes(4, "big") * (size // 4) + os.urandom(size % 4))
    return path


@pytest.fixture
def large_files(tmp_path) -> list[Path]:
    # larger than one 4 MiB buffer, and not a multiple of any buffer size
    sizes = [objects.CHUNK * 2 + 12_345, objects.CHUNK + 1, 3 * (1 << 16) + 7, 0]
    return [_file(tmp_path / f"f{i}.bin", size, i + 1) for i, size in enumerate(sizes)]


def test_stage_copies_and_hashes_as_hashlib(tmp_path, large_files):
    vault = tmp_path / "vault"
    for path in large_files:
        staged = objects.stage(vault, path)
        data = path.read_bytes()
        assert staged.sha256 == hashlib.sha256(data).hexdigest() and staged.size == len(data)
        assert staged.path.read_bytes() == data
        staged.discard()
        assert objects.hash_file(path) == (hashlib.sha256(data).hexdigest(), len(data))


def test_stage_many_in_parallel_keeps_order_hashes_and_progress(tmp_path, large_files):
    moved = []
    staged = list(objects.stage_many(tmp_path / "vault", large_files, lambda p: open(p, "rb"),
                                     moved.append, workers=3))
    assert [item for item, _ in staged] == large_files
    for path, (_, copy) in zip(large_files, staged):
        assert copy.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert copy.path.read_bytes() == path.read_bytes()
        copy.discard()
    assert sum(moved) == sum(p.stat().st_size for p in large_files)


def test_stage_many_stopped_early_leaves_no_copy_behind(tmp_path, large_files):
    vault = tmp_path / "vault"
    staging = objects.stage_many(vault, large_files, lambda p: open(p, "rb"), workers=3)
    _, first = next(staging)
    first.discard()
    staging.close()  # the caller gave up: the copies made ahead are removed
    assert list((vault / "tmp").iterdir()) == []


def test_hash_many_matches_hashlib_and_reports_unreadable(tmp_path, large_files):
    missing = tmp_path / "gone.bin"
    results = list(objects.hash_many([*large_files, missing], workers=2))
    assert [path for path, _ in results] == [*large_files, missing]
    for path, hashed in results[:-1]:
        data = path.read_bytes()
        assert hashed == (hashlib.sha256(data).hexdigest(), len(data))
    assert isinstance(results[-1][1], FileNotFoundError)
