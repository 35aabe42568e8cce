"""Dates as Iranian and international sources write them."""

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sabt.dates import DateProblem, format_solar_hijri, parse_date

THURSDAY_8_JANUARY = dt.date(2026, 1, 8)


@pytest.mark.parametrize(
    "text",
    ["1404/10/18", "۱۴۰۴/۱۰/۱۸", "١٤٠٤/١٠/١٨", "18 Dey 1404", "۱۸ دی ۱۴۰۴", "1404-10-18",
     "2026-01-08", "08/01/2026", "8 January 2026", "January 8, 2026", "8 Jan 2026", "۸ ژانویه ۲۰۲۶"],
)
def test_the_same_day_in_every_form(text):
    assert parse_date(text).date == THURSDAY_8_JANUARY


@pytest.mark.parametrize(
    "text, reason",
    [("1404/13/45", "month 13 does not exist in the Solar Hijri calendar"),
     ("1404/12/30", "day 30 does not exist in month 12 of Solar Hijri year 1404"),
     ("2026-02-29", "day 29 does not exist in 2026-02"),
     ("0001-01-01", "outside any plausible range"),
     ("yesterday", "cannot read"),
     ("", "empty date")],
)
def test_impossible_dates_say_why(text, reason):
    with pytest.raises(DateProblem, match=reason):
        parse_date(text)


def test_partial_dates_keep_their_precision():
    assert parse_date("Dey 1404").precision == "month"
    assert parse_date("Dey 1404").date == dt.date(2025, 12, 22)
    assert parse_date("2026-01").precision == "month"
    assert parse_date("1404").precision == "year"


def test_declared_calendar_must_fit_the_year():
    with pytest.raises(DateProblem, match="not a gregorian year"):
        parse_date("1404/10/18", calendar="gregorian")
    assert parse_date("1404/10/18", calendar="solar_hijri").date == THURSDAY_8_JANUARY


def test_month_first_when_asked():
    assert parse_date("01/08/2026", day_first=False).date == THURSDAY_8_JANUARY


def test_display_in_solar_hijri():
    assert format_solar_hijri(THURSDAY_8_JANUARY) == "18 Dey 1404"
    assert format_solar_hijri(THURSDAY_8_JANUARY, "fa") == "۱۸ دی ۱۴۰۴"


@given(st.dates(min_value=dt.date(1925, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_solar_hijri_round_trip_agrees_with_jdatetime(day):
    j = jdatetime.date.fromgregorian(date=day)
    assert parse_date(f"{j.year}/{j.month}/{j.day}").date == day


@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_says_why(text):
    try:
        parse_date(text)
    except DateProblem:
        pass
