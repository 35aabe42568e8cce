"""Issue 17 in Chromium: the main pages at desktop and phone width, English and Persian — nothing
wider than the screen, the navigation folded on a phone — and the Solar Hijri date field showing
the Gregorian day as you type. Screenshots in ``$SABT_SHOTS`` (default ``/tmp/web-shots``)."""

from __future__ import annotations

import pytest

from .test_browser import (
    _sign_in,
    server,  # noqa: F401
    shot,
)
from .test_browser import page as browser_page  # noqa: F401 — the fixtures, under their names below


@pytest.fixture
def page(browser_page):  # noqa: F811
    return browser_page

MAIN_PAGES = ("/", "/claims", "/persons", "/records", "/places?kind=province", "/sources/hrana", "/review", "/run",
              "/assessment", "/claims/new")


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0: nothing scrolls the page sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_main_pages_fit_a_phone_in_both_languages(page, seeded):
    _sign_in(page, "analyst")
    wide = []
    for lang in ("en", "fa"):
        if lang == "fa":
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto("/claims")
            page.click("#switch-lang")
            page.wait_for_url("**/claims")
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            for path in MAIN_PAGES:
                page.goto(path)
                name = path.strip("/").replace("/", "-").split("?")[0] or "home"
                shot(page, f"17-{name}-{lang}-{width}")
                if _overflow(page) > 0:
                    wide.append((lang, width, path, _overflow(page)))
            if width == 390:
                header = page.locator("header.top").bounding_box()
                assert header["height"] < 140, header                   # folded: not four lines of links
                assert not page.locator("#main-nav").is_visible()
                page.click(".nav-button")
                assert page.locator("#main-nav a[href='/records']").is_visible()
    assert wide == [], wide


def test_a_solar_hijri_date_shows_its_gregorian_day_as_it_is_typed(page, case):
    from sqlalchemy import select

    from sabt.store import models

    with case.session() as session:
        session.scalar(select(models.User).where(models.User.name == "analyst")).lang = "fa"
        session.commit()
    _sign_in(page, "analyst")
    page.goto("/claims/new?source_id=hrana")
    page.fill("input[name=as_of]", "")
    page.type("input[name=as_of]", "۱۴۰۴/۱۰/۱۸")
    assert page.locator("#as_of-other").inner_text() == "۲۰۲۶-۰۱-۰۸"
    page.fill("input[name=as_of]", "")
    page.type("input[name=as_of]", "1405-01-01")                          # Nowruz 1405 is 21 March 2026
    assert page.locator("#as_of-other").inner_text() == "۲۰۲۶-۰۳-۲۱"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"17-date-entry-fa-{width}")
    page.click("#save")
    page.wait_for_url("**/claims/*")
    with case.session() as session:
        newest = session.scalars(select(models.Claim).order_by(models.Claim.id.desc())).first()
        assert newest.as_of.isoformat() == "2026-03-21"


def test_an_estimate_explained_in_persian_fits_a_phone(page, case):
    """The words of an estimate (run page and assessment) in Persian, at both widths; the model
    named by its lists, not by Rcapture's notation."""
    from sqlalchemy import select

    from sabt.store import models

    with case.session() as session:
        session.scalar(select(models.User).where(models.User.name == "analyst")).lang = "fa"
        session.add(models.EstimateRun(method="loglinear", result={
            "observed": 2472, "estimate": 3090.7300902291486, "lower": 2950.2, "upper": 3260.9, "model": "[12,3]",
            "interval": "profile-likelihood confidence interval", "lists": ["hrana", "iranintl", "hrana"]},
            settings={"lists": ["hrana", "iranintl", "hrana"], "period": "دی ۱۴۰۴"}))
        session.commit()
    _sign_in(page, "analyst")
    for path in ("/run", "/assessment"):
        page.goto(path)
        text = page.locator("section.estimate").first.inner_text().replace("\u2068", "").replace("\u2069", "")
        assert "۳٬۰۹۱" in text and "[12,3]" not in text and "HRANA و Iran International" in text, text
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            shot(page, f"17-estimate-{path.strip('/')}-fa-{width}")
            assert _overflow(page) <= 0
        page.set_viewport_size({"width": 1280, "height": 900})
