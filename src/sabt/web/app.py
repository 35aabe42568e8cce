"""The web application: one FastAPI app over one case.

Every request passes :func:`guard`: it finds the actor (a Bearer token or the session cookie),
looks the matched route up in :data:`sabt.web.permissions.ROUTE_ACTIONS`, asks
:func:`~sabt.web.permissions.authorize`, and checks CSRF on cookie-authenticated writes.
Anonymous requests get 401 (API) or a redirect to ``/login`` (pages); a role without the right
gets 403. The server log gets one line per request — method, path (never the query string,
which may hold a searched name), status, time, user — and never a body or an identity.
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sabt.case import Case
from sabt.errors import KeyMissing, SabtError
from sabt.protection import Moved
from sabt.settings import EstimateOptions
from sabt.web import auth, bodies, csrf, reauth, tokens
from sabt.web.i18n import Translator
from sabt.web.permissions import ANONYMOUS, BROWSER_ONLY, Actor, authorize, route_action
from sabt.web.refusals import Explained
from sabt.web.views.data import NotFound, Refused

HERE = Path(__file__).parent
API_PREFIXES = ("/api/", "/openapi.json")
THREADS = int(os.environ.get("SABT_WEB_THREADS", "8"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; connect-src 'self'")


class LoginRequired(Exception):
    """An anonymous or expired session asked for a page."""


class Forbidden(Exception):
    def __init__(self, message: str = "forbidden"):
        super().__init__(message)
        self.message = message


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIXES)


def _actor_of(request: Request) -> Actor:
    app = request.app
    case: Case = app.state.case
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer":
            return ANONYMOUS
        checked = tokens.check(case, token.strip())
        request.state.token_refusal = checked.refusal     # the 401 says why (revoked, expired, …)
        return checked.actor or ANONYMOUS
    web = app.state.sessions.get(request.cookies.get(auth.SESSION_COOKIE))
    if web is None:
        return ANONYMOUS
    request.state.csrf_token = web.csrf
    return auth.actor_for_user(web.user, "session")


async def guard(request: Request) -> None:
    """Authenticate, authorise by the route table, check CSRF. Runs before every route."""
    route = request.scope.get("route")
    path = getattr(route, "path", request.url.path)
    action = route_action(request.method, path)
    actor = reauth.freshen(request, _actor_of(request))
    request.state.actor = actor
    request.state.action = action
    if action is None:                       # a route nobody wrote a rule for is closed
        raise Forbidden("this route has no permission rule")
    if action == "public":
        return
    if actor.is_anonymous:
        raise LoginRequired()
    if not authorize(actor, action):
        raise Forbidden(f"the {actor.role} role may not do this")
    if actor.read_only and request.method not in csrf.SAFE_METHODS:
        raise Forbidden("this API token is read-only")
    if actor.via != "session" and action in BROWSER_ONLY:
        raise Forbidden("sign in with a browser to manage an account; an API token cannot")
    if request.method not in csrf.SAFE_METHODS and actor.via == "session":
        if not csrf.tokens_match(getattr(request.state, "csrf_token", None), await csrf.presented_token(request)):
            raise Forbidden("missing or wrong CSRF token; reload the page")


SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY")]


class LogAndHarden:
    """Outermost layer of the app (plain ASGI: cheaper than ``BaseHTTPMiddleware`` on every
    request): refuses a large body from an anonymous client before anything parses it, adds the
    security headers, turns an unhandled error into a bare 500 (never a traceback, which may hold
    values), and writes the request's log line."""

    def __init__(self, app, logger: logging.Logger):
        self.app, self.logger = app, logger

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        method, path = scope["method"], scope["path"]
        headers = dict(scope["headers"])
        status = {"code": 500, "sent": False}

        exceeded: dict = {}

        async def send_hardened(message):
            if exceeded and not status["sent"] and message.get("status") != 413:
                return      # the app's answer to a body cut off (a parser's 400): 413 follows
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
                out = [(k, v) for k, v in message.get("headers", ()) if k not in (b"x-frame-options", b"cache-control")
                       or (k == b"cache-control" and path.startswith("/static/"))]
                if not any(k == b"content-security-policy" for k, _ in out):
                    out.append((b"content-security-policy", CSP.encode()))
                out.extend(SECURITY_HEADERS)
                if not path.startswith("/static/"):
                    out.append((b"cache-control", b"no-store"))
                message = {**message, "headers": out}
            await send(message)

        try:
            refusal = await _refuse_body(scope, headers)
            if refusal is not None:
                # bodies are parsed before the guard runs: refuse one nobody may send, unread
                await JSONResponse({"detail": refusal[1]}, status_code=refusal[0])(scope, receive, send_hardened)
            else:
                await self.app(scope, bodies.counting(receive, bodies.boundary_of(headers), exceeded), send_hardened)
            if exceeded and not status["sent"]:
                raise exceeded["error"]
        except bodies.BodyTooLarge as error:
            if status["sent"]:
                raise
            await JSONResponse({"detail": error.message}, status_code=413)(scope, receive, send_hardened)
        except Exception as error:   # never a traceback (it may hold values) in the log or the page
            self.logger.error("%s %s 500 error=%s", method, path, type(error).__name__)
            if status["sent"]:
                raise
            await JSONResponse({"detail": "internal error"}, status_code=500)(scope, receive, send_hardened)
        actor = scope.get("state", {}).get("actor", ANONYMOUS)
        self.logger.info("%s %s %s %.1fms user=%s", method, path, status["code"], (time.perf_counter() - started) * 1000,
                         actor.name)


