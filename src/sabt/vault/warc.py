"""Reading a WARC as it was recorded, and saying what is wrong with it before anything is stored.

The evidence object of a capture is the record's *payload exactly as recorded* — the bytes the
crawler's ``WARC-Payload-Digest`` was computed over, still gzip-encoded or chunked if the
server sent them so. The decoded body (what a browser shows) is a derived object linked to it.

:func:`check_warc` reads the whole file once, without touching the vault, and returns every
record with its hashes and verdicts: payload SHA-1 and SHA-256 against ``WARC-Payload-Digest``,
the block against ``WARC-Block-Digest``, the bytes present against ``Content-Length``, the
``WARC-Truncated`` mark, and for a gzip WARC the integrity of every gzip member (a file cut
between or inside members). The importer refuses a damaged file unless the user asks for the
damaged captures to be kept with their flags.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sabt.errors import SabtError
from sabt.vault.names import display_name, text_name

CHUNK = 1 << 20
CAPTURE_TYPES = ("response", "resource")


@dataclass
class RecordCheck:
    """One WARC record: where it is, what it declares, and what was found in it."""

    offset: int
    rec_type: str
    record_id: str | None
    target_uri: str | None
    date: str | None
    content_length: int | None
    payload_size: int = 0
    payload_sha256: str | None = None
    payload_sha1: str | None = None  # base32, as WARC digests are usually written
    payload_digest: str | None = None  # as declared
    block_digest: str | None = None  # as declared
    payload_digest_ok: bool | None = None  # None: none declared (or an unknown algorithm)
    block_digest_ok: bool | None = None
    truncated: str | None = None  # why the payload is not whole, or None
    http_status: str | None = None
    http_headers: list[list[str]] | None = None
    media_type: str | None = None
    content_encoding: str | None = None
    transfer_encoding: str | None = None
    decoded_sha256: str | None = None  # the body after transfer/content decoding, if it differs
    decoded_size: int | None = None
    decode_note: str | None = None
    refers_to: dict | None = None  # a revisit's reference

    @property
    def is_capture(self) -> bool:
        return self.rec_type in CAPTURE_TYPES

    @property
    def damage(self) -> list[str]:
        """What makes this record not the whole, intact capture it claims to be."""
        found = []
        if self.truncated:
            found.append(self.truncated)
        if self.payload_digest_ok is False:
            found.append(f"payload does not match its WARC-Payload-Digest {self.payload_digest}")
        if self.block_digest_ok is False:
            found.append(f"record block does not match its WARC-Block-Digest {self.block_digest}")
        return found

    def where(self) -> str:
        return f"record at byte {self.offset} ({self.rec_type} {self.target_uri or ''})".rstrip()

    def as_meta(self) -> dict:
        """What the evidence row keeps about the record (``meta['warc']``)."""
        meta = {
            "record_id": self.record_id,
            "type": self.rec_type,
            "target_uri": self.target_uri,
            "date": self.date,
            "offset": self.offset,
            "content_length": self.content_length,
            "payload_digest": self.payload_digest,
            "payload_digest_ok": self.payload_digest_ok,
            "block_digest": self.block_digest,
            "block_digest_ok": self.block_digest_ok,
            "payload_sha1": self.payload_sha1,
            "as_recorded": True,
        }
        if self.truncated:
            meta["truncated"] = self.truncated
        if self.http_status is not None:
            meta["http_status"] = self.http_status
            meta["http_headers"] = self.http_headers
        if self.content_encoding:
            meta["content_encoding"] = self.content_encoding
        if self.transfer_encoding:
            meta["transfer_encoding"] = self.transfer_encoding
        if self.decode_note:
            meta["decode_note"] = self.decode_note
        return meta


@dataclass
class WarcCheck:
    path: Path
    sha256: str
    size: int
    gzipped: bool
    records: list[RecordCheck] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)

    @property
    def captures(self) -> list[RecordCheck]:
        return [r for r in self.records if r.is_capture]

    @property
    def revisits(self) -> list[RecordCheck]:
        return [r for r in self.records if r.rec_type == "revisit"]

    @property
    def damage(self) -> list[str]:
        found = list(self.file_problems)
        for record in self.records:
            found.extend(f"{record.where()}: {what}" for what in record.damage)
        return found

    def referent(self, revisit: RecordCheck) -> RecordCheck | None:
        """The capture in this file a revisit refers to (by record id, else by payload digest)."""
        ref = revisit.refers_to or {}
        for record in self.captures:
            if ref.get("record_id") and record.record_id == ref["record_id"]:
                return record
        if revisit.payload_digest:
            for record in self.captures:
                if record.payload_digest_ok and _same_digest(
                    revisit.payload_digest, record.payload_digest
                ):
                    return record
        return None


def _same_digest(one: str, other: str | None) -> bool:
    try:
        a, b = _digest_bytes(one), _digest_bytes(other or "")
    except ValueError:
        return False
    return a == b


def _digest_bytes(declared: str) -> tuple[str, bytes]:
    """``sha1:BASE32`` (or base16 / base64) → (algorithm, raw digest bytes)."""
    algo, sep, value = declared.strip().partition(":")
    if not sep:
        raise ValueError(declared)
    algo = algo.lower().replace("-", "")
    size = {"sha1": 20, "sha256": 32, "sha512": 64, "md5": 16}.get(algo)
    if size is None:
        raise ValueError(declared)
    value = value.strip()
    for decode in (
        lambda v: base64.b32decode(v.upper()),
        lambda v: base64.b16decode(v.upper()),
        lambda v: base64.b64decode(v, altchars=b"-_" if ("-" in v or "_" in v) else None),
    ):
        try:
            raw = decode(value)
        except (binascii.Error, ValueError):
            continue
        if len(raw) == size:
            return algo, raw
    raise ValueError(declared)


def _compare(declared: str | None, digests: dict[str, bytes]) -> bool | None:
    if not declared:
        return None
    try:
        algo, raw = _digest_bytes(declared)
    except ValueError:
        return None
    if algo not in digests:
        return None
    return digests[algo] == raw


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


def _gzip_problems(path: Path) -> list[str]:
    """Read every gzip member to its end: a file cut short or a bad CRC shows here."""
    try:
        with gzip.open(path, "rb") as handle:
            while handle.read(CHUNK):
                pass
    except EOFError:
        return ["the file is cut short: its last gzip member ends before its end marker"]
    except (OSError, zlib.error) as error:
        return [f"the gzip stream is damaged ({error})"]
    return []


def _hash_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _read_record_at(handle: BinaryIO, offset: int):
    from warcio.archiveiterator import ArchiveIterator

    handle.seek(offset)
    return next(iter(ArchiveIterator(handle)))


def open_payload(path: Path, offset: int, decoded: bool = False) -> BinaryIO:
    """A stream of one record's payload: as recorded, or decoded (chunked/gzip undone)."""
    handle = open(path, "rb")
    record = _read_record_at(handle, offset)
    stream = record.content_stream() if decoded else record.raw_stream
    return _Reader(stream, handle)


