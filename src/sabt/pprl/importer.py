"""`sabt import encoded`: an organisation's encoded list into the case (at the linkage unit).

Like `sabt import list`: one transaction per file, a second import of the same file adds
nothing, a record whose encoded id is already in the case for that source is skipped when
unchanged and supersedes the earlier one when it changed; a bad line is reported with the
file, the line and the reason, and nothing is written. The encoded record is kept as read
(``records.raw``); its clear fields fill the record's columns; it holds no name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from sqlalchemy import select, update

from sabt.case import Case
from sabt.errors import ImportRefused
from sabt.ingest.lists import MAX_LISTED_PROBLEMS, ImportSummary, _dump, _sha256
from sabt.ingest.readers import read_input
from sabt.pprl.bloom import SCHEME
from sabt.pprl.encode import FIELD_SPECS, FORMAT, SHAREABLE
from sabt.store import models
from sabt.store.bulk import bulk_insert

ENCODED_FORMAT = "encoded"
"""imports.file_format of an encoded list (the column holds 10 characters)."""
_ID = re.compile(r"^[0-9a-f]{8,64}$")
_BITS = re.compile(r"^[01]+$")


def encoded_check(case: Case) -> str | None:
    """The secret's check value of the encoded lists already in the case (None if none)."""
    with case.session() as session:
        for mapping in session.scalars(select(models.ImportBatch.mapping).where(
                models.ImportBatch.file_format == ENCODED_FORMAT)):
            if mapping and mapping.get("check"):
                return mapping["check"]
    return None


def _header(path: Path, line: str) -> dict:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ImportRefused(f"{path.name}: line 1: not a list written by `sabt encode` (no {FORMAT} header)")
    if header.get("scheme") != SCHEME:
        raise ImportRefused(f"{path.name}: line 1: encoded with scheme {header.get('scheme')!r}; this sabt reads {SCHEME!r}")
    shared = header.get("shared")
    if not isinstance(shared, list) or any(s not in SHAREABLE for s in shared):
        raise ImportRefused(f"{path.name}: line 1: the shared fields {shared!r} are not ones sabt encode shares")
    return header


def _clear_problem(name: str, value) -> str | None:
    if value is None:
        return None
    if name == "sex" and value not in ("m", "f"):
        return f"sex {value!r} is not m or f"
    if name in ("date_of_death", "date_of_arrest"):
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return f"{name} {str(value)[:30]!r} is not a date (YYYY-MM-DD)"
    if name in ("age_band", "province", "city") and (not isinstance(value, str) or len(value) > 100):
        return f"{name} {str(value)[:30]!r} is not a short text"
    return None


def _record_problem(record, shared: list[str]) -> str | None:
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("encoded_id"), str) or not _ID.match(record["encoded_id"]):
        return "no encoded_id (8 to 64 hexadecimal digits)"
    bits, clear = record.get("bits"), record.get("clear")
    if not isinstance(bits, dict) or set(bits) != set(FIELD_SPECS):
        return f"bits must hold exactly the fields {', '.join(FIELD_SPECS)}"
    for name, value in bits.items():
        if value is not None and (not isinstance(value, str) or len(value) != 2 * FIELD_SPECS[name].length
                                  or not _BITS.match(value)):
            return f"bits of {name} are not {2 * FIELD_SPECS[name].length} zeros and ones"
    if not isinstance(clear, dict) or set(clear) != set(shared):
        return f"clear fields must be exactly the shared ones ({', '.join(shared)})"
    return next((p for p in (_clear_problem(k, v) for k, v in clear.items()) if p), None)


