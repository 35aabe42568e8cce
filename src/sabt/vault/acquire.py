"""Bringing bytes into the vault: files, the pages and resources of a WARC, redacted copies.

Each item is streamed into a staging file while hashed, its metadata read from that copy,
and then, under the log's lock, either renamed into place (new bytes: ``acquired`` + ``added``
lines) or dropped (bytes already held: one ``acquired`` line, a second acquisition row). A
process killed at any point before that leaves only an unlocked staging file, removed by the
next run, and no log line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from sqlalchemy import select

from sabt.errors import SabtError
from sabt.store import models
from sabt.vault import core, metadata, objects
from sabt.vault.names import display_name, text_name

BATCH_FILES = 256
BATCH_BYTES = 256 << 20

Progress = Callable[[str, int, int], None]


@dataclass
class AddResult:
    """One acquired item: its object, whether the bytes were new, and what was read from them."""

    sha256: str
    size: int
    name: str | None
    media_type: str | None
    new: bool
    evidence_id: int | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def shown_name(self) -> str:
        return display_name(self.name)


@dataclass
class _Item:
    """Something to acquire: how to open it and what is known about it."""

    open: Callable[[], BinaryIO]
    name: str | None
    given_path: str | None = None
    size_hint: int = 0
    media_type: str | None = None
    url: str | None = None
    captured_at: str | None = None
    container: str | None = None
    derived_from: str | None = None
    extra_meta: dict | None = None


@dataclass
class _Staged:
    item: _Item
    staged: objects.Staged
    media_type: str
    meta: dict | None = None
    phash: str | None = None
    frames: list | None = None


def _check_source(case, source_id: str | None) -> None:
    if source_id is None:
        return
    with case.session() as session:
        if session.get(models.Source, source_id) is None:
            raise SabtError(f"no source {source_id!r} in this case; add the source first")


def _files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise SabtError(f"{display_name(text_name(path))} is not a regular file")
        else:
            raise SabtError(f"no file {display_name(text_name(path))}")
    return found


def _acquire(
    case,
    items: Iterator[_Item],
    total: int,
    *,
    source_id,
    note,
    actor,
    protected,
    progress,
    step: str,
    new_event: str = "added",
) -> list[AddResult]:
    vault_dir = core.vault_dir_of(case)
    vault_dir.mkdir(parents=True, exist_ok=True)
    objects.clean_stale(vault_dir)
    results: list[AddResult] = []
    batch: list[_Staged] = []
    batch_bytes = 0
    done = 0

    def moved(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(step, done, max(total, done))

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch:
            results.extend(
                _commit(
                    case,
                    batch,
                    source_id=source_id,
                    note=note,
                    actor=actor,
                    protected=protected,
                    new_event=new_event,
                )
            )
        batch, batch_bytes = [], 0

    try:
        for item in items:
            with item.open() as handle:
                staged = objects.stage(vault_dir, handle, moved)
            entry = _Staged(item, staged, item.media_type or metadata.sniff(staged.path, item.name))
            batch.append(entry)
            with case.session() as session:
                known = session.scalar(
                    select(models.Evidence.id).where(models.Evidence.sha256 == staged.sha256)
                )
            if known is None:
                entry.meta, entry.phash, entry.frames = metadata.extract(
                    staged.path, entry.media_type
                )
            batch_bytes += staged.size
            if len(batch) >= BATCH_FILES or batch_bytes >= BATCH_BYTES:
                flush()
        flush()
    except BaseException:
        for entry in batch:
            entry.staged.discard()
        raise
    if progress:
        progress(step, max(total, done), max(total, done))
    return results


def _commit(
    case, batch: list[_Staged], *, source_id, note, actor, protected, new_event
) -> list[AddResult]:
    vault_dir = core.vault_dir_of(case)
    results: list[AddResult] = []
    actor = actor or case.settings.actor

    def decide(session) -> core.Batch:
        out = core.Batch()
        hashes = {entry.staged.sha256 for entry in batch}
        known = {
            row.sha256: row
            for row in session.scalars(
                select(models.Evidence).where(models.Evidence.sha256.in_(hashes))
            )
        }
        fresh: set[str] = set()
        touched: list[Path] = []
        plan = []
        for entry in batch:
            sha = entry.staged.sha256
            item = entry.item
            is_new = sha not in known and sha not in fresh
            if is_new:
                fresh.add(sha)
                touched.append(entry.staged.commit(vault_dir, sync=False).parent)  # before its line
            else:
                entry.staged.discard()
            acquired = {
                "event": "acquired",
                "object": sha,
                "size": entry.staged.size,
                "name": item.name,
                "from": item.given_path,
                "source": source_id,
                "note": note,
                "url": item.url,
                "captured_at": item.captured_at,
                "container": item.container,
                "derived_from": item.derived_from,
            }
            out.events.append(acquired)
            if is_new:
                out.events.append(
                    {
                        "event": new_event,
                        "object": sha,
                        "size": entry.staged.size,
                        "media_type": entry.media_type,
                        "name": item.name,
                        "derived_from": item.derived_from,
                        "protected": True if protected else None,
                    }
                )
            plan.append((entry, is_new))
        objects.sync_dirs(touched)  # every rename is durable before the log records it

        def rows(session, _appended) -> None:
            by_sha = dict(known)
            for entry, is_new in plan:
                sha = entry.staged.sha256
                item = entry.item
                if is_new:
                    meta = dict(entry.meta or {})
                    if item.extra_meta:
                        meta.update(item.extra_meta)
                    if item.given_path:
                        meta.setdefault("acquired_from", item.given_path)
                    row = models.Evidence(
                        sha256=sha,
                        size=entry.staged.size,
                        media_type=entry.media_type,
                        original_name=item.name,
                        source_id=source_id,
                        note=note,
                        url=item.url,
                        captured_at=metadata.parse_time(item.captured_at),
                        container_sha256=item.container,
                        derived_from_sha256=item.derived_from,
                        protected=bool(protected),
                        meta=meta,
                        phash=entry.phash,
                        frame_hashes=entry.frames,
                    )
                    session.add(row)
                    session.flush()
                    by_sha[sha] = row
                row = by_sha[sha]
                session.add(
                    models.EvidenceAcquisition(
                        evidence_id=row.id,
                        actor=actor[:100],
                        original_name=item.name,
                        source_id=source_id,
                        note=note,
                    )
                )
                notes = list(((entry.meta or {}).get("notes") or []) if is_new else [])
                results.append(
                    AddResult(
                        sha,
                        entry.staged.size,
                        item.name,
                        row.media_type,
                        is_new,
                        row.id,
                        item.url,
                        notes,
                    )
                )

        out.after.append(rows)
        return out

    core.record(case, decide, actor)
    return results


def add_files(
    case,
    paths,
    source_id: str | None = None,
    note: str | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    protected: bool = False,
) -> list[AddResult]:
    """Store files (or every file under a folder) as objects; record each acquisition.

    Example::

        results = add_files(case, ["clip.mp4", "photos/"], source_id="witness-7")
        results[0].sha256, results[0].new
    """
    _check_source(case, source_id)
    files = _files(paths)
    total = sum(path.stat().st_size for path in files)

    def items() -> Iterator[_Item]:
        for path in files:
            yield _Item(
                open=lambda p=path: open(p, "rb", buffering=0),
                name=text_name(path.name),
                given_path=text_name(path),
                size_hint=path.stat().st_size,
            )

    return _acquire(
        case,
        items(),
        total,
        source_id=source_id,
        note=note,
        actor=actor,
        protected=protected,
        progress=progress,
        step="hashing and storing",
    )


def add_redacted_copy(
    case,
    original_ref: str,
    path,
    note: str | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
) -> AddResult:
    """Store a redacted copy of an object (a ``redacted_copy`` line names the original)."""
    with case.session() as session:
        original = core.resolve(session, original_ref)
        sha, source_id = original.sha256, original.source_id
    path = Path(path)
    if not path.is_file():
        raise SabtError(f"no file {display_name(text_name(path))}")
    item = _Item(
        open=lambda: open(path, "rb", buffering=0),
        name=text_name(path.name),
        given_path=text_name(path),
        derived_from=sha,
    )
    results = _acquire(
        case,
        iter([item]),
        path.stat().st_size,
        source_id=source_id,
        note=note,
        actor=actor,
        protected=False,
        progress=progress,
        step="storing the redacted copy",
        new_event="redacted_copy",
    )
    return results[0]


class _ReadintoAdapter:
    """Give a ``read()``-only stream the ``readinto`` that streaming needs."""

    def __init__(self, stream):
        self.stream = stream

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        if not data:
            return 0
        buffer[: len(data)] = data
        return len(data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _looks_like_warc(path: Path) -> bool:
    import gzip

    with open(path, "rb") as handle:
        head = handle.read(2)
    try:
        if head == b"\x1f\x8b":
            with gzip.open(path, "rb") as handle:
                return handle.read(5) == b"WARC/"
        with open(path, "rb") as handle:
            return handle.read(5) == b"WARC/"
    except OSError:
        return False


def import_warc(
    case,
    path,
    source_id: str | None = None,
    note: str | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
) -> list[AddResult]:
    """Store a WARC file, then each captured page and resource in it as an object of its own.

    The WARC itself is kept as acquired (the original, unchanged); each ``response`` and
    ``resource`` record's payload becomes an object with its URL, capture time, HTTP status and
    headers, and ``container_sha256`` pointing back at the WARC.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise SabtError(
            "importing WARC files needs the warcio package (pip install warcio)"
        ) from None
    path = Path(path)
    if not path.is_file():
        raise SabtError(f"no file {display_name(text_name(path))}")
    _check_source(case, source_id)
    if not _looks_like_warc(path):
        raise SabtError(
            f"{display_name(text_name(path))} is not a readable WARC file (it does not start with a WARC record)"
        )
    container = add_files(
        case, [path], source_id=source_id, note=note, actor=actor, progress=progress
    )[0]
    total = path.stat().st_size

    def records() -> Iterator[_Item]:
        with open(path, "rb") as handle:
            try:
                for record in ArchiveIterator(handle):
                    if record.rec_type not in ("response", "resource"):
                        continue
                    headers = record.rec_headers
                    url = headers.get_header("WARC-Target-URI")
                    http = record.http_headers
                    content_type = (
                        http.get_header("Content-Type")
                        if http
                        else headers.get_header("Content-Type")
                    )
                    media_type = (
                        content_type.split(";")[0].strip().lower() if content_type else None
                    )
                    warc_meta = {
                        "record_id": headers.get_header("WARC-Record-ID"),
                        "type": record.rec_type,
                        "target_uri": url,
                        "date": headers.get_header("WARC-Date"),
                        "payload_digest": headers.get_header("WARC-Payload-Digest"),
                    }
                    if http is not None:
                        warc_meta["http_status"] = http.get_statuscode()
                        warc_meta["http_headers"] = [[k, v] for k, v in http.headers]
                    stream = record.content_stream()
                    yield _Item(
                        open=lambda s=stream: _ReadintoAdapter(s),
                        name=url,
                        given_path=None,
                        media_type=media_type
                        if media_type and media_type != "application/octet-stream"
                        else None,
                        url=url,
                        captured_at=headers.get_header("WARC-Date"),
                        container=container.sha256,
                        extra_meta={"warc": warc_meta},
                    )
                    if progress:
                        progress("reading the WARC", handle.tell(), total)
            except Exception as error:
                if isinstance(error, SabtError):
                    raise
                raise SabtError(
                    f"{display_name(text_name(path))} is not a readable WARC file "
                    f"({type(error).__name__}: {str(error)[:200]})"
                ) from None

    results = _acquire(
        case,
        records(),
        0,
        source_id=source_id,
        note=note,
        actor=actor,
        protected=False,
        progress=progress,
        step="storing captures",
    )
    return [container] + results
