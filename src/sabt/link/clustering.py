"""From scored pairs to persons: constrained clustering at a documented threshold.

A plain connected-components clustering (Splink's) lets one wrong link chain two people
together — on 100,000 records with common names it chained thousands of records into one
"person". sabt clusters greedily instead: pairs are taken from the most to the least probable
(above :data:`CLUSTER_THRESHOLD`), and two groups are merged only when no *cannot-link*
constraint holds between them: a reviewer rejected a pair across them; their dates of death
are more than :data:`MAX_DEATH_GAP_DAYS` apart; their known sexes differ; their years of birth
would span more than :data:`MAX_BIRTH_YEAR_SPAN` years; their fathers' names (phonetic keys)
differ by more than a typo; or one list would hold more than
:data:`MAX_RECORDS_PER_LIST` records of the one person. Reviewed accepts are taken first,
whatever the model said. This is Kruskal's algorithm with cannot-link constraints (the
"constrained agglomerative" clustering of Wagstaff et al., ICML 2001).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rapidfuzz.distance import DamerauLevenshtein

from sabt.settings import LinkOptions

CLUSTER_THRESHOLD = LinkOptions.threshold
"""Pairs at or above this match probability link records to one person (`sabt link --threshold`):
more likely one person than two. A merge undercounts and a missed link overcounts; the
uncertain pairs (0.2–0.98) go to review. On simulated lists with a known truth
(`benchmarks/linkage.py`, docs/linkage.md), 100,000 records with surnames as frequent as in
Iran's registry, pairwise F1 was 0.982 / 0.982 / 0.981 / 0.978 / 0.974 at 0.4 / 0.5 / 0.6 / 0.7 /
0.8. The default was 0.8 while the model before (no field-error floor, one level for keys in
either order) made 0.5 merge namesakes on lists with few distinct names
(tests/link/test_link.py); with this model that test passes at 0.5.
"""

MAX_DEATH_GAP_DAYS = 365
MAX_BIRTH_YEAR_SPAN = 6
"""Ages are off by one and heaped on multiples of five; more than this is two people."""
MAX_RECORDS_PER_LIST = 2
"""A list may repeat a person (within-list duplicates), but not many times over."""
SURE = 0.999
"""A pair scored at least this agrees on so much (e.g. name, identity number and address) that a
conflicting date of death, sex or year of birth is more likely a clerical error than a second
person: such a pair is not refused for them (reviewer rejections and the per-list limit stand)."""


def _same_father(a: str, b: str) -> bool:
    """Two fathers' name keys that could be one name: equal, or one typo apart when both are long
    enough for a typo to leave them recognisable (one letter turns "l" (Ali) into anything)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    return DamerauLevenshtein.distance(a, b) <= 1


def _known(value) -> bool:
    """Whether a field holds a value: not None, not NaN/NaT (pandas' missing values, which are
    truthy and unequal to themselves), not an empty string."""
    return value is not None and value == value and value != ""  # noqa: PLR0124 (NaN, NaT)


@dataclass
class Clusters:
    cluster_of: dict[int, int]
    refused_links: list[tuple[int, int, str]] = field(default_factory=list)

    def groups(self) -> dict[int, list[int]]:
        groups: dict[int, list[int]] = {}
        for record, cluster in self.cluster_of.items():
            groups.setdefault(cluster, []).append(record)
        return groups


