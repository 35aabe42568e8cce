"""Reviewing proposed claims: an analyst accepts, corrects or rejects each.

Claims read from report text (:mod:`sabt.claims.extract`) enter as *reported, unreviewed*.
A decision never erases what was proposed:

- **accept** — the claim's ``review`` becomes ``accepted``;
- **reject** — ``review`` becomes ``rejected`` (the row stays, so the same proposal is never
  made again and the rejection can be counted);
- **correct** — a new claim supersedes the proposal (``supersedes_id``, ``review =
  "corrected"``); the proposal stays, marked superseded. The new claim's ``extra["correction"]``
  keeps the original proposal, the fields changed and who changed them: the training and
  evaluation data of the extractor (:func:`corrections`).

Every decision is also written to the audit log.

    for claim in pending_claims(case):
        decide_claim(case, claim.id, "correct", reviewer="nasrin", corrections={"metric": "detained"})
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex

from sqlalchemy import select, update

from sabt.claims.values import CountProblem, parse_count
from sabt.claims.vocab import METRICS, STATUSES
from sabt.errors import SabtError
from sabt.store import models

DECISIONS = ("accept", "reject", "correct")
CORRECTABLE = (
    "metric", "low", "best", "high", "qualifier", "value", "as_of", "period_start", "period_end",
    "place", "attributed_to", "status", "actor", "unit", "subject", "credibility", "reliability",
)


class ReviewRefused(SabtError):
    """A review decision that cannot be stored (unknown claim, bad correction, already decided)."""


def pending_claims(case, source_id: str | None = None, limit: int | None = None) -> list[models.Claim]:
    """Claims still waiting for a decision, in the order of their reports' text."""
    with case.session() as session:
        query = (
            select(models.Claim)
            .where(models.Claim.review == "unreviewed", models.Claim.superseded.is_(False))
            .order_by(models.Claim.source_id, models.Claim.quote_start, models.Claim.id)
        )
        if source_id:
            query = query.where(models.Claim.source_id == source_id)
        if limit:
            query = query.limit(limit)
        claims = list(session.scalars(query))
        session.expunge_all()
    return claims


def _fields(claim: models.Claim) -> dict:
    return {
        "metric": claim.metric, "low": claim.low, "best": claim.best, "high": claim.high,
        "qualifier": claim.qualifier,
        "as_of": claim.as_of.isoformat() if claim.as_of else None,
        "period_start": claim.period_start.isoformat() if claim.period_start else None,
        "period_end": claim.period_end.isoformat() if claim.period_end else None,
        "place": claim.place_text, "place_key": claim.place_key, "attributed_to": claim.attributed_to,
        "status": claim.status, "actor": claim.actor_text, "unit": claim.unit, "subject": claim.subject,
        "credibility": claim.credibility, "reliability": claim.reliability, "quote": claim.quote,
        "quote_start": claim.quote_start, "quote_end": claim.quote_end,
    }


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "none", "null", "-"))


def _as_int(name: str, value) -> int | None:
    if _blank(value):
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        raise ReviewRefused(f"{name}: {value!r} is not a whole number") from None
    if number < 0:
        raise ReviewRefused(f"{name}: {value!r} is negative")
    return number


def _as_date(name: str, value) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.date):
        return value
    from sabt.dates import DateProblem, parse_date

    try:
        return parse_date(str(value)).date
    except (DateProblem, ValueError) as problem:
        raise ReviewRefused(f"{name}: {problem}") from None


