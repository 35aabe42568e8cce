"""Time spans of partial dates, and the exact rules for "was this true on that day".

Every post, parentage and deployment is dated ``start`` … ``end``, each a date with a
precision (``day``, ``month``, ``year``; see :func:`sabt.dates.parse_date`) or ``None``
(open: "since before the record", "still in post"). The rules, which the tests pin:

- both ends are **inclusive**: a post ending on 2026-01-08 covers the 8th;
- a partial date covers its whole period: a post that ends in ``2026-01`` (month precision)
  covers every day of January; one that starts in ``2026`` covers 1 January on — but a day
  inside a partial period is flagged *uncertain*, because the source only knows the month;
- a missing end is open: the datum holds from its start onwards (and a missing start
  from the beginning of the record);
- a partial date stored for a Solar Hijri month or year (its first day is not the 1st or
  1 January) covers that Solar Hijri month or year.

    >>> span = Span.of(dt.date(2026, 1, 1), "month", None, None)
    >>> span.covers(dt.date(2026, 1, 8)), span.uncertain_on(dt.date(2026, 1, 8))
    (True, True)
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import jdatetime

from sabt.dates import DateProblem, parse_date

PRECISIONS = ("day", "month", "year")


def period_last_day(first: dt.date, precision: str | None) -> dt.date:
    """The last day of the period a partial date names: ``2026-01-01``/month → ``2026-01-31``."""
    if precision in (None, "day"):
        return first
    if precision == "month":
        if first.day == 1:
            return first.replace(day=calendar.monthrange(first.year, first.month)[1])
        solar = jdatetime.date.fromgregorian(date=first)  # a Solar Hijri month
        year, month = (solar.year + 1, 1) if solar.month == 12 else (solar.year, solar.month + 1)
        return jdatetime.date(year, month, 1).togregorian() - dt.timedelta(days=1)
    if precision == "year":
        if (first.month, first.day) == (1, 1):
            return dt.date(first.year, 12, 31)
        solar = jdatetime.date.fromgregorian(date=first)  # a Solar Hijri year
        return jdatetime.date(solar.year + 1, 1, 1).togregorian() - dt.timedelta(days=1)
    raise DateProblem(f"unknown date precision {precision!r} (use day, month or year)")


def label(day: dt.date | None, precision: str | None) -> str | None:
    """A partial date as its source wrote it: ``2026-01`` for a month, ``2026`` for a year."""
    if day is None:
        return None
    if precision == "month" and day.day == 1:
        return day.strftime("%Y-%m")
    if precision == "year" and (day.month, day.day) == (1, 1):
        return str(day.year)
    return day.isoformat() if precision in (None, "day") else f"{day.isoformat()} ({precision})"


@dataclass(frozen=True)
class Span:
    """An inclusive span of days; ``None`` ends are open.

    ``first``/``last`` are the widest reading (the whole partial period counts);
    ``sure_from``/``sure_to`` the narrowest (days certainly inside).
    """

    first: dt.date | None
    last: dt.date | None
    sure_from: dt.date | None
    sure_to: dt.date | None
    start_label: str | None = None
    end_label: str | None = None

    @classmethod
    def of(cls, start: dt.date | None, start_precision: str | None,
           end: dt.date | None, end_precision: str | None) -> Span:
        first = start
        sure_from = period_last_day(start, start_precision) if start else None
        last = period_last_day(end, end_precision) if end else None
        sure_to = end if end else None
        # when both ends are partial and overlap (``2026-01`` … ``2026-01``) sure_from > sure_to:
        # no single day is certain, and every covered day is flagged uncertain
        return cls(first, last, sure_from, sure_to, label(start, start_precision), label(end, end_precision))

    @classmethod
    def of_row(cls, row) -> Span:
        """The span of a dated row (a post, parentage or deployment)."""
        return cls.of(row.start_date, row.start_precision, row.end_date, row.end_precision)

    @classmethod
    def day(cls, day: dt.date) -> Span:
        return cls(day, day, day, day, day.isoformat(), day.isoformat())

    @classmethod
    def parse(cls, text: str) -> Span:
        """A query date: ``2026-01-08`` is that day; ``2026-01`` the whole of January;
        ``2026-01-08..2026-01-09`` both days."""
        text = str(text).strip()
        if ".." in text:
            left, _, right = text.partition("..")
            a, b = parse_date(left), parse_date(right)
            span = cls.of(a.date, a.precision, b.date, b.precision)
        else:
            parsed = parse_date(text)
            span = cls.of(parsed.date, parsed.precision, parsed.date, parsed.precision)
        if span.first and span.last and span.first > span.last:
            raise DateProblem(f"{text!r} ends before it starts")
        return span.as_window()

    def as_window(self) -> Span:
        """This span as a query window: every day in it is asked about."""
        return Span(self.first, self.last, self.first, self.last, self.start_label, self.end_label)

    # -- questions -------------------------------------------------------------------
    def covers(self, day: dt.date) -> bool:
        """True when ``day`` falls inside the span (inclusive, partial periods counted whole)."""
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)

    def uncertain_on(self, day: dt.date) -> bool:
        """True when ``day`` is covered only because a partial date was read as its whole period."""
        if not self.covers(day):
            return False
        return bool((self.sure_from and day < self.sure_from) or (self.sure_to and day > self.sure_to))

    def overlaps(self, other: Span) -> bool:
        return ((self.first is None or other.last is None or self.first <= other.last)
                and (other.first is None or self.last is None or other.first <= self.last))

    def intersect(self, other: Span) -> Span | None:
        """The days both spans cover, or ``None``."""
        if not self.overlaps(other):
            return None
        first = _max(self.first, other.first)
        last = _min(self.last, other.last)
        return Span(first, last, _max(self.sure_from, other.sure_from) or first,
                    _min(self.sure_to, other.sure_to) or last,
                    first.isoformat() if first else None, last.isoformat() if last else None)

    def covers_span(self, other: Span) -> bool:
        """True when every day of ``other`` is inside this span."""
        return ((self.first is None or (other.first is not None and self.first <= other.first))
                and (self.last is None or (other.last is not None and other.last <= self.last)))

    def uncertain_within(self, window: Span) -> bool:
        """True when the span meets ``window`` only through a partial period, or its
        imprecise ends fall inside ``window``."""
        for edge_from, edge_to in ((self.first, self.sure_from), (self.sure_to, self.last)):
            if (edge_from and edge_to and edge_from != edge_to
                    and Span(edge_from, edge_to, None, None).overlaps(window)):
                return True
        return False

    def to_dict(self) -> dict:
        return {"from": self.start_label, "to": self.end_label,
                "first_day": _iso(self.first), "last_day": _iso(self.last)}

    def text(self) -> str:
        return f"{self.start_label or '…'} – {self.end_label or '…'}"


def uncovered(window: Span, spans: list[Span]) -> list[tuple[dt.date | None, dt.date | None]]:
    """The parts of ``window`` that no span covers, as (first, last) pairs (``None`` = open)."""
    if window.first is None or window.last is None:
        if any(s.covers_span(window) for s in spans):
            return []
        return [] if spans else [(window.first, window.last)]
    gaps: list[tuple[dt.date | None, dt.date | None]] = []
    cursor = window.first
    ordered = sorted((s for s in spans if s.overlaps(window)), key=lambda s: s.first or dt.date.min)
    for span in ordered:
        start = span.first or dt.date.min
        if start > cursor:
            gaps.append((cursor, min(start - dt.timedelta(days=1), window.last)))
        if span.last is None:
            return gaps
        cursor = max(cursor, span.last + dt.timedelta(days=1))
        if cursor > window.last:
            return gaps
    if cursor <= window.last:
        gaps.append((cursor, window.last))
    return gaps


def _max(a, b):
    return b if a is None else a if b is None else max(a, b)


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
