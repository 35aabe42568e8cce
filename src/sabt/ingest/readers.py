"""Reading list files into a header and rows of text, whatever they were saved as.

Formats: CSV, TSV, XLSX, JSON (an array of objects, ``{"records": [...]}``, or JSON Lines).
Encodings: UTF-8 with or without BOM, UTF-16 (with BOM, or without one when the NUL pattern
shows it), Windows-1256 (what many Persian and Arabic spreadsheets are still saved as);
anything else is refused with the reason rather than read as mojibake.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sabt.errors import ImportRefused
from sabt.text import printable

FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "csv", ".xlsx": "xlsx",
           ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
ENCODINGS = ("auto", "utf-8", "utf-16", "cp1256")


@dataclass
class Table:
    """A list as read: header, rows of cells, and each row's line (or spreadsheet row) number."""

    header: list[str]
    rows: list[list]
    lines: list[int]
    file_format: str
    encoding: str | None = None
    problems: list[tuple[int, str, str]] = field(default_factory=list)


def read_input(path: Path, what: str = "file") -> bytes:
    """The bytes of an input file, or one clear refusal for a missing file or a folder
    (``what`` names what the file should have been: "file", "report file")."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path}: is a folder, not a {what}") from None


def detect_format(path: Path, declared: str | None = None) -> str:
    if declared:
        if declared not in set(FORMATS.values()):
            raise ImportRefused(f"{path.name}: unknown format {declared!r}")
        return declared
    fmt = FORMATS.get(path.suffix.lower())
    if not fmt:
        raise ImportRefused(
            f"{path.name}: cannot tell the format from the extension {path.suffix!r}; "
            "use .csv, .tsv, .xlsx, .json or .jsonl (or --format)"
        )
    return fmt


def decode(data: bytes, name: str, declared: str = "auto") -> tuple[str, str]:
    """Bytes → text and the encoding used; :class:`ImportRefused` when no encoding fits."""
    if declared != "auto":
        codec = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "cp1256": "cp1256"}.get(declared, declared)
        try:
            return data.decode(codec), declared
        except (UnicodeDecodeError, LookupError) as error:
            raise ImportRefused(f"{name}: not valid {declared}: {error}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data[:4000]:
        for codec in ("utf-16-le", "utf-16-be"):
            text = _plausible_utf16(data, codec)
            if text is not None:
                return text, codec
        raise ImportRefused(f"{name}: the file contains NUL bytes and is not UTF-16 text; is it a binary file?")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_arabic_script(text):
        return text, "cp1256"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise ImportRefused(
        f"{name}: line {line}: byte 0x{data[utf8_error.start]:02x} is not UTF-8, and the file does "
        "not read as UTF-16 or Windows-1256 either; re-save it as UTF-8 or pass --encoding"
    )


def _plausible_utf16(data: bytes, codec: str) -> str | None:
    """UTF-16 without a BOM: accept only if it decodes to ordinary text (letters, digits, marks)."""
    if len(data) % 2:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    sample = text[:2000]
    ordinary = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    known = sum(ch < "\u0250" or "\u0600" <= ch <= "\u06ff" or "\u200c" <= ch <= "\u200f" for ch in sample)
    if sample and ordinary == len(sample) and known >= 0.95 * len(sample):
        return text
    return None


ARABIC_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{2,}")


def _looks_like_arabic_script(text: str) -> bool:
    """Windows-1256 decodes any byte; accept it only when the result reads as Persian/Arabic words."""
    foreign = [ch for ch in text if ord(ch) > 127]
    letters = sum("\u0621" <= ch <= "\u064a" or ch in "\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c" or ch == " "
                  for ch in foreign)
    return bool(foreign) and letters >= 0.8 * len(foreign) and ARABIC_LETTERS.search(text) is not None


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{name}: not valid {codec} at byte {error.start}: {error.reason}") from None


def read_table(path: Path, data: bytes, file_format: str, encoding: str = "auto", sheet: str | None = None) -> Table:
    if file_format == "xlsx":
        return _read_xlsx(path, data, sheet)
    text, used = decode(data, path.name, encoding)
    if file_format in ("csv", "tsv"):
        table = _read_delimited(path, text, "\t" if file_format == "tsv" else None)
    elif file_format == "json":
        table = _read_json(path, text)
    else:
        table = _read_jsonl(path, text)
    table.file_format = file_format
    table.encoding = used
    return table


def _read_delimited(path: Path, text: str, delimiter: str | None) -> Table:
    if text.startswith("\ufeff"):
        text = text[1:]
    if delimiter is None:
        first_line = text.split("\n", 1)[0]
        counts = {d: first_line.count(d) for d in (",", ";", "\t", "،")}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused(f"{path.name}: the file is empty") from None
    except csv.Error as error:
        raise ImportRefused(f"{path.name}: line 1: {error}") from None
    header = [h.strip() for h in header]
    _check_header(path, header)
    rows, lines, problems = [], [], []
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportRefused(f"{path.name}: line {reader.line_num}: {error}") from None
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != width:
            problems.append((reader.line_num, "", f"{len(row)} columns where the header has {width}"))
            continue
        rows.append(row)
        lines.append(reader.line_num)
    return Table(header, rows, lines, "csv", problems=problems)


def _check_header(path: Path, header: list[str]) -> None:
    if not any(header):
        raise ImportRefused(f"{path.name}: line 1: the header is empty")
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            raise ImportRefused(f"{path.name}: line 1: column {position} has no name")
        if name in seen:
            raise ImportRefused(f"{path.name}: line 1: column name {printable(name)!r} appears twice")
        seen.add(name)


def _cell(value) -> object:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _read_xlsx(path: Path, data: bytes, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRefused(f"{path.name}: not a readable XLSX workbook ({error})") from None
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    except KeyError:
        raise ImportRefused(f"{path.name}: no sheet named {sheet!r}") from None
    rows_iter = worksheet.iter_rows(values_only=True)
    try:
        header_cells = next(rows_iter)
    except StopIteration:
        raise ImportRefused(f"{path.name}: the sheet is empty") from None
    while header_cells and header_cells[-1] is None:
        header_cells = header_cells[:-1]
    header = ["" if h is None else str(h).strip() for h in header_cells]
    _check_header(path, header)
    width = len(header)
    rows, lines, problems = [], [], []
    for number, cells in enumerate(rows_iter, start=2):
        cells = list(cells)
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        extra = [c for c in cells[width:] if c is not None]
        if extra:
            problems.append((number, "", f"values beyond the {width} named columns"))
            continue
        cells = (cells + [None] * width)[:width]
        rows.append(["" if c is None else _cell(c) for c in cells])
        lines.append(number)
    workbook.close()
    return Table(header, rows, lines, "xlsx", encoding=None, problems=problems)


def _objects_to_table(path: Path, objects: list, lines: list[int]) -> Table:
    header: list[str] = []
    seen: set[str] = set()
    for number, obj in zip(lines, objects):
        if not isinstance(obj, dict):
            raise ImportRefused(f"{path.name}: item {number}: expected an object with named fields")
        for key in obj:
            if key not in seen:
                seen.add(key)
                header.append(str(key))
    if not header:
        raise ImportRefused(f"{path.name}: no records in the file")
    rows = []
    for number, obj in zip(lines, objects):
        row = []
        for key in header:
            value = obj.get(key)
            if isinstance(value, (dict, list)):
                raise ImportRefused(f"{path.name}: item {number}: field {printable(key)!r} is nested; lists must be flat")
            row.append("" if value is None else value)
        rows.append(row)
    return Table(header, rows, lines, "json")


def _read_json(path: Path, text: str) -> Table:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"{path.name}: line {error.lineno}: not valid JSON ({error.msg})") from None
    if isinstance(document, dict):
        document = document.get("records")
    if not isinstance(document, list):
        raise ImportRefused(f"{path.name}: expected an array of records, or an object with a 'records' array")
    return _objects_to_table(path, document, list(range(1, len(document) + 1)))


def _read_jsonl(path: Path, text: str) -> Table:
    objects, lines = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise ImportRefused(f"{path.name}: line {number}: not valid JSON ({error.msg})") from None
        lines.append(number)
    return _objects_to_table(path, objects, lines)
