"""Importing units, persons, posts, parentage and deployments from a folder of CSV files.

One file per kind (the Security Force Monitor model); every row is one datum with its
source. The columns are documented in ``docs/actors.md``; in short:

==================  ===================================================================
``units.csv``       key, name, name_fa, name_ar, aliases, classification, country, description
``persons.csv``     key, name, name_fa, name_ar, aliases, country, description
``posts.csv``       person, unit, role, rank, title, is_command, start, end
``parentage.csv``   child, parent, relation (command | non-command), start, end
``deployments.csv`` unit, place, role, strength_low, strength_best, strength_high, start, end
``directives.csv``  key, actor, date, end, title, place, description
``involvements.csv`` incident, actor, involvement
``sources.csv``     id, name, publisher, url, kind, language, published, reliability, notes
==================  ===================================================================

and on every datum row ``source_id``, ``quote``, ``locator``, ``confidence`` (high, medium,
low) and optionally ``claim`` (the key of a claim in the case). A datum cited by several
sources is written as several rows that agree on everything but the citation.

Dates may be partial (``2026-01``, ``2026``, ``Dey 1404``) or empty (open-ended); see
:mod:`sabt.actors.timespan` for how they are read. The import is atomic (a problem
anywhere and nothing is written, with every problem listed by file, line and column) and
idempotent (importing the same folder again changes nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select

from sabt.case import Case
from sabt.claims.vocab import RELIABILITY
from sabt.dates import DateProblem, parse_date
from sabt.errors import ImportRefused
from sabt.store import models
from sabt.text import normalize_text, printable

CONFIDENCE = ("high", "medium", "low")
CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}
RELATIONS = ("command", "non-command")
#: HURIDOCS Events Standard Formats, degree of involvement
INVOLVEMENTS = ("carried_out", "ordered", "planned", "passive_accomplice", "present", "suspected")
KEY = re.compile(r"^[a-z0-9][a-z0-9._:-]{0,99}$")
CITATION = ("source_id", "quote", "locator", "confidence", "claim")

FILES: dict[str, dict[str, tuple[str, ...]]] = {
    "sources.csv": {"required": ("id", "name"),
                    "optional": ("publisher", "url", "kind", "language", "published", "reliability", "notes")},
    "units.csv": {"required": ("key", "name", "source_id", "confidence"),
                  "optional": ("name_fa", "name_ar", "aliases", "classification", "country", "description",
                               "quote", "locator", "claim")},
    "persons.csv": {"required": ("key", "name", "source_id", "confidence"),
                    "optional": ("name_fa", "name_ar", "aliases", "country", "description",
                                 "quote", "locator", "claim")},
    "posts.csv": {"required": ("person", "unit", "source_id", "confidence"),
                  "optional": ("role", "rank", "title", "is_command", "start", "end", "quote", "locator", "claim")},
    "parentage.csv": {"required": ("child", "parent", "source_id", "confidence"),
                      "optional": ("relation", "start", "end", "quote", "locator", "claim")},
    "deployments.csv": {"required": ("unit", "place", "source_id", "confidence"),
                        "optional": ("role", "strength_low", "strength_best", "strength_high", "start", "end",
                                     "quote", "locator", "claim")},
    "directives.csv": {"required": ("key", "actor", "date", "title", "source_id", "confidence"),
                       "optional": ("end", "place", "description", "quote", "locator", "claim")},
    "involvements.csv": {"required": ("incident", "actor", "involvement", "source_id", "confidence"),
                         "optional": ("quote", "locator", "claim")},
}
ORDER = tuple(FILES)


@dataclass
class ActorsSummary:
    """What an import read and wrote; ``as_dict()`` for ``--json``."""

    directory: str
    files: list[str] = field(default_factory=list)
    sources_added: int = 0
    actors_added: int = 0
    actors_updated: int = 0
    actors_unchanged: int = 0
    posts_added: int = 0
    parentages_added: int = 0
    deployments_added: int = 0
    directives_added: int = 0
    involvements_added: int = 0
    data_unchanged: int = 0
    data_updated: int = 0
    citations_added: int = 0
    unresolved_places: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        return (f"{self.directory}: {self.actors_added} actors added, {self.actors_updated} updated, "
                f"{self.actors_unchanged} unchanged; {self.posts_added} posts, {self.parentages_added} "
                f"parentages, {self.deployments_added} deployments, {self.directives_added} directives, "
                f"{self.involvements_added} involvements added; {self.data_unchanged} data unchanged, "
                f"{self.data_updated} updated; {self.citations_added} citations added")


class _Problems(list):
    def add(self, where: str, column: str, reason: str) -> None:
        self.append(f"{where}, column {column!r}: {reason}" if column else f"{where}: {reason}")


@dataclass
class _Row:
    file: str
    line: int
    cells: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.file}: line {self.line}"

    def get(self, column: str) -> str | None:
        """The cell as written (only surrounding blanks removed): names and quotes stay verbatim."""
        value = self.cells.get(column)
        if value is None:
            return None
        return value.strip() or None


def read_csv(path: Path) -> list[_Row]:
    """Rows of one CSV file with their line numbers; ``#`` lines before the header are skipped."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"{path.name}: cannot read ({error.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{path.name}: not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[_Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            if header is None:
                if not cells or (cells[0].lstrip().startswith("#")) or not any(c.strip() for c in cells):
                    continue
                header = [c.strip().lower() for c in cells]
                duplicated = sorted({h for h in header if header.count(h) > 1})
                if duplicated:
                    raise ImportRefused(f"{path.name}: line {line}: column(s) named twice: {', '.join(duplicated)}")
                continue
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise ImportRefused(f"{path.name}: line {line}: {len(cells)} cells where the header has {len(header)}")
            rows.append(_Row(path.name, line, dict(zip(header, cells))))
    except csv.Error as error:
        raise ImportRefused(f"{path.name}: line {reader.line_num}: {error}") from None
    if header is None:
        raise ImportRefused(f"{path.name}: the file is empty")
    spec = FILES[path.name]
    missing = [c for c in spec["required"] if c not in header]
    unknown = [c for c in header if c not in spec["required"] + spec["optional"]]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown column(s) {', '.join(unknown)} (known: "
                         f"{', '.join(spec['required'] + spec['optional'])})")
        raise ImportRefused(f"{path.name}: line 1: " + "; ".join(parts))
    return rows


