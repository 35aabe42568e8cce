"""Proposing Rome Statute art. 7 classifications for incidents, and recording analysts' decisions.

``classify`` reads each incident's type through the mapping in
``sabt/law/data/incident_types.toml`` and records every act it is a candidate for (status
``candidate``). It never touches a classification an analyst has decided: a rejected
candidate stays rejected however often ``classify`` runs. ``decide`` records a decision
(``confirmed``, ``rejected``, or back to ``candidate``) with who made it, when and why, and
writes an audit entry.

    classify(case).describe()   # '12 candidate classifications proposed for 9 incidents …'
    decide(case, "kermanshah-2026-01-08", "a", "confirmed", by="analyst-1", note="HRW footage")
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from sabt.case import Case
from sabt.errors import SabtError
from sabt.law.statute import load_mapping, load_statute
from sabt.store import models

STATUSES = ("candidate", "confirmed", "rejected")


@dataclass
class ClassifySummary:
    incidents: int = 0
    proposed: int = 0
    already_recorded: int = 0
    unmapped_types: dict[str, int] = field(default_factory=dict)
    proposals: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def describe(self) -> str:
        unmapped = ", ".join(f"{t} ({n})" for t, n in self.unmapped_types.items())
        return (f"{self.proposed} candidate classification(s) proposed for {self.incidents} incident(s); "
                f"{self.already_recorded} already recorded (decisions kept)"
                + (f"; types with no mapping: {unmapped}" if unmapped else ""))


def _incident(session, incident_id) -> models.Incident:
    text = str(incident_id).strip()
    incident = session.get(models.Incident, int(text)) if text.isdigit() else None
    if incident is None:
        incident = session.scalars(select(models.Incident).where(models.Incident.key == text)).first()
    if incident is None:
        raise SabtError(f"no incident {text!r} in the case (give its id or key)")
    return incident


def classify(case: Case) -> ClassifySummary:
    """Propose a candidate classification for every act each incident's type maps to."""
    mapping = load_mapping()
    summary = ClassifySummary()
    with case.session() as session:
        existing = {(c.incident_id, c.act_code) for c in session.scalars(select(models.LegalClassification))}
        for incident in session.scalars(select(models.Incident).order_by(models.Incident.id)):
            summary.incidents += 1
            acts = mapping.acts_for(incident.type)
            if mapping.normalize(incident.type) is None:
                summary.unmapped_types[incident.type] = summary.unmapped_types.get(incident.type, 0) + 1
            for act_code in acts:
                if (incident.id, act_code) in existing:
                    summary.already_recorded += 1
                    continue
                session.add(models.LegalClassification(incident_id=incident.id, act_code=act_code,
                                                       status="candidate", decided_by="sabt classify",
                                                       note=f"proposed from incident type {incident.type!r} "
                                                            f"(mapping {mapping.meta.get('version')})"))
                existing.add((incident.id, act_code))
                summary.proposed += 1
                summary.proposals.append({"incident": incident.key or incident.id, "act": act_code})
        session.commit()
    return summary


def decide(case: Case, incident_id: int | str, act_code: str, status: str, by: str,
           note: str | None = None) -> dict:
    """Record an analyst's decision on one incident's classification under one act."""
    if status not in STATUSES:
        raise SabtError(f"{status!r} is not a decision (use {', '.join(STATUSES)})")
    if not by or not str(by).strip():
        raise SabtError("a decision needs the name of whoever made it")
    act = load_statute().act(act_code)
    top = act.code if act.code.count("-") == 2 else act.code.rsplit("-", 1)[0]  # 7-1-g-1 → 7-1-g
    with case.session() as session:
        incident = _incident(session, incident_id)
        row = session.scalars(select(models.LegalClassification).where(
            models.LegalClassification.incident_id == incident.id,
            models.LegalClassification.act_code == top)).first()
        before = row.status if row else None
        if row is None:
            row = models.LegalClassification(incident_id=incident.id, act_code=top)
            session.add(row)
        row.status = status
        row.decided_by = str(by).strip()
        row.decided_at = dt.datetime.now(dt.UTC)
        full_note = note or None
        if act.code != top:
            full_note = f"[{act.code} {act.name}] " + (note or "")
        row.note = full_note
        session.flush()
        session.add(models.AuditEntry(actor=row.decided_by, action="law.decide",
                                      subject_table="legal_classifications", subject_id=str(row.id),
                                      detail={"incident": incident.key or incident.id, "act": top,
                                              "from": before, "to": status, "note": full_note}))
        session.commit()
        return {"incident": incident.key or incident.id, "incident_id": incident.id, "act": top,
                "act_name": load_statute().act(top).name, "status": status, "previous": before,
                "decided_by": row.decided_by, "decided_at": row.decided_at.isoformat(), "note": row.note}
