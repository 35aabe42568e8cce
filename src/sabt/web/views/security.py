"""Account security pages: the second step of a sign-in, enrolment, a user's own second
factors, re-authentication, and the administrator's policy.

The second step and the enrolment an administrator requires run on a halfway sign-in
(:mod:`sabt.web.pending`): no session exists until they are done, so a user who must enrol can
do nothing else. Code failures count against the same rate limit as wrong passwords.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import segno
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from sabt.web import auth, csrf, pending, reauth
from sabt.web import second_factor as sf
from sabt.web import webauthn_keys as keys
from sabt.web.deps import CaseDep, CurrentActor
from sabt.web.reauth import RECENT_REAUTH
from sabt.web.views.data import NotFound, Refused

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
CODE = Annotated[str, Form(max_length=100)]


def _render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    from sabt.web.views.pages import render
    return render(request, template, status=status, **context)


def _safe_next(target: str | None) -> str:
    from sabt.web.views.pages import _safe_next as safe
    return safe(target)


def _client_keys(request: Request, name: str) -> tuple[str, str]:
    client = request.client.host if request.client else "unknown"
    return auth.login_key(name), "ip:" + client


def qr_data_uri(uri: str) -> str:
    """The QR code of an ``otpauth://`` URI as an SVG data URI, drawn here (no outside service)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _secret_text(uri: str) -> str:
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _enrol_context(uri: str) -> dict:
    return {"qr": qr_data_uri(uri), "secret_text": _secret_text(uri)}


# -- the second step of a sign-in -----------------------------------------------------------------
def halfway_sign_in(request: Request, case, user, next_page: str) -> Response | None:
    """After a right password: ``None`` when the user is signed in by it alone; else the
    redirect to the second step (a user with a second factor) or to enrolment (a user the
    policy requires to have one), with the halfway sign-in's cookie."""
    if sf.has_second_factor(case, user.id):
        purpose, page = "verify", "/login/second-factor"
    elif sf.policy(case).applies_to(user.role):
        purpose, page = "enrol", "/login/enrol"
    else:
        return None
    cookie = pending.start(case, user.id, purpose, _safe_next(next_page))
    response = RedirectResponse(f"{page}?lang={user.lang or 'en'}", status_code=303)
    response.set_cookie(pending.COOKIE, cookie, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, max_age=pending.LIFETIME, path="/login")
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/login")
    return response


def finish_sign_in(request: Request, case, user_id: int, response: Response) -> Response:
    """Open the session (its identity just proved: a fresh re-authentication) on ``response``."""
    client = request.client.host if request.client else "unknown"
    session_id, _csrf = request.app.state.sessions.create(user_id, request.headers.get("user-agent"), client)
    reauth.mark(case, session_id)
    response.set_cookie(auth.SESSION_COOKIE, session_id, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, max_age=auth.SESSION_MAX, path="/")
    response.delete_cookie(pending.COOKIE, path="/login")
    return response


def _halfway(request: Request, case, purpose: str) -> pending.Pending | None:
    found = pending.get(case, request.cookies.get(pending.COOKIE))
    if found is None or found.purpose != purpose:
        return None
    request.state.lang = found.lang          # its pages speak the user's language
    return found


def _back_to_login() -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(pending.COOKIE, path="/login")
    return response


def _verify_page(request: Request, case, halfway: pending.Pending, status: int = 200, error: str | None = None):
    return _render(request, "second_factor.html", status=status, mode="verify", form_csrf=halfway.csrf,
                   has_keys=bool(sf.status(case, halfway.user_id)["keys"]), error=error)


@router.get("/login/second-factor")
def second_factor_page(request: Request, case: CaseDep):
    halfway = _halfway(request, case, "verify")
    return _verify_page(request, case, halfway) if halfway else _back_to_login()


