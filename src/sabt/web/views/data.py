"""Reading and writing the record for the web layer: one function per question, shared by the
JSON API and the pages, each returning output models (never ORM rows)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Select, func, literal_column, or_, select, text, union
from sqlalchemy import inspect as sa_inspect

from sabt import protection as protect
from sabt.case import Case
from sabt.store import models
from sabt.web.permissions import Actor, may_reveal, may_see_protected
from sabt.web.reauth import ReauthRequired
from sabt.web.schemas import (
    ActorOut,
    AuditOut,
    ClaimIn,
    ClaimOut,
    EstimateRunOut,
    EvidenceOut,
    IncidentIn,
    IncidentOut,
    Page,
    PersonIdentity,
    PersonOut,
    PlaceOut,
    RecordIdentity,
    RecordOut,
    SourceIn,
    SourceOut,
    storable_text,
)

MAX_PER_PAGE = 100


NotFound = protect.NotFound


Refused = protect.Refused


def check_filter_texts(texts: dict[str, str | None]) -> None:
    """A filter text the database could not store (NUL, unpaired surrogate) is a 422 naming
    its query parameter, for the API and the pages alike."""
    from fastapi.exceptions import RequestValidationError

    for name, value in texts.items():
        if value is not None:
            try:
                storable_text(value)
            except ValueError as error:
                raise RequestValidationError([{"loc": ("query", name), "msg": str(error), "type": "value_error"}]) from None


@dataclass
class Filters:
    """The filters every list understands; each list uses those that apply to it."""

    page: int = 1
    per_page: int = 25
    q: str | None = None
    place: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str | None = None
    source: str | None = None
    metric: str | None = None
    kind: str | None = None

    def clean(self) -> "Filters":
        self.page = max(1, min(int(self.page or 1), 10**6))
        self.per_page = max(1, min(int(self.per_page or 25), MAX_PER_PAGE))
        for name in ("q", "place", "status", "source", "metric", "kind"):
            value = getattr(self, name)
            value = value.strip()[:200] if isinstance(value, str) else None
            setattr(self, name, value or None)
        return self


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _page(case: Case, query: Select, filters: Filters, order, scope: tuple) -> tuple[list, int]:
    """One page of rows and the total.

    A text search scans its matches once (the total rides along as a window count). A plain list
    is counted at most every few seconds per filter set (``scope`` names the list and anything
    besides the filters that changes its rows), and its page is found on the primary key alone
    before the rows are read (a deferred join: a deep ``OFFSET`` then walks a narrow index, not
    whole rows)."""
    offset = (filters.page - 1) * filters.per_page
    model = query.column_descriptions[0]["entity"]
    columns = model.__table__.columns          # plain rows (attribute access alike), no ORM objects
    with case.session() as session:
        if filters.q:
            rows = session.execute(query.with_only_columns(*columns, func.count().over().label("_total"))
                                   .order_by(*order).limit(filters.per_page).offset(offset)).all()
            if rows:
                return rows, rows[0]._total
            if offset == 0:
                return [], 0
        key = None if filters.q else _COUNTS.key(case, scope, filters)
        total = _COUNTS.get(key) if key else None
        if total is None:
            total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
            if key:
                _COUNTS.put(key, total)
        if not total or offset >= total:
            return [], total
        primary = sa_inspect(model).primary_key[0]
        page_keys = query.with_only_columns(primary).order_by(*order).limit(filters.per_page).offset(offset)
        rows = session.execute(select(*columns).where(primary.in_(page_keys)).order_by(*order)).all()
    return rows, total


class _CountCache:
    """Totals of filtered lists for a few seconds: paging through 100,000 persons should not
    count them on every page. Never used for text searches (their key would hold the name)."""

    TTL = 5.0

    def __init__(self) -> None:
        self._values: dict = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(case: Case, scope: tuple, f: Filters) -> tuple:
        return (id(case), *scope, f.place, f.date_from, f.date_to, f.status, f.source, f.metric, f.kind)

    def get(self, key: tuple) -> int | None:
        with self._lock:
            hit = self._values.get(key)
        return hit[1] if hit and time.monotonic() - hit[0] < self.TTL else None

    def put(self, key: tuple, total: int) -> None:
        with self._lock:
            if len(self._values) > 10_000:
                self._values.clear()
            self._values[key] = (time.monotonic(), total)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


_COUNTS = _CountCache()


def _audit(session, actor: Actor, action: str, table: str, subject_id, detail: dict | None = None) -> None:
    _COUNTS.clear()   # every write goes through here: totals are recounted after it
    session.add(models.AuditEntry(actor=actor.name, action=action, subject_table=table,
                                  subject_id=None if subject_id is None else str(subject_id), detail=detail))


def _place_filter(column_key, column_text, place: str):
    """A place filter matches the gazetteer key, its province, or the place as written."""
    clauses = [column_key == place, column_key.like(place + "-%")]
    if column_text is not None:
        clauses.append(column_text.ilike(_like(place), escape="\\"))
    return or_(*clauses)


# -- sources ---------------------------------------------------------------------------------
def list_sources(case: Case, f: Filters) -> Page[SourceOut]:
    query = select(models.Source)
    if f.q:
        query = query.where(or_(models.Source.name.ilike(_like(f.q), escape="\\"),
                                models.Source.id.ilike(_like(f.q), escape="\\"),
                                models.Source.publisher.ilike(_like(f.q), escape="\\")))
    if f.kind:
        query = query.where(models.Source.kind == f.kind)
    rows, total = _page(case, query, f, [models.Source.id], ("sources",))
    return Page[SourceOut](items=[SourceOut.model_validate(r) for r in rows], total=total, page=f.page, per_page=f.per_page)


def _sources_named(like: str):
    """Ids of the sources whose id, name or publisher contains the text: "HRANA" finds HRANA's claims."""
    return select(models.Source.id).where(or_(models.Source.name.ilike(like, escape="\\"),
                                              models.Source.id.ilike(like, escape="\\"),
                                              models.Source.publisher.ilike(like, escape="\\")))


