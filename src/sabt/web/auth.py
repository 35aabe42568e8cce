"""Accounts, login sessions, API tokens and the login rate limit.

- Passwords are hashed with argon2id (``argon2-cffi``); a hash is never logged or returned.
- A login session is a random 256-bit id in an HttpOnly, SameSite=Strict cookie (``Secure``
  unless the app is built with ``secure_cookies=False`` for plain-HTTP loopback tests). Sessions
  live in the store (``web_sessions``), so a restart keeps users signed in; only the SHA-256 of
  a session id is kept, never the id itself.
- API tokens (``sabt user token``) are random, shown once, stored as their SHA-256 in
  ``api_tokens`` with a name, a scope and an expiry (:mod:`sabt.web.tokens`); scripts send
  ``Authorization: Bearer TOKEN``.
- New passwords meet the case's policy (:mod:`sabt.web.passwords`); a user's sessions can be
  listed and ended (:mod:`sabt.web.sessions`).
- Failed logins (only failures) are counted per user name and per client address: after
  :data:`MAX_FAILURES` within :data:`WINDOW` seconds further attempts get 429 until the window
  passes, or an admin unlocks the name (:func:`unlock_user`). The client address is the
  connection's unless ``sabt serve --forwarded-allow-ips`` names a proxy to believe. The failures are kept in the store (``login_attempts``), shared by server processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import bindparam, delete, func, select, update

from sabt.case import Case
from sabt.errors import SabtError
from sabt.protection import NotFound
from sabt.store import models
from sabt.web.permissions import ROLES, Actor

SESSION_COOKIE = "sabt_session"
LOGIN_CSRF_COOKIE = "sabt_login_csrf"
SESSION_IDLE = 8 * 3600          # seconds without a request before a session ends
SESSION_MAX = 24 * 3600          # absolute lifetime of a session
MAX_FAILURES = 5
WINDOW = 15 * 60
MIN_PASSWORD = 10

_hasher = PasswordHasher()
# verified against when the user does not exist, so timing does not reveal which names exist
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(SabtError):
    """A user could not be created, found or signed in."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _audit(session, actor: str, action: str, subject_id: str | None, detail: dict | None = None) -> None:
    session.add(models.AuditEntry(actor=actor, action=action, subject_table="users", subject_id=subject_id,
                                  detail=detail))


# -- users ---------------------------------------------------------------------------------
def add_user(case: Case, name: str, role: str, password: str, lang: str = "en", actor: str = "cli") -> int:
    if role not in ROLES:
        raise AuthError(f"a role is one of {', '.join(ROLES)}, not {role!r}")
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise AuthError("a user name is 1–100 characters without spaces")
    if lang not in ("en", "fa"):
        raise AuthError("the language is en or fa")
    from sabt.web import passwords

    passwords.check(case, password, name, actor)
    password_hash = hash_password(password)
    with case.session() as session:
        if session.scalar(select(models.User).where(models.User.name == name)) is not None:
            raise AuthError(f"there is already a user {name!r}")
        user = models.User(name=name, role=role, password_hash=password_hash, lang=lang, disabled=False)
        session.add(user)
        session.flush()
        _audit(session, actor, "user_add", str(user.id), {"name": name, "role": role})
        session.commit()
        return user.id


def list_users(case: Case) -> list[dict]:
    with case.session() as session:
        users = session.scalars(select(models.User).order_by(models.User.name)).all()
        return [{"id": u.id, "name": u.name, "role": u.role, "lang": u.lang, "disabled": bool(u.disabled),
                 "created_at": u.created_at.isoformat() if u.created_at else None} for u in users]


def user_name(case: Case, user_id: int) -> str:
    with case.session() as session:
        name = session.scalar(select(models.User.name).where(models.User.id == user_id))
    if name is None:
        raise NotFound(f"no user {user_id}")
    return name


def disable_user(case: Case, name: str, actor: str = "cli") -> None:
    with case.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == name))
        if user is None:
            raise AuthError(f"no user {name!r}")
        user.disabled = True
        session.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))
        _audit(session, actor, "user_disable", str(user.id), {"name": name})
        session.commit()


def _user(session, name: str) -> models.User:
    user = session.scalar(select(models.User).where(models.User.name == name))
    if user is None:
        raise AuthError(f"no user {name!r}")
    return user


def enable_user(case: Case, name: str, actor: str = "cli") -> None:
    """Let a disabled user sign in again (their old sessions stay ended)."""
    with case.session() as session:
        user = _user(session, name)
        user.disabled = False
        _audit(session, actor, "user_enable", str(user.id), {"name": name})
        session.commit()