@router.post("/login/second-factor")
def second_factor_check(request: Request, case: CaseDep, code: CODE = "", csrf_token: CODE = ""):
    halfway = _halfway(request, case, "verify")
    if halfway is None:
        return _back_to_login()
    if not csrf.tokens_match(halfway.csrf, csrf_token):
        return _verify_page(request, case, halfway, 403, "login_csrf")
    limiter, keys = request.app.state.limiter, _client_keys(request, halfway.name)
    if limiter.blocked(*keys):
        return _verify_page(request, case, halfway, 429, "login_blocked")
    if not code.strip():
        return _verify_page(request, case, halfway, 422, "code_missing")
    factor = sf.verify_code(case, halfway.user_id, code, halfway.name, "sign-in")
    if factor is None:
        limiter.failed(*keys)
        return _verify_page(request, case, halfway, 401, "code_wrong")
    limiter.succeeded(keys[0])
    pending.end(case, halfway.digest)
    return finish_sign_in(request, case, halfway.user_id, RedirectResponse(halfway.next, status_code=303))


# -- enrolment the policy requires, before any session -----------------------------------------
@router.get("/login/enrol")
def required_enrolment_page(request: Request, case: CaseDep):
    halfway = _halfway(request, case, "enrol")
    if halfway is None:
        return _back_to_login()
    uri = sf.enrolment_uri(case, halfway.user_id, halfway.name)
    return _render(request, "second_factor.html", mode="enrol", action="/login/enrol", form_csrf=halfway.csrf,
                   required=True, error=None, **_enrol_context(uri))


@router.post("/login/enrol")
def required_enrolment_confirm(request: Request, case: CaseDep, code: CODE = "", csrf_token: CODE = ""):
    halfway = _halfway(request, case, "enrol")
    if halfway is None:
        return _back_to_login()
    limiter, keys = request.app.state.limiter, _client_keys(request, halfway.name)
    uri = sf.enrolment_uri(case, halfway.user_id, halfway.name)

    def again(status: int, error: str):
        return _render(request, "second_factor.html", status=status, mode="enrol", action="/login/enrol",
                       form_csrf=halfway.csrf, required=True, error=error, **_enrol_context(uri))
    if not csrf.tokens_match(halfway.csrf, csrf_token):
        return again(403, "login_csrf")
    if limiter.blocked(*keys):
        return again(429, "login_blocked")
    if not code.strip():
        return again(422, "code_missing")
    codes = sf.confirm_totp(case, halfway.user_id, code, halfway.name)
    if codes is None:
        limiter.failed(*keys)
        return again(401, "code_wrong")
    limiter.succeeded(keys[0])
    pending.end(case, halfway.digest)
    page = _render(request, "second_factor.html", mode="codes", codes=codes, next=halfway.next)
    return finish_sign_in(request, case, halfway.user_id, page)


# -- a signed-in user's own second factors ---------------------------------------------------------
@router.get("/me/security")
def account_security_page(request: Request, case: CaseDep, actor: CurrentActor):
    return _render(request, "account_security.html", state=sf.status(case, actor.user_id),
                   policy=sf.policy(case), required=sf.policy(case).applies_to(actor.role))


@router.get("/me/security/totp", dependencies=[RECENT_REAUTH])
def own_enrolment_page(request: Request, case: CaseDep, actor: CurrentActor):
    uri = sf.enrolment_uri(case, actor.user_id, actor.name)
    return _render(request, "second_factor.html", mode="enrol", action="/me/security/totp", form_csrf=None,
                   required=False, error=None, **_enrol_context(uri))


@router.post("/me/security/totp", dependencies=[RECENT_REAUTH])
def own_enrolment_confirm(request: Request, case: CaseDep, actor: CurrentActor, code: CODE = ""):
    limiter, keys = request.app.state.limiter, _client_keys(request, actor.name)
    if limiter.blocked(*keys):
        raise Refused("too many wrong codes; wait 15 minutes")
    if not code.strip():
        return RedirectResponse("/me/security/totp", status_code=303)
    codes = sf.confirm_totp(case, actor.user_id, code, actor.name)
    if codes is None:
        limiter.failed(*keys)
        uri = sf.enrolment_uri(case, actor.user_id, actor.name)
        return _render(request, "second_factor.html", status=401, mode="enrol", action="/me/security/totp",
                       form_csrf=None, required=False, error="code_wrong", **_enrol_context(uri))
    reauth.mark_request(request)
    return _render(request, "second_factor.html", mode="codes", codes=codes, next="/me/security")