def read_encoded(path: Path, data: bytes) -> tuple[dict, list[tuple[int, dict, str]]]:
    """The header and (line, record, line's SHA-256) of every record; every problem refuses the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{path.name}: not UTF-8 text (byte {error.start})") from None
    lines = text.splitlines()
    if not lines:
        raise ImportRefused(f"{path.name}: the file is empty")
    header = _header(path, lines[0])
    records, problems, seen = [], [], {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            problems.append(f"{path.name}: line {number}: not JSON ({error.msg})")
            continue
        problem = _record_problem(record, header["shared"])
        if problem is None and record["encoded_id"] in seen:
            problem = f"encoded_id {record['encoded_id']} already used on line {seen[record['encoded_id']]}"
        if problem:
            problems.append(f"{path.name}: line {number}: {problem}")
            continue
        seen[record["encoded_id"]] = number
        records.append((number, record, hashlib.sha256(line.encode()).hexdigest()))
    if problems:
        listed = "\n".join("  " + p for p in problems[:MAX_LISTED_PROBLEMS])
        more = len(problems) - MAX_LISTED_PROBLEMS
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was imported:\n{listed}"
                            + (f"\n  … and {more} more" if more > 0 else ""))
    return header, records


def import_encoded(case: Case, path: Path, source_id: str) -> ImportSummary:
    """Import one encoded list; see the module docstring for the guarantees."""
    path = Path(path)
    data = read_input(path)
    digest = _sha256(data)
    summary = ImportSummary(file=path.name, source_id=source_id, file_format=ENCODED_FORMAT, encoding="utf-8")
    with case.session() as session:
        earlier = session.scalar(select(models.ImportBatch).where(
            models.ImportBatch.source_id == source_id, models.ImportBatch.file_sha256 == digest))
        if earlier is not None:
            summary.already_imported, summary.import_id, summary.rows_read = True, earlier.id, earlier.rows_read
            return summary
        clear_lists = session.scalar(select(models.ImportBatch.file_name).where(
            models.ImportBatch.file_format != ENCODED_FORMAT).limit(1))
    header, records = read_encoded(path, data)
    if clear_lists is not None:
        raise ImportRefused(f"{path.name}: the case already holds a list in clear ({clear_lists}); encoded and clear "
                            "lists cannot be linked together — import encoded lists into a case of their own")
    check = encoded_check(case)
    if check is not None and header["check"] != check:
        raise ImportRefused(f"{path.name}: line 1: encoded with another secret than the lists already in the case "
                            "(its check value differs); every organisation must encode with the coalition's one secret")
    summary.rows_read = len(records)
    _write(case, path, digest, header, records, summary)
    return summary


def _write(case: Case, path: Path, digest: str, header: dict, records: list, summary: ImportSummary) -> None:
    from sabt.ingest.lists import RECORD_COLUMNS

    with case.session() as session:
        existing = dict((rid, (row_id, row_hash)) for row_id, rid, row_hash in session.execute(
            select(models.Record.id, models.Record.source_record_id, models.Record.row_sha256).where(
                models.Record.source_id == summary.source_id, models.Record.superseded.is_(False))))
        provinces = dict(session.execute(select(models.Place.iso_code, models.Place.key).where(
            models.Place.kind == "province")).all())
        place_keys = set(session.scalars(select(models.Place.key)))
    with case.engine.begin() as connection:
        if not connection.execute(select(models.Source.id).where(models.Source.id == summary.source_id)).first():
            connection.execute(models.Source.__table__.insert(), [{
                "id": summary.source_id, "name": summary.source_id, "kind": "list", "created_at": models._now()}])
        batch_id = connection.execute(
            models.ImportBatch.__table__.insert().returning(models.ImportBatch.id),
            [{"source_id": summary.source_id, "file_name": path.name, "file_sha256": digest,
              "file_format": ENCODED_FORMAT, "encoding": "utf-8", "calendar": None,
              "mapping": {k: header[k] for k in ("scheme", "check", "shared", "fields")},
              "rows_read": len(records), "rows_added": 0, "created_at": models._now()}],
        ).scalar_one()
        summary.import_id = batch_id
        now, rows, superseded = models._now(), [], []
        for number, record, row_hash in records:
            encoded_id, clear = record["encoded_id"], record["clear"]
            supersedes = None
            if encoded_id in existing:
                old_id, old_hash = existing[encoded_id]
                if old_hash == row_hash:
                    summary.rows_unchanged += 1
                    continue
                supersedes = old_id
                superseded.append(old_id)
                summary.rows_superseding += 1
            province = clear.get("province") if clear.get("province") in provinces else None
            city = clear.get("city") if clear.get("city") in place_keys else None
            death, arrest = clear.get("date_of_death"), clear.get("date_of_arrest")
            values = dict.fromkeys(RECORD_COLUMNS)
            values.update(
                import_id=batch_id, source_id=summary.source_id, source_record_id=encoded_id, row_number=number,
                raw=_dump(record), row_sha256=row_hash, protected=False, sex=clear.get("sex"),
                date_of_death=dt.date.fromisoformat(death) if death else None,
                date_of_arrest=dt.date.fromisoformat(arrest) if arrest else None,
                place_key=city or provinces.get(province), province_code=province,
                extra=_dump({"encoded": True, "age_band": clear.get("age_band")}),
                supersedes_id=supersedes, superseded=False, created_at=now)
            rows.append(tuple(values[c] for c in RECORD_COLUMNS))
        if rows:
            bulk_insert(connection, models.Record.__table__, RECORD_COLUMNS, rows)
        if superseded:
            connection.execute(update(models.Record).where(models.Record.id.in_(superseded)).values(superseded=True))
        summary.rows_added = len(rows)
        connection.execute(update(models.ImportBatch).where(models.ImportBatch.id == batch_id).values(
            rows_added=len(rows), summary=summary.as_dict()))


def is_encoded_case(case: Case) -> bool:
    """True when the case's lists are encoded ones (then linkage compares encodings)."""
    with case.session() as session:
        return session.scalar(select(models.ImportBatch.id).where(
            models.ImportBatch.file_format == ENCODED_FORMAT).limit(1)) is not None
