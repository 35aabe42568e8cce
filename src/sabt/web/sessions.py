"""A user's login sessions: list them, end one, end them all, and one active session per user.

Each session row keeps when it began, when it was last used (written at most once a minute by
:meth:`sabt.web.auth.SessionStore.get`), a summary of the browser and the client's address, so
a user can tell a session of theirs they do not recognise and end it. Forms name a session by
its *handle*: a digest of the stored digest, so nothing that reaches a page can sign anyone in
or be matched against the cookie.

Only the user themself and an administrator may list or end a user's sessions (the routes say
so; these functions take the user id they are given). Each ending is audited, without the
address (the audit log is kept for good; a session row goes when the session ends).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from sqlalchemy import delete, select

from sabt.case import Case
from sabt.protection import NotFound
from sabt.store import models

#: the most specific first: Edge and Opera also say Chrome and Safari, Chrome says Safari
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("HeadlessChrome/", "Headless Chrome"),
             ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("Version/", "Safari"), ("curl/", "curl"),
             ("python-httpx/", "httpx"), ("python-requests/", "requests"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
            ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def agent_summary(user_agent: str | None) -> str | None:
    """"Firefox 128 · Linux" from a User-Agent header: the browser's name and major version and
    the system, nothing finer (the whole header is close to a fingerprint; it is not stored).
    It is what the browser claims, not proof of what it is."""
    if not user_agent:
        return None
    agent = user_agent[:500]
    name, token = _first_browser(agent)
    if not token:
        product = re.match(r"[A-Za-z][A-Za-z0-9._-]{0,30}", agent)
        browser_text = product.group(0) if product else "?"
    else:
        version = re.search(re.escape(token) + r"(\d+)", agent)
        browser_text = f"{name} {version.group(1)}" if version else name
    system = next((name for token, name in _SYSTEMS if token in agent), None)
    return (f"{browser_text} · {system}" if system else browser_text)[:120]


def _first_browser(agent: str) -> tuple[str, str]:
    """The most specific browser the header names, and its token ("", "" for none)."""
    for token, name in _BROWSERS:
        if token in agent and (token != "Version/" or "Safari/" in agent):
            return name, token
    return "", ""


def handle_of(id_sha256: str) -> str:
    """The name a page gives a session (see the module's docstring)."""
    return hashlib.sha256(("handle:" + id_sha256).encode()).hexdigest()[:20]


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


def _live(row: models.WebSession, now: dt.datetime) -> bool:
    from sabt.web.auth import SESSION_IDLE

    return _aware(row.expires_at) > now and (now - _aware(row.last_seen_at)).total_seconds() <= SESSION_IDLE


def list_sessions(case: Case, user_id: int, current: str | None = None) -> list[dict]:
    """The user's live sessions, the most recently used first; ``current`` (the digest of the
    asking browser's session) is marked."""
    now = dt.datetime.now(dt.timezone.utc)
    with case.session() as session:
        rows = session.scalars(select(models.WebSession).where(models.WebSession.user_id == user_id)
                               .order_by(models.WebSession.last_seen_at.desc())).all()
        return [{"handle": handle_of(r.id_sha256), "created_at": _aware(r.created_at),
                 "last_seen_at": _aware(r.last_seen_at), "expires_at": _aware(r.expires_at),
                 "user_agent": r.user_agent, "address": r.address, "current": r.id_sha256 == current}
                for r in rows if _live(r, now)]


def _audit(session, actor: str, action: str, user_id: int, detail: dict) -> None:
    session.add(models.AuditEntry(actor=actor, action=action, subject_table="users", subject_id=str(user_id),
                                  detail=detail))


def revoke(case: Case, user_id: int, handle: str, actor: str) -> None:
    """End one session of the user (NotFound when the user has none with this handle)."""
    with case.session() as session:
        rows = session.scalars(select(models.WebSession).where(models.WebSession.user_id == user_id)).all()
        row = next((r for r in rows if handle_of(r.id_sha256) == handle), None)
        if row is None:
            raise NotFound("no such session (it may have ended already)")
        session.delete(row)
        _audit(session, actor, "session_revoke", user_id, {"session": handle, "agent": row.user_agent})
        session.commit()


def end_all(case: Case, user_id: int, actor: str, keep: str | None = None) -> int:
    """End every session of the user ("sign out everywhere"), but ``keep`` (a session's digest)
    when given; returns how many ended."""
    with case.session() as session:
        query = delete(models.WebSession).where(models.WebSession.user_id == user_id)
        if keep is not None:
            query = query.where(models.WebSession.id_sha256 != keep)
        ended = session.execute(query).rowcount
        _audit(session, actor, "signout_others" if keep else "signout_everywhere", user_id, {"sessions": ended})
        session.commit()
    return ended


def end_others_if_single(case: Case, session, user_id: int) -> None:
    """Within a sign-in's transaction: when the policy allows one active session per user, end
    the user's other sessions (audited). Called before the new session is added."""
    from sabt.web import policy

    if not policy.load(case).single_session:
        return
    ended = session.execute(delete(models.WebSession).where(models.WebSession.user_id == user_id)).rowcount
    if ended:
        _audit(session, "system", "sessions_ended_by_sign_in", user_id, {"sessions": ended})


def user_id_of(case: Case, name: str) -> int:
    from sabt.web.auth import AuthError

    with case.session() as session:
        found = session.scalar(select(models.User.id).where(models.User.name == name))
    if found is None:
        raise AuthError(f"no user {name!r}")
    return found
