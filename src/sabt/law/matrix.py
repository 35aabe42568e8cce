"""The elements matrix: for each act of article 7(1) and each element, what supports it, and the gaps.

For every act (a)–(k) and every element of it (as the Elements of Crimes number them), and
for the four contextual elements, the matrix lists the incidents, claims and evidence of the
case that support it, with the grade of each claim (source reliability A–F and information
credibility 1–6), and says plainly where the record is thin.

How support is found (each step explained in ``describe()`` and ``docs/law.md``):

- an incident supports an act's element when it has a classification under the act that
  is not rejected, and its type maps to that element (``incident_types.toml``); the claims
  linked to the incident and the evidence linked to it or to those claims come with it;
- a contextual element is supported by the incidents whose type bears on it (directives,
  deployments, blackouts, killings …) and by claims whose metric bears on it (a count of
  killed, of cities, a directive …), whether or not they are tied to an incident;
- mental elements and elements no incident type speaks to (persecution's discriminatory
  grounds, apartheid's regime) stay gaps until an analyst confirms a classification that
  covers them: sabt does not infer intent.

Standard of proof. The matrix applies the standard of UN fact-finding missions and
commissions of inquiry, *reasonable grounds to believe*: a body of reliable information,
consistent with other information, on which an ordinarily prudent observer would conclude
that the fact occurred (see ``STANDARD_OF_PROOF``). sabt reads it mechanically, and only as
a floor: "reliable information" is a claim graded A–C for its originator's reliability *and*
1–3 for its credibility. A claim graded D–F or 4–6 (an anonymous originator, the unsourced
opening, a disputed figure) is listed with the element but never counts towards it.

Status of an element: ``supported`` (reasonable grounds to believe: at least one claim graded
A–C / 1–3 supports it and, for an act's element, an analyst confirmed the classification),
``candidate`` (only unreviewed candidates, or incidents with no graded claim), ``weak`` (only
claims graded D–F or 4–6, however many), ``gap`` (nothing on record). "Supported" is a
statement about the record, not a finding that a crime was committed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from sabt.case import Case
from sabt.claims.vocab import grade
from sabt.law.statute import Act, Element, load_mapping, load_statute
from sabt.store import models

STATUS_ORDER = ("supported", "candidate", "weak", "gap")
STRONG_RELIABILITY = ("A", "B", "C")
STRONG_CREDIBILITY = (1, 2, 3)

STANDARD_OF_PROOF = {
    "name": "reasonable grounds to believe",
    "text": ("the standard of proof of UN fact-finding missions and commissions of inquiry: a reliable body of "
             "information, consistent with other information, on which an ordinarily prudent person would "
             "reasonably believe that the fact occurred; lower than the criminal standard ('beyond reasonable doubt')"),
    "supported": ("an element is 'supported' when at least one claim graded A–C (originator's reliability) and 1–3 "
                  "(credibility) supports it, and, for an act's own elements, an analyst has confirmed the incident's "
                  "classification; claims graded D–F or 4–6 are listed but never count; 'supported' describes the "
                  "record, not a finding that a crime was committed"),
}


@dataclass
class ElementRow:
    element: Element
    status: str = "gap"
    incidents: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    measures: dict = field(default_factory=dict)

    def grades(self) -> list[str]:
        return sorted({c["grade"] for c in self.claims})

    def counted_grades(self) -> list[str]:
        """Grades of the claims that count towards the standard of proof (A–C and 1–3)."""
        return sorted({c["grade"] for c in self.claims if _strong(c)})

    def uncounted_grades(self) -> list[str]:
        """Grades of the claims listed with the element that do not count (D–F or 4–6)."""
        return sorted({c["grade"] for c in self.claims if not _strong(c)})

    def to_dict(self) -> dict:
        return {**self.element.to_dict(), "status": self.status, "incidents": self.incidents, "claims": self.claims,
                "evidence": self.evidence, "grades": self.grades(), "counted_grades": self.counted_grades(),
                "uncounted_grades": self.uncounted_grades(), "gaps": self.gaps, "measures": self.measures}


@dataclass
class ActRow:
    act: Act
    status: str
    incidents: list[dict]
    elements: list[ElementRow]
    contextual: list[dict]

    def to_dict(self) -> dict:
        return {"code": self.act.code, "letter": self.act.letter, "name": self.act.name, "article": self.act.article,
                "elements_citation": self.act.elements_citation, "status": self.status,
                "incidents": self.incidents, "elements": [e.to_dict() for e in self.elements],
                "contextual": self.contextual,
                "variants": [{"code": v.code, "name": v.name, "elements_citation": v.elements_citation}
                             for v in self.act.variants]}


@dataclass
class Matrix:
    """The elements matrix of a case: ``to_dict()``, ``to_csv()``, ``to_markdown()``."""

    statute: dict
    contextual: list[ElementRow]
    acts: list[ActRow]

    def to_dict(self) -> dict:
        return {"statute": self.statute, "standard_of_proof": STANDARD_OF_PROOF,
                "contextual": [c.to_dict() for c in self.contextual],
                "acts": [a.to_dict() for a in self.acts], "summary": self.summary()}

    def summary(self) -> dict:
        return {"acts": {a.act.code: a.status for a in self.acts},
                "contextual": {c.element.code: c.status for c in self.contextual},
                "gaps": sum(len(e.gaps) for a in self.acts for e in a.elements) + sum(len(c.gaps) for c in self.contextual)}

    def describe(self) -> str:
        counts = {s: sum(1 for a in self.acts if a.status == s) for s in ("supported", "partial", "candidate", "weak", "gap")}
        ctx = ", ".join(f"{c.element.name}: {c.status}" for c in self.contextual)
        return (f"Rome Statute art. 7 elements matrix (data {self.statute['version']}), standard of proof "
                f"'{STANDARD_OF_PROOF['name']}': "
                + ", ".join(f"{n} act(s) {s}" for s, n in counts.items() if n) + f". Contextual elements — {ctx}.")

    def to_csv(self) -> str:
        """One row per element: the contextual elements (act ``context``), then each act's own
        elements followed by its contextual elements (with this act's element numbers)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["act_code", "act_name", "act_status", "element_code", "element_citation", "element_kind",
                         "element_text", "status", "incidents", "claims", "evidence", "grades", "gaps"])
        ctx = {c.element.code: c for c in self.contextual}

        def row(act_code, act_name, act_status, element_row: ElementRow, citation=None, code=None):
            writer.writerow([act_code, act_name, act_status, code or element_row.element.code,
                             citation or element_row.element.citation, element_row.element.kind,
                             element_row.element.text, element_row.status,
                             "; ".join(str(i["key"] or i["id"]) for i in element_row.incidents),
                             "; ".join(str(c["key"] or c["id"]) for c in element_row.claims),
                             "; ".join(e["sha256"][:12] for e in element_row.evidence),
                             "; ".join(element_row.grades()), " | ".join(element_row.gaps)])

        for c in self.contextual:
            row("context", "contextual elements (all acts)", "", c)
        for a in self.acts:
            for e in a.elements:
                row(a.act.code, a.act.name, a.status, e)
            for ref in a.contextual:
                row(a.act.code, a.act.name, a.status, ctx[ref["code"]], ref["citation"],
                    f"{ref['act']}:{ref['number']}={ref['code']}")
        return out.getvalue()

    def to_markdown(self) -> str:
        """A readable matrix for the assessment report."""
        lines = ["# Rome Statute article 7: elements matrix", "",
                 f"Statute data {self.statute['version']}. {self.statute['provenance']}", "",
                 f"Standard of proof: **{STANDARD_OF_PROOF['name']}** — {STANDARD_OF_PROOF['text']}.", "",
                 ("Status: **supported** — " + STANDARD_OF_PROOF["supported"] + "; **candidate** "
                  "(only unreviewed candidates), **weak** (only claims graded D–F or 4–6), **gap** (nothing on record)."), "",
                 "## Contextual elements", "", "| element | citation | status | support | grades | gaps |",
                 "|---|---|---|---|---|---|"]
        for c in self.contextual:
            lines.append(f"| {c.element.name} | {c.element.citation} | **{c.status}** | {_support_text(c)} | "
                         f"{', '.join(c.grades())} | {_cell(' / '.join(c.gaps))} |")
        lines += ["", "## Acts", "", "| act | status | incidents | elements supported |", "|---|---|---|---|"]
        for a in self.acts:
            done = sum(1 for e in a.elements if e.status in ("supported", "candidate", "weak"))
            lines.append(f"| 7(1)({a.act.letter}) {a.act.name} | **{a.status}** | {len(a.incidents)} | "
                         f"{done} of {len(a.elements)} |")
        for a in self.acts:
            lines += ["", f"### Art. 7(1)({a.act.letter}) {a.act.name} — {a.status}", "",
                      "| element | status | support | grades | gaps |", "|---|---|---|---|---|"]
            for e in a.elements:
                lines.append(f"| {e.element.citation}: {_cell(e.element.text)} | **{e.status}** | {_support_text(e)} | "
                             f"{', '.join(e.grades())} | {_cell(' / '.join(e.gaps))} |")
            numbers = sorted({(r["act"], r["number"]) for r in a.contextual})
            lines.append(f"| contextual elements ({', '.join(f'{act} el. {n}' for act, n in numbers)}) | see above | | | |")
        return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _support_text(row: ElementRow) -> str:
    parts = []
    if row.incidents:
        parts.append(f"{len(row.incidents)} incident(s): " + ", ".join(str(i["key"] or i["id"]) for i in row.incidents[:6])
                     + (" …" if len(row.incidents) > 6 else ""))
    if row.claims:
        parts.append(f"{len(row.claims)} claim(s)")
    if row.evidence:
        parts.append(f"{len(row.evidence)} evidence item(s)")
    return _cell("; ".join(parts)) or "—"


