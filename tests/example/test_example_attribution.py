"""The example's claims say what the assessment says: metric, originator, part/whole and date
precision, checked against the assessment's own sentences (issue 14's findings)."""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "iran-2026"
CLAIMS = {c["key"]: c for c in json.loads((EXAMPLE / "claims.json").read_text("utf-8"))["claims"]}
INCIDENTS = json.loads((EXAMPLE / "incidents.json").read_text("utf-8"))["incidents"]


def test_facing_execution_is_not_a_detention_count():
    claim = CLAIMS["detained-facing-execution-50000"]
    assert "facing potential execution" in claim["quote"]
    assert claim["metric"] == "facing_execution"
    # so Iran HRM's only detention figure is its own "more than 3,000"
    hrm_detained = [c for c in CLAIMS.values()
                    if c["metric"] == "detained" and "Iran HRM" in (c.get("attributed_to") or "")]
    assert [c["key"] for c in hrm_detained] == ["detained-iran-hrm-3000-195-cities"]


def test_the_yasuj_figures_are_not_credited_to_the_published_statistics():
    """"At least 81" is the assessment's own sentence; the "published statistics" say 46."""
    for key in ("children-arrested-kohgiluyeh-81", "children-yasuj-reform-centre-70",
                "children-security-detention-11"):
        claim = CLAIMS[key]
        assert "published statistics" not in claim["quote"]
        assert claim["attributed_to"] == "the assessment (no originator named)", key
        assert claim["source_id"] == "assessment" and claim["reliability"] == "F", key
    stats = CLAIMS["children-arrested-province-kohgiluyeh-boyer-ahmad"]
    assert stats["quote"].startswith("According to published statistics")
    assert stats["value"] == "46" and "published statistics" in stats["attributed_to"]


def test_subsets_name_the_figure_they_are_part_of():
    for key in ("children-security-detention-11", "children-yasuj-reform-centre-70"):
        assert CLAIMS[key]["part_of"] == "children-arrested-kohgiluyeh-81"


def test_events_dated_only_to_january_carry_month_precision():
    month_only = [i for i in INCIDENTS if i.get("date_precision") == "month"
                  and (i.get("start_date") or "").startswith("2026-01")]
    assert len(month_only) == 10
    assert all(i["start_date"] == "2026-01" for i in month_only), "a month date is written without a day"
    for key in ("deployed-zainebiyoun-january", "hospital-raid-karaj"):
        assert CLAIMS[key]["as_of"] == "2026-01" and CLAIMS[key]["date_precision"] == "month"


def test_the_blackout_starts_on_the_evening_of_8_january():
    claim = CLAIMS["internet-blackout-evening-8-jan"]
    assert claim["quote"].startswith("On the evening of January 8, 2026")
    assert claim["period_start"] == "2026-01-08" and claim["time_of_day"] == "evening"
