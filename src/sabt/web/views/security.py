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
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from sabt.web import auth, csrf, pending, reauth
from sabt.web import second_factor as sf
from sabt.web.deps import CaseDep, CurrentActor
from sabt.web.reauth import RECENT_REAUTH
from sabt.web.views.data import Refused

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
    session_id, _csrf = request.app.state.sessions.create(user_id)
    reauth.mark(case, session_id)
    response.set_cookie(auth.SESSION_COOKIE, session_id, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, max_age=auth.SESSION_MAX, path="/")
    response.delete_cookie(pending.COOKIE, path="/login")
    return response


def _halfway(request: Request, case, purpose: str) -> pending.Pending | None:
    found = pending.get(case, request.cookies.get(pending.COOKIE))
    return found if found is not None and found.purpose == purpose else None


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