def _refuse_last_factor_if_required(case, actor) -> None:
    state = sf.status(case, actor.user_id)
    if sf.policy(case).applies_to(actor.role) and int(state["totp"]) + len(state["keys"]) <= 1:
        raise Refused("the administrator requires a second factor for your role: add another before removing this one")


@router.post("/me/security/totp/remove", dependencies=[RECENT_REAUTH])
def own_totp_remove(request: Request, case: CaseDep, actor: CurrentActor):
    _refuse_last_factor_if_required(case, actor)
    sf.remove_totp(case, actor.user_id, actor.name)
    return RedirectResponse("/me/security", status_code=303)


@router.post("/me/security/recovery", dependencies=[RECENT_REAUTH])
def own_recovery_codes(request: Request, case: CaseDep, actor: CurrentActor):
    codes = sf.new_recovery_codes(case, actor.user_id, actor.name)
    return _render(request, "second_factor.html", mode="codes", codes=codes, next="/me/security")


# -- re-authentication ---------------------------------------------------------------------------
def _reauth_page(request: Request, case, actor, next_page: str, status: int = 200, error: str | None = None):
    state = sf.status(case, actor.user_id)
    return _render(request, "second_factor.html", status=status, mode="reauth", next=_safe_next(next_page),
                   with_code=state["totp"] or bool(state["keys"]), has_keys=bool(state["keys"]),
                   minutes=sf.policy(case).reauth_minutes, error=error, form_csrf=None)


def prove_again(request: Request, case, actor, code: str, password: str) -> str | None:
    """Check a re-authentication: the second factor for a user with one, else the password.
    Marks the session and returns the factor, or ``None`` (counted by the rate limit)."""
    limiter, keys = request.app.state.limiter, _client_keys(request, actor.name)
    if limiter.blocked(*keys):
        return "blocked"
    if not code.strip() and not password:
        return "empty"          # nothing was tried: not a failure to count
    if sf.has_second_factor(case, actor.user_id):
        factor = sf.verify_code(case, actor.user_id, code, actor.name, "re-authentication")
    else:
        factor = "password" if auth.authenticate(case, actor.name, password) is not None else None
        with case.session() as session:
            sf.audit(session, actor.name, "reauth_password" if factor else "reauth_failure", actor.user_id,
                     {"name": actor.name})
            session.commit()
    if factor is None:
        limiter.failed(*keys)
        return None
    limiter.succeeded(keys[0])
    reauth.mark_request(request)
    with case.session() as session:
        sf.audit(session, actor.name, "reauth", actor.user_id, {"name": actor.name, "factor": factor})
        session.commit()
    return factor


@router.get("/reauth")
def reauth_page(request: Request, case: CaseDep, actor: CurrentActor,
                next: Annotated[str | None, Query(max_length=500)] = None):
    if actor.via != "session":
        raise Refused("re-authentication is for signed-in sessions; an API token needs none")
    return _reauth_page(request, case, actor, next or "/")


@router.post("/reauth")
def reauth_check(request: Request, case: CaseDep, actor: CurrentActor, code: CODE = "",
                 password: Annotated[str, Form(max_length=1000)] = "", next: Annotated[str, Form(max_length=500)] = "/"):
    if actor.via != "session":
        raise Refused("re-authentication is for signed-in sessions; an API token needs none")
    factor = prove_again(request, case, actor, code, password)
    if factor == "blocked":
        return _reauth_page(request, case, actor, next, 429, "login_blocked")
    if factor == "empty":
        return _reauth_page(request, case, actor, next, 422, "code_missing")
    if factor is None:
        return _reauth_page(request, case, actor, next, 401, "code_wrong")
    return RedirectResponse(_safe_next(next), status_code=303)


