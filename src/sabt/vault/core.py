"""What every vault operation shares: the vault folder, the log writer and the case's index.

:func:`record` is the one way an event reaches the log. Under the log's lock it checks that
the log's last line is the one the case indexed (catching up on lines an interrupted run
wrote but did not index), lets the caller decide what to write from that true state, appends
the lines (with a signed checkpoint every :func:`checkpoint_every` events), and indexes them
in the case in the same transaction as the caller's own rows.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sabt.errors import SabtError, VaultTampered
from sabt.store import models
from sabt.vault import custody, metadata, objects, signing

KEYS_SETTING = "vault_signing_keys"
DEFAULT_CHECKPOINT_EVERY = 100


def checkpoint_every() -> int:
    try:
        return max(1, int(os.environ.get("SABT_CHECKPOINT_EVERY", DEFAULT_CHECKPOINT_EVERY)))
    except ValueError:
        return DEFAULT_CHECKPOINT_EVERY


def vault_dir_of(case) -> Path:
    return Path(case.vault_dir)


@dataclass
class Batch:
    """What a caller writes under the lock: log events, and rows to add with their index."""

    events: list[dict] = field(default_factory=list)
    after: list[Callable[[Session, dict[int, custody.Appended]], None]] = field(
        default_factory=list
    )


def pinned_keys(case) -> list[str]:
    value = case.setting(KEYS_SETTING)
    try:
        keys = json.loads(value) if value else []
    except ValueError:
        keys = []
    return [k for k in keys if isinstance(k, str)]


def _index_lines(session: Session, lines) -> None:
    for seq, obj, digest in lines:
        session.add(
            models.CustodyEvent(
                seq=seq,
                at=metadata.parse_time(obj.get("at")),
                event=str(obj.get("event"))[:30],
                actor=(str(obj["actor"])[:100] if obj.get("actor") is not None else None),
                object_sha256=obj.get("object") if isinstance(obj.get("object"), str) else None,
                line_sha256=digest,
                prev_sha256=obj.get("prev"),
            )
        )


def _catch_up(case, session: Session, log: custody.LockedLog) -> None:
    """Make the index agree with the log's true end, or refuse when it cannot."""
    row = session.execute(
        select(models.CustodyEvent.seq, models.CustodyEvent.line_sha256)
        .order_by(models.CustodyEvent.seq.desc())
        .limit(1)
    ).first()
    tail = log.tail
    if row is None and tail is None:
        return
    if tail is None:
        raise VaultTampered(
            f"the custody log {log.path} is empty or gone but the case indexes {row.seq} events; "
            "run `sabt vault verify`"
        )
    if row is not None and (
        tail.seq < row.seq or (tail.seq == row.seq and tail.hash != row.line_sha256)
    ):
        raise VaultTampered(
            f"the custody log {log.path} does not end where the case's index does "
            f"(log: seq {tail.seq}; index: seq {row.seq}); run `sabt vault verify`"
        )
    if row is not None and tail.seq == row.seq:
        return
    # lines written by a run that stopped before indexing them: index them if they chain
    start = row.seq if row else 0
    expected_prev = row.line_sha256 if row else custody.GENESIS
    pending = []
    for line in custody.read_lines(log.path):
        if line.seq is None or line.seq <= start:
            continue
        if line.obj.get("prev") != expected_prev or line.seq != start + len(pending) + 1:
            raise VaultTampered(
                f"{line.where} does not chain to the indexed log; run `sabt vault verify`"
            )
        pending.append((line.seq, line.obj, line.hash))
        expected_prev = line.hash
    _index_lines(session, pending)
    known = set(
        session.scalars(
            select(models.Evidence.sha256).where(
                models.Evidence.sha256.in_(
                    [obj.get("object") for _, obj, _ in pending if obj.get("object")]
                )
            )
        )
    )
    for _, obj, _ in pending:
        if (
            obj.get("event") in ("added", "redacted_copy")
            and obj.get("object")
            and obj["object"] not in known
        ):
            _evidence_from_log(case, session, obj)
            known.add(obj["object"])
    session.flush()
    _rows_from_log(session, [obj for _, obj, _ in pending])


