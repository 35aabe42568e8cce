"""The whole example report says what its sources say (issue 14, "Faithful numbers").

The example is built as ``sabt run examples/iran-2026`` builds it, rendered in English and
Persian, and every number shown beside an attribution is looked up in the verbatim quote of
the claim it names (see ``fidelity.py``: the expected values come from the quotes, never from
sabt's formatter). The checker is also run on reports made wrong on purpose — "more than
3,001", a range assembled from several sources, a month date drawn as a day — and must fail.
"""

from __future__ import annotations

import re

import pytest
import tinyhtml5
from sqlalchemy import select

from sabt.report import render_report
from sabt.store import models

from . import fidelity
from .conftest import EXAMPLE

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (EXAMPLE / "case.toml").exists(), reason="example case not present")]


@pytest.fixture(scope="module")
def record(example_case):
    case, _ = example_case
    with case.session() as s:
        claims = {c.key: c for c in s.scalars(select(models.Claim).where(models.Claim.superseded.is_(False)))}
        incidents = {i.key: i for i in s.scalars(select(models.Incident))}
        for row in list(claims.values()) + list(incidents.values()):
            s.expunge(row)
    return claims, incidents


@pytest.fixture(scope="module")
def html(example_case, tmp_path_factory):
    case, _ = example_case
    out = tmp_path_factory.mktemp("fidelity")
    return {lang: render_report(case, out / lang, lang=lang, pdf=False).html.read_text(encoding="utf-8")
            for lang in ("en", "fa")}


def _check(text: str, record, lang: str = "en") -> fidelity.Result:
    claims, incidents = record
    return fidelity.check(tinyhtml5.parse(text), claims, incidents, lang)


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_attributed_number_is_in_its_quote(html, record, lang):
    result = _check(html[lang], record, lang)
    print(f"fidelity ({lang}): {result.checked} numbers checked against their quotes")
    assert not result.problems, "\n".join(result.problems)
    assert result.checked >= 120  # the example shows well over a hundred attributed figures


def _tamper(text: str, pattern: str, replacement: str) -> str:
    changed, n = re.subn(pattern, replacement, text, count=1, flags=re.S)
    assert n == 1, pattern
    return changed


def test_it_fails_on_a_bound_moved_by_one(html, record):
    bad = _tamper(html["en"], r'(<td[^>]*class="num figure"[^>]*>)more than 3,000', r"\g<1>more than 3,001")
    assert any("3,001 shown" in p for p in _check(bad, record).problems)


def test_it_fails_on_a_range_assembled_from_several_sources(html, record):
    # the incidents table as it was: one source's figure with other sources' range, no names
    bad = _tamper(html["en"], r'(<tr data-incident="killings-2025-12-28-to-2026-01-18">.*?<td[^>]*class="figures"[^>]*>)',
                  r'\g<1><span class="num">3,308 (2,403–20,000)</span>')
    problems = _check(bad, record).problems
    assert any("2,403 shown with no source named" in p for p in problems), problems


def test_it_fails_on_a_month_date_drawn_as_a_day(html, record):
    claims, incidents = record
    month = [i for i in incidents.values() if i.date_precision == "month" and i.start_date]
    assert month, "the example dates some events only to the month"
    incident = month[0]
    row = re.search(rf'<tr data-incident="{re.escape(incident.key)}"><td[^>]*>(.*?)</td>', html["en"])
    bad = html["en"].replace(row.group(0), row.group(0).replace(row.group(1), "1 January 2026"))
    assert any("shown as '1 January 2026'" in p for p in _check(bad, record).problems)
    title = f"<svg><title>{incident.title} — 1 January 2026 (11 Dey 1404)</title></svg>"
    bad = html["en"].replace("</main>", title + "</main>")
    assert any("drawn as" in p for p in _check(bad, record).problems)


def test_it_fails_on_an_invented_bound_for_a_vague_word(html, record):
    claims, _ = record
    key = next(k for k, c in claims.items() if (c.qualifier or "") == "vague: thousands")
    bad = _tamper(html["en"], rf'(<tr data-claim="{re.escape(key)}"[^>]*>.*?<td[^>]*class="num[^"]*"[^>]*>)thousands',
                  r"\g<1>2,000–9,999")
    assert any("2,000 shown" in p for p in _check(bad, record).problems)
