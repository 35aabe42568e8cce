"""Exporting the actor record: Popolo JSON, and CSV files that import back unchanged.

Popolo (https://www.popoloproject.com/specs/) has persons, organizations, memberships and
areas; sabt maps its model onto them the way Security Force Monitor's WhoWasInCommand data
does, with what Popolo lacks kept under clearly named extensions:

- a **post** is a membership of a person in an organization (``role``, ``label`` = title,
  ``start_date``/``end_date`` as partial ISO dates, ``extras`` = rank, is_command,
  confidence);
- a **parentage** is a membership whose ``member`` is an organization
  (``role`` = ``command`` | ``non-command``);
- a **deployment** (no Popolo class) is in ``deployments``, pointing at an ``area``;
- every object carries ``sources`` (Popolo Links ``{url, note}``, plus sabt's ``source_id``,
  ``quote``, ``locator`` and ``confidence``); a citation of a source without a URL, which a
  Popolo Link cannot hold, is under ``unlinked_sources`` in the same shape without ``url``;
- ``areas`` hold each area used and every area above it, so each ``parent_id`` names an area
  of the export (the country has none).

The document validates against the Popolo JSON schemas (``tests/actors/test_popolo_schema.py``).

``export_csv`` writes the files :func:`sabt.actors.import_actors` reads — one row per
citation — so a case's actors can be moved to another case or reviewed in a spreadsheet.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from sabt import __version__
from sabt.actors.importer import FILES
from sabt.actors.timespan import label
from sabt.case import Case
from sabt.store import models


def _citations(session) -> dict[tuple[str, int], list[models.Citation]]:
    cited: dict[tuple[str, int], list[models.Citation]] = {}
    for c in session.scalars(select(models.Citation).order_by(models.Citation.id)):
        cited.setdefault((c.subject_table, c.subject_id), []).append(c)
    return cited


def _popolo_sources(citations, sources) -> dict:
    """Popolo ``sources`` (Links: the schema requires a ``url`` string) and sabt's
    ``unlinked_sources`` for citations of a source with no URL (a witness, a leaked list):
    nothing is dropped, and nothing invalid is written."""
    linked, unlinked = [], []
    for c in citations:
        source = sources.get(c.source_id)
        entry = {"note": source.name if source else c.source_id, "source_id": c.source_id,
                 "quote": c.quote, "locator": c.locator, "confidence": c.confidence}
        if source is not None and source.url:
            linked.append({"url": source.url, **entry})
        else:
            unlinked.append(entry)
    out = {"sources": linked}
    if unlinked:
        out["unlinked_sources"] = unlinked
    return out


def _areas(places: dict, used: set[str]) -> list[dict]:
    """The areas used, with every area above them, so each ``parent_id`` is in the export."""
    wanted: set[str] = set()
    for key in used:
        seen: set[str] = set()
        while key and key in places and key not in seen:  # a cycle in the gazetteer stops here
            seen.add(key)
            wanted.add(key)
            key = places[key].parent_key
    areas = []
    for key in sorted(wanted):
        place = places[key]
        parent = place.parent_key if place.parent_key in wanted and place.parent_key != key else None
        areas.append({"id": place.key, "name": place.name_en, "classification": place.kind,
                      "identifier": place.iso_code,
                      "other_names": [{"name": place.name_fa, "lang": "fa"}] if place.name_fa else [],
                      "parent_id": parent, "lat": place.lat, "lon": place.lon})
    for code in sorted(k for k in used if k not in places):  # a country the gazetteer lacks
        areas.append({"id": code, "name": code, "identifier": code, "classification": "country",
                      "parent_id": None, "note": "not in the case's gazetteer"})
    return areas


def _other_names(actor) -> list[dict]:
    names = []
    if actor.name_fa:
        names.append({"name": actor.name_fa, "note": "Persian", "lang": "fa"})
    if actor.name_ar:
        names.append({"name": actor.name_ar, "note": "Arabic", "lang": "ar"})
    names.extend({"name": alias, "note": "alias"} for alias in actor.aliases or [])
    return names


def export_popolo(case: Case) -> dict:
    """The case's actors as one Popolo JSON document (a dict; ``json.dumps`` it)."""
    with case.session() as session:
        cited = _citations(session)
        sources = {s.id: s for s in session.scalars(select(models.Source))}
        actors = {a.id: a for a in session.scalars(select(models.Actor).order_by(models.Actor.key))}
        places = {p.key: p for p in session.scalars(select(models.Place))}
        document: dict = {
            "meta": {"generator": f"sabt {__version__}", "model": "Popolo, with Security Force Monitor-style "
                     "dated posts, parentage and deployments; every object carries its sources"},
            "persons": [], "organizations": [], "memberships": [], "deployments": [], "areas": [],
        }
        used_areas: set[str] = set()
        for actor in actors.values():
            entry = {"id": actor.key, "name": actor.name, "other_names": _other_names(actor),
                     **_popolo_sources(cited.get(("actors", actor.id), []), sources)}
            if actor.description:
                entry["summary"] = actor.description
            if actor.kind == "person":
                if actor.country:
                    entry["national_identity"] = actor.country
                document["persons"].append(entry)
            else:
                entry["classification"] = actor.classification
                if actor.country:
                    entry["area_id"] = actor.country
                    used_areas.add(actor.country)
                document["organizations"].append(entry)
        for post in session.scalars(select(models.Post).order_by(models.Post.id)):
            document["memberships"].append({
                "id": f"post-{post.id}", "person_id": actors[post.person_id].key,
                "organization_id": actors[post.unit_id].key, "role": post.role, "label": post.title,
                "start_date": label(post.start_date, post.start_precision),
                "end_date": label(post.end_date, post.end_precision),
                "extras": {"rank": post.rank, "is_command": post.is_command, "confidence": post.confidence},
                **_popolo_sources(cited.get(("posts", post.id), []), sources)})
        for parentage in session.scalars(select(models.Parentage).order_by(models.Parentage.id)):
            document["memberships"].append({
                "id": f"parentage-{parentage.id}",
                "member": {"@type": "Organization", "id": actors[parentage.child_id].key},
                "organization_id": actors[parentage.parent_id].key, "role": parentage.relation,
                "start_date": label(parentage.start_date, parentage.start_precision),
                "end_date": label(parentage.end_date, parentage.end_precision),
                "extras": {"confidence": parentage.confidence},
                **_popolo_sources(cited.get(("parentages", parentage.id), []), sources)})
        for deployment in session.scalars(select(models.Deployment).order_by(models.Deployment.id)):
            used_areas.add(deployment.place_key)
            document["deployments"].append({
                "id": f"deployment-{deployment.id}", "organization_id": actors[deployment.unit_id].key,
                "area_id": deployment.place_key, "place_text": deployment.place_text, "role": deployment.role,
                "strength": {"low": deployment.strength_low, "best": deployment.strength_best,
                             "high": deployment.strength_high},
                "start_date": label(deployment.start_date, deployment.start_precision),
                "end_date": label(deployment.end_date, deployment.end_precision),
                "confidence": deployment.confidence,
                **_popolo_sources(cited.get(("deployments", deployment.id), []), sources)})
        document["areas"] = _areas(places, {k for k in used_areas if k})
        return document