class _Names:
    """Names the pages show instead of keys and codes — a source's name for ``ref-59``, a
    province's for ``IR-23`` — read at most once a minute per case (sources and the gazetteer
    change rarely; a new source is named at once: an unknown id re-reads)."""

    TTL = 60.0

    def __init__(self) -> None:
        self._cache: dict = {}
        self._lock = threading.Lock()

    def _read(self, case: Case, what: str, query, *, fresh: bool = False) -> dict:
        with self._lock:
            hit = self._cache.get((id(case), what))
        if hit and not fresh and time.monotonic() - hit[0] < self.TTL:
            return hit[1]
        with case.session() as session:
            value = query(session)
        with self._lock:
            self._cache[(id(case), what)] = (time.monotonic(), value)
        return value

    def sources(self, case: Case, wanted=()) -> dict[str, str]:
        def read(session):
            return dict(session.execute(select(models.Source.id, models.Source.name)).all())
        names = self._read(case, "sources", read)
        if any(w not in names for w in wanted if w):
            names = self._read(case, "sources", read, fresh=True)
        return names

    def places(self, case: Case) -> dict[str, tuple[str, str | None]]:
        """Gazetteer key and ISO 3166-2 code → (English name, Persian name)."""
        def read(session):
            found = {}
            for key, iso, en, fa in session.execute(select(models.Place.key, models.Place.iso_code,
                                                           models.Place.name_en, models.Place.name_fa)):
                found[key] = (en, fa)
                if iso:
                    found.setdefault(iso, (en, fa))
            return found
        return self._read(case, "places", read)


NAMES = _Names()


def source_names(case: Case, wanted=()) -> dict[str, str]:
    return NAMES.sources(case, wanted)


def place_name(case: Case, code: str | None, lang: str) -> str | None:
    """``IR-23`` or a gazetteer key → the place's name in the language (English when it has no
    Persian one); an unknown code is shown as written."""
    if not code:
        return None
    en_fa = NAMES.places(case).get(code)
    if en_fa is None:
        return code
    return (en_fa[1] or en_fa[0]) if lang == "fa" else en_fa[0]


def get_source(case: Case, source_id: str) -> SourceOut:
    with case.session() as session:
        row = session.get(models.Source, source_id)
        if row is None:
            raise NotFound(f"no source {source_id!r}")
        return SourceOut.model_validate(row)


def create_source(case: Case, data: SourceIn, actor: Actor) -> SourceOut:
    with case.session() as session:
        if session.get(models.Source, data.id) is not None:
            raise Refused(f"there is already a source {data.id!r}")
        row = models.Source(**data.model_dump())
        session.add(row)
        _audit(session, actor, "create", "sources", data.id)
        session.commit()
        return SourceOut.model_validate(row)


