"""Import mappings: a TOML file that maps a list's own headers onto sabt's fields.

Example (``examples/mappings/persian-list.toml``)::

    [columns]
    "نام" = "given_name"
    "نام خانوادگی" = "family_name"
    "نام پدر" = "father_name"
    "سن" = "age"

    [values.sex]          # the list's own words for a field's values
    "آقا" = "m"

    [options]
    calendar = "solar_hijri"   # auto | gregorian | solar_hijri
    day_first = true           # 08/01/2026 is 8 January
    encoding = "auto"          # auto | utf-8 | utf-16 | cp1256
    sheet = "Sheet1"           # for XLSX
    keep = ["page"]            # columns kept as read though they look like a field's name
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sabt.dates import CALENDARS
from sabt.errors import ImportRefused
from sabt.ingest.fields import FIELDS, canonical_header
from sabt.ingest.readers import ENCODINGS
from sabt.text import normalize_text

OPTIONS = {"calendar", "day_first", "encoding", "sheet", "format", "keep"}


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    calendar: str = "auto"
    day_first: bool = True
    encoding: str = "auto"
    sheet: str | None = None
    file_format: str | None = None
    keep: tuple[str, ...] = ()  # headers kept as read that sabt.ingest.headers would take for a typo
    path: str | None = None

    def field_of(self, header: str) -> str | None:
        """The field a header maps to; headers match whatever their letter forms or digits."""
        folded = {normalize_text(k): v for k, v in self.columns.items()}
        if normalize_text(header) in folded:
            return folded[normalize_text(header)]
        canonical = canonical_header(header)
        return canonical if canonical in FIELDS else None

    def as_dict(self) -> dict:
        return {"columns": self.columns, "values": self.values, "calendar": self.calendar,
                "day_first": self.day_first, "path": self.path}


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportRefused(f"mapping file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused(f"mapping file {path.name}: not valid TOML ({error})") from None
    unknown = set(document) - {"columns", "values", "options"}
    if unknown:
        raise ImportRefused(f"mapping file {path.name}: unknown section(s) {', '.join(sorted(unknown))}")
    columns = document.get("columns", {})
    for header, target in columns.items():
        if target not in FIELDS:
            raise ImportRefused(
                f"mapping file {path.name}: column {header!r} maps to {target!r}, which is not a sabt field "
                f"(known: {', '.join(FIELDS)})"
            )
    values = document.get("values", {})
    for target, table in values.items():
        if target not in FIELDS or not isinstance(table, dict):
            raise ImportRefused(f"mapping file {path.name}: [values.{target}] is not a table of a known field")
    options = document.get("options", {})
    if set(options) - OPTIONS:
        raise ImportRefused(f"mapping file {path.name}: unknown option(s) {', '.join(sorted(set(options) - OPTIONS))}")
    mapping = Mapping(
        columns=dict(columns),
        values={k: {str(a): str(b) for a, b in v.items()} for k, v in values.items()},
        calendar=options.get("calendar", "auto"),
        day_first=bool(options.get("day_first", True)),
        encoding=options.get("encoding", "auto"),
        sheet=options.get("sheet"),
        file_format=options.get("format"),
        keep=tuple(map(str, [keep] if isinstance(keep := options.get("keep", ()), str) else keep)),
        path=str(path),
    )
    if mapping.calendar not in CALENDARS:
        raise ImportRefused(f"mapping file {path.name}: calendar must be one of {', '.join(CALENDARS)}")
    if mapping.encoding not in ENCODINGS:
        raise ImportRefused(f"mapping file {path.name}: encoding must be one of {', '.join(ENCODINGS)}")
    return mapping
