"""The review desk's data: one report's proposed claims laid over its sentences.

The web desk (``sabt.web.views.desk``) shows a report's text with each proposed claim
highlighted, the claim under review with what the rules read and why, the organisations the
text names (to pick an attribution from), and how far the review of the report has gone. The
text is the report's own sentences as the claims quote them (offsets from ``import_report``), in
order; sentences without a figure are not stored and show as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from sabt.store import models


@dataclass
class Mark:
    """A claim's figure inside its sentence."""

    claim_id: int
    start: int  # in the sentence
    end: int
    review: str  # unreviewed / accepted / rejected / corrected
    current: bool = False


@dataclass
class Sentence:
    start: int  # in the report
    text: str
    marks: list[Mark] = field(default_factory=list)

    def pieces(self) -> list[tuple[str, Mark | None]]:
        """The sentence cut at its marks: (text, mark or None) in order."""
        out, at = [], 0
        for mark in sorted(self.marks, key=lambda m: m.start):
            if mark.start < at:
                continue  # overlapping figures: the first one shown
            out.append((self.text[at : mark.start], None))
            out.append((self.text[mark.start : mark.end], mark))
            at = mark.end
        out.append((self.text[at:], None))
        return [(text, mark) for text, mark in out if text or mark]


@dataclass
class Desk:
    source_id: str
    sentences: list[Sentence]
    claims: list[models.Claim]  # the proposals of the report, in text order (decided ones included)
    current: models.Claim | None
    organisations: list[str]
    done: int
    total: int

    @property
    def pending(self) -> list[models.Claim]:
        return [c for c in self.claims if c.review == "unreviewed" and not c.superseded]

    def neighbour(self, step: int) -> int | None:
        """The claim ``step`` places after (or before) the current one, in text order."""
        if self.current is None or not self.claims:
            return None
        ids = [c.id for c in self.claims]
        at = ids.index(self.current.id) + step
        return ids[at] if 0 <= at < len(ids) else None


def reports_to_review(case) -> list[dict]:
    """Every source with claims read from report text: how many proposals, how many decided."""
    with case.session() as session:
        rows = session.execute(
            select(models.Claim.source_id, models.Claim.review, func.count())
            .where(models.Claim.supersedes_id.is_(None), models.Claim.key.like("r:%"))
            .group_by(models.Claim.source_id, models.Claim.review)
        ).all()
        names = dict(session.execute(select(models.Source.id, models.Source.name)).all())
    reports: dict[str, dict] = {}
    for source_id, review, count in rows:
        report = reports.setdefault(source_id, {"source_id": source_id, "name": names.get(source_id), "total": 0, "done": 0})
        report["total"] += count
        report["done"] += 0 if review == "unreviewed" else count
    return sorted(reports.values(), key=lambda r: (r["done"] >= r["total"], r["source_id"]))


def desk(case, source_id: str, claim_id: int | None = None) -> Desk | None:
    """The desk for one report; ``claim_id`` picks the claim under review (default: the first pending one)."""
    from sabt.claims.extract._organisations import organisations

    with case.session() as session:
        claims = list(session.scalars(
            select(models.Claim).where(models.Claim.source_id == source_id, models.Claim.supersedes_id.is_(None),
                                       models.Claim.key.like("r:%"))
            .order_by(models.Claim.quote_start, models.Claim.id)
        ))
        corrected = {c.supersedes_id: c for c in session.scalars(
            select(models.Claim).where(models.Claim.source_id == source_id, models.Claim.supersedes_id.is_not(None)))}
        session.expunge_all()
    if not claims:
        return None
    for claim in claims:
        if claim.superseded and claim.id in corrected:
            claim.review = "corrected"
    by_id = {c.id: c for c in claims}
    current = by_id.get(claim_id) if claim_id else None
    if current is None:
        current = next((c for c in claims if c.review == "unreviewed"), None)
    sentences: dict[int, Sentence] = {}
    for claim in claims:
        extra = claim.extra or {}
        start = claim.quote_start or 0
        sentence = sentences.setdefault(start, Sentence(start, claim.quote or ""))
        if extra.get("value_start") is not None:
            sentence.marks.append(Mark(claim.id, extra["value_start"] - start, extra["value_end"] - start, claim.review,
                                       current is not None and claim.id == current.id))
    text = " ".join(s.text for s in sentences.values())
    named = [m.name for m in organisations().find(text)]
    named += [c.attributed_to for c in claims if c.attributed_to]
    named += [c.attributed_to for c in corrected.values() if c.attributed_to]
    found = list(dict.fromkeys(named))
    done = sum(1 for c in claims if c.review != "unreviewed")
    return Desk(source_id, [sentences[k] for k in sorted(sentences)], claims, current, found, done, len(claims))