# -- claims ----------------------------------------------------------------------------------
def list_claims(case: Case, f: Filters, include_superseded: bool = False) -> Page[ClaimOut]:
    query = select(models.Claim)
    if not include_superseded:
        query = query.where(models.Claim.superseded.is_(False))
    if f.source:
        query = query.where(models.Claim.source_id == f.source)
    if f.status:
        query = query.where(models.Claim.status == f.status)
    if f.metric:
        query = query.where(models.Claim.metric == f.metric)
    if f.place:
        query = query.where(_place_filter(models.Claim.place_key, models.Claim.place_text, f.place))
    if f.date_from:
        query = query.where(models.Claim.as_of >= f.date_from)
    if f.date_to:
        query = query.where(models.Claim.as_of <= f.date_to)
    if f.q:
        like = _like(f.q)
        query = query.where(or_(models.Claim.quote.ilike(like, escape="\\"), models.Claim.subject.ilike(like, escape="\\"),
                                models.Claim.actor_text.ilike(like, escape="\\"),
                                models.Claim.source_id.in_(_sources_named(like))))
    rows, total = _page(case, query, f, [models.Claim.as_of.desc(), models.Claim.id.desc()], ("claims", include_superseded))
    return Page[ClaimOut](items=[ClaimOut.model_validate(r) for r in rows], total=total, page=f.page, per_page=f.per_page)


def get_claim(case: Case, claim_id: int) -> ClaimOut:
    with case.session() as session:
        row = session.get(models.Claim, claim_id)
        if row is None:
            raise NotFound(f"no claim {claim_id}")
        return ClaimOut.model_validate(row)


def _check_refs(session, source_id: str | None, place_key: str | None) -> None:
    if source_id is not None and session.get(models.Source, source_id) is None:
        raise Refused(f"no source {source_id!r}; add the source first")
    if place_key is not None and session.get(models.Place, place_key) is None:
        raise Refused(f"no place {place_key!r} in the gazetteer")


def create_claim(case: Case, data: ClaimIn, actor: Actor, supersedes: int | None = None) -> ClaimOut:
    """A new claim; with ``supersedes`` it replaces that claim (which is kept, marked superseded)."""
    with case.session() as session:
        _check_refs(session, data.source_id, data.place_key)
        values = data.model_dump()
        if values["reliability"] is None:
            values["reliability"] = session.get(models.Source, data.source_id).reliability
        row = models.Claim(**values, created_by=actor.name, review="unreviewed")
        if supersedes is not None:
            old = session.get(models.Claim, supersedes)
            if old is None:
                raise NotFound(f"no claim {supersedes}")
            if old.superseded:
                raise Refused(f"claim {supersedes} is already superseded; edit its newest version")
            old.superseded = True
            row.supersedes_id = old.id
        session.add(row)
        session.flush()
        if supersedes is not None:
            for (incident_id,) in session.execute(select(models.IncidentClaim.incident_id)
                                                  .where(models.IncidentClaim.claim_id == supersedes)).all():
                session.add(models.IncidentClaim(incident_id=incident_id, claim_id=row.id))
        _audit(session, actor, "supersede" if supersedes else "create", "claims", row.id,
               {"supersedes": supersedes} if supersedes else None)
        session.commit()
        return ClaimOut.model_validate(row)


# -- incidents -------------------------------------------------------------------------------
def _claim_ids_of(session, incident_ids: list[int]) -> dict[int, list[int]]:
    links = session.execute(select(models.IncidentClaim.incident_id, models.IncidentClaim.claim_id)
                            .where(models.IncidentClaim.incident_id.in_(incident_ids))
                            .order_by(models.IncidentClaim.claim_id)).all() if incident_ids else []
    found: dict[int, list[int]] = {i: [] for i in incident_ids}
    for incident_id, claim_id in links:
        found[incident_id].append(claim_id)
    return found


def _incident_out(session, row, claim_ids: list[int] | None = None) -> IncidentOut:
    out = IncidentOut.model_validate(row)
    out.claim_ids = _claim_ids_of(session, [row.id])[row.id] if claim_ids is None else claim_ids
    return out