class _Case:
    """The parts of a case the matrix reads, once."""

    def __init__(self, session):
        self.sources = {s.id: s for s in session.scalars(select(models.Source))}
        self.incidents = {i.id: i for i in session.scalars(select(models.Incident).order_by(models.Incident.start_date,
                                                                                              models.Incident.id))}
        self.claims = {c.id: c for c in session.scalars(select(models.Claim).where(models.Claim.superseded.is_(False)))}
        self.claims_of: dict[int, list[int]] = {}
        for link in session.scalars(select(models.IncidentClaim)):
            if link.claim_id in self.claims:
                self.claims_of.setdefault(link.incident_id, []).append(link.claim_id)
        self.classifications = list(session.scalars(select(models.LegalClassification)))
        evidence = {e.id: e for e in session.scalars(select(models.Evidence))}
        self.evidence_of: dict[tuple[str, int], list[dict]] = {}
        for link in session.scalars(select(models.EvidenceLink)):
            item = evidence.get(link.evidence_id)
            if item is not None and not item.protected:
                self.evidence_of.setdefault((link.target_table.rstrip("s"), link.target_id), []).append(
                    {"sha256": item.sha256, "media_type": item.media_type, "source_id": item.source_id,
                     "note": link.note})
        self.province_of = {p.key: (p.key if p.kind == "province" else p.province_code)
                            for p in session.scalars(select(models.Place))}

    def claim_ref(self, claim: models.Claim) -> dict:
        source = self.sources.get(claim.source_id)
        reliability = claim.reliability or (source.reliability if source else None)
        return {"id": claim.id, "key": claim.key, "source_id": claim.source_id, "metric": claim.metric,
                "low": claim.low, "best": claim.best, "high": claim.high, "qualifier": claim.qualifier,
                "as_of": claim.as_of.isoformat() if claim.as_of else None, "status": claim.status,
                "reliability": reliability, "credibility": claim.credibility,
                "grade": grade(reliability, claim.credibility), "quote": claim.quote}

    def incident_ref(self, incident: models.Incident, status: str | None = None) -> dict:
        return {"id": incident.id, "key": incident.key, "title": incident.title, "type": incident.type,
                "start_date": incident.start_date.isoformat() if incident.start_date else None,
                "end_date": incident.end_date.isoformat() if incident.end_date else None,
                "place_key": incident.place_key, "place_text": incident.place_text,
                "classification": status}


