"""Chart labels do not overlap and stay inside their figure, in English and Persian."""

from __future__ import annotations

import itertools

import pytest

from sabt.report import _charts as charts
from sabt.report import _timeline as timeline
from sabt.report._data import read_case
from sabt.report._i18n import Translator
from sabt.report._svg import Box, spread


@pytest.fixture(scope="module")
def data(report_case):
    return read_case(report_case)


def _figures(data, tr):
    return {
        "timeline": timeline.timeline_chart(data, tr),
        "deployments": charts.deployment_chart(data, tr),
        "map": charts.deployment_map(data, tr),
        "children": charts.child_arrests_map(data, tr),
        "ladder": charts.ladder_chart(data, tr),
        "tallies": charts.tallies_chart(data, tr),
    }


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_labels_do_not_overlap(data, lang):
    for name, svg in _figures(data, Translator(lang)).items():
        assert svg is not None, name
        assert svg.labels, name
        for box in svg.labels:
            assert box.inside(svg.width, svg.height), (name, box)
        for a, b in itertools.combinations(svg.labels, 2):
            assert not a.overlaps(b), (name, a.text, b.text)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_svg_has_accessible_title(data, lang):
    for name, svg in _figures(data, Translator(lang)).items():
        text = str(svg)
        assert text.startswith("<svg") and 'role="img"' in text
        assert f"<title>{svg.title}" in text or "<title>" in text, name


def test_map_draws_what_the_case_holds(data):
    layers = charts.map_layers(data)
    assert {p.key for p in layers["crossings"]} == {
        "crossing:shalamcheh", "crossing:chazabeh", "crossing:khosravi", "crossing:mehran"}
    assert [p.key for p in layers["staging"]] == ["gn:144448"]
    assert len(layers["sent"]) == 6
    svg = str(charts.deployment_map(data, Translator("en")))
    assert svg.count('class="route"') == 6 + 1        # six arrows and the legend's
    assert svg.count('class="province"') == 31


def test_blackout_comes_from_the_sourced_incident(data):
    import datetime as dt

    blackout = timeline.sourced_blackouts(data)[0]
    assert (blackout["start"], blackout["end"]) == (dt.date(2026, 1, 8), dt.date(2026, 1, 24))
    assert charts.timeline_window(data) == (dt.date(2025, 12, 28), dt.date(2026, 1, 31))


def test_spread_keeps_gap_and_range():
    ys = spread([100, 101, 102, 103, 300], 15, 0, 310)
    s = sorted(ys)
    assert all(b - a >= 15 - 1e-6 for a, b in itertools.pairwise(s))
    assert min(ys) >= 0 and max(ys) <= 310


def test_box_overlap():
    assert Box(0, 0, 10, 10).overlaps(Box(5, 5, 15, 15))
    assert not Box(0, 0, 10, 10).overlaps(Box(10, 0, 20, 10))
