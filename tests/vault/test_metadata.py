"""Metadata read into the store, the original untouched: images, video, audio, PDF."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from sqlalchemy import select

from sabt.store import models
from sabt.vault import add_files, metadata
from sabt.vault.objects import object_path

from . import media


def _row(case, sha256):
    with case.session() as session:
        return session.scalar(select(models.Evidence).where(models.Evidence.sha256 == sha256))


def test_image_exif_and_gps(case, files):
    path = media.image(files / "tehran.jpg", gps=(35.6892, 51.3890))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    [result] = add_files(case, [path])
    row = _row(case, result.sha256)
    assert row.media_type == "image/jpeg"
    assert row.meta["width"] == 320 and row.meta["exif"]["Make"] == "TestCam"
    assert row.meta["exif"]["DateTimeOriginal"] == "2026:01:08 21:14:03"
    assert row.meta["gps"]["lat"] == pytest.approx(35.6892, abs=1e-4)
    assert row.meta["gps"]["lon"] == pytest.approx(51.3890, abs=1e-4)
    assert len(row.phash) == 16
    assert (
        hashlib.sha256(object_path(case.vault_dir, result.sha256).read_bytes()).hexdigest()
        == before
        == result.sha256
    )


def test_southern_western_gps(case, files):
    [result] = add_files(case, [media.image(files / "sw.jpg", gps=(-33.45, -70.66))])
    gps = _row(case, result.sha256).meta["gps"]
    assert gps["lat"] == pytest.approx(-33.45, abs=1e-4) and gps["lon"] == pytest.approx(
        -70.66, abs=1e-4
    )


def test_png_xmp(case, files):
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt(
        "XML:com.adobe.xmp",
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Field team</dc:creator></x:xmpmeta>',
    )
    Image.new("RGB", (40, 30), (200, 10, 10)).save(files / "x.png", pnginfo=info)
    [result] = add_files(case, [files / "x.png"])
    assert "Field team" in _row(case, result.sha256).meta["xmp"]


def test_pdf_information(case, files):
    [result] = add_files(case, [media.pdf(files / "report.pdf")])
    row = _row(case, result.sha256)
    assert row.media_type == "application/pdf"
    assert row.meta["pages"] == 1
    assert row.meta["info"]["Title"] == "Hospital raid report"
    assert row.meta["info"]["Author"] == "Field team 3"


def test_video_streams_duration_creation_time_and_frames(case, files, ffmpeg):
    path = media.video(files / "clip.mp4", seconds=3)
    [result] = add_files(case, [path])
    row = _row(case, result.sha256)
    assert row.media_type == "video/mp4"
    video = [s for s in row.meta["streams"] if s["codec_type"] == "video"][0]
    assert (video["width"], video["height"]) == (160, 120)
    assert row.meta["duration"] == pytest.approx(3, abs=0.2)
    assert row.meta["creation_time"].startswith("2026-01-09T18:30:00")
    assert len(row.frame_hashes) >= 3 and row.phash in row.frame_hashes


def test_audio_streams(case, files, ffmpeg):
    import subprocess

    path = files / "voice.ogg"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
            "-c:a",
            "libvorbis",
            str(path),
        ],
        check=True,
    )
    [result] = add_files(case, [path])
    row = _row(case, result.sha256)
    assert row.media_type == "audio/ogg"
    assert row.meta["streams"][0]["codec_type"] == "audio"
    assert row.meta["duration"] == pytest.approx(1, abs=0.2)


def test_without_ffprobe_a_clear_note(case, files, ffmpeg, monkeypatch):
    path = media.video(files / "clip.mp4", seconds=1)
    real_which = shutil.which
    monkeypatch.setattr(
        metadata.shutil,
        "which",
        lambda name: None if name in ("ffprobe", "ffmpeg") else real_which(name),
    )
    [result] = add_files(case, [path])
    assert result.new
    assert metadata.FFPROBE_NOTE in result.notes
    assert metadata.FFPROBE_NOTE in _row(case, result.sha256).meta["notes"]


def test_unreadable_media_is_still_kept(case, files):
    path = files / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00garbage" * 10)
    [result] = add_files(case, [path])
    assert result.new and any("could not be read" in n for n in result.notes)
    assert object_path(case.vault_dir, result.sha256).read_bytes() == path.read_bytes()
