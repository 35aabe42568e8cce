"""Date expressions in report prose, and the year a reader would give them.

Reports write "by January 16", "from December 28 to January 11", "during January 8-9, 2026",
"on 22 February", "by mid-January", "between 2013 and 2019". A month without a year takes
the year the text last wrote next to that month ("late December 2025" … "December 28"); else
the year of the report date (a month after the report's month is the year before); else
``default_year``. A range that runs from December into January crosses the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass

MONTHS = {
    name.lower(): number
    for number, name in enumerate(calendar.month_name)
    if name
}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_DASH = r"\s*[-–—]\s*"
_YEAR = r"(?:19|20)\d{2}"

# Month-first: "January 8", "January 8-9, 2026", "mid-January 2026", "December 2025".
MONTH_FIRST = re.compile(
    rf"\b(?P<part>mid-|early\s+|late\s+|end\s+of\s+)?(?P<month>{_MONTH})"
    rf"(?:\s+(?P<day>\d{{1,2}})(?!\d|,\d{{3}})(?:st|nd|rd|th)?(?:(?:{_DASH}|\s+to\s+)(?P<day2>\d{{1,2}})(?!\d|,\d))?)?"
    rf"(?:,?\s+(?P<year>{_YEAR}))?\b"
)
# Day-first: "22 February", "1–28 February 2026", "14 January".
DAY_FIRST = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:(?:{_DASH}|\s+(?:and|to)\s+)(?P<day2>\d{{1,2}}))?\s+(?:of\s+)?(?P<month>{_MONTH})"
    rf"(?:,?\s+(?P<year>{_YEAR}))?\b"
)
YEARS = re.compile(rf"\b(?P<year>{_YEAR})(?:{_DASH}(?P<year2>{_YEAR}|\d{{2}}))?\b(?!,\d)")


@dataclass
class DateMention:
    start: int
    end: int
    first: dt.date
    last: dt.date
    precision: str  # day, month, year
    explicit_year: bool
    month: int | None = None

    @property
    def is_range(self) -> bool:
        return self.first != self.last


class YearContext:
    """Remembers the year the text wrote next to each month, to give years to the others."""

    def __init__(self, default_year: int | None, report_date: dt.date | None):
        self.default_year = default_year
        self.report_date = report_date
        self.month_years: dict[int, int] = {}

    def learn(self, text: str) -> None:
        for match in MONTH_FIRST.finditer(text):
            if match.group("year"):
                self.month_years[MONTHS[match.group("month").lower().rstrip(".")]] = int(match.group("year"))
        for match in DAY_FIRST.finditer(text):
            if match.group("year"):
                self.month_years[MONTHS[match.group("month").lower().rstrip(".")]] = int(match.group("year"))

    def year_for(self, month: int) -> int | None:
        if month in self.month_years:
            return self.month_years[month]
        if self.report_date is not None:
            year = self.report_date.year
            return year - 1 if month > self.report_date.month else year
        if self.default_year is not None:
            return self.default_year
        if self.month_years:
            # nearest known month: a December before a known January is the year before
            known_month, known_year = max(self.month_years.items(), key=lambda kv: kv[1] * 12 + kv[0])
            return known_year - 1 if month > known_month + 6 else known_year
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str, years: YearContext) -> list[DateMention]:
    """Every date mention of ``text`` (positions relative to it), years inferred."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= a or start >= b for a, b in taken)

    for pattern in (DAY_FIRST, MONTH_FIRST):
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            month = MONTHS[match.group("month").lower().rstrip(".")]
            # "May" and "March" are words too: need a day or a year beside them
            if match.group("month").lower() in ("may", "march") and not (match.group("day") or match.group("year")):
                continue
            year_text = match.group("year")
            year = int(year_text) if year_text else years.year_for(month)
            if year is None:
                continue
            day, day2 = match.group("day"), match.group("day2")
            part = (match.groupdict().get("part") or "").strip().lower()
            if day:
                first = _safe_date(year, month, int(day))
                last = _safe_date(year, month, int(day2)) if day2 else first
                precision = "day"
            elif part == "mid-":
                first = last = dt.date(year, month, 15)
                precision = "day"
            elif part.startswith("early"):
                first, last, precision = dt.date(year, month, 1), dt.date(year, month, 10), "month"
            elif part.startswith(("late", "end")):
                first, last, precision = dt.date(year, month, 21), _month_end(year, month), "month"
            else:
                first, last, precision = dt.date(year, month, 1), _month_end(year, month), "month"
            if first is None or last is None or last < first:
                continue
            found.append(DateMention(match.start(), match.end(), first, last, precision, bool(year_text), month))
            taken.append((match.start(), match.end()))
    for match in YEARS.finditer(text):
        if not free(match.start(), match.end()):
            continue
        year = int(match.group("year"))
        year2_text = match.group("year2")
        year2 = year
        if year2_text:
            year2 = int(year2_text) if len(year2_text) == 4 else (year // 100) * 100 + int(year2_text)
            if year2 < year or year2 - year > 30:
                continue
        found.append(DateMention(match.start(), match.end(), dt.date(year, 1, 1), dt.date(year2, 12, 31), "year", True))
        taken.append((match.start(), match.end()))
    found.sort(key=lambda d: d.start)
    # a December in a range that ends in January belongs to the year before; a range's months keep its order
    for before, after in itertools.pairwise(found):
        between = text[before.end : after.start].strip().lower()
        if (between in ("to", "and", "-", "–", "—", "until", "through") and not before.explicit_year
                and before.month and after.month and before.month > after.month
                and before.first.year >= after.first.year):
            shift = after.first.year - 1
            before.first = before.first.replace(year=shift)
            before.last = before.last.replace(year=shift)
        elif (between in ("to", "and", "-", "–", "—", "until", "through") and not before.explicit_year
                and not after.explicit_year and before.month and after.month and before.month <= after.month
                and before.first.year > after.first.year):
            # "From January 1 to September 30" in a report of March: both in the year before
            before.first = before.first.replace(year=after.first.year)
            before.last = before.last.replace(year=after.first.year)
    return found


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"\b(?:(?:late|early)\s+)?(?:on\s+)?(?:last\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?P<possessive>['’]s)?\b(?:\s+(?:night|morning|evening|afternoon))?"
)
_REPORTED = (r"(?:said|says|say|reported|reports|announced|stated|confirmed|told\b[^.;]{0,60}?|wrote\b[^.;]{0,30}?|"
             r"published|released|updated)")
