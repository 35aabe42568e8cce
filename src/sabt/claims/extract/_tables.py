"""Figures laid out as a plain-text table: a header names the columns, each row a place and its counts.

    Annex B: casualties by city, as compiled by the Network
    City            Killed    Injured
    Rasht           63        142
    Total           82        179

Prose rules cannot read "Rasht 63 142": the metric is in the header, the source in the
caption above it. Cells are separated by two or more spaces, a tab or a "|". A header is a
line without digits whose cells after the first each name a metric; a row has as many cells,
a label first (a place, or "Total": no place) and a count in each other cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL_SPLIT = re.compile(r"\s{2,}|\t|\s*\|\s*")


@dataclass
class Table:
    metrics: list[str]
    origin: str | None  # who the caption above the header names as the table's source
    origin_rule: str


def cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell of a line."""
    out, start = [], 0
    for sep in _CELL_SPLIT.finditer(line):
        if sep.start() > start:
            out.append((start, sep.start(), line[start : sep.start()]))
        start = sep.end()
    if start < len(line.rstrip()):
        out.append((start, len(line.rstrip()), line[start:].rstrip()))
    return [c for c in out if c[2].strip()]


def read_header(line: str, metric_of) -> list[str] | None:
    """The metric of each column after the first, when ``line`` is a table header."""
    parts = cells(line)
    if len(parts) < 2 or re.search(r"\d", line) or len(_CELL_SPLIT.findall(line.strip())) < len(parts) - 1:
        return None
    metrics = [metric_of(text) for _, _, text in parts[1:]]
    return metrics if all(metrics) else None


def column_metric(line: str, start: int, end: int, table: Table | None) -> str | None:
    """The metric of the figure at ``line[start:end]`` when ``line`` is a row of ``table``."""
    if table is None:
        return None
    parts = cells(line)
    if len(parts) != len(table.metrics) + 1 or re.search(r"\d", parts[0][2]):
        return None
    for index, (a, b, text) in enumerate(parts[1:]):
        if a <= start and end <= b and re.fullmatch(r"[\d,.]+\+?", text.strip()):
            return table.metrics[index]
    return None
