"""Test WARCs written with warcio's own writer: gzip and chunked bodies, cut files, revisits.

Each builder returns the path it wrote and, where a test needs them, the bytes it recorded.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

DATE = "2026-01-09T10:00:00Z"
PAGE = b"<html><body><h1>Statement of 9 January</h1><p>" + b"Text. " * 200 + b"</p></body></html>"


def png_bytes(size: int = 48) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (size, size), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def chunked(body: bytes, size: int = 100) -> bytes:
    """``body`` in HTTP/1.1 chunked transfer coding."""
    out = b""
    for start in range(0, len(body), size):
        part = body[start : start + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def response(writer, url, payload, headers, date=DATE, extra=None):
    from warcio.statusandheaders import StatusAndHeaders

    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date, **(extra or {})},
    )
    writer.write_record(record)
    return record


def write(path: Path, build, gzipped: bool = True) -> Path:
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gzipped)
        build(writer)
    return path


def plain(path: Path, gzipped: bool = True) -> Path:
    """A page and an image, sent as they are."""

    def build(writer):
        response(writer, "https://news.example/statement", PAGE, [("Content-Type", "text/html")])
        image = png_bytes()
        response(writer, "https://news.example/photo.png", image, [("Content-Type", "image/png")])

    return write(path, build, gzipped)


def gzip_encoded(path: Path) -> tuple[Path, bytes]:
    """A page the server sent with ``Content-Encoding: gzip``; returns the recorded payload."""
    payload = gzip.compress(PAGE, mtime=0)

    def build(writer):
        response(
            writer,
            "https://news.example/gz",
            payload,
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
        )

    return write(path, build), payload


def chunked_page(path: Path) -> tuple[Path, bytes]:
    """A page sent with ``Transfer-Encoding: chunked``; returns the recorded payload."""
    payload = chunked(PAGE)

    def build(writer):
        response(
            writer,
            "https://news.example/chunked",
            payload,
            [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
        )

    return write(path, build), payload


def marked_truncated(path: Path) -> Path:
    """A record the crawler marked ``WARC-Truncated: length`` (it stopped at a size limit)."""

    def build(writer):
        response(
            writer,
            "https://news.example/video.mp4",
            b"\x00" * 500,
            [("Content-Type", "video/mp4")],
            extra={"WARC-Truncated": "length"},
        )

    return write(path, build)


def with_revisit(path: Path, refers_inside: bool = True) -> Path:
    """A page, then a revisit record of it a day later (or of a capture not in the file)."""
    from warcio.statusandheaders import StatusAndHeaders

    def build(writer):
        first = response(
            writer, "https://news.example/statement", PAGE, [("Content-Type", "text/html")]
        )
        digest = first.rec_headers.get_header("WARC-Payload-Digest")
        refers = first.rec_headers.get_header("WARC-Record-ID")
        if not refers_inside:
            digest = "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            refers = "<urn:uuid:00000000-0000-0000-0000-000000000000>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        revisit = writer.create_revisit_record(
            "https://mirror.example/statement",
            digest,
            "https://news.example/statement",
            DATE,
            http_headers=http,
        )
        revisit.rec_headers.replace_header("WARC-Date", "2026-01-10T08:00:00Z")
        revisit.rec_headers.add_header("WARC-Refers-To", refers)
        writer.write_record(revisit)

    return write(path, build)


def cut(source: Path, dest: Path, keep: int) -> Path:
    """The first ``keep`` bytes of ``source`` (a file cut short; negative: all but so many)."""
    data = source.read_bytes()
    dest.write_bytes(data[:keep])
    return dest


def tampered(path: Path) -> Path:
    """An uncompressed WARC whose image payload had one byte changed after it was written."""
    plain(path, gzipped=False)
    data = bytearray(path.read_bytes())
    at = data.index(b"IDAT") + 8
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def wrong_length(path: Path) -> Path:
    """An uncompressed WARC whose first record declares a Content-Length 10 bytes short."""
    plain(path, gzipped=False)
    data = path.read_bytes()
    head, sep, rest = data.partition(b"Content-Length: ")
    number, nl, tail = rest.partition(b"\r\n")
    path.write_bytes(head + sep + str(int(number) - 10).encode() + nl + tail)
    return path
