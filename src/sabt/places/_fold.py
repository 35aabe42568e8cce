"""Matching keys for place names (private to :mod:`sabt.places`).

A *key* is what two spellings of one name have in common once encoding habits and
transliteration noise are removed.  It is never shown to anyone; display names stay as
written in the data files.  :mod:`sabt.names` owns person-name folding; place folding is
deliberately kept here, small and place-specific.

Rules, each with an example:

1. Unicode compatibility forms and presentation forms are unfolded (NFKD):
   ``"ﻛﺮﺝ"`` → ``"کرج"``; Latin diacritics and Arabic harakat are dropped:
   ``"Ahvāz"`` → ``"ahvaz"``, ``"تِهران"`` → ``"تهران"``.
2. Arabic letter forms become the Persian ones: ي ى ئ → ی, ك → ک, ة ۀ → ه, أ إ آ ٱ → ا,
   ؤ → و; hamza and tatweel go: ``"كرمانشاه"`` → ``"کرمانشاه"``.
3. Persian and Arabic-Indic digits become ASCII: ``"۱۴۰۴"`` → ``"1404"``.
4. Case is folded and everything that is not a letter or digit goes — spaces, ZWNJ,
   hyphens, apostrophes, ʿayn signs: ``"Shahr-e Kord"`` → ``"shahrekord"``,
   ``"خرم‌آباد"`` and ``"خرم آباد"`` → ``"خرماباد"``.

:func:`loose_key` further merges common Latin transliteration variants (w/v, ou/u,
doubled letters, gh/q, y/i): ``"Ahwaz"`` and ``"Ahvaz"`` → ``"ahvaz"``,
``"Ghom"`` → ``"qom"``.  It is used only when no exact key matches.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh → ی
        "\u0649": "\u06cc",  # ى alef maksura → ی
        "\u0626": "\u06cc",  # ئ yeh with hamza → ی (NFKD already splits it, kept for safety)
        "\u0643": "\u06a9",  # ك Arabic kaf → ک
        "\u0629": "\u0647",  # ة teh marbuta → ه
        "\u06c0": "\u0647",  # ۀ heh with yeh above → ه
        "\u06d5": "\u0647",  # ە Kurdish ae → ه
        "\u06be": "\u0647",  # ھ heh doachashmee → ه
        "\u06c1": "\u0647",  # ہ heh goal (Urdu) → ه
        "\u0623": "\u0627",  # أ → ا
        "\u0625": "\u0627",  # إ → ا
        "\u0622": "\u0627",  # آ → ا
        "\u0671": "\u0627",  # ٱ → ا
        "\u0624": "\u0648",  # ؤ → و
        "\u0621": None,  # ء hamza
        "\u0640": None,  # ـ tatweel
        "\u0131": "i",  # dotless i
        "\u00df": "ss",
        "\u00f8": "o",
        "\u0111": "d",
        "\u0142": "l",
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    }
)
_NOT_ALNUM = re.compile(r"[\W_]+")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")


_NOT_ALNUM_ASCII = re.compile(r"[^a-z0-9]+")


def fold_key(text: str) -> str:
    """The exact matching key of a place name: ``"Kermānshāh"`` → ``"kermanshah"``."""
    if text.isascii():  # fast path: most input
        return _NOT_ALNUM_ASCII.sub("", text.lower())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_LETTERS).casefold()
    return _NOT_ALNUM.sub("", text)


_LOOSE = [
    (re.compile("w"), "v"),
    (re.compile("ou|oo"), "u"),
    (re.compile("ee"), "i"),
    (re.compile("gh"), "q"),
    (re.compile("y"), "i"),
    (re.compile(r"([a-z])\1+"), r"\1"),
]


def loose_key(key: str) -> str:
    """A coarser key for Latin spellings: ``"ahwaz"`` → ``"ahvaz"``, ``"ghom"`` → ``"qom"``.

    Keys in Persian script are returned unchanged (rule 2 of :func:`fold_key` already
    covers their variants).
    """
    if _ARABIC.search(key):
        return key
    for pattern, repl in _LOOSE:
        key = pattern.sub(repl, key)
    return key


def has_arabic_script(text: str) -> bool:
    return bool(_ARABIC.search(text))
