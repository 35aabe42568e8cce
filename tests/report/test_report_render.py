"""The assessment renders, offline, and shows the case file's numbers."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from sqlalchemy import select

from sabt.report import STEPS, render_report
from sabt.report._i18n import load_table
from sabt.store import models

from . import readback as rb

RESOURCE_ATTRS = {"script": "src", "link": "href", "img": "src", "source": "src", "iframe": "src",
                  "embed": "src", "object": "data", "audio": "src", "video": "src", "track": "src"}


def _claims(case, metric="killed"):
    with case.session() as s:
        return {c.key: c for c in s.scalars(select(models.Claim).where(models.Claim.metric == metric))}


def test_writes_html_and_pdf(rendered):
    for result in rendered.values():
        assert result.html.name == "index.html" and result.html.stat().st_size > 50_000
        assert result.pdf.read_bytes()[:5] == b"%PDF-"
        assert set(result.timings) == set(STEPS)
        assert {"timeline", "deployments", "map", "children", "ladder", "tallies"} <= set(result.figures)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_no_network_resources(rendered, lang):
    """Nothing is fetched: no http(s) in src/href of resources, no remote url() or @import."""
    html = rendered[lang].html.read_text(encoding="utf-8")
    root = rb.parse(rendered[lang].html)
    for tag, attr in RESOURCE_ATTRS.items():
        for el in rb.find_all(root, tag):
            value = el.get(attr) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, value)
    for el in root.iter():
        for attr in ("href", "xlink:href", "{http://www.w3.org/1999/xlink}href"):
            value = el.get(attr) or ""
            if value.startswith(("http://", "https://", "//")):
                assert el.tag == rb.NS + "a", (el.tag, value)   # hyperlinks to sources only
    for style in rb.find_all(root, "style"):
        css = rb.text(style)
        assert "@import" not in css
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            assert url.startswith(("data:", "#")), url[:60]
    assert "<script src" not in html
    assert "font-family:'Vazirmatn'" in html and "data:font/woff2;base64," in html


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_tallies_table_equals_claims(rendered, report_case, lang):
    """Every figure in the tallies table is read back: exactly the numbers its claim states
    (no N+1, no bound assembled from elsewhere), or its vague word; every figure is listed."""
    claims = _claims(report_case)
    current = {k: c for k, c in claims.items() if not c.superseded}
    table = rb.by_id(rb.parse(rendered[lang].html), "tallies-table")
    rows = rb.table_rows(table)
    seen = set()
    for row in rows:
        key = row.get("data-claim")
        claim = current[key]
        figure = [td for td in rb.cells(row) if "figure" in (td.get("class") or "").split()]
        assert len(figure) == 1, key
        shown = set(rb.numbers_in(rb.text(figure[0])))
        stated = {v for v in (claim.low, claim.best, claim.high) if v is not None}
        assert shown == stated, key
        seen.add(key)
    assert seen == {k for k, c in current.items()
                    if c.best is not None or c.low is not None or c.high is not None
                    or (c.qualifier or "").startswith("vague: ")}
    superseded = [k for k, c in claims.items() if c.superseded]
    assert superseded and not set(superseded) & seen


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_deployment_and_child_tables_equal_claims(rendered, report_case, lang):
    root = rb.parse(rendered[lang].html)
    for table_id, metric in (("deployment-estimates", "deployed"), ("child-arrests", "children_arrested")):
        claims = _claims(report_case, metric)
        rows = rb.table_rows(rb.by_id(root, table_id))
        assert {r.get("data-claim") for r in rows} == set(claims)
        for row in rows:
            claim = claims[row.get("data-claim")]
            figure = rb.text(rb.cells(row)[2 if metric == "deployed" else 1])
            expected = [v for v in (claim.low, claim.high) if v is not None]
            if claim.low == claim.high:
                expected = [claim.low] if claim.low is not None else []
            assert rb.numbers_in(figure) == expected, (figure, claim.key)


def test_summary_range_from_data(rendered, report_case):
    """The summary names the lowest and highest latest figures of sources graded above E/F."""
    root = rb.parse(rendered["en"].html)
    section = rb.by_id(root, "summary")
    first = rb.text(next(iter(rb.find_all(section, "p"))))
    claims = [c for c in _claims(report_case).values() if not c.superseded]
    latest = {}
    for c in sorted(claims, key=lambda c: c.as_of):
        if (c.extra or {}).get("official") or c.reliability in ("E", "F") or (c.credibility or 0) >= 5:
            continue
        if (c.extra or {}).get("part") == "under_investigation":
            continue
        latest[c.source_id] = c
    lowest = min(latest.values(), key=lambda c: c.best)
    assert f"{lowest.best:,}" in first
    assert "HRANA" not in first.split("highest")[0] or "confirmed" in first
    # graded F6 statements are shown as statements, never folded into the range
    assert "20,000–30,000" not in first
    statements = " ".join(rb.text(p) for p in rb.find_all(section, "p"))
    assert "states 16,500 (F6)" in statements and "not as tallies" in statements


def test_pdf_has_the_same_numbers(rendered):
    if not shutil.which("pdftotext"):
        assert os.environ.get("CI") != "true", "CI installs poppler-utils; pdftotext must be there"
        pytest.skip("pdftotext is not installed (Debian: apt-get install -y poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", str(rendered["en"].pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    for figure in ("2,403", "4,382", "3,308", "16,500", "12,000", "Rome Statute"):
        assert figure in text, figure


def test_persian_report_is_rtl_with_persian_digits(rendered):
    html = rendered["fa"].html.read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in html
    assert "۲٬۴۰۳" in html and "دی ۱۴۰۴" in html
    root = rb.parse(rendered["fa"].html)
    table = rb.by_id(root, "tallies-table")
    digits = "".join(rb.text(td) for row in rb.table_rows(table) for td in rb.cells(row)[1:2])
    assert not re.search(r"[0-9]", digits), "Latin digits in the Persian tallies table"
    # Solar Hijri first: "26 Dey 1404 (16 January 2026)" order
    date_cell = rb.text(rb.cells(rb.table_rows(table)[2])[3])
    assert date_cell.index("دی") < date_cell.index("ژانویه")


def test_translation_tables_match():
    en, fa = load_table("en"), load_table("fa")
    assert set(en) == set(fa)
    for key, value in en.items():
        assert set(re.findall(r"{(\w+)}", value)) == set(re.findall(r"{(\w+)}", fa[key])), key


def test_user_strings_are_escaped(case, tmp_path):
    from .fixture_case import build_fixture_case

    evil = "<script>alert('x')</script>"
    build_fixture_case(case, with_estimate=False,
                       extra_sources=[("evil", evil, evil, "report", "B", "javascript:alert(1)")])
    with case.session() as s:
        s.add(models.Claim(key="evil1", source_id="evil", metric="killed", best=7, low=7, high=7,
                           quote=evil, reliability="B", credibility=2))
        s.add(models.Incident(key="evil-inc", title=evil, type="killing", count_best=3))
        s.commit()
    result = render_report(case, tmp_path / "out", pdf=False)
    html = result.html.read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    root = rb.parse(result.html)
    assert not list(rb.find_all(root, "script"))


def test_empty_case_says_what_is_missing(case, tmp_path):
    steps = []
    result = render_report(case, tmp_path / "empty", pdf=False,
                           progress=lambda step, i, n: steps.append((step, i, n)))
    assert [s for s, _, _ in steps] == list(STEPS[:-1])
    html = result.html.read_text(encoding="utf-8")
    assert "Not yet recorded in this case." in html
    assert "No multiple systems estimate has been made for this case." in html
    assert result.figures == ["map"]


def test_estimate_section_uses_stored_run(rendered):
    root = rb.parse(rendered["en"].html)
    section = rb.by_id(root, "estimates")
    body = rb.text(section)
    assert "1,955" in body and "1,690–2,410" in body
    assert "the population is closed" in body      # EstimateResult.describe() text


def test_legal_section_maps_killings_to_murder(rendered):
    body = rb.text(rb.by_id(rb.parse(rendered["en"].html), "legal-table"))
    assert "Art. 7(1)(a) Murder" in body
    assert "Art. 7(1)(e)" in body                  # arrests: imprisonment


def test_figures_belong_to_who_reports_them(case, tmp_path):
    """A figure quoted by an assessment is its originator's (``attributed_to``), via the source;
    a city's count is not a country-wide tally."""
    from sabt.report._data import latest_by_source, read_case, tallies

    with case.session() as s:
        s.add(models.Source(id="assess", name="An assessment", kind="document", reliability="C"))
        s.flush()
        for key, who, best, as_of in (("a1", "HRANA", 2403, "2026-01-16"), ("a2", "IHRNGO", 3428, "2026-01-17"),
                                      ("a3", "HRANA", 3308, "2026-01-18")):
            s.add(models.Claim(key=key, source_id="assess", metric="killed", best=best, low=best,
                               attributed_to=who, as_of=__import__("datetime").date.fromisoformat(as_of),
                               reliability="B", credibility=2, place_key="IR"))
        s.add(models.Claim(key="city", source_id="assess", metric="killed", best=217, low=217,
                           attributed_to="six Tehran hospitals", place_key="gn:112931",
                           reliability="F", credibility=3))
        s.commit()
    data = read_case(case)
    series = tallies(data)
    assert sorted(series) == ["by:HRANA", "by:IHRNGO"]
    assert [c.best for c in series["by:HRANA"]] == [2403, 3308]
    assert {r["reporter"]: r["claims"][0].best for r in latest_by_source(data)} == {"HRANA": 3308, "IHRNGO": 3428}
    html = render_report(case, tmp_path / "out", pdf=False).html.read_text(encoding="utf-8")
    assert "HRANA" in html and "via" in html
    first = rb.text(next(iter(rb.find_all(rb.by_id(rb.parse(tmp_path / "out" / "index.html"), "summary"), "p"))))
    assert "217" not in first and "3,308" in first and "3,428" in first


def test_elements_matrix_from_the_law_part(rendered):
    pytest.importorskip("sabt.law")
    root = rb.parse(rendered["en"].html)
    body = rb.text(rb.by_id(root, "law-matrix"))
    assert "7(1)(a)" in body or "Murder" in body
