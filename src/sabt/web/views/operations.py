"""Work the web app starts on the case: uploads to the vault, pair review, linkage, estimation.

Each calls the library function a CLI user would (``sabt.vault.add_files``,
``sabt.link.review.decide_pair``, ``sabt.link.run.link_case``, ``sabt.estimate``) and audits
the write with the acting user.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from pathlib import Path

from fastapi import UploadFile
from sqlalchemy import select

from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models
from sabt.web.permissions import Actor
from sabt.web.schemas import DecisionIn, EstimateIn, EvidenceOut, PairOut, RunOut, VerifyOut
from sabt.web.views import data

MAX_UPLOAD = 512 * 1024 * 1024
MAX_FILES = 20
_RUN_LOCK = threading.Lock()   # one linkage or estimation at a time per server


def _safe_name(name: str | None, index: int) -> str:
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f/]", "_", base).strip(" .")
    return base[:200] or f"upload-{index}"


def upload(case: Case, actor: Actor, files: list[UploadFile], source_id: str | None, note: str | None,
           protected: bool = False) -> list[EvidenceOut]:
    from sabt.vault import add_files

    if not files:
        raise data.Refused("no file to upload")
    if len(files) > MAX_FILES:
        raise data.Refused(f"at most {MAX_FILES} files at a time")
    source_id = source_id or None
    if source_id:
        data.get_source(case, source_id)
    with tempfile.TemporaryDirectory(prefix="sabt-upload-") as folder:
        paths = []
        for index, upload_file in enumerate(files):
            target = Path(folder) / str(index)
            target.mkdir()
            path = target / _safe_name(upload_file.filename, index)
            written = 0
            with path.open("wb") as out:
                while chunk := upload_file.file.read(1 << 20):
                    written += len(chunk)
                    if written > MAX_UPLOAD:
                        raise data.Refused(f"a file may be at most {MAX_UPLOAD >> 20} MiB")
                    out.write(chunk)
            paths.append(path)
        results = add_files(case, paths, source_id=source_id, note=note or None, actor=actor.name,
                            protected=protected)
    data._COUNTS.clear()
    with case.session() as session:
        rows = [session.scalar(select(models.Evidence).where(models.Evidence.sha256 == r.sha256)) for r in results]
        session.add(models.AuditEntry(actor=actor.name, action="upload", subject_table="evidence",
                                      subject_id=",".join(str(r.id) for r in rows if r),
                                      detail={"new": sum(1 for r in results if r.new)}))
        session.commit()
        return [EvidenceOut.model_validate(r) for r in rows if r is not None]


def verify_vault(case: Case) -> VerifyOut:
    from sabt.vault import verify

    report = verify(case)
    payload = json.loads(json.dumps(report.to_dict(), default=str))
    return VerifyOut(ok=report.ok, report=payload)


def pending(case: Case, actor: Actor, limit: int = 10, order: str = "uncertain") -> list[PairOut]:
    from sabt.link.review import pending_pairs

    try:
        pairs = pending_pairs(case, limit=limit, order=order)
    except SabtError:
        return []
    return [PairOut(record_a=p.record_a, record_b=p.record_b, probability=p.probability, drivers=p.drivers or {},
                    change=p.change, impact=p.impact,
                    a=data.get_record(case, p.record_a, actor, "pair review"),
                    b=data.get_record(case, p.record_b, actor, "pair review")) for p in pairs]


def decide(case: Case, actor: Actor, body: DecisionIn) -> RunOut:
    from sabt.link.review import decide_pair

    if body.record_a == body.record_b:
        raise data.Refused("a pair needs two different records")
    with case.session() as session:
        if session.get(models.Record, body.record_a) is None or session.get(models.Record, body.record_b) is None:
            raise data.NotFound("no such pair of records")
    decide_pair(case, body.record_a, body.record_b, body.decision, actor.name, body.note)
    data._COUNTS.clear()
    return RunOut(ok=True, summary={"record_a": body.record_a, "record_b": body.record_b, "decision": body.decision})


def run_link(case: Case, actor: Actor) -> RunOut:
    from sabt.link.run import link_case

    if not _RUN_LOCK.acquire(blocking=False):
        raise data.Refused("a linkage or estimation run is already under way")
    try:
        summary = link_case(case).as_dict()
        data._COUNTS.clear()
    finally:
        _RUN_LOCK.release()
    with case.session() as session:
        session.add(models.AuditEntry(actor=actor.name, action="run_link", subject_table="link_runs",
                                      subject_id=str(summary.get("run_id")),
                                      detail={k: summary.get(k) for k in ("records", "links", "persons")}))
        session.commit()
    return RunOut(ok=True, summary=json.loads(json.dumps(summary, default=str)))


def run_estimate(case: Case, actor: Actor, body: EstimateIn) -> RunOut:
    from sabt.estimate import capture_frame_from_case, estimate, estimate_strata

    if not _RUN_LOCK.acquire(blocking=False):
        raise data.Refused("a linkage or estimation run is already under way")
    try:
        by = list(dict.fromkeys(body.by))
        frame = capture_frame_from_case(case.settings.db, ",".join(by) if by else None)
        lists = [c for c in frame.columns if c not in ("person_id", *by)]
        if len(lists) < 3:
            raise data.Refused(f"{len(lists)} linked lists; estimation needs at least 3 (run linkage first)")
        if by:
            result = estimate_strata(frame, by=by, method=body.method, seed=body.seed)
            payload = result.total.to_dict()
            payload["strata"] = {k: v.to_dict() for k, v in result.strata.items()}
            payload["skipped"] = result.skipped
            payload["describe"] = result.describe()
        else:
            result = estimate(frame.drop(columns=["person_id"]).assign(count=1), method=body.method, seed=body.seed)
            payload = result.to_dict()
            payload["describe"] = result.describe()
    finally:
        _RUN_LOCK.release()
    payload = json.loads(json.dumps(payload, default=str))
    with case.session() as session:
        run = models.EstimateRun(method=body.method, strata=by or None,
                                 settings={"seed": body.seed, "lists": lists, "by": by}, result=payload)
        session.add(run)
        session.flush()
        session.add(models.AuditEntry(actor=actor.name, action="run_estimate", subject_table="estimate_runs",
                                      subject_id=str(run.id), detail={"method": body.method}))
        session.commit()
        return RunOut(ok=True, summary={"id": run.id, "method": body.method, **{k: payload.get(k) for k in
                                        ("estimate", "lower", "upper", "observed", "describe")}})
