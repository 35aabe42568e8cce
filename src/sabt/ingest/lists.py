"""Importing an organisation's list: every row kept as read, beside its normalised fields.

A file is one transaction: either every row is written, or (on a bad value) nothing is and
the error names the file, the line, the column and the reason. Importing the same file again
adds nothing; a row whose ``id`` is already in the case for that source is skipped when
unchanged and *supersedes* the earlier row when the list corrected it.

The list streams: one pass hashes the file and checks its encoding, then rows are read,
normalised and written in batches of ``Settings.import_batch_rows`` inside that one
transaction, so memory does not grow with the list. A problem found in a late batch still
leaves nothing written: the transaction is rolled back (the rows after it are read to the
end only to list every problem at once).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import orjson
from sqlalchemy import select, update

from sabt.case import Case
from sabt.errors import ImportRefused
from sabt.ingest.earlier import earlier_import, options_not_applied, when
from sabt.ingest.fields import IDENTIFYING
from sabt.ingest.headers import check_headers
from sabt.ingest.mapping import Mapping, load_mapping
from sabt.ingest.normalise import Normaliser, Problem
from sabt.ingest.readers import Batch, Table, check_input, detect_format, open_list, read_table, scan_file
from sabt.ingest.writer import RECORD_COLUMNS, RecordWriter, import_connection
from sabt.store import models
from sabt.text import normalize_text, printable

__all__ = ["ImportSummary", "import_list", "read_list", "RECORD_COLUMNS", "MAX_LISTED_PROBLEMS", "Problem"]

MAX_LISTED_PROBLEMS = 20


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
    unresolved_places_other: int = 0
    """Rows naming further unresolved places, beyond the first 10,000 distinct ones counted by name."""
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
    """Import one list file into the case; see the module docstring for the guarantees.

    ``progress(step, done, total)`` is called with step ``"rows"`` after each batch (``total``
    is estimated from the file's line ends until the last call, where it is the rows read),
    then ``"indexes"`` while indexes dropped for a large fresh list are rebuilt."""
    path = Path(path)
    mapping = load_mapping(mapping_path)
    check_input(path)
    fmt = detect_format(path, file_format or mapping.file_format)
    scan = scan_file(path, fmt, encoding or mapping.encoding)
    summary = ImportSummary(file=path.name, source_id=source_id, calendar=calendar or mapping.calendar)
    with case.session() as session:
        earlier = earlier_import(session, path.name, scan.digest, source_id)
        if earlier is not None:
            summary.already_imported = True
            summary.import_id = earlier.id
            summary.rows_read = earlier.rows_read
            summary.imported_at = when(earlier)
            summary.options_not_applied = options_not_applied(earlier, calendar, encoding, file_format, mapping)
            return summary
    with open_list(path, fmt, scan, mapping.sheet) as reader:
        summary.encoding, summary.file_format = reader.encoding, fmt
        columns = _assign_columns(path, reader.header, mapping, summary)
        normaliser = Normaliser(columns, reader.header, mapping, summary.calendar)
        rejects = RejectsFile(path, reader.header) if skip_bad_rows else None
        try:
            with import_connection(case.engine) as connection, connection.begin():
                _stream(case, connection, path, scan, reader, normaliser, mapping, summary, rejects, progress)
            if rejects is not None:
                summary.rejects_file = rejects.keep()
        finally:
            if rejects is not None:
                rejects.discard()
    return summary


def _stream(case, connection, path, scan, reader, normaliser, mapping, summary, rejects, progress) -> None:
    """Read, normalise and write the list batch by batch on ``connection`` (one transaction)."""
    estimate = max(scan.line_ends - 1, 0)
    import_id = _open_import(connection, path, scan.digest, mapping, summary)
    writer = RecordWriter(connection, summary.source_id, estimate)
    refused = RefusedProblems(path.name, "import")
    batch_rows = case.settings.import_batch_rows
    for batch in _batches(reader, path, batch_rows):
        problems = _reading_problems(batch)
        normalised, field_problems = normaliser.columns_of(batch.rows, batch.lines)
        problems = sorted(problems + field_problems, key=lambda p: p.line)
        summary.rows_read += len(batch.rows) + len(batch.problems)
        rejected = {p.line for p in problems}
        keep = [i for i, line in enumerate(batch.lines) if line not in rejected] if rejected else range(len(batch.lines))
        if problems and rejects is None:
            refused.add(problems)
        elif problems:
            rejects.add(batch, problems)
            summary.rows_rejected += len(rejected)
        if not refused.count:
            normaliser.add_places(normalised, len(batch.rows), keep)
            ids = normalised.get("id")
            existing = writer.existing([ids[i] for i in keep], import_id) if ids else {}
            rows, ids_and_lines = _record_tuples(case, batch, reader.header, normalised, keep, existing, import_id,
                                                 summary, writer.now)
            writer.write(rows, ids_and_lines)
            summary.rows_added += len(rows)
        if progress:
            progress("rows", summary.rows_read, max(estimate, summary.rows_read))
    if progress:
        progress("rows", summary.rows_read, summary.rows_read)
    refused.raise_if_any()
    writer.finish(path.name, progress)
    summary.unresolved_places = normaliser.unresolved_places()
    summary.unresolved_places_other = normaliser.unresolved_others
    connection.execute(
        update(models.ImportBatch).where(models.ImportBatch.id == import_id)
        .values(rows_read=summary.rows_read, rows_added=summary.rows_added, summary=summary.as_dict())
    )


def _batches(reader, path: Path, size: int):
    """The reader's batches; a file changed since it was scanned is refused, not half-read."""
    try:
        yield from reader.batches(size)
    except UnicodeDecodeError:
        raise ImportRefused(f"{path.name}: the file changed while it was being imported; import it again") from None


def _reading_problems(batch: Batch) -> list[Problem]:
    """The rows the reader refused (a wrong number of columns, …), as problems."""
    return [Problem(line, column, reason) for line, column, reason in batch.problems]


def _open_import(connection, path: Path, digest: str, mapping: Mapping, summary: ImportSummary) -> int:
    """The source (created if new) and the import's own row; returns the import's id."""
    has_source = connection.execute(select(models.Source.id).where(models.Source.id == summary.source_id)).first()
    if not has_source:
        connection.execute(
            models.Source.__table__.insert(),
            [{"id": summary.source_id, "name": summary.source_id, "kind": "list", "created_at": models._now()}],
        )
    import_id = connection.execute(
        models.ImportBatch.__table__.insert().returning(models.ImportBatch.id),
        [{"source_id": summary.source_id, "file_name": path.name, "file_sha256": digest,
          "file_format": summary.file_format, "encoding": summary.encoding,
          "calendar": summary.calendar, "mapping": mapping.as_dict(),
          "rows_read": 0, "rows_added": 0, "created_at": models._now()}],
    ).scalar_one()
    summary.import_id = import_id
    return import_id


class RefusedProblems:
    """The problems of a file being refused: the first :data:`MAX_LISTED_PROBLEMS` (batches
    arrive in line order) and how many there are in all, however many that is."""

    def __init__(self, file_name: str, verb: str):
        self.file_name, self.verb = file_name, verb
        self.listed: list[Problem] = []
        self.count = 0

    def add(self, problems: list[Problem]) -> None:
        self.count += len(problems)
        self.listed += problems[: MAX_LISTED_PROBLEMS - len(self.listed)]

    def raise_if_any(self) -> None:
        if not self.count:
            return
        listed = "\n".join("  " + p.describe(self.file_name) for p in self.listed)
        more = self.count - len(self.listed)
        tail = f"\n  … and {more} more" if more > 0 else ""
        raise ImportRefused(
            f"{self.file_name}: {self.count} problem(s); nothing was {self.verb.removesuffix('e')}ed "
            f"(fix them, or use --skip-bad-rows to {self.verb} the good rows):\n{listed}{tail}",
            self.listed,
        )


class RejectsFile:
    """The rejected rows as read, with their reasons, written batch by batch to a temporary file
    beside the input and put in place (``list.csv`` → ``list.rejects.csv``) only once the rows
    that were kept are written."""

    def __init__(self, path: Path, header: list[str]):
        self.target = path.with_name(path.stem + ".rejects.csv")
        fd, self.temp = tempfile.mkstemp(dir=self.target.parent, prefix=".rejects-", suffix=".csv")
        self.handle = os.fdopen(fd, "w", newline="", encoding="utf-8-sig")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(["line", "reason", *header])
        self.written = False

    def add(self, batch: Batch, problems: list[Problem]) -> None:
        reasons: dict[int, list[str]] = {}
        for p in problems:
            reasons.setdefault(p.line, []).append(f"{p.column}: {p.reason}" if p.column else p.reason)
        rows_by_line = {line: batch.rows[i] for i, line in enumerate(batch.lines) if line in reasons}
        for line in sorted(reasons):
            self.writer.writerow([line, "; ".join(reasons[line]), *rows_by_line.get(line, [])])
        self.written = True

    def keep(self) -> str | None:
        """Put the file in place if any row was rejected; its path, or None."""
        self.handle.close()
        if not self.written:
            return None
        os.replace(self.temp, self.target)
        return str(self.target)

    def discard(self) -> None:
        self.handle.close()
        Path(self.temp).unlink(missing_ok=True)


def read_list(path: Path, data: bytes, mapping: Mapping, summary: ImportSummary, file_format: str | None = None,
              encoding: str | None = None, skip_bad_rows: bool = False, progress=None,
              verb: str = "import") -> tuple[Table, dict[str, list], list[int]]:
    """Read and normalise a whole list in memory without writing anything (``sabt encode``):
    the table as read, the normalised columns (places resolved under ``_place_key``,
    ``_province_code``, ``_place_text``) and the indices of the rows kept — by the very rules
    :func:`import_list` applies batch by batch."""
    fmt = detect_format(path, file_format or mapping.file_format)
    table = read_table(path, data, fmt, encoding or mapping.encoding, mapping.sheet)
    summary.encoding, summary.file_format = table.encoding, fmt
    summary.rows_read = len(table.rows) + len(table.problems)
    columns = _assign_columns(path, table.header, mapping, summary)
    summary.calendar = summary.calendar or mapping.calendar
    normaliser = Normaliser(columns, table.header, mapping, summary.calendar)
    batch = Batch(table.rows, table.lines, table.problems)
    normalised, field_problems = normaliser.columns_of(table.rows, table.lines)
    problems = sorted(_reading_problems(batch) + field_problems, key=lambda p: p.line)
    if progress:
        progress("normalise", len(columns), len(columns))
    rejected = {p.line for p in problems}
    if problems and not skip_bad_rows:
        refused = RefusedProblems(path.name, verb)
        refused.add(problems)
        refused.raise_if_any()
    if problems:
        rejects = RejectsFile(path, table.header)
        try:
            rejects.add(batch, problems)
            summary.rejects_file = rejects.keep()
        finally:
            rejects.discard()
        summary.rows_rejected = len(rejected)
    keep = [i for i, line in enumerate(table.lines) if line not in rejected]
    normaliser.add_places(normalised, len(table.rows), keep)
    summary.unresolved_places = normaliser.unresolved_places()
    return table, normalised, keep


def _assign_columns(path: Path, header: list[str], mapping: Mapping, summary: ImportSummary) -> dict[str, int]:
    check_headers(path.name, header, mapping.field_of, mapping.keep)
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        target = mapping.field_of(name)
        if target is None:
            summary.unrecognised_columns.append(name)
            continue
        if target in columns:
            raise ImportRefused(
                f"{path.name}: line 1: columns {header[columns[target]]!r} and {name!r} both map to {target!r}"
            )
        columns[target] = position
    present = {normalize_text(h) for h in header}
    missing = [h for h in mapping.columns if normalize_text(h) not in present]
    if missing:
        raise ImportRefused(f"{path.name}: line 1: the mapping names column(s) not in the file: {', '.join(map(repr, missing))}")
    if not set(columns) & {"name", "given_name", "family_name", "id"}:
        raise ImportRefused(
            f"{path.name}: line 1: no column is recognised as a name or an id "
            f"(headers: {', '.join(printable(h, 30) for h in header[:12])}); "
            "use sabt's column names (see `sabt import list --help`) or a --mapping file"
        )
    return columns


def _record_tuples(case, batch: Batch, header, normalised, keep, existing, import_id, summary,
                   now) -> tuple[list[tuple], list[tuple]]:
    """One tuple per new row of the batch, in RECORD_COLUMNS order (unchanged rows are counted
    and left out), and every kept row's (id, line). Dates are stored as ISO text, and what can
    be derived per column (full names, dates, their precision) is, before the loop over rows."""
    full = len(keep) == len(batch.rows)

    def column(name: str) -> list:
        values = normalised.get(name)
        if values is None:
            return [None] * len(keep)
        return values if full else [values[i] for i in keep]

    cells = batch.rows if full else [batch.rows[i] for i in keep]
    lines = batch.lines if full else [batch.lines[i] for i in keep]
    born, died, arrested = column("date_of_birth"), column("date_of_death"), column("date_of_arrest")
    extras = _precisions(born, died, arrested)
    protected_flags = column("protected")
    identifying = {f: column(f) for f in IDENTIFYING} if any(protected_flags) else {}
    given_names, family_names = column("given_name"), column("family_name")
    names = _full_names(column("name"), given_names, family_names)
    source_id = summary.source_id
    rows, ids_and_lines = [], []
    for position, (row, line, record_id, protected, name, given, family, father, national_id, address, sex, age,
                   birth_year, birth, death, arrest, status, place_text, place_key, code, extra) in enumerate(zip(
            cells, lines, column("id"), protected_flags, names, given_names, family_names, column("father_name"),
            column("national_id"), column("address"), column("sex"), column("age"), column("birth_year"),
            _iso_dates(born), _iso_dates(died), _iso_dates(arrested), column("status"),
            column("_place_text"), column("_place_key"), column("_province_code"), extras)):
        raw = dict(zip(header, row))
        raw_json = _dump(raw)
        if protected:
            row_hash = hmac.new(case.key.index_key, raw_json.encode(), hashlib.sha256).hexdigest()
        else:
            row_hash = hashlib.sha256(raw_json.encode()).hexdigest()
        supersedes = None
        if record_id is not None:
            ids_and_lines.append((record_id, line))
            if record_id in existing:
                old_id, old_hash = existing[record_id]
                if old_hash == row_hash:
                    summary.rows_unchanged += 1
                    continue
                supersedes = old_id
                summary.rows_superseding += 1
        sealed = name_index = None
        if protected:
            protected = True
            summary.protected += 1
            identity = {f: values[position] for f, values in identifying.items()}
            identity.update(name=name, raw=raw)
            sealed = case.key.seal(identity, "records")
            name_index = case.key.blind_index(name.lower()) if name else None
            name = given = family = father = national_id = address = raw_json = None
        rows.append((
            import_id, source_id, record_id, line, raw_json, row_hash, bool(protected), sealed,
            name, given, family, father, national_id, address, name_index, sex, age, birth_year,
            birth, death, arrest, status, place_text, place_key, code, extra,
            supersedes, False, None, now,
        ))
    return rows, ids_and_lines


def _full_names(names: list, givens: list, families: list) -> list:
    """The name column, or given and family names joined where a row has no full name."""
    if not any(givens) and not any(families):
        return names
    return [name or (" ".join(p for p in (given, family) if p) or None)
            for name, given, family in zip(names, givens, families)]


def _iso_dates(values: list) -> list:
    """Normalised (date, precision) pairs → the date as ISO text, each distinct pair once."""
    text = {value: value[0].isoformat() for value in set(values) if value}
    return [text.get(value) if value else None for value in values]


def _precisions(born: list, died: list, arrested: list) -> list:
    """Each row's ``extra`` JSON: the precision of its dates that are not to the day, or None."""
    kinds = (("date_of_birth_precision", born), ("date_of_death_precision", died),
             ("date_of_arrest_precision", arrested))
    if not any(value and value[1] != "day" for _, values in kinds for value in set(values)):
        return [None] * len(born)
    extras = []
    for values in zip(born, died, arrested):
        extra = {key: value[1] for (key, _), value in zip(kinds, values) if value and value[1] != "day"}
        extras.append(_dump(extra) if extra else None)
    return extras


def _dump(value) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # integers beyond 64 bits and the like
        return json.dumps(value, ensure_ascii=False, default=str)