_STATEMENT_BEFORE = re.compile(_REPORTED + r"\s+$", re.IGNORECASE)
_STATEMENT_AFTER = re.compile(r"\s*,?\s*(?:also\s+)?" + _REPORTED + r"\b", re.IGNORECASE)


@dataclass
class WeekdayDate:
    day: dt.date
    statement: bool  # the day of a statement ("said Monday", "Monday’s toll") rather than of the events


def weekday_date(sentence: str, figure_at: int, report_date: dt.date | None) -> WeekdayDate | None:
    """The weekday nearest the figure, as a date in the week of the report: "killed 14 people Monday"
    (the events' day), "said on Monday", "on Monday said", "Monday’s toll" (the day of the statement)."""
    if report_date is None:
        return None
    found = list(_WEEKDAY.finditer(sentence))
    if not found:
        return None
    match = min(found, key=lambda m: min(abs(m.start() - figure_at), abs(m.end() - figure_at)))
    back = (report_date.weekday() - _WEEKDAYS.index(match.group("day").lower())) % 7
    statement = bool(_STATEMENT_BEFORE.search(sentence[max(0, match.start() - 80) : match.start()])
                     or _STATEMENT_AFTER.match(sentence, match.end())
                     or (match.group("possessive") and re.match(r"\s+(?:toll|tally|count|figures?|update|report|statement)\b",
                                                                sentence[match.end() :])))
    return WeekdayDate(report_date - dt.timedelta(days=back), statement)
