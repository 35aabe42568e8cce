"""Content-addressed objects: stored byte for byte under their SHA-256, written atomically.

An object is first streamed into ``tmp/`` while it is hashed (never read whole into memory),
``fsync``'d, and only then renamed to ``objects/sha256/<2 hex>/<64 hex>``; the rename is
atomic, so an object is either absent or complete. A staging file is held under an ``flock``
while it is written, so a later run can tell the leftovers of a killed process (unlocked)
from another process's work in progress (locked) and remove only the former.

Each file is read once: every chunk (growing to 4 MiB) is hashed and written from the same
buffer, one thread hashing it while the other writes it, so a large video is stored about as
fast as ``openssl dgst -sha256`` reads it. Several files are staged at once, one per usable
core (:func:`stage_many`), and re-hashed at once by ``vault verify`` (:func:`hash_many`):
hashlib is OpenSSL's SHA-256 and lets go of the GIL while it hashes.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import threading
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from sabt._machine import usable_cores

CHUNK = 4 << 20
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def object_path(vault_dir: Path, sha256: str) -> Path:
    if not SHA256_RE.match(sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return Path(vault_dir) / "objects" / "sha256" / sha256[:2] / sha256


def relative_object_path(sha256: str) -> str:
    return f"objects/sha256/{sha256[:2]}/{sha256}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_dirs(paths) -> None:
    """fsync each directory once (after renames into them)."""
    for path in sorted(set(paths)):
        _fsync_dir(path)


@dataclass
class Staged:
    """A complete, fsync'd copy in ``tmp/`` with its hash; commit or discard it."""

    path: Path
    sha256: str
    size: int
    fd: int  # holds the staging lock

    def discard(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        finally:
            self._release()

    def commit(self, vault_dir: Path, sync: bool = True) -> Path:
        """Rename into place; ``sync=False`` leaves the directory fsync to the caller (:func:`sync_dirs`)."""
        target = object_path(vault_dir, self.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.path, 0o444)
        os.replace(self.path, target)
        if sync:
            _fsync_dir(target.parent)
        self._release()
        return target

    def _release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _write_all(fd: int, view) -> None:
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _hash_and_copy(
    src: BinaryIO, dst_fd: int, progress: Callable[[int], None] | None
) -> tuple[str, int]:
    digest = hashlib.sha256()
    try:
        known_size = os.fstat(src.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        known_size = None
    if known_size is not None and known_size < CHUNK:
        # a small file: one read, no thread (a file that grows meanwhile is still read to its end)
        buffer = bytearray(known_size + 1)
        size = 0
        while count := src.readinto(buffer):
            view = memoryview(buffer)[:count]
            digest.update(view)
            _write_all(dst_fd, view)
            size += count
            if progress:
                progress(count)
        return digest.hexdigest(), size
    # buffers start small and grow (64 KiB → 512 KiB → 4 MiB) so many small streams stay cheap
    buffers = [bytearray(1 << 16), bytearray(1 << 16)]
    pending = [None, None]
    size = 0
    with ThreadPoolExecutor(max_workers=1) as hasher:
        index = 0
        while True:
            if pending[index] is not None:
                pending[index].result()  # this buffer's hash is done; it may be reused
            buffer = buffers[index]
            count = src.readinto(buffer)
            if not count:
                break
            view = memoryview(buffer)[:count]
            pending[index] = hasher.submit(digest.update, view)
            _write_all(dst_fd, view)
            size += count
            if progress:
                progress(count)
            if count == len(buffer) and len(buffer) < CHUNK:
                buffers[index] = bytearray(
                    min(CHUNK, len(buffer) * 8)
                )  # the old one lives on in its future
            index ^= 1
        for future in pending:
            if future is not None:
                future.result()
    return digest.hexdigest(), size


def _locked_part(tmp: Path) -> tuple[Path, int]:
    """A new staging file in ``tmp``, locked. Another process's :func:`clean_stale` may take the
    lock in the instant between creating the file and locking it, and unlink it: a file no
    longer linked is given up and another made."""
    while True:
        path = tmp / f"{uuid.uuid4().hex}.part"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        if os.fstat(fd).st_nlink > 0:
            return path, fd
        os.close(fd)


def stage(
    vault_dir: Path, source: BinaryIO | Path, progress: Callable[[int], None] | None = None
) -> Staged:
    """Stream ``source`` into ``tmp/`` while hashing it; the copy is fsync'd before returning."""
    tmp = Path(vault_dir) / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    path, fd = _locked_part(tmp)
    try:
        if isinstance(source, (str, Path)):
            with open(source, "rb", buffering=0) as handle:
                sha256, size = _hash_and_copy(handle, fd, progress)
        else:
            sha256, size = _hash_and_copy(source, fd, progress)
        os.fsync(fd)
    except BaseException:
        path.unlink(missing_ok=True)
        os.close(fd)
        raise
    return Staged(path, sha256, size, fd)


def _locked(progress: Callable[[int], None] | None) -> Callable[[int], None] | None:
    """``progress`` callable from several threads at once (one at a time)."""
    if progress is None:
        return None
    lock = threading.Lock()

    def report(count: int) -> None:
        with lock:
            progress(count)

    return report


def stage_many(vault_dir: Path, items: Iterable, open_item: Callable, progress=None,
               workers: int | None = None) -> Iterator[tuple[object, Staged]]:
    """``(item, staged)`` for every item, in the items' order, staging up to ``workers``
    (default: one per usable core) at once. ``open_item(item)`` gives its binary stream.

    Copies staged ahead but not yet taken (when the caller stops early, or one fails) are
    discarded."""
    workers = workers or usable_cores()
    progress = _locked(progress) if workers > 1 else progress

    def one(item):
        with open_item(item) as handle:
            return item, stage(vault_dir, handle, progress)

    if workers <= 1:
        for item in items:
            yield one(item)
        return
    ahead: deque = deque()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            for item in items:
                ahead.append(pool.submit(one, item))
                if len(ahead) >= workers:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()
        finally:
            for future in ahead:
                if future.cancel():
                    continue
                try:
                    future.result()[1].discard()
                except BaseException:  # noqa: S110 - it failed itself; its own error was raised
                    pass


def hash_many(paths: Iterable[Path], progress=None, workers: int | None = None):
    """``(path, (sha256, size) or the OSError reading it)`` for every path, in order, hashing
    up to ``workers`` files at once (default: one per usable core)."""
    workers = workers or usable_cores()
    progress = _locked(progress) if workers > 1 else progress

    def one(path):
        try:
            return path, hash_file(path, progress)
        except OSError as error:
            return path, error

    if workers <= 1:
        yield from map(one, paths)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(one, paths)


def clean_stale(vault_dir: Path) -> int:
    """Remove staging files left by killed processes (those no live process holds locked)."""
    tmp = Path(vault_dir) / "tmp"
    removed = 0
    if not tmp.is_dir():
        return 0
    for path in tmp.glob("*.part"):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # another process is writing it
        try:
            path.unlink(missing_ok=True)
            removed += 1
        finally:
            os.close(fd)
    return removed


def hash_file(path: Path, progress: Callable[[int], None] | None = None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while count := handle.readinto(buffer):
            digest.update(view[:count])
            size += count
            if progress:
                progress(count)
    return digest.hexdigest(), size


def iter_objects(vault_dir: Path):
    """Every file under ``objects/sha256`` as (name, path)."""
    root = Path(vault_dir) / "objects" / "sha256"
    if not root.is_dir():
        return
    for sub in sorted(root.iterdir()):
        if sub.is_dir():
            for path in sorted(sub.iterdir()):
                yield path.name, path
        else:
            yield sub.name, sub
