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


def _entry_part(entry, kind: str, rng_choice_spelling: bool = True) -> Part:
    persian = entry.persian[0]
    if ZWNJ in persian:
        pieces = tuple(persian.split(ZWNJ))
        canon = entry.latin
        for suffix in SUFFIXES_LATIN + ("ollah",):
            if canon.lower().endswith(suffix) and len(canon) > len(suffix):
                return Part(pieces, (canon[: -len(suffix)], suffix), ((), ()), kind)
    return Part((persian,), (entry.latin,), (entry.variants,), kind)


@dataclass
class NameBank:
    """Draws given, family and father's names. ``keep`` restricts the lexicon (sub-lexicons
    for held-out evaluation); ``extra_surnames`` adds (persian, latin) pairs."""

    skew: float = 1.5
    keep: object = None
    extra_surnames: list[tuple[str, str]] | None = None
    rare_share: float = 0.08
    composed_share: float = 0.12
    compound_share: float = 0.18
    leader_weights: tuple[float, ...] | None = LEADER_WEIGHTS
    """Weights of the compound leaders; ``None`` draws them uniformly (as the name-pair
    generator did when the labelled pairs were made)."""

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
        if u < self.rare_share + self.composed_share:
            stem = self.stems.draw(rng)
            choices = ["i", "i", "i", "zadeh", "zadeh", "pour", "nejad", "ian", "far", "vand"]
            if stem.latin[-1] in "iy":  # Ali + i is not a surname; Alizadeh is
                choices = [c for c in choices if not c.startswith("i")]
            suffix = self.suffixes[rng.choice(choices)]
            return Part((stem.persian[0], suffix.persian[0]), (stem.latin, suffix.latin),
                        (stem.variants, suffix.variants), "composed")
        return _entry_part(self.family.draw(rng), "family")