def list_incidents(case: Case, f: Filters) -> Page[IncidentOut]:
    query = select(models.Incident)
    if f.status:
        query = query.where(models.Incident.status == f.status)
    if f.kind:
        query = query.where(models.Incident.type == f.kind)
    if f.place:
        query = query.where(_place_filter(models.Incident.place_key, models.Incident.place_text, f.place))
    if f.date_from:
        query = query.where(models.Incident.start_date >= f.date_from)
    if f.date_to:
        query = query.where(models.Incident.start_date <= f.date_to)
    if f.source:
        query = query.where(models.Incident.id.in_(
            select(models.IncidentClaim.incident_id).join(models.Claim, models.Claim.id == models.IncidentClaim.claim_id)
            .where(models.Claim.source_id == f.source)))
    if f.q:
        like = _like(f.q)
        query = query.where(or_(models.Incident.title.ilike(like, escape="\\"), models.Incident.description.ilike(like, escape="\\")))
    rows, total = _page(case, query, f, [models.Incident.start_date.desc(), models.Incident.id.desc()], ("incidents",))
    with case.session() as session:
        claim_ids = _claim_ids_of(session, [r.id for r in rows])
        items = [_incident_out(session, r, claim_ids[r.id]) for r in rows]
    return Page[IncidentOut](items=items, total=total, page=f.page, per_page=f.per_page)


def get_incident(case: Case, incident_id: int) -> IncidentOut:
    with case.session() as session:
        row = session.get(models.Incident, incident_id)
        if row is None:
            raise NotFound(f"no incident {incident_id}")
        return _incident_out(session, row)


def save_incident(case: Case, data: IncidentIn, actor: Actor, incident_id: int | None = None) -> IncidentOut:
    values = data.model_dump(exclude={"claim_ids"})
    with case.session() as session:
        _check_refs(session, None, data.place_key)
        for claim_id in data.claim_ids:
            if session.get(models.Claim, claim_id) is None:
                raise Refused(f"no claim {claim_id}")
        if incident_id is None:
            row = models.Incident(**values)
            session.add(row)
            session.flush()
            changed = None
        else:
            row = session.get(models.Incident, incident_id)
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            changed = sorted(k for k, v in values.items() if getattr(row, k) != v)
            for k, v in values.items():
                setattr(row, k, v)
            session.execute(models.IncidentClaim.__table__.delete().where(models.IncidentClaim.incident_id == row.id))
        for claim_id in sorted(set(data.claim_ids)):
            session.add(models.IncidentClaim(incident_id=row.id, claim_id=claim_id))
        _audit(session, actor, "create" if incident_id is None else "update", "incidents", row.id,
               {"fields": changed} if changed is not None else None)
        session.commit()
        return _incident_out(session, row)


# -- persons and records ------------------------------------------------------------------------
def _plain_names_containing(case: Case, table: str, q: str):
    """A select of the ids of ``table``'s rows whose plain name holds every word of ``q`` in
    one of its spellings, in either script (:func:`sabt.names.search_spellings`: "Hossein" finds
    حسین and the reverse), case-folded, through the name-search index: SQLite's FTS5 trigram
    table (each spelling a phrase, a substring match), PostgreSQL's pg_trgm GIN index (which
    ``ILIKE '%s%'`` uses). Protected rows have no plain name and are in neither. A spelling under
    three characters has no trigram: a scan it is."""
    from sabt.names import search_spellings

    model = {"persons": models.Person, "records": models.Record}[table]
    words = [sorted(w) for w in search_spellings(q)] or [[q]]
    if case.engine.dialect.name == "sqlite" and all(len(s) >= 3 for w in words for s in w):
        fts = models.NAME_SEARCH[table]
        phrase = " AND ".join("(" + " OR ".join('"' + s.replace('"', '""') + '"' for s in w) + ")" for w in words)
        return select(literal_column("rowid")).select_from(text(fts)).where(
            text(f"{fts} MATCH :phrase").bindparams(phrase=phrase))
    return select(model.id).where(*[or_(*[model.name.ilike(_like(s), escape="\\") for s in w]) for w in words])


def _name_search(case: Case, actor: Actor, q: str, id_column, table: str):
    """Plain rows by substring; protected rows by exact name through the blind index — and only
    for users who may see protected identities (otherwise a hit would confirm a name)."""
    ids = _plain_names_containing(case, table, q)
    if may_see_protected(actor):
        named = protect.protected_record_ids_named(case, q)
        if table == "persons":
            named = select(models.Record.person_id).where(models.Record.id.in_(named))
        ids = union(ids, named)
    return id_column.in_(ids)