def change_password(case: Case, name: str, old: str, new: str, keep_session: str | None = None) -> None:
    """A user's own change: the old password must be right and the new one meet the policy; the
    user's sessions end but ``keep_session`` (the digest of the one making the change)."""
    from sabt.web import passwords

    with case.session() as session:
        user = _user(session, name)
        if user.disabled or not verify_password(user.password_hash, old):
            raise AuthError("the current password is wrong")
    passwords.check(case, new, name, name)
    with case.session() as session:
        user = _user(session, name)
        user.password_hash = hash_password(new)
        ended = session.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id)
                                .where(models.WebSession.id_sha256 != (keep_session or ""))).rowcount
        _audit(session, name, "password_change", str(user.id), {"sessions_ended": ended})
        session.commit()


def set_password(case: Case, name: str, new: str, actor: str = "cli") -> None:
    """An admin's choice of a user's password (``sabt user password``): checked against the
    policy before anything changes; every session of the user ends."""
    from sabt.web import passwords

    passwords.check(case, new, name, actor)
    with case.session() as session:
        user = _user(session, name)
        user.password_hash = hash_password(new)
        session.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))
        _audit(session, actor, "password_set", str(user.id), {"name": name})
        session.commit()


def reset_password(case: Case, name: str, actor: str = "cli") -> str:
    """An admin's reset: a new random password, returned once (only its hash is kept), every
    session of the user ended and its name unlocked. The user signs in with it and changes it."""
    secret = secrets.token_urlsafe(18)
    with case.session() as session:
        user = _user(session, name)
        user.password_hash = hash_password(secret)
        session.execute(delete(models.WebSession).where(models.WebSession.user_id == user.id))
        _audit(session, actor, "password_reset", str(user.id), {"name": name})
        session.commit()
    unlock_user(case, name, actor)
    return secret


def unlock_user(case: Case, name: str, actor: str = "cli") -> int:
    """Forget the failed sign-ins counted against a user name (an admin's unlock); returns how many."""
    with case.session() as session:
        user = _user(session, name)
        removed = session.execute(delete(models.LoginAttempt).where(
            models.LoginAttempt.key_sha256 == _sha256(login_key(name)))).rowcount
        _audit(session, actor, "user_unlock", str(user.id), {"name": name, "failures": removed})
        session.commit()
    return removed


def login_key(name: str) -> str:
    """The key failed sign-ins are counted under for a user name."""
    return "user:" + name.strip().lower()


def issue_token(case: Case, name: str, days: int | None = None, actor: str = "cli", *, label: str | None = None,
                scope: str | None = None) -> str:
    """A new API token for ``name`` (shown once): see :func:`sabt.web.tokens.create`."""
    from sabt.web import tokens

    return tokens.create(case, name, label=label, scope=scope, days=days, actor=actor)[0]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def actor_for_user(user: models.User, via: str) -> Actor:
    return Actor(user.name, user.role, user.lang or "en", user.id, via)


def actor_for_token(case: Case, token: str) -> Actor | None:
    """The actor a Bearer token stands for, or ``None`` (see :func:`sabt.web.tokens.check`)."""
    from sabt.web import tokens

    return tokens.check(case, token).actor


def authenticate(case: Case, name: str, password: str) -> models.User | None:
    with case.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == name))
        ok = verify_password(user.password_hash if user else None, password)
        if not ok or user is None or user.disabled:
            return None
        return user


def user_by_id(case: Case, user_id: int) -> models.User | None:
    with case.session() as session:
        return session.get(models.User, user_id)


def set_language(case: Case, actor: Actor, lang: str) -> None:
    if lang not in ("en", "fa"):
        raise AuthError("the language is en or fa")
    with case.session() as session:
        user = session.get(models.User, actor.user_id)
        if user is None:
            raise AuthError("no such user")
        user.lang = lang
        _audit(session, actor.name, "user_lang", str(user.id), {"lang": lang})
        session.commit()


# -- sessions --------------------------------------------------------------------------------
SEEN_EVERY = 60   # seconds: last_seen_at is written at most this often (not on every request)


@dataclass
class WebSession:
    user: "models.User"     # or a row with the same fields (id, name, role, lang, disabled)
    csrf: str

    @property
    def user_id(self) -> int:
        return self.user.id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


