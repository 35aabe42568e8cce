"""Incidents: events with a time range, a place, a type and counts, each tied to the claims behind it.

An incidents file is JSON: a list of incidents, or ``{"incidents": [...]}``. One incident::

    {"key": "hospital-raid-ilam",
     "title": "Siege of Imam Khomeini Hospital, Ilam",
     "type": "hospital_raid",
     "start_date": "2026-01-03", "end_date": "2026-01-04", "date_precision": "day",
     "place": "Imam Khomeini Hospital, Ilam", "place_precision": 1,
     "count_metric": "disappeared", "count_low": 11, "count_best": 11, "count_high": null,
     "status": "reported",
     "description": "…",
     "claims": ["hospital-raid-ilam-imam-khomeini", "hospital-raid-ilam-11-taken"]}

``place`` is resolved through the gazetteer to ``place_key`` (an unresolved place is kept as
text and listed in the summary). ``place_precision`` follows UCDP GED's ``where_prec`` codes
(:data:`PLACE_PRECISION`); when it is not given it follows from the kind of place the text
resolved to (a crossing 1, a city 2, a county 3, a province 4, the country 6).
``date_precision`` is ``day``, ``month`` or ``year``, as everywhere in the store.

Counts: when none of ``count_low``/``count_best``/``count_high`` is given and a ``count_metric``
is, they are derived from the incident's claims by :func:`derive_counts`.

Importing is atomic (every incident is checked before anything is written; one problem and
nothing is written, with every problem named by file, incident and field) and idempotent (an
incident whose key exists with the same content is skipped; with other content it is updated
in place and its claim links replaced — an incident is an analyst's grouping of claims, not a
source's word, so it is revised, not superseded).

    >>> summary = import_incidents(case, Path("examples/iran-2026/incidents.json"))
    >>> summary.added, summary.links
    (57, 130)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from sabt.case import Case
from sabt.claims.vocab import METRICS, RELIABILITY, STATUSES
from sabt.dates import DateProblem, parse_date
from sabt.errors import ImportRefused
from sabt.store import models
from sabt.text import printable

#: Incident types. The same names as the legal mapping (``sabt/law/data/incident_types.toml``),
#: plus the events a timeline needs that are not acts in themselves (crossings, staging,
#: diplomatic acts), which the mapping leaves without candidate acts.
INCIDENT_TYPES = {
    "killing": "killing of one or a few people at one place and time",
    "mass_killing": "killing of many people at once or in a short period",
    "execution": "judicial execution",
    "death_sentence": "capital charges, expedited trials, death sentences",
    "arrest": "arrest of one or a few people",
    "mass_arrest": "arrests of many people",
    "detention": "detention, incommunicado detention",
    "child_detention": "arrest or detention of children",
    "enforced_disappearance": "detention with the person's fate or whereabouts concealed",
    "torture": "torture or cruel treatment in custody",
    "coerced_confession": "coerced confession recorded or broadcast",
    "sexual_violence": "rape and sexual violence",
    "hospital_raid": "security forces entering, besieging or attacking a medical facility",
    "body_confiscation": "bodies withheld from families, burials prevented",
    "injury": "people injured or maimed",
    "deportation": "expulsion or forcible transfer",
    "internet_shutdown": "internet or telecommunications shutdown",
    "deployment": "deployment or movement of armed forces or units",
    "border_crossing": "entry of forces through a border crossing",
    "staging": "forces assembled at a base before deployment",
    "directive": "an order, directive or statement of policy by an official body",
    "protest": "protests or demonstrations",
    "diplomatic": "a diplomatic act: session, declaration, sanction",
    "other": "other event",
}

#: UCDP GED ``where_prec``: how precisely an event's place is known.
PLACE_PRECISION = {
    1: "exact location",
    2: "within about 25 km of a known point (a town or city)",
    3: "second-order administrative division (county / district)",
    4: "first-order administrative division (province)",
    5: "a linear feature or an area between places",
    6: "only the country",
    7: "international waters or airspace, or a region wider than a country",
}
_PRECISION_OF_KIND = {"crossing": 1, "city": 2, "county": 3, "province": 4, "country": 6}
DATE_PRECISIONS = ("day", "month", "year")

INCIDENT_FIELDS = (
    "key", "title", "type", "start_date", "end_date", "date_precision", "place", "place_precision",
    "count_metric", "count_low", "count_best", "count_high", "description", "status", "claims",
)
_COLUMNS = (
    "title", "type", "start_date", "end_date", "date_precision", "place_key", "place_text",
    "place_precision", "count_metric", "count_low", "count_best", "count_high", "description", "status",
)
_RELIABILITY_RANK = {grade: rank for rank, grade in enumerate(RELIABILITY)}  # A=0 … F=5


@dataclass
class IncidentsSummary:
    file: str
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    links: int = 0
    derived: list[str] = field(default_factory=list)
    unresolved_places: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DerivedCounts:
    low: int | None
    best: int | None
    high: int | None
    best_from: str | None  # the key of the claim whose best was taken
    used: tuple[str, ...]  # the keys of the claims that fed the counts

    def describe(self) -> str:
        """One line for a report's methodology note."""
        if not self.used:
            return "no claim of the incident's metric could be used"
        best = f"best {self.best:,} from {self.best_from}" if self.best is not None else "no best"
        low = f"{self.low:,}" if self.low is not None else "open"
        high = f"{self.high:,}" if self.high is not None else "open"
        return f"low {low} – high {high}, {best} (from {len(self.used)} claim(s))"