def _apply(row: dict, corrections: dict) -> dict:
    unknown = set(corrections) - set(CORRECTABLE)
    if unknown:
        raise ReviewRefused(f"cannot correct {', '.join(sorted(unknown))}; correctable: {', '.join(CORRECTABLE)}")
    new = dict(row)
    for name, value in corrections.items():
        if name == "metric":
            if str(value) not in METRICS:
                raise ReviewRefused(f"metric {value!r} is not one of {', '.join(METRICS)}")
            new["metric"] = str(value)
        elif name == "value":
            try:
                count = parse_count(str(value))
            except CountProblem as problem:
                raise ReviewRefused(f"value: {problem}") from None
            new.update(low=count.low, best=count.best, high=count.high, qualifier=count.qualifier)
        elif name in ("low", "best", "high", "credibility"):
            new[name] = _as_int(name, value)
        elif name in ("as_of", "period_start", "period_end"):
            new[name] = _as_date(name, value)
        elif name == "status":
            status = str(value).strip().replace(" ", "_")
            if status not in STATUSES:
                raise ReviewRefused(f"status {value!r} is not one of {', '.join(STATUSES)}")
            new["status"] = status
        elif name == "place":
            new["place_text"] = None if _blank(value) else str(value).strip()
            new["place_key"] = None
            if new["place_text"]:
                from sabt.places import Gazetteer

                place = Gazetteer.default().resolve(new["place_text"])
                new["place_key"] = place.key if place else None
        elif name == "actor":
            new["actor_text"] = None if _blank(value) else str(value)
        elif name == "reliability":
            new["reliability"] = None if _blank(value) else str(value).strip().upper()[:1]
        else:
            new[name] = None if _blank(value) else str(value).strip()
    low, best, high = new.get("low"), new.get("best"), new.get("high")
    if (low is not None and high is not None and low > high) or (
        best is not None and ((low is not None and best < low) or (high is not None and best > high))
    ):
        raise ReviewRefused(f"low ≤ best ≤ high does not hold ({low}, {best}, {high})")
    if new.get("period_start") and new.get("period_end") and new["period_start"] > new["period_end"]:
        raise ReviewRefused("the period ends before it starts")
    return new


_ROW_COLUMNS = (
    "source_id", "metric", "low", "best", "high", "qualifier", "unit", "subject", "as_of", "period_start",
    "period_end", "date_precision", "place_key", "place_text", "actor_text", "attributed_to", "reliability",
    "credibility", "status", "quote", "quote_start", "quote_end",
)


def decide_claim(case, claim_id: int, decision: str, reviewer: str, corrections: dict | None = None,
                 note: str | None = None) -> int:
    """Store a reviewer's decision on a claim; returns the id of the claim that now stands.

    ``decision`` is ``accept``, ``reject`` or ``correct`` (with ``corrections``: field →
    new value; ``value`` may be given as text, "at least 2,403"). A claim that was already
    decided, or superseded, is refused.
    """
    decision = str(decision).strip().lower()
    if decision not in DECISIONS:
        raise ReviewRefused(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    reviewer = str(reviewer or "").strip()
    if not reviewer:
        raise ReviewRefused("a decision needs the reviewer's name")
    if decision == "correct" and not corrections:
        raise ReviewRefused("a correction needs at least one corrected field")
    now = models._now()
    with case.engine.begin() as connection:
        claim = connection.execute(select(models.Claim).where(models.Claim.id == claim_id)).first()
        if claim is None:
            raise ReviewRefused(f"no claim {claim_id}")
        if claim.superseded:
            raise ReviewRefused(f"claim {claim_id} has been superseded; review the claim that replaced it")
        if claim.review != "unreviewed":
            raise ReviewRefused(f"claim {claim_id} was already {claim.review}")
        stamp = {"decision": decision, "reviewer": reviewer, "at": now.isoformat(), "note": note}
        extra = dict(claim.extra or {})
        result_id = claim_id
        if decision in ("accept", "reject"):
            extra["review"] = stamp
            connection.execute(
                update(models.Claim).where(models.Claim.id == claim_id).values(
                    review="accepted" if decision == "accept" else "rejected", extra=extra
                )
            )
        else:
            row = {name: getattr(claim, name) for name in _ROW_COLUMNS}
            new = _apply(row, corrections)
            original = _fields(claim)
            changed = {}
            for name in CORRECTABLE:
                column = {"place": "place_text", "actor": "actor_text"}.get(name, name)
                if column in new and new[column] != row.get(column):
                    before, after = row.get(column), new[column]
                    changed[name] = [
                        before.isoformat() if isinstance(before, dt.date) else before,
                        after.isoformat() if isinstance(after, dt.date) else after,
                    ]
            if not changed:
                raise ReviewRefused("the corrections change nothing; accept the claim instead")
            proposal = (claim.extra or {}).get("proposal") or original
            new_extra = {
                "correction": {
                    "original": original, "proposal": proposal, "changed": changed,
                    "corrections": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in corrections.items()},
                    **stamp,
                },
                "proposal_key": claim.key,
            }
            for keep in ("extracted_by", "file", "file_sha256", "value_text", "value_start", "value_end", "rules"):
                if keep in extra:
                    new_extra[keep] = extra[keep]
            content = json.dumps([claim.key, claim_id, changed], sort_keys=True, default=str)
            new.update(
                key="c:" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:24],
                review="corrected", supersedes_id=claim_id, superseded=False, created_by=reviewer,
                created_at=now, extra=new_extra,
            )
            inserted = connection.execute(models.Claim.__table__.insert().returning(models.Claim.id), [new])
            result_id = inserted.scalar_one()
            extra["review"] = stamp
            connection.execute(
                update(models.Claim).where(models.Claim.id == claim_id).values(superseded=True, extra=extra)
            )
        connection.execute(models.AuditEntry.__table__.insert(), [{
            "at": now, "actor": reviewer, "action": f"claim.{decision}", "subject_table": "claims",
            "subject_id": str(claim_id),
            "detail": {"result_id": result_id, **({"changed": changed} if decision == "correct" else {})},
        }])
    return result_id


