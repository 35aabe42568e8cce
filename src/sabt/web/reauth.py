"""Re-authentication before sensitive actions.

A login session proves its user again — the second factor, or the password for a user who has
none — at sign-in and on the re-authentication page (``/reauth``). Sensitive actions need that
proof to be recent (the policy's ``reauth_minutes``, 5 by default): revealing a protected
identity, an export that reveals them, protecting or releasing an identity, user and role
changes, the account-security policy, second factors. Routes ask for it with ONE dependency,
:func:`require_recent_reauth`; without a recent proof a page is sent to ``/reauth?next=…`` and an
API call gets 403 ``{"detail": …, "reauth": "/reauth"}``.

The proof is a row of ``reauth_marks`` keyed by the session's SHA-256 (it ends with the
session). API tokens are for scripts, which cannot answer a second factor every few minutes:
a token request counts as re-authenticated — its creation is the moment the second factor is
asked for (wire :func:`require_recent_reauth` to the route that creates tokens).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from fastapi import Depends, Request
from sqlalchemy import select

from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models
from sabt.web import auth
from sabt.web.permissions import Actor, may_see_protected
from sabt.web.second_factor import policy


class ReauthRequired(SabtError):
    """A sensitive action without a recent proof of identity."""

    def __init__(self) -> None:
        super().__init__("this needs a recent re-authentication: confirm your second factor (or password) again")


#: pages a form posts from, by the posted path's start (the app sends no Referer)
_FORM_PAGES = ("/users", "/admin/security", "/me/security", "/me/tokens", "/settings/accounts")


def return_to(request: Request) -> str:
    """Where to go back after re-authenticating: the page asked for (GET); for a form, the page
    it was on (a protection form posts to ``/persons/N/protection``, from ``/persons/N``)."""
    path = request.url.path
    if request.method == "GET":
        return path + (f"?{request.url.query}" if request.url.query else "")
    if path.endswith("/protection"):
        return path.removesuffix("/protection")
    return next((page for page in _FORM_PAGES if path == page or path.startswith(page + "/")), "/")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def session_digest(request: Request) -> str | None:
    """The SHA-256 under which the request's session is stored (None without a session cookie)."""
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    return auth._sha256(cookie) if cookie and len(cookie) <= 100 else None


def mark(case: Case, session_id: str) -> None:
    """The session (by its cookie value) has just proved its user again."""
    digest = auth._sha256(session_id)
    with case.session() as session:
        row = session.get(models.ReauthMark, digest)
        if row is None:
            session.add(models.ReauthMark(session_sha256=digest, at=_now()))
        else:
            row.at, row.challenge = _now(), None
        session.commit()


def mark_request(request: Request) -> None:
    digest_cookie = request.cookies.get(auth.SESSION_COOKIE)
    if digest_cookie:
        mark(request.app.state.case, digest_cookie)


def set_challenge(request: Request, challenge: bytes | None) -> None:
    """Keep a WebAuthn challenge with the session that asked for it (one at a time)."""
    digest = session_digest(request)
    with request.app.state.case.session() as session:
        row = session.get(models.ReauthMark, digest)
        if row is None:
            session.add(models.ReauthMark(session_sha256=digest, at=None, challenge=challenge))
        else:
            row.challenge = challenge
        session.commit()


def take_challenge(request: Request) -> bytes | None:
    """The session's WebAuthn challenge, forgotten as it is read (each is used once)."""
    digest = session_digest(request)
    with request.app.state.case.session() as session:
        row = session.get(models.ReauthMark, digest) if digest else None
        challenge = None if row is None else row.challenge
        if challenge is not None:
            row.challenge = None
            session.commit()
        return None if challenge is None else bytes(challenge)


def is_recent(case: Case, session_digest: str | None) -> bool:
    if session_digest is None:
        return False
    with case.engine.connect() as connection:
        at = connection.execute(select(models.ReauthMark.at).where(
            models.ReauthMark.session_sha256 == session_digest)).scalar()
    if at is None:
        return False
    at = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    return _now() - at <= dt.timedelta(minutes=policy(case).reauth_minutes)


def freshen(request: Request, actor: Actor) -> Actor:
    """The actor with ``reauthenticated`` set: looked up (one indexed read) only for a session
    whose role may see protected identities or administer; a token counts as re-authenticated."""
    if actor.via == "token":
        return dataclasses.replace(actor, reauthenticated=True)
    if actor.via == "session" and (may_see_protected(actor) or actor.role == "admin"):
        if is_recent(request.app.state.case, session_digest(request)):
            return dataclasses.replace(actor, reauthenticated=True)
    return actor


def ensure_recent(actor: Actor) -> None:
    if not actor.reauthenticated:
        raise ReauthRequired()


def require_recent_reauth(request: Request) -> None:
    """The dependency of a sensitive route: ``dependencies=[Depends(require_recent_reauth)]``.
    Raises :class:`ReauthRequired` unless the actor proved itself within the window."""
    actor = getattr(request.state, "actor", None)
    if actor is None or actor.is_anonymous:
        raise ReauthRequired()
    if not actor.reauthenticated and actor.via == "session":
        # roles the guard does not look up for (a viewer changing its own second factor)
        actor = dataclasses.replace(actor, reauthenticated=is_recent(request.app.state.case, session_digest(request)))
        request.state.actor = actor
    ensure_recent(actor)


#: ``dependencies=[RECENT_REAUTH]`` on a route
RECENT_REAUTH = Depends(require_recent_reauth)
