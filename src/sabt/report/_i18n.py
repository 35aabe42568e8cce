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
import tomllib
from importlib import resources

from sabt.dates import SOLAR_MONTH_NAMES_EN, SOLAR_MONTH_NAMES_FA, to_persian_digits, to_solar_hijri

LANGS = ("en", "fa")
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
        return to_persian_digits(text) if self.rtl else text

    def num(self, value: float | None) -> str:
        if value is None:
            return "–"
        text = f"{round(value):,}"
        if self.rtl:
            return to_persian_digits(text.replace(",", "٬"))
        return text

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

    def short(self, day: dt.date) -> str:
        """``8 Jan`` in English, ``۱۸ دی`` (Solar Hijri) in Persian."""
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
        return self("common.span", start=self.date(start, start_precision), end=self.date(end, end_precision))

    # -- vocabulary with a fallback to the data's own word ------------------------------
    def term(self, group: str, value: str | None) -> str:
        if value is None or value == "":
            return ""
        key = f"{group}.{value}"
        if key in self._table:
            return self(key)
        return value.replace("_", " ")
