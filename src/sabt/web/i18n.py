"""English and Persian interface: message tables, Persian digits, Solar Hijri dates.

Message tables live in ``i18n/en.toml`` and ``i18n/fa.toml`` (flat ``key = "text"``); a key
missing in Persian falls back to English, a key missing in both shows itself (so the gap is
visible, and ``tests/web/test_i18n.py`` lists any).

>>> fa_digits("2,403")
'۲٬۴۰۳'
>>> show_date(datetime.date(2026, 1, 8), "fa")
'۱۸ دی ۱۴۰۴'
"""

from __future__ import annotations

import datetime
import tomllib
from functools import lru_cache
from pathlib import Path

import jdatetime

LANGS = ("en", "fa")
HERE = Path(__file__).parent / "i18n"
_FA_DIGITS = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")
_JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=None)
def table(lang: str) -> dict[str, str]:
    path = HERE / f"{lang}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def translate(lang: str, key: str) -> str:
    return table(lang).get(key) or table("en").get(key) or key


def fa_digits(text) -> str:
    return str(text).translate(_FA_DIGITS)


def show_number(value, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return fa_digits(text) if lang == "fa" else text


def show_date(value, lang: str, precision: str | None = "day") -> str:
    """ISO date → "8 Jan 2026" (en) or "۱۸ دی ۱۴۰۴" (fa, Solar Hijri); a month-precision date
    "Jan 2026" (fa: both Solar Hijri months it overlaps), a year "2026": never the 1st."""
    if value is None:
        return "—"
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime.datetime):
        value = value.date()
    if precision == "year":
        return fa_digits(value.year) if lang == "fa" else str(value.year)
    if precision == "month":
        if lang == "fa":
            import calendar

            first = jdatetime.date.fromgregorian(date=value.replace(day=1))
            last = jdatetime.date.fromgregorian(
                date=value.replace(day=calendar.monthrange(value.year, value.month)[1]))
            return fa_digits(f"{_JALALI_MONTHS[first.month - 1]}–{_JALALI_MONTHS[last.month - 1]} {last.year}")
        return f"{_EN_MONTHS[value.month - 1]} {value.year}"
    if lang == "fa":
        j = jdatetime.date.fromgregorian(date=value)
        return fa_digits(f"{j.day} {_JALALI_MONTHS[j.month - 1]} {j.year}")
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


def show_datetime(value, lang: str) -> str:
    if value is None:
        return "—"
    text = f"{show_date(value, lang)} {value:%H:%M} UTC" if isinstance(value, datetime.datetime) else show_date(value, lang)
    return fa_digits(text) if lang == "fa" else text


class Translator:
    def __init__(self, lang: str):
        self.lang = lang if lang in LANGS else "en"
        self.dir = "rtl" if self.lang == "fa" else "ltr"

    def __call__(self, key: str) -> str:
        return translate(self.lang, key)

    def label(self, group: str, value) -> str:
        """A vocabulary value by its name, never its key: ``label("metric", "killed")`` →
        "people killed" / "کشته‌شدگان". A value without a message (a list's own status word)
        shows as written; a metric without one falls back to the vocabulary's English name."""
        if value is None or value == "":
            return "—"
        key = f"{group}.{value}"
        text = translate(self.lang, key)
        if text != key:
            return text
        if group == "metric":
            from sabt.claims.vocab import METRICS
            return METRICS.get(value, str(value))
        return str(value)

    def num(self, value) -> str:
        return show_number(value, self.lang)

    def date(self, value, precision: str | None = "day") -> str:
        return show_date(value, self.lang, precision)

    def datetime(self, value) -> str:
        return show_datetime(value, self.lang)

    def date_input(self, value) -> str:
        """A stored date as its entry field shows it: ``۱۴۰۴/۱۰/۱۸`` in Persian (Solar Hijri),
        ``2026-01-08`` in English."""
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value[:10])
            except ValueError:
                return value            # as the user typed it (shown back with its error)
        if self.lang == "fa":
            j = jdatetime.date.fromgregorian(date=value)
            return fa_digits(f"{j.year:04d}/{j.month:02d}/{j.day:02d}")
        return value.isoformat()

    def digits(self, value) -> str:
        if value is None:
            return "—"
        return fa_digits(value) if self.lang == "fa" else str(value)