def _cite_cells(citation: models.Citation | None, claim_keys: dict[int, str]) -> dict:
    if citation is None:
        return {"source_id": "", "quote": "", "locator": "", "confidence": "", "claim": ""}
    return {"source_id": citation.source_id, "quote": citation.quote or "", "locator": citation.locator or "",
            "confidence": citation.confidence or "",
            "claim": claim_keys.get(citation.claim_id, "") if citation.claim_id else ""}


def export_csv(case: Case, directory: str | Path) -> dict[str, int]:
    """Write units.csv, persons.csv, posts.csv, parentage.csv, deployments.csv, directives.csv,
    involvements.csv (ties to incidents, which must be in a case before these import) and
    sources.csv (the sources cited) to ``directory``; returns rows written per file."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    with case.session() as session:
        cited = _citations(session)
        claim_keys = dict(session.execute(select(models.Claim.id, models.Claim.key)).all())
        actors = {a.id: a for a in session.scalars(select(models.Actor).order_by(models.Actor.key))}
        rows: dict[str, list[dict]] = {name: [] for name in FILES}
        used_sources: set[str] = set()

        def emit(name: str, base: dict, citations: list) -> None:
            for citation in citations or [None]:
                rows[name].append({**base, **_cite_cells(citation, claim_keys)})
                if citation is not None:
                    used_sources.add(citation.source_id)

        for actor in actors.values():
            base = {"key": actor.key, "name": actor.name, "name_fa": actor.name_fa or "",
                    "name_ar": actor.name_ar or "", "aliases": "|".join(actor.aliases or []),
                    "country": actor.country or "", "description": actor.description or ""}
            if actor.kind == "unit":
                base["classification"] = actor.classification or ""
            emit("units.csv" if actor.kind == "unit" else "persons.csv", base, cited.get(("actors", actor.id)))
        for post in session.scalars(select(models.Post).order_by(models.Post.id)):
            emit("posts.csv", {"person": actors[post.person_id].key, "unit": actors[post.unit_id].key,
                               "role": post.role or "", "rank": post.rank or "", "title": post.title or "",
                               "is_command": "yes" if post.is_command else "no",
                               "start": label(post.start_date, post.start_precision) or "",
                               "end": label(post.end_date, post.end_precision) or ""}, cited.get(("posts", post.id)))
        for p in session.scalars(select(models.Parentage).order_by(models.Parentage.id)):
            emit("parentage.csv", {"child": actors[p.child_id].key, "parent": actors[p.parent_id].key,
                                   "relation": p.relation, "start": label(p.start_date, p.start_precision) or "",
                                   "end": label(p.end_date, p.end_precision) or ""}, cited.get(("parentages", p.id)))
        for d in session.scalars(select(models.Deployment).order_by(models.Deployment.id)):
            emit("deployments.csv", {"unit": actors[d.unit_id].key, "place": d.place_text or d.place_key or "",
                                     "role": d.role or "", "strength_low": _n(d.strength_low),
                                     "strength_best": _n(d.strength_best), "strength_high": _n(d.strength_high),
                                     "start": label(d.start_date, d.start_precision) or "",
                                     "end": label(d.end_date, d.end_precision) or ""}, cited.get(("deployments", d.id)))
        directives = session.execute(
            select(models.Incident, models.IncidentActor)
            .join(models.IncidentActor, models.IncidentActor.incident_id == models.Incident.id)
            .where(models.Incident.type == "directive", models.IncidentActor.involvement == "ordered")
            .order_by(models.Incident.id)).all()
        exported_links = set()
        for incident, link in directives:
            if link.actor_id not in actors:
                continue
            exported_links.add(link.id)
            emit("directives.csv", {"key": incident.key or f"incident-{incident.id}",
                                    "actor": actors[link.actor_id].key,
                                    "date": label(incident.start_date, incident.date_precision) or "",
                                    "end": "" if incident.end_date in (None, incident.start_date)
                                    else label(incident.end_date, incident.date_precision),
                                    "title": incident.title, "place": incident.place_text or incident.place_key or "",
                                    "description": incident.description or ""},
                 cited.get(("incident_actors", link.id)))
        involvements = session.execute(
            select(models.Incident.key, models.IncidentActor)
            .join(models.IncidentActor, models.IncidentActor.incident_id == models.Incident.id)
            .order_by(models.IncidentActor.id)).all()
        for incident_key, link in involvements:
            if link.id in exported_links or link.actor_id not in actors or not incident_key:
                continue
            emit("involvements.csv", {"incident": incident_key, "actor": actors[link.actor_id].key,
                                      "involvement": link.involvement}, cited.get(("incident_actors", link.id)))
        for source in session.scalars(select(models.Source).where(models.Source.id.in_(used_sources))
                                      .order_by(models.Source.id)):
            rows["sources.csv"].append({"id": source.id, "name": source.name, "publisher": source.publisher or "",
                                        "url": source.url or "", "kind": source.kind or "",
                                        "language": source.language or "",
                                        "published": source.published.isoformat() if source.published else "",
                                        "reliability": source.reliability or "", "notes": source.notes or ""})
    for name, items in rows.items():
        spec = FILES[name]
        columns = list(spec["required"]) + [c for c in spec["optional"] if c not in spec["required"]]
        with open(directory / name, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(items)
        written[name] = len(items)
    return written


def _n(value: int | None) -> str:
    return "" if value is None else str(value)
