"""Importing a report: its proposed claims enter the case as *reported, unreviewed*.

Idempotent: each claim's key is derived from the source, the figure's offsets and what was
read (``r:`` + 24 hex digits), so importing the same report again adds nothing, and
importing a corrected extraction of the same report never overwrites a claim an analyst has
already reviewed (a key that exists is left alone; see :mod:`sabt.claims.review` for
corrections). The source is created when missing (kind ``report``) and linked to its
snapshot in the vault when the vault holds an object of the same file name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from sabt.claims.extract._model import ProposedClaim
from sabt.claims.extract._reader import read_report
from sabt.errors import ImportRefused
from sabt.store import models

EXTRACTOR = "sabt.claims.extract"


@dataclass
class ReportSummary:
    file: str
    source_id: str
    file_sha256: str
    characters: int = 0
    proposed: int = 0
    claims_added: int = 0
    claims_unchanged: int = 0
    source_added: bool = False
    snapshot_sha256: str | None = None
    by_metric: dict[str, int] = field(default_factory=dict)
    unresolved_places: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def claim_key(source_id: str, claim: ProposedClaim) -> str:
    """``r:`` + a hash of the source, the figure's place in the text and what was read."""
    content = json.dumps(
        [source_id, claim.quote_start, claim.value_start, claim.value_end, claim.value_text, claim.metric,
         claim.low, claim.best, claim.high],
        ensure_ascii=False, default=str,
    )
    return "r:" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:24]


def _report_date_of(source: models.Source | None) -> dt.date | None:
    if source is None:
        return None
    return source.published or source.accessed


def import_report(case, path, source_id: str, progress: Callable[[int, int], None] | None = None,
                  *, default_year: int | None = None, report_date=None) -> ReportSummary:
    """Read ``path``, propose its claims and write them to ``case`` under ``source_id``.

    ``progress(done, total)`` is called as claims are written (for a progress bar).

    >>> summary = import_report(case, "report.html", source_id="hrw-2026-01-16")  # doctest: +SKIP
    >>> summary.claims_added                                                     # doctest: +SKIP
    12
    """
    from sabt.claims.extract import extract_claims

    path = Path(path)
    source_id = str(source_id or "").strip()
    if not source_id:
        raise ImportRefused(f"{path.name}: give the source the report's claims come from (--source ID)")
    if len(source_id) > 100:
        raise ImportRefused(f"{path.name}: source id is longer than 100 characters")
    text = read_report(path)
    data = path.read_bytes()
    file_sha256 = hashlib.sha256(data).hexdigest()
    summary = ReportSummary(file=path.name, source_id=source_id, file_sha256=file_sha256, characters=len(text))

    with case.session() as session:
        source = session.get(models.Source, source_id)
        if report_date is None:
            report_date = _report_date_of(source)
        publisher = source.publisher if source is not None else None
        snapshot = session.scalars(
            select(models.Evidence.sha256).where(models.Evidence.original_name == path.name).order_by(models.Evidence.id)
        ).first()
        if snapshot is None:
            snapshot = session.scalars(select(models.Evidence.sha256).where(models.Evidence.sha256 == file_sha256)).first()
        known_places = set(session.scalars(select(models.Place.key)))

    from sabt.claims.review import case_aliases

    claims = extract_claims(text, default_year=default_year, report_date=report_date, publisher=publisher,
                            aliases=case_aliases(case))
    summary.proposed = len(claims)
    summary.snapshot_sha256 = snapshot

    rows = []
    for claim in claims:
        summary.by_metric[claim.metric] = summary.by_metric.get(claim.metric, 0) + 1
        place_key = claim.place_key if claim.place_key in known_places else None
        if claim.place and place_key is None:
            summary.unresolved_places.append(claim.place)
        rows.append({
            "key": claim_key(source_id, claim), "source_id": source_id, "metric": claim.metric,
            "low": claim.low, "best": claim.best, "high": claim.high, "qualifier": claim.qualifier,
            "as_of": claim.as_of, "period_start": claim.period_start, "period_end": claim.period_end,
            "date_precision": claim.date_precision, "place_key": place_key, "place_text": claim.place,
            "attributed_to": claim.attributed_to, "status": "reported", "review": "unreviewed",
            "quote": claim.quote, "quote_start": claim.quote_start, "quote_end": claim.quote_end,
            "superseded": False, "created_by": case.settings.actor,
            "extra": {
                "extracted_by": EXTRACTOR, "file": path.name, "file_sha256": file_sha256,
                "value_text": claim.value_text, "value_start": claim.value_start, "value_end": claim.value_end,
                "rules": claim.rules, "proposal": claim.to_dict(), "channel": claim.channel,
            },
        })

    with case.engine.begin() as connection:
        existing = connection.execute(select(models.Source).where(models.Source.id == source_id)).first()
        now = models._now()
        if existing is None:
            connection.execute(models.Source.__table__.insert(), [{
                "id": source_id, "name": path.name, "kind": "report", "language": "en",
                "snapshot_sha256": snapshot, "created_at": now,
            }])
            summary.source_added = True
        elif snapshot and not existing.snapshot_sha256:
            connection.execute(
                models.Source.__table__.update().where(models.Source.id == source_id).values(snapshot_sha256=snapshot)
            )
        keys = [row["key"] for row in rows]
        present = set()
        for chunk in range(0, len(keys), 500):
            present |= set(connection.scalars(select(models.Claim.key).where(models.Claim.key.in_(keys[chunk : chunk + 500]))))
        # a corrected claim keeps its proposal's key in extra: never propose it again; and a
        # figure of this very file already proposed (by an earlier version of the rules) is not
        # proposed a second time
        reviewed, spans = set(), set()
        for extra in connection.scalars(select(models.Claim.extra).where(models.Claim.source_id == source_id)):
            if isinstance(extra, dict):
                if extra.get("proposal_key"):
                    reviewed.add(extra["proposal_key"])
                if extra.get("file_sha256") == file_sha256:
                    spans.add((extra.get("value_start"), extra.get("value_end")))
        new_rows = []
        for row in rows:
            span = (row["extra"]["value_start"], row["extra"]["value_end"])
            if row["key"] in present or row["key"] in reviewed or span in spans:
                summary.claims_unchanged += 1
                continue
            row["created_at"] = now
            new_rows.append(row)
        for done, row in enumerate(new_rows, 1):
            connection.execute(models.Claim.__table__.insert(), [row])
            if progress:
                progress(done, len(new_rows))
        summary.claims_added = len(new_rows)
        batch = connection.execute(
            select(models.ImportBatch.id).where(
                models.ImportBatch.source_id == source_id, models.ImportBatch.file_sha256 == file_sha256
            )
        ).first()
        if batch is None:
            connection.execute(models.ImportBatch.__table__.insert(), [{
                "source_id": source_id, "file_name": path.name, "file_sha256": file_sha256,
                "file_format": (path.suffix.lower().lstrip(".") or "txt")[:10], "rows_read": len(claims),
                "rows_added": len(new_rows), "created_at": now,
                "summary": {"kind": "report", "proposed": len(claims), "by_metric": summary.by_metric},
            }])
    return summary
