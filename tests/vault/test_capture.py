"""`sabt vault capture`: a page and its resources into a WARC, with a screenshot and a PDF from
real headless Chromium, against a local server on 127.0.0.1 that sends gzip, chunked and
redirecting responses. Nothing here contacts any other address."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import json
import socket
import threading

import pytest
from sqlalchemy import select

from sabt.errors import SabtError
from sabt.store import models
from sabt.vault import verify
from sabt.vault.capture import CHROMIUM, capture
from sabt.vault.objects import object_path

from . import warcs

PNG = warcs.png_bytes(40)
PAGE = (b"<html><head><title>Statement of 9 January</title>"
        b"<link rel=stylesheet href=/style.css></head><body><h1>Statement</h1>"
        b"<img src=/photo.png width=40 height=40><iframe src=/chunked></iframe>"
        + b"<p>Text of the statement.</p>" * 80 + b"</body></html>")
CSS = b"body { font-family: sans-serif; color: #222 }"
CHUNKED_PAGE = b"<html><body><p>" + b"chunked text " * 50 + b"</p></body></html>"
PAGE_GZ = gzip.compress(PAGE, mtime=0)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status, headers, body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/":
            self._send(302, [("Location", "/page"), ("Content-Length", "0")])
        elif self.path == "/page":
            self._send(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                             ("Content-Length", str(len(PAGE_GZ)))], PAGE_GZ)
        elif self.path == "/style.css":
            self._send(200, [("Content-Type", "text/css"), ("Content-Length", str(len(CSS)))], CSS)
        elif self.path in ("/photo.png", "/chunked"):
            body, kind = (PNG, "image/png") if self.path == "/photo.png" else (CHUNKED_PAGE, "text/html")
            self._send(200, [("Content-Type", kind), ("Transfer-Encoding", "chunked")],
                       warcs.chunked(body, 64))
        else:
            self._send(404, [("Content-Type", "text/plain"), ("Content-Length", "9")], b"not found")


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def chromium():
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")


def _rows(case):
    with case.session() as session:
        return list(session.scalars(select(models.Evidence)))


def test_a_capture_is_a_warc_a_screenshot_and_a_pdf_in_one_acquisition(case, site, tmp_path):
    results = capture(case, [site + "/"])
    warc = results[0]
    rows = {r.sha256: r for r in _rows(case)}
    assert rows[warc.sha256].media_type == "application/warc"
    by_url: dict[str, list] = {}
    for row in rows.values():
        by_url.setdefault(row.url, []).append(row)
    # the redirect is recorded as it happened
    redirect = by_url[site + "/"][0]
    assert redirect.meta["warc"]["http_status"] == "302"
    # the gzip page: the bytes sent are the object, the page a derived one
    raw = next(r for r in by_url[site + "/page"] if r.derived_from_sha256 is None)
    assert raw.sha256 == hashlib.sha256(PAGE_GZ).hexdigest()
    assert raw.meta["warc"]["payload_digest_ok"] is True
    page = next(r for r in by_url[site + "/page"] if r.derived_from_sha256 == raw.sha256)
    assert object_path(case.vault_dir, page.sha256).read_bytes() == PAGE
    # chunked resources: the chunked bytes recorded, the image itself derived (and hashed)
    photo = next(r for r in by_url[site + "/photo.png"] if r.derived_from_sha256)
    assert object_path(case.vault_dir, photo.sha256).read_bytes() == PNG
    assert photo.phash is not None
    assert site + "/style.css" in by_url and site + "/chunked" in by_url
    # the screenshot and the PDF, from Chromium
    shot = by_url["urn:screenshot:" + site + "/"][0]
    pdf = by_url["urn:pdf:" + site + "/"][0]
    assert shot.media_type == "image/png" and pdf.media_type == "application/pdf"
    from PIL import Image

    image = Image.open(io.BytesIO(object_path(case.vault_dir, shot.sha256).read_bytes()))
    assert image.width == 1280 and image.height > 900, "a full-page screenshot"
    image.save(tmp_path / "capture-screenshot.png")
    assert object_path(case.vault_dir, pdf.sha256).read_bytes().startswith(b"%PDF")
    # one acquisition: every acquired line carries the same capture id
    lines = [json.loads(line) for line in (case.vault_dir / "custody.jsonl").read_text().splitlines()]
    acquired = [line for line in lines if line.get("event") == "acquired"]
    assert len(acquired) == len(results)
    assert len({line["capture"] for line in acquired}) == 1
    assert all(line.get("from") is None for line in acquired), "no staging path in the log"
    assert verify(case).ok


def test_no_network_is_a_clear_refusal_and_leaves_nothing(case):
    with socket.socket() as probe:  # a port on 127.0.0.1 nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SabtError, match=f"cannot reach 127.0.0.1:{port}.*nothing was captured"):
        capture(case, [f"http://127.0.0.1:{port}/statement"])
    assert _rows(case) == []
    assert not (case.vault_dir / "custody.jsonl").exists()


def test_not_a_web_address_is_refused(case):
    with pytest.raises(SabtError, match="not an http"):
        capture(case, ["file:///etc/passwd"])
