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
from functools import lru_cache
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


@dataclass(frozen=True, slots=True)
class _Prepared:
    names: tuple[Token, ...]
    titles: frozenset[str]
    joined: str
    rotations: tuple[str, ...]
    loose_rotations: tuple[str, ...]


@lru_cache(maxsize=1 << 18)
def _prepare(text: str) -> _Prepared:
    tokens = analyse_name(text)
    names = tuple(t for t in tokens if t.kind != "title")
    forms = [t.form for t in names]
    looses = [t.loose for t in names]
    n = len(names)
    return _Prepared(
        names=names,
        titles=frozenset(t.form for t in tokens if t.kind == "title"),
        joined="".join(forms),
        rotations=tuple("".join(forms[k:] + forms[:k]) for k in range(1, n)),
        loose_rotations=tuple("".join(looses[k:] + looses[:k]) for k in range(n)),
    )


def _align(a: tuple[Token, ...], b: tuple[Token, ...]) -> tuple[float, list[str], bool]:
    swap = len(a) > len(b)
    short, long_ = (b, a) if swap else (a, b)
    # score every token pair once, then search the orders
    table = [[_token_score(x, y) for y in long_] for x in short]
    weights = [[max(len(x.loose), len(y.loose), 1) for y in long_] for x in short]
    if len(long_) > 6:  # pathological input: compare in order, no search
        orders = [tuple(range(len(short)))]
    else:
        orders = permutations(range(len(long_)), len(short))
    best_score, best_order = -1.0, ()
    for order in orders:
        weight = total = 0.0
        for i, j in enumerate(order):
            w = weights[i][j]
            weight += w
            total += w * table[i][j][0]
        for j in range(len(long_)):
            if j not in order:
                weight += 0.5 * max(len(long_[j].loose), 1)
        score = total / weight if weight else 0.0
        if any(order[k] > order[k + 1] for k in range(len(order) - 1)):
            score -= ORDER_COST
        if score > best_score:
            best_score, best_order = score, order
    reasons = [table[i][j][1] for i, j in enumerate(best_order) if table[i][j][1] != "same"]
    reasons += [f"no partner for {long_[j].display}" for j in range(len(long_)) if j not in best_order]
    swapped = list(best_order) != sorted(best_order)
    return best_score, reasons, swapped


def compare_names(a: str, b: str) -> NameComparison:
    """Compare two full names written in any script; see the module docstring.

    >>> compare_names("محمدرضا احمدی", "Ahmadi Mohammad Reza").score
    0.99
    """
    pa, pb = _prepare(a or ""), _prepare(b or "")
    if not pa.names or not pb.names:
        return NameComparison(0.0, "a name is empty")
    cost = TITLE_COST if pa.titles != pb.titles else 0.0
    title_note = "; title on one side only" if cost else ""
    if pa.joined == pb.joined:
        return NameComparison(round(1.0 - cost, 6), "same matching form" + title_note)
    if pa.joined in pb.rotations:
        return NameComparison(round(1.0 - ORDER_COST - cost, 6),
                              "same matching form, order swapped" + title_note)
    score, reasons, swapped = _align(pa.names, pb.names)
    if swapped:
        reasons.insert(0, "order swapped")
    if len(pa.names) != len(pb.names):
        # Spacing the merges could not repair (a typo inside a compound): compare the whole
        # names as one string, in the written order and rotated.
        la = pa.loose_rotations[0]
        joined = max(JaroWinkler.similarity(la, lb) for lb in pb.loose_rotations) - JOINED_COST
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
