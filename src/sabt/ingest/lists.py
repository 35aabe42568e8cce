"""Importing an organisation's list: every row kept as read, beside its normalised fields.

A file is one transaction: either every row is written, or (on a bad value) nothing is and
the error names the file, the line, the column and the reason. Importing the same file again
adds nothing; a row whose ``id`` is already in the case for that source is skipped when
unchanged and *supersedes* the earlier row when the list corrected it.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import orjson
from sqlalchemy import select, update

from sabt.case import Case
from sabt.errors import ImportRefused
from sabt.ingest.earlier import earlier_import, options_not_applied, when
from sabt.ingest.fields import FIELDS, IDENTIFYING, READERS, FieldProblem, make_date_reader
from sabt.ingest.headers import check_headers
from sabt.ingest.mapping import Mapping, load_mapping
from sabt.ingest.readers import Table, detect_format, read_input, read_table
from sabt.store import models
from sabt.store.bulk import bulk_insert
from sabt.text import normalize_text, printable

MAX_LISTED_PROBLEMS = 20
CHUNK = 20_000


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    reason: str

    def describe(self, file_name: str) -> str:
        where = f"{file_name}: line {self.line}"
        if self.column:
            where += f", column {printable(self.column)!r}"
        return f"{where}: {self.reason}"


@dataclass
class ImportSummary:
    file: str
    source_id: str
    rows_read: int = 0
    rows_added: int = 0
    rows_unchanged: int = 0
    rows_superseding: int = 0
    rows_rejected: int = 0
    protected: int = 0
    already_imported: bool = False
    encoding: str | None = None
    file_format: str | None = None
    calendar: str | None = None
    unrecognised_columns: list[str] = field(default_factory=list)
    unresolved_places: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    import_id: int | None = None
    imported_at: str | None = None  # when an earlier import read this very file
    options_not_applied: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_list(
    case: Case,
    path: Path,
    source_id: str,
    mapping_path: Path | None = None,
    calendar: str | None = None,
    encoding: str | None = None,
    file_format: str | None = None,
    skip_bad_rows: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportSummary:
    """Import one list file into the case; see the module docstring for the guarantees."""
    path = Path(path)
    mapping = load_mapping(mapping_path)
    calendar = calendar or mapping.calendar
    data = read_input(path)
    digest = _sha256(data)
    summary = ImportSummary(file=path.name, source_id=source_id, calendar=calendar)
    with case.session() as session:
        earlier = earlier_import(session, path.name, digest, source_id)
        if earlier is not None:
            summary.already_imported = True
            summary.import_id = earlier.id
            summary.rows_read = earlier.rows_read
            summary.imported_at = when(earlier)
            summary.options_not_applied = options_not_applied(earlier, calendar, encoding, file_format, mapping)
            return summary
    table, normalised, keep = read_list(path, data, mapping, summary, file_format, encoding, skip_bad_rows, progress)
    _write(case, path, digest, table, mapping, normalised, keep, summary, progress)
    return summary


def read_list(path: Path, data: bytes, mapping: Mapping, summary: ImportSummary, file_format: str | None = None,
              encoding: str | None = None, skip_bad_rows: bool = False, progress=None,
              verb: str = "import") -> tuple[Table, dict[str, list], list[int]]:
    """Read and normalise a list (encodings, columns, calendar, places) without writing anything:
    the table as read, the normalised columns (places resolved under ``_place_key``,
    ``_province_code``, ``_place_text``) and the indices of the rows kept. ``sabt encode``
    reads a list through this very path."""
    fmt = detect_format(path, file_format or mapping.file_format)
    table = read_table(path, data, fmt, encoding or mapping.encoding, mapping.sheet)
    summary.encoding, summary.file_format = table.encoding, fmt
    summary.rows_read = len(table.rows) + len(table.problems)
    columns = _assign_columns(path, table, mapping, summary)
    summary.calendar = summary.calendar or mapping.calendar
    normalised, problems = _normalise(table, columns, mapping, summary.calendar, progress)
    problems += [Problem(line, column, reason) for line, column, reason in table.problems]
    rejected_lines = {p.line for p in problems}
    if problems and not skip_bad_rows:
        problems.sort(key=lambda p: p.line)
        listed = "\n".join("  " + p.describe(path.name) for p in problems[:MAX_LISTED_PROBLEMS])
        more = len(problems) - MAX_LISTED_PROBLEMS
        tail = f"\n  … and {more} more" if more > 0 else ""
        raise ImportRefused(
            f"{path.name}: {len(problems)} problem(s); nothing was {verb.removesuffix('e')}ed "
            f"(fix them, or use --skip-bad-rows to {verb} the good rows):\n{listed}{tail}",
            problems,
        )
    if problems:
        summary.rejects_file = str(_write_rejects(path, table, problems))
        summary.rows_rejected = len(rejected_lines)
    keep = [i for i, line in enumerate(table.lines) if line not in rejected_lines]
    _places(normalised, keep, summary)
    return table, normalised, keep


def _assign_columns(path: Path, table: Table, mapping: Mapping, summary: ImportSummary) -> dict[str, int]:
    check_headers(path.name, table.header, mapping.field_of, mapping.keep)
    columns: dict[str, int] = {}
    for position, header in enumerate(table.header):
        target = mapping.field_of(header)
        if target is None:
            summary.unrecognised_columns.append(header)
            continue
        if target in columns:
            raise ImportRefused(
                f"{path.name}: line 1: columns {table.header[columns[target]]!r} and {header!r} both map to {target!r}"
            )
        columns[target] = position
    present = {normalize_text(h) for h in table.header}
    missing = [h for h in mapping.columns if normalize_text(h) not in present]
    if missing:
        raise ImportRefused(f"{path.name}: line 1: the mapping names column(s) not in the file: {', '.join(map(repr, missing))}")
    if not set(columns) & {"name", "given_name", "family_name", "id"}:
        raise ImportRefused(
            f"{path.name}: line 1: no column is recognised as a name or an id "
            f"(headers: {', '.join(printable(h, 30) for h in table.header[:12])}); "
            "use sabt's column names (see `sabt import list --help`) or a --mapping file"
        )
    return columns


def _normalise(table: Table, columns: dict[str, int], mapping: Mapping, calendar: str, progress):
    """Normalise column by column, each distinct value once."""
    date_reader = make_date_reader(calendar, mapping.day_first)
    normalised: dict[str, list] = {}
    problems: list[Problem] = []
    for step, (name, position) in enumerate(columns.items()):
        spec = FIELDS[name]
        reader = date_reader if spec.kind == "date" else READERS.get(spec.kind)
        values_map = mapping.values.get(name, {})
        header = table.header[position]
        cells = [row[position] for row in table.rows]
        if spec.kind == "place":
            folded = {cell: normalize_text(str(cell)) or None for cell in set(cells)}
            normalised[name] = [folded[cell] for cell in cells]
            continue
        results: dict = {}
        for cell in set(cells):
            raw = values_map.get(str(cell), cell)
            try:
                results[cell] = reader(raw, spec)
            except FieldProblem as problem:
                results[cell] = problem
        bad = {cell for cell, value in results.items() if isinstance(value, FieldProblem)}
        if bad:
            for line, cell in zip(table.lines, cells):
                if cell in bad:
                    problems.append(Problem(line, header, f"{printable(str(cell), 40)!r}: {results[cell]}"))
            results.update({cell: None for cell in bad})
        normalised[name] = [results[cell] for cell in cells]
        if progress:
            progress("normalise", step + 1, len(columns))
    return normalised, problems


def _places(normalised: dict[str, list], keep: list[int], summary: ImportSummary) -> None:
    from sabt.places import Gazetteer

    gazetteer = Gazetteer.default()
    cities = normalised.get("city") or [None] * len(next(iter(normalised.values()), []))
    provinces = normalised.get("province") or [None] * len(cities)
    resolved: dict[tuple, tuple] = {}
    keys, codes, texts = [], [], []
    unresolved: dict[str, int] = defaultdict(int)
    for city, province in zip(cities, provinces):
        pair = (city, province)
        if pair not in resolved:
            resolved[pair] = _resolve_pair(gazetteer, city, province)
        key, code, missing = resolved[pair]
        keys.append(key)
        codes.append(code)
        texts.append(", ".join(p for p in (city, province) if p) or None)
    for index in keep:
        _, _, missing = resolved[(cities[index], provinces[index])]
        for text in missing:
            unresolved[text] += 1
    normalised["_place_key"], normalised["_province_code"], normalised["_place_text"] = keys, codes, texts
    summary.unresolved_places = dict(sorted(unresolved.items(), key=lambda kv: -kv[1]))


def _resolve_pair(gazetteer, city: str | None, province: str | None) -> tuple:
    missing = []
    province_place = gazetteer.resolve(province) if province else None
    if province_place is not None and province_place.kind != "province":
        # a province column holding its capital's name ("Tehran", "تهران") names that province
        province_place = gazetteer.province_of(province_place)
    if province and province_place is None:
        missing.append(province)
    province_code = province_place.iso_code if province_place else None
    city_place = gazetteer.resolve(city, province_hint=province_code) if city else None
    if city and city_place is None:
        missing.append(city)
    if city_place is not None:
        own_province = gazetteer.province_of(city_place)
        code = own_province.iso_code if own_province else province_code
        return city_place.key, code, missing
    if province_place is not None:
        return province_place.key, province_code, missing
    return None, None, missing


RECORD_COLUMNS = (
    "import_id", "source_id", "source_record_id", "row_number", "raw", "row_sha256", "protected", "sealed",
    "name", "given_name", "family_name", "father_name", "national_id", "address", "name_index", "sex", "age",
    "birth_year", "date_of_birth", "date_of_death", "date_of_arrest", "status", "place_text", "place_key", "province_code", "extra",
    "supersedes_id", "superseded", "person_id", "created_at",
)


def _dump(value) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # integers beyond 64 bits and the like
        return json.dumps(value, ensure_ascii=False, default=str)


def _write(case, path, digest, table, mapping, normalised, keep, summary, progress) -> None:
    with case.session() as session:
        existing = {
            record_id: (row_id, row_hash)
            for row_id, record_id, row_hash in session.execute(
                select(models.Record.id, models.Record.source_record_id, models.Record.row_sha256).where(
                    models.Record.source_id == summary.source_id,
                    models.Record.superseded.is_(False),
                    models.Record.source_record_id.is_not(None),
                )
            )
        }
    with case.engine.begin() as connection:
        has_source = connection.execute(
            select(models.Source.id).where(models.Source.id == summary.source_id)
        ).first()
        if not has_source:
            connection.execute(
                models.Source.__table__.insert(),
                [{"id": summary.source_id, "name": summary.source_id, "kind": "list",
                  "created_at": models._now()}],
            )
        batch_id = connection.execute(
            models.ImportBatch.__table__.insert().returning(models.ImportBatch.id),
            [{"source_id": summary.source_id, "file_name": path.name, "file_sha256": digest,
              "file_format": summary.file_format, "encoding": summary.encoding,
              "calendar": summary.calendar, "mapping": mapping.as_dict(),
              "rows_read": summary.rows_read, "rows_added": 0, "created_at": models._now()}],
        ).scalar_one()
        summary.import_id = batch_id
        rows = _record_tuples(case, path, table, normalised, keep, existing, batch_id, summary)
        for start in range(0, len(rows), CHUNK):
            bulk_insert(connection, models.Record.__table__, RECORD_COLUMNS, rows[start : start + CHUNK])
            if progress:
                progress("write", min(start + CHUNK, len(rows)), len(rows))
        superseded_ids = [row[RECORD_COLUMNS.index("supersedes_id")] for row in rows]
        superseded_ids = [i for i in superseded_ids if i is not None]
        if superseded_ids:
            connection.execute(
                update(models.Record).where(models.Record.id.in_(superseded_ids)).values(superseded=True)
            )
        summary.rows_added = len(rows)
        connection.execute(
            update(models.ImportBatch)
            .where(models.ImportBatch.id == batch_id)
            .values(rows_added=len(rows), summary=summary.as_dict())
        )


def _record_tuples(case, path, table, normalised, keep, existing, batch_id, summary) -> list[tuple]:
    """One tuple per new row, in RECORD_COLUMNS order; unchanged rows are counted and left out."""
    n = len(table.rows)
    column = lambda name: normalised.get(name) or [None] * n  # noqa: E731
    ids, protected_flags = column("id"), column("protected")
    names, givens, families = column("name"), column("given_name"), column("family_name")
    fathers, deaths, arrests = column("father_name"), column("date_of_death"), column("date_of_arrest")
    sexes, ages, births, statuses = column("sex"), column("age"), column("birth_year"), column("status")
    national_ids, addresses, birth_dates = column("national_id"), column("address"), column("date_of_birth")
    place_texts, place_keys, codes = normalised["_place_text"], normalised["_place_key"], normalised["_province_code"]
    identifying = {f: column(f) for f in IDENTIFYING}
    header, lines, source_id = table.header, table.lines, summary.source_id
    now = models._now()
    rows, seen_ids = [], {}
    for index in keep:
        raw = dict(zip(header, table.rows[index]))
        raw_json = _dump(raw)
        protected = bool(protected_flags[index])
        if protected:
            row_hash = hmac.new(case.key.index_key, raw_json.encode(), hashlib.sha256).hexdigest()
        else:
            row_hash = hashlib.sha256(raw_json.encode()).hexdigest()
        record_id, supersedes = ids[index], None
        if record_id is not None:
            if record_id in seen_ids:
                raise ImportRefused(
                    f"{path.name}: line {lines[index]}: id {printable(record_id)!r} already used on line {seen_ids[record_id]}"
                )
            seen_ids[record_id] = lines[index]
            if record_id in existing:
                old_id, old_hash = existing[record_id]
                if old_hash == row_hash:
                    summary.rows_unchanged += 1
                    continue
                supersedes = old_id
                summary.rows_superseding += 1
        given, family = givens[index], families[index]
        name = names[index] or (" ".join(p for p in (given, family) if p) or None)
        death, arrest, born = deaths[index], arrests[index], birth_dates[index]
        extra = {}
        if born and born[1] != "day":
            extra["date_of_birth_precision"] = born[1]
        if death and death[1] != "day":
            extra["date_of_death_precision"] = death[1]
        if arrest and arrest[1] != "day":
            extra["date_of_arrest_precision"] = arrest[1]
        father, sealed, name_index = fathers[index], None, None
        national_id, address = national_ids[index], addresses[index]
        if protected:
            summary.protected += 1
            identity = {f: values[index] for f, values in identifying.items()}
            identity.update(name=name, raw=raw)
            sealed = case.key.seal(identity, "records")
            name_index = case.key.blind_index(name.lower()) if name else None
            name = given = family = father = national_id = address = raw_json = None
        rows.append((
            batch_id, source_id, record_id, lines[index], raw_json, row_hash, protected, sealed,
            name, given, family, father, national_id, address, name_index, sexes[index], ages[index], births[index],
            born[0] if born else None, death[0] if death else None, arrest[0] if arrest else None, statuses[index],
            place_texts[index], place_keys[index], codes[index], _dump(extra) if extra else None,
            supersedes, False, None, now,
        ))
    return rows


def _write_rejects(path: Path, table: Table, problems: list[Problem]) -> Path:
    """The rejected rows as read, with the reason, beside the input; written atomically."""
    by_line: dict[int, list[str]] = defaultdict(list)
    for p in problems:
        by_line[p.line].append(f"{p.column}: {p.reason}" if p.column else p.reason)
    target = path.with_name(path.stem + ".rejects.csv")
    rows_by_line = dict(zip(table.lines, table.rows))
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".rejects-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(["line", "reason", *table.header])
            for line in sorted(by_line):
                writer.writerow([line, "; ".join(by_line[line]), *rows_by_line.get(line, [])])
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
