"""Server-rendered pages (Jinja2 + htmx): browse, search, enter, review, run, read.

Pages call the same functions as the JSON API (:mod:`sabt.web.views.data`,
:mod:`sabt.web.views.operations`). Every template is autoescaped; every form carries the
session's CSRF token; every label goes through the user's language.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from pydantic import ValidationError
from starlette.background import BackgroundTask

from sabt import protection as protect
from sabt.claims.values import format_count
from sabt.claims.vocab import METRICS, RELIABILITY, STATUSES, grade
from sabt.dates import DateProblem, parse_date
from sabt.errors import SabtError
from sabt.web import auth, csrf
from sabt.web.deps import CaseDep, CurrentActor
from sabt.web.i18n import LANGS, Translator
from sabt.web.permissions import Actor, authorize, may_see_protected
from sabt.web.reauth import RECENT_REAUTH
from sabt.web.schemas import MAX_ID, ClaimIn, DecisionIn, EstimateIn, IncidentIn, SourceIn
from sabt.web.views import data, operations, security
from sabt.web.views.data import Filters

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
INCIDENT_TYPES = ("killing", "hospital_raid", "arrest", "enforced_disappearance", "torture", "execution",
                  "internet_shutdown", "deployment", "directive", "other")
SOURCE_KINDS = ("document", "list", "report", "testimony", "media", "statement", "dataset", "other")


# -- rendering -------------------------------------------------------------------------------
def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    actor: Actor = getattr(request.state, "actor", None) or Actor("anonymous", "anonymous")
    lang = actor.lang if not actor.is_anonymous else (
        getattr(request.state, "lang", None) or request.query_params.get("lang") or "en")   # state: a halfway sign-in's
    t = Translator(lang)
    context.update(request=request, actor=actor, t=t, csrf_token=getattr(request.state, "csrf_token", ""),
                   may=lambda action: authorize(actor, action), path=request.url.path)
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


async def page_filters(   # async: no thread-pool hop for parsing a query string
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
    per_page: Annotated[int, Query(ge=1, le=data.MAX_PER_PAGE)] = 25,
    q: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    date_from: Annotated[str | None, Query(max_length=20)] = None,
    date_to: Annotated[str | None, Query(max_length=20)] = None,
    status: Annotated[str | None, Query(max_length=50)] = None,
    source: Annotated[str | None, Query(max_length=100)] = None,
    metric: Annotated[str | None, Query(max_length=50)] = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
) -> Filters:
    def day(text):
        try:
            return entered_date(text)
        except DateProblem:
            return None
    texts = {"q": q, "place": place, "status": status, "source": source, "metric": metric, "kind": kind}
    data.check_filter_texts(texts)
    return Filters(page, per_page, q, place, day(date_from), day(date_to), status, source, metric, kind).clean()


PageFilters = Annotated[Filters, Depends(page_filters)]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
SourceId = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]


def entered_date(text: str | None) -> dt.date | None:
    """A date as typed in either calendar and either digits: ``۱۴۰۴/۱۰/۱۸``, ``1404-10-18``,
    ``۱۸ دی ۱۴۰۴`` or ``2026-01-08`` (:func:`sabt.dates.parse_date`; years 1200–1499 are Solar
    Hijri). Raises :class:`sabt.dates.DateProblem` with the reason."""
    if not text or not text.strip():
        return None
    return parse_date(text).date


def value_text(low, best, high, t: Translator, qualifier: str | None = None) -> str:
    """A value as its source stated it ("more than 3,000", "thousands", "12,000–20,000"):
    :func:`sabt.claims.values.format_count`, the one formatter of values in every view."""
    if low is None and best is None and high is None and not qualifier:
        return "—"
    return format_count(low, best, high, qualifier, lang=t.lang)


def _cell(text, href: str | None = None, cls: str | None = None) -> dict:
    return {"text": "—" if text is None or text == "" else text, "href": href, "cls": cls}


def _pager(request: Request, result) -> dict:
    pages = max(1, -(-result.total // result.per_page))
    params = dict(request.query_params)

    def link(number: int) -> str:
        params["page"] = str(number)
        return "?" + urlencode(params)
    return {"page": result.page, "pages": pages, "total": result.total,
            "prev": link(result.page - 1) if result.page > 1 else None,
            "next": link(result.page + 1) if result.page < pages else None}


def _list(request: Request, title: str, columns: list[str], rows: list[list[dict]], result, filters: list[str],
          f: Filters, new_href: str | None = None, options: dict | None = None, labels: dict | None = None) -> HTMLResponse:
    """A list page; ``labels`` names a filter's options where the vocabulary cannot (sources)."""
    return render(request, "list.html", title=title, columns=columns, rows=rows, pager=_pager(request, result),
                  filters=filters, f=f, new_href=new_href, options=options or {}, labels=labels or {},
                  export_href=f"/export/{title}" if title in data.EXPORTABLE else None)


def _source_cell(case, source_id: str | None, href: bool = True) -> dict:
    """A source by its name (linked), not its id."""
    if not source_id:
        return _cell(None)
    name = data.source_names(case, [source_id]).get(source_id, source_id)
    return _cell(name, f"/sources/{source_id}" if href else None)


def _place(case, t: Translator, key: str | None = None, text: str | None = None) -> str | None:
    """A place by its gazetteer name in the user's language (``IR-23`` → Kermanshah / کرمانشاه);
    the place as the source wrote it when it has no gazetteer entry."""
    return data.place_name(case, key, t.lang) if key else text


def _name_cell(identity, t: Translator, href: str) -> dict:
    name = identity.name
    if name == protect.REDACTED:
        return _cell(t("protected_identity"), href, "redacted")
    return _cell(name, href)


# -- export -----------------------------------------------------------------------------------------
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "parquet": "application/vnd.apache.parquet"}


