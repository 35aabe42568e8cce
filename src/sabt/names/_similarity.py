"""Name-pair similarity: a score in 0..1 and the reason for it, aware of order swaps.

How two names are compared (each step on the merged tokens of :mod:`sabt.names._analyse`):

1. Titles (Seyed, Sadat, Haji) are set aside; a title only one side has costs 0.02.
2. If the canonical forms, spaces removed, are equal in the written order or with the tokens
   rotated (family name first), the score is 1.0 (0.99 when rotated): ``محمدرضا احمدی`` and
   ``Ahmadi, Mohammad-Reza``.
3. Otherwise tokens are aligned one to one in the best order (all orders are tried; an order
   other than the written one costs 0.01). Each aligned pair scores:

   * 1.0 when the canonical forms agree (``Hosseini`` / ``حسینی`` / ``Husseini``);
   * 0.3 when both are *different known names* (``Mohammad`` / ``Mahmoud``, ``Hasan`` /
     ``Hossein``, ``Karimi`` / ``Kazemi``): lists rarely misspell one common name into
     another, and these are the pairs that must not match;
   * otherwise the Jaro–Winkler similarity of the loose spellings, raised to at least 0.9
     when the consonant skeletons agree (``Kavousi`` / ``کاوسی``).

   Pair scores are averaged weighted by token length; a token with no partner adds half its
   length to the weights with score 0 (a middle name only one list has).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from rapidfuzz.distance import JaroWinkler

from sabt.names._analyse import Token, analyse_name

KNOWN_DIFFERENT = 0.3
SKELETON_FLOOR = 0.9
TITLE_COST = 0.02
ORDER_COST = 0.01
JOINED_COST = 0.03


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    reason: str

    def describe(self) -> str:
        return f"{self.score:.3f}: {self.reason}"


@dataclass(frozen=True, slots=True)
class PersonName:
    """A name as lists give it: given and family name, and the father's name as its own field."""

    given: str = ""
    family: str = ""
    father: str = ""

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}".strip()


def _token_score(a: Token, b: Token) -> tuple[float, str]:
    if a.form == b.form or a.loose == b.loose:
        return 1.0, "same"
    if a.known and b.known and a.kind != "stem" and b.kind != "stem":
        return KNOWN_DIFFERENT, f"different names ({a.display} / {b.display})"
    score = JaroWinkler.similarity(a.loose, b.loose)
    if a.key and a.key == b.key and score < SKELETON_FLOOR:
        return SKELETON_FLOOR, f"same consonants ({a.display} / {b.display})"
    return score, f"spelling {score:.2f} ({a.display} / {b.display})"


def _split_titles(tokens: tuple[Token, ...]) -> tuple[list[Token], set[str]]:
    names = [t for t in tokens if t.kind != "title"]
    return names, {t.form for t in tokens if t.kind == "title"}


def _joined(tokens: list[Token]) -> str:
    return "".join(t.form for t in tokens)


def _align(a: list[Token], b: list[Token]) -> tuple[float, list[str], bool]:
    swap = len(a) > len(b)
    short, long_ = (b, a) if swap else (a, b)
    if len(long_) > 6:  # pathological input: compare in order, no search
        orders = [tuple(range(len(short)))]
    else:
        orders = list(permutations(range(len(long_)), len(short)))
    best = (-1.0, [], False)
    for order in orders:
        weight = total = 0.0
        reasons: list[str] = []
        for i, j in enumerate(order):
            s, why = _token_score(short[i], long_[j])
            w = max(len(short[i].loose), len(long_[j].loose), 1)
            weight += w
            total += w * s
            if why != "same":
                reasons.append(why)
        unmatched = [long_[j] for j in range(len(long_)) if j not in order]
        for tok in unmatched:
            weight += 0.5 * max(len(tok.loose), 1)
            reasons.append(f"no partner for {tok.display}")
        in_order = list(order) == sorted(order)
        score = total / weight if weight else 0.0
        if not in_order:
            score -= ORDER_COST
        if score > best[0]:
            best = (score, reasons, not in_order)
    return best


def compare_names(a: str, b: str) -> NameComparison:
    """Compare two full names written in any script; see the module docstring.

    >>> compare_names("محمدرضا احمدی", "Ahmadi Mohammad Reza").score
    0.99
    """
    ta, titles_a = _split_titles(analyse_name(a or ""))
    tb, titles_b = _split_titles(analyse_name(b or ""))
    if not ta or not tb:
        return NameComparison(0.0, "a name is empty")
    cost = TITLE_COST if titles_a != titles_b else 0.0
    title_note = "; title on one side only" if cost else ""
    ja = _joined(ta)
    if ja == _joined(tb):
        return NameComparison(round(1.0 - cost, 6), "same matching form" + title_note)
    for k in range(1, len(tb)):
        if ja == _joined(tb[k:] + tb[:k]):
            return NameComparison(round(1.0 - ORDER_COST - cost, 6),
                                  "same matching form, order swapped" + title_note)
    score, reasons, swapped = _align(ta, tb)
    if swapped:
        reasons.insert(0, "order swapped")
    if len(ta) != len(tb):
        # Spacing the merges could not repair (a typo inside a compound): compare the whole
        # names as one string, in the written order and rotated.
        la = "".join(t.loose for t in ta)
        joined = max(
            JaroWinkler.similarity(la, "".join(t.loose for t in tb[k:] + tb[:k]))
            for k in range(len(tb))
        ) - JOINED_COST
        if joined > score:
            score, reasons = joined, [f"spacing differs; whole names {joined + JOINED_COST:.2f}"]
    score = max(0.0, min(1.0, score - cost))
    return NameComparison(round(score, 6), "; ".join(reasons) + title_note or "same")


def name_similarity(a: str, b: str) -> float:
    """Similarity of two full names in 0..1, order-swap aware (``compare_names(a, b).score``).

    >>> name_similarity("Mohammad Ahmadi", "محمد احمدی")
    1.0
    >>> name_similarity("Mohammad Ahmadi", "Mahmoud Ahmadi") < 0.8
    True
    """
    return compare_names(a, b).score


def compare_persons(a: PersonName, b: PersonName) -> NameComparison:
    """Compare two people's names with the father's name as its own field.

    The full names are compared as by :func:`compare_names`, and also with given and family
    fields exchanged (lists swap the columns). When both sides have a father's name it counts
    for a quarter of the score; when either lacks it, the name alone decides.
    """
    main = compare_names(a.full, b.full)
    if not (a.father.strip() and b.father.strip()):
        return main
    father = compare_names(a.father, b.father)
    score = 0.75 * main.score + 0.25 * father.score
    return NameComparison(round(score, 6), f"name {main.describe()}; father {father.describe()}")
