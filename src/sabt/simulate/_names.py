"""A bank of synthetic Persian names with skewed frequencies.

Built from the name lexicon's data (given names, surnames, stems, affixes, with rough
relative weights) plus ``data/rare_surnames.csv`` (surnames the matcher's lexicon does not
know). Frequencies are made steeper than the lexicon's weights (power ``skew``) so that
"Mohammad Ahmadi" is common and rare names are rare. Every person drawn is synthetic: a
combination of common name parts, never a record of a real person.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate

from sabt.names import lexicon
from sabt.simulate._spelling import ZWNJ, Part

SUFFIXES_LATIN = ("zadeh", "pour", "nejad", "ian", "far", "vand", "lou", "nia")
COMPOUND_LEADERS = {"m": ("Mohammad", "Ali", "Amir", "Gholam", "Abol", "Hossein"), "f": ("Fatemeh",)}
LEADER_WEIGHTS = (45, 20, 15, 8, 7, 5)
"""Mohammad- compounds are by far the most common, then Ali-, Amir-, Gholam-, Abol-, Hossein-."""
COMPOUND_SECONDS = {
    "Mohammad": ("Reza", "Ali", "Hossein", "Mehdi", "Javad", "Hassan", "Amin", "Sadegh", "Bagher", "Taghi", "Kazem"),
    "Ali": ("Reza", "Akbar", "Asghar", "Mohammad"),
    "Amir": ("Hossein", "Ali", "Mohammad", "Reza", "Abbas"),
    "Gholam": ("Reza", "Hossein", "Ali", "Abbas"),
    "Abol": ("Fazl", "Ghasem"),
    "Hossein": ("Ali",),
    "Fatemeh": ("Zahra",),
}


class _Weighted:
    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cum = list(accumulate(weights))

    def draw(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.cum[-1])]


def _rare_surnames() -> list[tuple[str, str]]:
    text = resources.files("sabt.simulate").joinpath("data/rare_surnames.csv").read_text("utf-8")
    rows = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return [(r["persian"], r["latin"]) for r in csv.DictReader(rows)]


def _place_stems() -> list[tuple[str, str]]:
    """(Persian, Latin) names of the gazetteer's places that take the -i suffix cleanly: one
    word, ending in a consonant in both scripts. The Persian name is the reviewed one, else
    GeoNames' first Persian-script alternate when it sounds like the Latin name (same
    phonetic key: alternates are unreviewed and some belong to another place)."""
    from sabt.names import phonetic_key

    text = resources.files("sabt.places").joinpath("data/cities.csv").read_text("utf-8")
    rows = csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#"))
    stems = set()
    for row in rows:
        latin = row["name_en"].strip()
        persian = row["name_fa"].strip()
        if not persian:
            persian = row["aliases_fa"].split("|")[0].strip()
            if not persian or phonetic_key(persian) != phonetic_key(latin):
                continue
        if (persian and latin.isascii() and latin.isalpha() and all("\u0621" <= c <= "\u06d3" for c in persian)
                and latin[-1].lower() not in "aeiouy" and persian[-1] not in "اوهیيى"):
            stems.add((persian, latin))
    return sorted(stems)


def _entry_part(entry, kind: str, rng_choice_spelling: bool = True) -> Part:
    persian = entry.persian[0]
    if ZWNJ in persian:
        pieces = tuple(persian.split(ZWNJ))
        canon = entry.latin
        for suffix in SUFFIXES_LATIN + ("ollah",):
            if canon.lower().endswith(suffix) and len(canon) > len(suffix):
                return Part(pieces, (canon[: -len(suffix)], suffix), ((), ()), kind)
    return Part((persian,), (entry.latin,), (entry.variants,), kind)


REGISTRY_TOP_SURNAMES = {"Mohammadi": 960_505, "Hosseini": 661_824, "Ahmadi": 614_399}
"""Bearers of Iran's three most frequent surnames in the National Organization for Civil
Registration's count (published 2025, e.g. https://www.nasim.news/ news code 2384628), of
about 85 million people: 1.13 %, 0.78 %, 0.72 %. Forebears counts some 600,000 distinct
surnames in Iran. The default bank is calibrated to these shares; :meth:`NameBank.dense`
keeps the earlier, far more concentrated bank (top surname 5.6 %)."""

PLACE_SURNAME_SUFFIXES = ("i", "i", "i", "nejad", "pour", "zadeh")
"""Surnames from places (Tehrani, Shirazi, Kermaninejad), one of the oldest Iranian patterns."""


@dataclass
class NameBank:
    """Draws given, family and father's names. ``keep`` restricts the lexicon (sub-lexicons
    for held-out evaluation); ``extra_surnames`` adds (persian, latin) pairs.

    A surname is drawn from the lexicon's family names (weights ``freq ** skew``) with
    probability ``1 - rare_share - composed_share - place_share``; else it is a rare surname
    the matcher does not know, a stem plus an affix (Karim + pour), or a place plus an affix
    (Shiraz + i). The defaults put the commonest surnames at the registry's shares
    (:data:`REGISTRY_TOP_SURNAMES`)."""

    skew: float = 1.0
    keep: object = None
    extra_surnames: list[tuple[str, str]] | None = None
    rare_share: float = 0.10
    composed_share: float = 0.40
    place_share: float = 0.35
    compound_share: float = 0.18
    leader_weights: tuple[float, ...] | None = LEADER_WEIGHTS
    """Weights of the compound leaders; ``None`` draws them uniformly (as the name-pair
    generator did when the labelled pairs were made)."""

    @classmethod
    def dense(cls, **overrides) -> "NameBank":
        """The bank before calibration: 80 % lexicon surnames with steep weights, so that
        namesakes are some twenty times commoner than in Iran's registry; a stress test."""
        return cls(**{"skew": 1.5, "rare_share": 0.08, "composed_share": 0.12, "place_share": 0.0, **overrides})

    def __post_init__(self) -> None:
        lex = lexicon()
        keep = self.keep or (lambda entry: True)
        self.by_latin = {e.latin: e for e in lex.entries}
        given = {s: [e for e in lex.entries if e.kind == "given" and e.sex == s and keep(e)] for s in "mf"}
        self.given = {s: _Weighted(v, [e.freq ** self.skew for e in v]) for s, v in given.items()}
        family = [e for e in lex.entries if e.kind == "family" and keep(e)]
        self.family = _Weighted(family, [e.freq ** self.skew for e in family])
        stems = [e for e in lex.entries if e.kind in ("stem", "given") and e.sex != "f" and keep(e)
                 and "\u200c" not in e.persian[0] and not e.latin.endswith("ollah")]
        self.stems = _Weighted(stems, [max(e.freq, 5.0) for e in stems])
        self.suffixes = {e.latin: e for e in lex.entries if e.kind in ("suffix", "affix")}
        rare = self.extra_surnames if self.extra_surnames is not None else _rare_surnames()
        self.rare = rare
        self.places = _place_stems() if self.place_share else []

    def given_name(self, sex: str, rng: random.Random) -> Part:
        if rng.random() < self.compound_share:
            leaders = COMPOUND_LEADERS[sex]
            if self.leader_weights is None:
                leader = rng.choice(leaders)
            else:
                leader = rng.choices(leaders, weights=self.leader_weights[: len(leaders)])[0]
            second = rng.choice(COMPOUND_SECONDS[leader])
            a, b = self.by_latin[leader], self.by_latin.get(second)
            if b is None:  # Fazl: the second half of Abolfazl is not a name on its own
                b_persian, b_variants = {"Fazl": ("فضل", ()), "Ghasem": ("قاسم", ("Qasem",))}[second]
            else:
                b_persian, b_variants = b.persian[0], b.variants
            a_persian = {"Abol": "ابوال", "Gholam": "غلام"}.get(leader, a.persian[0])
            return Part((a_persian, b_persian), (leader, second), (a.variants, b_variants), "compound")
        return _entry_part(self.given[sex].draw(rng), "given")

    def family_name(self, rng: random.Random) -> Part:
        u = rng.random()
        if u < self.rare_share and self.rare:
            persian, latin = rng.choice(self.rare)
            return Part((persian,), (latin,), ((),), "rare")
        if u < self.rare_share + self.place_share and self.places:
            persian, latin = rng.choice(self.places)
            suffix = self.suffixes[rng.choice(PLACE_SURNAME_SUFFIXES)]
            return Part((persian, suffix.persian[0]), (latin, suffix.latin), ((), suffix.variants), "place")
        if u < self.rare_share + self.place_share + self.composed_share:
            stem = self.stems.draw(rng)
            choices = ["i", "i", "i", "zadeh", "zadeh", "pour", "nejad", "ian", "far", "vand"]
            if stem.latin[-1] in "iy":  # Ali + i is not a surname; Alizadeh is
                choices = [c for c in choices if not c.startswith("i")]
            suffix = self.suffixes[rng.choice(choices)]
            return Part((stem.persian[0], suffix.persian[0]), (stem.latin, suffix.latin),
                        (stem.variants, suffix.variants), "composed")
        return _entry_part(self.family.draw(rng), "family")
