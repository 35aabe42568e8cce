"""Partial and open-ended dates are never shown as a single day."""

import datetime as dt

from sabt.report._i18n import Translator

JANUARY = dt.date(2026, 1, 1)


def test_a_month_precision_date_reads_as_the_month_in_both_calendars():
    assert Translator("en").date(JANUARY, "month") == "January 2026 (Dey–Bahman 1404)"
    assert Translator("fa").date(JANUARY, "month") == "دی–بهمن ۱۴۰۴ (ژانویه ۲۰۲۶)"


def test_a_year_precision_date_reads_as_the_year():
    assert Translator("en").date(JANUARY, "year") == "2026"


def test_an_open_ended_period_says_from():
    tr = Translator("en")
    assert tr.span(JANUARY, None, "month", None, open_ended=True) == "from January 2026 (Dey–Bahman 1404)"
    assert tr.span(dt.date(2026, 1, 8), None) == "8 January 2026 (18 Dey 1404)"
    assert tr.span(dt.date(2026, 1, 8), dt.date(2026, 1, 22)) == "8 January 2026 (18 Dey 1404) – 22 January 2026 (2 Bahman 1404)"


def test_days_of_one_month_read_as_one_span():
    assert Translator("en").span(dt.date(2026, 1, 8), dt.date(2026, 1, 9)) == "8–9 January 2026 (18–19 Dey 1404)"
    assert Translator("fa").span(dt.date(2026, 1, 8), dt.date(2026, 1, 9)) == "۱۸–۱۹ دی ۱۴۰۴ (۸–۹ ژانویه ۲۰۲۶)"
    # across a Solar Hijri month boundary (1 Bahman = 21 January) both ends are written out
    assert Translator("en").span(dt.date(2026, 1, 20), dt.date(2026, 1, 22)).count("2026") == 2


def test_a_figures_scope_says_what_period_it_covers():
    tr = Translator("en")
    day = dt.date
    assert tr.scope(None, day(2026, 1, 8), day(2026, 1, 9)) == "8–9 January 2026 (18–19 Dey 1404) only"
    assert tr.scope(day(2026, 1, 16), day(2025, 12, 28), day(2026, 1, 16)) == \
        "from 28 December 2025 (7 Dey 1404) to 16 January 2026 (26 Dey 1404)"
    assert tr.scope(day(2026, 1, 16), None, None) == "to 16 January 2026 (26 Dey 1404) (cumulative)"
    assert tr.scope(day(2026, 1, 1), None, None, "month") == "to January 2026 (Dey–Bahman 1404) (cumulative)"
    assert tr.scope(None, None, None) == "undated"


def test_a_month_date_is_never_drawn_as_its_first_day_on_an_axis_label():
    assert Translator("en").short(JANUARY, "month") == "Jan 2026"
    assert Translator("en").short(JANUARY) == "1 Jan"
