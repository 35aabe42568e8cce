"""Protected identities: seal and release them, reveal them to those allowed, search them.

The one home of protection: the web app, exports, review and linkage all redact, reveal and
audit through this module. The rule it keeps is *non-interference*: to someone who may not see
protected identities (a viewer), a protected record does not exist — lists, pages, searches,
exports and errors read as if it had never been imported (:func:`visible`); a person with an
open record shows only what its open records say (linkage builds it so); only aggregate totals
count it.

A protected record or person keeps its identifying fields only inside ``sealed`` (AES-GCM under
the case key, see :mod:`sabt.store.crypto`); its plain columns are NULL and its name is
findable only through ``name_index``, a keyed blind index of the lower-cased name. Every
reveal of a protected identity to a user is written to the audit log (who, when, which row,
never the identity itself).

>>> set_protected(case, "records", 12, True, actor="sara")        # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import hmac
import json

from sqlalchemy import insert, select, text, true

from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models

REDACTED = "[protected]"

#: identifying fields shown in pages and the API, per table (the sealed blob may hold more)
IDENTITY_FIELDS = {
    "records": ("name", "given_name", "family_name", "father_name", "national_id", "address", "contact", "notes"),
    "persons": ("name", "name_latin", "father_name"),
}
_PLAIN_COLUMNS = models.PLAIN_IDENTITY
_MODELS = {"records": models.Record, "persons": models.Person}


class NotFound(SabtError):
    """No row with that id."""


class Refused(SabtError):
    """The request conflicts with the case as it is (HTTP 409)."""


def visible(model, reveal: bool):
    """The rows of ``model`` (records or persons) a user may know exist: all of them for those
    who may see protected identities, else the unprotected ones (a person is protected only when
    all its records are)."""
    return true() if reveal else model.protected.is_(False)


def redact_frame(case: Case, frame, table: str, reveal: bool, omit: bool = False):
    """A table's rows (with their ``sealed`` column) as an export may hold them: protected rows
    unsealed when ``reveal``, left out when ``omit`` (a viewer's export), else their identity
    reading :data:`REDACTED`. Drops ``sealed``."""
    protected = frame["protected"].fillna(False).astype(bool)
    if omit and not reveal:
        return frame[~protected].drop(columns=["sealed"])
    key = case.key if reveal and protected.any() else None
    for index in frame.index[protected]:
        identity = key.unseal(frame.at[index, "sealed"], table) if key else {}
        for column in _PLAIN_COLUMNS[table]:
            if column in frame.columns:
                frame.at[index, column] = identity.get(column) if key else REDACTED
        if "raw" in frame.columns:
            frame.at[index, "raw"] = identity.get("raw") if key else {"protected": REDACTED}
    return frame.drop(columns=["sealed"])


def pair_view(case: Case, record, fields: tuple[str, ...], reveal: bool, actor: str) -> dict:
    """A record's ``fields`` for clerical review, its name and father's name unsealed (and the
    read audited) when ``reveal``, else redacted."""
    view = {f: getattr(record, f) for f in fields}
    if record.protected:
        opened = identity_of(case, "records", record, reveal, actor, "pair review")
        for f in ("name", "father_name"):
            view[f] = opened[f]
    return view


class Moved(SabtError):
    """A merged person's id: it answers with a redirect to the person that took its records."""

    def __init__(self, old_id: int, person_id: int):
        super().__init__(f"person {old_id} was merged into person {person_id}")
        self.old_id, self.person_id = old_id, person_id


def survivor_of(case: Case, person_id: int, reveal: bool) -> int | None:
    """The person a merged person's id now answers with, if the user may know of both (a viewer
    never learns that a protected person existed, nor is sent to one)."""
    with case.session() as session:
        alias = session.get(models.PersonAlias, person_id)
        if alias is None or (alias.was_protected and not reveal):
            return None
        visible_now = session.scalar(select(models.Person.id).where(
            models.Person.id == alias.person_id, visible(models.Person, reveal)))
    return visible_now


def _dump_raw(raw) -> str:
    try:
        from sabt.ingest.lists import _dump  # the importer's own serialisation, so hashes agree
        return _dump(raw)
    except Exception:  # pragma: no cover - importer changed
        return json.dumps(raw, ensure_ascii=False, sort_keys=True)


def _model(table: str):
    if table not in _MODELS:
        raise SabtError(f"only records and persons can be protected, not {table!r}")
    return _MODELS[table]


def scrub(case: Case) -> None:
    """Leave no old plain copy of a value just sealed in the database's files. SQLite: push the
    rewritten pages out of the WAL and truncate it (freed cells are already zeroed:
    ``secure_delete``). PostgreSQL: ``VACUUM persons, records``, which prunes the dead row
    versions that still hold the plain values from the tables' pages (tested on the raw pages
    with ``pageinspect``); the server's WAL and any backup made before keep them (docs/web.md)."""
    if case.engine.dialect.name == "sqlite":
        with case.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    elif case.engine.dialect.name == "postgresql":
        with case.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM persons, records")


def set_protected(case: Case, table: str, row_id: int, protected: bool, actor: str, detail: dict | None = None) -> bool:
    """Seal (``protected=True``) or release a record's or person's identifying fields in place.

    Returns whether anything changed. On SQLite the old plain values are overwritten on disk
    (``secure_delete``), the name-search index is merged so no trigram of the old name stays
    in it, and the WAL is checkpointed; on PostgreSQL the old row version stays in the table's
    dead tuples and its trigram index until ``VACUUM`` (see docs/web.md).

    A record's person is computed again from its records (:func:`_refresh_person`). A person
    with records is protected or released through its records: :func:`set_person_protection`.
    """
    model = _model(table)
    key = case.key
    with case.session() as session:
        if case.engine.dialect.name == "sqlite":
            session.connection().exec_driver_sql("PRAGMA secure_delete=ON")
        row = session.get(model, row_id)
        if row is None:
            raise NotFound(f"no {table[:-1]} {row_id}")
        if bool(row.protected) == protected:
            return False
        if protected:
            identity = {c: getattr(row, c) for c in _PLAIN_COLUMNS[table]}
            if table == "records":
                identity["raw"] = row.raw
                if row.raw is not None:
                    row.row_sha256 = hmac.new(key.index_key, _dump_raw(row.raw).encode(), hashlib.sha256).hexdigest()
                row.raw = None
                name = identity.get("name") or " ".join(
                    p for p in (identity.get("given_name"), identity.get("family_name")) if p)
                row.name_index = key.blind_index(name.lower()) if name else None
            row.sealed = key.seal(identity, table)
            for column in _PLAIN_COLUMNS[table]:
                setattr(row, column, None)
            row.protected = True
        else:
            identity = key.unseal(row.sealed, table) if row.sealed else {}
            for column in _PLAIN_COLUMNS[table]:
                setattr(row, column, identity.get(column))
            if table == "records":
                row.raw = identity.get("raw")
                if row.raw is not None:
                    row.row_sha256 = hashlib.sha256(_dump_raw(row.raw).encode()).hexdigest()
                row.name_index = None
            row.sealed = None
            row.protected = False
        session.add(models.AuditEntry(actor=actor, action="protect" if protected else "unprotect",
                                      subject_table=table, subject_id=str(row_id), detail=detail))
        if table == "records" and row.person_id is not None:
            session.flush()
            _refresh_person(case, session, row.person_id)
        if protected and case.engine.dialect.name == "sqlite":
            # the name-search tables' triggers wrote delete markers; the old trigrams stay in their
            # older segments until they are merged: merge now (secure_delete zeroes the freed pages)
            # — the person's table too, whose row may have been sealed with the record
            for fts in dict.fromkeys(models.NAME_SEARCH.values()):
                session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))
        session.commit()
    scrub(case)
    return True


