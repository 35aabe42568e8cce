"""What a list import finds already in the case for the same file (same SHA-256).

- The file was imported for *another* source: refused. Importing it again as a second list
  would count each of its people twice, as if two organisations had recorded them
  independently — which is exactly what the estimate must not be told.
- The file was imported for *this* source: nothing is added (imports are idempotent); options
  given now that differ from the ones it was read with are named as not applied, since sabt
  keeps its first reading of a file.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sabt.errors import ImportRefused
from sabt.store import models


def when(batch: models.ImportBatch) -> str:
    stamp = batch.created_at
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def earlier_import(session, file_name: str, digest: str, source_id: str) -> models.ImportBatch | None:
    """The earlier import of this very file for ``source_id``, if any; refuses the file when
    it was imported for another source."""
    batches = session.scalars(select(models.ImportBatch).where(models.ImportBatch.file_sha256 == digest)
                              .order_by(models.ImportBatch.id)).all()
    for batch in batches:
        if batch.source_id == source_id:
            return batch
    if batches:
        first = batches[0]
        raise ImportRefused(
            f"{file_name}: this file (the same bytes) was already imported as source {first.source_id!r} "
            f"on {when(first)} (as {first.file_name}, import {first.id}); importing it again as "
            f"{source_id!r} would count its people twice, so nothing was imported"
        )
    return None


def options_not_applied(batch: models.ImportBatch, calendar: str | None, encoding: str | None,
                        file_format: str | None, mapping) -> list[str]:
    """The options given now that differ from those ``batch`` read the file with, each as
    ``--option value (imported with other)``."""
    differing = []
    given = {"--calendar": (calendar, batch.calendar), "--encoding": (encoding, batch.encoding),
             "--format": (file_format, batch.file_format)}
    for option, (now, then) in given.items():
        if now not in (None, "auto") and now != then:
            differing.append(f"{option} {now} (it was read with {then or 'auto'})")
    if mapping.path is not None and mapping.as_dict() != (batch.mapping or {}):
        earlier = (batch.mapping or {}).get("path")
        differing.append(f"--mapping {mapping.path} (it was read with {earlier or 'no mapping'})")
    return differing
