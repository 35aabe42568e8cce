"""Measured series over time — national internet reachability by hour, say — from a CSV file.

The form accepted is the one IODA (Internet Outage Detection and Analysis, Georgia Tech) gives
when its signals are exported: one row per time step, one time column, one column per signal.

- **time column** — the first of ``timestamp``, ``time``, ``datetime``, ``date``, ``ts``,
  ``from``, ``time (utc)`` (case and spacing ignored). Values are Unix epoch seconds
  (``1767898800``; IODA's native form, its API's ``from``/``until``/``step``) or ISO 8601
  (``2026-01-08T18:00:00Z``, ``2026-01-08 18:00``; a time without offset is taken as UTC).
- **signal columns** — IODA's datasources under their own names or their dashboard names:
  ``bgp`` (visible /24 prefixes), ``ping-slash24`` / ``active_probing`` / ``active-probing``
  (/24 blocks answering probes), ``merit-nt`` / ``telescope``, ``gtr`` / ``google`` (Google
  Transparency Report traffic), and any other numeric column; or a single ``value`` column.
  Which one becomes the series: the ``column`` argument; if not given, ``value`` when present,
  otherwise the only signal column; several signals and no ``column`` is refused, with the list.
- empty cells, ``nan``, ``null`` and ``-`` are gaps (stored as ``None``: a gap is not a zero);
  lines starting with ``#`` are comments (a synthetic file says so there); a leading
  byte-order mark is ignored.

    >>> import_series(case, Path("examples/iran-2026/connectivity.csv"), key="connectivity",
    ...               label="National internet reachability (synthetic)",
    ...               source_id="synthetic-connectivity", synthetic=True, unit="% of normal")
    SeriesSummary(key='connectivity', points=888, …)

Atomic and idempotent: nothing is written if any row is wrong (every problem is named by file,
line and column); the same file again under the same key is skipped; another file under an
existing key replaces that series' points (a series is a measurement, re-exported whole, not a
source's word to be superseded), and the summary says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from sabt.case import Case
from sabt.errors import ImportRefused
from sabt.store import models
from sabt.text import printable

TIME_COLUMNS = ("timestamp", "time", "datetime", "date", "ts", "from", "time (utc)", "time(utc)")
SIGNAL_ALIASES = {
    "active_probing": "ping-slash24", "active-probing": "ping-slash24", "ping_slash24": "ping-slash24",
    "ping-slash24": "ping-slash24", "bgp": "bgp", "telescope": "merit-nt", "merit_nt": "merit-nt",
    "merit-nt": "merit-nt", "google": "gtr", "gtr": "gtr", "google-search": "gtr", "value": "value",
}
GAPS = {"", "nan", "null", "none", "-", "na", "n/a"}


@dataclass
class SeriesSummary:
    key: str
    points: int
    gaps: int
    first: dt.datetime | None
    last: dt.datetime | None
    column: str
    added: bool = False
    replaced: bool = False
    unchanged: bool = False


def _fold(header: str) -> str:
    return " ".join(header.strip().lower().split())


def _parse_time(text: str) -> dt.datetime:
    text = text.strip()
    if text.lstrip("-").isdigit():
        number = int(text)
        if number > 10**11:  # milliseconds
            number //= 1000
        return dt.datetime.fromtimestamp(number, tz=dt.UTC)
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def read_series_csv(path: Path, column: str | None = None) -> tuple[str, list[tuple[dt.datetime, float | None]], dict]:
    """The chosen column of a series CSV as ``(column, [(time, value)], meta)``; see the module doc."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(f"{path.name}: not UTF-8 text") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.lstrip().startswith("#")]
    comments = [line.lstrip("# ").rstrip() for line in text.splitlines() if line.lstrip().startswith("#")]
    if not lines:
        raise ImportRefused(f"{path.name}: no header and no rows")
    rows = list(csv.reader(io.StringIO("\n".join(line for _, line in lines))))
    numbers = [n for n, _ in lines]
    header = [_fold(h) for h in rows[0]]
    time_index = next((header.index(name) for name in TIME_COLUMNS if name in header), None)
    if time_index is None:
        raise ImportRefused(f"{path.name}: line {numbers[0]}: no time column "
                            f"(one of {', '.join(TIME_COLUMNS)}); the header is {', '.join(rows[0])}")
    signals = [h for i, h in enumerate(header) if i != time_index and h]
    if column is not None:
        wanted = _fold(column)
        matches = [h for h in signals if h == wanted or SIGNAL_ALIASES.get(h, h) == SIGNAL_ALIASES.get(wanted, wanted)]
        if not matches:
            raise ImportRefused(f"{path.name}: no column {column!r}; the signals are {', '.join(signals)}")
        chosen = matches[0]
    elif "value" in signals:
        chosen = "value"
    elif len(signals) == 1:
        chosen = signals[0]
    else:
        raise ImportRefused(f"{path.name}: several signals ({', '.join(signals)}) and no column chosen; "
                            "name one, or give a 'value' column")
    value_index = header.index(chosen)
    problems: list[str] = []
    points: list[tuple[dt.datetime, float | None]] = []
    seen: dict[dt.datetime, int] = {}
    for line, row in zip(numbers[1:], rows[1:]):
        where = f"{path.name}: line {line}"
        if len(row) != len(header):
            problems.append(f"{where}: {len(row)} cells, the header has {len(header)}")
            continue
        try:
            at = _parse_time(row[time_index])
        except (ValueError, OverflowError, OSError):
            problems.append(f"{where}, {rows[0][time_index]!r}: {printable(row[time_index], 40)!r} is not a time "
                            "(epoch seconds or ISO 8601)")
            continue
        if at in seen:
            problems.append(f"{where}: time {at.isoformat()} repeats line {seen[at]}")
            continue
        seen[at] = line
        cell = row[value_index].strip()
        if cell.lower() in GAPS:
            points.append((at, None))
            continue
        try:
            value = float(cell)
        except ValueError:
            problems.append(f"{where}, {rows[0][value_index]!r}: {printable(cell, 30)!r} is not a number")
            continue
        if math.isnan(value) or math.isinf(value):
            points.append((at, None))
        else:
            points.append((at, value))
    if problems:
        listed = "\n".join("  " + p for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ImportRefused(f"{path.name}: {len(problems)} problem(s); nothing was imported:\n{listed}{more}",
                            problems=problems)
    if not points:
        raise ImportRefused(f"{path.name}: a header but no rows")
    points.sort()
    meta = {
        "file": path.name, "file_sha256": hashlib.sha256(data).hexdigest(), "column": rows[0][value_index],
        "signal": SIGNAL_ALIASES.get(chosen, chosen), "columns": rows[0], "comments": comments[:20],
    }
    return chosen, points, meta


def import_series(case: Case, path: Path, key: str, label: str, source_id: str | None = None,
                  synthetic: bool = False, unit: str | None = None, column: str | None = None) -> SeriesSummary:
    """Store a CSV time series as a :class:`~sabt.store.models.Series` with its points."""
    path = Path(path)
    if not key or not key.strip():
        raise ImportRefused(f"{path.name}: a series needs a key")
    chosen, points, meta = read_series_csv(path, column)
    meta["synthetic"] = bool(synthetic)
    gaps = sum(1 for _, v in points if v is None)
    summary = SeriesSummary(key=key, points=len(points), gaps=gaps, first=points[0][0], last=points[-1][0],
                            column=chosen)
    with case.engine.begin() as connection:
        if source_id is not None and connection.scalar(
                select(models.Source.id).where(models.Source.id == source_id)) is None:
            raise ImportRefused(f"{path.name}: source {source_id!r} is not in the case; import the sources first")
        existing = connection.execute(select(models.Series.__table__).where(models.Series.key == key)).first()
        row = {"key": key, "label": label, "unit": unit, "source_id": source_id, "synthetic": bool(synthetic),
               "meta": meta}
        if existing is not None:
            same = (existing.meta or {}).get("file_sha256") == meta["file_sha256"] and all(
                getattr(existing, k) == row[k] for k in ("label", "unit", "source_id", "synthetic"))
            if same and (existing.meta or {}).get("column") == meta["column"]:
                summary.unchanged = True
                return summary
            connection.execute(delete(models.SeriesPoint).where(models.SeriesPoint.series_id == existing.id))
            connection.execute(models.Series.__table__.update().where(models.Series.id == existing.id).values(**row))
            series_id = existing.id
            summary.replaced = True
        else:
            result = connection.execute(models.Series.__table__.insert().values(**row, created_at=models._now()))
            series_id = result.inserted_primary_key[0]
            summary.added = True
        connection.execute(models.SeriesPoint.__table__.insert(),
                           [{"series_id": series_id, "at": at, "value": value} for at, value in points])
    return summary