def _rows_from_log(session: Session, lines: list[dict]) -> None:
    """Acquisitions, links and protection flags of lines the case had not indexed."""
    hashes = {obj["object"] for obj in lines if isinstance(obj.get("object"), str)}
    if not hashes:
        return
    ids = dict(
        session.execute(
            select(models.Evidence.sha256, models.Evidence.id).where(
                models.Evidence.sha256.in_(hashes)
            )
        ).all()
    )
    for obj in lines:
        evidence_id = ids.get(obj.get("object"))
        if evidence_id is None:
            continue
        event = obj.get("event")
        if event == "acquired":
            session.add(
                models.EvidenceAcquisition(
                    evidence_id=evidence_id,
                    acquired_at=metadata.parse_time(obj.get("at")),
                    actor=str(obj.get("actor"))[:100],
                    original_name=obj.get("name"),
                    source_id=obj.get("source"),
                    note=obj.get("note"),
                    url=obj.get("url"),
                    captured_at=metadata.parse_time(obj.get("captured_at")),
                    container_sha256=obj.get("container"),
                )
            )
        elif (
            event == "linked" and obj.get("target_table") and isinstance(obj.get("target_id"), int)
        ):
            exists = session.scalar(
                select(models.EvidenceLink.id).where(
                    models.EvidenceLink.evidence_id == evidence_id,
                    models.EvidenceLink.target_table == obj["target_table"],
                    models.EvidenceLink.target_id == obj["target_id"],
                )
            )
            if exists is None:
                session.add(
                    models.EvidenceLink(
                        evidence_id=evidence_id,
                        target_table=obj["target_table"],
                        target_id=obj["target_id"],
                        note=obj.get("note"),
                    )
                )
        elif event == "protected":
            session.get(models.Evidence, evidence_id).protected = bool(obj.get("protected"))
        elif event == "added" and obj.get("protected"):
            session.get(models.Evidence, evidence_id).protected = True


def _evidence_from_log(case, session: Session, obj: dict) -> None:
    sha256 = obj["object"]
    path = objects.object_path(vault_dir_of(case), sha256)
    media_type = obj.get("media_type") or (
        metadata.sniff(path, obj.get("name")) if path.exists() else None
    )
    meta, phash, frames = (
        metadata.extract(path, media_type or "") if path.exists() else ({}, None, None)
    )
    meta.setdefault("notes", []).append("indexed from the custody log after an interrupted run")
    session.add(
        models.Evidence(
            sha256=sha256,
            size=int(obj.get("size") or 0),
            media_type=media_type,
            original_name=obj.get("name"),
            note=obj.get("note"),
            url=obj.get("url"),
            captured_at=metadata.parse_time(obj.get("captured_at")),
            container_sha256=obj.get("container"),
            derived_from_sha256=obj.get("derived_from"),
            meta=meta,
            phash=phash,
            frame_hashes=frames,
        )
    )


def record(
    case,
    decide: Callable[[Session], Batch],
    actor: str | None = None,
    force_checkpoint: bool = False,
) -> list[custody.Appended]:
    """Append the events ``decide`` returns (called under the lock) and index them with its rows."""
    actor = actor or case.settings.actor
    log = custody.CustodyLog(vault_dir_of(case))
    with log.locked() as writer, case.session() as session:
        _catch_up(case, session, writer)
        batch = decide(session)
        events = list(batch.events)
        if writer.tail is None:
            events.insert(
                0, {"event": "created", "vault_id": uuid.uuid4().hex, "case_id": case.case_id}
            )
        last_checkpoint = (
            session.scalar(
                select(func.max(models.CustodyEvent.seq)).where(
                    models.CustodyEvent.event == "checkpoint"
                )
            )
            or 0
        )
        every = checkpoint_every()
        since = (writer.tail.seq if writer.tail else 0) - last_checkpoint
        signer = None
        planned: list[dict] = []
        for event in events:
            planned.append(event)
            since += 1
            if since >= every:
                planned.append({"event": "checkpoint", "signed_events": since})
                since = 0
        if force_checkpoint and (not planned or planned[-1]["event"] != "checkpoint"):
            planned.append({"event": "checkpoint", "signed_events": since})
        events = planned
        if any(event["event"] == "checkpoint" for event in events):
            signer = signing.load_or_create()
        if not events:
            session.commit()
            return []
        appended = writer.append(events, actor, signer)
        _index_lines(session, [(a.seq, a.obj, a.hash) for a in appended])
        by_seq = {a.seq: a for a in appended}
        for step in batch.after:
            step(session, by_seq)
        if signer is not None:
            keys = pinned_keys(case)
            if signer.public_hex not in keys:
                keys.append(signer.public_hex)
                setting = session.get(models.CaseSetting, KEYS_SETTING)
                if setting is None:
                    session.add(models.CaseSetting(key=KEYS_SETTING, value=json.dumps(keys)))
                else:
                    setting.value = json.dumps(keys)
        session.commit()
        return appended


def resolve(session: Session, ref: str | int) -> models.Evidence:
    """An object by its SHA-256, a unique prefix of it (6+ hex digits) or ``#id``."""
    text = str(ref).strip().lower()
    if text.startswith("sha256:"):
        text = text[7:]
    row = None
    if text.startswith("#") and text[1:].isdigit():
        row = session.get(models.Evidence, int(text[1:]))
    elif len(text) >= 6 and all(c in "0123456789abcdef" for c in text):
        rows = session.scalars(
            select(models.Evidence).where(models.Evidence.sha256.like(text + "%")).limit(2)
        ).all()
        if len(rows) > 1:
            raise SabtError(f"{text} matches more than one object; give more of its hash")
        row = rows[0] if rows else None
    elif isinstance(ref, int):
        row = session.get(models.Evidence, ref)
    if row is None:
        raise SabtError(
            f"no object {str(ref)[:80]!r} in this vault (give its SHA-256, a prefix of 6+ hex digits, or #id)"
        )
    return row
