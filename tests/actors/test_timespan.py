"""The time logic at the edges: inclusive ends, partial dates, open ends, gaps."""

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabt.actors.timespan import Span, label, period_last_day, uncovered
from sabt.dates import DateProblem

D = dt.date


def test_ends_are_inclusive():
    span = Span.of(D(2026, 1, 3), "day", D(2026, 1, 8), "day")
    assert span.covers(D(2026, 1, 3)) and span.covers(D(2026, 1, 8))
    assert not span.covers(D(2026, 1, 2)) and not span.covers(D(2026, 1, 9))


def test_month_precision_end_covers_the_whole_month():
    span = Span.of(D(2025, 6, 1), "day", D(2026, 1, 1), "month")
    assert span.last == D(2026, 1, 31)
    assert span.covers(D(2026, 1, 31)) and not span.covers(D(2026, 2, 1))
    assert span.uncertain_on(D(2026, 1, 15)) and not span.uncertain_on(D(2025, 12, 31))


def test_month_precision_start_covers_from_the_first_and_is_flagged():
    span = Span.of(D(2026, 1, 1), "month", None, None)
    assert span.covers(D(2026, 1, 1)) and not span.covers(D(2025, 12, 31))
    assert span.uncertain_on(D(2026, 1, 8)) and not span.uncertain_on(D(2026, 2, 1))


def test_february_and_leap_years():
    assert period_last_day(D(2024, 2, 1), "month") == D(2024, 2, 29)
    assert period_last_day(D(2026, 2, 1), "month") == D(2026, 2, 28)
    assert period_last_day(D(2026, 1, 1), "year") == D(2026, 12, 31)


def test_solar_hijri_partial_dates_cover_the_solar_period():
    # Dey 1404 runs 2025-12-22 .. 2026-01-20
    assert period_last_day(D(2025, 12, 22), "month") == D(2026, 1, 20)
    # 1404 runs 2025-03-21 .. 2026-03-20
    assert period_last_day(D(2025, 3, 21), "year") == D(2026, 3, 20)


def test_open_ends():
    assert Span.of(None, None, None, None).covers(D(1900, 1, 1))
    still_in_post = Span.of(D(2019, 1, 1), "year", None, None)
    assert still_in_post.covers(D(2030, 5, 5)) and not still_in_post.covers(D(2018, 12, 31))
    since_before_record = Span.of(None, None, D(2025, 12, 1), "month")
    assert since_before_record.covers(D(1990, 1, 1)) and since_before_record.covers(D(2025, 12, 31))
    assert not since_before_record.covers(D(2026, 1, 1))


def test_both_ends_in_one_month_leave_no_certain_day():
    span = Span.of(D(2026, 1, 1), "month", D(2026, 1, 1), "month")
    assert span.covers(D(2026, 1, 15))
    assert all(span.uncertain_on(D(2026, 1, d)) for d in range(1, 32))


def test_query_windows():
    assert Span.parse("2026-01-08").first == Span.parse("2026-01-08").last == D(2026, 1, 8)
    month = Span.parse("2026-01")
    assert (month.first, month.last) == (D(2026, 1, 1), D(2026, 1, 31))
    assert not month.uncertain_on(D(2026, 1, 5))
    both = Span.parse("2026-01-08..2026-01-09")
    assert (both.first, both.last) == (D(2026, 1, 8), D(2026, 1, 9))
    assert Span.parse("18 Dey 1404").first == D(2026, 1, 8)
    with pytest.raises(DateProblem):
        Span.parse("2026-01-09..2026-01-08")
    with pytest.raises(DateProblem):
        Span.parse("2026-13-01")


def test_overlap_and_intersection_at_the_edges():
    a = Span.of(D(2026, 1, 1), "day", D(2026, 1, 8), "day")
    b = Span.of(D(2026, 1, 8), "day", D(2026, 1, 20), "day")
    c = Span.of(D(2026, 1, 9), "day", None, None)
    assert a.overlaps(b) and not a.overlaps(c)
    both = a.intersect(b)
    assert (both.first, both.last) == (D(2026, 1, 8), D(2026, 1, 8))
    assert a.intersect(c) is None
    assert Span.of(None, None, None, None).covers_span(a)
    assert not a.covers_span(Span.of(D(2026, 1, 1), "day", None, None))


def test_uncovered_days_are_listed_exactly():
    window = Span.parse("2026-01-01..2026-01-10")
    spans = [Span.of(D(2026, 1, 3), "day", D(2026, 1, 5), "day"), Span.of(D(2026, 1, 6), "day", D(2026, 1, 7), "day")]
    assert uncovered(window, spans) == [(D(2026, 1, 1), D(2026, 1, 2)), (D(2026, 1, 8), D(2026, 1, 10))]
    assert uncovered(window, [Span.of(None, None, None, None)]) == []
    assert uncovered(window, []) == [(D(2026, 1, 1), D(2026, 1, 10))]
    # a replacement the day after: no gap; a day between: one-day gap
    handover = [Span.of(None, None, D(2026, 1, 4), "day"), Span.of(D(2026, 1, 5), "day", None, None)]
    assert uncovered(window, handover) == []
    gap_day = [Span.of(None, None, D(2026, 1, 4), "day"), Span.of(D(2026, 1, 6), "day", None, None)]
    assert uncovered(window, gap_day) == [(D(2026, 1, 5), D(2026, 1, 5))]


def test_labels_keep_the_precision():
    assert label(D(2026, 1, 1), "month") == "2026-01"
    assert label(D(2019, 1, 1), "year") == "2019"
    assert label(D(2026, 1, 8), "day") == "2026-01-08"
    assert label(None, None) is None


# -- property: the exact rules agree with counting days one by one --------------------------
BASE = D(2025, 12, 1)
days = st.integers(min_value=0, max_value=90).map(lambda n: BASE + dt.timedelta(days=n))
precisions = st.sampled_from(["day", "month"])


@st.composite
def spans(draw):
    def end(precision):
        day = draw(days)
        return (day.replace(day=1) if precision == "month" else day), precision

    start = draw(st.one_of(st.none(), precisions.map(end)))
    stop = draw(st.one_of(st.none(), precisions.map(end)))
    span = Span.of(start[0] if start else None, start[1] if start else None,
                   stop[0] if stop else None, stop[1] if stop else None)
    if span.first and span.last and span.first > span.last:
        span = Span.of(None, None, None, None)
    return span


@settings(max_examples=200, deadline=None)
@given(st.lists(spans(), max_size=4), days, days)
def test_uncovered_matches_day_by_day(span_list, a, b):
    first, last = min(a, b), max(a, b)
    window = Span.parse(f"{first.isoformat()}..{last.isoformat()}")
    holes = uncovered(window, span_list)
    in_holes = {first + dt.timedelta(days=n) for n in range((last - first).days + 1)
                if any(lo <= first + dt.timedelta(days=n) <= hi for lo, hi in holes)}
    expected = {first + dt.timedelta(days=n) for n in range((last - first).days + 1)
                if not any(s.covers(first + dt.timedelta(days=n)) for s in span_list)}
    assert in_holes == expected
    for lo, hi in holes:  # holes are inside the window, ordered and disjoint
        assert first <= lo <= hi <= last
    assert all(h1[1] < h2[0] for h1, h2 in itertools.pairwise(holes))
