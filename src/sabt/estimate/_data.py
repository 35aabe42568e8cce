"""Capture-pattern tables: reading, checking, and the array forms the estimators use.

A capture-pattern table has one 0/1 column per list and a ``count`` column: the number of
people seen on exactly that combination of lists. The row where every list is 0 is what
multiple systems estimation estimates; a file that *gives* a count for it is refused.

Example (``kosovo.csv``)::

    EXH,ABA,OSCE,HRW,count
    1,0,0,0,1131
    0,1,0,0,845
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sabt.errors import SabtError


class CountsRefused(SabtError):
    """A capture-pattern table could not be read; the message says file, line and reason."""


COUNT_COLUMN = "count"


def _fail(where: str, line: int | None, reason: str) -> CountsRefused:
    at = f"{where}, line {line}" if line is not None else where
    return CountsRefused(f"{at}: {reason}")


def read_counts(path: str | Path) -> pd.DataFrame:
    """Read a capture-pattern CSV: one 0/1 column per list and a ``count`` column.

    Returns a DataFrame with the list columns (int 0/1, in file order) and ``count`` (int),
    one row per pattern (repeated patterns are added up). Raises :class:`CountsRefused`
    naming the file, the line and the reason for anything that cannot be trusted.

    >>> frame = read_counts("kosovo.csv")            # doctest: +SKIP
    >>> list(frame.columns)                          # doctest: +SKIP
    ['EXH', 'ABA', 'OSCE', 'HRW', 'count']
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise _fail(where, None, "no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(where, None, f"not a UTF-8 text file ({exc.reason})") from None
    rows = list(csv.reader(text.splitlines()))
    rows = [(number, row) for number, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not rows:
        raise _fail(where, None, "the file is empty")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    lowered = [h.lower() for h in header]
    if COUNT_COLUMN not in lowered:
        raise _fail(where, header_line, f"no '{COUNT_COLUMN}' column in the header {header}")
    if len(set(lowered)) != len(lowered):
        raise _fail(where, header_line, "a column name is repeated in the header")
    count_at = lowered.index(COUNT_COLUMN)
    lists = [h for i, h in enumerate(header) if i != count_at]
    if any(not h for h in lists):
        raise _fail(where, header_line, "a list column has no name")
    if len(lists) < 2:
        raise _fail(where, header_line,
                    f"at least 2 list columns are needed, found {len(lists)} ({lists})")
    records = []
    for number, row in rows[1:]:
        if len(row) != len(header):
            raise _fail(where, number, f"expected {len(header)} values, found {len(row)}")
        values = [c.strip() for c in row]
        pattern = []
        for i, value in enumerate(values):
            if i == count_at:
                continue
            if value not in ("0", "1"):
                raise _fail(where, number,
                            f"list column '{header[i]}' must be 0 or 1, found {value!r}")
            pattern.append(int(value))
        raw = values[count_at]
        try:
            count_value = float(raw)
        except ValueError:
            raise _fail(where, number, f"count must be a whole number, found {raw!r}") from None
        if not np.isfinite(count_value) or count_value != int(count_value):
            raise _fail(where, number, f"count must be a whole number, found {raw!r}")
        count_value = int(count_value)
        if count_value < 0:
            raise _fail(where, number, f"count must not be negative, found {count_value}")
        if not any(pattern) and count_value > 0:
            raise _fail(where, number,
                        "a row with 0 on every list gives a count of people seen on no list; "
                        "that number is what estimation estimates and cannot be given")
        records.append(pattern + [count_value])
    if not records:
        raise _fail(where, None, "no data rows after the header")
    frame = pd.DataFrame(records, columns=lists + [COUNT_COLUMN])
    return check_counts(frame, where=where)


def check_counts(frame: pd.DataFrame, where: str = "counts table") -> pd.DataFrame:
    """Validate a capture-pattern DataFrame and return it in canonical form.

    Canonical: list columns first (0/1 ints), ``count`` last, patterns unique, the all-zero
    pattern absent, at least one person observed.
    """
    if not isinstance(frame, pd.DataFrame):
        raise CountsRefused(f"{where}: expected a table (pandas DataFrame)")
    columns = list(frame.columns)
    lowered = [str(c).lower() for c in columns]
    if COUNT_COLUMN not in lowered:
        raise _fail(where, None, f"no '{COUNT_COLUMN}' column (columns: {columns})")
    count_name = columns[lowered.index(COUNT_COLUMN)]
    lists = [c for c in columns if c != count_name]
    if len(lists) < 2:
        raise _fail(where, None, f"at least 2 list columns are needed, found {len(lists)}")
    for position, (_, row) in enumerate(frame.iterrows()):
        line = position + 2
        for name in lists:
            value = row[name]
            if pd.isna(value) or value not in (0, 1):
                raise _fail(where, line, f"list column '{name}' must be 0 or 1, found {value!r}")
        value = row[count_name]
        if pd.isna(value) or float(value) != int(value):
            raise _fail(where, line, f"count must be a whole number, found {value!r}")
        if value < 0:
            raise _fail(where, line, f"count must not be negative, found {value}")
        if not any(int(row[name]) for name in lists) and value > 0:
            raise _fail(where, line,
                        "a row with 0 on every list gives a count of people seen on no list; "
                        "that number is what estimation estimates and cannot be given")
    clean = frame[lists].astype(int).copy()
    clean.columns = [str(c) for c in lists]
    clean[COUNT_COLUMN] = frame[count_name].astype(int).to_numpy()
    names = [str(c) for c in lists]
    clean = clean.groupby(names, as_index=False, sort=False)[COUNT_COLUMN].sum()
    clean = clean[clean[names].sum(axis=1) > 0].reset_index(drop=True)
    if int(clean[COUNT_COLUMN].sum()) == 0:
        raise _fail(where, None, "no one is counted on any list")
    return clean


@dataclass(frozen=True)
class CaptureTable:
    """The array forms of a capture-pattern table.

    ``cells`` holds all ``2**J - 1`` observable patterns (rows, lexicographic with the first
    list as the most significant bit) and ``y`` their counts, zeros included.
    """

    lists: tuple[str, ...]
    cells: np.ndarray  # (2**J - 1, J) int
    y: np.ndarray  # (2**J - 1,) float

    @property
    def n_lists(self) -> int:
        return len(self.lists)

    @property
    def observed(self) -> int:
        return int(self.y.sum())

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> CaptureTable:
        clean = check_counts(frame)
        lists = tuple(c for c in clean.columns if c != COUNT_COLUMN)
        J = len(lists)
        cells = np.array(list(itertools.product((0, 1), repeat=J))[1:], dtype=np.int64)
        index = {tuple(c): i for i, c in enumerate(cells.tolist())}
        y = np.zeros(len(cells))
        for pattern, count in zip(clean[list(lists)].to_numpy().tolist(), clean[COUNT_COLUMN]):
            y[index[tuple(pattern)]] += count
        return cls(lists=lists, cells=cells, y=y)

    def observed_patterns(self) -> tuple[np.ndarray, np.ndarray]:
        """Only the patterns seen at least once: (patterns (M, J) int, counts (M,) int)."""
        keep = self.y > 0
        return self.cells[keep].copy(), self.y[keep].astype(np.int64)

    def full_array(self) -> np.ndarray:
        """The ``2**J`` vector in lexicographic order with the unobserved cell first (= 0)."""
        return np.concatenate([[0.0], self.y])

    def marginal_counts(self) -> dict[str, int]:
        return {name: int(self.y[self.cells[:, j] == 1].sum()) for j, name in enumerate(self.lists)}
