"""Second factors in a real browser: Debian's Chromium through the real server, a WebAuthn
security key played by the DevTools protocol's virtual authenticator (CTAP2), and the pages of
account security shot at desktop and phone width in English and Persian (``$SABT_SHOTS``)."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select, update

from sabt.store import models
from sabt.web import auth
from sabt.web import second_factor as sf

from .conftest import PASSWORD, PLANTED
from .test_browser import CHROMIUM, LAUNCH_ARGS, SHOTS, _need_chromium, server  # noqa: F401  (server: a fixture)

AUTHENTICATOR = {"protocol": "ctap2", "transport": "usb", "hasResidentKey": True, "hasUserVerification": True,
                 "isUserVerified": True, "automaticPresenceSimulation": True}


@pytest.fixture
def browser(server):  # noqa: F811
    """A Chromium context on http://localhost:PORT (WebAuthn needs a secure context; localhost is one)."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    base = server.replace("127.0.0.1", "localhost")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        contexts = []

        def new_page(width: int = 1280):
            context = chromium.new_context(base_url=base, viewport={"width": width, "height": 900})
            contexts.append(context)
            page = context.new_page()
            outside = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base, "data:")) else None)
            page.outside = outside
            return page
        yield new_page
        for context in contexts:
            for page in context.pages:
                assert page.outside == [], f"the page asked for something off the server: {page.outside}"
            context.close()
        chromium.close()


def _authenticator(page) -> tuple[object, str]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return cdp, added["authenticatorId"]


def _password(page, name: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def _key_count(case, name: str) -> int:
    with case.session() as session:
        return len(session.scalars(select(models.WebauthnCredential.id).join(
            models.User, models.User.id == models.WebauthnCredential.user_id).where(models.User.name == name)).all())


def test_a_security_key_registers_signs_in_and_reauthenticates(browser, case, seeded):
    page = browser()
    cdp, authenticator = _authenticator(page)
    _password(page, "analyst")                    # no second factor yet: the password signs in
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/me/security")
    page.fill("#key-name", "blue key")
    page.click("#add-key-button")
    page.wait_for_selector("#keys td:text('blue key')")
    assert _key_count(case, "analyst") == 1
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1

    page.click("#logout")
    _password(page, "analyst")
    page.wait_for_url(re.compile(r"/login/second-factor"))
    assert page.locator("#logout").count() == 0           # the password alone did not sign in
    page.click("#use-key")
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("#logout").count() == 1

    with case.session() as session:                      # step away: the re-authentication ages
        session.execute(update(models.ReauthMark).values(at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)))
        session.commit()
    person = seeded["protected_person"]
    page.goto(f"/persons/{person}")
    page.wait_for_url(re.compile(r"/reauth\?next="))
    assert PLANTED not in page.content()
    page.click("#use-key")
    page.wait_for_url(re.compile(rf"/persons/{person}$"))
    assert PLANTED in page.content()

    # a second key (another authenticator), both listed by name; the first removed
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    page.goto("/me/security")
    page.fill("#key-name", "spare key")
    page.click("#add-key-button")
    page.wait_for_selector("#keys td:text('spare key')")
    assert _key_count(case, "analyst") == 2 and page.locator("#keys td:text('blue key')").count() == 1
    page.locator("#keys tr:has(td:text('blue key')) button").click()
    page.wait_for_url(re.compile(r"/me/security$"))
    assert _key_count(case, "analyst") == 1 and page.locator("#keys td:text('blue key')").count() == 0
    page.click("#logout")
    _password(page, "analyst")
    page.wait_for_url(re.compile(r"/login/second-factor"))
    page.click("#use-key")                               # the spare key signs in
    page.wait_for_url(re.compile(r"/$"))
    with case.session() as session:
        actions = session.scalars(select(models.AuditEntry.action).where(
            models.AuditEntry.action.in_(["2fa_enrol", "2fa_ok", "2fa_remove", "reauth"]))).all()
    assert sorted(actions) == ["2fa_enrol", "2fa_enrol", "2fa_ok", "2fa_ok", "2fa_ok", "2fa_remove", "reauth"]


def test_a_key_the_server_does_not_know_is_refused(browser, case):
    page = browser()
    cdp, authenticator = _authenticator(page)
    _password(page, "reviewer")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/me/security")
    page.fill("#key-name", "old key")
    page.click("#add-key-button")
    page.wait_for_selector("#keys td:text('old key')")
    page.click("#logout")
    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})     # another key, never registered
    _password(page, "reviewer")
    page.wait_for_url(re.compile(r"/login/second-factor"))
    page.click("#use-key")
    page.wait_for_selector("#key-error:not([hidden])")
    assert "/login/second-factor" in page.url and page.locator("#logout").count() == 0