# -- reading cells ---------------------------------------------------------------------
def _date(row: _Row, column: str, problems: _Problems) -> tuple[dt.date | None, str | None]:
    value = row.get(column)
    if value is None:
        return None, None
    try:
        parsed = parse_date(value)
    except DateProblem as problem:
        problems.add(row.where, column, str(problem))
        return None, None
    return parsed.date, parsed.precision


def _int(row: _Row, column: str, problems: _Problems) -> int | None:
    value = row.get(column)
    if value is None:
        return None
    try:
        number = int(normalize_text(value).replace(",", ""))
    except ValueError:
        problems.add(row.where, column, f"{printable(value, 30)!r} is not a whole number")
        return None
    if number < 0:
        problems.add(row.where, column, "a strength cannot be negative")
    return number


def _bool(row: _Row, column: str, problems: _Problems) -> bool:
    value = (row.get(column) or "no").lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0"):
        return False
    problems.add(row.where, column, f"{printable(value, 20)!r} is not yes or no")
    return False


def _aliases(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split("|") if a.strip()]


# -- the import ------------------------------------------------------------------------
class _Plan:
    """Everything the files say, validated, before anything is written."""

    def __init__(self):
        self.sources: dict[str, dict] = {}
        self.actors: dict[str, dict] = {}  # key → fields (+ kind)
        self.data: dict[str, dict[tuple, dict]] = {"posts": {}, "parentages": {}, "deployments": {},
                                                    "directives": {}, "involvements": {}}
        self.citations: dict[tuple, list[dict]] = {}  # (table, identity) → citations
        self.unresolved: list[str] = []


