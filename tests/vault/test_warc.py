"""Web captures: a WARC is kept whole, and each captured page and resource becomes an object."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from sqlalchemy import select

from sabt.store import models
from sabt.vault import import_warc, verify
from sabt.vault.objects import object_path

from . import media

PAGE = "<html><body><h1>Statement of 9 January</h1></body></html>".encode()


def test_each_capture_is_an_object_with_url_and_time(case, files):
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 128, 0)).save(png, "PNG")
    warc = media.warc(
        files / "site.warc.gz",
        [
            ("https://news.example/statement", "text/html; charset=utf-8", PAGE),
            ("https://news.example/photo.png", "image/png", png.getvalue()),
        ],
    )
    results = import_warc(case, warc)
    container, page, picture = results
    assert container.sha256 == hashlib.sha256(warc.read_bytes()).hexdigest()
    assert object_path(case.vault_dir, page.sha256).read_bytes() == PAGE
    assert object_path(case.vault_dir, picture.sha256).read_bytes() == png.getvalue()
    with case.session() as session:
        rows = {r.sha256: r for r in session.scalars(select(models.Evidence))}
    assert rows[container.sha256].media_type == "application/warc"
    row = rows[page.sha256]
    assert row.url == "https://news.example/statement"
    assert row.media_type == "text/html"
    assert row.captured_at.replace(tzinfo=dt.timezone.utc) == dt.datetime(
        2026, 1, 9, 10, 0, tzinfo=dt.timezone.utc
    )
    assert row.container_sha256 == container.sha256
    assert row.meta["warc"]["http_status"] == "200"
    assert rows[picture.sha256].phash is not None, "a captured image gets a perceptual hash too"
    assert verify(case).ok


def test_the_same_capture_twice_is_one_object(case, files):
    one = media.warc(
        files / "one.warc.gz",
        [("https://a.example/", "text/html", PAGE)],
        date="2026-01-09T10:00:00Z",
    )
    two = media.warc(
        files / "two.warc.gz",
        [("https://mirror.example/", "text/html", PAGE)],
        date="2026-01-10T10:00:00Z",
    )
    first = import_warc(case, one)
    second = import_warc(case, two)
    assert first[1].sha256 == second[1].sha256 and first[1].new and not second[1].new
    with case.session() as session:
        row = session.scalar(
            select(models.Evidence).where(models.Evidence.sha256 == first[1].sha256)
        )
        count = len(
            session.scalars(
                select(models.EvidenceAcquisition).where(
                    models.EvidenceAcquisition.evidence_id == row.id
                )
            ).all()
        )
    assert count == 2


def test_not_a_warc_is_a_clear_error(case, files):
    import pytest

    from sabt.errors import SabtError

    path = files / "fake.warc"
    path.write_bytes(b"this is not a web archive")
    with pytest.raises(SabtError, match="not a readable WARC"):
        import_warc(case, path)
