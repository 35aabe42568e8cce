"""A list's header row checked before any row is read: a header one typo away from one of
sabt's column names (``nam`` for ``name``, ``provnce``) is refused, naming the file, the
column and the name meant. Kept as read, such a column would leave every record of the list
without that field, with only a note in the summary.

A column that merely looks like one of sabt's names (``page`` beside ``age``) is kept as read
when the mapping says so: ``[options] keep = ["page"]``.
"""

from __future__ import annotations

import difflib
import json
from typing import Callable, Iterable

from sabt.errors import ImportRefused
from sabt.ingest.fields import FIELDS, HEADER_ALIASES
from sabt.text import normalize_text, printable

KNOWN_HEADERS = (*FIELDS, *HEADER_ALIASES)
SIMILARITY = 0.8  # "nam"/"name" 0.86, "provnce"/"province" 0.93, "notes"/"note" 0.89; "city"/"cities" 0.6
MAX_EDITS = 2  # "nationality" is 0.82 like "national_id" but three edits away: a column of its own


def _folded(header: str) -> str:
    return normalize_text(header).lower().replace("-", "_").replace(" ", "_")


def edits(a: str, b: str) -> int:
    """Levenshtein distance: letters inserted, deleted or replaced to turn ``a`` into ``b``."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other)))
        previous = current
    return previous[-1]


def meant_header(header: str) -> str | None:
    """The one of sabt's column names (or their aliases) ``header`` is a typo of, if any."""
    folded = _folded(header)
    close = difflib.get_close_matches(folded, KNOWN_HEADERS, n=1, cutoff=SIMILARITY)
    return close[0] if close and edits(folded, close[0]) <= MAX_EDITS else None


def check_headers(file_name: str, headers: Iterable[str], field_of: Callable[[str], str | None],
                  keep: Iterable[str] = ()) -> None:
    """Refuse the file when a header sabt does not read is a near miss of a field no other
    column gives (``field_of`` says which field a header gives, or None)."""
    headers = list(headers)
    given = {field_of(h) for h in headers} - {None}
    kept = {_folded(k) for k in keep}
    typos = []
    for header in headers:
        if field_of(header) is not None or _folded(header) in kept:
            continue
        meant = meant_header(header)
        if meant is not None and HEADER_ALIASES.get(meant, meant) not in given:
            typos.append((header, meant))
    if not typos:
        return
    named = "; ".join(f"unknown column {printable(h, 40)!r} — did you mean {m!r}?" for h, m in typos)
    header, meant = (json.dumps(text, ensure_ascii=False)  # as TOML writes them
                     for text in (typos[0][0], HEADER_ALIASES.get(typos[0][1], typos[0][1])))
    raise ImportRefused(
        f"{file_name}: line 1: {named} Nothing was imported: rename the column, or map it in a "
        f"--mapping file ([columns] {header} = {meant}), or keep it as read with [options] keep = [{header}]"
    )
