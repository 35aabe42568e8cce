"""Capturing web pages into the vault: a WARC of the HTTP exchange, a screenshot and a PDF.

For each address, headless Chromium loads the page (following redirects), lists every resource
it requested, and renders a full-page screenshot (PNG) and a PDF. The page and those resources
are then fetched again with warcio recording the HTTP exchange byte for byte (``request`` and
``response`` records, redirects included, bodies as the server sent them: gzip, chunked); the
screenshot and PDF are added to the same WARC as ``resource`` records (``urn:screenshot:URL``,
``urn:pdf:URL``, the convention of pywb and Browsertrix). The WARC is then imported as any WARC
is (:func:`sabt.vault.acquire.import_warc`): every object hashed, the whole capture one batch
of custody lines whose ``acquired`` lines carry the same ``capture`` id.

Chromium's own fetch and the recorded fetch are two requests: a page that changes between them
shows the difference (the screenshot is what Chromium saw, the WARC what the server sent next).
Nothing is stored unless every address was reached and rendered.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import socket
import tempfile
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sabt.errors import SabtError
from sabt.vault import core

CHROMIUM = os.environ.get("SABT_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
MAX_RESOURCES = 200
TIMEOUT = 30


@dataclass
class Rendered:
    """What Chromium made of one address."""

    url: str
    final_url: str
    title: str
    at: str  # WARC-Date of the rendering
    screenshot: bytes
    pdf: bytes
    resources: list[str] = field(default_factory=list)


def _check_reachable(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SabtError(f"{url!r} is not an http(s) address; nothing was captured")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=10):
            pass
    except OSError as error:
        raise SabtError(
            f"cannot reach {parts.hostname}:{port} ({error.strerror or error}): capturing needs "
            "the network to that address; nothing was captured"
        ) from None


def _render(urls: list[str], chromium: str) -> list[Rendered]:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise SabtError("capturing needs Playwright (pip install playwright)") from None
    if not Path(chromium).exists():
        raise SabtError(f"capturing needs Chromium at {chromium} (set SABT_CHROMIUM)")
    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=LAUNCH_ARGS
        )
        try:
            for url in urls:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                requested: list[str] = []
                page.on("request", lambda request, seen=requested: seen.append(request.url))
                try:
                    response = page.goto(url, wait_until="networkidle", timeout=TIMEOUT * 1000)
                except PlaywrightError as error:
                    raise SabtError(
                        f"Chromium could not load {url} ({str(error).splitlines()[0]}); "
                        "nothing was captured"
                    ) from None
                if response is None:
                    raise SabtError(f"Chromium got no response from {url}; nothing was captured")
                at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                out.append(
                    Rendered(
                        url=url,
                        final_url=page.url,
                        title=page.title(),
                        at=at,
                        screenshot=page.screenshot(full_page=True, type="png"),
                        pdf=page.pdf(print_background=True),
                        resources=requested,
                    )
                )
                page.close()
        finally:
            browser.close()
    return out


def _fetch_all(urls: list[str]) -> list[str]:
    """Fetch each address once (redirects followed); return those that failed, with why."""
    failed = []
    opener = urllib.request.build_opener()
    opener.addheaders = [("User-Agent", "sabt-capture (warcio)")]
    for url in urls:
        try:
            with opener.open(url, timeout=TIMEOUT) as response:
                while response.read(1 << 16):
                    pass
        except urllib.error.HTTPError as error:  # recorded all the same (a 404 is evidence too)
            error.read()
            error.close()
        except (OSError, ValueError) as error:
            failed.append(f"{url} ({error})")
    return failed


def _resource_urls(rendered: list[Rendered]) -> list[str]:
    seen: dict[str, None] = {}
    for one in rendered:
        for url in [one.url, *one.resources]:
            if urlsplit(url).scheme in ("http", "https"):
                seen.setdefault(url, None)
    return list(seen)[:MAX_RESOURCES]


def _write_warc(path: Path, rendered: list[Rendered], capture_id: str) -> list[str]:
    from warcio.capture_http import capture_http
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        info = writer.create_warcinfo_record(
            path.name,
            {"software": "sabt vault capture (warcio)", "sabt-capture": capture_id,
             "format": "WARC File Format 1.0"},
        )
        writer.write_record(info)
    with capture_http(str(path), gzip=True):
        failed = _fetch_all(_resource_urls(rendered))
    with open(path, "ab") as handle:
        writer = WARCWriter(handle, gzip=True)
        for one in rendered:
            for scheme, body, media in (("urn:screenshot:", one.screenshot, "image/png"),
                                        ("urn:pdf:", one.pdf, "application/pdf")):
                record = writer.create_warc_record(
                    scheme + one.url,
                    "resource",
                    payload=io.BytesIO(body),
                    warc_content_type=media,
                    warc_headers_dict={"WARC-Date": one.at},
                )
                writer.write_record(record)
    return failed


def capture(case, urls, source_id=None, note=None, actor=None, progress=None):
    """Capture web pages (WARC + screenshot + PDF each) and store them as one acquisition.

    Returns the results of the WARC's import: the WARC first, then every capture in it.
    """
    from sabt.vault.acquire import import_warc

    urls = [str(u).strip() for u in urls if str(u).strip()]
    if not urls:
        raise SabtError("give at least one address to capture")
    for url in urls:
        _check_reachable(url)
    capture_id = uuid.uuid4().hex
    if progress:
        progress("rendering in Chromium", 0, len(urls))
    rendered = _render(urls, CHROMIUM)
    if progress:
        progress("rendering in Chromium", len(urls), len(urls))
    staging = core.vault_dir_of(case) / "tmp"
    staging.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="capture-", dir=staging))
    try:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        host = (urlsplit(urls[0]).hostname or "page").replace(":", "_")
        warc_path = folder / f"capture-{host}-{stamp}.warc.gz"
        failed = _write_warc(warc_path, rendered, capture_id)
        if failed:
            raise SabtError(
                "the recorded fetch failed for " + "; ".join(failed[:5])
                + " (Chromium had loaded it); nothing was stored"
            )
        extra = {"capture": capture_id}
        capture_note = note or "captured with sabt vault capture: " + ", ".join(
            f"{r.url} → {r.final_url} ({r.title})" if r.final_url != r.url else f"{r.url} ({r.title})"
            for r in rendered
        )
        return import_warc(
            case, warc_path, source_id=source_id, note=capture_note, actor=actor,
            progress=progress, acquired_extra=extra, keep_path=False,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