@router.get("/export/{table}")
def export_page(request: Request, case: CaseDep, actor: CurrentActor,
                table: Annotated[str, Path(max_length=40, pattern=r"^[a-z_]+$")],
                format: Annotated[str, Query(max_length=10)] = "csv"):
    """The whole table as a file, redacted for the role (see :func:`sabt.web.views.data.export`)."""
    if format not in EXPORT_TYPES:
        raise SabtError(f"unknown format {format!r}; one of {', '.join(EXPORT_TYPES)}")
    folder = tempfile.mkdtemp(prefix="sabt-export-")
    out = os.path.join(folder, f"{table}.{format}")
    try:
        data.export(case, table, format, actor, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(out, media_type=EXPORT_TYPES[format], filename=f"{table}.{format}",
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))


# -- the icon ------------------------------------------------------------------------------------
@router.get("/favicon.ico")
def favicon():
    """The tab icon, from the package (browsers ask for it on every page; it was a 404)."""
    from pathlib import Path as FilePath

    return FileResponse(FilePath(__file__).parent.parent / "static" / "favicon.ico", media_type="image/x-icon",
                        headers={"Cache-Control": "public, max-age=86400"})


# -- sign-in ---------------------------------------------------------------------------------
def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: Annotated[str | None, Query(max_length=500)] = None):
    token = csrf.new_token()
    response = render(request, "login.html", login_csrf=token, next=_safe_next(next), error=None)
    response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, max_age=3600, path="/login")
    return response