def _strong(claim: dict) -> bool:
    return claim["reliability"] in STRONG_RELIABILITY and claim["credibility"] in STRONG_CREDIBILITY


def _add_incident(row: ElementRow, data: _Case, incident: models.Incident, status: str | None) -> None:
    if any(i["id"] == incident.id for i in row.incidents):
        return
    row.incidents.append(data.incident_ref(incident, status))
    seen = {c["id"] for c in row.claims}
    for claim_id in data.claims_of.get(incident.id, []):
        if claim_id not in seen and data.claims[claim_id].status != "refuted":
            row.claims.append(data.claim_ref(data.claims[claim_id]))
            seen.add(claim_id)
        for item in data.evidence_of.get(("claim", claim_id), []):
            if item not in row.evidence:
                row.evidence.append(item)
    for item in data.evidence_of.get(("incident", incident.id), []):
        if item not in row.evidence:
            row.evidence.append(item)


def _act_element_status(row: ElementRow) -> str:
    """A confirmed classification meets the standard only with a claim that counts (A–C, 1–3)."""
    statuses = {i["classification"] for i in row.incidents}
    if not row.incidents:
        return "gap"
    if "confirmed" in statuses:
        if any(_strong(c) for c in row.claims):
            return "supported"
        return "weak" if row.claims else "candidate"
    return "candidate"


