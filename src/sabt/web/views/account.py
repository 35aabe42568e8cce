"""Account pages: your password, your sessions, your API tokens, your account's events; and an
administrator's view of a user's sessions and tokens and the case's account-security policy.

Routes here are ``account`` (every role, for themself) or ``account_admin`` actions, both
browser-only (:data:`sabt.web.permissions.BROWSER_ONLY`): an API token cannot manage accounts.
The functions that do the work live in :mod:`sabt.web.sessions`, :mod:`sabt.web.tokens`,
:mod:`sabt.web.passwords` and :mod:`sabt.web.policy`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from sabt.store import models
from sabt.web import auth, sessions, tokens
from sabt.web import policy as policies
from sabt.web.deps import CaseDep, CurrentActor
from sabt.web.i18n import Translator
from sabt.web.passwords import PasswordRefused
from sabt.web.reauth import RECENT_REAUTH, session_digest
from sabt.web.schemas import MAX_ID
from sabt.web.views.pages import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
Handle = Annotated[str, Path(pattern=r"^[0-9a-f]{20}$")]
#: what of an audit entry's detail the events page shows (never a password, a digest or an address)
SHOWN_DETAIL = ("token", "scope", "days", "sessions", "sessions_ended", "agent", "reason", "role")
EVENTS_SHOWN = 200


def _user(case, user_id: int) -> dict:
    return {"id": user_id, "name": auth.user_name(case, user_id)}


# -- password ------------------------------------------------------------------------------------
@router.get("/me/password")
def password_page(request: Request, case: CaseDep, changed: Annotated[bool, Query()] = False):
    return render(request, "account_password.html", policy=policies.load(case), error=None, done=changed)


@router.post("/me/password")
def change_password_page(request: Request, case: CaseDep, actor: CurrentActor,
                         current: Annotated[str, Form(max_length=1000)], new: Annotated[str, Form(max_length=1000)],
                         repeat: Annotated[str | None, Form(max_length=1000)] = None):
    t = Translator(actor.lang)
    if repeat is not None and repeat != new:
        error = t("password_policy.mismatch")
    else:
        try:
            auth.change_password(case, actor.name, current, new, keep_session=session_digest(request))
            return RedirectResponse("/me/password?changed=1", status_code=303)
        except PasswordRefused as refused:
            error = refused.say(actor.lang)
        except auth.AuthError:
            error = t("password_wrong")
    return render(request, "account_password.html", status=400, policy=policies.load(case), error=error, done=False)


# -- sessions ------------------------------------------------------------------------------------
def _sessions_page(request: Request, case, owner: dict, own: bool) -> HTMLResponse:
    found = sessions.list_sessions(case, owner["id"], session_digest(request) if own else None)
    return render(request, "account_sessions.html", owner=owner, own=own, sessions=found,
                  base="/me" if own else f"/users/{owner['id']}",
                  single_session=policies.load(case).single_session)


@router.get("/me/sessions")
def my_sessions(request: Request, case: CaseDep, actor: CurrentActor):
    return _sessions_page(request, case, {"id": actor.user_id, "name": actor.name}, own=True)


@router.post("/me/sessions/{handle}/revoke")
def revoke_my_session(request: Request, case: CaseDep, actor: CurrentActor, handle: Handle):
    sessions.revoke(case, actor.user_id, handle, actor.name)
    return RedirectResponse("/me/sessions", status_code=303)


@router.post("/me/signout-everywhere")
def sign_out_everywhere(request: Request, case: CaseDep, actor: CurrentActor):
    """Every session of the user ends, this one too: back to the sign-in page."""
    sessions.end_all(case, actor.user_id, actor.name)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.get("/users/{user_id}/sessions")
def user_sessions(request: Request, case: CaseDep, user_id: RowId):
    return _sessions_page(request, case, _user(case, user_id), own=False)


@router.post("/users/{user_id}/sessions/{handle}/revoke")
def revoke_user_session(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId, handle: Handle):
    _user(case, user_id)
    sessions.revoke(case, user_id, handle, actor.name)
    return RedirectResponse(f"/users/{user_id}/sessions", status_code=303)


@router.post("/users/{user_id}/signout")
def sign_user_out(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId):
    _user(case, user_id)
    sessions.end_all(case, user_id, actor.name, keep=session_digest(request))   # the admin's own stays
    return RedirectResponse(f"/users/{user_id}/sessions", status_code=303)


# -- API tokens ----------------------------------------------------------------------------------
def _tokens_page(request: Request, case, owner: dict, own: bool, new_token: str | None = None,
                 status: int = 200) -> HTMLResponse:
    with case.session() as session:
        role = session.scalar(select(models.User.role).where(models.User.id == owner["id"]))
    return render(request, "account_tokens.html", status=status, owner=owner, own=own,
                  tokens=tokens.list_tokens(case, owner["id"]), scopes=tokens.scopes_for(role),
                  policy=policies.load(case), new_token=new_token,
                  base="/me" if own else f"/users/{owner['id']}",
                  create_action="/me/tokens" if own else f"/users/{owner['id']}/token")


TokenName = Annotated[str, Form(max_length=100)]
TokenScope = Annotated[str | None, Form(max_length=20)]
TokenDays = Annotated[int | None, Form(ge=1, le=3650)]


def _create_token(request: Request, case, owner: dict, own: bool, actor, label: str, scope, days) -> HTMLResponse:
    token, _ = tokens.create(case, owner["name"], label=label, scope=scope, days=days, actor=actor.name)
    return _tokens_page(request, case, owner, own, new_token=token)


@router.get("/me/tokens")
def my_tokens(request: Request, case: CaseDep, actor: CurrentActor):
    return _tokens_page(request, case, {"id": actor.user_id, "name": actor.name}, own=True)


@router.post("/me/tokens", dependencies=[RECENT_REAUTH])   # a token needs a fresh second factor
def create_my_token(request: Request, case: CaseDep, actor: CurrentActor, name: TokenName = "",
                    scope: TokenScope = None, days: TokenDays = None):
    return _create_token(request, case, {"id": actor.user_id, "name": actor.name}, True, actor, name, scope, days)


@router.post("/me/tokens/{token_id}/revoke")
def revoke_my_token(request: Request, case: CaseDep, actor: CurrentActor, token_id: RowId):
    tokens.revoke(case, actor.user_id, token_id, actor.name)
    return RedirectResponse("/me/tokens", status_code=303)


@router.get("/users/{user_id}/tokens")
def user_tokens(request: Request, case: CaseDep, user_id: RowId):
    return _tokens_page(request, case, _user(case, user_id), own=False)


@router.post("/users/{user_id}/token", dependencies=[RECENT_REAUTH])
def issue_user_token(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId, name: TokenName = "",
                     scope: TokenScope = None, days: TokenDays = None):
    """An administrator creates a token for a user (shown once, on that user's tokens page)."""
    return _create_token(request, case, _user(case, user_id), False, actor, name, scope, days)


@router.post("/users/{user_id}/tokens/{token_id}/revoke")
def revoke_user_token(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId, token_id: RowId):
    _user(case, user_id)
    tokens.revoke(case, user_id, token_id, actor.name)
    return RedirectResponse(f"/users/{user_id}/tokens", status_code=303)


# -- your account's events -------------------------------------------------------------------------
def account_events(case, user_id: int, limit: int = EVENTS_SHOWN) -> list[dict]:
    """The audit log's entries about this user's account (whoever made them), newest first;
    no entry about anyone else, and of each detail only :data:`SHOWN_DETAIL`."""
    with case.session() as session:
        rows = session.scalars(select(models.AuditEntry).where(models.AuditEntry.subject_table == "users")
                               .where(models.AuditEntry.subject_id == str(user_id))
                               .order_by(models.AuditEntry.id.desc()).limit(limit)).all()
        return [{"at": r.at, "actor": r.actor, "action": r.action,
                 "detail": {k: v for k, v in (r.detail or {}).items() if k in SHOWN_DETAIL}} for r in rows]


@router.get("/me/activity")
def my_activity(request: Request, case: CaseDep, actor: CurrentActor):
    return render(request, "account_activity.html", events=account_events(case, actor.user_id), limit=EVENTS_SHOWN)


# -- the policy ------------------------------------------------------------------------------------
@router.get("/settings/accounts")
def policy_page(request: Request, case: CaseDep):
    return render(request, "account_policy.html", policy=policies.load(case), saved=False, error=None)


@router.post("/settings/accounts", dependencies=[RECENT_REAUTH])
def save_policy(request: Request, case: CaseDep, actor: CurrentActor,
                min_password_length: Annotated[int, Form(ge=0, le=1000)],
                min_password_score: Annotated[int, Form(ge=0, le=4)],
                token_days_default: Annotated[int, Form(ge=0, le=100000)],
                token_days_max: Annotated[int, Form(ge=0, le=100000)],
                single_session: Annotated[str | None, Form(max_length=5)] = None):
    wanted = dict(min_password_length=min_password_length, min_password_score=min_password_score,
                  token_days_default=token_days_default, token_days_max=token_days_max,
                  single_session=single_session == "on")
    try:
        saved = policies.save(case, policies.AccountPolicy(**wanted), actor.name)
    except policies.PolicyError as error:
        return render(request, "account_policy.html", status=400, policy=policies.AccountPolicy(**wanted),
                      saved=False, error=str(error))
    return render(request, "account_policy.html", policy=saved, saved=True, error=None)
