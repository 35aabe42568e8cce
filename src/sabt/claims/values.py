"""Reading a reported count with its qualifier as low / best / high (the UCDP GED convention).

    parse_count("at least 2,403")        # Count(low=2403, best=2403, high=None, qualifier="at least")
    parse_count("more than 3,000")       # Count(low=3001, best=None, high=None, qualifier="more than")
    parse_count("approximately 5,000")   # Count(low=None, best=5000, high=None, qualifier="approximately")
    parse_count("12,000-20,000")         # Count(low=12000, best=None, high=20000, qualifier="range")
    parse_count("up to 800")             # Count(low=None, best=None, high=800, qualifier="up to")
    parse_count("dozens")                # Count(low=24, best=None, high=99, qualifier="vague: dozens")

Vague words follow the versioned rules in ``data/vague_numbers.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sabt.text import normalize_text

QUALIFIERS = {
    "at least": "at least", "no fewer than": "at least", "minimum of": "at least", "≥": "at least",
    "more than": "more than", "over": "more than", "in excess of": "more than", ">": "more than",
    "exceeding": "more than", "upwards of": "more than",
    "approximately": "approximately", "about": "approximately", "around": "approximately",
    "roughly": "approximately", "nearly": "approximately", "almost": "approximately",
    "some": "approximately", "an estimated": "approximately", "estimated": "approximately",
    "~": "approximately", "c.": "approximately", "circa": "approximately",
    "up to": "up to", "as many as": "up to", "at most": "up to", "fewer than": "up to",
    "less than": "up to", "≤": "up to", "<": "up to",
    "exactly": "exact",
}
NUMBER = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
SCALE = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000}


class CountProblem(ValueError):
    pass


@dataclass(frozen=True)
class Count:
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None


@lru_cache(maxsize=1)
def vague_rules() -> tuple[str, dict[str, tuple[int, int | None, int]]]:
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
    version, words = vague_rules()
    if cleaned in words:
        low, best, high = words[cleaned]
        return Count(low, best, high, f"vague: {cleaned} (rules {version})")
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
                return _qualified(value, QUALIFIERS[phrase])
    match = re.fullmatch(rf"({NUMBER}){scale_re}(\+)?", cleaned)
    if match:
        value = _number(match.group(1), match.group(2))
        return _qualified(value, "at least") if match.group(3) else Count(value, value, value, "exact")
    raise CountProblem(f"cannot read {text!r} as a count")


def _qualified(value: int, qualifier: str) -> Count:
    if qualifier == "at least":
        return Count(value, value, None, qualifier)
    if qualifier == "more than":
        return Count(value + 1, None, None, qualifier)
    if qualifier == "up to":
        return Count(None, None, value, qualifier)
    if qualifier == "exact":
        return Count(value, value, value, qualifier)
    return Count(None, value, None, qualifier)
