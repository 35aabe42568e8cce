"""The curated lexicon of Persian name parts and the segmentation of a token into its parts.

Persian script does not write short vowels (محمد is only m-h-m-d), so the way from Persian script
to the Latin spellings lists use goes through a lexicon: ``data/lexicon.csv`` (versioned, with a
provenance line) lists common given names, surname stems, surnames and affixes with their
canonical Latin spelling and the variants seen in lists. A token the lexicon does not hold as a
whole is segmented into known parts (``غلامرضا`` = غلام + رضا, ``Hosseinzadeh`` = Hossein +
zadeh); a token with no segmentation falls back to the letter mapping of
:func:`sabt.names._script.transliterate_letters`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sabt.names._script import latin_loose, persian_key

NAME_KINDS = frozenset({"given", "family", "stem"})
PREFIX_KINDS = frozenset({"prefix", "affix"})
SUFFIX_KINDS = frozenset({"suffix", "affix"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a name or name part with its canonical Latin spelling."""

    latin: str
    persian: tuple[str, ...]
    kind: str
    sex: str
    freq: float
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Lexicon:
    version: str
    provenance: str
    entries: tuple[Entry, ...]
    by_persian: dict[str, Entry]
    by_latin: dict[str, Entry]
    collisions: tuple[tuple[str, str, str], ...]
    """(key, kept entry, dropped entry) for lookup keys two entries share (tests keep it small)."""
    max_persian: int
    max_latin: int


def _read_rows() -> tuple[str, str, list[dict[str, str]]]:
    text = resources.files("sabt.names").joinpath("data/lexicon.csv").read_text("utf-8")
    lines = text.splitlines()
    version = lines[0].lstrip("# ").strip()
    provenance = next((ln for ln in lines if ln.startswith("# provenance:")), "")
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    return version, provenance, list(csv.DictReader(body))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, read once per process."""
    version, provenance, rows = _read_rows()
    entries: list[Entry] = []
    by_persian: dict[str, Entry] = {}
    by_latin: dict[str, Entry] = {}
    collisions: list[tuple[str, str, str]] = []

    def put(index: dict[str, Entry], key: str, entry: Entry) -> None:
        if not key:
            return
        kept = index.get(key)
        if kept is None:
            index[key] = entry
        elif kept.latin.lower() != entry.latin.lower():
            # The first entry wins unless the later one is a whole name and the first a part.
            if kept.kind in PREFIX_KINDS | SUFFIX_KINDS | {"stem"} and entry.kind in {"given", "family"}:
                index[key] = entry
                collisions.append((key, entry.latin, kept.latin))
            else:
                collisions.append((key, kept.latin, entry.latin))

    for row in rows:
        entry = Entry(
            latin=row["latin"].strip(),
            persian=tuple(p.strip() for p in row["persian"].split("|") if p.strip()),
            kind=row["kind"].strip(),
            sex=row["sex"].strip(),
            freq=float(row["freq"] or 0),
            variants=tuple(v.strip() for v in (row["variants"] or "").split("|") if v.strip()),
        )
        entries.append(entry)
        for spelling in entry.persian:
            put(by_persian, persian_key(spelling), entry)
        for spelling in (entry.latin, *entry.variants):
            put(by_latin, latin_loose(spelling), entry)
    return Lexicon(
        version=version,
        provenance=provenance,
        entries=tuple(entries),
        by_persian=by_persian,
        by_latin=by_latin,
        collisions=tuple(collisions),
        max_persian=max(map(len, by_persian)),
        max_latin=max(map(len, by_latin)),
    )


def _valid(kinds: tuple[str, ...], latins: tuple[str, ...]) -> bool:
    """Parts must read prefix* name{1,2} suffix{0,2}; the -i suffix only last."""
    i, n = 0, len(kinds)
    while i < n and kinds[i] in PREFIX_KINDS:
        i += 1
    names = 0
    while i < n and kinds[i] in NAME_KINDS:
        names += 1
        i += 1
    if not 1 <= names <= 2:
        return False
    suffixes = 0
    while i < n and kinds[i] in SUFFIX_KINDS:
        if latins[i] == "i" and i != n - 1:
            return False
        suffixes += 1
        i += 1
    return i == n and suffixes <= 2


def segment(key: str, persian: bool) -> tuple[Entry, ...] | None:
    """The fewest lexicon parts that spell ``key`` (a Persian key or a loose Latin token).

    ``segment("غلامرضا", True)`` → (Gholam, Reza); ``segment("huseinzade", False)`` →
    (Hossein, zadeh). ``None`` when no valid segmentation exists. Whole-token matches are
    looked up before this is called.
    """
    lex = lexicon()
    return _segment(key, persian, lex.max_persian if persian else lex.max_latin)


@lru_cache(maxsize=1 << 16)
def _segment(key: str, persian: bool, longest: int) -> tuple[Entry, ...] | None:
    index = lexicon().by_persian if persian else lexicon().by_latin
    n = len(key)
    best: tuple[Entry, ...] | None = None

    def search(start: int, parts: tuple[Entry, ...]) -> None:
        nonlocal best
        if best is not None and len(parts) >= len(best):
            return
        if start == n:
            if _valid(tuple(p.kind for p in parts), tuple(p.latin for p in parts)):
                best = parts
            return
        if len(parts) >= 4:
            return
        for end in range(min(n, start + longest), start, -1):
            entry = index.get(key[start:end])
            if entry is not None:
                search(end, (*parts, entry))

    search(0, ())
    return best


def join_latin(parts: list[str]) -> str:
    """Canonical Latin parts joined with the glue Persian spelling implies.

    A stem ending in -a takes -ei / -eian (Reza + i → Rezaei, Reza + ian → Rezaeian); a stem
    ending in -e drops it before -i (Zare + i → Zarei); otherwise parts are concatenated
    (Ali + zadeh → Alizadeh, Gholam + reza → Gholamreza).
    """
    out = ""
    for part in parts:
        p = part.lower()
        if out and p.startswith("i") and out.endswith("a"):
            out += "e"
        elif out and p == "i" and out.endswith("e"):
            out = out[:-1]
        out += p
    return out
