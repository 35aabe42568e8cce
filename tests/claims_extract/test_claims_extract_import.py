"""`import_report`: proposed claims enter as reported/unreviewed, linked to source and snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from sabt.claims.extract import import_report
from sabt.errors import ImportRefused
from sabt.store import models

pytestmark = pytest.mark.db

GOLD = Path(__file__).resolve().parent.parent / "data" / "claims_gold"
REPORT = (
    "Situation update, 15 January 2026.\n"
    "The Kurdistan Human Rights Bureau reported on 14 January that security forces killed at least 58 "
    "protesters in Kermanshah province from January 8 to January 12, including 9 children.\n"
    "See Article 7 of the Rome Statute. Call +44 20 7946 0000.\n"
)


def _claims(case):
    with case.session() as session:
        return list(session.scalars(select(models.Claim).order_by(models.Claim.id)))


def test_claims_enter_reported_unreviewed_with_their_source(case, tmp_path):
    path = tmp_path / "update.txt"
    path.write_text(REPORT, encoding="utf-8")
    summary = import_report(case, path, "khrb-2026-01-15")
    assert (summary.proposed, summary.claims_added, summary.source_added) == (2, 2, True)
    claims = _claims(case)
    assert [(c.metric, c.low, c.best, c.high) for c in claims] == [("killed", 58, 58, None), ("children_killed", 9, 9, 9)]
    first = claims[0]
    assert (first.status, first.review, first.source_id) == ("reported", "unreviewed", "khrb-2026-01-15")
    assert first.attributed_to == "Kurdistan Human Rights Bureau"
    assert first.place_key == "IR-05"
    assert str(first.as_of) == "2026-01-14" and str(first.period_start) == "2026-01-08" and str(first.period_end) == "2026-01-12"
    assert REPORT[first.quote_start : first.quote_end] == first.quote
    assert first.extra["value_text"] == "at least 58" and first.extra["proposal"]["metric"] == "killed"
    with case.session() as session:
        source = session.get(models.Source, "khrb-2026-01-15")
        assert source.kind == "report" and source.snapshot_sha256 is None


def test_importing_the_same_report_again_adds_nothing(case, tmp_path):
    path = tmp_path / "update.txt"
    path.write_text(REPORT, encoding="utf-8")
    first = import_report(case, path, "s1")
    again = import_report(case, path, "s1")
    assert (first.claims_added, again.claims_added, again.claims_unchanged) == (2, 0, 2)
    assert len(_claims(case)) == 2
    keys = [c.key for c in _claims(case)]
    assert all(k.startswith("r:") for k in keys) and len(set(keys)) == 2


def test_new_rules_do_not_propose_the_same_figure_twice(case, tmp_path, monkeypatch):
    from sabt.claims.extract import _import

    path = tmp_path / "update.txt"
    path.write_text(REPORT, encoding="utf-8")
    import_report(case, path, "s1")
    monkeypatch.setattr(_import, "claim_key", lambda source_id, claim: f"r:other-rules-{claim.value_start}")
    again = import_report(case, path, "s1")
    assert (again.claims_added, again.claims_unchanged) == (0, 2)


def test_linked_to_its_vault_snapshot_by_file_name(case, tmp_path):
    path = tmp_path / "hrana-2026-01-16.html"
    path.write_text("<p>HRANA confirmed 2,403 deaths by January 16, 2026.</p>", encoding="utf-8")
    sha = "ab" * 32
    with case.session() as session:
        session.add(models.Evidence(sha256=sha, size=10, original_name=path.name))
        session.commit()
    summary = import_report(case, path, "hrana-2026-01-16")
    assert summary.snapshot_sha256 == sha
    with case.session() as session:
        assert session.get(models.Source, "hrana-2026-01-16").snapshot_sha256 == sha


def test_an_existing_source_is_kept(case, tmp_path):
    with case.session() as session:
        session.add(models.Source(id="hrw", name="Human Rights Watch", kind="document", reliability="B"))
        session.commit()
    path = tmp_path / "r.txt"
    path.write_text("Human Rights Watch documented at least 40 deaths.", encoding="utf-8")
    summary = import_report(case, path, "hrw")
    assert summary.source_added is False and summary.claims_added == 1
    with case.session() as session:
        assert session.get(models.Source, "hrw").kind == "document"


def test_broken_file_is_refused_and_nothing_written(case, tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7 garbage")
    with pytest.raises(ImportRefused):
        import_report(case, path, "x")
    assert _claims(case) == []
    with case.session() as session:
        assert session.get(models.Source, "x") is None


def test_export_has_the_issue_fields(case, tmp_path):
    from sabt.export import export_table

    import_report(case, GOLD / "briefing-2026-01.html", "brief")
    out = tmp_path / "claims.json"
    export_table(case, "claims", "json", out)
    rows = json.loads(out.read_text("utf-8"))
    rows = rows if isinstance(rows, list) else rows.get("claims", rows)
    fields = {"metric", "low", "best", "high", "qualifier", "as_of", "period_start", "period_end", "place", "attributed_to", "quote"}
    assert rows and all(fields <= set(row) for row in rows)