@router.post("/login")
def login(request: Request, case: CaseDep, username: Annotated[str, Form(max_length=100)],
          password: Annotated[str, Form(max_length=1000)], csrf_token: Annotated[str, Form(max_length=200)] = "",
          next: Annotated[str, Form(max_length=500)] = "/"):
    def again(status: int, message_key: str):
        token = csrf.new_token()
        response = render(request, "login.html", status=status, login_csrf=token, next=_safe_next(next),
                          error=message_key)
        response.set_cookie(auth.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
                            secure=request.app.state.secure_cookies, max_age=3600, path="/login")
        return response

    if not csrf.tokens_match(request.cookies.get(auth.LOGIN_CSRF_COOKIE), csrf_token):
        return again(403, "login_csrf")
    limiter: auth.LoginLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    keys = (auth.login_key(username), "ip:" + client)
    if limiter.blocked(*keys):
        return again(429, "login_blocked")
    user = auth.authenticate(case, username.strip(), password)
    if user is None:
        limiter.failed(*keys)
        return again(401, "login_failed")
    halfway = security.halfway_sign_in(request, case, user, next)   # a second factor or an enrolment is due
    if halfway is not None:
        return halfway
    limiter.succeeded(keys[0])
    # the password of a user without a second factor is a fresh proof, as a second factor is
    response = security.finish_sign_in(request, case, user.id, RedirectResponse(_safe_next(next), status_code=303))
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
def logout(request: Request):
    request.app.state.sessions.end(request.cookies.get(auth.SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.post("/me/lang")
def switch_language(request: Request, case: CaseDep, actor: CurrentActor, lang: Annotated[str, Form(max_length=5)],
                    next: Annotated[str, Form(max_length=500)] = "/"):
    if lang not in LANGS:
        return error_page(request, 422, "unknown language")
    auth.set_language(case, actor, lang)
    return RedirectResponse(_safe_next(next), status_code=303)


# -- home --------------------------------------------------------------------------------------
@router.get("/")
def home(request: Request, case: CaseDep, actor: CurrentActor):
    t = Translator(actor.lang)
    stats = case.stats()
    recent = data.list_claims(case, Filters(per_page=8).clean())
    return render(request, "home.html", stats=stats,
                  recent=[{"id": c.id, "source": _source_cell(case, c.source_id), "metric": t.label("metric", c.metric), "value": value_text(c.low, c.best, c.high, t, c.qualifier),
                           "as_of": t.date(c.as_of, c.date_precision), "status": t.label("status", c.status)} for c in recent.items])


# -- sources -----------------------------------------------------------------------------------
@router.get("/sources")
def sources_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_sources(case, f)
    rows = [[_cell(t.digits(s.id), f"/sources/{s.id}"), _cell(s.name), _cell(s.publisher), _cell(t("kind." + (s.kind or "other"))),
             _cell(s.reliability), _cell(t.date(s.published))] for s in result.items]
    return _list(request, "sources", ["id", "name", "publisher", "kind", "reliability", "published"], rows, result,
                 ["q", "kind"], f, "/sources/new" if authorize(actor, "write") else None,
                 {"kind": SOURCE_KINDS})


def _source_fields(values: dict | None = None, t: Translator | None = None) -> list[dict]:
    v = values or {}
    return [
        {"name": "id", "type": "text", "required": True, "value": v.get("id"), "pattern": "[A-Za-z0-9][A-Za-z0-9._-]{0,99}"},
        {"name": "name", "type": "text", "required": True, "value": v.get("name")},
        {"name": "publisher", "type": "text", "value": v.get("publisher")},
        {"name": "kind", "type": "select", "options": SOURCE_KINDS, "value": v.get("kind") or "document", "prefix": "kind."},
        {"name": "url", "type": "url", "value": v.get("url")},
        {"name": "language", "type": "text", "value": v.get("language")},
        {"name": "published", "type": "date", "value": v.get("published")},
        {"name": "reliability", "type": "select", "options": ("",) + tuple(RELIABILITY), "value": v.get("reliability"),
         "prefix": "reliability."},
        {"name": "notes", "type": "textarea", "value": v.get("notes")},
    ]


@router.get("/sources/new")
def new_source_page(request: Request):
    return render(request, "form.html", title="new_source", action="/sources", fields=_source_fields(), errors=[])


async def _form_values(request: Request, names: list[str], dates: tuple[str, ...] = ()) -> dict:
    """The form's fields, stripped; the ``dates`` typed in either calendar become ISO dates (a
    date that cannot be read stays as typed, and :func:`_date_problems` names it)."""
    form = await request.form()
    values = {}
    for name in names:
        value = form.get(name)
        if isinstance(value, str):
            value = value.strip()
            values[name] = value if value != "" else None
    for name in dates:
        try:
            day = entered_date(values.get(name))
            values[name] = day.isoformat() if day else None
        except DateProblem:
            pass
    return values


def _date_problems(values: dict, fields: list[dict]) -> list[str]:
    problems = []
    for field in fields:
        if field["type"] == "date" and values.get(field["name"]):
            try:
                entered_date(values[field["name"]])
            except DateProblem as problem:
                problems.append(f"{field['name']}: {problem}")
    return problems


def _date_names(fields: list[dict]) -> tuple[str, ...]:
    return tuple(f["name"] for f in fields if f["type"] == "date")


def _problems(error: ValidationError) -> list[str]:
    return [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"] for e in error.errors()]


@router.post("/sources")
async def create_source_page(request: Request, case: CaseDep, actor: CurrentActor):
    names = [field["name"] for field in _source_fields()]
    values = await _form_values(request, names, _date_names(_source_fields()))
    problems = _date_problems(values, _source_fields())
    if problems:
        return render(request, "form.html", status=422, title="new_source", action="/sources",
                      fields=_source_fields(values), errors=problems)
    try:
        body = SourceIn(**{k: v for k, v in values.items() if v is not None})
        created = data.create_source(case, body, actor)
    except ValidationError as error:
        return render(request, "form.html", status=422, title="new_source", action="/sources",
                      fields=_source_fields(values), errors=_problems(error))
    except data.Refused as error:
        return render(request, "form.html", status=409, title="new_source", action="/sources",
                      fields=_source_fields(values), errors=[str(error)])
    return RedirectResponse(f"/sources/{created.id}", status_code=303)


@router.get("/sources/{source_id}")
def source_page(request: Request, case: CaseDep, actor: CurrentActor, source_id: SourceId):
    t = Translator(actor.lang)
    s = data.get_source(case, source_id)
    claims = data.list_claims(case, Filters(source=source_id, per_page=50).clean())
    fields = [("id", s.id, None), ("name", s.name, None), ("publisher", s.publisher, None),
              ("kind", t("kind." + (s.kind or "other")), None), ("url", s.url, None),
              ("language", s.language, None), ("published", t.date(s.published), None),
              ("reliability", t('reliability.' + s.reliability) if s.reliability else None, None),
              ("notes", s.notes, None)]
    related = {"title": "claims", "columns": ["id", "metric", "value", "as_of", "status"],
               "rows": [[_cell(t.digits(c.id), f"/claims/{c.id}"), _cell(t.label("metric", c.metric)),
                         _cell(value_text(c.low, c.best, c.high, t, c.qualifier)), _cell(t.date(c.as_of, c.date_precision)), _cell(t.label("status", c.status))] for c in claims.items]}
    actions = [{"href": f"/claims/new?source_id={s.id}", "label": "new_claim"}] if authorize(actor, "write") else []
    records = data.list_records(case, Filters(source=source_id, per_page=25).clean(), actor)
    listed = {"title": "records", "columns": RECORD_COLUMNS, "rows": [_record_row(case, r, t) for r in records.items],
              "more": (f"/records?source={source_id}", records.total) if records.total > len(records.items) else None,
              "id": "source-records"}
    reveal = may_see_protected(actor)
    imports = {"title": "import_history", "id": "imports",
               "columns": ["id", "added", "file", "format", "records"] + (["rows_read", "rows_added", "sha256"] if reveal else []),
               "rows": [[_cell(t.digits(b["id"])), _cell(t.datetime(b["at"])), _cell(b["file"]), _cell(b["format"]),
                         _cell(t.num(b["records"]))]
                        + ([_cell(t.num(b["rows_read"])), _cell(t.num(b["rows_added"])), _cell(b["sha256"][:16] + "…", None, "mono")]
                           if reveal else []) for b in data.source_imports(case, source_id, actor)]}
    return render(request, "detail.html", title=s.name, kind="source", fields=fields,
                  related=[related] + ([listed, imports] if records.total or imports["rows"] else []), actions=actions,
                  forms=[])


# -- claims ------------------------------------------------------------------------------------
@router.get("/claims")
def claims_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_claims(case, f)
    rows = [[_cell(t.digits(c.id), f"/claims/{c.id}"), _source_cell(case, c.source_id), _cell(t.label("metric", c.metric)),
             _cell(value_text(c.low, c.best, c.high, t, c.qualifier)),
             _cell(t.date(c.as_of, c.date_precision)), _cell(_place(case, t, c.place_key, c.place_text)), _cell(t.label("status", c.status)),
             _cell(grade(c.reliability, c.credibility))] for c in result.items]
    return _list(request, "claims", ["id", "source", "metric", "value", "as_of", "place", "status", "grade"], rows, result,
                 ["q", "place", "date_from", "date_to", "status", "source", "metric"], f,
                 "/claims/new" if authorize(actor, "write") else None,
                 {"status": STATUSES, "metric": tuple(METRICS)})


def _claim_fields(values: dict | None = None) -> list[dict]:
    v = values or {}
    return [
        {"name": "source_id", "type": "text", "required": True, "value": v.get("source_id"), "list": "sources"},
        {"name": "metric", "type": "select", "options": tuple(METRICS), "value": v.get("metric") or "killed", "prefix": "metric."},
        {"name": "low", "type": "number", "value": v.get("low")},
        {"name": "best", "type": "number", "value": v.get("best")},
        {"name": "high", "type": "number", "value": v.get("high")},
        {"name": "qualifier", "type": "text", "value": v.get("qualifier")},
        {"name": "as_of", "type": "date", "value": v.get("as_of")},
        {"name": "period_start", "type": "date", "value": v.get("period_start")},
        {"name": "period_end", "type": "date", "value": v.get("period_end")},
        {"name": "place_text", "type": "text", "value": v.get("place_text")},
        {"name": "place_key", "type": "text", "value": v.get("place_key")},
        {"name": "actor_text", "type": "text", "value": v.get("actor_text")},
        {"name": "attributed_to", "type": "text", "value": v.get("attributed_to")},
        {"name": "reliability", "type": "select", "options": ("",) + tuple(RELIABILITY), "value": v.get("reliability"),
         "prefix": "reliability."},
        {"name": "credibility", "type": "select", "options": ("", "1", "2", "3", "4", "5", "6"),
         "value": str(v.get("credibility") or ""), "prefix": "credibility."},
        {"name": "status", "type": "select", "options": STATUSES, "value": v.get("status") or "reported", "prefix": "status."},
        {"name": "quote", "type": "textarea", "value": v.get("quote")},
    ]


@router.get("/claims/new")
def new_claim_page(request: Request, case: CaseDep, source_id: Annotated[str | None, Query(max_length=100)] = None):
    sources = data.list_sources(case, Filters(per_page=100).clean()).items
    return render(request, "form.html", title="new_claim", action="/claims", fields=_claim_fields({"source_id": source_id}),
                  errors=[], datalists={"sources": [s.id for s in sources]})


async def _save_claim(request: Request, case, actor, supersedes: int | None):
    names = [field["name"] for field in _claim_fields()]
    values = await _form_values(request, names, _date_names(_claim_fields()))
    action = "/claims" if supersedes is None else f"/claims/{supersedes}"
    title = "new_claim" if supersedes is None else "edit_claim"
    problems = _date_problems(values, _claim_fields())
    if problems:
        return render(request, "form.html", status=422, title=title, action=action, fields=_claim_fields(values),
                      errors=problems)
    try:
        body = ClaimIn(**{k: v for k, v in values.items() if v is not None})
        saved = data.create_claim(case, body, actor, supersedes=supersedes)
    except ValidationError as error:
        return render(request, "form.html", status=422, title=title, action=action, fields=_claim_fields(values),
                      errors=_problems(error))
    except data.Refused as error:
        return render(request, "form.html", status=409, title=title, action=action, fields=_claim_fields(values),
                      errors=[str(error)])
    return RedirectResponse(f"/claims/{saved.id}", status_code=303)


@router.post("/claims")
async def create_claim_page(request: Request, case: CaseDep, actor: CurrentActor):
    return await _save_claim(request, case, actor, None)


@router.get("/claims/{claim_id}")
def claim_page(request: Request, case: CaseDep, actor: CurrentActor, claim_id: RowId):
    t = Translator(actor.lang)
    c = data.get_claim(case, claim_id)
    fields = [("source", _source_cell(case, c.source_id)["text"], f"/sources/{c.source_id}"), ("metric", t.label("metric", c.metric), None),
              ("value", value_text(c.low, c.best, c.high, t, c.qualifier), None),
              ("low", t.num(c.low), None), ("best", t.num(c.best), None), ("high", t.num(c.high), None),
              ("qualifier", c.qualifier, None), ("as_of", t.date(c.as_of, c.date_precision), None),
              ("period", f"{t.date(c.period_start, c.date_precision)} – {t.date(c.period_end, c.date_precision)}"
               if c.period_start or c.period_end else None, None),
              ("place", _place(case, t, c.place_key, c.place_text), None), ("actor", c.actor_text, None),
              ("attributed_to", c.attributed_to, None), ("grade", grade(c.reliability, c.credibility), None),
              ("status", t.label("status", c.status), None), ("quote", c.quote, None),
              ("supersedes", c.supersedes_id, f"/claims/{c.supersedes_id}" if c.supersedes_id else None),
              ("superseded", t("yes") if c.superseded else t("no"), None), ("created_by", c.created_by, None)]
    actions = []
    if authorize(actor, "write") and not c.superseded:
        actions.append({"href": f"/claims/{c.id}/edit", "label": "edit_claim"})
    return render(request, "detail.html", title=t.digits(c.id), kind="claim", fields=fields,
                  related=[], actions=actions, forms=[])


@router.get("/claims/{claim_id}/edit")
def edit_claim_page(request: Request, case: CaseDep, claim_id: RowId):
    c = data.get_claim(case, claim_id)
    values = c.model_dump()
    for k, v in list(values.items()):
        if isinstance(v, dt.date):
            values[k] = v.isoformat()
    return render(request, "form.html", title="edit_claim", action=f"/claims/{claim_id}", fields=_claim_fields(values),
                  errors=[], note="supersede_note")


@router.post("/claims/{claim_id}")
async def update_claim_page(request: Request, case: CaseDep, actor: CurrentActor, claim_id: RowId):
    return await _save_claim(request, case, actor, claim_id)


# -- incidents ---------------------------------------------------------------------------------
@router.get("/incidents")
def incidents_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_incidents(case, f)
    rows = [[_cell(t.digits(i.id), f"/incidents/{i.id}"), _cell(i.title), _cell(t("type." + i.type)), _cell(t.date(i.start_date, i.date_precision)),
             _cell(_place(case, t, i.place_key, i.place_text)), _cell(t.num(i.count_best)), _cell(t.label("status", i.status))]
            for i in result.items]
    return _list(request, "incidents", ["id", "title", "type", "start_date", "place", "count", "status"], rows, result,
                 ["q", "place", "date_from", "date_to", "status", "source", "kind"], f,
                 "/incidents/new" if authorize(actor, "write") else None, {"status": STATUSES, "kind": INCIDENT_TYPES})


def _incident_fields(values: dict | None = None) -> list[dict]:
    v = values or {}
    return [
        {"name": "title", "type": "text", "required": True, "value": v.get("title")},
        {"name": "type", "type": "select", "options": INCIDENT_TYPES, "value": v.get("type") or "killing", "prefix": "type."},
        {"name": "start_date", "type": "date", "value": v.get("start_date")},
        {"name": "end_date", "type": "date", "value": v.get("end_date")},
        {"name": "place_text", "type": "text", "value": v.get("place_text")},
        {"name": "place_key", "type": "text", "value": v.get("place_key")},
        {"name": "count_metric", "type": "select", "options": ("",) + tuple(METRICS), "value": v.get("count_metric"),
         "prefix": "metric."},
        {"name": "count_low", "type": "number", "value": v.get("count_low")},
        {"name": "count_best", "type": "number", "value": v.get("count_best")},
        {"name": "count_high", "type": "number", "value": v.get("count_high")},
        {"name": "status", "type": "select", "options": STATUSES, "value": v.get("status") or "reported", "prefix": "status."},
        {"name": "claim_ids", "type": "text", "value": v.get("claim_ids"), "hint": "claim_ids_hint"},
        {"name": "description", "type": "textarea", "value": v.get("description")},
    ]


@router.get("/incidents/new")
def new_incident_page(request: Request):
    return render(request, "form.html", title="new_incident", action="/incidents", fields=_incident_fields(), errors=[])


async def _save_incident(request: Request, case, actor, incident_id: RowId | None):
    values = await _form_values(request, [field["name"] for field in _incident_fields()], _date_names(_incident_fields()))
    action = "/incidents" if incident_id is None else f"/incidents/{incident_id}"
    title = "new_incident" if incident_id is None else "edit_incident"
    problems = _date_problems(values, _incident_fields())
    if problems:
        return render(request, "form.html", status=422, title=title, action=action, fields=_incident_fields(values),
                      errors=problems)
    try:
        payload = {k: v for k, v in values.items() if v is not None}
        ids = (payload.pop("claim_ids", "") or "").replace("،", ",").replace(" ", ",")
        try:
            payload["claim_ids"] = [int(x) for x in ids.split(",") if x.strip()]
        except ValueError:
            payload["claim_ids"] = ["not a number"]
        body = IncidentIn(**payload)
        saved = data.save_incident(case, body, actor, incident_id)
    except ValidationError as error:
        return render(request, "form.html", status=422, title=title, action=action, fields=_incident_fields(values),
                      errors=_problems(error))
    except data.Refused as error:
        return render(request, "form.html", status=409, title=title, action=action, fields=_incident_fields(values),
                      errors=[str(error)])
    return RedirectResponse(f"/incidents/{saved.id}", status_code=303)


@router.post("/incidents")
async def create_incident_page(request: Request, case: CaseDep, actor: CurrentActor):
    return await _save_incident(request, case, actor, None)


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, case: CaseDep, actor: CurrentActor, incident_id: RowId):
    t = Translator(actor.lang)
    i = data.get_incident(case, incident_id)
    fields = [("title", i.title, None), ("type", t("type." + i.type), None),
              ("dates", f"{t.date(i.start_date, i.date_precision)} – {t.date(i.end_date, i.date_precision)}", None), ("place", _place(case, t, i.place_key, i.place_text), None),
              ("count", f"{t.num(i.count_low)} / {t.num(i.count_best)} / {t.num(i.count_high)}", None),
              ("status", t.label("status", i.status), None), ("description", i.description, None)]
    claims = [data.get_claim(case, cid) for cid in i.claim_ids[:100]]
    related = {"title": "claims", "columns": ["id", "source", "metric", "value", "as_of"],
               "rows": [[_cell(t.digits(c.id), f"/claims/{c.id}"), _source_cell(case, c.source_id),
                         _cell(t.label("metric", c.metric)), _cell(value_text(c.low, c.best, c.high, t, c.qualifier)),
                         _cell(t.date(c.as_of, c.date_precision))] for c in claims]}
    actions = [{"href": f"/incidents/{i.id}/edit", "label": "edit_incident"}] if authorize(actor, "write") else []
    return render(request, "detail.html", title=i.title, kind="incident", fields=fields, related=[related],
                  actions=actions, forms=[])


@router.get("/incidents/{incident_id}/edit")
def edit_incident_page(request: Request, case: CaseDep, incident_id: RowId):
    i = data.get_incident(case, incident_id)
    values = i.model_dump()
    for k, v in list(values.items()):
        if isinstance(v, dt.date):
            values[k] = v.isoformat()
    values["claim_ids"] = ", ".join(str(c) for c in i.claim_ids)
    return render(request, "form.html", title="edit_incident", action=f"/incidents/{incident_id}",
                  fields=_incident_fields(values), errors=[])


@router.post("/incidents/{incident_id}")
async def update_incident_page(request: Request, case: CaseDep, actor: CurrentActor, incident_id: RowId):
    return await _save_incident(request, case, actor, incident_id)


# -- persons and records -------------------------------------------------------------------------
@router.get("/persons")
def persons_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_persons(case, f, actor)
    rows = [[_cell(t.digits(p.id), f"/persons/{p.id}"), _name_cell(p.identity, t, f"/persons/{p.id}"),
             _cell(t("yes") if p.protected else ""), _cell(p.sex), _cell(t.num(p.age)), _cell(t.date(p.date_of_death)),
             _cell(_place(case, t, p.province_code)), _cell(t.label("status", p.status) if p.status else None)] for p in result.items]
    return _list(request, "persons", ["id", "name", "protected", "sex", "age", "date_of_death", "province", "status"],
                 rows, result, ["q", "place", "date_from", "date_to", "status", "source"], f)


def _protection_form(actor: Actor, table: str, row_id: int, protected: bool, t=None,
                     release_records: list[int] = ()) -> list[dict]:
    """Protect or release; releasing a person names the records it releases and asks to confirm."""
    if not authorize(actor, "protect"):
        return []
    form = {"action": f"/{table}/{row_id}/protection", "fields": {"protected": "0" if protected else "1"},
            "label": "release_identity" if protected else "protect_identity", "danger": protected}
    if protected and release_records:
        form["fields"]["release_records"] = ",".join(map(str, release_records))
        form["confirm"] = f"{t('release_records_confirm')} {', '.join(t.digits(r) for r in release_records)}"
    return [form]


@router.get("/persons/{person_id}")
def person_page(request: Request, case: CaseDep, actor: CurrentActor, person_id: RowId):
    t = Translator(actor.lang)
    p, records = data.person_with_records(case, person_id, actor)
    fields = [("name", _name_cell(p.identity, t, None)["text"], None), ("name_latin", p.identity.name_latin, None),
              ("father_name", p.identity.father_name, None), ("protected", t("yes") if p.protected else t("no"), None),
              ("sex", p.sex, None), ("age", t.num(p.age), None), ("birth_year", t.digits(p.birth_year), None),
              ("date_of_death", t.date(p.date_of_death), None), ("date_of_arrest", t.date(p.date_of_arrest), None),
              ("status", t.label("status", p.status) if p.status else None, None),
              ("province", _place(case, t, p.province_code), None)]
    related = {"title": "records", "columns": ["id", "source", "name", "date_of_death", "place"],
               "rows": [[_cell(t.digits(r.id), f"/records/{r.id}"), _source_cell(case, r.source_id),
                         _name_cell(r.identity, t, f"/records/{r.id}"), _cell(t.date(r.date_of_death)),
                         _cell(r.place_text)] for r in records]}
    return render(request, "detail.html", title=t.digits(p.id), kind="person", fields=fields,
                  related=[related], actions=[],
                  forms=_protection_form(actor, "persons", p.id, p.protected, t,
                                         protect.person_records(case, p.id)[1] if p.protected else ()))


@router.post("/persons/{person_id}/protection", dependencies=[RECENT_REAUTH])
def protect_person_page(request: Request, case: CaseDep, actor: CurrentActor, person_id: RowId,
                        protected: Annotated[str, Form(max_length=1)],
                        release_records: Annotated[str, Form(max_length=100_000)] = "",
                        confirm: Annotated[str, Form(max_length=1)] = ""):
    release = [int(r) for r in release_records.split(",") if r.strip().isdigit()]
    protect.set_person_protection(case, person_id, protected == "1", actor.name, release, confirm == "1")
    return RedirectResponse(f"/persons/{person_id}", status_code=303)


RECORD_COLUMNS = ["id", "name", "source", "date_of_death", "place", "status", "person"]


def _record_row(case, r, t: Translator) -> list[dict]:
    return [_cell(t.digits(r.id), f"/records/{r.id}"), _name_cell(r.identity, t, f"/records/{r.id}"),
            _source_cell(case, r.source_id), _cell(t.date(r.date_of_death)),
            _cell(_place(case, t, r.place_key, r.place_text) or _place(case, t, r.province_code)),
            _cell(t.label("status", r.status) if r.status else None),
            _cell(t.digits(r.person_id), f"/persons/{r.person_id}") if r.person_id else _cell(None)]


@router.get("/records")
def records_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    """Every record as imported (a viewer: the open ones), searchable by name in either script."""
    t = Translator(actor.lang)
    result = data.list_records(case, f, actor)
    sources = data.list_sources(case, Filters(per_page=100).clean()).items
    return _list(request, "records", RECORD_COLUMNS, [_record_row(case, r, t) for r in result.items], result,
                 ["q", "source", "place", "date_from", "date_to", "status"], f,
                 options={"source": tuple(s.id for s in sources)},
                 labels={"source": {s.id: s.name for s in sources}})


@router.get("/places")
def places_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    """The gazetteer: provinces, counties and cities with their names in both languages."""
    t = Translator(actor.lang)
    result = data.list_places(case, f)
    rows = [[_cell(p.key, None, "mono"), _cell(p.name_en), _cell(p.name_fa), _cell(t.label("place_kind", p.kind)),
             _cell(_place(case, t, p.province_code) if p.province_code and p.province_code != p.iso_code else None),
             _cell(p.iso_code)] for p in result.items]
    return _list(request, "places", ["key", "name", "name_fa", "kind", "province", "iso_code"], rows, result,
                 ["q", "kind"], f, options={"kind": ("province", "county", "city")},
                 labels={"kind": {k: t.label("place_kind", k) for k in ("province", "county", "city")}})


@router.get("/records/{record_id}")
def record_page(request: Request, case: CaseDep, actor: CurrentActor, record_id: RowId):
    t = Translator(actor.lang)
    r = data.get_record(case, record_id, actor)
    ident = r.identity
    fields = [("source", _source_cell(case, r.source_id)["text"], f"/sources/{r.source_id}"), ("source_record_id", r.source_record_id, None),
              ("row_number", t.digits(r.row_number), None), ("name", _name_cell(ident, t, None)["text"], None),
              ("given_name", ident.given_name, None), ("family_name", ident.family_name, None),
              ("father_name", ident.father_name, None), ("national_id", ident.national_id, None),
              ("address", ident.address, None), ("contact", ident.contact, None),
              ("notes", ident.notes, None), ("protected", t("yes") if r.protected else t("no"), None),
              ("sex", r.sex, None), ("age", t.num(r.age), None), ("birth_year", t.num(r.birth_year), None),
              ("date_of_birth", t.date(r.date_of_birth), None), ("date_of_death", t.date(r.date_of_death), None),
              ("date_of_arrest", t.date(r.date_of_arrest), None), ("status", t.label("status", r.status) if r.status else None, None),
              ("place", _place(case, t, r.place_key, r.place_text), None),
              ("province", _place(case, t, r.province_code), None), ("person", r.person_id, f"/persons/{r.person_id}" if r.person_id else None)]
    return render(request, "detail.html", title=t.digits(r.id), kind="record", fields=fields,
                  related=[], actions=[], forms=_protection_form(actor, "records", r.id, r.protected))


@router.post("/records/{record_id}/protection", dependencies=[RECENT_REAUTH])
def protect_record_page(request: Request, case: CaseDep, actor: CurrentActor, record_id: RowId,
                        protected: Annotated[str, Form(max_length=1)]):
    protect.set_protected(case, "records", record_id, protected == "1", actor.name)
    return RedirectResponse(f"/records/{record_id}", status_code=303)


# -- actors ------------------------------------------------------------------------------------
@router.get("/actors")
def actors_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_actors(case, f)
    rows = [[_cell(t.digits(a.id), f"/actors/{a.id}"), _cell(a.name_fa if t.lang == "fa" and a.name_fa else a.name, f"/actors/{a.id}"),
             _cell(a.kind), _cell(a.classification), _cell(a.country)] for a in result.items]
    return _list(request, "actors", ["id", "name", "kind", "classification", "country"], rows, result, ["q", "kind"], f,
                 options={"kind": ("unit", "organisation", "person")})


@router.get("/actors/{actor_id}")
def actor_page(request: Request, case: CaseDep, actor: CurrentActor, actor_id: RowId):
    a = data.get_actor(case, actor_id)
    fields = [("key", a.key, None), ("name", a.name, None), ("name_fa", a.name_fa, None), ("kind", a.kind, None),
              ("classification", a.classification, None), ("country", a.country, None), ("description", a.description, None)]
    return render(request, "detail.html", title=a.name, kind="actor", fields=fields, related=[], actions=[], forms=[])


# -- evidence ----------------------------------------------------------------------------------
@router.get("/evidence")
def evidence_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_evidence(case, f, actor)
    rows = [[_cell(t.digits(e.id), f"/evidence/{e.id}"), _cell(e.sha256[:16] + "…", f"/evidence/{e.id}", "mono"),
             _cell(e.original_name), _cell(e.media_type), _cell(t.num(e.size)), _source_cell(case, e.source_id),
             _cell(t.datetime(e.created_at))] for e in result.items]
    return render(request, "evidence.html", title="evidence",
                  columns=["id", "sha256", "file", "media_type", "size", "source", "added"], rows=rows,
                  pager=_pager(request, result), filters=["q", "source"], f=f, options={})


@router.post("/evidence")
def upload_page(request: Request, case: CaseDep, actor: CurrentActor, files: Annotated[list[UploadFile], File()],
                source_id: Annotated[str | None, Form(max_length=100)] = None,
                note: Annotated[str | None, Form(max_length=2000)] = None):
    saved = operations.upload(case, actor, files, source_id, note)
    if len(saved) == 1:
        return RedirectResponse(f"/evidence/{saved[0].id}", status_code=303)
    return RedirectResponse("/evidence", status_code=303)


@router.get("/evidence/verify")
def verify_page(request: Request, case: CaseDep):
    result = operations.verify_vault(case)
    return render(request, "verify.html", result=result)


@router.get("/evidence/{evidence_id}")
def evidence_detail_page(request: Request, case: CaseDep, actor: CurrentActor, evidence_id: RowId):
    t = Translator(actor.lang)
    e = data.get_evidence(case, evidence_id, actor)
    fields = [("sha256", e.sha256, None), ("size", t.num(e.size), None), ("media_type", e.media_type, None),
              ("file", e.original_name, None), ("source", e.source_id, f"/sources/{e.source_id}" if e.source_id else None),
              ("note", e.note, None), ("protected", t("yes") if e.protected else t("no"), None),
              ("added", t.datetime(e.created_at), None)]
    actions = [{"href": "/evidence/verify", "label": "verify_vault"}]
    return render(request, "detail.html", title=e.original_name or e.sha256[:16], kind="evidence", fields=fields,
                  related=[], actions=actions, forms=[])


# -- review ------------------------------------------------------------------------------------
REVIEW_FIELDS = ("source_id", "source_record_id", "name", "given_name", "family_name", "father_name", "sex", "age",
                 "birth_year", "date_of_death", "date_of_arrest", "place_text", "province_code", "status")


def _side(record, t: Translator) -> dict:
    values = {**record.model_dump(exclude={"identity"}), **record.identity.model_dump()}
    out = {}
    for name in REVIEW_FIELDS:
        value = values.get(name)
        if value == protect.REDACTED:
            value = t("protected_identity")
        elif isinstance(value, dt.date):
            value = t.date(value)
        elif name == "status" and value:
            value = t.label("status", value)
        out[name] = value
    return out


NAME_FIELDS = ("name", "given_name", "family_name", "father_name")
DRIVER_STRENGTH = ((3.0, "strong_for"), (1.0, "for"), (-1.0, "neutral"), (-3.0, "against"))


def _compare(name: str, a, b) -> str:
    """How two records' values compare, as the review marks them: ``same``, ``same_script`` (one
    name written in two scripts — not a difference; :func:`sabt.names.compare_names`),
    ``differ`` or ``missing``."""
    from sabt.names import compare_names, detect_script

    if a in (None, "") or b in (None, ""):
        return "same" if a == b else "missing"
    if a == b:
        return "same"
    if name in NAME_FIELDS and "[" not in f"{a}{b}" and compare_names(str(a), str(b)).score >= 0.9:
        return "same_script" if detect_script(str(a)) != detect_script(str(b)) else "same"
    return "differ"


def _drivers(drivers: dict, t: Translator) -> list[dict]:
    """Why the pair scored as it did: each comparison's match weight (log2 Bayes factor; positive
    for the same person), strongest first, in words and as a bar."""
    top = max([abs(w) for w in drivers.values()] or [1.0]) or 1.0
    rows = []
    for name, weight in sorted(drivers.items(), key=lambda kv: -abs(kv[1])):
        strength = next((label for bound, label in DRIVER_STRENGTH if weight >= bound), "strong_against")
        rows.append({"name": t.label("driver", name), "weight": t.digits(f"{weight:+.1f}"), "strength": t("driver_" + strength),
                     "cls": "for" if weight > 0 else "against", "width": round(100 * abs(weight) / top)})
    return rows


@router.get("/review")
def review_page(request: Request, case: CaseDep, actor: CurrentActor, skip: Annotated[str, Query(max_length=4000)] = ""):
    t = Translator(actor.lang)
    skipped = {s for s in skip.split(",") if s}
    pairs = operations.pending(case, actor, limit=len(skipped) + 1)
    pair = next((p for p in pairs if f"{p.record_a}-{p.record_b}" not in skipped), None)
    context = {"pair": None, "skip": skip, "remaining": len(pairs)}
    if pair is not None:
        a, b = _side(pair.a, t), _side(pair.b, t)
        if "source_id" in a:
            a["source_id"], b["source_id"] = _source_cell(case, a["source_id"])["text"], _source_cell(case, b["source_id"])["text"]
            a["province_code"], b["province_code"] = _place(case, t, a["province_code"]), _place(case, t, b["province_code"])
        context.update(pair=pair, rows=[(name, a[name], b[name], _compare(name, a[name], b[name])) for name in REVIEW_FIELDS],
                       drivers=_drivers(pair.drivers or {}, t),
                       probability=t.digits(f"{pair.probability:.2f}"),
                       next_skip=",".join(sorted(skipped | {f"{pair.record_a}-{pair.record_b}"})))
    return render(request, "review.html", **context)


@router.post("/review")
def review_decide_page(request: Request, case: CaseDep, actor: CurrentActor,
                       record_a: Annotated[int, Form(ge=1)], record_b: Annotated[int, Form(ge=1)],
                       decision: Annotated[str, Form(pattern="^(accept|reject)$")],
                       skip: Annotated[str, Form(max_length=4000)] = ""):
    operations.decide(case, actor, DecisionIn(record_a=record_a, record_b=record_b, decision=decision))
    return RedirectResponse("/review" + (f"?{urlencode({'skip': skip})}" if skip else ""), status_code=303)


# -- runs ----------------------------------------------------------------------------------------
def _run_context(request: Request, case, actor: Actor, job=None) -> dict:
    from sabt.web.views import estimates

    t = Translator(actor.lang)
    running = request.app.state.jobs.running()
    return {"estimate_defaults": case.step_options().estimate, "estimates": estimates.recent(case, t, 10),
            "job": job or running, "job_view": _job_view(case, job or running, t) if (job or running) else None}


def _job_view(case, job, t: Translator) -> dict:
    """A background run as its progress card shows it: step, share done, seconds, and when it
    has finished what it did (a linkage's counts, an estimate explained in words)."""
    from sabt.web.views import estimates

    view = {"id": job.id, "kind": job.kind, "state": job.state, "seconds": t.num(job.seconds),
            "step": t.label("step", job.step) if job.step else t("step.starting"),
            "done": job.done, "total": job.total, "error": job.error, "counts": [], "estimate": None}
    if job.state == "done" and job.kind == "link":
        view["counts"] = [(t("link." + k), t.num(job.summary.get(k))) for k in ("records", "links", "persons", "persons_new")
                          if job.summary.get(k) is not None]
        view["warnings"] = job.summary.get("warnings") or []
    if job.state == "done" and job.kind == "estimate":
        with case.session() as session:
            from sabt.store import models
            run = session.get(models.EstimateRun, job.summary.get("id"))
            view["estimate"] = estimates.explain(case, run, t) if run is not None else None
    return view


@router.get("/run")
def run_page(request: Request, case: CaseDep, actor: CurrentActor,
             job: Annotated[str | None, Query(max_length=40, pattern=r"^[A-Za-z0-9_-]+$")] = None):
    found = None
    if job:
        try:
            found = request.app.state.jobs.get(job)
        except data.NotFound:
            found = None
    return render(request, "run.html", **_run_context(request, case, actor, found))


def _start(request: Request, kind: str, actor: Actor, work) -> HTMLResponse | RedirectResponse:
    job = request.app.state.jobs.start(kind, actor.name, work)
    if request.headers.get("HX-Request"):
        return render(request, "_job.html", job=_job_view(request.app.state.case, job, Translator(actor.lang)))
    return RedirectResponse(f"/run?job={job.id}", status_code=303)


@router.post("/run/link")
def run_link_page(request: Request, case: CaseDep, actor: CurrentActor):
    """Start linkage in the background; the run page shows its progress (6–12 s on a small case)."""
    return _start(request, "link", actor, lambda progress: operations.run_link(case, actor, progress).summary)


@router.post("/run/estimate")
def run_estimate_page(request: Request, case: CaseDep, actor: CurrentActor,
                      method: Annotated[str | None, Form(pattern="^(loglinear|lcmcr|dga)$")] = None):
    return _start(request, "estimate", actor,
                  lambda progress: operations.run_estimate(case, actor, EstimateIn(method=method), progress).summary)


@router.get("/run/jobs/{job_id}")
def job_page(request: Request, case: CaseDep, actor: CurrentActor,
             job_id: Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]):
    """The progress card of a background run (htmx polls it every second while it runs)."""
    job = request.app.state.jobs.get(job_id)
    return render(request, "_job.html", job=_job_view(case, job, Translator(actor.lang)))


# -- the assessment ------------------------------------------------------------------------------
@router.get("/assessment")
def assessment_page(request: Request, case: CaseDep, actor: CurrentActor):
    from sabt.web.views import assessment
    return render(request, "assessment.html", **assessment.summary(case, Translator(actor.lang)))


# -- administration ------------------------------------------------------------------------------
@router.get("/audit")
def audit_page(request: Request, case: CaseDep, actor: CurrentActor, f: PageFilters):
    t = Translator(actor.lang)
    result = data.list_audit(case, f)
    rows = [[_cell(t.digits(e.id)), _cell(t.datetime(e.at)), _cell(e.actor), _cell(e.action), _cell(e.subject_table),
             _cell(e.subject_id)] for e in result.items]
    return _list(request, "audit", ["id", "at", "user", "action", "table", "subject"], rows, result, ["q"], f)


@router.get("/users")
def users_page(request: Request, case: CaseDep, actor: CurrentActor):
    return _users(request, case)


def _users(request: Request, case, new_token: str | None = None, token_user: str | None = None,
           status: int = 200) -> HTMLResponse:
    return render(request, "users.html", status=status, users=auth.list_users(case), roles=auth.ROLES,
                  new_token=new_token, token_user=token_user)


@router.post("/users", dependencies=[RECENT_REAUTH])
def add_user_page(request: Request, case: CaseDep, actor: CurrentActor, name: Annotated[str, Form(max_length=100)],
                  role: Annotated[str, Form(max_length=20)], password: Annotated[str, Form(max_length=1000)],
                  lang: Annotated[str, Form(max_length=5)] = "en"):
    auth.add_user(case, name, role, password, lang, actor=actor.name)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id}/disable", dependencies=[RECENT_REAUTH])
def disable_user_page(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId):
    name = auth.user_name(case, user_id)
    if name == actor.name:
        raise data.Refused("you cannot disable your own account; ask another admin")
    auth.disable_user(case, name, actor=actor.name)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id}/enable", dependencies=[RECENT_REAUTH])
def enable_user_page(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId):
    auth.enable_user(case, auth.user_name(case, user_id), actor=actor.name)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id}/unlock", dependencies=[RECENT_REAUTH])
def unlock_user_page(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId):
    auth.unlock_user(case, auth.user_name(case, user_id), actor=actor.name)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{user_id}/reset", dependencies=[RECENT_REAUTH])
def reset_password_page(request: Request, case: CaseDep, actor: CurrentActor, user_id: RowId):
    """A new password for the user, shown once on this page (like a new token)."""
    name = auth.user_name(case, user_id)
    return _users(request, case, new_token=auth.reset_password(case, name, actor=actor.name), token_user=name)