def _refresh_person(case: Case, session, person_id: int) -> None:
    """Compute a person's row again from its current records, as linkage does: its values from
    its open records, sealed when all of them are protected."""
    from sabt.link.features import load_records
    from sabt.link.run import _person_values

    person = session.get(models.Person, person_id)
    records = load_records(case, person_id=person_id, session=session)
    if person is None or records.empty:
        return
    values = _person_values(case, records, {int(r): person_id for r in records["id"]}, person.link_run_id)[person_id]
    for column, value in values.items():
        setattr(person, column, value)


def person_records(case: Case, person_id: int) -> tuple[list[int], list[int]]:
    """A person's current records: (open ids, protected ids)."""
    with case.session() as session:
        rows = session.execute(select(models.Record.id, models.Record.protected).where(
            models.Record.person_id == person_id, models.Record.superseded.is_(False)).order_by(models.Record.id)).all()
    return [i for i, p in rows if not p], [i for i, p in rows if p]


def set_person_protection(case: Case, person_id: int, protected: bool, actor: str,
                          release_records: list[int] | None = None, confirm: bool = False) -> bool:
    """Protect or release a person — a decision about its records.

    Protecting a person protects every one of its records. Releasing it releases its protected
    records, and only when the caller lists exactly those records in ``release_records`` and
    ``confirm``s: otherwise :class:`Refused` names them, and nothing changes. Each record's
    change is audited with the person's id. A person without records (known from evidence only)
    is protected or released itself. Returns whether anything changed.
    """
    with case.session() as session:
        if session.get(models.Person, person_id) is None:
            raise NotFound(f"no person {person_id}")
    open_ids, protected_ids = person_records(case, person_id)
    if not open_ids and not protected_ids:
        return set_protected(case, "persons", person_id, protected, actor)
    if protected:
        return any([set_protected(case, "records", r, True, actor, {"person": person_id}) for r in open_ids])
    if not protected_ids:
        return False
    if sorted(set(release_records or [])) != protected_ids or not confirm:
        raise Refused(
            f"person {person_id} stays protected while its records {', '.join(map(str, protected_ids))} are: "
            "releasing the person releases them — list exactly these records in release_records and confirm")
    for record_id in protected_ids:
        set_protected(case, "records", record_id, False, actor, {"person": person_id, "confirmed": True})
    return True


