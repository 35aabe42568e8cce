"""Character-level folding every part of sabt applies to what it reads.

Only what is safe for *any* text lives here (digits, Arabic letter forms, invisible marks,
white space); name-specific folding and romanisation live in :mod:`sabt.names`.
"""

from __future__ import annotations

import re
import unicodedata

DIGITS = str.maketrans(
    "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789"
)
"""Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits → ASCII: ``۱۴۰۴`` → ``1404``."""

ARABIC_TO_PERSIAN = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh ي → Persian yeh ی
        "\u0649": "\u06cc",  # alef maksura ى → ی
        "\u0643": "\u06a9",  # Arabic kaf ك → keheh ک
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": ",",  # Arabic thousands separator
        "\u060c": ",",  # Arabic comma ، (kept as a Latin comma for numbers and lists)
    }
)

INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0640]")
"""Bidi marks, BOM and tatweel (ـ): they change nothing a reader sees."""

SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def fold_digits(text: str) -> str:
    return text.translate(DIGITS)


def normalize_text(text: str) -> str:
    """Fold what differs only in encoding habits, keep everything a reader would see.

    ``" ك ـريمي ۲۵ "`` → ``"کریمی 25"``. The zero-width non-joiner is kept (it is part of
    Persian spelling); NFC composition is applied.
    """
    if text.isascii():  # nothing to compose, fold or remove: only white space (the common case)
        return " ".join(text.split())
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE.sub("", text).translate(ARABIC_TO_PERSIAN).translate(DIGITS)
    return SPACES.sub(" ", text).strip()


def has_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff" for ch in text)


def printable(text: str, limit: int = 80) -> str:
    """A value as it may be shown in a message: control characters escaped, length bounded."""
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