class ReauthIn(BaseModel):
    code: str = Field("", max_length=100)
    password: str = Field("", max_length=1000)


@router.post("/api/reauth", status_code=204)
def reauth_api(request: Request, case: CaseDep, actor: CurrentActor, body: ReauthIn):
    """Re-authenticate a signed-in session for the JSON API (its cookie and CSRF header)."""
    if actor.via != "session":
        return JSONResponse({"detail": "an API token needs no re-authentication"}, status_code=400)
    factor = prove_again(request, case, actor, body.code, body.password)
    if factor in (None, "blocked", "empty"):
        status, detail = {None: (401, "wrong or used code or password"), "blocked": (429, "too many failures"),
                          "empty": (422, "send a code or a password")}[factor]
        return JSONResponse({"detail": detail}, status_code=status)
    return Response(status_code=204)


# -- the administrator's policy ----------------------------------------------------------------------
def _policy_page(request: Request, case, signed_out: list[str] | None = None):
    users = [{**u, **sf.status(case, u["id"])} for u in auth.list_users(case)]
    current = sf.policy(case)
    return _render(request, "admin_security.html", policy=current, choices=sf.REQUIRE, users=users,
                   missing=[u["name"] for u in users if current.applies_to(u["role"]) and not (u["totp"] or u["keys"])],
                   signed_out=signed_out)


@router.get("/admin/security")
def admin_security_page(request: Request, case: CaseDep, actor: CurrentActor):
    return _policy_page(request, case)


@router.post("/admin/security", dependencies=[RECENT_REAUTH])
def admin_security_save(request: Request, case: CaseDep, actor: CurrentActor,
                        require: Annotated[str, Form(max_length=20)],
                        reauth_minutes: Annotated[int, Form(ge=1, le=240)] = 5):
    signed_out = sf.set_policy(case, require, reauth_minutes, actor.name)
    return _policy_page(request, case, signed_out)


# -- security keys and passkeys (WebAuthn) -----------------------------------------------------------
def _relying_party(request: Request) -> tuple[str, str]:
    """(RP id, expected origin): the host the page was served from."""
    return request.url.hostname or "localhost", f"{request.url.scheme}://{request.url.netloc}"


def _json_options(options: str) -> Response:
    return Response(options, media_type="application/json")


class KeyIn(BaseModel):
    name: str = Field("", max_length=100)
    credential: dict


class AssertionIn(BaseModel):
    credential: dict
    next: str = Field("/", max_length=500)


@router.post("/me/security/keys/options", dependencies=[RECENT_REAUTH])
def key_registration_options(request: Request, case: CaseDep, actor: CurrentActor):
    rp_id, _origin = _relying_party(request)
    options, challenge = keys.registration_options(case, actor.user_id, actor.name, rp_id)
    reauth.set_challenge(request, challenge)
    return _json_options(options)


@router.post("/me/security/keys", dependencies=[RECENT_REAUTH])
def key_register(request: Request, case: CaseDep, actor: CurrentActor, body: KeyIn):
    rp_id, origin = _relying_party(request)
    key_id = keys.register(case, actor.user_id, body.name, body.credential, reauth.take_challenge(request), rp_id,
                           origin, actor.name)
    return JSONResponse({"id": key_id, "next": "/me/security"})


@router.post("/me/security/keys/{key_id}/remove", dependencies=[RECENT_REAUTH])
def key_remove(request: Request, case: CaseDep, actor: CurrentActor, key_id: Annotated[int, Path(ge=1, le=2**31)]):
    _refuse_last_factor_if_required(case, actor)
    if not keys.remove(case, actor.user_id, key_id, actor.name):
        raise NotFound(f"no security key {key_id} of yours")
    return RedirectResponse("/me/security", status_code=303)


