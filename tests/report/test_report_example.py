"""The example case (examples/iran-2026) renders, and its tallies read back equal its claims."""

from __future__ import annotations

import itertools
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from sabt.report import render_report
from sabt.report._data import read_case
from sabt.report._i18n import Translator
from sabt.report._render import build_figures
from sabt.store import models

from . import readback as rb

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "iran-2026"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (EXAMPLE / "case.toml").exists(), reason="example case not present")]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_example_labels_do_not_overlap(example_case, lang):
    data = read_case(example_case[0])
    for visual in (False, True):
        for name, svg in build_figures(data, Translator(lang, visual_svg=visual)).items():
            assert svg is not None, name
            for box in svg.labels:
                assert box.inside(svg.width, svg.height), (name, box)
            for a, b in itertools.combinations(svg.labels, 2):
                assert not a.overlaps(b), (name, a.text, b.text)


def test_example_tallies_table_equals_claims(example_case, tmp_path):
    case, _ = example_case
    result = render_report(case, tmp_path / "fa", lang="fa", pdf=False)
    with case.session() as s:
        claims = {c.key: c for c in s.scalars(select(models.Claim).where(models.Claim.metric == "killed",
                                                                          models.Claim.superseded.is_(False)))}
    rows = rb.table_rows(rb.by_id(rb.parse(result.html), "tallies-table"))
    assert rows
    for row in rows:
        claim = claims[row.get("data-claim")]
        figure = [rb.text(td) for td in rb.cells(row) if "figure" in (td.get("class") or "").split()]
        assert set(rb.numbers_in(figure[0])) == {v for v in (claim.low, claim.best, claim.high) if v is not None}
    html = result.html.read_text(encoding="utf-8")
    assert "۲٬۴۰۳" in html and "۳٬۳۰۸" in html and "۴٬۳۸۲" in html


def test_a_second_run_reuses_what_did_not_change(example_case, key_file, monkeypatch):
    """`sabt run` again on unchanged inputs: linkage, the estimate and the report are found by
    the hash of their inputs, not recomputed; `--force` (force=True) would recompute them."""
    from sabt.pipeline import run_case

    case, out = example_case
    monkeypatch.setenv("SABT_KEY_FILE", str(key_file))
    html = (out / "index.html").read_bytes()
    record = run_case(EXAMPLE, out, str(out / "case.sabt"), "en", 1)
    steps = {step.name: step for step in record.steps}
    assert {name for name, step in steps.items() if step.reused} == {"link", "estimate", "report"}
    assert (out / "index.html").read_bytes() == html
    methods = tomllib.loads((EXAMPLE / "case.toml").read_text("utf-8"))["estimate"]["methods"]
    with case.session() as s:  # one run per method of the sensitivity check, none added by the second
        assert sorted(r.method for r in s.scalars(select(models.EstimateRun))) == sorted(methods)
        assert len(s.scalars(select(models.LinkRun)).all()) == 1