def test_the_enrolment_the_policy_requires_can_be_a_security_key(browser, case):
    sf.set_policy(case, "everyone", 5, "admin")
    page = browser()
    _authenticator(page)
    _password(page, "viewer")
    page.wait_for_url(re.compile(r"/login/enrol"))
    assert page.locator("#logout").count() == 0
    page.fill("#key-name", "work key")
    page.click("#add-key-button")
    page.wait_for_url(re.compile(r"/me/security$"))
    assert page.locator("#logout").count() == 1 and page.locator("#no-codes").count() == 1
    assert _key_count(case, "viewer") == 1
    page.click("#new-codes")
    page.wait_for_selector("#recovery-codes")
    page.goto("/me/security")
    assert page.locator("#no-codes").count() == 0
    page.click("#logout")
    _password(page, "viewer")
    page.wait_for_url(re.compile(r"/login/second-factor"))
    page.click("#use-key")
    page.wait_for_url(re.compile(r"/$"))


def test_account_security_pages_at_desktop_and_phone_width(browser, case):
    """Shots of the sign-in's second step, enrolment, recovery codes, the account page, the
    re-authentication page and the policy page, en and fa, 1280 and 390 px."""
    sf.set_policy(case, "protected", 5, "admin")
    for lang in ("en", "fa"):
        with case.session() as session:
            session.execute(update(models.User).values(lang=lang))
            session.commit()
        for width in (1280, 390):
            tag = f"{lang}-{width}"
            uri, _codes = sf.reset_by_admin(case, "analyst")     # a new secret a round: no code is reused
            totp = pyotp.TOTP(re.search(r"secret=([A-Z2-7]+)", uri).group(1))
            page = browser(width)
            _password(page, "analyst")
            page.wait_for_url(re.compile(r"/login/second-factor"))
            page.screenshot(path=str(SHOTS / f"2fa-step-{tag}.png"), full_page=True)
            auth.unlock_user(case, "analyst")
            page.fill("#code", totp.now())
            page.click("#code-form button")
            page.wait_for_url(re.compile(r"/$"))
            page.goto("/me/security")
            page.screenshot(path=str(SHOTS / f"2fa-account-{tag}.png"), full_page=True)
            page.goto("/reauth?next=/")
            page.screenshot(path=str(SHOTS / f"2fa-reauth-{tag}.png"), full_page=True)

            enrol = browser(width)                 # the reviewer must enrol first: the policy says so
            _password(enrol, "reviewer")
            enrol.wait_for_url(re.compile(r"/login/enrol"))
            enrol.screenshot(path=str(SHOTS / f"2fa-enrol-{tag}.png"), full_page=True)
            secret = enrol.locator("#secret").inner_text().replace(" ", "")
            enrol.fill("#code", pyotp.TOTP(secret).now())
            enrol.click("#code-form button")
            enrol.wait_for_selector("#recovery-codes")
            enrol.screenshot(path=str(SHOTS / f"2fa-codes-{tag}.png"), full_page=True)
            with case.session() as session:          # back to no second factor for the next round
                reviewer = session.scalar(select(models.User.id).where(models.User.name == "reviewer"))
                session.query(models.UserTotp).filter_by(user_id=reviewer).delete()
                session.query(models.RecoveryCode).filter_by(user_id=reviewer).delete()
                session.commit()

            admin = browser(width)
            _password(admin, "admin")
            admin.wait_for_url(re.compile(r"/login/enrol"))     # the admin too: enrol, then the policy page
            secret = admin.locator("#secret").inner_text().replace(" ", "")
            admin.fill("#code", pyotp.TOTP(secret).now())
            admin.click("#code-form button")
            admin.wait_for_selector("#recovery-codes")
            admin.goto("/admin/security")
            admin.screenshot(path=str(SHOTS / f"2fa-policy-{tag}.png"), full_page=True)
            with case.session() as session:
                admin_id = session.scalar(select(models.User.id).where(models.User.name == "admin"))
                session.query(models.UserTotp).filter_by(user_id=admin_id).delete()
                session.query(models.RecoveryCode).filter_by(user_id=admin_id).delete()
                session.commit()
            assert "dir=\"rtl\"" in page.content() if lang == "fa" else "dir=\"ltr\"" in page.content()
