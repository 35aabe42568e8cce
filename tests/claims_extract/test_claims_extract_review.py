"""Reviewing proposed claims: accept, reject, correct (superseding, kept as evaluation data)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sabt.claims.extract import import_report
from sabt.claims.review import (
    ReviewRefused,
    corrections,
    decide_claim,
    parse_corrections,
    pending_claims,
)
from sabt.store import models

pytestmark = pytest.mark.db

REPORT = (
    "Iran HRM documented more than 3,000 detained across 195 cities. "
    "HRANA verified over 24,000 arrests by January 18, 2026. "
    "Six hospitals in Tehran recorded 217 deaths of protesters on January 8, 2026.\n"
)


@pytest.fixture
def imported(case, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    import_report(case, path, "src")
    return path


def test_pending_in_text_order(case, imported):
    assert [(c.metric, c.low) for c in pending_claims(case)] == [
        ("detained", 3000), ("cities", 195), ("arrested", 24000), ("killed", 217),
    ]


def test_accept_and_reject(case, imported):
    first, second, *_ = pending_claims(case)
    assert decide_claim(case, first.id, "accept", "nasrin") == first.id
    decide_claim(case, second.id, "reject", "nasrin", note="scope, not a count")
    with case.session() as session:
        a, b = session.get(models.Claim, first.id), session.get(models.Claim, second.id)
        assert (a.review, b.review, b.superseded) == ("accepted", "rejected", False)
        assert b.extra["review"]["reviewer"] == "nasrin" and b.extra["review"]["note"] == "scope, not a count"
        assert session.scalars(select(models.AuditEntry.action)).all() == ["claim.accept", "claim.reject"]
    assert len(pending_claims(case)) == 2


def test_correction_supersedes_and_keeps_the_proposal(case, imported):
    claim = pending_claims(case)[3]
    new_id = decide_claim(case, claim.id, "correct", "nasrin",
                          {"attributed_to": "six hospitals in Tehran", "value": "at least 217"})
    with case.session() as session:
        old, new = session.get(models.Claim, claim.id), session.get(models.Claim, new_id)
        assert old.superseded and old.review == "unreviewed"
        assert (new.review, new.supersedes_id, new.superseded) == ("corrected", claim.id, False)
        assert (new.low, new.best, new.high, new.qualifier) == (217, 217, None, "at least")
        assert new.attributed_to == "six hospitals in Tehran" and new.metric == "killed" and new.quote == old.quote
        correction = new.extra["correction"]
        assert correction["original"]["attributed_to"] is None and correction["original"]["high"] == 217
        assert correction["changed"]["attributed_to"] == [None, "six hospitals in Tehran"]
        assert correction["proposal"]["metric"] == "killed" and correction["reviewer"] == "nasrin"
    assert [c["claim_id"] for c in corrections(case)] == [new_id]


def test_reimport_after_review_adds_nothing(case, imported):
    claims = pending_claims(case)
    decide_claim(case, claims[0].id, "correct", "nasrin", {"metric": "arrested"})
    decide_claim(case, claims[1].id, "reject", "nasrin")
    summary = import_report(case, imported, "src")
    assert summary.claims_added == 0
    assert len(pending_claims(case)) == 2


@pytest.mark.parametrize(
    "decision, fields, message",
    [
        ("approve", None, "not one of"),
        ("correct", None, "at least one"),
        ("correct", {"metric": "vanished"}, "not a known metric|not one of"),
        ("correct", {"low": "many"}, "not a whole number"),
        ("correct", {"low": "10", "high": "5"}, "low ≤ best ≤ high"),
        ("correct", {"colour": "red"}, "cannot correct"),
        ("correct", {"metric": "detained"}, "change nothing"),
    ],
)
def test_bad_decisions_are_refused(case, imported, decision, fields, message):
    claim = pending_claims(case)[0]
    with pytest.raises(ReviewRefused, match=message):
        decide_claim(case, claim.id, decision, "nasrin", fields)


def test_a_decided_claim_cannot_be_decided_again(case, imported):
    claim = pending_claims(case)[0]
    decide_claim(case, claim.id, "accept", "nasrin")
    with pytest.raises(ReviewRefused, match="already accepted"):
        decide_claim(case, claim.id, "reject", "omid")
    with pytest.raises(ReviewRefused, match="no claim"):
        decide_claim(case, 10_000, "accept", "omid")


def test_parse_corrections():
    assert parse_corrections('metric=detained value="more than 3,000" attributed_to="Iran HRM"') == {
        "metric": "detained", "value": "more than 3,000", "attributed_to": "Iran HRM"}
    with pytest.raises(ReviewRefused):
        parse_corrections("metric")


def test_review_claims_command_through_stdin(case, imported, cli_env, case_db):
    import typer

    from sabt.cli.claims import review_claims_command

    app = typer.Typer()
    app.command()(review_claims_command)
    answers = "a\nr\nnot a count\nc\nmetric=killed\ns\n"
    result = CliRunner().invoke(app, ["--db", case_db, "--reviewer", "nasrin"], input=answers)
    assert result.exit_code == 0, result.output
    assert "claim 1 of 4" in result.output and "Iran HRM documented more than 3,000 detained" in result.output
    assert "1 accepted, 1 corrected, 1 rejected, 1 skipped; 1 still waiting" in result.output
    with case.session() as session:
        reviews = session.scalars(select(models.Claim.review).order_by(models.Claim.id)).all()
    assert reviews == ["accepted", "rejected", "unreviewed", "unreviewed", "corrected"]


def test_import_report_command_json(case_db, cli_env, tmp_path):
    import json

    import typer

    from sabt.cli.claims import import_report_command

    app = typer.Typer()
    app.command()(import_report_command)
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = CliRunner().invoke(app, [str(path), "--db", case_db, "--source", "src", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert (summary["claims_added"], summary["by_metric"]["killed"]) == (4, 1)
    broken = tmp_path / "b.pdf"
    broken.write_bytes(b"%PDF-garbage")
    result = CliRunner().invoke(app, [str(broken), "--db", case_db, "--source", "src"])
    assert result.exit_code == 1 and "not a readable PDF" in result.output
