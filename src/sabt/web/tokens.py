"""API tokens: named, scoped, expiring, listed, revocable.

A token is ``sabt_`` and 43 random characters, shown once; the store keeps its SHA-256, its
first characters (:data:`PREFIX_LENGTH`, to tell tokens apart in a list), a name, a scope, who
created it, its expiry, when it was last used (written at most every 5 minutes) and when it was
revoked. A revoked token stays listed (greyed) so its owner sees what it was.

The scope is ``read`` (the owner's role, but only reading requests: GET and HEAD) or a role no
higher than the owner's (:data:`RANK`); the token acts with the *lower* of its scope and its
owner's role as it is now, so lowering a user's role lowers their tokens at once. A token made
before scopes existed (scope NULL) acts with its owner's role, as it always did.

A token is refused — a 401 that says why — when it is unknown, revoked, expired, or its owner is
disabled. Creating a token needs a signed-in browser session (a token cannot mint tokens), and
a recent re-authentication (:func:`sabt.web.reauth.require_recent_reauth`): the second factor when
the user has one, else the password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from sabt.case import Case
from sabt.protection import NotFound
from sabt.store import models
from sabt.web.permissions import ROLES, Actor
from sabt.web.refusals import Explained

PREFIX_LENGTH = 12            # "sabt_" and 7 random characters: 42 of the token's 256 bits
USED_EVERY = 300              # seconds: last_used_at is written at most this often
READ = "read"
SCOPES = (READ, *ROLES)
#: roles from least to most: each may do all that the one before it may (the matrix is nested)
RANK = {"viewer": 0, "reviewer": 1, "analyst": 2, "admin": 3}


class TokenRefused(Explained):
    """A token that cannot be made as asked: ``key`` under ``token_policy.`` in the message tables."""

    prefix = "token_policy."


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def scopes_for(role: str) -> list[str]:
    """The scopes a user with ``role`` may give a token: read, then their role and those below."""
    return [READ, *sorted((r for r in ROLES if RANK[r] <= RANK[role]), key=RANK.get, reverse=True)]


def effective(owner_role: str, scope: str | None) -> tuple[str, bool]:
    """(the role a token acts with, whether it may only read)."""
    if scope is None:                 # made before scopes existed
        return owner_role, False
    if scope == READ:
        return owner_role, True
    if scope in RANK:
        return min(owner_role, scope, key=RANK.get), False
    return "viewer", True              # a scope this version does not know: the least


# -- creating, listing, revoking -------------------------------------------------------------
def create(case: Case, user_name: str, *, label: str | None = None, scope: str | None = None,
           days: int | None = None, actor: str = "cli") -> tuple[str, int]:
    """A new token for ``user_name``: (the token, shown once; its id). ``scope`` defaults to the
    owner's role, ``days`` to the policy's default; both are checked against the policy and the
    owner's role."""
    from sabt.web import policy as policies
    from sabt.web.auth import AuthError

    rules = policies.load(case)
    days = rules.token_days_default if days is None else days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= rules.token_days_max:
        raise TokenRefused("days", {"n": rules.token_days_max})
    label = (label or "").strip() or f"token {_now():%Y-%m-%d}"
    if len(label) > 100:
        raise TokenRefused("name")
    token = "sabt_" + secrets.token_urlsafe(32)
    with case.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == user_name))
        if user is None:
            raise AuthError(f"no user {user_name!r}")
        if user.disabled:
            raise AuthError(f"user {user_name!r} is disabled")
        scope = scope or user.role
        if scope not in scopes_for(user.role):
            raise TokenRefused("scope", {"scope": scope, "scopes": ", ".join(scopes_for(user.role))})
        row = models.ApiToken(user_id=user.id, token_sha256=_sha256(token), expires_at=_now() + dt.timedelta(days=days),
                              name=label, scope=scope, prefix=token[:PREFIX_LENGTH], created_by=actor)
        session.add(row)
        session.flush()
        session.add(models.AuditEntry(actor=actor, action="token_issue", subject_table="users", subject_id=str(user.id),
                                      detail={"name": user_name, "token_id": row.id, "token": label, "scope": scope,
                                              "days": days}))
        session.commit()
        return token, row.id


