"""Incidents: import (atomic, idempotent, clear errors), claim links and derived counts."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from sabt.claims.importer import import_claims
from sabt.claims.incidents import derive_counts, import_incidents
from sabt.errors import ImportRefused
from sabt.store import models

SOURCES = [
    {"id": "hrana", "name": "HRANA", "kind": "report", "reliability": "B"},
    {"id": "gov", "name": "Official", "kind": "statement", "reliability": "D"},
    {"id": "anon", "name": "Unsigned", "kind": "report", "reliability": "F"},
]
CLAIMS = [
    {"key": "k-hrana", "source_id": "hrana", "metric": "killed", "low": 2403, "best": 2403, "qualifier": "confirmed",
     "as_of": "2026-01-16", "reliability": "B", "credibility": 2, "status": "confirmed", "quote": "q"},
    {"key": "k-hrana-later", "source_id": "hrana", "metric": "killed", "low": 3308, "best": 3308,
     "as_of": "2026-01-18", "reliability": "B", "credibility": 2, "status": "confirmed", "quote": "q"},
    {"key": "k-under", "source_id": "hrana", "metric": "killed", "best": 4382, "as_of": "2026-01-18",
     "reliability": "B", "credibility": 3, "status": "under_investigation", "quote": "q"},
    {"key": "k-gov", "source_id": "gov", "metric": "killed", "value": "at least 5,000", "as_of": "2026-01-18",
     "reliability": "D", "credibility": 3, "quote": "q"},
    {"key": "k-range", "source_id": "anon", "metric": "killed", "value": "12,000-20,000", "reliability": "F",
     "credibility": 3, "quote": "q"},
    {"key": "k-opening", "source_id": "anon", "metric": "killed", "value": "20,000-30,000", "reliability": "F",
     "credibility": 6, "quote": "q"},
    {"key": "k-context", "source_id": "anon", "metric": "killed", "value": "1,500", "reliability": "F",
     "credibility": 3, "quote": "q", "context": True},
    {"key": "raid", "source_id": "anon", "metric": "hospital_raid", "place": "Ilam", "reliability": "F",
     "credibility": 3, "quote": "q"},
    {"key": "c-81", "source_id": "anon", "metric": "children_arrested", "value": "at least 81", "reliability": "C",
     "credibility": 3, "quote": "q"},
    {"key": "c-46", "source_id": "anon", "metric": "children_arrested", "value": "46", "reliability": "C",
     "credibility": 3, "quote": "q"},
    {"key": "c-hundreds", "source_id": "anon", "metric": "children_arrested", "value": "hundreds",
     "reliability": "F", "credibility": 3, "quote": "q"},
]


@pytest.fixture
def with_claims(case, tmp_path):
    path = tmp_path / "claims.json"
    path.write_text(json.dumps({"sources": SOURCES, "claims": CLAIMS}), "utf-8")
    import_claims(case, path)
    return case


def _write(tmp_path, incidents, name="incidents.json"):
    path = tmp_path / name
    path.write_text(json.dumps(incidents), "utf-8")
    return path


def _incidents(case):
    with case.session() as session:
        return {i.key: i for i in session.scalars(select(models.Incident))}


def _claims(case, *keys):
    with case.session() as session:
        return [c for c in session.scalars(select(models.Claim)) if c.key in keys]


def test_import_links_claims_resolves_places_and_derives_counts(with_claims, tmp_path):
    path = _write(tmp_path, {"incidents": [
        {"key": "tolls", "title": "All tallies", "type": "mass_killing", "start_date": "2025-12-28",
         "end_date": "2026-01-18", "place": "Iran", "count_metric": "killed",
         "claims": ["k-hrana", "k-hrana-later", "k-under", "k-gov", "k-range", "k-opening", "k-context"]},
        {"key": "raid", "title": "Hospital raid", "type": "hospital_raid", "start_date": "2026-01-04",
         "place": "Imam Khomeini Hospital, Ilam", "claims": ["raid"]},
    ]})
    summary = import_incidents(with_claims, path)
    assert (summary.added, summary.links, summary.unresolved_places) == (2, 8, [])
    incidents = _incidents(with_claims)
    tolls = incidents["tolls"]
    assert (tolls.count_low, tolls.count_best, tolls.count_high) == (2403, 3308, 20000)
    assert tolls.place_key == "IR" and tolls.place_precision == 6 and tolls.date_precision == "day"
    raid = incidents["raid"]
    assert raid.place_key == "gn:130802" and raid.place_precision == 2 and raid.count_low is None
    assert any(line.startswith("tolls: low 2,403 – high 20,000, best 3,308") for line in summary.derived)


def test_same_file_twice_is_skipped_changed_content_updates(with_claims, tmp_path):
    incident = {"key": "raid", "title": "Hospital raid", "type": "hospital_raid", "place": "Ilam", "claims": ["raid"]}
    path = _write(tmp_path, [incident])
    assert import_incidents(with_claims, path).added == 1
    again = import_incidents(with_claims, path)
    assert (again.added, again.unchanged, again.updated) == (0, 1, 0)
    incident.update(title="Siege of the hospital", claims=["raid", "k-hrana"])
    changed = import_incidents(with_claims, _write(tmp_path, [incident]))
    assert changed.updated == 1
    with with_claims.session() as session:
        assert session.scalar(select(func.count()).select_from(models.Incident)) == 1
        assert session.scalar(select(func.count()).select_from(models.IncidentClaim)) == 2
    assert _incidents(with_claims)["raid"].title == "Siege of the hospital"


def test_errors_name_file_incident_and_field_and_nothing_is_written(with_claims, tmp_path):
    path = _write(tmp_path, [
        {"key": "good", "title": "Fine", "type": "protest", "claims": []},
        {"key": "bad", "title": "Broken", "type": "massacre!", "start_date": "2026-01-09", "end_date": "2026-01-08",
         "place_precision": 9, "count_metric": "bodies", "claims": ["no-such-claim"], "colour": "red"},
        {"title": "no key", "type": "killing"},
    ], name="bad.json")
    with pytest.raises(ImportRefused) as error:
        import_incidents(with_claims, path)
    message = str(error.value)
    for expected in ("bad.json: incident 2 (bad), 'type'", "'end_date'", "'place_precision'", "'count_metric'",
                     "'claims': no claim with key(s) 'no-such-claim'", "unknown field(s) colour",
                     "incident 3, 'key'"):
        assert expected in message
    assert _incidents(with_claims) == {}


def test_duplicate_keys_and_bad_json_are_refused(with_claims, tmp_path):
    path = _write(tmp_path, [{"key": "a", "title": "A", "type": "protest"}] * 2)
    with pytest.raises(ImportRefused, match="used twice"):
        import_incidents(with_claims, path)
    broken = tmp_path / "broken.json"
    broken.write_text("[{", "utf-8")
    with pytest.raises(ImportRefused, match="broken.json: line 1: not valid JSON"):
        import_incidents(with_claims, broken)
    with pytest.raises(ImportRefused, match="no such file"):
        import_incidents(with_claims, tmp_path / "absent.json")


def test_given_counts_win_over_derived(with_claims, tmp_path):
    path = _write(tmp_path, [{"key": "t", "title": "T", "type": "mass_killing", "count_metric": "killed",
                              "count_low": 800, "count_high": 5000, "claims": ["k-hrana", "k-range"]}])
    import_incidents(with_claims, path)
    t = _incidents(with_claims)["t"]
    assert (t.count_low, t.count_best, t.count_high) == (800, None, 5000)


def test_derive_counts_rules(with_claims):
    killed = _claims(with_claims, "k-hrana", "k-hrana-later", "k-under", "k-gov", "k-range", "k-opening", "k-context")
    derived = derive_counts(killed, "killed")
    # credibility 6, context and under-investigation claims do not set counts
    assert derived.used == ("k-gov", "k-hrana", "k-hrana-later", "k-range")
    assert (derived.low, derived.best, derived.high, derived.best_from) == (2403, 3308, 20000, "k-hrana-later")
    assert "best 3,308 from k-hrana-later" in derived.describe()
    # a floor above another claim's exact figure leaves the high open
    children = derive_counts(_claims(with_claims, "c-81", "c-46", "c-hundreds"), "children_arrested")
    assert (children.low, children.high) == (46, None)
    assert "c-hundreds" not in children.used  # a vague word counts only when no figure in digits exists
    vague = derive_counts(_claims(with_claims, "c-hundreds"), "children_arrested")
    assert (vague.low, vague.best, vague.high) == (None, None, None)  # "hundreds" states no number
    assert derive_counts(_claims(with_claims, "raid"), "killed").used == ()