def _reveal_one(actor: Actor, row) -> bool:
    """Whether one protected row's identity is shown in clear: a role that may see it must have
    re-authenticated recently (else :class:`ReauthRequired`, which asks for it)."""
    if row.protected and may_see_protected(actor) and not may_reveal(actor):
        raise ReauthRequired()
    return may_reveal(actor)


def _person_out(case: Case, row: models.Person, actor: Actor, record_ids: list[int] | None = None) -> PersonOut:
    identity = protect.identity_of(case, "persons", row, _reveal_one(actor, row), actor.name, "view person")
    return PersonOut(id=row.id, protected=bool(row.protected), identity=PersonIdentity(**identity), sex=row.sex,
                     age=row.age, birth_year=row.birth_year, date_of_death=row.date_of_death,
                     date_of_arrest=row.date_of_arrest, status=row.status, place_key=row.place_key,
                     province_code=row.province_code, record_ids=record_ids or [])


def _people_rows_out(case: Case, rows, actor: Actor, table: str, build, purpose: str = "list") -> list:
    """Build outputs for a page of rows, auditing protected reveals in one write; protected
    identities stay redacted without a recent re-authentication."""
    reveal = may_reveal(actor)
    items, revealed = [], []
    for row in rows:
        if row.protected and reveal:
            revealed.append(row.id)
            identity = case.key.unseal(row.sealed, table) if row.sealed else {}
            identity = {k: identity.get(k) for k in protect.IDENTITY_FIELDS[table]}
        else:
            identity = protect.identity_of(case, table, row, False, actor.name, purpose)
        items.append(build(row, identity))
    protect.audit_protected_reads(case, table, revealed, actor.name, purpose)
    return items


def list_persons(case: Case, f: Filters, actor: Actor) -> Page[PersonOut]:
    query = select(models.Person)
    if f.status:
        query = query.where(models.Person.status == f.status)
    if f.place:
        query = query.where(or_(models.Person.province_code == f.place, _place_filter(models.Person.place_key, None, f.place)))
    if f.date_from:
        query = query.where(models.Person.date_of_death >= f.date_from)
    if f.date_to:
        query = query.where(models.Person.date_of_death <= f.date_to)
    if f.source:
        query = query.where(models.Person.id.in_(select(models.Record.person_id).where(
            models.Record.source_id == f.source, protect.visible(models.Record, may_see_protected(actor)))))
    if f.q:
        query = query.where(_name_search(case, actor, f.q, models.Person.id, "persons"))
    query = query.where(protect.visible(models.Person, may_see_protected(actor)))
    rows, total = _page(case, query, f, [models.Person.id], ("persons", may_see_protected(actor)))

    def build(row, identity):
        return PersonOut(id=row.id, protected=bool(row.protected), identity=PersonIdentity(**identity), sex=row.sex,
                         age=row.age, birth_year=row.birth_year, date_of_death=row.date_of_death,
                         date_of_arrest=row.date_of_arrest, status=row.status, place_key=row.place_key,
                         province_code=row.province_code)
    items = _people_rows_out(case, rows, actor, "persons", build)
    return Page[PersonOut](items=items, total=total, page=f.page, per_page=f.per_page)


def _visible_person(case: Case, session, person_id: int, actor: Actor):
    """The person's row, or NotFound — the same answer for a person the actor may not know of."""
    row = session.execute(select(*models.Person.__table__.columns).where(
        models.Person.id == person_id, protect.visible(models.Person, may_see_protected(actor)))).first()
    if row is None:
        survivor = protect.survivor_of(case, person_id, may_see_protected(actor))
        if survivor is not None:
            raise protect.Moved(person_id, survivor)
        raise NotFound(f"no person {person_id}")
    return row


def get_person(case: Case, person_id: int, actor: Actor) -> PersonOut:
    with case.session() as session:
        row = _visible_person(case, session, person_id, actor)
        record_ids = list(session.scalars(select(models.Record.id).where(
            models.Record.person_id == person_id, protect.visible(models.Record, may_see_protected(actor)))
            .order_by(models.Record.id)))
    return _person_out(case, row, actor, record_ids)


def person_with_records(case: Case, person_id: int, actor: Actor, limit: int = 50) -> tuple[PersonOut, list[RecordOut]]:
    """A person and (up to ``limit`` of) their records, read in two queries, for the person's page."""
    with case.session() as session:
        row = _visible_person(case, session, person_id, actor)
        records = session.execute(select(*models.Record.__table__.columns).where(
            models.Record.person_id == person_id, protect.visible(models.Record, may_see_protected(actor)))
            .order_by(models.Record.id)).all()
    person = _person_out(case, row, actor, [r.id for r in records])
    return person, _people_rows_out(case, records[:limit], actor, "records", _record_build, "view person")


