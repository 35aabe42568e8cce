"""Metadata read from an object's bytes, into the store; the object itself is never touched.

- images (Pillow): format, size, EXIF, the GPS position as decimal degrees, XMP; a
  perceptual hash (imagehash's pHash, after EXIF orientation) for near-duplicates;
- video and audio (``ffprobe`` from FFmpeg, when installed): streams, codecs, duration,
  creation time; perceptual hashes of the video's key frames (``ffmpeg -skip_frame nokey``,
  at most :data:`MAX_FRAMES`, evenly spread) so a re-encoded re-post is still found;
- PDF (pypdf, when installed): the document information dictionary, page count, XMP.

When a tool is missing the metadata says so in ``notes`` instead of failing: the object is
still stored and hashed, and its metadata can be read again later.
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

MAX_FRAMES = 200
FRAME_SIDE = 64
FFPROBE_NOTE = (
    "ffprobe (Debian package ffmpeg) is not installed: streams, duration and creation time not read"
)

_MAGIC = [
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"WARC/", "application/warc"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),
    (b"OggS", "audio/ogg"),
    (b"ID3", "audio/mpeg"),
    (b"fLaC", "audio/flac"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"PK\x03\x04", "application/zip"),
]


def sniff(path: Path, name: str | None = None) -> str:
    """The media type from the first bytes (trusted over the name), else from the name."""
    with open(path, "rb") as handle:
        head = handle.read(64)
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            if media_type == "application/zip" and name:
                guessed = mimetypes.guess_type(name)[0]
                return guessed or media_type
            return media_type
    if head[:4] == b"RIFF":
        kind = head[8:12]
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(
            kind, "application/octet-stream"
        )
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        return (
            "image/heic"
            if brand in (b"heic", b"heix", b"mif1")
            else "audio/mp4"
            if brand == b"M4A "
            else "video/mp4"
        )
    if head[:2] == b"\x1f\x8b":
        if name and ".warc" in name.lower():
            return "application/warc"
        return "application/gzip"
    guessed = mimetypes.guess_type(name)[0] if name else None
    if guessed:
        return guessed
    try:
        head.decode("utf-8")
        return "text/plain"
    except UnicodeDecodeError:
        return "application/octet-stream"


def _jsonable(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        if isinstance(value, str):
            return value.replace("\x00", "")
        if isinstance(value, float) and value != value:
            return None
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("ascii").rstrip("\x00") if value.isascii() else value.hex()
        except UnicodeDecodeError:
            return value.hex()
    if isinstance(value, (Fraction,)) or type(value).__name__ == "IFDRational":
        try:
            return float(value)
        except (ZeroDivisionError, ValueError):
            return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def _degrees(values, ref) -> float | None:
    try:
        d, m, s = (float(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    sign = -1 if str(ref).upper().startswith(("S", "W")) else 1
    return round(sign * (d + m / 60 + s / 3600), 7)


def image_metadata(path: Path) -> tuple[dict, str | None]:
    """(metadata, perceptual hash) of an image."""
    from PIL import ExifTags, Image, ImageOps

    meta: dict = {}
    with Image.open(path) as image:
        meta.update(
            {
                "format": image.format,
                "width": image.width,
                "height": image.height,
                "mode": image.mode,
            }
        )
        exif = image.getexif()
        tags = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.items()}
        for ifd_id in (ExifTags.IFD.Exif, ExifTags.IFD.Interop):
            try:
                tags.update(
                    {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.get_ifd(ifd_id).items()}
                )
            except Exception:
                pass
        tags.pop("ExifOffset", None)
        tags.pop("GPSInfo", None)
        tags.pop("MakerNote", None)
        if tags:
            meta["exif"] = _jsonable(tags)
        try:
            gps_raw = exif.get_ifd(ExifTags.IFD.GPSInfo)
        except Exception:
            gps_raw = {}
        if gps_raw:
            gps = {ExifTags.GPSTAGS.get(k, str(k)): v for k, v in gps_raw.items()}
            meta["gps_raw"] = _jsonable(gps)
            lat = (
                _degrees(gps.get("GPSLatitude"), gps.get("GPSLatitudeRef", "N"))
                if gps.get("GPSLatitude")
                else None
            )
            lon = (
                _degrees(gps.get("GPSLongitude"), gps.get("GPSLongitudeRef", "E"))
                if gps.get("GPSLongitude")
                else None
            )
            if lat is not None and lon is not None:
                meta["gps"] = {"lat": lat, "lon": lon}
                if gps.get("GPSAltitude") is not None:
                    meta["gps"]["alt"] = _jsonable(gps["GPSAltitude"])
        xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
        if xmp:
            text = xmp.decode("utf-8", "replace") if isinstance(xmp, bytes) else str(xmp)
            meta["xmp"] = text[:65536]
        try:
            import imagehash

            phash = str(imagehash.phash(ImageOps.exif_transpose(image)))
        except ImportError:
            phash = None
            meta.setdefault("notes", []).append("imagehash is not installed: no perceptual hash")
    return meta, phash


def ffprobe_available() -> bool:
    return shutil.which("ffprobe") is not None


def av_metadata(path: Path) -> dict:
    """Streams, duration and creation time from ``ffprobe``; a note when it is missing."""
    if not ffprobe_available():
        return {"notes": [FFPROBE_NOTE]}
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        capture_output=True,
        timeout=300,
    )
    if result.returncode != 0:
        return {
            "notes": [
                f"ffprobe could not read the file: {result.stderr.decode('utf-8', 'replace')[:300]}"
            ]
        }
    probe = json.loads(result.stdout or b"{}")
    fmt = probe.get("format", {})
    streams = []
    for stream in probe.get("streams", []):
        keep = {
            k: stream.get(k)
            for k in (
                "index",
                "codec_type",
                "codec_name",
                "profile",
                "width",
                "height",
                "pix_fmt",
                "r_frame_rate",
                "sample_rate",
                "channels",
                "channel_layout",
                "duration",
                "bit_rate",
                "nb_frames",
            )
            if stream.get(k) is not None
        }
        if stream.get("tags"):
            keep["tags"] = stream["tags"]
        streams.append(keep)
    meta: dict = {"format": fmt.get("format_name"), "streams": streams}
    if fmt.get("duration"):
        meta["duration"] = float(fmt["duration"])
    tags = fmt.get("tags") or {}
    if tags:
        meta["tags"] = tags
    creation = tags.get("creation_time") or next(
        (s["tags"]["creation_time"] for s in streams if s.get("tags", {}).get("creation_time")),
        None,
    )
    if creation:
        meta["creation_time"] = creation
    location = tags.get("location") or tags.get("com.apple.quicktime.location.ISO6709")
    if location:
        meta["location"] = location
    return meta


def video_frame_hashes(path: Path) -> list[str] | None:
    """Perceptual hashes of the key frames (at most :data:`MAX_FRAMES`, evenly spread)."""
    if shutil.which("ffmpeg") is None:
        return None
    import imagehash
    from PIL import Image

    frame_bytes = FRAME_SIDE * FRAME_SIDE * 3
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-nostdin",
        "-skip_frame",
        "nokey",
        "-i",
        str(path),
        "-an",
        "-sn",
        "-fps_mode",
        "passthrough",
        "-vf",
        f"scale={FRAME_SIDE}:{FRAME_SIDE}:flags=area",
        "-pix_fmt",
        "rgb24",
        "-f",
        "rawvideo",
        "-",
    ]
    result = subprocess.run(command, capture_output=True, timeout=3600)
    if result.returncode != 0 and not result.stdout:
        return None
    data = result.stdout
    frames = [data[i : i + frame_bytes] for i in range(0, len(data) - frame_bytes + 1, frame_bytes)]
    if len(frames) > MAX_FRAMES:
        step = len(frames) / MAX_FRAMES
        frames = [frames[int(i * step)] for i in range(MAX_FRAMES)]
    return [
        str(imagehash.phash(Image.frombytes("RGB", (FRAME_SIDE, FRAME_SIDE), frame)))
        for frame in frames
    ]


def pdf_metadata(path: Path) -> dict:
    try:
        import pypdf
    except ImportError:
        return {"notes": ["pypdf is not installed: PDF metadata not read"]}
    meta: dict = {}
    try:
        reader = pypdf.PdfReader(str(path))
        meta["pages"] = len(reader.pages)
        info = reader.metadata or {}
        meta["info"] = {str(k).lstrip("/"): _jsonable(str(v)) for k, v in info.items()}
        meta["encrypted"] = bool(reader.is_encrypted)
        try:
            xmp = reader.xmp_metadata
            if xmp is not None:
                meta["xmp"] = xmp.stream.get_data().decode("utf-8", "replace")[:65536]
        except Exception:
            pass
    except Exception as error:
        meta["notes"] = [f"the PDF could not be read: {type(error).__name__}: {str(error)[:200]}"]
    return meta


def _without_path(error: Exception, path: Path) -> str:
    """The error's text without the staging file's name (which means nothing to a reader)."""
    return str(error).replace(f"'{path}'", "").replace(str(path), "the file").strip()[:300]


def extract(path: Path, media_type: str) -> tuple[dict, str | None, list[str] | None]:
    """(metadata, perceptual hash, key-frame hashes) of the object at ``path``."""
    try:
        if media_type.startswith("image/"):
            meta, phash = image_metadata(path)
            return meta, phash, None
        if media_type.startswith(("video/", "audio/")):
            meta = av_metadata(path)
            frames = None
            if media_type.startswith("video/") and ffprobe_available():
                frames = video_frame_hashes(path)
            phash = frames[len(frames) // 2] if frames else None
            return meta, phash, frames
        if media_type == "application/pdf":
            return pdf_metadata(path), None, None
    except Exception as error:  # unreadable media is still evidence: keep it, say why
        return (
            {
                "notes": [
                    f"metadata could not be read: {type(error).__name__}: {_without_path(error, path)}"
                ]
            },
            None,
            None,
        )
    return {}, None, None


def parse_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
