"""A real browser through the real server: Debian's Chromium driven by Playwright.

Logs in, enters a source and a claim, reviews a pair with the keyboard, uploads a file to the
vault and sees it verified, switches to Persian, reads the assessment. Screenshots go to
``$SABT_SHOTS`` (default ``/tmp/web-shots``), outside the repository.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from .conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(os.environ.get("SABT_SHOTS", "/tmp/web-shots"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run"]


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) for the browser tests")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(app):
    """The app served by uvicorn on a free loopback port, in a thread."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120    # a generous bound on a loaded machine, not a speed check
    while not uvicorn_server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server):
    _need_chromium()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        blocked = []
        page.on("request", lambda request: blocked.append(request.url)
                if not request.url.startswith((server, "data:")) else None)
        yield page
        assert blocked == [], f"the page asked for something off the server: {blocked}"
        context.close()
        browser.close()


def shot(page, name: str) -> Path:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_day_of_work_in_the_browser(page, tmp_path):
    from playwright.sync_api import expect

    # log in
    page.goto("/claims")
    assert "/login" in page.url
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    shot(page, "01-login")
    page.click("button[type=submit]")
    page.wait_for_url("**/claims")
    expect(page.locator("h1")).to_have_text("Claims")

    # enter a source, then a claim with it
    page.goto("/sources/new")
    page.fill("input[name=id]", "hengaw")
    page.fill("input[name=name]", "Hengaw Organization for Human Rights")
    page.select_option("select[name=reliability]", "B")
    page.click("#save")
    page.wait_for_url("**/sources/hengaw")
    page.goto("/claims/new?source_id=hengaw")
    page.select_option("select[name=metric]", "killed")
    page.fill("input[name=best]", "350")
    page.fill("input[name=as_of]", "2026-01-12")
    page.select_option("select[name=credibility]", "2")
    page.fill("textarea[name=quote]", "at least 350 protesters killed in Kurdistan")
    shot(page, "02-claim-form")
    page.click("#save")
    page.wait_for_url("**/claims/*")
    expect(page.locator("dl.fields")).to_contain_text("at least 350 protesters killed in Kurdistan")
    expect(page.locator("dl.fields")).to_contain_text("B2")
    shot(page, "03-claim")

    # review a pair side by side, decided with the keyboard
    page.goto("/review")
    expect(page.locator("#pair")).to_be_visible()
    first = (page.get_attribute("#pair", "data-a"), page.get_attribute("#pair", "data-b"))
    shot(page, "04-review")
    page.keyboard.press("s")                      # skip
    page.wait_for_url("**/review?skip=*")
    second = (page.get_attribute("#pair", "data-a"), page.get_attribute("#pair", "data-b"))
    assert second != first
    page.keyboard.press("r")                      # reject
    page.wait_for_load_state()
    expect(page.locator("#pair, #no-pairs")).to_be_visible()

    # upload a file to the vault and see the vault verified
    upload = tmp_path / "square-footage.txt"
    upload.write_bytes(b"frames of the square, 8 January\n" * 64)
    page.goto("/evidence")
    page.set_input_files("input[name=files]", str(upload))
    page.fill("input[name=source_id]", "hrana")
    page.click("#upload")
    page.wait_for_url("**/evidence/*")
    expect(page.locator("dl.fields")).to_contain_text("square-footage.txt")
    shot(page, "05-evidence")
    page.click("text=Verify the vault")
    expect(page.locator("#vault-status")).to_have_attribute("data-ok", "1")
    shot(page, "06-vault-verified")

    # switch to Persian
    page.goto("/claims")
    page.click("#switch-lang")
    page.wait_for_url("**/claims")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("ادعاها")
    expect(page.locator("table.grid")).to_contain_text("۲۶ دی ۱۴۰۴")
    shot(page, "07-claims-fa")

    # read the assessment
    page.goto("/assessment")
    expect(page.locator("#tallies")).to_contain_text("HRANA")
    expect(page.locator("#tallies")).to_contain_text("۲٬۴۰۳")
    shot(page, "08-assessment-fa")


def test_viewer_sees_redactions_in_the_browser(page, seeded):
    from playwright.sync_api import expect

    page.goto("/login")
    page.fill("input[name=username]", "viewer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    # a person of protected records alone does not exist for a viewer (issue 15, non-interference)
    response = page.goto(f"/persons/{seeded['protected_person']}")
    assert response.status == 404
    assert "Qasemipour" not in page.content()
    expect(page.locator("text=Protect this identity")).to_have_count(0)
    shot(page, "09-viewer-person")


def _sign_in(page, name: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_releasing_a_person_names_its_records_and_asks_to_confirm(page, seeded, case):
    """Issue 15, finding 1: the release button names the protected records it releases and
    will not submit until the analyst ticks the confirmation."""
    from playwright.sync_api import expect

    person, record = seeded["protected_person"], seeded["records"]["H-1"]
    _sign_in(page, "analyst")
    for lang in ("en", "fa"):
        if lang == "fa":
            page.goto("/claims")
            page.click("#switch-lang")
            page.wait_for_url("**/claims")
        page.goto(f"/persons/{person}")
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            shot(page, f"15-release-confirm-{lang}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    confirm = page.locator("input[name=confirm]")
    expect(confirm).to_have_count(1)
    page.locator("form.inline-form button.danger").click()         # not ticked: the browser holds it back
    assert page.url.endswith(f"/persons/{person}")
    with case.session() as session:
        from sabt.store import models
        assert session.get(models.Record, record).protected
    confirm.check()
    page.locator("form.inline-form button.danger").click()
    page.wait_for_load_state()
    with case.session() as session:
        assert not session.get(models.Record, record).protected
        assert not session.get(models.Person, person).protected


def test_the_users_page_offers_enable_unlock_and_reset(page, case):
    from sabt.web import auth

    auth.disable_user(case, "viewer")
    _sign_in(page, "admin")
    page.goto("/users")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"15-users-{width}")
    assert page.locator("form[action$='/enable']").count() == 1
    page.locator("#user-analyst form[action$='/reset'] button").click()
    page.wait_for_load_state()
    shot(page, "15-users-reset-shown-once")
    assert page.locator("#new-token code").count() == 1