def derive_counts(claims: Iterable[models.Claim], metric: str) -> DerivedCounts:
    """An incident's low/best/high from the claims behind it (the rule, stated once).

    1. Only claims of the incident's ``metric`` count; not those that are superseded,
       ``refuted`` or ``under_investigation`` (not yet the originator's own count), marked
       ``context`` in ``extra``, or graded credibility 5 or 6 (improbable; truth cannot be
       judged). A vague word ("hundreds": qualifier ``vague: …``) states no number and sets
       no count. The others stay linked; they just do not set counts.
    2. A claim's low is its ``low``, its high its ``high``; a point estimate with neither
       ("approximately 5,000") gives its ``best`` as both, while a floor ("at least 12,000")
       leaves its high open and a ceiling ("up to 800") its low.
       ``low`` is the smallest low, ``high`` the largest high. If some claim's low is above
       that high (the claims contradict each other: "at least 81" against "46"), the high is
       left open.
    3. ``best`` is the best of the *most reliable* claim that gives one: reliability A before F,
       then credibility 1 before 4, then the later ``as_of``, then the claim's key (so the
       choice is reproducible); it is then kept within [low, high].

    Example, the killings of 28 December – 18 January in the example case:
    ``low 2,403 – high 20,000, best 3,308 from killed-hrana-3308-confirmed-18-jan``.
    """
    usable = [
        c for c in claims
        if c.metric == metric and not c.superseded and c.status not in ("refuted", "under_investigation")
        and not (c.extra or {}).get("context") and (c.credibility or 0) < 5
        and (c.low is not None or c.best is not None or c.high is not None)
    ]
    in_digits = [c for c in usable if not (c.qualifier or "").startswith("vague")]
    if in_digits:
        usable = in_digits
    lows = [c.low if c.low is not None else (c.best if c.high is None else None) for c in usable]
    highs = [c.high if c.high is not None else (c.best if c.low is None else None) for c in usable]
    lows = [v for v in lows if v is not None]
    highs = [v for v in highs if v is not None]
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    if high is not None and lows and max(lows) > high:
        high = None
    with_best = [c for c in usable if c.best is not None]
    with_best.sort(key=lambda c: (
        _RELIABILITY_RANK.get(c.reliability or "F", 5),
        c.credibility or 6,
        -(c.as_of or dt.date.min).toordinal(),
        c.key or "",
    ))
    best, best_from = (with_best[0].best, with_best[0].key) if with_best else (None, None)
    if best is not None:
        if low is not None and best < low:
            best = low
        if high is not None and best > high:
            best = high
    used = tuple(sorted(c.key or str(c.id) for c in usable))
    return DerivedCounts(low, best, high, best_from, used)


