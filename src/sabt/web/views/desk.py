"""The review desk: a report's text with its proposed claims highlighted; accept, correct or reject
each, with the keyboard.

A thin layer over :mod:`sabt.claims.desk` (what to show) and :func:`sabt.claims.review.decide_claim`
(what a decision stores). Roles: the ``review`` action (admin, analyst, reviewer); a viewer gets 403.
Corrections are kept as the review module keeps them and come back as the case's aliases
(:func:`sabt.claims.review.case_aliases`) and labelled data (``/desk/{source}/labels.jsonl``).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sabt.claims.desk import desk, reports_to_review
from sabt.claims.review import ReviewRefused, decide_claim, labelled_claims
from sabt.claims.vocab import METRICS
from sabt.web.deps import CaseDep, CurrentActor
from sabt.web.schemas import MAX_ID
from sabt.web.views.pages import error_page, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
SourceId = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID)]

#: the desk's own words (English, Persian)
WORDS = {
    "en": {
        "desk": "Review desk", "reports": "Reports to review", "report": "Report", "progress": "Reviewed",
        "of": "of", "open": "Open", "none": "No claims read from report text yet (sabt import report).",
        "claim": "Claim under review", "figure": "Figure", "metric": "Metric", "value": "Value",
        "qualifier": "Qualifier", "attributed_to": "Attributed to", "channel": "Relayed by", "as_of": "As of",
        "period_start": "Period from", "period_end": "Period to", "place": "Place", "why": "Why (rules)",
        "accept": "Accept", "reject": "Reject", "correct": "Correct", "save": "Save correction",
        "next": "Next", "previous": "Previous", "report_itself": "the report itself",
        "other_source": "or type another source", "keys": "Keys: a accept · r reject · c correct · j next · k previous",
        "all_done": "Every claim of this report has been reviewed.", "labels": "Labelled data (JSONL)",
        "gap": "…", "decided": "Decided", "unreviewed": "to review", "accepted": "accepted", "rejected": "rejected",
        "corrected": "corrected", "organisations": "Organisations named in the text",
    },
    "fa": {
        "desk": "میز بازبینی", "reports": "گزارش‌های در انتظار بازبینی", "report": "گزارش", "progress": "بازبینی‌شده",
        "of": "از", "open": "باز کردن", "none": "هنوز ادعایی از متن گزارش خوانده نشده است (sabt import report).",
        "claim": "ادعای در حال بازبینی", "figure": "رقم", "metric": "سنجه", "value": "مقدار",
        "qualifier": "قید", "attributed_to": "منسوب به", "channel": "به نقل از رسانهٔ", "as_of": "تا تاریخ",
        "period_start": "از تاریخ", "period_end": "تا تاریخ", "place": "مکان", "why": "چرا (قواعد)",
        "accept": "پذیرفتن", "reject": "رد کردن", "correct": "اصلاح", "save": "ثبت اصلاح",
        "next": "بعدی", "previous": "قبلی", "report_itself": "خود گزارش",
        "other_source": "یا منبع دیگری بنویسید", "keys": "کلیدها: a پذیرفتن · r رد · c اصلاح · j بعدی · k قبلی",
        "all_done": "همهٔ ادعاهای این گزارش بازبینی شده است.", "labels": "داده‌های برچسب‌خورده (JSONL)",
        "gap": "…", "decided": "تصمیم", "unreviewed": "در انتظار", "accepted": "پذیرفته", "rejected": "ردشده",
        "corrected": "اصلاح‌شده", "organisations": "سازمان‌های نام‌برده در متن",
    },
}


def words(lang: str):
    table = WORDS.get(lang, WORDS["en"])
    return lambda key: table.get(key) or WORDS["en"].get(key, key)


@router.get("/desk")
def desk_index(request: Request, case: CaseDep, actor: CurrentActor):
    return render(request, "desk_index.html", reports=reports_to_review(case), w=words(actor.lang))


@router.get("/desk/{source_id}")
def desk_page(request: Request, case: CaseDep, actor: CurrentActor, source_id: SourceId,
              claim: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None, problem: Annotated[str, Query(max_length=300)] = ""):
    state = desk(case, source_id, claim)
    if state is None:
        return error_page(request, 404, words(actor.lang)("none"))
    return render(request, "desk.html", d=state, w=words(actor.lang), metrics=METRICS, problem=problem)


def _date(text: str) -> dt.date | None:
    text = (text or "").strip()
    return dt.date.fromisoformat(text) if text else None


@router.post("/desk/{source_id}/claims/{claim_id}")
def desk_decide(request: Request, case: CaseDep, actor: CurrentActor, source_id: SourceId, claim_id: ClaimId,
                decision: Annotated[str, Form(pattern="^(accept|reject|correct)$")],
                metric: Annotated[str, Form(max_length=50)] = "", value: Annotated[str, Form(max_length=100)] = "",
                attributed_to: Annotated[str, Form(max_length=300)] = "",
                attributed_other: Annotated[str, Form(max_length=300)] = "",
                as_of: Annotated[str, Form(max_length=10)] = "", period_start: Annotated[str, Form(max_length=10)] = "",
                period_end: Annotated[str, Form(max_length=10)] = ""):
    state = desk(case, source_id, claim_id)
    if state is None or state.current is None or state.current.id != claim_id:
        return error_page(request, 404, "no such claim in this report")
    corrections = {}
    if decision == "correct":
        claim = state.current
        try:
            wanted = {"metric": metric or claim.metric, "as_of": _date(as_of), "period_start": _date(period_start),
                      "period_end": _date(period_end),
                      "attributed_to": (attributed_other.strip() or attributed_to.strip() or None)}
        except ValueError:
            return _again(source_id, claim_id, "a date is not YYYY-MM-DD")
        for name, new in wanted.items():
            if new != getattr(claim, name):
                corrections[name] = new
        if value.strip():
            corrections["value"] = value.strip()
    try:
        decide_claim(case, claim_id, decision, reviewer=actor.name, corrections=corrections or None)
    except (ReviewRefused, ValueError) as problem:
        return _again(source_id, claim_id, str(problem))
    after = desk(case, source_id)
    following = after.current.id if after and after.current else None
    return RedirectResponse(f"/desk/{source_id}" + (f"?claim={following}" if following else ""), status_code=303)


def _again(source_id: str, claim_id: int, problem: str) -> RedirectResponse:
    from urllib.parse import urlencode
    return RedirectResponse(f"/desk/{source_id}?" + urlencode({"claim": claim_id, "problem": problem[:300]}), status_code=303)


@router.get("/desk/{source_id}/labels.jsonl")
def desk_labels(case: CaseDep, actor: CurrentActor, source_id: SourceId):
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in labelled_claims(case, source_id))
    return Response(lines, media_type="application/x-ndjson",
                    headers={"content-disposition": f'attachment; filename="{source_id}-labels.jsonl"'})