def status_of(row, now: dt.datetime) -> str:
    if row.revoked_at is not None:
        return "revoked"
    if row.expires_at is not None and _aware(row.expires_at) <= now:
        return "expired"
    return "active"


def list_tokens(case: Case, user_id: int) -> list[dict]:
    """The user's tokens, newest first, without anything that could authenticate."""
    now = _now()
    with case.session() as session:
        rows = session.scalars(select(models.ApiToken).where(models.ApiToken.user_id == user_id)
                               .order_by(models.ApiToken.id.desc())).all()
        return [{"id": r.id, "name": r.name, "prefix": r.prefix, "scope": r.scope, "created_by": r.created_by,
                 "created_at": _aware(r.created_at), "expires_at": _aware(r.expires_at),
                 "last_used_at": _aware(r.last_used_at), "revoked_at": _aware(r.revoked_at),
                 "status": status_of(r, now)} for r in rows]


def revoke(case: Case, user_id: int, token_id: int, actor: str) -> None:
    """Revoke one of the user's tokens (NotFound when it is not theirs); revoking twice is a no-op."""
    with case.session() as session:
        row = session.get(models.ApiToken, token_id)
        if row is None or row.user_id != user_id:
            raise NotFound(f"no token {token_id} of this user")
        if row.revoked_at is None:
            row.revoked_at = _now()
            session.add(models.AuditEntry(actor=actor, action="token_revoke", subject_table="users",
                                          subject_id=str(user_id), detail={"token_id": token_id, "token": row.name}))
        session.commit()


# -- every API request -----------------------------------------------------------------------
@dataclass(frozen=True)
class TokenCheck:
    actor: Actor | None
    refusal: str | None = None       # why the token is refused, for the 401


_TOKENS, _USERS = models.ApiToken.__table__, models.User.__table__
_LOOKUP = (select(_TOKENS.c.id.label("token_id"), _TOKENS.c.expires_at, _TOKENS.c.last_used_at, _TOKENS.c.scope,
                  _TOKENS.c.revoked_at, _USERS.c.id, _USERS.c.name, _USERS.c.role, _USERS.c.lang, _USERS.c.disabled)
           .join_from(_TOKENS, _USERS, _USERS.c.id == _TOKENS.c.user_id)
           .where(_TOKENS.c.token_sha256 == bindparam("digest")))


def check(case: Case, token: str) -> TokenCheck:
    """The actor a Bearer token stands for, or why it is refused. Runs on every API request:
    plain rows, and a write only when ``last_used_at`` is older than :data:`USED_EVERY`."""
    if not token or len(token) > 200:
        return TokenCheck(None, "not a valid token")
    now = _now()
    with case.engine.connect() as connection:
        row = connection.execute(_LOOKUP, {"digest": _sha256(token)}).first()
        if row is None:
            return TokenCheck(None, "not a valid token")
        if row.revoked_at is not None:
            return TokenCheck(None, "this token was revoked")
        expires = _aware(row.expires_at)
        if expires is not None and expires <= now:
            return TokenCheck(None, f"this token expired on {expires:%Y-%m-%d %H:%M} UTC")
        if row.disabled:
            return TokenCheck(None, "this token's user is disabled")
        last = _aware(row.last_used_at)
        if last is None or (now - last).total_seconds() > USED_EVERY:
            connection.execute(update(_TOKENS).where(_TOKENS.c.id == row.token_id).values(last_used_at=now))
            connection.commit()
    role, read_only = effective(row.role, row.scope)
    return TokenCheck(Actor(row.name, role, row.lang or "en", row.id, "token", read_only=read_only))
