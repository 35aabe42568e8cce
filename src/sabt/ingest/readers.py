"""Reading list files into a header and rows of text, whatever they were saved as.

Formats: CSV, TSV, XLSX, JSON (an array of objects, ``{"records": [...]}``, or JSON Lines).
Encodings: UTF-8 with or without BOM, UTF-16 (with BOM, or without one when the NUL pattern
shows it), Windows-1256 (what many Persian and Arabic spreadsheets are still saved as);
anything else is refused with the reason rather than read as mojibake.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import itertools
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


def check_input(path: Path, what: str = "file") -> None:
    """Refuse a missing input file or a folder in one line, as :func:`read_input` does."""
    path = Path(path)
    if path.is_dir():
        raise ImportRefused(f"{path}: is a folder, not a {what}")
    if not path.exists():
        raise ImportRefused(f"{path}: no such file")


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
    letters = sum(_arabic_or_space(ch) for ch in foreign)
    return bool(foreign) and letters >= 0.8 * len(foreign) and ARABIC_LETTERS.search(text) is not None


def _arabic_or_space(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or ch in "\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c" or ch == " "


def _strict(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{name}: not valid {codec} at byte {error.start}: {error.reason}") from None


def read_table(path: Path, data: bytes, file_format: str, encoding: str = "auto", sheet: str | None = None) -> Table:
    """A whole list in memory (claims files, ``sabt encode``); imports stream through :class:`ListReader`."""
    if file_format == "xlsx":
        reader = ListReader(path, "xlsx", source=io.BytesIO(data), sheet=sheet)
    else:
        text, used = decode(data, path.name, encoding)
        reader = ListReader(path, file_format, opener=lambda: io.StringIO(text, newline=""), encoding=used)
    with reader:
        table = Table(reader.header, [], [], file_format, encoding=reader.encoding)
        for batch in reader.batches(1 << 62):
            table.rows += batch.rows
            table.lines += batch.lines
            table.problems += batch.problems
    return table


# ---------------------------------------------------------------------------------------
# Streaming: one pass to hash the file and settle its encoding, then bounded batches of rows.

SCAN_CHUNK = 1 << 20
CODECS = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "cp1256": "cp1256"}


@dataclass
class Scan:
    """What one pass over a file tells before any row is read: its SHA-256, the codec its text
    opens with (``None`` for XLSX), the encoding reported, its size and its number of line ends
    (rows can span lines, so that is an upper bound used for progress only)."""

    digest: str
    codec: str | None
    encoding: str | None
    size: int
    line_ends: int


def _chunks(path: Path, what: str = "file"):
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        raise ImportRefused(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportRefused(f"{path}: is a folder, not a {what}") from None
    with handle:
        while chunk := handle.read(SCAN_CHUNK):
            yield chunk


def scan_file(path: Path, file_format: str, declared: str = "auto") -> Scan:
    """Hash the file and check its encoding end to end, holding one chunk at a time: a text
    that is not valid in its encoding is refused here, before anything is written."""
    digest, size, line_ends = hashlib.sha256(), 0, 0
    first = b""
    for chunk in _chunks(path):
        first = first or chunk[:8192]
        digest.update(chunk)
        size += len(chunk)
        line_ends += chunk.count(b"\n")
    if file_format == "xlsx":  # a zip: its line ends say nothing of its rows
        return Scan(digest.hexdigest(), None, None, size, 0)
    codec, name = _settle_encoding(path, first, size, declared)
    return Scan(digest.hexdigest(), codec, name, size, line_ends)


def _settle_encoding(path: Path, first: bytes, size: int, declared: str) -> tuple[str, str]:
    """The codec (for ``open``) and the encoding's reported name, as :func:`decode` would find them."""
    if declared != "auto":
        codec = CODECS.get(declared, declared)
        _check_codec(path, codec, f"not valid {declared}")
        return codec, declared
    if first.startswith(b"\xef\xbb\xbf"):
        _check_codec(path, "utf-8-sig", "not valid utf-8")
        return "utf-8-sig", "utf-8-sig"
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        _check_codec(path, "utf-16", "not valid utf-16")
        return "utf-16", "utf-16"
    if b"\x00" in first[:4000]:
        for codec in ("utf-16-le", "utf-16-be"):
            if size % 2 == 0 and _plausible_utf16(first[: len(first) // 2 * 2], codec) is not None:
                _check_codec(path, codec, f"not valid {codec}")
                return codec, codec
        raise ImportRefused(f"{path.name}: the file contains NUL bytes and is not UTF-16 text; is it a binary file?")
    bad = _first_bad_byte(path, "utf-8")
    if bad is None:
        return "utf-8", "utf-8"
    if _reads_as_arabic_script(path):
        return "cp1256", "cp1256"
    offset, byte, line = bad
    raise ImportRefused(
        f"{path.name}: line {line}: byte 0x{byte:02x} is not UTF-8, and the file does "
        "not read as UTF-16 or Windows-1256 either; re-save it as UTF-8 or pass --encoding"
    )


def _first_bad_byte(path: Path, codec: str) -> tuple[int, int, int] | None:
    """(offset, byte, line) of the first byte that does not decode, or None."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = line_ends = 0
    chunk = b""
    try:
        for chunk in _chunks(path):
            decoder.decode(chunk)
            offset += len(chunk)
            line_ends += chunk.count(b"\n")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        start = max(error.start, 0)
        if start >= len(chunk):  # a sequence cut short at the very end of the file
            return offset + start, chunk[-1] if chunk else 0, line_ends + 1
        return offset + start, chunk[start], line_ends + chunk[:start].count(b"\n") + 1
    return None


def _check_codec(path: Path, codec: str, refusal: str) -> None:
    bad = _first_bad_byte(path, codec)
    if bad is not None:
        raise ImportRefused(f"{path.name}: {refusal}: line {bad[2]}, byte {bad[0]} (0x{bad[1]:02x}) does not decode")


def _reads_as_arabic_script(path: Path) -> bool:
    """:func:`_looks_like_arabic_script` over the whole file as Windows-1256, a chunk at a time."""
    decoder = codecs.getincrementaldecoder("cp1256")("strict")
    foreign = letters = 0
    words = False
    try:
        for chunk in _chunks(path):
            text = decoder.decode(chunk)
            non_ascii = [ch for ch in text if ord(ch) > 127]
            foreign += len(non_ascii)
            letters += sum(_arabic_or_space(ch) for ch in non_ascii)
            words = words or ARABIC_LETTERS.search(text) is not None
    except UnicodeDecodeError:
        return False
    return bool(foreign) and letters >= 0.8 * foreign and words


@dataclass
class Batch:
    """At most ``size`` rows of a list, each with its line, and the rows refused while reading."""

    rows: list[list]
    lines: list[int]
    problems: list[tuple[int, str, str]] = field(default_factory=list)


class ListReader:
    """A list read a batch at a time: the header at once, then :meth:`batches` of at most
    ``size`` rows, so memory does not grow with the list. CSV, TSV and JSON Lines stream from
    the file; XLSX streams through openpyxl's read-only mode; a JSON array is parsed whole
    (use JSON Lines for very large lists). ``opener`` returns a fresh text stream of the file
    (JSON Lines is read twice: once for the union of its keys, once for the rows)."""

    def __init__(self, path: Path, file_format: str, *, opener=None, encoding: str | None = None,
                 source=None, sheet: str | None = None):
        self.path, self.file_format, self.encoding = Path(path), file_format, encoding
        self._opener, self._closers = opener, []
        self._csv = None
        self.header: list[str] = []
        if file_format in ("csv", "tsv"):
            self._rows = self._open_delimited("\t" if file_format == "tsv" else None)
        elif file_format == "xlsx":
            self._rows = self._open_xlsx(source if source is not None else self.path, sheet)
        elif file_format == "json":
            self._rows = self._open_json()
        else:
            self._rows = self._open_jsonl()

    def __enter__(self) -> "ListReader":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        for close in self._closers:
            close()
        self._closers = []

    def batches(self, size: int):
        """Yield :class:`Batch` es of at most ``size`` rows, in file order."""
        if self._csv is not None:
            yield from self._delimited_batches(size)
            return
        batch = Batch([], [])
        for line, row, problem in self._rows:
            if problem is not None:
                batch.problems.append((line, "", problem))
            else:
                batch.rows.append(row)
                batch.lines.append(line)
                if len(batch.rows) >= size:
                    yield batch
                    batch = Batch([], [])
        if batch.rows or batch.problems:
            yield batch

    def _stream(self):
        stream = self._opener()
        self._closers.append(stream.close)
        return stream

    def _open_delimited(self, delimiter: str | None):
        stream = self._stream()
        first_line = stream.readline()
        if first_line.startswith("\ufeff"):
            first_line = first_line[1:]
        if delimiter is None:
            counts = {d: first_line.count(d) for d in (",", ";", "\t", "،")}
            delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
        reader = csv.reader(itertools.chain([first_line], stream), delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportRefused(f"{self.path.name}: the file is empty") from None
        except csv.Error as error:
            raise ImportRefused(f"{self.path.name}: line 1: {error}") from None
        self.header = [h.strip() for h in header]
        _check_header(self.path, self.header)
        self._csv = reader
        return iter(())

    def _delimited_batches(self, size: int):
        """CSV and TSV rows straight from the csv reader (the hot loop of a large import)."""
        reader, width = self._csv, len(self.header)
        batch = Batch([], [])
        rows, lines = batch.rows, batch.lines
        try:
            for row in reader:
                if len(row) != width:
                    if "".join(row).strip():
                        batch.problems.append((reader.line_num, "", f"{len(row)} columns where the header has {width}"))
                    continue
                first = row[0]
                if not (first and not first.isspace()) and not "".join(row).strip():
                    continue
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) >= size:
                    yield batch
                    batch = Batch([], [])
                    rows, lines = batch.rows, batch.lines
        except csv.Error as error:
            raise ImportRefused(f"{self.path.name}: line {reader.line_num}: {error}") from None
        if rows or batch.problems:
            yield batch

    def _open_xlsx(self, source, sheet: str | None):
        import zipfile

        from openpyxl import load_workbook

        try:
            workbook = load_workbook(source, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise ImportRefused(f"{self.path.name}: not a readable XLSX workbook ({error})") from None
        self._closers.append(workbook.close)
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except KeyError:
            raise ImportRefused(f"{self.path.name}: no sheet named {sheet!r}") from None
        rows_iter = worksheet.iter_rows(values_only=True)
        try:
            header_cells = next(rows_iter)
        except StopIteration:
            raise ImportRefused(f"{self.path.name}: the sheet is empty") from None
        while header_cells and header_cells[-1] is None:
            header_cells = header_cells[:-1]
        self.header = ["" if h is None else str(h).strip() for h in header_cells]
        _check_header(self.path, self.header)
        return self._xlsx_rows(rows_iter, len(self.header))

    @staticmethod
    def _xlsx_rows(rows_iter, width: int):
        for number, cells in enumerate(rows_iter, start=2):
            cells = list(cells)
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            if any(c is not None for c in cells[width:]):
                yield number, None, f"values beyond the {width} named columns"
                continue
            cells = (cells + [None] * width)[:width]
            yield number, ["" if c is None else _cell(c) for c in cells], None

    def _open_json(self):
        text = self._stream().read()
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportRefused(f"{self.path.name}: line {error.lineno}: not valid JSON ({error.msg})") from None
        if isinstance(document, dict):
            document = document.get("records")
        if not isinstance(document, list):
            raise ImportRefused(f"{self.path.name}: expected an array of records, or an object with a 'records' array")
        numbered = list(enumerate(document, start=1))
        self.header = _union_of_keys(self.path, numbered)
        return self._object_rows(numbered)

    def _open_jsonl(self):
        self.header = _union_of_keys(self.path, self._jsonl_objects())
        return self._object_rows(self._jsonl_objects())

    def _jsonl_objects(self):
        for number, line in enumerate(self._stream(), start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise ImportRefused(f"{self.path.name}: line {number}: not valid JSON ({error.msg})") from None

    def _object_rows(self, numbered):
        header = self.header
        for number, obj in numbered:
            row = []
            for key in header:
                value = obj.get(key)
                if isinstance(value, (dict, list)):
                    raise ImportRefused(
                        f"{self.path.name}: item {number}: field {printable(key)!r} is nested; lists must be flat")
                row.append("" if value is None else value)
            yield number, row, None


def _union_of_keys(path: Path, numbered) -> list[str]:
    """Every key of every object, in order of first appearance (JSON and JSON Lines lists)."""
    header: list[str] = []
    seen: set[str] = set()
    for number, obj in numbered:
        if not isinstance(obj, dict):
            raise ImportRefused(f"{path.name}: item {number}: expected an object with named fields")
        for key in obj:
            if key not in seen:
                seen.add(key)
                header.append(str(key))
    if not header:
        raise ImportRefused(f"{path.name}: no records in the file")
    return header


def open_list(path: Path, file_format: str, scan: Scan, sheet: str | None = None) -> ListReader:
    """The streaming reader of a scanned list file."""
    if file_format == "xlsx":
        return ListReader(path, "xlsx", sheet=sheet)
    return ListReader(path, file_format, encoding=scan.encoding,
                      opener=lambda: open(path, encoding=scan.codec, newline=""))


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
