"""The JSON API under ``/api``: the whole record, documented at ``/openapi.json``.

Authenticate with ``Authorization: Bearer TOKEN`` (``sabt user token NAME --db DB``); a browser
session works too, with the ``X-CSRF-Token`` header on writes. Lists take ``page``,
``per_page`` (≤ 100) and the filters that apply: ``place``, ``date_from``, ``date_to``,
``status``, ``source``, ``metric``, ``kind``, ``q``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, UploadFile

from sabt import protection as protect
from sabt.web.deps import CaseDep, CurrentActor
from sabt.web.permissions import may_see_protected
from sabt.web.reauth import RECENT_REAUTH
from sabt.web.schemas import (
    MAX_ID,
    ActorOut,
    AuditOut,
    ClaimIn,
    ClaimOut,
    DecisionIn,
    EstimateIn,
    EstimateRunOut,
    EvidenceOut,
    IncidentIn,
    IncidentOut,
    MeOut,
    Page,
    PairOut,
    PersonOut,
    PlaceOut,
    ProtectionIn,
    RecordOut,
    RunOut,
    SourceIn,
    SourceOut,
    UserOut,
    VerifyOut,
)
from sabt.web.views import data, operations
from sabt.web.views.data import Filters

router = APIRouter(prefix="/api", tags=["record"])


async def filters(   # async: no thread-pool hop for parsing a query string
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
    per_page: Annotated[int, Query(ge=1, le=data.MAX_PER_PAGE)] = 25,
    q: Annotated[str | None, Query(max_length=200)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    status: Annotated[str | None, Query(max_length=50)] = None,
    source: Annotated[str | None, Query(max_length=100)] = None,
    metric: Annotated[str | None, Query(max_length=50)] = None,
    kind: Annotated[str | None, Query(max_length=50)] = None,
) -> Filters:
    texts = {"q": q, "place": place, "status": status, "source": source, "metric": metric, "kind": kind}
    data.check_filter_texts(texts)
    return Filters(page, per_page, q, place, date_from, date_to, status, source, metric, kind).clean()


FiltersDep = Annotated[Filters, Depends(filters)]
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
SourceId = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]


@router.get("/me", response_model=MeOut)
def me(actor: CurrentActor) -> MeOut:
    return MeOut(name=actor.name, role=actor.role, lang=actor.lang, may_see_protected=may_see_protected(actor))


@router.get("/stats", response_model=dict[str, int])
def stats(case: CaseDep) -> dict[str, int]:
    return case.stats()


@router.get("/sources", response_model=Page[SourceOut])
def sources(case: CaseDep, f: FiltersDep):
    return data.list_sources(case, f)


@router.post("/sources", response_model=SourceOut, status_code=201)
def create_source(case: CaseDep, actor: CurrentActor, body: SourceIn):
    return data.create_source(case, body, actor)


@router.get("/sources/{source_id}", response_model=SourceOut)
def source(case: CaseDep, source_id: SourceId):
    return data.get_source(case, source_id)


@router.get("/claims", response_model=Page[ClaimOut])
def claims(case: CaseDep, f: FiltersDep, include_superseded: bool = False):
    return data.list_claims(case, f, include_superseded)


@router.post("/claims", response_model=ClaimOut, status_code=201)
def create_claim(case: CaseDep, actor: CurrentActor, body: ClaimIn):
    return data.create_claim(case, body, actor)


@router.get("/claims/{claim_id}", response_model=ClaimOut)
def claim(case: CaseDep, claim_id: RowId):
    return data.get_claim(case, claim_id)


@router.put("/claims/{claim_id}", response_model=ClaimOut, summary="Supersede a claim with a corrected one")
def supersede_claim(case: CaseDep, actor: CurrentActor, claim_id: RowId, body: ClaimIn):
    return data.create_claim(case, body, actor, supersedes=claim_id)


@router.get("/incidents", response_model=Page[IncidentOut])
def incidents(case: CaseDep, f: FiltersDep):
    return data.list_incidents(case, f)


@router.post("/incidents", response_model=IncidentOut, status_code=201)
def create_incident(case: CaseDep, actor: CurrentActor, body: IncidentIn):
    return data.save_incident(case, body, actor)


@router.get("/incidents/{incident_id}", response_model=IncidentOut)
def incident(case: CaseDep, incident_id: RowId):
    return data.get_incident(case, incident_id)


@router.put("/incidents/{incident_id}", response_model=IncidentOut)
def update_incident(case: CaseDep, actor: CurrentActor, incident_id: RowId, body: IncidentIn):
    return data.save_incident(case, body, actor, incident_id)


@router.get("/persons", response_model=Page[PersonOut],
            description="Protected identities read `[protected]` for viewers; `q` finds protected persons "
                        "(exact name, through the blind index) only for roles that may see them.")
def persons(case: CaseDep, actor: CurrentActor, f: FiltersDep):
    return data.list_persons(case, f, actor)


@router.get("/persons/{person_id}", response_model=PersonOut)
def person(case: CaseDep, actor: CurrentActor, person_id: RowId):
    return data.get_person(case, person_id, actor)


@router.put("/persons/{person_id}/protection", response_model=PersonOut, dependencies=[RECENT_REAUTH])
def protect_person(case: CaseDep, actor: CurrentActor, person_id: RowId, body: ProtectionIn):
    protect.set_person_protection(case, person_id, body.protected, actor.name, body.release_records, body.confirm)
    return data.get_person(case, person_id, actor)


@router.get("/records", response_model=Page[RecordOut])
def records(case: CaseDep, actor: CurrentActor, f: FiltersDep):
    return data.list_records(case, f, actor)


@router.get("/records/{record_id}", response_model=RecordOut)
def record(case: CaseDep, actor: CurrentActor, record_id: RowId):
    return data.get_record(case, record_id, actor)


@router.put("/records/{record_id}/protection", response_model=RecordOut, dependencies=[RECENT_REAUTH])
def protect_record(case: CaseDep, actor: CurrentActor, record_id: RowId, body: ProtectionIn):
    protect.set_protected(case, "records", record_id, body.protected, actor.name)
    return data.get_record(case, record_id, actor)


@router.get("/actors", response_model=Page[ActorOut])
def actors(case: CaseDep, f: FiltersDep):
    return data.list_actors(case, f)


@router.get("/actors/{actor_id}", response_model=ActorOut)
def actor_detail(case: CaseDep, actor_id: RowId):
    return data.get_actor(case, actor_id)


@router.get("/places", response_model=Page[PlaceOut])
def places(case: CaseDep, f: FiltersDep):
    return data.list_places(case, f)


@router.get("/evidence", response_model=Page[EvidenceOut])
def evidence(case: CaseDep, actor: CurrentActor, f: FiltersDep):
    return data.list_evidence(case, f, actor)


@router.post("/evidence", response_model=list[EvidenceOut], status_code=201,
             summary="Upload files into the vault (content-addressed, logged in the custody chain)")
def upload_evidence(case: CaseDep, actor: CurrentActor, files: Annotated[list[UploadFile], File()],
                    source_id: Annotated[str | None, Form(max_length=100)] = None,
                    note: Annotated[str | None, Form(max_length=2000)] = None,
                    protected: Annotated[bool, Form()] = False):
    return operations.upload(case, actor, files, source_id, note, protected)


@router.get("/evidence/{evidence_id}", response_model=EvidenceOut)
def evidence_detail(case: CaseDep, actor: CurrentActor, evidence_id: RowId):
    return data.get_evidence(case, evidence_id, actor)


@router.get("/vault/verify", response_model=VerifyOut)
def vault_verify(case: CaseDep):
    return operations.verify_vault(case)


@router.get("/review/pairs", response_model=list[PairOut])
def review_pairs(case: CaseDep, actor: CurrentActor, limit: Annotated[int, Query(ge=1, le=50)] = 10,
                 order: Annotated[Literal["impact", "uncertain"], Query()] = "impact"):
    """Pending pairs; ``order=impact`` (default) puts first those whose decision would move the
    estimate most, each with ``change`` and ``impact`` (the estimate's sensitivity)."""
    return operations.pending(case, actor, limit, order)


@router.post("/review/decisions", response_model=RunOut)
def review_decide(case: CaseDep, actor: CurrentActor, body: DecisionIn):
    return operations.decide(case, actor, body)


@router.post("/link", response_model=RunOut, summary="Run record linkage")
def run_link(case: CaseDep, actor: CurrentActor):
    return operations.run_link(case, actor)


@router.post("/estimate", response_model=RunOut, summary="Run a multiple systems estimate")
def run_estimate(case: CaseDep, actor: CurrentActor, body: EstimateIn):
    return operations.run_estimate(case, actor, body)


@router.get("/jobs/{job_id}", summary="A background run started from the run page: state and progress")
def job(request: Request, job_id: Annotated[str, Path(max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]) -> dict:
    return request.app.state.jobs.get(job_id).as_dict()


@router.get("/estimates", response_model=list[EstimateRunOut])
def estimates(case: CaseDep):
    return data.list_estimates(case)


@router.get("/audit", response_model=Page[AuditOut])
def audit(case: CaseDep, f: FiltersDep):
    return data.list_audit(case, f)


@router.get("/users", response_model=list[UserOut])
def users(case: CaseDep):
    from sabt.web import auth
    return [UserOut(**u) for u in auth.list_users(case)]
