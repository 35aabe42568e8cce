"""The example's assessment, section by section, against issue 14's findings: the legal section
speaks the language of fact-finding, the estimate cannot be read as real, figure 1 shows the
sourced escalation, the map draws the five crossings, the summary lists what it counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sabt.report import render_report
from sabt.report._data import read_case
from sabt.report._i18n import Translator
from sabt.report._render import build_figures

from . import readback as rb

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iran-2026"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (EXAMPLE / "case.toml").exists(), reason="example case not present")]


@pytest.fixture(scope="module")
def pages(example_case, tmp_path_factory):
    case, _ = example_case
    out = tmp_path_factory.mktemp("sections")
    return {lang: rb.parse(render_report(case, out / lang, lang=lang, pdf=False).html) for lang in ("en", "fa")}


def test_legal_section_states_its_standard_and_prints_no_raw_keys(pages):
    section = rb.text(rb.by_id(pages["en"], "legal"))
    assert "reasonable grounds to believe" in section
    assert "at least one claim graded A–C and 1–3" in section
    assert not re.search(r"\b7-1-[a-k]\b", section), "a raw act key is printed"
    assert "(recorded)" not in section
    table = rb.text(rb.by_id(pages["en"], "legal-table"))
    assert "Art. 7(1)(a) Murder" in table
    assert "دلایل معقول برای باور" in rb.text(rb.by_id(pages["fa"], "legal"))


def test_the_estimate_says_what_it_estimates_and_that_its_lists_are_synthetic(pages):
    section = rb.by_id(pages["en"], "estimates")
    text = rb.text(section)
    for words in ("SYNTHETIC LISTS", "Population:", "Period:", "Places:", "How the lists overlap",
                  "LCMCR", "log-linear", "decomposable graphical models"):
        assert words in text, words
    figure = rb.by_id(section, "fig-estimate")
    assert "SYNTHETIC LISTS" in rb.text(next(rb.find_all(figure, "figcaption")))
    picture = next(el for el in figure.iter() if str(el.tag).endswith("}svg"))
    assert "SYNTHETIC LISTS" in rb.text(picture)   # inside the picture itself
    assert _body_rows(rb.by_id(section, "estimate-methods")) == 3
    assert _body_rows(rb.by_id(section, "list-overlaps")) >= 4
    assert "فهرست‌های ساختگی" in rb.text(rb.by_id(pages["fa"], "estimates"))
    assert "SYNTHETIC lists" in rb.text(rb.by_id(pages["en"], "summary"))


def _body_rows(table) -> int:
    return sum(1 for tr in table.iter(rb.NS + "tr") if any(td.tag == rb.NS + "td" for td in tr))


def test_figure_one_draws_the_sourced_escalation(example_case):
    data = read_case(example_case[0])
    svg = str(build_figures(data, Translator("en"))["timeline"])
    assert "per day" not in svg
    assert "SYNTHETIC series" in svg
    assert "internet blackout from the evening of 8 Jan (sourced)" in svg
    assert "Human Rights Activists News Agency" in svg and "3,308" in svg
    assert "Dated only to January 2026" in svg and "1 Jan 2026" not in svg


def test_the_map_draws_the_five_crossings_and_iraq(example_case):
    from sabt.report import _charts as charts

    data = read_case(example_case[0])
    keys = {p.key for p in charts.map_layers(data)["crossings"]}
    assert {"crossing:shalamcheh", "crossing:chazabeh", "crossing:khosravi", "crossing:shaib",
            "crossing:zurbatiya"} <= keys
    svg = str(build_figures(data, Translator("en"))["map"])
    assert 'class="neighbour"' in svg and ">Iraq<" in svg
    assert "Al-Shaib (Iraqi side)" in svg and "Zurbatiya (Iraqi side)" in svg


def test_the_summary_lists_as_many_groups_as_it_counts(pages):
    summary = rb.text(rb.by_id(pages["en"], "summary"))
    m = re.search(r"for (\d+) groups \((.*?)\)\. ", summary)
    assert m, summary
    assert len(m.group(2).split(", ")) == int(m.group(1)), m.group(0)
