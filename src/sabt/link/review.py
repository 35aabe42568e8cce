"""Clerical review of uncertain pairs: side by side in the terminal, decisions kept for good.

A decision (accept / reject) is stored with the reviewer and the time in ``pair_reviews``,
independent of any link run: it overrides the model in every later run and feeds its
training (as pairwise labels).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from sabt import protection
from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models

UNCERTAIN = (0.2, 0.98)
SHOWN_FIELDS = ("source_id", "source_record_id", "name", "father_name", "sex", "age", "birth_year",
                "date_of_death", "date_of_arrest", "place_text", "province_code", "status")


@dataclass
class PendingPair:
    record_a: int
    record_b: int
    probability: float
    drivers: dict
    change: float | None = None
    """How many people the estimate would move by if the decision at stake (accept a pair in two
    persons, reject one in one person) were taken (:mod:`sabt.estimate.priority`)."""
    impact: float | None = None
    """``change`` times the chance that decision goes that way: the queue's order by impact."""

ORDERS = ("impact", "uncertain")


def latest_run_id(case: Case) -> int | None:
    with case.session() as session:
        return session.scalar(select(func.max(models.LinkRun.id)))


def pending_pairs(case: Case, low: float = UNCERTAIN[0], high: float = UNCERTAIN[1], limit: int | None = None,
                  order: str = "uncertain") -> list[PendingPair]:
    """Uncertain pairs of the latest run that no reviewer has decided: most uncertain first, or
    (``order="impact"``) those whose decision would move the estimate most first (when no
    estimate can be made from the case, most uncertain first). The impact order is the
    estimate's (:func:`sabt.estimate.priority.order_by_impact`): linkage does not import the
    estimate, so it is applied by :func:`sabt.estimate.priority.review_queue`, which the CLI and
    the web call; here ``order="impact"`` is refused."""
    if order not in ORDERS:
        raise SabtError(f"review order must be one of {', '.join(ORDERS)}, not {order!r}")
    run_id = latest_run_id(case)
    if run_id is None:
        raise SabtError("no link run yet; run `sabt link` first")
    with case.session() as session:
        decided = {(a, b) for a, b in session.execute(select(models.PairReview.record_a, models.PairReview.record_b))}
        rows = session.execute(
            select(models.RecordLink.record_a, models.RecordLink.record_b, models.RecordLink.match_probability,
                   models.RecordLink.drivers)
            .where(models.RecordLink.run_id == run_id, models.RecordLink.match_probability.between(low, high))
        ).all()
    pairs = [PendingPair(a, b, p, d or {}) for a, b, p, d in rows if (min(a, b), max(a, b)) not in decided]
    pairs.sort(key=lambda pair: abs(pair.probability - 0.5))
    if order == "impact":
        raise SabtError("the impact order is the estimate's: use sabt.estimate.priority.review_queue")
    return pairs[:limit] if limit else pairs


def record_view(case: Case, record_id: int, reveal: bool = True) -> dict:
    with case.session() as session:
        record = session.get(models.Record, record_id)
    if record is None:
        raise SabtError(f"no record {record_id}")
    return protection.pair_view(case, record, SHOWN_FIELDS, reveal, case.settings.actor)


def is_candidate(session, a: int, b: int) -> bool:
    """Whether the latest link run proposed (scored) the pair."""
    run_id = session.scalar(select(func.max(models.LinkRun.id)))
    return run_id is not None and session.scalar(select(models.RecordLink.id).where(
        models.RecordLink.run_id == run_id, models.RecordLink.record_a == a, models.RecordLink.record_b == b).limit(1)) is not None


def decide_pair(case: Case, record_a: int, record_b: int, decision: str, reviewer: str, note: str | None = None,
                candidates_only: bool = False) -> None:
    """Keep a decision on a pair. ``candidates_only`` (a reviewer's decision) refuses a pair the
    latest link run did not propose, with the same words as a pair of records that do not exist:
    a reviewer settles what linkage proposed, and cannot force a link to any record it names."""
    if decision not in ("accept", "reject"):
        raise SabtError(f"a decision is accept or reject, not {decision!r}")
    a, b = min(record_a, record_b), max(record_a, record_b)
    with case.session() as session:
        if (session.get(models.Record, a) is None or session.get(models.Record, b) is None
                or (candidates_only and not is_candidate(session, a, b))):
            raise SabtError(f"no such pair of records: {a}, {b}")
        existing = session.scalar(select(models.PairReview).where(models.PairReview.record_a == a, models.PairReview.record_b == b))
        if existing is None:
            session.add(models.PairReview(record_a=a, record_b=b, decision=decision, reviewer=reviewer, note=note,
                                          decided_at=models._now()))
        else:
            existing.decision, existing.reviewer, existing.note, existing.decided_at = decision, reviewer, note, models._now()
        session.add(models.AuditEntry(actor=reviewer, action=f"pair_{decision}", subject_table="pair_reviews",
                                      subject_id=f"{a}-{b}", detail=None))
        session.commit()
