"""Exporting a table of the case as CSV, XLSX, Parquet or JSON.

Protected identities are never exported in clear unless the caller both asks for them
(``reveal_protected``) and holds the key; otherwise they read ``[protected]``, or their rows are
left out (``omit_protected``, a viewer's export). Cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) are prefixed with
an apostrophe in CSV and XLSX, so an exported list cannot execute anything when opened.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from sabt import protection
from sabt.case import Case
from sabt.claims.values import format_count
from sabt.errors import SabtError
from sabt.store import models

FORMATS = ("csv", "xlsx", "parquet", "json")

TABLES = {
    "sources": models.Source,
    "claims": models.Claim,
    "incidents": models.Incident,
    "records": models.Record,
    "persons": models.Person,
    "places": models.Place,
    "actors": models.Actor,
    "posts": models.Post,
    "parentages": models.Parentage,
    "deployments": models.Deployment,
    "evidence": models.Evidence,
    "imports": models.ImportBatch,
    "record_links": models.RecordLink,
}
CLAIM_COLUMNS = ["id", "key", "source_id", "metric", "value", "low", "best", "high", "qualifier", "unit",
                 "subject", "as_of", "period_start", "period_end", "date_precision", "place", "place_key",
                 "attributed_to", "actor", "reliability", "credibility", "status", "review",
                 "quote", "quote_start", "quote_end", "supersedes_id"]


def table_frame(case: Case, table: str, reveal_protected: bool = False, omit_protected: bool = False) -> pd.DataFrame:
    """A table as exported: protected identities redacted, revealed or their rows left out
    (:func:`sabt.protection.redact_frame`)."""
    if table not in TABLES:
        raise SabtError(f"unknown table {table!r}; tables: {', '.join(TABLES)}")
    if table == "claims":
        return _claims(case)
    model = TABLES[table]
    columns = [c for c in model.__table__.columns if c.name not in ("sealed", "name_index")]
    with case.session() as session:
        rows = session.execute(select(*columns, *( [model.sealed] if hasattr(model, "sealed") else []))).all()
    frame = pd.DataFrame(rows, columns=[c.name for c in columns] + (["sealed"] if hasattr(model, "sealed") else []))
    if "sealed" in frame.columns:
        frame = protection.redact_frame(case, frame, table, reveal_protected, omit_protected)
    if "raw" in frame.columns:
        frame["raw"] = [json.dumps(r, ensure_ascii=False) if r is not None else None for r in frame["raw"]]
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, (dt.datetime, dt.date))).any():
            frame[column] = frame[column].map(lambda v: v.isoformat() if isinstance(v, (dt.datetime, dt.date)) else v)
        if frame[column].map(lambda v: isinstance(v, (dict, list))).any():
            frame[column] = frame[column].map(lambda v: json.dumps(v, ensure_ascii=False) if v is not None else None)
    return frame


def _claims(case: Case) -> pd.DataFrame:
    with case.session() as session:
        claims = session.scalars(select(models.Claim).where(models.Claim.superseded.is_(False)).order_by(models.Claim.id)).all()
    rows = []
    for c in claims:
        rows.append({
            "id": c.id, "key": c.key, "source_id": c.source_id, "metric": c.metric,
            "value": format_count(c.low, c.best, c.high, c.qualifier)
            if any(v is not None for v in (c.low, c.best, c.high)) or c.qualifier else None,
            "low": c.low, "best": c.best, "high": c.high, "qualifier": c.qualifier, "unit": c.unit,
            "subject": c.subject,
            "as_of": c.as_of.isoformat() if c.as_of else None,
            "period_start": c.period_start.isoformat() if c.period_start else None,
            "period_end": c.period_end.isoformat() if c.period_end else None,
            "date_precision": c.date_precision, "place": c.place_text, "place_key": c.place_key, "attributed_to": c.attributed_to,
            "actor": c.actor_text, "reliability": c.reliability, "credibility": c.credibility,
            "status": c.status, "review": c.review, "quote": c.quote,
            "quote_start": c.quote_start, "quote_end": c.quote_end, "supersedes_id": c.supersedes_id,
        })
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    whole = ["id", "low", "best", "high", "credibility", "quote_start", "quote_end", "supersedes_id"]
    return frame.astype({column: "Int64" for column in whole})


def _defuse(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_table(case: Case, table: str, file_format: str, out: Path, reveal_protected: bool = False,
                 omit_protected: bool = False) -> int:
    """Write one table; returns the number of rows. The file appears whole or not at all."""
    if file_format not in FORMATS:
        raise SabtError(f"unknown format {file_format!r}; use one of {', '.join(FORMATS)}")
    frame = table_frame(case, table, reveal_protected, omit_protected)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.part-", suffix=out.suffix)
    os.close(fd)
    try:
        if file_format == "csv":
            frame.map(_defuse).to_csv(temp, index=False, encoding="utf-8-sig")
        elif file_format == "xlsx":
            frame.map(_defuse).to_excel(temp, index=False, engine="openpyxl")
        elif file_format == "parquet":
            frame.astype({c: "string" for c in frame.columns if frame[c].dtype == object}).to_parquet(temp, index=False)
        else:
            Path(temp).write_text(frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=1), encoding="utf-8")
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(frame)