class _Reader(io.RawIOBase):
    """``readinto`` over a warcio stream; closes the file under it."""

    def __init__(self, stream, handle):
        self.stream, self.handle = stream, handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.handle.close()
        super().close()


def _header(record, name: str) -> str | None:
    return record.rec_headers.get_header(name)


def _record_check(record, offset: int) -> RecordCheck:
    http = record.http_headers
    content_type = (
        http.get_header("Content-Type") if http is not None else _header(record, "Content-Type")
    )
    length = _header(record, "Content-Length")
    check = RecordCheck(
        offset=offset,
        rec_type=record.rec_type,
        record_id=_header(record, "WARC-Record-ID"),
        target_uri=_header(record, "WARC-Target-URI"),
        date=_header(record, "WARC-Date"),
        content_length=int(length) if length and length.strip().isdigit() else None,
        payload_digest=_header(record, "WARC-Payload-Digest"),
        block_digest=_header(record, "WARC-Block-Digest"),
        media_type=content_type.split(";")[0].strip().lower() if content_type else None,
    )
    if http is not None and record.rec_type != "revisit":
        check.http_status = http.get_statuscode()
        check.http_headers = [[k, v] for k, v in http.headers]
        check.content_encoding = (http.get_header("Content-Encoding") or "").lower() or None
        check.transfer_encoding = (http.get_header("Transfer-Encoding") or "").lower() or None
    if record.rec_type == "revisit":
        check.refers_to = {
            "record_id": _header(record, "WARC-Refers-To"),
            "target_uri": _header(record, "WARC-Refers-To-Target-URI"),
            "date": _header(record, "WARC-Refers-To-Date"),
            "profile": _header(record, "WARC-Profile"),
        }
    marked = _header(record, "WARC-Truncated")
    if marked:
        check.truncated = f"marked WARC-Truncated: {marked} by the crawler"
    return check


