"""A reported count kept as the source stated it, and shown only that way.

A claim's value is stored as low / best / high (the UCDP GED convention) **with the numbers the
source wrote** and its qualifier; nothing is added, subtracted or invented:

    parse_count("at least 2,403")        # Count(low=2403, best=2403, high=None, qualifier="at least")
    parse_count("more than 3,000")       # Count(low=3000, best=None, high=None, qualifier="more than")
    parse_count("nearly 5,000")          # Count(low=None, best=5000, high=None, qualifier="nearly")
    parse_count("approximately 5,000")   # Count(low=None, best=5000, high=None, qualifier="approximately")
    parse_count("12,000-20,000")         # Count(low=12000, best=None, high=20000, qualifier="range")
    parse_count("up to 800")             # Count(low=None, best=None, high=800, qualifier="up to")
    parse_count("fewer than 100")        # Count(low=None, best=None, high=100, qualifier="fewer than")
    parse_count("thousands")             # Count(low=None, best=None, high=None, qualifier="vague: thousands")

"more than 3,000" keeps 3,000 in ``low`` (the qualifier says the bound is exclusive); a vague
word keeps no number at all. Every view renders a value with :func:`format_count`, which
prints exactly these words and numbers ("more than 3,000", "nearly 5,000", "thousands").

Where arithmetic needs a number (sorting, "the lowest figure"), :func:`reading` gives sabt's
own, versioned reading of a value (``data/vague_numbers.toml``); it is labelled as sabt's and
never displayed as the source's figure.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sabt.text import normalize_text

# the source's phrase → the qualifier sabt keeps (its meaning, not a paraphrase that changes it)
QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "minimum of": "at least", "≥": "at least",
    "more than": "more than", "over": "more than", "in excess of": "more than", ">": "more than",
    "exceeding": "more than", "upwards of": "more than",
    "approximately": "approximately", "about": "approximately", "around": "approximately",
    "roughly": "approximately", "some": "approximately", "an estimated": "approximately",
    "estimated": "approximately", "~": "approximately", "c.": "approximately", "circa": "approximately",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly",
    "up to": "up to", "as many as": "up to", "at most": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "<": "fewer than", "≤": "up to",
    "exactly": "exact",
}
# the qualifiers a stored value may carry, each with the field its number is kept in
KINDS = {
    "exact": "best", "at least": "low", "more than": "low", "approximately": "best", "nearly": "best",
    "up to": "high", "fewer than": "high", "range": "low", "vague": None,
}
NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
SCALE = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000}
VAGUE_PREFIX = "vague: "


class CountProblem(ValueError):
    pass


@dataclass(frozen=True)
class Count:
    """A count as its source stated it (see the module's examples)."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None


@lru_cache(maxsize=1)
def vague_rules() -> tuple[str, dict[str, tuple[int, int | None, int]]]:
    """sabt's versioned reading of vague words: ``(version, {word: (low, best, high)})``."""
    document = tomllib.loads((Path(__file__).parent / "data" / "vague_numbers.toml").read_text("utf-8"))
    words = {w: (a, b or None, c) for w, (a, b, c) in document["words"].items()}
    return document["version"], words


def _number(text: str, scale: str | None) -> int:
    value = float(text.replace(",", ""))
    if scale:
        value *= SCALE[scale.lower()]
    return int(round(value))


def parse_count(text: str) -> Count:
    cleaned = normalize_text(str(text)).lower().replace("–", "-").replace("—", "-")
    cleaned = re.sub(r"\s+(people|persons|deaths|killed|dead|individuals)$", "", cleaned).strip()
    if not cleaned:
        raise CountProblem("empty count")
    _, words = vague_rules()
    if cleaned in words:
        low, best, high = words[cleaned]
        if low == best == high:  # "a dozen" is a number, not a vague quantity
            return Count(best, best, best, "exact")
        return Count(None, None, None, VAGUE_PREFIX + cleaned)
    scale_re = r"(?:\s*(thousand|million|k|m)\b)?"
    range_match = re.fullmatch(
        rf"(?:between\s+)?({NUMBER}){scale_re}\s*(?:-|to|and)\s*({NUMBER}){scale_re}", cleaned
    )
    if range_match:
        low_text, low_scale, high_text, high_scale = range_match.groups()
        low = _number(low_text, low_scale or high_scale)
        high = _number(high_text, high_scale)
        if low > high:
            raise CountProblem(f"range {text!r} runs backwards")
        return Count(low, None, high, "range")
    for phrase in sorted(QUALIFIERS, key=len, reverse=True):
        if cleaned.startswith(phrase):
            rest = cleaned[len(phrase) :].strip()
            match = re.fullmatch(rf"({NUMBER}){scale_re}\+?", rest)
            if match:
                value = _number(match.group(1), match.group(2))
                return qualified(value, QUALIFIERS[phrase])
    match = re.fullmatch(rf"({NUMBER}){scale_re}(\+)?", cleaned)
    if match:
        value = _number(match.group(1), match.group(2))
        return qualified(value, "at least") if match.group(3) else Count(value, value, value, "exact")
    raise CountProblem(f"cannot read {text!r} as a count")


def qualified(value: int, qualifier: str) -> Count:
    """The stored form of ``qualifier value``: the number goes, unchanged, where KINDS says."""
    if qualifier == "at least":
        return Count(value, value, None, qualifier)
    if qualifier == "more than":
        return Count(value, None, None, qualifier)
    if qualifier in ("up to", "fewer than"):
        return Count(None, None, value, qualifier)
    if qualifier == "exact":
        return Count(value, value, value, qualifier)
    return Count(None, value, None, qualifier)


# -- what the source said, as words and numbers ---------------------------------------------

@dataclass(frozen=True)
class Stated:
    """A stored value taken apart for display: ``kind`` (a KINDS key, or ``None`` for no
    figure), the stated ``numbers`` in reading order, the vague ``word``, ``note`` (the
    source's own words after ``;`` in a free-text qualifier, "possibly as high as") and
    ``further``, one more stated number (a range's best figure, or the number after the note)."""

    kind: str | None
    numbers: tuple[int, ...] = ()
    word: str | None = None
    note: str | None = None
    further: int | None = None


def stated(low: int | None, best: int | None, high: int | None, qualifier: str | None) -> Stated:
    """Read a stored value back as the source stated it (no arithmetic on the numbers)."""
    head, _, note = (qualifier or "").partition(";")
    head, note = head.strip().lower(), note.strip() or None
    if head.startswith(VAGUE_PREFIX) or head == "vague":
        word = head[len(VAGUE_PREFIX):].split(" (rules")[0].strip() if head != "vague" else None
        return Stated("vague", word=word or None, note=note)
    kind = QUALIFIERS.get(head, head if head in KINDS else None)
    if kind == "range" or (kind is None and low is not None and high is not None and low != high):
        if low is None or high is None:
            return Stated(None, note=note)
        extra_best = best if best not in (None, low, high) else None
        return Stated("range", (low, high), note=note, further=extra_best)
    if kind in KINDS and kind != "vague":
        number = {"low": low, "best": best, "high": high}[KINDS[kind]]
        if number is None:  # qualifier and field disagree: fall back to what is stored
            number = next((v for v in (best, low, high) if v is not None), None)
        if number is None:
            return Stated(None, note=note)
        rest = high if kind in ("at least", "more than") and high not in (None, number) else None
        if rest is not None and note is None:
            return Stated("range", (number, rest))
        return Stated(kind, (number,), note=note, further=rest)
    if head:  # a word sabt does not know ("confirmed", "documented"): the number, plainly
        number = next((v for v in (best, low, high) if v is not None), None)
        return Stated("exact", (number,), note=note) if number is not None else Stated(None, note=note)
    # no qualifier: infer from which fields are filled
    if low is not None and high is None and best in (None, low):
        return Stated("at least", (low,), note=note)
    if best is None and low is None and high is not None:
        return Stated("up to", (high,), note=note)
    number = next((v for v in (best, low, high) if v is not None), None)
    return Stated("exact", (number,), note=note) if number is not None else Stated(None, note=note)


PHRASES = {
    "en": {"exact": "{n}", "at least": "at least {n}", "more than": "more than {n}",
           "approximately": "approximately {n}", "nearly": "nearly {n}", "up to": "up to {n}",
           "fewer than": "fewer than {n}", "range": "{low}–{high}", "best": "(best {best})",
           "none": "no figure"},
    "fa": {"exact": "{n}", "at least": "دست‌کم {n}", "more than": "بیش از {n}",
           "approximately": "حدود {n}", "nearly": "نزدیک به {n}", "up to": "تا {n}",
           "fewer than": "کمتر از {n}", "range": "{low} تا {high}", "best": "(بهترین برآورد {best})",
           "none": "بدون رقم"},
}
# a vague word in each language (the source's word is shown in its own language's equivalent)
VAGUE_WORDS = {
    "a few": ("a few", "چند"), "several": ("several", "چندین"), "dozens": ("dozens", "ده‌ها"),
    "scores": ("scores", "ده‌ها"), "hundreds": ("hundreds", "صدها"),
    "several hundred": ("several hundred", "چند صد"), "thousands": ("thousands", "هزاران"),
    "several thousand": ("several thousand", "چند هزار"),
    "tens of thousands": ("tens of thousands", "ده‌ها هزار"),
    "hundreds of thousands": ("hundreds of thousands", "صدها هزار"),
    "ده‌ها": ("dozens", "ده‌ها"), "صدها": ("hundreds", "صدها"), "هزاران": ("thousands", "هزاران"),
}
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def number_text(value: float, lang: str = "en") -> str:
    """``2,403`` / ``۲٬۴۰۳``."""
    text = f"{round(value):,}"
    return text.replace(",", "٬").translate(PERSIAN_DIGITS) if lang == "fa" else text


def format_count(low: int | None, best: int | None, high: int | None, qualifier: str | None,
                 lang: str = "en", num: Callable[[float], str] | None = None,
                 own_words: Callable[[str], str] | None = None) -> str:
    """The one way a value is shown, in every view (report, web, API, exports, CLI):
    ``more than 3,000``, ``nearly 5,000``, ``12,000–20,000``, ``thousands``,
    ``at least 366; likely more than 400`` — or in Persian ``بیش از ۳٬۰۰۰``.

    ``num`` formats a number (default: :func:`number_text` in ``lang``). Only numbers the
    source stated are printed; a vague word is printed as a word. ``own_words`` marks the
    source's own words kept in a free-text qualifier (the Persian report marks them as English).
    """
    lang = lang if lang in PHRASES else "en"
    num = num or (lambda v: number_text(v, lang))
    phrases = PHRASES[lang]
    s = stated(low, best, high, qualifier)
    if s.kind is None:
        text = phrases["none"]
    elif s.kind == "vague":
        words = VAGUE_WORDS.get(s.word or "")
        text = (words[lang == "fa"] if words else s.word) or phrases["none"]
    elif s.kind == "range":
        text = phrases["range"].format(low=num(s.numbers[0]), high=num(s.numbers[1]))
    else:
        text = phrases[s.kind].format(n=num(s.numbers[0]))
    if s.further is not None and s.kind == "range":
        text += " " + phrases["best"].format(best=num(s.further))
    if s.note:
        tail = own_words(s.note) if own_words else s.note
        if s.further is not None and s.kind != "range" and not re.search(r"\d", tail):
            tail += " " + num(s.further)
        text += ("؛ " if lang == "fa" else "; ") + tail
    return text


# -- sabt's reading, for arithmetic only -------------------------------------------------------

READING_VERSION = "2026-12-1"


@dataclass(frozen=True)
class Reading:
    """sabt's numeric reading of a value (version ``version``): a sort key and bounds.

    Never shown as the source's figure; where a view uses it, it says "sabt's reading".
    ``low`` is inclusive; "more than 3,000" reads as ``low=3000, exclusive_low=True``.
    """

    low: float | None
    point: float | None
    high: float | None
    exclusive_low: bool
    version: str


def reading(low: int | None, best: int | None, high: int | None, qualifier: str | None) -> Reading:
    """A number to sort and compare by: the stated number; for a vague word, the versioned
    rules of ``data/vague_numbers.toml``."""
    s = stated(low, best, high, qualifier)
    rules_version, words = vague_rules()
    version = f"{READING_VERSION}/vague {rules_version}"
    if s.kind == "vague":
        bounds = words.get(s.word or "")
        if bounds is None:
            return Reading(None, None, None, False, version)
        lo, b, hi = bounds
        return Reading(lo, b if b is not None else lo, hi, False, version)
    if s.kind is None:
        return Reading(None, None, None, False, version)
    if s.kind == "range":
        lo, hi = s.numbers
        return Reading(lo, s.further if s.further is not None else lo, hi, False, version)
    n = s.numbers[0]
    if s.kind in ("at least", "more than"):
        return Reading(n, n, s.further, s.kind == "more than", version)
    if s.kind in ("up to", "fewer than"):
        return Reading(None, n, n, False, version)
    return Reading(n if s.kind == "exact" else None, n, n if s.kind == "exact" else None, False, version)
