"""Labels, numbers and dates in the report's language.

Every word the report prints that does not come from the case file comes from a
translation table: ``i18n/en.toml`` and ``i18n/fa.toml`` (same keys; a missing Persian
key falls back to English, and a test lists any). Numbers and dates are formatted here:
Persian digits and the Arabic thousands separator (٬) in Persian, Solar Hijri first.

>>> tr = Translator("fa")
>>> tr.num(2403)
'۲٬۴۰۳'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from importlib import resources

from sabt.claims.values import format_count
from sabt.dates import SOLAR_MONTH_NAMES_EN, SOLAR_MONTH_NAMES_FA, to_persian_digits, to_solar_hijri
from sabt.report._bidi import LRI, PDI, foreign, ltr

LANGS = ("en", "fa")
_LTR_RUNS = re.compile(f"({LRI}[^{PDI}]*{PDI})")


def _digits_outside_codes(text: str) -> str:
    """Persian digits, except a digit that continues a Latin letter's code ("F3", "IR23")."""
    out, in_code = [], False
    for ch in text:
        if ch.isascii() and ch.isalpha():
            in_code = True
        elif not (ch.isascii() and ch.isdigit()):
            in_code = False
        elif not in_code:
            ch = to_persian_digits(ch)
        out.append(ch)
    return "".join(out)
GREG_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec"]
GREG_MONTHS_EN_LONG = ["January", "February", "March", "April", "May", "June", "July",
                       "August", "September", "October", "November", "December"]
GREG_MONTHS_FA = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر",
                  "اکتبر", "نوامبر", "دسامبر"]


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = str(value)
    return out


@functools.cache
def load_table(lang: str) -> dict[str, str]:
    data = resources.files("sabt.report") / "i18n" / f"{lang}.toml"
    return _flatten(tomllib.loads(data.read_text(encoding="utf-8")))