def _read_payload(record, check: RecordCheck) -> None:
    sha256, sha1 = hashlib.sha256(), hashlib.sha1()
    size = 0
    while block := record.raw_stream.read(CHUNK):
        sha256.update(block)
        sha1.update(block)
        size += len(block)
    check.payload_size = size
    check.payload_sha256 = sha256.hexdigest()
    check.payload_sha1 = base64.b32encode(sha1.digest()).decode("ascii")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing and not check.truncated:
        check.truncated = (
            f"cut short: the file ends {missing} byte(s) before the record's Content-Length "
            f"of {check.content_length}"
        )
    if not missing and check.rec_type != "revisit":
        check.payload_digest_ok = _compare(
            check.payload_digest, {"sha1": sha1.digest(), "sha256": sha256.digest()}
        )
        problems = getattr(record.digest_checker, "problems", None) or []
        if check.block_digest:
            check.block_digest_ok = not any("block digest" in p for p in problems)


def _decode(path: Path, check: RecordCheck) -> None:
    """Hash the decoded body when decoding changes the bytes (or say why it was not decoded)."""
    if not (check.content_encoding or check.transfer_encoding == "chunked"):
        return
    from warcio.bufferedreaders import BufferedReader

    if check.content_encoding and check.content_encoding not in (
        BufferedReader.get_supported_decompressors()
    ):
        check.decode_note = f"Content-Encoding {check.content_encoding} not decoded"
        return
    digest, size = hashlib.sha256(), 0
    try:
        with open_payload(path, check.offset, decoded=True) as stream:
            while block := stream.read(CHUNK):
                digest.update(block)
                size += len(block)
    except Exception as error:  # a damaged gzip body or chunking: the raw payload stays
        check.decode_note = f"the body could not be decoded ({type(error).__name__}: {error})"
        return
    if digest.hexdigest() != check.payload_sha256:
        check.decoded_sha256, check.decoded_size = digest.hexdigest(), size


def check_warc(path) -> WarcCheck:
    """Every record of a WARC with its hashes and verdicts; raises only if it is not a WARC."""
    from warcio.archiveiterator import ArchiveIterator

    path = Path(path)
    name = display_name(text_name(path))
    if not path.is_file():
        raise SabtError(f"no file {name}")
    sha256, size = _hash_file(path)
    result = WarcCheck(path, sha256, size, _is_gzip(path))
    if not _starts_like_warc(path, result.gzipped):
        raise SabtError(
            f"{name} is not a readable WARC file (it does not start with a WARC record)"
        )
    if result.gzipped:
        result.file_problems.extend(_gzip_problems(path))
    # warcio writes its Content-Length warnings to stderr; they are counted and reported here
    with open(path, "rb") as handle, contextlib.redirect_stderr(io.StringIO()):
        iterator = ArchiveIterator(handle, check_digests=True)
        try:
            for record in iterator:
                offset = iterator.offset  # where this record starts (set when the last one ended)
                check = _record_check(record, offset)
                _read_payload(record, check)
                result.records.append(check)
                errors_before = iterator.err_count
                iterator.read_to_end()
                if iterator.err_count > errors_before:
                    result.file_problems.append(
                        f"{check.where()}: bytes follow it where the next record should start "
                        "(its Content-Length is wrong)"
                    )
        except Exception as error:
            where = result.records[-1].where() if result.records else "the first record"
            result.file_problems.append(
                f"unreadable after {where} ({type(error).__name__}: {str(error)[:160]}): "
                "the file is cut short or damaged"
            )
    if not result.gzipped and result.records and not _ends_with_record_end(path):
        result.file_problems.append("the file is cut short: it does not end with a record's end")
    for check in result.records:
        if check.is_capture and not check.truncated:
            _decode(path, check)
    return result


def _starts_like_warc(path: Path, gzipped: bool) -> bool:
    try:
        opener = gzip.open if gzipped else open
        with opener(path, "rb") as handle:
            return handle.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


def _ends_with_record_end(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4))
        return handle.read() == b"\r\n\r\n"
