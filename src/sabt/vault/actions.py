"""Custody events that do not bring new bytes: links, views, transfers, protection, checkpoints."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from sabt.errors import SabtError
from sabt.store import models
from sabt.vault import core, objects, signing

TARGETS = {"claim": models.Claim, "incident": models.Incident, "person": models.Person}


def link(
    case,
    object_ref: str,
    target_table: str,
    target_id: int,
    note: str | None = None,
    actor: str | None = None,
) -> dict:
    """Record that an object supports a claim, an incident or a person (a ``linked`` line).

    Example::

        link(case, "3fa2c1", "incident", 12)
    """
    table = target_table.rstrip("s") if target_table.endswith("s") else target_table
    if table not in TARGETS:
        raise SabtError(
            f"evidence links to a claim, an incident or a person, not to {target_table!r}"
        )
    outcome: dict = {}

    def decide(session) -> core.Batch:
        row = core.resolve(session, object_ref)
        if session.get(TARGETS[table], int(target_id)) is None:
            raise SabtError(f"no {table} {target_id} in this case")
        existing = session.scalar(
            select(models.EvidenceLink).where(
                models.EvidenceLink.evidence_id == row.id,
                models.EvidenceLink.target_table == table,
                models.EvidenceLink.target_id == int(target_id),
            )
        )
        outcome.update(
            sha256=row.sha256, target_table=table, target_id=int(target_id), new=existing is None
        )
        batch = core.Batch()
        if existing is not None:
            return batch
        batch.events.append(
            {
                "event": "linked",
                "object": row.sha256,
                "target_table": table,
                "target_id": int(target_id),
                "note": note,
            }
        )
        batch.after.append(
            lambda s, _a: s.add(
                models.EvidenceLink(
                    evidence_id=row.id, target_table=table, target_id=int(target_id), note=note
                )
            )
        )
        return batch

    core.record(case, decide, actor)
    return outcome


def checkpoint(case, actor: str | None = None) -> dict:
    """Append a checkpoint signed with the installation's key; returns its seq and key id."""
    appended = core.record(case, lambda session: core.Batch(), actor, force_checkpoint=True)
    line = appended[-1]
    return {
        "seq": line.seq,
        "line_sha256": line.hash,
        "key_id": line.obj["key_id"],
        "public_key": line.obj["public_key"],
    }


def view(case, object_ref: str, actor: str | None = None, purpose: str | None = None) -> Path:
    """The path of an object for reading (it is read-only), after recording a ``viewed`` line."""
    found: dict = {}

    def decide(session) -> core.Batch:
        row = core.resolve(session, object_ref)
        found["sha256"] = row.sha256
        return core.Batch(events=[{"event": "viewed", "object": row.sha256, "note": purpose}])

    core.record(case, decide, actor)
    return objects.object_path(core.vault_dir_of(case), found["sha256"])


def transfer(
    case, object_ref: str, to: str, note: str | None = None, actor: str | None = None
) -> str:
    """Record that custody of an object (a copy of it) passed to ``to``."""
    found: dict = {}

    def decide(session) -> core.Batch:
        row = core.resolve(session, object_ref)
        found["sha256"] = row.sha256
        return core.Batch(
            events=[{"event": "transferred", "object": row.sha256, "to": to, "note": note}]
        )

    core.record(case, decide, actor)
    return found["sha256"]


def set_protected(
    case, object_ref: str, protected: bool = True, note: str | None = None, actor: str | None = None
) -> str:
    """Mark an object protected (kept out of packages for roles that may not see it), or release it."""
    found: dict = {}

    def decide(session) -> core.Batch:
        row = core.resolve(session, object_ref)
        found["sha256"] = row.sha256

        def apply(s, _a) -> None:
            s.get(models.Evidence, row.id).protected = protected

        return core.Batch(
            events=[
                {"event": "protected", "object": row.sha256, "protected": protected, "note": note}
            ],
            after=[apply],
        )

    core.record(case, decide, actor)
    return found["sha256"]


def public_key() -> dict:
    """The installation's public signing key (made on first use), to pin or publish."""
    key = signing.load_or_create()
    return {"public_key": key.public_hex, "key_id": key.key_id, "path": str(key.path)}
