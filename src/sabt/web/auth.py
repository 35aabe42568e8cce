"""Accounts, login sessions, API tokens and the login rate limit.

- Passwords are hashed with argon2id (``argon2-cffi``); a hash is never logged or returned.
- A login session is a random 256-bit id in an HttpOnly, SameSite=Strict cookie (``Secure``
  unless the app is built with ``secure_cookies=False`` for plain-HTTP loopback tests). The
  store has no sessions table yet, so sessions live in the server's memory (a restart signs
  everyone out); only the SHA-256 of a session id is kept, never the id itself.
- API tokens (``sabt user token``) are random, shown once, stored as their SHA-256 in
  ``api_tokens`` with an expiry; scripts send ``Authorization: Bearer TOKEN``.
- Failed logins are counted per user name and per client address: after
  :data:`MAX_FAILURES` within :data:`WINDOW` seconds further attempts get 429 until the window
  passes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from sabt.case import Case
from sabt.errors import SabtError
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


def disable_user(case: Case, name: str, actor: str = "cli") -> None:
    with case.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == name))
        if user is None:
            raise AuthError(f"no user {name!r}")
        user.disabled = True
        _audit(session, actor, "user_disable", str(user.id), {"name": name})
        session.commit()


def issue_token(case: Case, name: str, days: int = 90, actor: str = "cli") -> str:
    """A new API token for ``name``; only its SHA-256 is stored, so it is shown once."""
    if days < 1 or days > 3650:
        raise AuthError("a token lasts 1 to 3650 days")
    token = "sabt_" + secrets.token_urlsafe(32)
    with case.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == name))
        if user is None:
            raise AuthError(f"no user {name!r}")
        if user.disabled:
            raise AuthError(f"user {name!r} is disabled")
        expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)
        row = models.ApiToken(user_id=user.id, token_sha256=_sha256(token), expires_at=expires)
        session.add(row)
        session.flush()
        _audit(session, actor, "token_issue", str(user.id), {"name": name, "token_id": row.id, "days": days})
        session.commit()
    return token


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def actor_for_user(user: models.User, via: str) -> Actor:
    return Actor(user.name, user.role, user.lang or "en", user.id, via)


def actor_for_token(case: Case, token: str) -> Actor | None:
    """The user a Bearer token belongs to, or ``None`` (unknown, expired, user disabled)."""
    if not token or len(token) > 200:
        return None
    digest = _sha256(token)
    now = dt.datetime.now(dt.timezone.utc)
    with case.session() as session:
        row = session.execute(
            select(models.ApiToken, models.User).join(models.User, models.User.id == models.ApiToken.user_id)
            .where(models.ApiToken.token_sha256 == digest)
        ).first()
        if row is None:
            return None
        token_row, user = row
        expires = _aware(token_row.expires_at)
        if user.disabled or (expires is not None and expires <= now):
            return None
        last = _aware(token_row.last_used_at)
        if last is None or (now - last).total_seconds() > 300:   # at most one write per 5 minutes
            token_row.last_used_at = now
            session.commit()
        return actor_for_user(user, "token")


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
@dataclass
class WebSession:
    user_id: int
    csrf: str
    created: float
    seen: float


class SessionStore:
    """Login sessions in memory, keyed by the SHA-256 of the cookie's value."""

    def __init__(self) -> None:
        self._sessions: dict[str, WebSession] = {}
        self._lock = threading.Lock()

    def create(self, user_id: int) -> tuple[str, WebSession]:
        session_id = secrets.token_urlsafe(32)
        now = time.monotonic()
        web = WebSession(user_id, secrets.token_urlsafe(32), now, now)
        with self._lock:
            self._sessions[_sha256(session_id)] = web
        return session_id, web

    def get(self, session_id: str | None) -> WebSession | None:
        if not session_id or len(session_id) > 100:
            return None
        key = _sha256(session_id)
        now = time.monotonic()
        with self._lock:
            web = self._sessions.get(key)
            if web is None:
                return None
            if now - web.seen > SESSION_IDLE or now - web.created > SESSION_MAX:
                del self._sessions[key]
                return None
            web.seen = now
            return web

    def end(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._sessions.pop(_sha256(session_id), None)

    def end_user(self, user_id: int) -> None:
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.user_id == user_id]:
                del self._sessions[key]

    def expire_all(self) -> None:
        with self._lock:
            self._sessions.clear()



# -- the login rate limit ----------------------------------------------------------------
@dataclass
class LoginLimiter:
    max_failures: int = MAX_FAILURES
    window: float = WINDOW
    _failures: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def blocked(self, *keys: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:      # bounded memory under a flood of made-up names
                for key in [k for k, v in self._failures.items() if not v or now - v[-1] > self.window]:
                    del self._failures[key]
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
