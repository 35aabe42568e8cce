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
    assert tr.span(dt.date(2026, 1, 8), dt.date(2026, 1, 9)) == "8 January 2026 (18 Dey 1404) – 9 January 2026 (19 Dey 1404)"
