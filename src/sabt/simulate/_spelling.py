"""How lists write names: spelling habits and corruption, on the generator side.

Deliberately separate from :mod:`sabt.names` (the matcher): the generator only *reads* the
lexicon's data (Persian spellings, canonical Latin, listed variants) and applies its own
rules of variation, so that tests and benchmarks do not check the matcher against itself.

A name part is a :class:`Part`: its Persian pieces and canonical Latin pieces (``Mohammadreza``
is ``("محمد", "رضا")`` / ``("Mohammad", "Reza")``; ``Alizadeh`` is ``("علی", "زاده")`` /
``("Ali", "zadeh")``), so that spacing inside compounds can vary as it does in real lists.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

ZWNJ = "\u200c"


@dataclass(frozen=True)
class Part:
    persian: tuple[str, ...]
    latin: tuple[str, ...]
    variants: tuple[tuple[str, ...], ...] = field(default=())
    """Listed Latin variants per piece (same length as ``latin``)."""
    kind: str = "given"
    """given | family | compound | composed"""

    @property
    def canonical(self) -> str:
        text = ""
        for piece in self.latin:
            p = piece.lower()
            if text and p.startswith("i") and text.endswith("a"):
                text += "e"
            elif text and p == "i" and text.endswith("e"):
                text = text[:-1]
            text += p
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Habit:
    """A list's way of writing Latin names (one per fictional organisation)."""

    listed_variant: float = 0.3
    """Chance of using a variant the lexicon lists instead of the canonical spelling."""
    generic: float = 0.3
    """Chance of one more generic spelling change (ou/u, doubled letters, -eh/-e, …)."""
    compound: str = "mixed"
    """joined | space | hyphen | mixed: how compound given names and suffixes are spaced."""
    upper: bool = False


# Generic Latin spelling changes (pattern, replacement): each is seen in real lists.
_GENERIC = [
    (r"ou", "u"), (r"ou", "oo"), (r"(?<=[^aeiou])u(?=[^aeiou])", "ou"), (r"ei", "ey"),
    (r"eh$", "e"), (r"(?<![eh])e$", "eh"), (r"i$", "ee"), (r"i$", "y"), (r"aei$", "aee"), (r"aei$", "ayi"),
    (r"ss", "s"), (r"mm", "m"), (r"(?<=[aeiou])s(?=[aeiou])", "ss"), (r"gh", "q"), (r"kh", "x"),
    (r"v", "w"), (r"o(?!u)", "u"), (r"zadeh", "zade"), (r"pour", "pur"), (r"pour", "poor"),
    (r"nejad", "nezhad"), (r"j", "dj"), (r"ollah", "allah"),
]


def _generic_change(text: str, rng: random.Random) -> str:
    lower = text.lower()
    options = [(p, r) for p, r in _GENERIC if re.search(p, lower)]
    if not options:
        return text
    pattern, replacement = rng.choice(options)
    matches = list(re.finditer(pattern, lower))
    m = rng.choice(matches)
    changed = lower[: m.start()] + replacement + lower[m.end():]
    return changed[:1].upper() + changed[1:]


def latin_piece(piece: str, variants: tuple[str, ...], habit: Habit, rng: random.Random) -> str:
    text = piece
    if variants and rng.random() < habit.listed_variant:
        text = rng.choice(variants)
    if rng.random() < habit.generic:
        text = _generic_change(text, rng)
    return text


def write_latin(part: Part, habit: Habit, rng: random.Random) -> str:
    """A part in Latin script, spelled by ``habit``."""
    pieces = [
        p if (i and p == "i") else
        latin_piece(p, part.variants[i] if i < len(part.variants) else (), habit, rng)
        for i, p in enumerate(part.latin)
    ]
    if len(pieces) == 1:
        text = pieces[0]
    else:
        style = habit.compound if habit.compound != "mixed" else rng.choice(
            ["joined", "joined", "space", "hyphen"]
        )
        text = pieces[0]
        for piece in pieces[1:]:
            low = piece.lower()
            if low == "i":
                if text.lower().endswith("a"):
                    text += rng.choice(["ei", "ei", "ei", "ee", "ie", "yi", "i"])
                elif text.endswith("e"):
                    text = text[:-1] + "i"
                else:
                    text += "i"
                continue
            if low.startswith("i") and text.lower().endswith("a"):
                text += "e"
            if style == "joined":
                text += low
            elif style == "space":
                text += " " + low.capitalize()
            else:
                text += "-" + low.capitalize()
    return text.upper() if habit.upper else text


def write_persian(part: Part, rng: random.Random, arabic_letters: float = 0.1,
                  spacing: str = "mixed") -> str:
    """A part in Persian script: compounds joined, with ZWNJ or with a space; sometimes with
    Arabic letter forms (ي ك) as cp1256-era sources write them."""
    pieces = list(part.persian)
    text = pieces[0]
    for piece in pieces[1:]:
        if piece in ("ی", "یی"):
            text += "یی" if text.endswith("ا") else "ی"
            continue
        style = spacing if spacing != "mixed" else rng.choice(["joined", "zwnj", "zwnj", "space"])
        sep = {"joined": "", "zwnj": ZWNJ, "space": " "}[style]
        # letters that never join leftwards make ZWNJ pointless; lists then write them joined
        if text[-1] in "اآدذرزژو" and sep == ZWNJ:
            sep = ""
        text += sep + piece
    if rng.random() < arabic_letters:
        text = text.replace("ی", "ي").replace("ک", "ك")
    return text


# Typos: one edit in one place.
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def typo(text: str, rng: random.Random) -> str:
    """One keyboard-style edit: a letter dropped, doubled, replaced, or two swapped."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(letters) < 3:
        return text
    persian = any("\u0600" <= ch <= "\u06ff" for ch in text)
    alphabet = _PERSIAN_LETTERS if persian else _LATIN_LETTERS
    i = rng.choice(letters[1:])  # the first letter is rarely the one mistyped
    kind = rng.choice(["drop", "double", "replace", "swap"])
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "replace":
        ch = rng.choice(alphabet)
        if not persian and text[i].isupper():
            ch = ch.upper()
        return text[:i] + ch + text[i + 1:]
    j = i + 1 if i + 1 < len(text) and text[i + 1].isalpha() else i - 1
    if j < 1:
        return text
    a, b = sorted((i, j))
    return text[:a] + text[b] + text[a] + text[b + 1:]
