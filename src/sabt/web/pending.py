"""Sign-ins halfway: the password was right, a second factor or an enrolment is still due.

A halfway sign-in is not a session: its own cookie (``sabt_pending``, path ``/login``, 10
minutes), its own CSRF token, and only the SHA-256 of the cookie kept (``pending_logins``).
The guard never takes it for a user, so it opens no page but the sign-in's own.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select, update

from sabt.case import Case
from sabt.store import models
from sabt.web.auth import _sha256

COOKIE = "sabt_pending"
LIFETIME = 10 * 60
PURPOSES = ("verify", "enrol")


@dataclass(frozen=True)
class Pending:
    digest: str
    user_id: int
    name: str
    role: str
    lang: str
    purpose: str
    csrf: str
    next: str
    challenge: bytes | None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def start(case: Case, user_id: int, purpose: str, next_page: str) -> str:
    """A new halfway sign-in; returns the cookie's value."""
    assert purpose in PURPOSES
    cookie, now = secrets.token_urlsafe(32), _now()
    with case.session() as session:
        session.execute(delete(models.PendingLogin).where(models.PendingLogin.expires_at < now))
        session.add(models.PendingLogin(id_sha256=_sha256(cookie), user_id=user_id, purpose=purpose,
                                        csrf=secrets.token_urlsafe(32), next=next_page,
                                        expires_at=now + dt.timedelta(seconds=LIFETIME)))
        session.commit()
    return cookie


def get(case: Case, cookie: str | None) -> Pending | None:
    """The live halfway sign-in of this cookie, or ``None`` (unknown, expired, user disabled)."""
    if not cookie or len(cookie) > 100:
        return None
    digest = _sha256(cookie)
    with case.session() as session:
        row = session.execute(select(models.PendingLogin, models.User).join(
            models.User, models.User.id == models.PendingLogin.user_id).where(
            models.PendingLogin.id_sha256 == digest)).first()
        if row is None:
            return None
        login, user = row
        expires = login.expires_at if login.expires_at.tzinfo else login.expires_at.replace(tzinfo=dt.timezone.utc)
        if expires <= _now() or user.disabled:
            session.delete(login)
            session.commit()
            return None
        return Pending(digest, user.id, user.name, user.role, user.lang or "en", login.purpose, login.csrf,
                       login.next, login.challenge)


def set_challenge(case: Case, digest: str, challenge: bytes | None) -> None:
    with case.session() as session:
        session.execute(update(models.PendingLogin).where(models.PendingLogin.id_sha256 == digest)
                        .values(challenge=challenge))
        session.commit()


def end(case: Case, digest: str) -> None:
    with case.session() as session:
        session.execute(delete(models.PendingLogin).where(models.PendingLogin.id_sha256 == digest))
        session.commit()
