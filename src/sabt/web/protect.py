"""Protected identities: seal and release them, reveal them to those allowed, search them.

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

from sqlalchemy import insert, select, text

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


def _scrub_sqlite(case: Case) -> None:
    """Push the rewritten pages out of the WAL so no freed page keeps the plain identity."""
    if case.engine.dialect.name == "sqlite":
        with case.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def set_protected(case: Case, table: str, row_id: int, protected: bool, actor: str) -> bool:
    """Seal (``protected=True``) or release a record's or person's identifying fields in place.

    Returns whether anything changed. On SQLite the old plain values are overwritten on disk
    (``secure_delete``), the name-search index is merged so no trigram of the old name stays
    in it, and the WAL is checkpointed; on PostgreSQL the old row version stays in the table's
    dead tuples and its trigram index until ``VACUUM`` (see docs/web.md).
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
                                      subject_table=table, subject_id=str(row_id), detail=None))
        if protected and case.engine.dialect.name == "sqlite":
            # the name-search table's trigger wrote a delete marker; the old trigrams stay in its
            # older segments until they are merged: merge now (secure_delete zeroes the freed pages)
            fts = models.NAME_SEARCH[table]
            session.execute(text(f"INSERT INTO {fts}({fts}) VALUES ('optimize')"))
        session.commit()
    _scrub_sqlite(case)
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