def _context_status(row: ElementRow) -> str:
    if not row.incidents and not row.claims:
        return "gap"
    if any(_strong(c) for c in row.claims):
        return "supported"
    return "weak" if row.claims else "candidate"


def _act_status(specific: list[str]) -> str:
    """An act is ``partial`` ("partly supported") only when some element *is* supported; an act
    whose elements are candidates and gaps is a ``candidate``, not partly supported."""
    if all(s == "supported" for s in specific):
        return "supported"
    for status in ("supported", "candidate", "weak"):
        if status in specific:
            return "partial" if status == "supported" else status
    return "gap"


def _gap_text(element: Element) -> str:
    if element.kind == "mental":
        return (f"{element.citation} is a mental element: it needs evidence of what the perpetrator knew or "
                "intended (orders, statements, patterns); none is linked, and sabt does not infer it")
    return f"nothing on record supports {element.citation}"


def law_matrix(case: Case) -> Matrix:
    """The elements matrix of the case (see the module's docstring for how support is found)."""
    statute = load_statute()
    mapping = load_mapping(statute=statute)
    with case.session() as session:
        data = _Case(session)
        by_act: dict[str, dict[int, str]] = {}
        for c in data.classifications:
            if c.status != "rejected" and c.incident_id in data.incidents:
                by_act.setdefault(c.act_code, {})[c.incident_id] = c.status

        contextual = [ElementRow(element) for element in statute.contextual]
        ctx = {row.element.code: row for row in contextual}
        for incident in data.incidents.values():
            codes = set(mapping.contextual_for(incident.type))
            classified = [by_act[a][incident.id] for a in by_act if incident.id in by_act[a]]
            if classified:
                codes.add("ctx-attack")
            for code in codes:
                status = "confirmed" if "confirmed" in classified else ("candidate" if classified else None)
                _add_incident(ctx[code], data, incident, status)
        for claim in data.claims.values():
            if claim.status == "refuted":
                continue
            for code in mapping.metrics.get(claim.metric, []):
                if all(c["id"] != claim.id for c in ctx[code].claims):
                    ctx[code].claims.append(data.claim_ref(claim))
                    for item in data.evidence_of.get(("claim", claim.id), []):
                        if item not in ctx[code].evidence:
                            ctx[code].evidence.append(item)
        for row in contextual:
            row.status = _context_status(row)
            provinces = {data.province_of.get(i["place_key"]) for i in row.incidents} - {None}
            row.measures = {"incidents": len(row.incidents), "claims": len(row.claims),
                            "provinces": len(provinces), "strong_claims": sum(1 for c in row.claims if _strong(c))}
            if row.status == "gap":
                row.gaps.append(_gap_text(row.element))
            elif row.status == "weak":
                row.gaps.append("only claims graded D–F or 4–6 support it; corroboration needed")
            elif row.status == "candidate":
                row.gaps.append("supported only by incidents with no graded claim and no confirmed classification")
        if ctx["ctx-attack"].measures["incidents"] == 1:
            ctx["ctx-attack"].gaps.append("an attack is a course of conduct: the record shows only one incident")

        acts: list[ActRow] = []
        for act in statute.acts:
            elements = [ElementRow(e) for e in act.specific_elements()]
            row_of = {r.element.code: r for r in elements}
            incidents: list[dict] = []
            for incident_id, status in by_act.get(act.code, {}).items():
                incident = data.incidents[incident_id]
                incidents.append(data.incident_ref(incident, status))
                for code in mapping.acts_for(incident.type).get(act.code, []):
                    _add_incident(row_of[code], data, incident, status)
            for row in elements:
                row.status = _act_element_status(row)
                if row.status == "gap":
                    row.gaps.append(_gap_text(row.element))
                elif row.status == "candidate":
                    row.gaps.append("supported only by candidate classifications; an analyst must confirm them")
                elif row.status == "weak":
                    row.gaps.append("confirmed by an analyst, but only claims graded D–F or 4–6 support it; "
                                    "corroboration needed")
                if row.incidents and not row.claims:
                    row.gaps.append("the incidents carry no claims: link the claims that report them")
            status = _act_status([r.status for r in elements]) if incidents else "gap"
            acts.append(ActRow(act=act, status=status, incidents=incidents, elements=elements,
                               contextual=act.contextual_citations()))
        return Matrix(statute={"id": statute.meta.get("id"), "version": statute.version,
                               "provenance": statute.meta["provenance"], "mapping_version": mapping.meta.get("version")},
                      contextual=contextual, acts=acts)
