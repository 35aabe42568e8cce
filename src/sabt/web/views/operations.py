"""Work the web app starts on the case: uploads to the vault, pair review, linkage, estimation.

Each calls the library function a CLI user would (``sabt.vault.add_files``,
``sabt.link.review.decide_pair``, ``sabt.link.run.link_case``, ``sabt.estimate``) and audits
the write with the acting user.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
import unicodedata
from pathlib import Path

from fastapi import UploadFile
from sqlalchemy import select

from sabt.case import Case
from sabt.errors import SabtError
from sabt.store import models
from sabt.web import bodies
from sabt.web.permissions import Actor, authorize
from sabt.web.schemas import DecisionIn, EstimateIn, EvidenceOut, PairOut, RunOut, VerifyOut
from sabt.web.views import data

MAX_UPLOAD = bodies.MAX_FILE
MAX_FILES = 20
MAX_NAME_BYTES = 255
"""A file name's limit on common file systems (ext4, APFS, NTFS in UTF-16 units is more)."""
KEPT_FORMAT = "\u200c\u200d"
"""Format characters a name keeps: the zero-width non-joiner and joiner of Persian spelling."""
_RUN_LOCK = threading.Lock()   # one linkage or estimation at a time per server


def _safe_name(name: str | None, index: int) -> str:
    """A client's file name made safe to store and show: no folders, control characters as ``_``,
    format characters (bidi overrides such as U+202E that make "\u202egnp.exe" read "exe.png",
    zero-width spaces) removed — but the zero-width (non-)joiner, which Persian spelling needs —, cut to 255 bytes of UTF-8 on a character boundary."""
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f/]", "_", base)
    base = "".join(c for c in base if unicodedata.category(c) != "Cf" or c in KEPT_FORMAT).strip(" .")
    base = base.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", errors="ignore").strip(" .")
    return base or f"upload-{index}"


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
            if written == 0:
                raise SabtError(f"{path.name}: the file is empty (0 bytes); nothing was stored")
            paths.append(path)
        _refuse_repeats(case, paths)
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


def _refuse_repeats(case: Case, paths: list[Path]) -> None:
    """A file already in the vault is refused, naming the item it is, when and by whom it was
    added — not silently answered with the earlier item. Nothing of the upload is stored."""
    import hashlib

    digests = {}
    for path in paths:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        digests.setdefault(digest.hexdigest(), path.name)
    with case.session() as session:
        earlier = session.scalars(select(models.Evidence).where(models.Evidence.sha256.in_(list(digests)))).all()
    if earlier:
        raise data.Refused("; ".join(
            f"{digests[e.sha256]} was already uploaded on {e.created_at:%Y-%m-%d %H:%M} UTC as evidence {e.id}"
            f"{f' ({e.original_name})' if e.original_name and e.original_name != digests[e.sha256] else ''}"
            for e in earlier) + "; nothing was stored")


def verify_vault(case: Case) -> VerifyOut:
    from sabt.vault import verify

    report = verify(case)
    payload = json.loads(json.dumps(report.to_dict(), default=str))
    return VerifyOut(ok=report.ok, report=payload)


def pending(case: Case, actor: Actor, limit: int = 10, order: str = "uncertain") -> list[PairOut]:
    from sabt.estimate.priority import review_queue

    try:
        pairs = review_queue(case, limit=limit, order=order)
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
    from sabt.link.review import is_candidate

    a, b = sorted((body.record_a, body.record_b))
    candidates_only = not authorize(actor, "link_any")     # reviewers settle what linkage proposed
    with case.session() as session:
        if (session.get(models.Record, a) is None or session.get(models.Record, b) is None
                or (candidates_only and not is_candidate(session, a, b))):
            raise data.NotFound("no such pair of records")
    decide_pair(case, body.record_a, body.record_b, body.decision, actor.name, body.note, candidates_only)
    data._COUNTS.clear()
    return RunOut(ok=True, summary={"record_a": body.record_a, "record_b": body.record_b, "decision": body.decision})


def run_link(case: Case, actor: Actor, progress=None) -> RunOut:
    from sabt.link.run import link_case

    if not _RUN_LOCK.acquire(blocking=False):
        raise data.Refused("a linkage or estimation run is already under way")
    try:
        summary = link_case(case, progress=progress).as_dict()
        data._COUNTS.clear()
    finally:
        _RUN_LOCK.release()
    with case.session() as session:
        session.add(models.AuditEntry(actor=actor.name, action="run_link", subject_table="link_runs",
                                      subject_id=str(summary.get("run_id")),
                                      detail={k: summary.get(k) for k in ("records", "links", "persons")}))
        session.commit()
    return RunOut(ok=True, summary=json.loads(json.dumps(summary, default=str)))


def run_estimate(case: Case, actor: Actor, body: EstimateIn, progress=None) -> RunOut:
    from sabt.estimate.run import EstimateRefused, estimate_case

    if not _RUN_LOCK.acquire(blocking=False):
        raise data.Refused("a linkage or estimation run is already under way")
    try:
        outcome = estimate_case(case, progress=progress, **body.changes())
    except EstimateRefused as error:
        raise data.Refused(str(error)) from None
    finally:
        _RUN_LOCK.release()
    with case.session() as session:
        session.add(models.AuditEntry(actor=actor.name, action="run_estimate", subject_table="estimate_runs",
                                      subject_id=str(outcome.run_id), detail={"method": outcome.options.method}))
        session.commit()
    summary = outcome.summary()
    summary.pop("reused")
    return RunOut(ok=True, summary=summary)