class _Problems(list):
    def add(self, where: str, column: str, reason: str) -> None:
        self.append(f"{where}, {column!r}: {reason}" if column else f"{where}: {reason}")


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date(value, where, column, problems) -> tuple[dt.date | None, str | None]:
    if _blank(value):
        return None, None
    try:
        parsed = parse_date(str(value))
    except DateProblem as problem:
        problems.add(where, column, str(problem))
        return None, None
    return parsed.date, parsed.precision


def _count(value, where, column, problems) -> int | None:
    if _blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        problems.add(where, column, f"{value!r} is not a whole number")
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        problems.add(where, column, f"{printable(str(value), 30)!r} is not a whole number")
        return None
    if number < 0:
        problems.add(where, column, f"{number} is negative")
        return None
    return number


def _load(path: Path) -> list:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ImportRefused(f"{path.name}: not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"{path.name}: line {error.lineno}: not valid JSON ({error.msg})") from None
    if isinstance(document, dict) and isinstance(document.get("incidents"), list):
        document = document["incidents"]
    if not isinstance(document, list):
        raise ImportRefused(f"{path.name}: expected a list of incidents or {{'incidents': [...]}}")
    return document


def import_incidents(case: Case, path: Path) -> IncidentsSummary:
    """Read an incidents file into the case: incidents, their claim links, derived counts."""
    path = Path(path)
    items = _load(path)
    problems = _Problems()
    summary = IncidentsSummary(file=path.name)
    from sabt.places import Gazetteer

    gazetteer = Gazetteer.default()
    with case.session() as session:
        claims_by_key = {
            c.key: c for c in session.scalars(
                select(models.Claim).where(models.Claim.superseded.is_(False), models.Claim.key.is_not(None))
            )
        }
    rows: list[tuple[dict, list[int]]] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, 1):
        key = str(item.get("key") or "").strip() if isinstance(item, dict) else ""
        where = f"{path.name}: incident {number}" + (f" ({key})" if key else "")
        if not isinstance(item, dict):
            problems.add(where, "", "an incident must be an object")
            continue
        if key in seen:
            problems.add(where, "key", f"{key!r} is used twice (also incident {seen[key]})")
        elif key:
            seen[key] = number
        row = _incident_row(item, where, problems, gazetteer, claims_by_key, summary)
        if row:
            rows.append(row)
    if problems:
        listed = "\n".join("  " + p for p in problems[:30])
        more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was imported:\n{listed}{more}",
                            problems=list(problems))
    _write(case, rows, summary)
    return summary