_SESSIONS, _USERS = models.WebSession.__table__, models.User.__table__
_USER_COLUMNS = (_USERS.c.id, _USERS.c.name, _USERS.c.role, _USERS.c.lang, _USERS.c.disabled)
# built once: a statement object keeps its cache key, so each request skips building and keying it
_SESSION_LOOKUP = (select(_SESSIONS.c.csrf, _SESSIONS.c.last_seen_at, _SESSIONS.c.expires_at, *_USER_COLUMNS)
                   .join_from(_SESSIONS, _USERS, _USERS.c.id == _SESSIONS.c.user_id)
                   .where(_SESSIONS.c.id_sha256 == bindparam("digest")))


class SessionStore:
    """Login sessions in the store's ``web_sessions``, keyed by the SHA-256 of the cookie's value,
    so they survive a restart of the server and are shared by its processes."""

    def __init__(self, case: Case) -> None:
        self.case = case

    def create(self, user_id: int, user_agent: str | None = None, address: str | None = None) -> tuple[str, str]:
        """A new session for ``user_id``: (the cookie's value, the session's CSRF token). It keeps
        a summary of ``user_agent`` and the ``address``; under the one-session policy the user's
        other sessions end."""
        from sabt.web import sessions

        session_id, token, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), _now()
        with self.case.session() as session:
            session.execute(delete(models.WebSession).where(models.WebSession.expires_at < now))
            sessions.end_others_if_single(self.case, session, user_id)
            session.add(models.WebSession(id_sha256=_sha256(session_id), user_id=user_id, csrf=token, created_at=now,
                                          last_seen_at=now, expires_at=now + dt.timedelta(seconds=SESSION_MAX),
                                          user_agent=sessions.agent_summary(user_agent), address=(address or None)))
            session.commit()
        return session_id, token

    def get(self, session_id: str | None) -> WebSession | None:
        """The live session with this cookie value, with its user; ``None`` when unknown, expired
        (24 h since sign-in or 8 h idle) or the user is disabled. Runs on every page request, so
        it reads plain rows (no ORM objects) and writes only when ``last_seen_at`` is stale."""
        if not session_id or len(session_id) > 100:
            return None
        now, digest = _now(), _sha256(session_id)
        sessions = models.WebSession.__table__
        with self.case.engine.connect() as connection:
            row = connection.execute(_SESSION_LOOKUP, {"digest": digest}).first()
            if row is None:
                return None
            idle = (now - _aware(row.last_seen_at)).total_seconds()
            if _aware(row.expires_at) <= now or idle > SESSION_IDLE or row.disabled:
                connection.execute(delete(sessions).where(sessions.c.id_sha256 == digest))
                connection.commit()
                return None
            if idle > SEEN_EVERY:
                connection.execute(update(sessions).where(sessions.c.id_sha256 == digest).values(last_seen_at=now))
                connection.commit()
            return WebSession(row, row.csrf)

    def end(self, session_id: str | None) -> None:
        if session_id and len(session_id) <= 100:
            with self.case.session() as session:
                session.execute(delete(models.WebSession).where(models.WebSession.id_sha256 == _sha256(session_id)))
                session.commit()

    def end_user(self, user_id: int) -> None:
        with self.case.session() as session:
            session.execute(delete(models.WebSession).where(models.WebSession.user_id == user_id))
            session.commit()


# -- the login rate limit ----------------------------------------------------------------
class LoginLimiter:
    """Failed sign-ins in the store's ``login_attempts`` (as SHA-256 of their key), so every
    server process counts the same failures and a restart does not reset them."""

    def __init__(self, case: Case, max_failures: int = MAX_FAILURES, window: float = WINDOW) -> None:
        self.case, self.max_failures, self.window = case, max_failures, window

    def _since(self) -> dt.datetime:
        return _now() - dt.timedelta(seconds=self.window)

    def blocked(self, *keys: str) -> bool:
        digests = [_sha256(k) for k in keys]
        with self.case.session() as session:
            counts = session.execute(
                select(models.LoginAttempt.key_sha256, func.count()).where(models.LoginAttempt.key_sha256.in_(digests))
                .where(models.LoginAttempt.at > self._since()).group_by(models.LoginAttempt.key_sha256)).all()
        return any(n >= self.max_failures for _key, n in counts)

    def failed(self, *keys: str) -> None:
        now = _now()
        with self.case.session() as session:
            session.execute(delete(models.LoginAttempt).where(models.LoginAttempt.at <= self._since()))
            session.add_all([models.LoginAttempt(key_sha256=_sha256(k), at=now) for k in keys])
            session.commit()

    def succeeded(self, *keys: str) -> None:
        with self.case.session() as session:
            session.execute(delete(models.LoginAttempt).where(models.LoginAttempt.key_sha256.in_([_sha256(k) for k in keys])))
            session.commit()