async def _refuse_body(scope, headers: dict) -> tuple[int, str] | None:
    """(status, reason) for a body to refuse before reading a byte of it (:mod:`sabt.web.bodies`):
    over the request limit; or more than a small form from anyone but a signed-in user whose role
    may upload — the token or session is checked here, not merely present."""
    declared = bodies.declared_length(headers)
    if declared is not None and declared > bodies.MAX_REQUEST_BODY:
        return 413, f"a request may carry at most {bodies.MAX_REQUEST_BODY >> 20} MiB"
    if declared is not None and 0 <= declared <= bodies.SMALL_BODY:
        return None
    actor = await anyio.to_thread.run_sync(_actor_of, Request(scope))
    if actor.is_anonymous:
        return 401, "not authenticated"
    if not authorize(actor, "upload"):
        return 413, f"the {actor.role} role may send at most {bodies.SMALL_BODY >> 10} KiB"
    return None


def route_table(app) -> list[tuple[str, str]]:
    """Every (method, path template) the app serves through FastAPI routes, sorted.

    Routers are included without a prefix (the prefix lives on the router), so a route's own
    path — what :func:`guard` sees in ``scope["route"]`` — is the path it is served at.
    """
    from fastapi.routing import APIRoute

    found = []

    def walk(routes) -> None:
        for route in routes:
            if isinstance(route, APIRoute):
                found.extend((m, route.path) for m in route.methods if m != "HEAD")
            elif hasattr(route, "original_router"):
                if getattr(getattr(route, "include_context", None), "prefix", ""):
                    raise RuntimeError("include routers without a prefix; put it on the APIRouter")
                walk(route.original_router.routes)
    walk(app.routes)
    return sorted(found)


