"""classify, decide and the elements matrix on a small case built here."""

import csv
import datetime as dt
import io
import json

import pytest
import typer
from sqlalchemy import select
from typer.testing import CliRunner

from sabt.cli.law import law_app
from sabt.errors import SabtError
from sabt.law import classify, decide, law_matrix
from sabt.store import models


@pytest.fixture
def law_case(case):
    with case.session() as session:
        session.add_all([models.Source(id="s-a", name="Rights group", reliability="B"),
                         models.Source(id="s-b", name="Anonymous post", reliability="E")])
        incidents = [
            models.Incident(key="kill-1", title="Shootings in Kermanshah", type="killing", start_date=dt.date(2026, 1, 8),
                            place_key="gn:128226"),
            models.Incident(key="raid-1", title="Raid on a hospital in Ilam", type="Hospital raid",
                            start_date=dt.date(2026, 1, 4), place_key="gn:130802"),
            models.Incident(key="order-1", title="Order to deal decisively", type="directive",
                            start_date=dt.date(2026, 1, 3), place_key="IR"),
            models.Incident(key="odd-1", title="Something else", type="picnic", start_date=dt.date(2026, 1, 5)),
        ]
        session.add_all(incidents)
        session.flush()
        strong = models.Claim(key="c-killed", source_id="s-a", metric="killed", best=217, credibility=2,
                              status="reported", quote="217 deaths in six hospitals")
        weak = models.Claim(key="c-raid", source_id="s-b", metric="hospital_raid", credibility=5, status="reported")
        order = models.Claim(key="c-order", source_id="s-a", metric="directive", credibility=1, status="confirmed")
        session.add_all([strong, weak, order])
        session.flush()
        session.add_all([models.IncidentClaim(incident_id=incidents[0].id, claim_id=strong.id),
                         models.IncidentClaim(incident_id=incidents[1].id, claim_id=weak.id),
                         models.IncidentClaim(incident_id=incidents[2].id, claim_id=order.id)])
        evidence = models.Evidence(sha256="ab" * 32, size=10, media_type="video/mp4")
        session.add(evidence)
        session.flush()
        session.add(models.EvidenceLink(evidence_id=evidence.id, target_table="incident", target_id=incidents[0].id))
        session.commit()
    return case


def test_classify_proposes_candidates_and_keeps_decisions(law_case):
    summary = classify(law_case)
    assert summary.proposed == 6  # killing → a, b, h; hospital raid → k, e, h
    assert summary.unmapped_types == {"picnic": 1}
    decide(law_case, "kill-1", "b", "rejected", by="analyst", note="scale not shown for this incident")
    again = classify(law_case)
    assert again.proposed == 0 and again.already_recorded == 6
    with law_case.session() as session:
        row = session.scalars(select(models.LegalClassification).where(
            models.LegalClassification.act_code == "7-1-b")).one()
        assert (row.status, row.decided_by) == ("rejected", "analyst")
        audit = session.scalars(select(models.AuditEntry).where(models.AuditEntry.action == "law.decide")).one()
        assert audit.detail["from"] == "candidate" and audit.detail["to"] == "rejected"


def test_decide_checks_its_inputs(law_case):
    with pytest.raises(SabtError, match="not a decision"):
        decide(law_case, "kill-1", "a", "maybe", by="x")
    with pytest.raises(SabtError, match="not an act"):
        decide(law_case, "kill-1", "z", "confirmed", by="x")
    with pytest.raises(SabtError, match="no incident"):
        decide(law_case, "nope", "a", "confirmed", by="x")
    with pytest.raises(SabtError, match="name of whoever"):
        decide(law_case, "kill-1", "a", "confirmed", by=" ")
    outcome = decide(law_case, "kill-1", "g-6", "candidate", by="x", note="reports of assault")
    assert outcome["act"] == "7-1-g" and outcome["note"].startswith("[7-1-g-6 Sexual violence]")


def test_matrix_lists_all_acts_elements_support_grades_and_gaps(law_case):
    classify(law_case)
    decide(law_case, "kill-1", "a", "confirmed", by="analyst")
    decide(law_case, "kill-1", "b", "rejected", by="analyst")
    matrix = law_matrix(law_case)
    acts = {a.act.code: a for a in matrix.acts}
    assert len(acts) == 11 and len(matrix.contextual) == 4
    murder = acts["7-1-a"]
    assert murder.status == "supported"
    element = murder.elements[0]
    assert element.status == "supported" and element.incidents[0]["key"] == "kill-1"
    assert element.claims[0]["grade"] == "B2" and element.evidence[0]["sha256"] == "ab" * 32
    assert acts["7-1-b"].status == "gap"  # the only candidate was rejected
    # element 1 by a candidate; 2 and 3 are gaps: a candidate, not "partly supported"
    assert acts["7-1-k"].status == "candidate"
    k = {e.element.number: e for e in acts["7-1-k"].elements}
    assert k[1].status == "candidate" and k[1].claims[0]["grade"] == "E5"
    assert "mental element" in k[3].gaps[0]
    assert acts["7-1-j"].status == "gap" and acts["7-1-j"].elements[0].gaps
    ctx = {c.element.code: c for c in matrix.contextual}
    assert ctx["ctx-policy"].status == "supported"  # the directive with an A-B graded claim
    assert [i["key"] for i in ctx["ctx-policy"].incidents] == ["order-1"]
    assert ctx["ctx-knowledge"].status == "supported"
    assert ctx["ctx-attack"].status == "supported" and ctx["ctx-attack"].measures["incidents"] >= 2
    assert "1 act(s) supported" in matrix.describe()


