"""CSRF protection for cookie-authenticated requests.

Each login session carries a random CSRF token. Every unsafe request (POST, PUT, PATCH,
DELETE) made with the session cookie must present it, as the ``csrf_token`` form field (every
form the templates render has it) or the ``X-CSRF-Token`` header (htmx sends it from the
``hx-headers`` of ``<body>``). Requests authenticated by a Bearer token carry no cookie, so
they cannot be forged cross-site and need none. The login form, made before a session exists,
uses a double-submit cookie (``sabt_login_csrf``) instead.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


async def presented_token(request: Request) -> str | None:
    """The token a request presents: header first, then the form field."""
    header = request.headers.get(HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()   # Starlette caches the parsed form for the endpoint
        value = form.get(FIELD)
        return value if isinstance(value, str) else None
    return None
