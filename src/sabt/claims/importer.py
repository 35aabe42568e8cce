"""Importing claims (and the sources they come from) from CSV or JSON.

JSON: ``{"sources": [...], "claims": [...]}`` or a bare array of claims. CSV: one claim a row;
the source is named by ``source_id`` and, where it is new, described by ``source_name``,
``source_publisher``, ``source_url``, ``source_kind``, ``reliability``.

A claim's value is given as ``low``/``best``/``high`` (+ ``qualifier``) or as text in ``value``
("at least 2,403", "12,000–20,000"). Claims are never overwritten: a claim whose ``key``
exists with the same content is skipped; with other content it supersedes the earlier one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from sabt.case import Case
from sabt.claims.values import CountProblem, parse_count
from sabt.claims.vocab import CREDIBILITY, METRICS, RELIABILITY, STATUSES
from sabt.dates import DateProblem, parse_date
from sabt.errors import ImportRefused
from sabt.ingest.readers import decode, detect_format, read_table
from sabt.store import models
from sabt.text import normalize_text, printable

CLAIM_FIELDS = (
    "key", "source_id", "metric", "low", "best", "high", "qualifier", "value", "unit", "subject",
    "as_of", "period_start", "period_end", "date_precision", "place", "actor", "attributed_to",
    "reliability", "credibility", "status", "quote", "quote_start", "quote_end",
)
SOURCE_FIELDS = ("id", "name", "publisher", "kind", "url", "language", "published", "accessed",
                 "reliability", "notes")
SOURCE_KINDS = ("document", "report", "list", "testimony", "media", "statement", "dataset", "news", "web")


@dataclass
class ClaimsSummary:
    file: str
    sources_added: int = 0
    claims_added: int = 0
    claims_unchanged: int = 0
    claims_superseding: int = 0
    unresolved_places: list[str] = field(default_factory=list)


class _Problems(list):
    def add(self, where: str, column: str, reason: str) -> None:
        self.append(f"{where}, {column!r}: {reason}" if column else f"{where}: {reason}")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(value, where, column, problems) -> dt.date | None:
    if _blank(value):
        return None
    try:
        return parse_date(str(value)).date
    except DateProblem as problem:
        problems.add(where, column, str(problem))
        return None


def _int(value, where, column, problems) -> int | None:
    if _blank(value):
        return None
    text = normalize_text(str(value)).replace(",", "")
    try:
        number = float(text)
    except ValueError:
        problems.add(where, column, f"{printable(str(value), 30)!r} is not a number")
        return None
    if number < 0 or number != int(number):
        problems.add(where, column, f"{value!r} is not a whole, non-negative number")
        return None
    return int(number)


def _load(path: Path) -> tuple[list[dict], list[dict], list[int]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    fmt = detect_format(path)
    if fmt == "json":
        text, _ = decode(data, path.name)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportRefused(f"{path.name}: line {error.lineno}: not valid JSON ({error.msg})") from None
        if isinstance(document, list):
            document = {"claims": document}
        if not isinstance(document, dict) or not isinstance(document.get("claims", []), list):
            raise ImportRefused(f"{path.name}: expected {{'sources': [...], 'claims': [...]}} or an array of claims")
        sources = document.get("sources", [])
        claims = document.get("claims", [])
        if not all(isinstance(x, dict) for x in sources + claims):
            raise ImportRefused(f"{path.name}: every source and claim must be an object")
        return sources, claims, list(range(1, len(claims) + 1))
    table = read_table(path, data, fmt)
    if table.problems:
        line, _, reason = table.problems[0]
        raise ImportRefused(f"{path.name}: line {line}: {reason}")
    claims = [dict(zip(table.header, row)) for row in table.rows]
    sources: dict[str, dict] = {}
    for claim in claims:
        sid = str(claim.get("source_id") or "").strip()
        if sid and sid not in sources and not _blank(claim.get("source_name")):
            sources[sid] = {
                "id": sid, "name": claim.get("source_name"), "publisher": claim.get("source_publisher"),
                "url": claim.get("source_url"), "kind": claim.get("source_kind") or "document",
                "reliability": claim.get("reliability"),
            }
    return list(sources.values()), claims, table.lines


def import_claims(case: Case, path: Path) -> ClaimsSummary:
    path = Path(path)
    sources, claims, lines = _load(path)
    problems = _Problems()
    summary = ClaimsSummary(file=path.name)
    source_rows = [_source_row(s, f"{path.name}: source {i}", problems) for i, s in enumerate(sources, 1)]
    with case.session() as session:
        known_sources = set(session.scalars(select(models.Source.id)))
    known_sources |= {row["id"] for row in source_rows if row}
    from sabt.places import Gazetteer

    gazetteer = Gazetteer.default()
    claim_rows = []
    for line, claim in zip(lines, claims):
        where = f"{path.name}: {'line' if path.suffix.lower() != '.json' else 'claim'} {line}"
        row = _claim_row(claim, where, problems, known_sources, gazetteer, summary)
        if row:
            claim_rows.append(row)
    if problems:
        listed = "\n".join("  " + p for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was imported:\n{listed}{more}")
    _write(case, source_rows, claim_rows, summary, path)
    return summary


def _source_row(source: dict, where: str, problems: _Problems) -> dict | None:
    unknown = set(source) - set(SOURCE_FIELDS)
    if unknown:
        problems.add(where, "", f"unknown field(s) {', '.join(sorted(unknown))}")
    sid = str(source.get("id") or "").strip()
    if not sid:
        problems.add(where, "id", "a source needs an id")
        return None
    reliability = (source.get("reliability") or None) and str(source["reliability"]).strip().upper()
    if reliability and reliability not in RELIABILITY:
        problems.add(where, "reliability", f"{reliability!r} is not an Admiralty grade A–F")
    kind = str(source.get("kind") or "document")
    if kind not in SOURCE_KINDS:
        problems.add(where, "kind", f"{kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    return {
        "id": sid, "name": str(source.get("name") or sid), "publisher": source.get("publisher"),
        "kind": kind, "url": source.get("url"), "language": source.get("language"),
        "published": _date(source.get("published"), where, "published", problems),
        "accessed": _date(source.get("accessed"), where, "accessed", problems),
        "reliability": reliability, "notes": source.get("notes"),
    }


def _claim_row(claim, where, problems, known_sources, gazetteer, summary) -> dict | None:
    extra = {k: v for k, v in claim.items() if k not in CLAIM_FIELDS and not k.startswith("source_")}
    source_id = str(claim.get("source_id") or "").strip()
    if not source_id:
        problems.add(where, "source_id", "every claim needs its source")
    elif source_id not in known_sources:
        problems.add(where, "source_id", f"source {printable(source_id)!r} is not in the case or the file")
    metric = str(claim.get("metric") or "").strip()
    if metric not in METRICS:
        problems.add(where, "metric", f"{printable(metric)!r} is not a known metric ({', '.join(METRICS)})")
    low, best, high = (_int(claim.get(k), where, k, problems) for k in ("low", "best", "high"))
    qualifier = claim.get("qualifier") or None
    if not _blank(claim.get("value")):
        if any(v is not None for v in (low, best, high)):
            problems.add(where, "value", "give either value or low/best/high, not both")
        try:
            count = parse_count(str(claim["value"]))
            low, best, high = count.low, count.best, count.high
            qualifier = qualifier or count.qualifier
        except CountProblem as problem:
            problems.add(where, "value", str(problem))
    numbers = [v for v in (low, best, high) if v is not None]
    if (low is not None and high is not None and low > high) or (
        best is not None and ((low is not None and best < low) or (high is not None and best > high))
    ):
        problems.add(where, "value", f"low ≤ best ≤ high does not hold ({low}, {best}, {high})")
    status = str(claim.get("status") or "reported").strip().replace(" ", "_")
    if status not in STATUSES:
        problems.add(where, "status", f"{status!r} is not one of {', '.join(STATUSES)}")
    reliability = str(claim.get("reliability") or "").strip().upper() or None
    if reliability and reliability not in RELIABILITY:
        problems.add(where, "reliability", f"{reliability!r} is not an Admiralty grade A–F")
    credibility = _int(claim.get("credibility"), where, "credibility", problems)
    if credibility is not None and credibility not in CREDIBILITY:
        problems.add(where, "credibility", f"{credibility} is not an Admiralty credibility 1–6")
    place_text = normalize_text(str(claim.get("place") or "")) or None
    place_key = None
    if place_text:
        place = gazetteer.resolve(place_text)
        if place is None:
            summary.unresolved_places.append(place_text)
        else:
            place_key = place.key
    row = {
        "source_id": source_id, "metric": metric, "low": low, "best": best, "high": high,
        "qualifier": qualifier if numbers or qualifier else None,
        "unit": claim.get("unit") or None, "subject": claim.get("subject") or None,
        "as_of": _date(claim.get("as_of"), where, "as_of", problems),
        "period_start": _date(claim.get("period_start"), where, "period_start", problems),
        "period_end": _date(claim.get("period_end"), where, "period_end", problems),
        "date_precision": claim.get("date_precision") or None,
        "place_key": place_key, "place_text": place_text,
        "actor_text": claim.get("actor") or None, "attributed_to": claim.get("attributed_to") or None,
        "reliability": reliability, "credibility": credibility, "status": status,
        "quote": claim.get("quote") or None,
        "quote_start": _int(claim.get("quote_start"), where, "quote_start", problems),
        "quote_end": _int(claim.get("quote_end"), where, "quote_end", problems),
        "extra": extra or None,
    }
    if row["period_start"] and row["period_end"] and row["period_start"] > row["period_end"]:
        problems.add(where, "period_end", "the period ends before it starts")
    content = json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)
    row["key"] = str(claim.get("key") or "").strip() or "h:" + hashlib.sha256(content.encode()).hexdigest()[:24]
    row["_content"] = hashlib.sha256(content.encode()).hexdigest()
    return row


def _write(case: Case, source_rows, claim_rows, summary: ClaimsSummary, path: Path) -> None:
    with case.engine.begin() as connection:
        existing_sources = set(connection.scalars(select(models.Source.id)))
        new_sources = [r for r in source_rows if r and r["id"] not in existing_sources]
        for row in new_sources:
            row["created_at"] = models._now()
        if new_sources:
            connection.execute(models.Source.__table__.insert(), new_sources)
        summary.sources_added = len(new_sources)
        keys = [r["key"] for r in claim_rows]
        if len(keys) != len(set(keys)):
            duplicated = sorted({k for k in keys if keys.count(k) > 1})
            raise ImportRefused(f"{path.name}: claim key(s) used twice: {', '.join(duplicated[:10])}")
        current = {
            key: (claim_id, (extra or {}).get("_content"))
            for claim_id, key, extra in connection.execute(
                select(models.Claim.id, models.Claim.key, models.Claim.extra).where(models.Claim.superseded.is_(False))
            )
        }
        now = models._now()
        for row in claim_rows:
            content = row.pop("_content")
            row["extra"] = {**(row["extra"] or {}), "_content": content}
            row["created_at"] = now
            row["created_by"] = case.settings.actor
            row["review"] = "unreviewed"
            row["superseded"] = False
            key = row["key"]
            if key in current:
                old_id, old_content = current[key]
                if old_content == content:
                    summary.claims_unchanged += 1
                    continue
                connection.execute(
                    update(models.Claim).where(models.Claim.id == old_id).values(superseded=True, key=None)
                )
                row["supersedes_id"] = old_id
                summary.claims_superseding += 1
            connection.execute(models.Claim.__table__.insert(), [row])
            summary.claims_added += 1