class Translator:
    """``tr("section.summary")``, ``tr.num(2403)``, ``tr.date(day)``; ``tr.rtl`` for layout."""

    def __init__(self, lang: str = "en", visual_svg: bool = False):
        if lang not in LANGS:
            raise ValueError(f"unknown report language {lang!r} (use one of {', '.join(LANGS)})")
        self.lang = lang
        self.rtl = lang == "fa"
        # Persian chart labels in visual order, for WeasyPrint's SVG renderer (see _svg.visual_order)
        self.visual_svg = visual_svg and self.rtl
        self._table = load_table("en") | (load_table(lang) if lang != "en" else {})

    def __call__(self, key: str, **values) -> str:
        text = self._table.get(key)
        if text is None:
            raise KeyError(f"no label {key!r} in the report's translation table")
        if values:
            text = text.format(**values)
        return self.digits(text) if self.rtl else text

    def has(self, key: str) -> bool:
        return key in self._table

    def get(self, key: str, default: str) -> str:
        return self(key) if key in self._table else (self.digits(default) if self.rtl else default)

    # -- numbers --------------------------------------------------------------------
    def digits(self, text: str) -> str:
        """Persian digits in Persian, except in a left-to-right isolate (a code, text quoted in
        English) and in a code whose digit follows a Latin letter ("F3" stays "F3")."""
        if not self.rtl:
            return text
        return "".join(part if part.startswith(LRI) else _digits_outside_codes(part)
                       for part in _LTR_RUNS.split(text))

    def code(self, text: str | None) -> str:
        """A code shown as it is written, left to right, in both editions (a grade: "F3")."""
        return ltr(text) if self.rtl and text else (text or "")

    def num(self, value: float | None) -> str:
        if value is None:
            return "–"
        text = f"{round(value):,}"
        if self.rtl:
            return to_persian_digits(text.replace(",", "٬"))
        return text

    def count(self, low: int | None, best: int | None, high: int | None, qualifier: str | None) -> str:
        """A claim's value as its source stated it ("more than 3,000", "thousands")."""
        return format_count(low, best, high, qualifier, lang=self.lang, num=self.num,
                            own_words=foreign if self.rtl else None)

    def pct(self, value: float) -> str:
        text = f"{value:.0f}%"
        return to_persian_digits(text).replace("%", "٪") if self.rtl else text

    # -- dates ----------------------------------------------------------------------
    def greg(self, day: dt.date, short: bool = False) -> str:
        if self.rtl:
            return to_persian_digits(f"{day.day} {GREG_MONTHS_FA[day.month - 1]} {day.year}")
        months = GREG_MONTHS_EN if short else GREG_MONTHS_EN_LONG
        return f"{day.day} {months[day.month - 1]} {day.year}"

    def solar(self, day: dt.date) -> str:
        year, month, d = to_solar_hijri(day)
        if self.rtl:
            return to_persian_digits(f"{d} {SOLAR_MONTH_NAMES_FA[month - 1]} {year}")
        return f"{d} {SOLAR_MONTH_NAMES_EN[month - 1]} {year}"

    def date(self, day: dt.date | None, precision: str | None = "day") -> str:
        """Both calendars: ``16 January 2026 (26 Dey 1404)``; Solar Hijri first in Persian.

        A month-precision date reads ``January 2026 (Dey–Bahman 1404)``, a year ``2026``: a
        partial date is never shown as its first day.
        """
        if day is None:
            return self("common.undated")
        if precision == "year":
            return to_persian_digits(str(day.year)) if self.rtl else str(day.year)
        if precision == "month":
            return self._month(day)
        if self.rtl:
            return f"{self.solar(day)} ({self.greg(day)})"
        return f"{self.greg(day)} ({self.solar(day)})"

    def day_month(self, day: dt.date) -> tuple[str, str]:
        """Axis tick: (main line, second line) — Gregorian and Solar Hijri day and month."""
        _, smonth, sday = to_solar_hijri(day)
        if self.rtl:
            return (to_persian_digits(f"{sday} {SOLAR_MONTH_NAMES_FA[smonth - 1]}"),
                    to_persian_digits(f"{day.day} {GREG_MONTHS_FA[day.month - 1]}"))
        return (f"{day.day} {GREG_MONTHS_EN[day.month - 1]}",
                f"{sday} {SOLAR_MONTH_NAMES_EN[smonth - 1]}")

    def short(self, day: dt.date, precision: str | None = "day") -> str:
        """``8 Jan`` in English, ``۱۸ دی`` (Solar Hijri) in Persian; a month-precision date
        ``Jan 2026`` / ``ژانویه ۲۰۲۶``, a year ``2026`` (never the 1st of the month)."""
        if precision == "year":
            return self.digits(str(day.year))
        if precision == "month":
            months = GREG_MONTHS_FA if self.rtl else GREG_MONTHS_EN
            return self.digits(f"{months[day.month - 1]} {day.year}")
        return self.day_month(day)[0]

    def _month(self, day: dt.date) -> str:
        import calendar

        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        (y1, m1, _), (y2, m2, _) = to_solar_hijri(day.replace(day=1)), to_solar_hijri(last)
        names = SOLAR_MONTH_NAMES_FA if self.rtl else SOLAR_MONTH_NAMES_EN
        solar = f"{names[m1 - 1]}–{names[m2 - 1]} {y2}" if y1 == y2 else f"{names[m1 - 1]} {y1}–{names[m2 - 1]} {y2}"
        if self.rtl:
            greg = f"{GREG_MONTHS_FA[day.month - 1]} {day.year}"
            return to_persian_digits(f"{solar} ({greg})")
        return f"{GREG_MONTHS_EN_LONG[day.month - 1]} {day.year} ({solar})"

    def span(self, start: dt.date | None, end: dt.date | None, start_precision: str | None = "day",
             end_precision: str | None = "day", open_ended: bool = False) -> str:
        """A period; ``open_ended`` says a missing end means "still on record", not one day."""
        if start is None:
            return self("common.undated")
        if end is None and open_ended:
            return self("common.since", start=self.date(start, start_precision))
        if end is None or (end == start and end_precision == start_precision):
            return self.date(start, start_precision)
        compact = self._days_of_one_month(start, end, start_precision, end_precision)
        if compact:
            return compact
        return self("common.span", start=self.date(start, start_precision), end=self.date(end, end_precision))

    def _days_of_one_month(self, start: dt.date, end: dt.date, start_precision: str | None,
                           end_precision: str | None) -> str | None:
        """``8–9 January 2026 (18–19 Dey 1404)`` when both ends are days of one month in both
        calendars; else ``None``."""
        if (start_precision or "day") != "day" or (end_precision or "day") != "day":
            return None
        (sy1, sm1, sd1), (sy2, sm2, sd2) = to_solar_hijri(start), to_solar_hijri(end)
        if (start.year, start.month) != (end.year, end.month) or (sy1, sm1) != (sy2, sm2):
            return None
        if self.rtl:
            greg = f"{start.day}–{end.day} {GREG_MONTHS_FA[start.month - 1]} {start.year}"
            return to_persian_digits(f"{sd1}–{sd2} {SOLAR_MONTH_NAMES_FA[sm1 - 1]} {sy1} ({greg})")
        return (f"{start.day}–{end.day} {GREG_MONTHS_EN_LONG[start.month - 1]} {start.year} "
                f"({sd1}–{sd2} {SOLAR_MONTH_NAMES_EN[sm1 - 1]} {sy1})")

    def scope(self, as_of: dt.date | None, period_start: dt.date | None, period_end: dt.date | None,
              precision: str | None = "day") -> str:
        """What period a figure covers: ``8–9 January 2026 only``, ``from 28 December 2025 to
        16 January 2026``, ``as of 16 January 2026`` (cumulative), or ``undated``."""
        if period_start and period_end and (as_of is None or as_of != period_end or period_start == period_end):
            return self("scope.only", span=self.span(period_start, period_end, precision, precision))
        if period_start and (as_of or period_end):
            return self("scope.from_to", start=self.date(period_start, precision),
                        end=self.date(as_of or period_end, precision))
        if period_start:
            return self("scope.from", start=self.date(period_start, precision))
        if as_of:
            return self("scope.as_of", date=self.date(as_of, precision))
        return self("common.undated")

    # -- vocabulary with a fallback to the data's own word ------------------------------
    def term(self, group: str, value: str | None) -> str:
        if value is None or value == "":
            return ""
        key = f"{group}.{value}"
        if key in self._table:
            return self(key)
        return value.replace("_", " ")
