"""Review where it matters: uncertain pairs ordered by how much a decision would move the estimate.

A reviewer's hour is best spent on the pairs whose decision changes the count of the
undocumented most. For each pending pair, sabt asks what the decision at stake would do to the
lists' overlap: a pair now in two persons, if accepted, merges them (two people seen on lists
A and B become one seen on both — the estimate of those on no list falls); a pair now in one
person, if rejected, splits it (the record's list goes to a person of its own — the estimate
rises). The change in the log-linear estimate (the model chosen for the case's own linkage,
refitted on the changed table) times the chance the decision goes that way (the pair's
probability for a merge, one minus it for a split) is the pair's *expected change*; the queue
is sorted by it, largest first. Changes are computed once per distinct change of capture
patterns, so thousands of pairs cost a few dozen refits.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from sqlalchemy import select

from sabt.case import Case
from sabt.store import models


def _patterns(case: Case) -> tuple[dict[int, int], dict[int, str], dict[int, dict[str, int]], list[str]]:
    with case.session() as session:
        rows = session.execute(select(models.Record.id, models.Record.source_id, models.Record.person_id)
                               .where(models.Record.superseded.is_(False))).all()
    person_of = {int(i): (int(p) if p is not None else -int(i)) for i, _, p in rows}
    source_of = {int(i): s for i, s, _ in rows}
    per_person: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record, person in person_of.items():
        per_person[person][source_of[record]] += 1
    return person_of, source_of, per_person, sorted(set(source_of.values()))


def estimate_sensitivity(case: Case, pairs: list) -> dict:
    """Set ``impact`` (expected change of the estimate, people) and ``change`` (the change if the
    decision at stake is taken) on each pending pair; return the base estimate and model."""
    from sabt.estimate._api import estimate
    from sabt.estimate._data import CaptureTable
    from sabt.estimate.loglinear import fit_model

    person_of, source_of, per_person, lists = _patterns(case)
    bit = {name: 1 << (len(lists) - 1 - j) for j, name in enumerate(lists)}

    def code(sources) -> int:
        return sum(bit[s] for s in sources)

    counts = pd.Series([code(p.keys()) for p in per_person.values()]).value_counts()
    frame = pd.DataFrame([[(c >> (len(lists) - 1 - j)) & 1 for j in range(len(lists))] + [n]
                          for c, n in counts.items()], columns=[*lists, "count"])
    base = estimate(frame)
    table = CaptureTable.from_frame(frame)
    terms = next(f.terms for f in _fits(table) if f.name == base.model)
    index = {sum(int(v) << (len(lists) - 1 - j) for j, v in enumerate(cell)): i for i, cell in enumerate(table.cells)}
    cache: dict[tuple, float] = {}

    def change(removed: tuple[int, ...], added: tuple[int, ...]) -> float:
        key = (tuple(sorted(removed)), tuple(sorted(added)))
        if key not in cache:
            y = table.y.copy()
            for c in removed:
                y[index[c]] -= 1
            for c in added:
                y[index[c]] += 1
            fit = fit_model(table, terms, y)
            cache[key] = float(fit.estimate - base.estimate) if np.isfinite(fit.estimate) else float("inf")
        return cache[key]

    for pair in pairs:
        pa, pb = person_of.get(pair.record_a), person_of.get(pair.record_b)
        if pa is None or pb is None:
            pair.change, pair.impact = None, 0.0
            continue
        if pa != pb:  # accepting would merge two persons
            a, b = per_person[pa], per_person[pb]
            moved = change((code(a), code(b)), (code(set(a) | set(b)),))
            pair.change, pair.impact = moved, abs(moved) * pair.probability
        else:  # rejecting would split the record off
            person = per_person[pa]
            own = source_of[pair.record_a]
            rest = {s for s, n in person.items() if s != own or n > 1}
            moved = change((code(person),), (code({own}),) + ((code(rest),) if rest else ()))
            pair.change, pair.impact = moved, abs(moved) * (1 - pair.probability)
    return {"estimate": base.estimate, "lower": base.lower, "upper": base.upper, "model": base.model,
            "observed": base.observed, "distinct_changes": len(cache)}


def _fits(table):
    from sabt.estimate.loglinear import search_models

    fits, _ = search_models(table, max_order=2, criterion="bic")
    return fits


def review_queue(case: Case, limit: int | None = None, order: str = "impact") -> list:
    """The review queue: pending pairs (:func:`sabt.link.review.pending_pairs`) most uncertain
    first, or (``order="impact"``) those whose decision would move the estimate most first —
    when no estimate can be made from the case (one list, no overlap), most uncertain first."""
    from sabt.errors import SabtError
    from sabt.link.review import ORDERS, pending_pairs

    if order not in ORDERS:
        raise SabtError(f"review order must be one of {', '.join(ORDERS)}, not {order!r}")
    if order != "impact":
        return pending_pairs(case, limit=limit, order=order)
    pairs = pending_pairs(case)
    if pairs:
        try:
            estimate_sensitivity(case, pairs)
        except SabtError:
            pass  # no estimate from these lists: the uncertainty order stands
        else:
            pairs.sort(key=lambda pair: -(pair.impact or 0.0))
    return pairs[:limit] if limit else pairs