def test_low_grades_never_make_an_element_supported(case):
    """Reasonable grounds to believe: an element backed only by F-graded or credibility-6 claims
    is not 'supported', even with a confirmed classification, and the report can tell which
    grades counted."""
    with case.session() as session:
        session.add(models.Source(id="s-anon", name="Unsigned assessment", reliability="F"))
        incident = models.Incident(key="kill-x", title="Killings said to be by foreign militia", type="killing",
                                   start_date=dt.date(2026, 1, 8), place_key="IR")
        session.add(incident)
        session.flush()
        claims = [models.Claim(key="c-f6", source_id="s-anon", metric="killed", low=20000, high=30000,
                               reliability="F", credibility=6, status="reported"),
                  models.Claim(key="c-f3", source_id="s-anon", metric="killed", best=12000,
                               reliability="F", credibility=3, status="reported")]
        session.add_all(claims)
        session.flush()
        session.add_all([models.IncidentClaim(incident_id=incident.id, claim_id=c.id) for c in claims])
        session.commit()
    classify(case)
    decide(case, "kill-x", "a", "confirmed", by="analyst")
    matrix = law_matrix(case)
    murder = {a.act.code: a for a in matrix.acts}["7-1-a"]
    assert murder.elements[0].status == "weak" and murder.status != "supported"
    assert "corroboration needed" in murder.elements[0].gaps[-1]
    ctx = {c.element.code: c for c in matrix.contextual}
    assert ctx["ctx-attack"].status == "weak"
    assert ctx["ctx-attack"].counted_grades() == [] and ctx["ctx-attack"].uncounted_grades() == ["F3", "F6"]
    assert "reasonable grounds to believe" in matrix.describe()
    assert matrix.to_dict()["standard_of_proof"]["name"] == "reasonable grounds to believe"


def test_matrix_exports(law_case):
    classify(law_case)
    matrix = law_matrix(law_case)
    document = json.loads(json.dumps(matrix.to_dict()))
    assert len(document["acts"]) == 11 and len(document["contextual"]) == 4
    rows = list(csv.DictReader(io.StringIO(matrix.to_csv())))
    assert {r["act_code"] for r in rows} == {"context"} | {f"7-1-{x}" for x in "abcdefghijk"}
    assert len([r for r in rows if r["act_code"] == "context"]) == 4
    murder = [r for r in rows if r["act_code"] == "7-1-a"]
    assert [r["element_citation"] for r in murder][:2] == ["Elements of Crimes, art. 7(1)(a), element 1",
                                                          "Elements of Crimes, art. 7(1)(a), element 2"]
    assert murder[0]["incidents"] == "kill-1" and murder[0]["grades"] == "B2"
    markdown = matrix.to_markdown()
    assert markdown.count("### Art. 7(1)(") == 11 and "| Pursuant to or in furtherance of" in markdown


def test_an_empty_case_is_all_gaps(case):
    matrix = law_matrix(case)
    assert {a.status for a in matrix.acts} == {"gap"}
    assert {c.status for c in matrix.contextual} == {"gap"}
    assert matrix.summary()["gaps"] >= 43


def test_law_cli(law_case, case_db, cli_env):
    app = typer.Typer()
    app.add_typer(law_app, name="law")
    runner = CliRunner()
    result = runner.invoke(app, ["law", "classify", "--db", case_db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["proposed"] == 6
    result = runner.invoke(app, ["law", "decide", "kill-1", "7(1)(a)", "confirmed", "--db", case_db, "--by", "me"])
    assert result.exit_code == 0 and "confirmed" in result.output
    result = runner.invoke(app, ["law", "matrix", "--db", case_db, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output.strip().splitlines()[-1])
    assert document["summary"]["acts"]["7-1-a"] == "supported"
    assert "Murder" in result.output and "Pursuant to" in result.output
    result = runner.invoke(app, ["law", "matrix", "--db", case_db, "--csv"])
    assert result.output.startswith("act_code,act_name")
    result = runner.invoke(app, ["law", "decide", "kill-1", "z", "confirmed", "--db", case_db, "--by", "me"])
    assert result.exit_code == 1 and "not an act" in result.output
    result = runner.invoke(app, ["law", "elements"])
    assert result.exit_code == 0 and "Enforced disappearance" in result.output