def _incident_row(item, where, problems, gazetteer, claims_by_key, summary):
    unknown = set(item) - set(INCIDENT_FIELDS)
    if unknown:
        problems.add(where, "", f"unknown field(s) {', '.join(sorted(unknown))} "
                                f"(known: {', '.join(INCIDENT_FIELDS)})")
    key = str(item.get("key") or "").strip()
    if not key:
        problems.add(where, "key", "every incident needs a key")
    title = str(item.get("title") or "").strip()
    if not title:
        problems.add(where, "title", "every incident needs a title")
    kind = str(item.get("type") or "").strip()
    if kind not in INCIDENT_TYPES:
        problems.add(where, "type", f"{printable(kind)!r} is not an incident type ({', '.join(INCIDENT_TYPES)})")
    start, start_precision = _date(item.get("start_date"), where, "start_date", problems)
    end, _ = _date(item.get("end_date"), where, "end_date", problems)
    if start and end and end < start:
        problems.add(where, "end_date", f"the incident ends ({end}) before it starts ({start})")
    date_precision = item.get("date_precision") or start_precision
    if date_precision is not None and date_precision not in DATE_PRECISIONS:
        problems.add(where, "date_precision", f"{date_precision!r} is not one of {', '.join(DATE_PRECISIONS)}")
    place_text = str(item.get("place") or "").strip() or None
    place = gazetteer.resolve(place_text) if place_text else None
    if place_text and place is None:
        summary.unresolved_places.append(place_text)
    place_precision = item.get("place_precision")
    if place_precision is None:
        place_precision = _PRECISION_OF_KIND.get(place.kind) if place else None
    elif isinstance(place_precision, bool) or place_precision not in PLACE_PRECISION:
        problems.add(where, "place_precision", f"{place_precision!r} is not a UCDP GED precision code 1–7")
    metric = item.get("count_metric") or None
    if metric is not None and metric not in METRICS:
        problems.add(where, "count_metric", f"{printable(str(metric))!r} is not a known metric ({', '.join(METRICS)})")
    low, best, high = (_count(item.get(f"count_{k}"), where, f"count_{k}", problems) for k in ("low", "best", "high"))
    if (low is not None and high is not None and low > high) or (
        best is not None and ((low is not None and best < low) or (high is not None and best > high))
    ):
        problems.add(where, "count_best", f"low ≤ best ≤ high does not hold ({low}, {best}, {high})")
    if any(v is not None for v in (low, best, high)) and metric is None:
        problems.add(where, "count_metric", "counts are given but not what they count")
    status = str(item.get("status") or "reported").strip()
    if status not in STATUSES:
        problems.add(where, "status", f"{status!r} is not one of {', '.join(STATUSES)}")
    claim_keys = item.get("claims") or []
    if not isinstance(claim_keys, list) or not all(isinstance(k, str) for k in claim_keys):
        problems.add(where, "claims", "must be a list of claim keys")
        claim_keys = []
    missing = [k for k in claim_keys if k not in claims_by_key]
    if missing:
        problems.add(where, "claims", f"no claim with key(s) {', '.join(map(repr, missing[:10]))} in the case "
                                      "(import the claims first)")
    if len(set(claim_keys)) != len(claim_keys):
        problems.add(where, "claims", "a claim key is listed twice")
    linked = [claims_by_key[k] for k in dict.fromkeys(claim_keys) if k in claims_by_key]
    if metric and low is None and best is None and high is None and linked:
        derived = derive_counts(linked, metric)
        low, best, high = derived.low, derived.best, derived.high
        if derived.used:
            summary.derived.append(f"{key}: {derived.describe()}")
    row = {
        "key": key, "title": title, "type": kind, "start_date": start, "end_date": end,
        "date_precision": date_precision, "place_key": place.key if place else None, "place_text": place_text,
        "place_precision": place_precision, "count_metric": metric, "count_low": low, "count_best": best,
        "count_high": high, "description": item.get("description") or None, "status": status,
    }
    return row, sorted(c.id for c in linked)


def _write(case: Case, rows, summary: IncidentsSummary) -> None:
    with case.engine.begin() as connection:
        existing = {
            r.key: r for r in connection.execute(select(models.Incident.__table__).where(
                models.Incident.key.in_([row["key"] for row, _ in rows])))
        }
        for row, claim_ids in rows:
            old = existing.get(row["key"])
            if old is not None:
                old_links = sorted(connection.scalars(
                    select(models.IncidentClaim.claim_id).where(models.IncidentClaim.incident_id == old.id)))
                if all(getattr(old, c) == row[c] for c in _COLUMNS) and old_links == claim_ids:
                    summary.unchanged += 1
                    continue
                connection.execute(models.Incident.__table__.update()
                                   .where(models.Incident.id == old.id).values(**row))
                connection.execute(delete(models.IncidentClaim).where(models.IncidentClaim.incident_id == old.id))
                incident_id = old.id
                summary.updated += 1
            else:
                result = connection.execute(models.Incident.__table__.insert().values(**row, created_at=models._now()))
                incident_id = result.inserted_primary_key[0]
                summary.added += 1
            if claim_ids:
                connection.execute(models.IncidentClaim.__table__.insert(),
                                   [{"incident_id": incident_id, "claim_id": c} for c in claim_ids])
            summary.links += len(claim_ids)