def import_actors(case: Case, directory: str | Path) -> ActorsSummary:
    """Import the actor files of ``directory`` into the case, all or nothing.

    >>> import_actors(case, "examples/iran-2026/actors").describe()   # doctest: +SKIP
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ImportRefused(f"{directory}: not a folder (expected units.csv, persons.csv, posts.csv, …)")
    present = [name for name in ORDER if (directory / name).is_file()]
    strays = sorted(p.name for p in directory.glob("*.csv") if p.name not in FILES)
    if strays:
        raise ImportRefused(f"{directory}: unknown file(s) {', '.join(strays)} (known: {', '.join(ORDER)})")
    if not present:
        raise ImportRefused(f"{directory}: none of {', '.join(ORDER)} is there")
    summary = ActorsSummary(directory=str(directory), files=present)
    rows = {name: read_csv(directory / name) for name in present}
    problems = _Problems()
    plan = _Plan()
    with case.session() as session:
        known = _Known(session)
        _plan_sources(rows.get("sources.csv", []), plan, problems)
        known.sources |= set(plan.sources)
        for name, kind in (("units.csv", "unit"), ("persons.csv", "person")):
            _plan_actors(rows.get(name, []), kind, plan, known, problems)
        actor_kinds = {**known.actor_kinds, **{k: v["kind"] for k, v in plan.actors.items()}}
        _plan_posts(rows.get("posts.csv", []), plan, known, actor_kinds, problems)
        _plan_parentage(rows.get("parentage.csv", []), plan, known, actor_kinds, problems)
        _plan_deployments(rows.get("deployments.csv", []), plan, known, actor_kinds, problems)
        _plan_directives(rows.get("directives.csv", []), plan, known, actor_kinds, problems)
        _plan_involvements(rows.get("involvements.csv", []), plan, known, actor_kinds, problems)
        if problems:
            listed = "\n".join("  " + p for p in problems[:30])
            more = f"\n  … and {len(problems) - 30} more" if len(problems) > 30 else ""
            raise ImportRefused(f"{directory}: {len(problems)} problem(s); nothing was imported:\n{listed}{more}",
                                problems=list(problems))
        summary.unresolved_places = sorted(set(plan.unresolved))
        _write(session, plan, summary)
        session.commit()
    return summary


class _Known:
    """What the case already holds, to check references against."""

    def __init__(self, session):
        self.sources = set(session.scalars(select(models.Source.id)))
        self.actor_kinds = dict(session.execute(select(models.Actor.key, models.Actor.kind)).all())
        self.claims = dict(session.execute(select(models.Claim.key, models.Claim.id)
                                           .where(models.Claim.key.is_not(None))).all())
        self.incidents = dict(session.execute(select(models.Incident.key, models.Incident.id)
                                              .where(models.Incident.key.is_not(None))).all())
        from sabt.places import Gazetteer

        self.gazetteer = Gazetteer.default()
        self.places = {key: (name, kind) for key, name, kind in session.execute(
            select(models.Place.key, models.Place.name_en, models.Place.kind))}
        self.place_names = {normalize_text(name).casefold(): key for key, (name, _) in self.places.items()}

    def resolve_place(self, text: str) -> str | None:
        if text in self.places:
            return text
        place = self.gazetteer.resolve(text)
        if place is not None and place.key in self.places:
            return place.key
        return self.place_names.get(normalize_text(text).casefold())


def _citation(row: _Row, known: _Known, problems: _Problems) -> dict:
    source_id = row.get("source_id")
    if source_id is None:
        problems.add(row.where, "source_id", "every datum needs its source")
    elif source_id not in known.sources:
        problems.add(row.where, "source_id",
                     f"source {printable(source_id)!r} is not in the case nor in sources.csv")
    confidence = (row.get("confidence") or "").lower()
    if confidence not in CONFIDENCE:
        problems.add(row.where, "confidence", f"{printable(confidence or '(empty)')!r} is not high, medium or low")
    claim_key = row.get("claim")
    claim_id = None
    if claim_key:
        claim_id = known.claims.get(claim_key)
        if claim_id is None:
            problems.add(row.where, "claim", f"no claim with key {printable(claim_key)!r} in the case")
    return {"source_id": source_id, "quote": row.get("quote"), "locator": row.get("locator"),
            "confidence": confidence, "claim_id": claim_id}


def _cite(plan: _Plan, table: str, identity: tuple, citation: dict) -> None:
    plan.citations.setdefault((table, identity), []).append(citation)


def _plan_sources(rows, plan, problems) -> None:
    for row in rows:
        sid = row.get("id")
        if not sid:
            problems.add(row.where, "id", "a source needs an id")
            continue
        reliability = (row.get("reliability") or "").upper() or None
        if reliability and reliability not in RELIABILITY:
            problems.add(row.where, "reliability", f"{reliability!r} is not an Admiralty grade A–F")
        published, _ = _date(row, "published", problems)
        fields = {"id": sid, "name": row.get("name") or sid, "publisher": row.get("publisher"),
                  "url": row.get("url"), "kind": row.get("kind") or "document", "language": row.get("language"),
                  "published": published, "reliability": reliability, "notes": row.get("notes")}
        if sid in plan.sources and plan.sources[sid] != fields:
            problems.add(row.where, "id", f"source {sid!r} is described twice, differently")
        plan.sources[sid] = fields


def _actor_ref(row, column, want_kind, kinds, problems) -> str | None:
    key = row.get(column)
    if key is None:
        problems.add(row.where, column, "empty")
        return None
    kind = kinds.get(key)
    if kind is None:
        problems.add(row.where, column, f"no unit or person with key {printable(key)!r} in the files or the case")
        return None
    if want_kind and kind != want_kind:
        problems.add(row.where, column, f"{key!r} is a {kind}, not a {want_kind}")
        return None
    return key


def _plan_actors(rows, kind, plan, known, problems) -> None:
    for row in rows:
        key = row.get("key")
        citation = _citation(row, known, problems)
        if key is None or not KEY.match(key):
            problems.add(row.where, "key", f"{printable(key or '(empty)')!r} is not a key (lower-case letters, "
                                           "digits, '-', '_', '.', ':')")
            continue
        if known.actor_kinds.get(key, kind) != kind:
            problems.add(row.where, "key", f"{key!r} is already in the case as a {known.actor_kinds[key]}")
        fields = {"kind": kind, "name": row.get("name"), "name_fa": row.get("name_fa"), "name_ar": row.get("name_ar"),
                  "aliases": _aliases(row.get("aliases")) or None, "country": row.get("country"),
                  "description": row.get("description"),
                  "classification": row.get("classification") if kind == "unit" else None}
        if key in plan.actors:
            earlier = plan.actors[key]
            if earlier["kind"] != kind:
                problems.add(row.where, "key", f"{key!r} is both a unit and a person")
            for name, value in fields.items():
                if value is None or name == "kind":
                    continue
                if earlier.get(name) is None:
                    earlier[name] = value
                elif earlier[name] != value:
                    problems.add(row.where, name, f"disagrees with an earlier row for {key!r} "
                                                  f"({printable(str(earlier[name]), 40)!r}); a further row may only "
                                                  "add a citation or fill an empty field")
        else:
            if fields["name"] is None:
                problems.add(row.where, "name", "empty")
            plan.actors[key] = fields
        _cite(plan, "actors", (key,), citation)


def _dated(row, problems, start="start", end="end"):
    start_date, start_precision = _date(row, start, problems)
    end_date, end_precision = _date(row, end, problems)
    if start_date and end_date:
        from sabt.actors.timespan import period_last_day

        if period_last_day(end_date, end_precision) < start_date:
            problems.add(row.where, end, "ends before it starts")
    return {"start_date": start_date, "start_precision": start_precision,
            "end_date": end_date, "end_precision": end_precision}


def _identity(fields: dict, names: tuple[str, ...]) -> tuple:
    return tuple(fields.get(n) for n in names)


POST_ID = ("person", "unit", "role", "title", "start_date", "start_precision", "end_date", "end_precision")
PARENT_ID = ("child", "parent", "relation", "start_date", "start_precision", "end_date", "end_precision")
DEPLOY_ID = ("unit", "place_key", "place_text", "role", "start_date", "start_precision", "end_date", "end_precision")


def _add_datum(plan, table, identity, fields, citation, row, problems) -> None:
    existing = plan.data[table].get(identity)
    if existing is not None and existing != fields:
        problems.add(row.where, "", "repeats an earlier row's datum with different details; "
                                    "a further row may only add a citation")
        return
    plan.data[table][identity] = fields
    _cite(plan, table, identity, citation)


def _plan_posts(rows, plan, known, kinds, problems) -> None:
    for row in rows:
        citation = _citation(row, known, problems)
        person = _actor_ref(row, "person", "person", kinds, problems)
        unit = _actor_ref(row, "unit", "unit", kinds, problems)
        fields = {"person": person, "unit": unit, "role": row.get("role"), "rank": row.get("rank"),
                  "title": row.get("title"), "is_command": _bool(row, "is_command", problems), **_dated(row, problems)}
        if not (fields["role"] or fields["title"]):
            problems.add(row.where, "role", "a post needs a role or a title")
        _add_datum(plan, "posts", _identity(fields, POST_ID), fields, citation, row, problems)


def _plan_parentage(rows, plan, known, kinds, problems) -> None:
    for row in rows:
        citation = _citation(row, known, problems)
        child = _actor_ref(row, "child", "unit", kinds, problems)
        parent = _actor_ref(row, "parent", "unit", kinds, problems)
        relation = (row.get("relation") or "command").lower()
        if relation not in RELATIONS:
            problems.add(row.where, "relation", f"{relation!r} is not command or non-command")
        if child and child == parent:
            problems.add(row.where, "parent", "a unit cannot be its own parent")
        fields = {"child": child, "parent": parent, "relation": relation, **_dated(row, problems)}
        _add_datum(plan, "parentages", _identity(fields, PARENT_ID), fields, citation, row, problems)


def _plan_deployments(rows, plan, known, kinds, problems) -> None:
    for row in rows:
        citation = _citation(row, known, problems)
        unit = _actor_ref(row, "unit", "unit", kinds, problems)
        place_text = row.get("place")
        place_key = known.resolve_place(place_text) if place_text else None
        if place_text is None:
            problems.add(row.where, "place", "a deployment needs a place")
        elif place_key is None:
            plan.unresolved.append(place_text)
        strengths = [_int(row, c, problems) for c in ("strength_low", "strength_best", "strength_high")]
        low, best, high = strengths
        if (low is not None and high is not None and low > high) or (
                best is not None and ((low is not None and best < low) or (high is not None and best > high))):
            problems.add(row.where, "strength_best", f"low ≤ best ≤ high does not hold ({low}, {best}, {high})")
        fields = {"unit": unit, "place_key": place_key, "place_text": place_text, "role": row.get("role"),
                  "strength_low": low, "strength_best": best, "strength_high": high, **_dated(row, problems)}
        _add_datum(plan, "deployments", _identity(fields, DEPLOY_ID), fields, citation, row, problems)


def _plan_directives(rows, plan, known, kinds, problems) -> None:
    for row in rows:
        citation = _citation(row, known, problems)
        key = row.get("key")
        if key is None or not KEY.match(key):
            problems.add(row.where, "key", f"{printable(key or '(empty)')!r} is not a key")
            continue
        actor = _actor_ref(row, "actor", None, kinds, problems)
        dates = _dated(row, problems, start="date", end="end")
        if row.get("date") is None:
            problems.add(row.where, "date", "a directive needs the date it was issued")
        if row.get("title") is None:
            problems.add(row.where, "title", "empty")
        place_text = row.get("place") or "Iran"
        place_key = known.resolve_place(place_text)
        if place_key is None:
            plan.unresolved.append(place_text)
        fields = {"key": key, "actor": actor, "title": row.get("title"), "description": row.get("description"),
                  "place_key": place_key, "place_text": place_text, **dates}
        _add_datum(plan, "directives", (key, actor), fields, citation, row, problems)


def _plan_involvements(rows, plan, known, kinds, problems) -> None:
    for row in rows:
        citation = _citation(row, known, problems)
        incident = row.get("incident")
        if incident not in known.incidents:
            problems.add(row.where, "incident", f"no incident with key {printable(incident or '(empty)')!r} in "
                                                "the case (import the incidents first)")
        actor = _actor_ref(row, "actor", None, kinds, problems)
        involvement = (row.get("involvement") or "").lower().replace(" ", "_")
        if involvement not in INVOLVEMENTS:
            problems.add(row.where, "involvement", f"{involvement!r} is not one of {', '.join(INVOLVEMENTS)}")
        fields = {"incident": incident, "actor": actor, "involvement": involvement}
        _add_datum(plan, "involvements", (incident, actor, involvement), fields, citation, row, problems)


# -- writing -----------------------------------------------------------------------------
def _best_confidence(citations: list[dict]) -> str | None:
    ranked = [c["confidence"] for c in citations if c.get("confidence") in CONFIDENCE_RANK]
    return max(ranked, key=CONFIDENCE_RANK.get) if ranked else None


def _write(session, plan: _Plan, summary: ActorsSummary) -> None:
    existing_sources = set(session.scalars(select(models.Source.id)))
    for sid, fields in plan.sources.items():
        if sid not in existing_sources:
            session.add(models.Source(**fields))
            summary.sources_added += 1
    session.flush()

    actors = {a.key: a for a in session.scalars(select(models.Actor))}
    for key, fields in plan.actors.items():
        actor = actors.get(key)
        if actor is None:
            actor = models.Actor(key=key, **fields)
            session.add(actor)
            actors[key] = actor
            summary.actors_added += 1
        else:
            changed = False
            for name, value in fields.items():
                if getattr(actor, name) != value:
                    setattr(actor, name, value)
                    changed = True
            summary.actors_updated += changed
            summary.actors_unchanged += not changed
    session.flush()
    ids = {key: actor.id for key, actor in actors.items()}

    subject_ids: dict[tuple, int] = {}
    for key in plan.actors:
        subject_ids[("actors", (key,))] = ids[key]

    def upsert(model, table, identity, values, counter):
        confidence = _best_confidence(plan.citations[(table, identity)])
        query = select(model)
        for name, value in values.items():
            column = getattr(model, name)
            query = query.where(column.is_(None) if value is None else column == value)
        row = session.scalars(query.limit(1)).first()
        if row is None:
            row = model(**values, confidence=confidence)
            session.add(row)
            session.flush()
            setattr(summary, counter, getattr(summary, counter) + 1)
        elif row.confidence != confidence:
            row.confidence = confidence
            summary.data_updated += 1
        else:
            summary.data_unchanged += 1
        subject_ids[(table, identity)] = row.id

    for identity, f in plan.data["posts"].items():
        upsert(models.Post, "posts", identity,
               {"person_id": ids[f["person"]], "unit_id": ids[f["unit"]], "role": f["role"], "rank": f["rank"],
                "title": f["title"], "is_command": f["is_command"], **_dates(f)}, "posts_added")
    for identity, f in plan.data["parentages"].items():
        upsert(models.Parentage, "parentages", identity,
               {"child_id": ids[f["child"]], "parent_id": ids[f["parent"]], "relation": f["relation"], **_dates(f)},
               "parentages_added")
    for identity, f in plan.data["deployments"].items():
        upsert(models.Deployment, "deployments", identity,
               {"unit_id": ids[f["unit"]], "place_key": f["place_key"], "place_text": f["place_text"],
                "role": f["role"], "strength_low": f["strength_low"], "strength_best": f["strength_best"],
                "strength_high": f["strength_high"], **_dates(f)}, "deployments_added")
    for identity, f in plan.data["directives"].items():
        incident = session.scalars(select(models.Incident).where(models.Incident.key == f["key"])).first()
        if incident is None:
            incident = models.Incident(key=f["key"], title=f["title"], type="directive",
                                       start_date=f["start_date"], end_date=f["end_date"] or f["start_date"],
                                       date_precision=f["start_precision"], place_key=f["place_key"],
                                       place_text=f["place_text"], description=f["description"],
                                       count_metric="directive")
            session.add(incident)
            session.flush()
            summary.directives_added += 1
        _involve(session, plan, summary, subject_ids, "directives", identity, incident.id, ids[f["actor"]], "ordered")
    for identity, f in plan.data["involvements"].items():
        incident_id = session.scalar(select(models.Incident.id).where(models.Incident.key == f["incident"]))
        _involve(session, plan, summary, subject_ids, "involvements", identity, incident_id, ids[f["actor"]],
                 f["involvement"])

    for (table, identity), citations in plan.citations.items():
        subject_table = "incident_actors" if table in ("directives", "involvements") else table
        subject_id = subject_ids[(table, identity)]
        have = {(c.source_id, c.quote or "", c.locator or "") for c in session.scalars(
            select(models.Citation).where(models.Citation.subject_table == subject_table,
                                          models.Citation.subject_id == subject_id))}
        for citation in citations:
            signature = (citation["source_id"], citation["quote"] or "", citation["locator"] or "")
            if signature in have:
                continue
            have.add(signature)
            session.add(models.Citation(subject_table=subject_table, subject_id=subject_id, **citation))
            summary.citations_added += 1
    session.flush()


def _involve(session, plan, summary, subject_ids, table, identity, incident_id, actor_id, involvement) -> None:
    confidence = _best_confidence(plan.citations[(table, identity)])
    link = session.scalars(select(models.IncidentActor).where(
        models.IncidentActor.incident_id == incident_id, models.IncidentActor.actor_id == actor_id,
        models.IncidentActor.involvement == involvement)).first()
    if link is None:
        link = models.IncidentActor(incident_id=incident_id, actor_id=actor_id, involvement=involvement,
                                    confidence=confidence)
        session.add(link)
        session.flush()
        if table == "involvements":
            summary.involvements_added += 1
    elif link.confidence != confidence:
        link.confidence = confidence
        summary.data_updated += 1
    else:
        summary.data_unchanged += 1
    subject_ids[(table, identity)] = link.id


def _dates(fields: dict) -> dict:
    return {k: fields[k] for k in ("start_date", "start_precision", "end_date", "end_precision")}
