"""Who was in command: the units at a place and time, their chains of command, their commanders.

The question a prosecutor asks of an incident — which forces were there, who commanded them,
to whom did they answer — answered from the record alone (posts, parentage, deployments),
with every link cited and every hole said out loud. The approach is Security Force
Monitor's: each link is a dated datum with its sources and a confidence, and a chain is
only as good as the links the record holds *for that time*.

    answer = who_was_in_command(case, place="Kermanshah", date="2026-01-08")
    answer.units[0].unit["name"]           # '29th Nabi Akram Operational Division'
    answer.units[0].parents[0].unit["name"] # 'IRGC Ground Forces'
    answer.gaps                            # ['no commander on record for … on 2026-01-08']

Time is exact (see :mod:`sabt.actors.timespan`): a query window is a day, a month
(``2026-01``) or a range (``2026-01-08..2026-01-09``), or the dates of an incident; every
datum whose span meets the window is shown with its own dates, so a commander replaced
mid-incident appears twice, each with his dates, and a unit re-parented shows both parents;
the parts of the window no post or parentage covers are listed as gaps.

Places: a query for a city finds deployments at that city (``place``), and — flagged less
specific — at its province (``province``) and country-wide (``country``); a query for a
province also finds deployments at places inside it (``within``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from sabt.actors.timespan import Span, uncovered
from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models

SPECIFICITY = {
    "place": "deployed at the place asked about",
    "within": "deployed at a place inside the area asked about",
    "province": "deployed in the province (less specific than the place asked about)",
    "country": "deployed country-wide (much less specific than the place asked about)",
    "incident": "tied to the incident directly (incident actors)",
}


class CommandQueryError(SabtError):
    """The question cannot be asked as put (no such incident, place or date)."""


@dataclass
class UnitNode:
    """One unit in the answer: how it got there (``via``), its commanders, its parents, its gaps."""

    unit: dict
    window: dict
    via: dict
    commanders: list[dict] = field(default_factory=list)
    parents: list[UnitNode] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    top_of_record: bool = False

    def to_dict(self) -> dict:
        return {"unit": self.unit, "window": self.window, "via": self.via, "commanders": self.commanders,
                "parents": [p.to_dict() for p in self.parents], "gaps": self.gaps,
                "top_of_record": self.top_of_record}

    def walk(self):
        yield self
        for parent in self.parents:
            yield from parent.walk()


@dataclass
class CommandAnswer:
    """The answer to "who was in command" for one place and window (or one incident)."""

    query: dict
    window: dict
    place: dict | None
    units: list[UnitNode] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"query": self.query, "window": self.window, "place": self.place,
                "units": [u.to_dict() for u in self.units], "persons": self.persons, "gaps": self.gaps,
                "all_gaps": self.all_gaps()}

    def all_gaps(self) -> list[str]:
        """Every gap of the answer, the answer's own and each unit's, once each."""
        seen: list[str] = list(self.gaps)
        for unit in self.units:
            for node in unit.walk():
                for gap in node.gaps:
                    if gap not in seen:
                        seen.append(gap)
        return seen

    def describe(self) -> str:
        where = self.place["name"] if self.place else "?"
        return (f"{len(self.units)} unit(s) at {where}, {_window_text(self.window)}; "
                f"{len(self.all_gaps())} gap(s) in the record")


def _window_text(window: dict) -> str:
    if window["first_day"] == window["last_day"]:
        return window["first_day"]
    return f"{window['first_day']} – {window['last_day']}"


class _Record:
    """The actor tables of a case, read once per question."""

    def __init__(self, session):
        self.session = session
        self.actors = {a.id: a for a in session.scalars(select(models.Actor))}
        self.places = {p.key: p for p in session.scalars(select(models.Place))}
        self.sources = {s.id: s for s in session.scalars(select(models.Source))}
        self.posts = list(session.scalars(select(models.Post)))
        self.parentages = list(session.scalars(select(models.Parentage)))
        self._citations: dict[tuple[str, int], list[dict]] = {}
        for c in session.scalars(select(models.Citation).where(models.Citation.subject_table.in_(
                ("actors", "posts", "parentages", "deployments", "incident_actors")))):
            self._citations.setdefault((c.subject_table, c.subject_id), []).append(self._source_ref(c))

    def _source_ref(self, citation) -> dict:
        source = self.sources.get(citation.source_id)
        return {"source_id": citation.source_id, "name": source.name if source else None,
                "publisher": source.publisher if source else None, "url": source.url if source else None,
                "reliability": source.reliability if source else None, "quote": citation.quote,
                "locator": citation.locator, "confidence": citation.confidence, "claim_id": citation.claim_id}

    def cited(self, table: str, row_id: int) -> list[dict]:
        return self._citations.get((table, row_id), [])

    def actor_ref(self, actor_id: int) -> dict:
        actor = self.actors[actor_id]
        return {"key": actor.key, "kind": actor.kind, "name": actor.name, "name_fa": actor.name_fa,
                "name_ar": actor.name_ar, "classification": actor.classification}

    def place_ref(self, key: str | None, text: str | None = None) -> dict:
        place = self.places.get(key) if key else None
        if place is None:
            return {"key": key, "name": text, "kind": None, "province": None}
        return {"key": place.key, "name": place.name_en, "name_fa": place.name_fa, "kind": place.kind,
                "province": place.province_code if place.kind != "province" else None}


def _link(record: _Record, table: str, row, window: Span) -> dict:
    span = Span.of_row(row)
    sources = record.cited(table, row.id)
    return {"table": table, "id": row.id, "span": span.to_dict(), "confidence": row.confidence,
            "whole_window": span.covers_span(window), "uncertain_dates": span.uncertain_within(window),
            "sources": sources}


def _span_text(first: dt.date | None, last: dt.date | None) -> str:
    if first == last:
        return first.isoformat() if first else "…"
    return f"{first.isoformat() if first else '…'} – {last.isoformat() if last else '…'}"


def _build(record: _Record, unit_id: int, window: Span, via: dict, trail: tuple[int, ...]) -> UnitNode:
    name = record.actors[unit_id].name
    node = UnitNode(unit=record.actor_ref(unit_id), window=window.to_dict(), via=via)
    if not via.get("sources") and via.get("table"):
        node.gaps.append(f"no source on record for how {name} is linked here ({via['table']} {via['id']})")

    posts = [p for p in record.posts if p.unit_id == unit_id and p.is_command and Span.of_row(p).overlaps(window)]
    posts.sort(key=lambda p: (p.start_date or dt.date.min, p.id))
    for post in posts:
        entry = _link(record, "posts", post, window)
        entry.update(person=record.actor_ref(post.person_id), role=post.role, rank=post.rank, title=post.title)
        node.commanders.append(entry)
        if not entry["sources"]:
            node.gaps.append(f"no source on record for {record.actors[post.person_id].name} as {post.role or post.title}"
                             f" of {name}")
    holes = uncovered(window, [Span.of_row(p) for p in posts])
    for first, last in holes:
        node.gaps.append(f"no commander on record for {name} on {_span_text(first, last)}")

    all_parents = [p for p in record.parentages if p.child_id == unit_id]
    parents = [p for p in all_parents if Span.of_row(p).overlaps(window)]
    parents.sort(key=lambda p: (p.start_date or dt.date.min, p.id))
    if not all_parents:
        node.top_of_record = True
    else:
        for first, last in uncovered(window, [Span.of_row(p) for p in parents]):
            node.gaps.append(f"no parent unit on record for {name} on {_span_text(first, last)}")
    for parentage in parents:
        parent_via = _link(record, "parentages", parentage, window)
        parent_via["relation"] = parentage.relation
        if parentage.parent_id in trail:
            node.gaps.append(f"the record makes a loop: {record.actors[parentage.parent_id].name} is above itself")
            continue
        sub_window = Span.of_row(parentage).intersect(window) or window
        node.parents.append(_build(record, parentage.parent_id, sub_window, parent_via, trail + (unit_id,)))
    return node


def _incident(session, incident_id) -> models.Incident:
    incident = None
    text = str(incident_id).strip()
    if text.isdigit():
        incident = session.get(models.Incident, int(text))
    if incident is None:
        incident = session.scalars(select(models.Incident).where(models.Incident.key == text)).first()
    if incident is None:
        raise CommandQueryError(f"no incident {text!r} in the case (give its id or key)")
    return incident


def _incident_window(incident: models.Incident) -> Span:
    if incident.start_date is None:
        raise CommandQueryError(f"incident {incident.key or incident.id} has no date; ask with --place and --date")
    precision = incident.date_precision if incident.date_precision in ("day", "month", "year") else "day"
    end = incident.end_date or incident.start_date
    return Span.of(incident.start_date, precision, end, precision).as_window()


def _resolve_place(record: _Record, text: str):
    if text in record.places:
        return record.places[text]
    from sabt.places import Gazetteer

    place = Gazetteer.default().resolve(text)
    if place is not None and place.key in record.places:
        return record.places[place.key]
    folded = text.strip().casefold()
    for candidate in record.places.values():
        if candidate.name_en.casefold() == folded:
            return candidate
    raise CommandQueryError(f"{text!r} is not a place the case knows (try the city or province name, "
                            "or a place key such as IR-05)")


def _matching_places(record: _Record, place) -> dict[str, str]:
    """place key → specificity, for the deployments that answer a question about ``place``."""
    matches = {place.key: "place"}
    if place.kind in ("province", "country"):
        for other in record.places.values():
            if other.key == place.key:
                continue
            if place.kind == "country" or (other.province_code == place.key and other.kind != "province"):
                matches[other.key] = "within"
    if place.kind not in ("province", "country") and place.province_code in record.places:
        matches.setdefault(place.province_code, "province")
    for country in (p for p in record.places.values() if p.kind == "country"):
        matches.setdefault(country.key, "country")
    return matches


def who_was_in_command(case: Case, *, incident_id: int | str | None = None, place: str | None = None,
                       date: str | dt.date | None = None) -> CommandAnswer:
    """The units at ``place`` on ``date`` (or at an incident), their chains, their commanders.

    ``date`` may be a day (``2026-01-08``), a month (``2026-01``), a range
    (``2026-01-08..2026-01-09``) or a :class:`datetime.date`. With ``incident_id`` the place
    and dates are the incident's, and the units and persons tied to it directly are added.

    >>> who_was_in_command(case, place="Kermanshah", date="2026-01-08").to_dict()  # doctest: +SKIP
    """
    if incident_id is None and (place is None or date is None):
        raise CommandQueryError("ask about an incident, or about a place and a date")
    with case.session() as session:
        record = _Record(session)
        direct: list[models.IncidentActor] = []
        if incident_id is not None:
            incident = _incident(session, incident_id)
            window = _incident_window(incident) if date is None else _window(date)
            place_row = record.places.get(incident.place_key) if incident.place_key else None
            if place_row is None and place:
                place_row = _resolve_place(record, place)
            direct = list(session.scalars(select(models.IncidentActor).where(
                models.IncidentActor.incident_id == incident.id)))
            query = {"incident": {"id": incident.id, "key": incident.key, "title": incident.title,
                                  "type": incident.type}, "place": place, "date": str(date) if date else None}
        else:
            window = _window(date)
            place_row = _resolve_place(record, place)
            query = {"incident": None, "place": place, "date": str(date)}

        answer = CommandAnswer(query=query, window=window.to_dict(),
                               place=record.place_ref(place_row.key) if place_row else None)
        if place_row is not None:
            matches = _matching_places(record, place_row)
            deployments = session.scalars(select(models.Deployment).where(
                models.Deployment.place_key.in_(list(matches)))).all()
            ranked = sorted((d for d in deployments if Span.of_row(d).overlaps(window)),
                            key=lambda d: (list(SPECIFICITY).index(matches[d.place_key]),
                                           record.actors[d.unit_id].name, d.start_date or dt.date.min, d.id))
            for deployment in ranked:
                via = _link(record, "deployments", deployment, window)
                via.update(kind="deployment", specificity=matches[deployment.place_key],
                           less_specific=matches[deployment.place_key] in ("province", "country"),
                           place=record.place_ref(deployment.place_key, deployment.place_text),
                           role=deployment.role,
                           strength={"low": deployment.strength_low, "best": deployment.strength_best,
                                     "high": deployment.strength_high})
                sub_window = Span.of_row(deployment).intersect(window) or window
                answer.units.append(_build(record, deployment.unit_id, sub_window, via, ()))
        elif incident_id is not None:
            answer.gaps.append("the incident has no place in the gazetteer; only the actors tied to it directly "
                               "are shown")

        shown = {u.unit["key"] for u in answer.units}
        for link in direct:
            actor = record.actors.get(link.actor_id)
            if actor is None:
                continue
            via = {"kind": "incident", "table": "incident_actors", "id": link.id, "involvement": link.involvement,
                   "confidence": link.confidence, "sources": record.cited("incident_actors", link.id),
                   "specificity": "incident", "less_specific": False}
            if actor.kind == "person":
                answer.persons.append({"person": record.actor_ref(actor.id), **via})
            elif actor.key in shown:  # already there through a deployment: say it is also an incident actor
                for node in answer.units:
                    if node.unit["key"] == actor.key:
                        node.via.setdefault("incident_involvements", []).append(
                            {k: via[k] for k in ("involvement", "confidence", "sources", "id")})
            else:
                answer.units.append(_build(record, actor.id, window, via, ()))

        if not answer.units:
            where = answer.place["name"] if answer.place else "the incident's place"
            answer.gaps.append(f"no unit on record deployed at {where} (or its province) on "
                               f"{_window_text(answer.window)}")
        elif not any(not u.via.get("less_specific") for u in answer.units):
            answer.gaps.append("only less specific deployments (province or country-wide) are on record "
                               "for this place and time")
        return answer


def _window(date) -> Span:
    if isinstance(date, dt.date):
        return Span.day(date)
    from sabt.dates import DateProblem

    try:
        return Span.parse(str(date))
    except DateProblem as problem:
        raise CommandQueryError(f"cannot read the date {date!r}: {problem}") from None