def identity_of(case: Case, table: str, row, reveal: bool, actor: str, purpose: str) -> dict:
    """The identifying fields of ``row`` as a user may see them.

    Plain rows give their columns. Protected rows give :data:`REDACTED` for every field unless
    ``reveal``; then the sealed values, and the read is audited.
    """
    fields = IDENTITY_FIELDS[table]
    if not row.protected:
        # a plain row (``_mapping``) or an ORM object; a missing attribute is costly on a row
        mapping = getattr(row, "_mapping", None)
        values = {f: mapping.get(f) for f in fields} if mapping is not None else {f: getattr(row, f, None) for f in fields}
        raw = getattr(row, "raw", None) if table == "records" else None
        if isinstance(raw, dict):
            for f in ("address", "contact", "notes"):
                if f in fields and values.get(f) is None:
                    values[f] = raw.get(f)
        return values
    if not reveal:
        return {f: REDACTED for f in fields}
    opened = case.key.unseal(row.sealed, table) if row.sealed else {}
    with case.session() as session:
        session.add(models.AuditEntry(actor=actor, action="read_protected", subject_table=table,
                                      subject_id=str(row.id), detail={"purpose": purpose}))
        session.commit()
    return {f: opened.get(f) for f in fields}


def audit_protected_reads(case: Case, table: str, ids: list[int], actor: str, purpose: str) -> None:
    """One audit line per protected row shown in clear in a list."""
    if not ids:
        return
    with case.engine.begin() as connection:     # a plain insert: no ORM objects for a list's worth of lines
        connection.execute(insert(models.AuditEntry), [
            {"actor": actor, "action": "read_protected", "subject_table": table, "subject_id": str(i),
             "detail": {"purpose": purpose}} for i in ids])


def name_index_of(case: Case, name: str) -> str:
    """The blind index the importer gives a name (same folding: Arabic letters, digits, spaces)."""
    from sabt.text import normalize_text
    return case.key.blind_index(normalize_text(name).lower())


def protected_record_ids_named(case: Case, name: str):
    """A select of protected records whose name equals ``name`` (exactly, case-folded)."""
    return select(models.Record.id).where(models.Record.name_index == name_index_of(case, name))
