"""Claims from report text: read a report, propose its quantitative claims for review.

    text = read_report("hrana-2026-01-16.pdf")
    for claim in extract_claims(text, default_year=2026):
        print(claim.metric, claim.low, claim.best, claim.high, claim.attributed_to, claim.quote)
    summary = import_report(case, "hrana-2026-01-16.pdf", source_id="hrana-2026-01-16")

Everything proposed enters the case as *reported, unreviewed*; an analyst accepts, corrects
or rejects each (:mod:`sabt.claims.review`). Rule-based (see ``_rules.py`` and
``data/lexicon.toml``); no statistical model. How it was measured: ``benchmarks/claims.py``
and ``docs/claims-extraction.md``.
"""

from __future__ import annotations

import datetime as dt

from sabt.claims.extract._import import ReportSummary, import_report
from sabt.claims.extract._model import EXPORT_FIELDS, ProposedClaim
from sabt.claims.extract._reader import read_report

__all__ = ["EXPORT_FIELDS", "ProposedClaim", "ReportSummary", "extract_claims", "import_report", "read_report"]


def _gazetteer():
    try:
        from sabt.places import Gazetteer

        return Gazetteer.default()
    except Exception:  # noqa: BLE001  # pragma: no cover - the gazetteer is part of sabt; guard for partial installs
        return None


def _date_by_weekday(claim: ProposedClaim, weekday) -> None:
    """A weekday the sentence names, in the week of the report: the day of the statement
    ("said Monday", "Monday’s toll") when the claim has no as-of date; the day of the events
    ("killed 14 people Monday") when it has no date at all."""
    if weekday is None:
        return
    if weekday.statement and claim.as_of is None:
        claim.as_of = weekday.day
        claim.date_precision = claim.date_precision or "day"
        claim.rules["dates"] = (claim.rules.get("dates", "no date").replace("no date", "").strip("; ") +
                                "; the day of the statement (said on <weekday>, the week of the report)").lstrip("; ")
    elif not weekday.statement and (claim.as_of, claim.period_start, claim.period_end) == (None, None, None):
        claim.period_start = claim.period_end = weekday.day
        claim.date_precision = "day"
        claim.rules["dates"] = "the day of the events (<weekday>, the week of the report)"


def _date_of_the_document(claim: ProposedClaim, report_date: dt.date | None) -> None:
    """A claim whose sentence gives no date stands as of the report's date, at the day: the date of
    the statement that gives it (its events may be older; the figure is not dated more finely)."""
    if report_date is None or (claim.as_of, claim.period_start, claim.period_end) != (None, None, None):
        return
    claim.as_of, claim.date_precision = report_date, "day"
    claim.rules["dates"] = "the document's date (no date in the sentence)"


def extract_claims(text: str, *, default_year: int | None = None, report_date=None, publisher: str | None = None,
                   aliases: dict[str, str] | None = None) -> list[ProposedClaim]:
    """Every quantitative claim of ``text`` the rules can read, in text order.

    ``default_year`` and ``report_date`` give years to dates written without one ("by
    January 16"); the year written next to a month earlier in the text wins over both.
    ``publisher`` is who published the report (its figures given in the publisher's name are
    the report's own); ``aliases`` are a case's own spellings of organisations (spelling →
    short name), learnt from reviewers' corrections (:func:`case_aliases`).

    >>> [c.metric for c in extract_claims("Iran HRM documented more than 3,000 detained across 195 cities.")]
    ['detained', 'cities']
    """
    if isinstance(report_date, str):
        report_date = dt.date.fromisoformat(report_date)
    if isinstance(report_date, dt.datetime):
        report_date = report_date.date()
    from sabt.claims.extract._document import extract
    from sabt.text import fold_digits

    folded = fold_digits(text)
    if len(folded) != len(text):  # pragma: no cover - fold_digits maps one character to one
        folded = text
    from sabt.claims.extract._attribution import attribute
    from sabt.claims.extract._dates import weekday_date
    from sabt.claims.extract._organisations import organisations

    proposed = extract(folded, default_year, report_date, _gazetteer())
    for claim in proposed:
        _date_by_weekday(claim, weekday_date(claim.quote, claim.value_start - claim.quote_start, report_date))
    claims = attribute(folded, proposed, organisations().with_aliases(aliases), publisher)
    for claim in claims:
        _date_of_the_document(claim, report_date)
    if folded is not text:
        for claim in claims:  # quotes as the source wrote them (Persian digits kept)
            claim.quote = text[claim.quote_start : claim.quote_end]
            claim.value_text = text[claim.value_start : claim.value_end]
    return claims
