"""The claims review desk in a real browser (Debian's Chromium, Playwright): the keyboard works,
and the page reads in English and Persian at desktop and phone width. Screenshots go to
``$SABT_SHOTS`` (default ``/tmp/web-shots``)."""

from __future__ import annotations

from sqlalchemy import select

from sabt.store import models

from .conftest import PASSWORD
from .test_browser import page, server, shot  # noqa: F401  (fixtures)
from .test_desk import report  # noqa: F401  (fixture)


def _login(tab, role="reviewer"):
    tab.goto("/login")
    tab.fill("input[name=username]", role)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/")


def test_review_a_report_with_the_keyboard_in_english_and_persian(page, report, case):  # noqa: F811
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)   # a bound on a loaded machine, not a speed check
    _login(page)
    page.goto(f"/desk/{report}")
    page.wait_for_load_state("load")     # the keyboard script is loaded (deferred) before a key is pressed
    expect(page.locator("#desk-progress")).to_contain_text("0 of 5")
    first = page.locator(".figure.current").get_attribute("id")
    shot(page, "desk-en-desktop")
    page.keyboard.press("a")                        # accept the first claim
    expect(page.locator("#desk-progress")).to_contain_text("1 of 5")
    page.wait_for_load_state("load")
    second = page.locator(".figure.current").get_attribute("id")
    assert second != first
    page.keyboard.press("j")                        # next claim, without deciding
    expect(page.locator(".figure.current")).not_to_have_id(second)
    page.wait_for_load_state("load")
    page.keyboard.press("c")                        # open the correction form
    expect(page.locator("#correct-form")).to_be_visible()
    page.select_option("#correct-source", "HRANA")
    page.select_option("#correct-metric", "detained")
    page.click("#correct-save")
    expect(page.locator("#desk-progress")).to_contain_text("2 of 5")
    with case.session() as session:
        corrected = session.scalars(select(models.Claim).where(models.Claim.review == "corrected")).one()
        assert (corrected.attributed_to, corrected.metric, corrected.created_by) == ("HRANA", "detained", "reviewer")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "desk-en-phone")
    page.click("#switch-lang")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#desk-progress")).to_contain_text("۲ از ۵")
    page.wait_for_load_state("load")
    shot(page, "desk-fa-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.keyboard.press("c")
    shot(page, "desk-fa-desktop")
    page.keyboard.press("Escape")
    page.keyboard.press("r")                        # reject, in Persian as in English
    expect(page.locator("#desk-progress")).to_contain_text("۳ از ۵")