def _record_build(row: models.Record, identity: dict) -> RecordOut:
    return RecordOut(id=row.id, source_id=row.source_id, source_record_id=row.source_record_id,
                     row_number=row.row_number, protected=bool(row.protected), identity=RecordIdentity(**identity),
                     sex=row.sex, age=row.age, birth_year=row.birth_year, date_of_birth=row.date_of_birth,
                     date_of_death=row.date_of_death,
                     date_of_arrest=row.date_of_arrest, status=row.status, place_text=row.place_text,
                     place_key=row.place_key, province_code=row.province_code, person_id=row.person_id)


def list_records(case: Case, f: Filters, actor: Actor) -> Page[RecordOut]:
    query = select(models.Record).where(models.Record.superseded.is_(False))
    if f.source:
        query = query.where(models.Record.source_id == f.source)
    if f.status:
        query = query.where(models.Record.status == f.status)
    if f.place:
        query = query.where(or_(models.Record.province_code == f.place,
                                _place_filter(models.Record.place_key, models.Record.place_text, f.place)))
    if f.date_from:
        query = query.where(models.Record.date_of_death >= f.date_from)
    if f.date_to:
        query = query.where(models.Record.date_of_death <= f.date_to)
    if f.q:
        query = query.where(_name_search(case, actor, f.q, models.Record.id, "records"))
    query = query.where(protect.visible(models.Record, may_see_protected(actor)))
    rows, total = _page(case, query, f, [models.Record.id], ("records", may_see_protected(actor)))
    items = _people_rows_out(case, rows, actor, "records", _record_build)
    return Page[RecordOut](items=items, total=total, page=f.page, per_page=f.per_page)


def get_record(case: Case, record_id: int, actor: Actor, purpose: str = "view record") -> RecordOut:
    with case.session() as session:
        row = session.get(models.Record, record_id)
        if row is None or not (may_see_protected(actor) or not row.protected):
            raise NotFound(f"no record {record_id}")
    identity = protect.identity_of(case, "records", row, _reveal_one(actor, row), actor.name, purpose)
    return _record_build(row, identity)


def source_imports(case: Case, source_id: str, actor: Actor) -> list[dict]:
    """A source's import history, newest first, as the actor may know it. A role that may see
    protected identities gets every import with its file's counts and hash. A viewer gets only
    the imports that left a record it can see, with that number alone: the file's own counts
    (and an import of protected rows only) would tell it that protected records exist."""
    reveal = may_see_protected(actor)
    with case.session() as session:
        visible = dict(session.execute(
            select(models.Record.import_id, func.count()).where(
                models.Record.source_id == source_id, models.Record.superseded.is_(False),
                protect.visible(models.Record, reveal)).group_by(models.Record.import_id)).all())
        batches = session.scalars(select(models.ImportBatch).where(models.ImportBatch.source_id == source_id)
                                  .order_by(models.ImportBatch.id.desc())).all()
        return [{"id": b.id, "at": b.created_at, "file": b.file_name, "format": b.file_format, "records": visible.get(b.id, 0),
                 "rows_read": b.rows_read if reveal else None, "rows_added": b.rows_added if reveal else None,
                 "sha256": b.file_sha256 if reveal else None}
                for b in batches if reveal or visible.get(b.id)]


# -- actors, places, evidence ------------------------------------------------------------------
def list_actors(case: Case, f: Filters) -> Page[ActorOut]:
    query = select(models.Actor)
    if f.kind:
        query = query.where(models.Actor.kind == f.kind)
    if f.q:
        like = _like(f.q)
        query = query.where(or_(models.Actor.name.ilike(like, escape="\\"), models.Actor.name_fa.ilike(like, escape="\\"),
                                models.Actor.key.ilike(like, escape="\\")))
    rows, total = _page(case, query, f, [models.Actor.name, models.Actor.id], ("actors",))
    return Page[ActorOut](items=[ActorOut.model_validate(r) for r in rows], total=total, page=f.page, per_page=f.per_page)