def create_app(case: Case, *, secure_cookies: bool = True, log_path: Path | None = None) -> FastAPI:
    """The web app over ``case``. ``secure_cookies=False`` only for plain-HTTP loopback tests.

    >>> app = create_app(Case.open(Settings.for_db("iran.sabt")))   # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)               # doctest: +SKIP
    """
    from sabt.web.jobs import Jobs
    from sabt.web.views import account, api, desk, pages, security

    case.key  # fail now, with the path in the message, when the key file is missing
    @asynccontextmanager
    async def lifespan(_app):
        # a few worker threads for the (synchronous) database work: more only fight over the GIL
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
        yield

    app = FastAPI(title="sabt", version="1", openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="The record of a case: sources, claims, incidents, persons, actors, evidence. "
                              "Authenticate with `Authorization: Bearer TOKEN` (`sabt user token NAME`).",
                  dependencies=[Depends(guard)])
    app.state.case = case
    app.state.secure_cookies = secure_cookies
    app.state.sessions = auth.SessionStore(case)
    app.state.limiter = auth.LoginLimiter(case)
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.globals["Translator"] = Translator
    app.state.templates.env.globals["estimate_defaults"] = EstimateOptions()
    logger = logging.getLogger(f"sabt.web.{id(app)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    if log_path is not None:
        handler = logging.FileHandler(log_path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    app.state.logger = logger
    app.state.jobs = Jobs(logger)

    app.add_middleware(LogAndHarden, logger=logger)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(desk.router)
    app.include_router(security.router)
    app.include_router(account.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_document() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _error: LoginRequired):
        if is_api(request):
            detail = getattr(request.state, "token_refusal", None) or "not authenticated"
            return JSONResponse({"detail": detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(Moved)
    async def _moved(request: Request, error: Moved):
        # a merged person's id: 308 (method kept) to the same path under the surviving id
        path = request.url.path.replace(f"/persons/{error.old_id}", f"/persons/{error.person_id}", 1)
        return JSONResponse({"detail": str(error), "person_id": error.person_id}, status_code=308,
                            headers={"Location": path})

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, error: Forbidden):
        if is_api(request):
            return JSONResponse({"detail": error.message}, status_code=403)
        return pages.error_page(request, 403, error.message)

    @app.exception_handler(reauth.ReauthRequired)
    async def _reauth_required(request: Request, error: reauth.ReauthRequired):
        if is_api(request):
            return JSONResponse({"detail": str(error), "reauth": "/reauth"}, status_code=403)
        target = "/reauth?next=" + quote(reauth.return_to(request), safe="")
        if request.headers.get("hx-request"):
            return Response(status_code=403, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    def _domain(status: int):
        async def handler(request: Request, error: SabtError):
            message = str(error)
            if is_api(request):
                # a 422 keeps the shape the OpenAPI document gives every 422 (a list of problems)
                detail = [{"loc": [], "msg": message, "type": "value_error"}] if status == 422 else message
                return JSONResponse({"detail": detail}, status_code=status)
            return pages.error_page(request, status, message)
        return handler

    @app.exception_handler(Explained)
    async def _explained(request: Request, error: Explained):
        # the reason in the asking user's language (the CLI says it in English)
        message = error.say(getattr(request.state, "actor", ANONYMOUS).lang)
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=400)
        return pages.error_page(request, 400, message)

    app.add_exception_handler(NotFound, _domain(404))
    app.add_exception_handler(Refused, _domain(409))
    app.add_exception_handler(auth.AuthError, _domain(400))
    app.add_exception_handler(KeyMissing, _domain(503))
    app.add_exception_handler(SabtError, _domain(422))

    @app.exception_handler(UnicodeEncodeError)
    @app.exception_handler(DataError)
    async def _unstorable(request: Request, error: Exception):
        logger.warning("%s %s 422 data", request.method, request.url.path)
        message = "a value the database cannot hold (too large, or not valid text)"
        if is_api(request):
            return JSONResponse({"detail": [{"loc": [], "msg": message, "type": "value_error"}]}, status_code=422)
        return pages.error_page(request, 422, message)

    @app.exception_handler(IntegrityError)
    async def _conflict(request: Request, error: IntegrityError):
        # the constraint's message may quote values: log only that it happened
        logger.warning("%s %s 409 integrity", request.method, request.url.path)
        message = "this would break the record's integrity (a reference or a unique value)"
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=409)
        return pages.error_page(request, 409, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException):
        if is_api(request) or error.status_code == 405:
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
        return pages.error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError):
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in error.errors()]
        if is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        text = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in problems)
        return pages.error_page(request, 422, text)

    return app
