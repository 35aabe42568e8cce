"""Issue 15, findings 8 and 9: an account's life (re-enable, change password, admin reset shown
once, admin unlock) and a login limit that an admin can lift and a forged X-Forwarded-For
cannot steer."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from sabt.web import auth

from .conftest import PASSWORD, csrf_of, login


def _user_id(case, name: str) -> int:
    return next(u["id"] for u in auth.list_users(case) if u["name"] == name)


def _fresh(app) -> TestClient:
    return TestClient(app, follow_redirects=False)


def test_a_disabled_user_can_be_enabled_again(app, case, browser_session):
    admin = browser_session("admin")
    user_id = _user_id(case, "viewer")
    assert admin.post(f"/users/{user_id}/disable", data={"csrf_token": csrf_of(admin, "/users")}).status_code == 303
    assert login(_fresh(app), "viewer").status_code == 401
    assert admin.post(f"/users/{user_id}/enable", data={"csrf_token": csrf_of(admin, "/users")}).status_code == 303
    assert login(_fresh(app), "viewer").status_code == 303


def test_a_user_changes_their_own_password(app, browser_session):
    viewer = browser_session("viewer")
    token = csrf_of(viewer)
    wrong = viewer.post("/me/password", data={"current": "not my password", "new": "a brand new passphrase",
                                              "csrf_token": token})
    assert wrong.status_code == 400 and "password is wrong" in wrong.text
    done = viewer.post("/me/password", data={"current": PASSWORD, "new": "a brand new passphrase", "csrf_token": token})
    assert done.status_code == 303
    assert login(_fresh(app), "viewer").status_code == 401
    assert login(_fresh(app), "viewer", "a brand new passphrase").status_code == 303


def test_an_admin_reset_shows_a_new_password_once(app, case, browser_session):
    admin = browser_session("admin")
    page = admin.post(f"/users/{_user_id(case, 'analyst')}/reset", data={"csrf_token": csrf_of(admin, "/users")})
    assert page.status_code == 200
    secret = re.search(r"<code>([^<]+)</code>", page.text).group(1)
    assert secret not in admin.get("/users").text                        # shown once
    assert login(_fresh(app), "analyst").status_code == 401
    assert login(_fresh(app), "analyst", secret).status_code == 303


def test_a_locked_user_name_is_unlocked_by_an_admin(app, case, browser_session):
    admin = browser_session("admin")
    for _ in range(auth.MAX_FAILURES):
        assert login(_fresh(app), "reviewer", "wrong password!").status_code == 401
    assert login(_fresh(app), "reviewer").status_code == 429           # locked, even with the right password
    elsewhere = TestClient(app, follow_redirects=False, client=("10.0.0.9", 50000))
    assert login(elsewhere, "reviewer").status_code == 429            # the name is locked from any address
    admin.post(f"/users/{_user_id(case, 'reviewer')}/unlock", data={"csrf_token": csrf_of(admin, "/users")})
    # unlocked; the address the failures came from stays limited until its window passes
    assert login(TestClient(app, follow_redirects=False, client=("10.0.0.9", 50001)), "reviewer").status_code == 303
    assert login(_fresh(app), "reviewer").status_code == 429


def test_a_forwarded_address_is_believed_only_from_a_named_proxy():
    import uvicorn
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from sabt.cli.serve import server_options

    async def bare(scope, receive, send):
        pass

    def loaded(options):
        config = uvicorn.Config(bare, **options)
        config.load()
        return config.loaded_app

    def wraps_proxy(app) -> bool:
        while app is not None:
            if isinstance(app, ProxyHeadersMiddleware):
                return True
            app = getattr(app, "app", None)
        return False
    assert not wraps_proxy(loaded(server_options("127.0.0.1", 8000)))
    assert wraps_proxy(loaded(server_options("127.0.0.1", 8000, "10.0.0.2")))
