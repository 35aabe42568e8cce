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
    acquired_extra: dict | None = None  # more fields for the ``acquired`` line (a revisit's)
    expect_sha256: str | None = None  # what a check before the import read there


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

    staging = objects.stage_many(vault_dir, items, lambda item: item.open(), moved)
    try:
        for item, staged in staging:
            if item.expect_sha256 and staged.sha256 != item.expect_sha256:
                staged.discard()
                raise SabtError(
                    f"{display_name(item.name)} changed while it was being imported "
                    "(its bytes no longer hash as they did when checked); nothing stored"
                )
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
        staging.close()  # copies staged ahead of this one are discarded
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
                **(item.acquired_extra or {}),
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
                    for key, value in (item.extra_meta or {}).items():
                        if key == "notes":
                            meta["notes"] = list(meta.get("notes") or []) + list(value)
                        else:
                            meta[key] = value
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
                        url=item.url,
                        captured_at=metadata.parse_time(item.captured_at),
                        container_sha256=item.container,
                    )
                )
                notes = list(row.meta.get("notes") or []) if is_new and row.meta else []
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


def import_warc(
    case,
    path,
    source_id: str | None = None,
    note: str | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    allow_damaged: bool = False,
    acquired_extra: dict | None = None,
    keep_path: bool = True,
) -> list[AddResult]:
    """Store a WARC file, then each capture in it as recorded, with its decoded body linked.

    The whole file is checked first (:func:`sabt.vault.warc.check_warc`). A file cut short, a
    record cut short or marked ``WARC-Truncated``, or a digest that does not match is refused
    with every problem named, and nothing is stored (no object, no row, no custody line: the
    file never entered the vault's custody). With ``allow_damaged`` it is stored, each damaged
    capture flagged in ``meta['warc']`` and named in the result's notes.

    Each ``response``/``resource`` record's payload *as recorded* is an object (its digests
    checked); when chunking or a Content-Encoding makes the body differ, the decoded body is a
    second object whose ``derived_from_sha256`` is the recorded one. A ``revisit`` record is an
    acquisition of the capture it refers to when that capture is in the file, and is listed in
    the WARC's own ``meta['warc']['revisits']`` either way.
    """
    from sabt.vault import warc

    path = Path(path)
    _check_source(case, source_id)
    check = warc.check_warc(path)
    name = display_name(text_name(path))
    damage = check.damage
    if damage and not allow_damaged:
        shown = "; ".join(damage[:5]) + (f"; and {len(damage) - 5} more" if len(damage) > 5 else "")
        raise SabtError(
            f"{name} refused, nothing stored: {shown}. To keep it anyway, with each damaged "
            "capture flagged, import it again with --allow-damaged"
        )
    items = _warc_items(path, check, keep_path)
    if acquired_extra:  # e.g. a capture's id on every ``acquired`` line of one capture
        items = (_with_extra(item, acquired_extra) for item in items)
    return _acquire(
        case,
        items,
        check.size,
        source_id=source_id,
        note=note,
        actor=actor,
        protected=False,
        progress=progress,
        step="storing the WARC and its captures",
    )


def _warc_items(path: Path, check, keep_path: bool = True) -> Iterator[_Item]:
    from sabt.vault import warc

    revisits = []
    for record in check.revisits:
        referent = check.referent(record)
        revisits.append(
            {
                "record_id": record.record_id,
                "target_uri": record.target_uri,
                "date": record.date,
                "payload_digest": record.payload_digest,
                "refers_to": record.refers_to,
                "object": referent.payload_sha256 if referent else None,
            }
        )
    container_notes = [f"damaged: {what}" for what in check.damage]
    container_notes += [
        f"revisit of {r['refers_to'].get('target_uri') or r['target_uri']} refers to a capture "
        "not in this file; recorded in the WARC's metadata only"
        for r in revisits
        if r["object"] is None
    ]
    yield _Item(
        open=lambda: open(path, "rb", buffering=0),
        name=text_name(path.name),
        given_path=text_name(path) if keep_path else None,  # not a capture's staging folder
        media_type="application/warc",
        extra_meta={
            "warc": {
                "records": len(check.records),
                "captures": len(check.captures),
                "damage": check.damage,
                "revisits": revisits,
            },
            "notes": container_notes,
        },
    )
    for record in check.captures:
        encoded = bool(record.content_encoding or record.transfer_encoding == "chunked")
        notes = [f"damaged: {what}" for what in record.damage]
        if record.decode_note:
            notes.append(record.decode_note)
        yield _Item(
            open=lambda r=record: warc.open_payload(path, r.offset),
            name=record.target_uri,
            media_type=None if encoded else _known_type(record.media_type),
            url=record.target_uri,
            captured_at=record.date,
            container=check.sha256,
            extra_meta={"warc": record.as_meta(), "notes": notes},
            expect_sha256=record.payload_sha256,
        )
        if record.decoded_sha256:
            yield _Item(
                open=lambda r=record: warc.open_payload(path, r.offset, decoded=True),
                name=record.target_uri,
                media_type=_known_type(record.media_type),
                url=record.target_uri,
                captured_at=record.date,
                container=check.sha256,
                derived_from=record.payload_sha256,
                extra_meta={
                    "warc": {
                        "record_id": record.record_id,
                        "decoded_from": record.payload_sha256,
                        "content_encoding": record.content_encoding,
                        "transfer_encoding": record.transfer_encoding,
                    }
                },
                expect_sha256=record.decoded_sha256,
            )
    for record, seen in zip(check.revisits, revisits):
        if seen["object"] is None:
            continue
        referent = check.referent(record)
        yield _Item(
            open=lambda r=referent: warc.open_payload(path, r.offset),
            name=record.target_uri,
            url=record.target_uri,
            captured_at=record.date,
            container=check.sha256,
            acquired_extra={"revisit": record.record_id, "refers_to": record.refers_to},
            expect_sha256=referent.payload_sha256,
        )


def _with_extra(item: _Item, extra: dict) -> _Item:
    item.acquired_extra = {**extra, **(item.acquired_extra or {})}
    return item


def _known_type(media_type: str | None) -> str | None:
    return media_type if media_type and media_type != "application/octet-stream" else None