def cluster(
    record_ids: list[int],
    pairs: list[tuple[int, int, float]],
    accepted: set[tuple[int, int]] = frozenset(),
    rejected: set[tuple[int, int]] = frozenset(),
    death_dates: dict[int, dt.date | None] | None = None,
    threshold: float = CLUSTER_THRESHOLD,
    sexes: dict[int, str | None] | None = None,
    birth_years: dict[int, int | None] | None = None,
    sources: dict[int, str] | None = None,
    fathers: dict[int, str | None] | None = None,
    fixed: dict[int, int] | None = None,
) -> Clusters:
    """Group records; ``pairs`` are (a, b, probability), reviews are sets of ordered (min, max) ids.

    ``fixed`` (record → group) holds groups settled before: their records start together and no
    link may join two of them. Linkage settles the open records' persons this way before protected
    records join them, so protected records can neither merge nor split what a viewer sees.
    """
    parent = {r: r for r in record_ids}
    members = {r: {r} for r in record_ids}
    deaths = {r: {d} for r, d in (death_dates or {}).items() if _known(d)}
    sex = {r: {v} for r, v in (sexes or {}).items() if _known(v)}
    years = {r: (v, v) for r, v in (birth_years or {}).items() if _known(v)}
    per_list = {r: {v: 1} for r, v in (sources or {}).items()}
    father = {r: {v} for r, v in (fathers or {}).items() if _known(v)}
    cannot = {r: set() for r in record_ids}
    anchor = {r: g for r, g in (fixed or {}).items() if r in parent}
    for a, b in rejected:
        if a in cannot and b in cannot:
            cannot[a].add(b)
            cannot[b].add(a)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def conflict(ra: int, rb: int, reviewed: bool, sure: bool) -> str | None:
        if ra in anchor and rb in anchor and anchor[ra] != anchor[rb]:
            return "both groups were settled before (open records' persons)"
        if cannot[ra] & members[rb]:
            return "a reviewer rejected a link between these groups"
        if reviewed:  # a reviewer saw both records: only another reviewer's rejection stands
            return None
        la, lb = per_list.get(ra, {}), per_list.get(rb, {})
        if any(la.get(k, 0) + n > MAX_RECORDS_PER_LIST for k, n in lb.items()):
            return f"more than {MAX_RECORDS_PER_LIST} records of one list"
        if sure:
            return None
        da, db = deaths.get(ra, set()), deaths.get(rb, set())
        if da and db and (max(da | db) - min(da | db)).days > MAX_DEATH_GAP_DAYS:
            return f"dates of death more than {MAX_DEATH_GAP_DAYS} days apart"
        if sex.get(ra) and sex.get(rb) and sex[ra] != sex[rb]:
            return "different sex"
        if father.get(ra) and father.get(rb) and not any(
                _same_father(x, y) for x in father[ra] for y in father[rb]):
            return "different fathers' names"
        if ra in years and rb in years:
            low, high = min(years[ra][0], years[rb][0]), max(years[ra][1], years[rb][1])
            if high - low > MAX_BIRTH_YEAR_SPAN:
                return f"years of birth more than {MAX_BIRTH_YEAR_SPAN} years apart"
        return None

    def union(a: int, b: int, reviewed: bool = False, sure: bool = False, settled: bool = False) -> str | None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return None
        reason = None if settled else conflict(ra, rb, reviewed, sure)
        if reason:
            return reason
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        if rb in anchor:
            anchor[ra] = anchor.pop(rb)
        parent[rb] = ra
        members[ra] |= members.pop(rb)
        cannot[ra] |= cannot.pop(rb)
        if rb in deaths:
            deaths.setdefault(ra, set()).update(deaths.pop(rb))
        if rb in sex:
            sex.setdefault(ra, set()).update(sex.pop(rb))
        if rb in father:
            father.setdefault(ra, set()).update(father.pop(rb))
        if rb in years:
            mine = years.get(ra, years[rb])
            theirs = years.pop(rb)
            years[ra] = (min(mine[0], theirs[0]), max(mine[1], theirs[1]))
        if rb in per_list:
            merged = per_list.setdefault(ra, {})
            for k, n in per_list.pop(rb).items():
                merged[k] = merged.get(k, 0) + n
        return None

    first_of: dict[int, int] = {}
    for record, group in sorted(anchor.items()):
        union(first_of.setdefault(group, record), record, settled=True)
    refused = []
    ordered = [(2.0, a, b) for a, b in sorted(accepted)] + sorted(
        ((p, a, b) for a, b, p in pairs if p >= threshold and (min(a, b), max(a, b)) not in rejected
         and (min(a, b), max(a, b)) not in accepted),
        reverse=True,
    )
    for probability, a, b in ordered:
        if a not in parent or b not in parent:
            continue
        reason = union(a, b, reviewed=probability > 1.0, sure=probability >= SURE)
        if reason:
            refused.append((a, b, reason))
    return Clusters({r: find(r) for r in record_ids}, refused)
