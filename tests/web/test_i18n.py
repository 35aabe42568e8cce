"""The interface in English and Persian: every key in both, Persian digits, Solar Hijri dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sabt.web import i18n

TEMPLATES = Path(i18n.__file__).parent / "templates"


def test_persian_has_every_english_key():
    assert set(i18n.table("en")) - set(i18n.table("fa")) == set()


def test_every_literal_key_in_templates_is_translated():
    keys = set()
    for path in TEMPLATES.glob("*.html"):
        keys |= set(re.findall(r"""t\(["']([a-z_.0-9]+)["']\)""", path.read_text(encoding="utf-8")))
    assert keys - set(i18n.table("en")) == set()


def test_digits_and_dates():
    assert i18n.show_number(2403, "fa") == "۲٬۴۰۳"
    assert i18n.show_number(2403, "en") == "2,403"
    assert i18n.show_date(dt.date(2026, 1, 8), "fa") == "۱۸ دی ۱۴۰۴"
    assert i18n.show_date(dt.date(2026, 3, 21), "fa") == "۱ فروردین ۱۴۰۵"
    assert i18n.show_date("2026-01-08", "en") == "8 Jan 2026"
    assert i18n.Translator("fa").dir == "rtl" and i18n.Translator("xx").lang == "en"
