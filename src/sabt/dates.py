"""Dates as sources write them: Gregorian or Solar Hijri, Latin or Persian digits and names.

Stored as ISO 8601 (Gregorian) with a precision (``day``, ``month``, ``year``). Examples::

    parse_date("1404/10/18")      # ParsedDate(2026-01-08, "day", "solar_hijri")
    parse_date("۱۸ دی ۱۴۰۴")       # the same day
    parse_date("18 Dey 1404")     # the same day
    parse_date("2026-01-08")      # ParsedDate(2026-01-08, "day", "gregorian")
    parse_date("1404/13/45")      # DateProblem: month 13 does not exist in the Solar Hijri calendar

Years 1200–1499 are read as Solar Hijri and 1800–2199 as Gregorian unless a calendar is
declared; a declared calendar that contradicts the year is an error, not a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import jdatetime

from sabt.text import normalize_text

GREGORIAN = "gregorian"
SOLAR_HIJRI = "solar_hijri"
CALENDARS = ("auto", GREGORIAN, SOLAR_HIJRI)

SOLAR_MONTHS = {
    "farvardin": 1, "ordibehesht": 2, "khordad": 3, "tir": 4, "mordad": 5, "amordad": 5,
    "shahrivar": 6, "mehr": 7, "aban": 8, "azar": 9, "dey": 10, "dei": 10, "day": 10,
    "bahman": 11, "esfand": 12, "esfend": 12,
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5,
    "شهریور": 6, "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
SOLAR_MONTH_NAMES_EN = ["Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                        "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"]
SOLAR_MONTH_NAMES_FA = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                        "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"]
GREGORIAN_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec"),
         ("ژانویه",), ("فوریه",), ("مارس",), ("آوریل",), ("مه", "می"), ("ژوئن",),
         ("ژوئیه", "جولای"), ("اوت", "آگوست"), ("سپتامبر",), ("اکتبر",), ("نوامبر",), ("دسامبر",)],
        start=0,
    )
    for name in names
}
GREGORIAN_MONTHS = {name: number % 12 + 1 for name, number in GREGORIAN_MONTHS.items()}


class DateProblem(ValueError):
    """A date that cannot be read or cannot exist; the message says why."""


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date
    precision: str
    calendar: str


def _calendar_of_year(year: int, declared: str) -> str:
    if 1200 <= year <= 1499:
        guessed = SOLAR_HIJRI
    elif 1800 <= year <= 2199:
        guessed = GREGORIAN
    else:
        raise DateProblem(f"year {year} is outside any plausible range")
    if declared not in ("auto", guessed):
        raise DateProblem(f"year {year} is not a {declared.replace('_', ' ')} year")
    return guessed


def _build(year: int, month: int, day: int | None, calendar: str) -> ParsedDate:
    precision = "day" if day else "month"
    if calendar == SOLAR_HIJRI:
        if not 1 <= month <= 12:
            raise DateProblem(f"month {month} does not exist in the Solar Hijri calendar")
        try:
            gregorian = jdatetime.date(year, month, day or 1).togregorian()
        except ValueError:
            raise DateProblem(
                f"day {day} does not exist in month {month} of Solar Hijri year {year}"
            ) from None
        return ParsedDate(gregorian, precision, calendar)
    if not 1 <= month <= 12:
        raise DateProblem(f"month {month} does not exist")
    try:
        return ParsedDate(dt.date(year, month, day or 1), precision, calendar)
    except ValueError:
        raise DateProblem(f"day {day} does not exist in {year}-{month:02d}") from None


NUMERIC = re.compile(r"^([0-9]{1,4})\s*[-/.]\s*([0-9]{1,2})(?:\s*[-/.]\s*([0-9]{1,4}))?(?:[ T].*)?$")
WORDS = re.compile(r"[^\W\d_]+|[0-9]+", re.UNICODE)


def parse_date(text: str, calendar: str = "auto", day_first: bool = True) -> ParsedDate:
    """Read one date; raise :class:`DateProblem` with the reason when it cannot be one."""
    if calendar not in CALENDARS:
        raise DateProblem(f"unknown calendar {calendar!r} (use one of {', '.join(CALENDARS)})")
    cleaned = normalize_text(text).replace("\u200c", " ").strip().rstrip(".").lower()
    if not cleaned:
        raise DateProblem("empty date")
    match = NUMERIC.match(cleaned)
    if match:
        return _parse_numeric(match, calendar, day_first)
    tokens = WORDS.findall(cleaned)
    numbers = [int(t) for t in tokens if t.isascii() and t.isdigit()]
    names = [t for t in tokens if not (t.isascii() and t.isdigit())]
    if len(numbers) == 1 and not names and len(tokens) == 1:
        year = numbers[0]
        cal = _calendar_of_year(year, calendar)
        if cal == SOLAR_HIJRI:
            start = jdatetime.date(year, 1, 1).togregorian()
            return ParsedDate(start, "year", cal)
        return ParsedDate(dt.date(year, 1, 1), "year", cal)
    month_names = [n for n in names if n in SOLAR_MONTHS or n in GREGORIAN_MONTHS]
    if len(month_names) != 1 or not 1 <= len(numbers) <= 2:
        raise DateProblem(f"cannot read {text!r} as a date")
    month_name = month_names[0]
    year = max(numbers) if len(numbers) == 2 else numbers[0]
    day = min(numbers) if len(numbers) == 2 else None
    if len(numbers) == 2 and numbers[0] > 31 and numbers[1] > 31:
        raise DateProblem(f"cannot read {text!r} as a date")
    solar_named = month_name in SOLAR_MONTHS and month_name not in GREGORIAN_MONTHS
    if month_name in SOLAR_MONTHS and month_name in GREGORIAN_MONTHS:
        solar_named = 1200 <= year <= 1499
    cal = SOLAR_HIJRI if solar_named else GREGORIAN
    if _calendar_of_year(year, calendar if calendar != "auto" else cal) != cal:
        raise DateProblem(f"month {month_name!r} does not belong to the calendar of year {year}")
    month = SOLAR_MONTHS[month_name] if cal == SOLAR_HIJRI else GREGORIAN_MONTHS[month_name]
    return _build(year, month, day, cal)


def _parse_numeric(match: re.Match, calendar: str, day_first: bool) -> ParsedDate:
    first, second, third = match.group(1), match.group(2), match.group(3)
    if third is None:
        if len(first) != 4:
            raise DateProblem(f"cannot read '{first}/{second}' as a date (no year)")
        year, month, day = int(first), int(second), None
    elif len(first) == 4:
        year, month, day = int(first), int(second), int(third)
    elif len(third) == 4:
        a, b = int(first), int(second)
        day, month = (a, b) if day_first else (b, a)
        year = int(third)
    else:
        raise DateProblem(f"cannot tell the year in '{match.group(0)}'")
    if day == 0:
        raise DateProblem("day 0 does not exist")
    return _build(year, month, day, _calendar_of_year(year, calendar))


def to_solar_hijri(day: dt.date) -> tuple[int, int, int]:
    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


def format_solar_hijri(day: dt.date, lang: str = "en") -> str:
    """``2026-01-08`` → ``18 Dey 1404`` (en) or ``۱۸ دی ۱۴۰۴`` (fa)."""
    year, month, d = to_solar_hijri(day)
    if lang == "fa":
        return to_persian_digits(f"{d} {SOLAR_MONTH_NAMES_FA[month - 1]} {year}")
    return f"{d} {SOLAR_MONTH_NAMES_EN[month - 1]} {year}"


def to_persian_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