def get_actor(case: Case, actor_id: int) -> ActorOut:
    with case.session() as session:
        row = session.get(models.Actor, actor_id)
        if row is None:
            raise NotFound(f"no actor {actor_id}")
        return ActorOut.model_validate(row)


def list_places(case: Case, f: Filters) -> Page[PlaceOut]:
    query = select(models.Place)
    if f.kind:
        query = query.where(models.Place.kind == f.kind)
    if f.q:
        like = _like(f.q)
        query = query.where(or_(models.Place.name_en.ilike(like, escape="\\"), models.Place.name_fa.ilike(like, escape="\\"),
                                models.Place.key.ilike(like, escape="\\")))
    rows, total = _page(case, query, f, [models.Place.key], ("places",))
    return Page[PlaceOut](items=[PlaceOut.model_validate(r) for r in rows], total=total, page=f.page, per_page=f.per_page)


def _evidence_visible(actor: Actor):
    return None if may_see_protected(actor) else models.Evidence.protected.is_(False)


def list_evidence(case: Case, f: Filters, actor: Actor) -> Page[EvidenceOut]:
    query = select(models.Evidence)
    visible = _evidence_visible(actor)
    if visible is not None:
        query = query.where(visible)
    if f.source:
        query = query.where(models.Evidence.source_id == f.source)
    if f.q:
        query = query.where(or_(models.Evidence.original_name.ilike(_like(f.q), escape="\\"),
                                models.Evidence.sha256.like(f.q.lower()[:64] + "%")))
    rows, total = _page(case, query, f, [models.Evidence.id.desc()], ("evidence", visible is None))
    return Page[EvidenceOut](items=[EvidenceOut.model_validate(r) for r in rows], total=total, page=f.page, per_page=f.per_page)


def get_evidence(case: Case, evidence_id: int, actor: Actor) -> EvidenceOut:
    with case.session() as session:
        row = session.get(models.Evidence, evidence_id)
        if row is None or (row.protected and not may_see_protected(actor)):
            raise NotFound(f"no evidence {evidence_id}")
        return EvidenceOut.model_validate(row)


# -- export -----------------------------------------------------------------------------------------
#: tables a signed-in user may download from their list page (evidence is left out: a viewer's
#: list hides protected evidence, the export would not)
EXPORTABLE = ("sources", "claims", "incidents", "persons", "records", "actors", "places")


def export(case: Case, table: str, file_format: str, actor: Actor, out) -> int:
    """Write ``table`` to ``out`` with the actor's redaction (:mod:`sabt.export`): protected
    identities in clear only for roles that may see them, each such row audited as a read."""
    from sabt.export import FORMATS, export_table

    if table not in EXPORTABLE:
        raise NotFound(f"no exportable table {table!r}; one of {', '.join(EXPORTABLE)}")
    if file_format not in FORMATS:
        raise Refused(f"unknown format {file_format!r}; one of {', '.join(FORMATS)}")
    reveal = may_see_protected(actor)
    if reveal and table in protect.IDENTITY_FIELDS and not may_reveal(actor):
        raise ReauthRequired()
    rows = export_table(case, table, file_format, out, reveal_protected=reveal, omit_protected=True)
    revealed = []
    if reveal and table in protect.IDENTITY_FIELDS:
        model = {"persons": models.Person, "records": models.Record}[table]
        with case.session() as session:
            revealed = list(session.scalars(select(model.id).where(model.protected.is_(True))))
    with case.session() as session:
        _audit(session, actor, "export", table, None, {"format": file_format, "rows": rows, "revealed": len(revealed)})
        session.commit()
    protect.audit_protected_reads(case, table, revealed, actor.name, "export")
    return rows


# -- runs, audit ----------------------------------------------------------------------------------
def list_estimates(case: Case, limit: int = 20) -> list[EstimateRunOut]:
    with case.session() as session:
        rows = session.scalars(select(models.EstimateRun).order_by(models.EstimateRun.id.desc()).limit(limit)).all()
        return [EstimateRunOut.model_validate(r) for r in rows]


def list_audit(case: Case, f: Filters) -> Page[AuditOut]:
    query = select(models.AuditEntry)
    if f.q:
        query = query.where(or_(models.AuditEntry.actor == f.q, models.AuditEntry.action == f.q))
    rows, total = _page(case, query, f, [models.AuditEntry.id.desc()], ("audit",))
    return Page[AuditOut](items=[AuditOut.model_validate(r) for r in rows], total=total, page=f.page, per_page=f.per_page)