def _halfway_json(request: Request, case, purpose: str = "verify") -> pending.Pending:
    halfway = _halfway(request, case, purpose)
    if halfway is None or not csrf.tokens_match(halfway.csrf, request.headers.get(csrf.HEADER)):
        raise Refused("this sign-in expired; start again")
    return halfway


@router.post("/login/webauthn/options")
def login_key_options(request: Request, case: CaseDep):
    halfway = _halfway_json(request, case)
    if request.app.state.limiter.blocked(*_client_keys(request, halfway.name)):
        return JSONResponse({"detail": "too many failures; wait 15 minutes"}, status_code=429)
    options, challenge = keys.authentication_options(case, halfway.user_id, _relying_party(request)[0])
    pending.set_challenge(case, halfway.digest, challenge)
    return _json_options(options)


@router.post("/login/webauthn/verify")
def login_key_verify(request: Request, case: CaseDep, body: AssertionIn):
    halfway = _halfway_json(request, case)
    limiter, client_keys = request.app.state.limiter, _client_keys(request, halfway.name)
    if limiter.blocked(*client_keys):
        return JSONResponse({"detail": "too many failures; wait 15 minutes"}, status_code=429)
    pending.set_challenge(case, halfway.digest, None)          # a challenge answers once
    rp_id, origin = _relying_party(request)
    if not keys.authenticate(case, halfway.user_id, body.credential, halfway.challenge, rp_id, origin,
                             halfway.name, "sign-in"):
        limiter.failed(*client_keys)
        return JSONResponse({"detail": "the security key was refused"}, status_code=401)
    limiter.succeeded(client_keys[0])
    pending.end(case, halfway.digest)
    return finish_sign_in(request, case, halfway.user_id, JSONResponse({"next": halfway.next}))


@router.post("/login/webauthn/register/options")
def enrolment_key_options(request: Request, case: CaseDep):
    """The enrolment the policy requires, with a security key instead of an authenticator app."""
    halfway = _halfway_json(request, case, "enrol")
    options, challenge = keys.registration_options(case, halfway.user_id, halfway.name, _relying_party(request)[0])
    pending.set_challenge(case, halfway.digest, challenge)
    return _json_options(options)


@router.post("/login/webauthn/register")
def enrolment_key_register(request: Request, case: CaseDep, body: KeyIn):
    halfway = _halfway_json(request, case, "enrol")
    pending.set_challenge(case, halfway.digest, None)
    rp_id, origin = _relying_party(request)
    keys.register(case, halfway.user_id, body.name, body.credential, halfway.challenge, rp_id, origin, halfway.name)
    pending.end(case, halfway.digest)
    # the account page then asks for recovery codes (made there, shown once)
    return finish_sign_in(request, case, halfway.user_id, JSONResponse({"next": "/me/security"}))


@router.post("/reauth/webauthn/options")
def reauth_key_options(request: Request, case: CaseDep, actor: CurrentActor):
    options, challenge = keys.authentication_options(case, actor.user_id, _relying_party(request)[0])
    reauth.set_challenge(request, challenge)
    return _json_options(options)


@router.post("/reauth/webauthn/verify")
def reauth_key_verify(request: Request, case: CaseDep, actor: CurrentActor, body: AssertionIn):
    limiter, client_keys = request.app.state.limiter, _client_keys(request, actor.name)
    if limiter.blocked(*client_keys):
        return JSONResponse({"detail": "too many failures; wait 15 minutes"}, status_code=429)
    rp_id, origin = _relying_party(request)
    if not keys.authenticate(case, actor.user_id, body.credential, reauth.take_challenge(request), rp_id, origin,
                             actor.name, "re-authentication"):
        limiter.failed(*client_keys)
        return JSONResponse({"detail": "the security key was refused"}, status_code=401)
    limiter.succeeded(client_keys[0])
    reauth.mark_request(request)
    with case.session() as session:
        sf.audit(session, actor.name, "reauth", actor.user_id, {"name": actor.name, "factor": "webauthn"})
        session.commit()
    return JSONResponse({"next": _safe_next(body.next)})
