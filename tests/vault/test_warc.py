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


# --- as recorded: the payload the crawler's digest covers is the evidence ---------------------

import base64  # noqa: E402

import pytest  # noqa: E402

from sabt.errors import SabtError  # noqa: E402

from . import warcs  # noqa: E402


def _rows(case):
    with case.session() as session:
        return {r.sha256: r for r in session.scalars(select(models.Evidence))}


def _sha1_b32(data: bytes) -> str:
    return base64.b32encode(hashlib.sha1(data).digest()).decode()


@pytest.mark.parametrize("build", [warcs.gzip_encoded, warcs.chunked_page])
def test_the_recorded_payload_is_the_object_and_the_decoded_body_derives_from_it(
    case, files, build
):
    path, recorded = build(files / "page.warc.gz")
    assert recorded != warcs.PAGE
    container, raw, decoded = import_warc(case, path)
    assert raw.sha256 == hashlib.sha256(recorded).hexdigest()
    assert object_path(case.vault_dir, raw.sha256).read_bytes() == recorded
    assert object_path(case.vault_dir, decoded.sha256).read_bytes() == warcs.PAGE
    rows = _rows(case)
    meta = rows[raw.sha256].meta["warc"]
    assert meta["payload_digest"] == "sha1:" + _sha1_b32(recorded), "the crawler's own digest"
    assert meta["payload_digest_ok"] is True and meta["block_digest_ok"] is True
    assert rows[decoded.sha256].derived_from_sha256 == raw.sha256
    assert rows[decoded.sha256].container_sha256 == container.sha256
    assert rows[decoded.sha256].media_type == "text/html"
    assert verify(case).ok


def test_a_body_sent_as_is_is_one_object(case, files):
    container, page, picture = import_warc(case, warcs.plain(files / "a.warc.gz"))
    assert object_path(case.vault_dir, page.sha256).read_bytes() == warcs.PAGE
    assert _rows(case)[page.sha256].derived_from_sha256 is None


def _nothing_stored(case):
    with case.session() as session:
        assert session.scalars(select(models.Evidence)).all() == []
        assert session.scalars(select(models.CustodyEvent)).all() == []
    objects_dir = case.vault_dir / "objects"
    assert not objects_dir.exists() or not any(p.is_file() for p in objects_dir.rglob("*"))


def _cut_gzip_mid_payload(files):
    whole = warcs.plain(files / "whole.warc.gz")
    return warcs.cut(whole, files / "cut.warc.gz", whole.stat().st_size - 60)


def _cut_plain_mid_payload(files):
    whole = warcs.plain(files / "whole.warc", gzipped=False)
    return warcs.cut(whole, files / "cut.warc", whole.stat().st_size - 60)


def _cut_between_records(files):
    whole = warcs.plain(files / "whole.warc.gz")
    first_end = whole.read_bytes().index(b"\x1f\x8b\x08", 10)  # the second gzip member
    return warcs.cut(whole, files / "cut.warc.gz", first_end + 3)


DAMAGED = {
    "gzip file cut inside a payload": (_cut_gzip_mid_payload, "cut short"),
    "uncompressed file cut inside a payload": (_cut_plain_mid_payload, "cut short"),
    "gzip file cut between records": (_cut_between_records, "cut short"),
    "record marked WARC-Truncated": (
        lambda f: warcs.marked_truncated(f / "t.warc.gz"),
        "WARC-Truncated: length",
    ),
    "payload changed after recording": (
        lambda f: warcs.tampered(f / "x.warc"),
        "does not match its WARC-Payload-Digest",
    ),
    "Content-Length too short": (
        lambda f: warcs.wrong_length(f / "w.warc"),
        "Content-Length is wrong",
    ),
}


@pytest.mark.parametrize("case_name", list(DAMAGED))
def test_a_damaged_warc_is_refused_and_leaves_nothing(case, files, case_name):
    build, reason = DAMAGED[case_name]
    path = build(files)
    with pytest.raises(SabtError, match="refused, nothing stored") as caught:
        import_warc(case, path)
    assert reason in str(caught.value)
    _nothing_stored(case)


def test_a_damaged_warc_kept_on_request_is_flagged(case, files):
    path = _cut_plain_mid_payload(files)
    container, page, picture = import_warc(case, path, allow_damaged=True)
    rows = _rows(case)
    assert "truncated" not in rows[page.sha256].meta["warc"], "the page is whole"
    assert "cut short" in rows[picture.sha256].meta["warc"]["truncated"]
    assert picture.size < len(warcs.png_bytes())
    assert any("cut short" in note for note in picture.notes), "the user is told"
    assert rows[container.sha256].meta["warc"]["damage"]
    assert verify(case).ok


def test_a_revisit_is_an_acquisition_of_the_capture_it_refers_to(case, files):
    container, page, again = import_warc(case, warcs.with_revisit(files / "r.warc.gz"))
    assert again.sha256 == page.sha256 and not again.new
    with case.session() as session:
        acquisitions = session.scalars(
            select(models.EvidenceAcquisition).order_by(models.EvidenceAcquisition.id)
        ).all()
        events = [e for e in session.scalars(select(models.CustodyEvent)) if e.event == "acquired"]
    by_url = {a.url: a for a in acquisitions}
    assert by_url["https://mirror.example/statement"].captured_at.replace(
        tzinfo=dt.timezone.utc
    ) == dt.datetime(2026, 1, 10, 8, 0, tzinfo=dt.timezone.utc)
    assert by_url["https://news.example/statement"].container_sha256 == container.sha256
    assert len(events) == 3
    revisits = _rows(case)[container.sha256].meta["warc"]["revisits"]
    assert revisits[0]["object"] == page.sha256
    assert revisits[0]["refers_to"]["target_uri"] == "https://news.example/statement"


def test_a_revisit_of_a_capture_elsewhere_is_recorded_in_the_warc(case, files):
    results = import_warc(case, warcs.with_revisit(files / "r.warc.gz", refers_inside=False))
    assert len(results) == 2
    meta = _rows(case)[results[0].sha256].meta["warc"]
    assert meta["revisits"][0]["object"] is None
    assert meta["revisits"][0]["refers_to"]["record_id"].startswith("<urn:uuid:0000")
    assert any("not in this file" in note for note in results[0].notes)


def test_the_bag_carries_each_acquisitions_url_and_time(case, files, tmp_path):
    import json

    from sabt.vault import export_bag

    results = import_warc(case, warcs.with_revisit(files / "r.warc.gz"))
    export_bag(case, tmp_path / "bag", role="admin")
    meta = json.loads((tmp_path / "bag" / "data" / "metadata" / f"{results[1].sha256}.json").read_text())
    assert [(a["url"], a["captured_at"][:16]) for a in meta["acquisitions"]] == [
        ("https://news.example/statement", "2026-01-09T10:00"),
        ("https://mirror.example/statement", "2026-01-10T08:00"),
    ]