def corrections(case) -> list[dict]:
    """Every correction made so far: the proposal, what was changed, by whom — for evaluation."""
    with case.session() as session:
        rows = session.scalars(select(models.Claim).where(models.Claim.review == "corrected").order_by(models.Claim.id))
        return [{"claim_id": c.id, "supersedes_id": c.supersedes_id, **(c.extra or {}).get("correction", {})} for c in rows]


def parse_corrections(text: str) -> dict:
    """``metric=detained low=3001 attributed_to="Iran HRM"`` → a dict of corrections."""
    try:
        parts = shlex.split(text)
    except ValueError as error:
        raise ReviewRefused(f"cannot read the corrections: {error}") from None
    out = {}
    for part in parts:
        if "=" not in part:
            raise ReviewRefused(f"{part!r}: write field=value (fields: {', '.join(CORRECTABLE)})")
        name, value = part.split("=", 1)
        out[name.strip()] = value
    return out


def case_aliases(case) -> dict[str, str]:
    """Spellings of organisations the case's reviewers taught the extractor: where a correction
    changed who gives a figure from a name the rules read ("the Oslo group") to another ("IHRNGO"),
    that name is an alias of the corrected one. Fed to :func:`sabt.claims.extract.extract_claims`
    (``aliases=``) by ``import_report``. The latest correction of a spelling wins."""
    aliases: dict[str, str] = {}
    for row in corrections(case):
        before, after = (row.get("changed") or {}).get("attributed_to", [None, None])
        if before and after and str(before).strip() != str(after).strip():
            aliases[str(before).strip()] = str(after).strip()
    return aliases


LABEL_FIELDS = ("metric", "low", "best", "high", "qualifier", "as_of", "period_start", "period_end", "attributed_to")


def labelled_claims(case, source_id: str | None = None) -> list[dict]:
    """Reviewed claims as labelled data in the gold set's form (``tests/data/claims_real``): every
    accepted proposal and every correction, with its sentence and figure — what the next version of
    the rules is measured on. Rejected proposals are listed with ``"rejected": true`` (not a claim)."""
    with case.session() as session:
        query = select(models.Claim).where(models.Claim.review.in_(("accepted", "corrected", "rejected")))
        if source_id:
            query = query.where(models.Claim.source_id == source_id)
        rows = []
        for claim in session.scalars(query.order_by(models.Claim.source_id, models.Claim.quote_start, models.Claim.id)):
            extra = claim.extra or {}
            if not extra.get("value_text"):
                continue  # typed in by hand, not read from a report
            row = {"doc": claim.source_id, "quote": claim.quote, "value": extra["value_text"]}
            for name in LABEL_FIELDS:
                value = getattr(claim, name)
                row[name] = value.isoformat() if isinstance(value, dt.date) else value
            row["place"] = claim.place_text
            if claim.review == "rejected":
                row["rejected"] = True
            rows.append(row)
        return rows
