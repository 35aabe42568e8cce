"""Test media made on the spot: images with EXIF and GPS, tiny videos, a PDF, a WARC. No downloads."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path


def image(
    path: Path, seed: int = 0, size=(320, 240), gps=(35.6892, 51.3890), quality=92, fmt="JPEG"
) -> Path:
    """A picture with a distinct pattern per ``seed``, EXIF (camera, time) and a GPS position."""
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", size, (30 + seed * 40 % 200, 60, 90))
    draw = ImageDraw.Draw(picture)
    w, h = size
    for i in range(8):
        x0 = (i * 37 + seed * 53) % w
        y0 = (i * 23 + seed * 71) % h
        draw.ellipse(
            [x0, y0, x0 + w // 4, y0 + h // 3],
            fill=((i * 31 + seed * 90) % 256, (i * 67) % 256, (seed * 13 + i * 5) % 256),
        )
    draw.rectangle([w // 8, h // 2, w // 2, h - 10], fill=(250, 250 - seed * 30 % 250, 10))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model 7"  # Model
    exif[0x0132] = "2026:01:08 21:14:03"
    exif_ifd = exif.get_ifd(0x8769)
    exif_ifd[0x9003] = "2026:01:08 21:14:03"  # DateTimeOriginal
    if gps:
        lat, lon = gps

        def dms(value):
            value = abs(value)
            d = int(value)
            m = int((value - d) * 60)
            s = round(((value - d) * 60 - m) * 60, 4)
            return (float(d), float(m), float(s))

        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N" if lat >= 0 else "S"
        gps_ifd[2] = dms(lat)
        gps_ifd[3] = "E" if lon >= 0 else "W"
        gps_ifd[4] = dms(lon)
    picture.save(path, fmt, exif=exif.tobytes(), **({"quality": quality} if fmt == "JPEG" else {}))
    return path


def reencoded(source: Path, path: Path, scale: float = 0.6, quality: int = 55) -> Path:
    """The same picture re-posted: resized, recompressed, metadata stripped."""
    from PIL import Image

    with Image.open(source) as picture:
        small = picture.resize((int(picture.width * scale), int(picture.height * scale)))
        small.save(path, "JPEG", quality=quality)
    return path


def video(
    path: Path, pattern: str = "testsrc", seconds: float = 3, size: str = "160x120", extra=()
) -> Path:
    """A tiny video from FFmpeg's lavfi sources (``testsrc``, ``mandelbrot``, ``smptebars`` …)."""
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"{pattern}=size={size}:rate=10",
            "-t",
            str(seconds),
            "-g",
            "5",
            "-pix_fmt",
            "yuv420p",
            *extra,
            "-metadata",
            "creation_time=2026-01-09T18:30:00Z",
            str(path),
        ],
        check=True,
    )
    return path


def reencoded_video(source: Path, path: Path) -> Path:
    """The same video re-posted: scaled up, another codec, another key-frame interval."""
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-i",
            str(source),
            "-vf",
            "scale=320:240",
            "-c:v",
            "mpeg4",
            "-q:v",
            "8",
            "-g",
            "7",
            str(path),
        ],
        check=True,
    )
    return path


def pdf(path: Path, title: str = "Hospital raid report", author: str = "Field team 3") -> Path:
    """A one-page PDF written by hand, with a document information dictionary."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        None,
        f"<< /Title ({title}) /Author ({author}) /CreationDate (D:20260110120000Z) /Producer (sabt tests) >>".encode(),
    ]
    stream = b"BT /F1 12 Tf 20 100 Td (evidence) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def warc(
    path: Path, captures: list[tuple[str, str, bytes]], date: str = "2026-01-09T10:00:00Z"
) -> Path:
    """A WARC file (gzip) with one ``response`` record per (url, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, content_type, body in captures:
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
            writer.write_record(record)
    return path
