"""The gold set is well-formed, and the rules keep their measured quality on it.

The thresholds sit below the figures measured when the rules were frozen
(docs/claims-extraction.md); a change that lowers them fails here. The expected labels were
written by hand (tests/data/claims_gold/GUIDE.md), never produced by the extractor.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tomllib
from pathlib import Path

import pytest

from sabt.claims.extract import read_report
from sabt.claims.vocab import METRICS

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "claims_gold"
FIELDS = {"doc", "quote", "value", "metric", "low", "best", "high", "qualifier", "as_of", "period_start",
          "period_end", "place", "attributed_to"}


def _rows(name):
    return [json.loads(line) for line in (GOLD / name).read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["gold-dev.jsonl", "gold-heldout.jsonl", "gold-heldout2.jsonl", "gold-heldout3.jsonl", "gold-heldout4.jsonl", "gold-heldout5.jsonl", "gold-heldout6.jsonl", "gold-heldout7.jsonl", "gold-heldout8.jsonl", "gold-heldout9.jsonl"])
def test_gold_rows_are_well_formed(name):
    docs = {d["file"]: read_report(GOLD / d["file"]) for d in tomllib.loads((GOLD / "docs.toml").read_text("utf-8"))["doc"]}
    for row in _rows(name):
        assert set(row) == FIELDS, row
        text = docs[row["doc"]]
        assert text.count(row["quote"]) == 1, row["quote"]
        assert row["value"] in row["quote"]
        assert row["metric"] in METRICS
        low, best, high = row["low"], row["best"], row["high"]
        # a vague quantity ("thousands") keeps no number: no bounds are invented for it
        assert any(v is not None for v in (low, best, high)) or row["qualifier"].startswith("vague: ")
        assert (low is None or high is None or low <= high) and (best is None or low is None or low <= best)
        for field in ("as_of", "period_start", "period_end"):
            if row[field] is not None:
                dt.date.fromisoformat(row[field])
        if row["period_start"] and row["period_end"]:
            assert row["period_start"] <= row["period_end"]


def test_held_out_parts_are_at_least_half_of_the_labelled_claims():
    held_out = sum(len(_rows(f"gold-heldout{n}.jsonl")) for n in ("", "2", "3", "4", "5", "6", "7", "8", "9"))
    assert held_out >= len(_rows("gold-dev.jsonl"))


@pytest.fixture(scope="module")
def gold_scores():
    spec = importlib.util.spec_from_file_location("claims_benchmark", ROOT / "benchmarks" / "claims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    items, _, _ = module.run()
    return {split: module.score(items[split]["gold"], items[split]["pred"])[0] for split in ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9")}


def test_development_quality(gold_scores):
    # dev and the held-out sets opened for error analysis (rules were tuned on them)
    for split in ("dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8"):
        assert gold_scores[split]["whole claim"][2] >= 0.90, split
        assert gold_scores[split]["claim found"][2] >= 0.95, split


def test_unseen_quality(gold_scores):
    # held-out set 9 was never opened for error analysis; the rules of commit f9a587b measured 0.646
    # whole-claim F1 on it (docs/claims-extraction.md). A change that loses ground fails here.
    assert gold_scores["heldout9"]["whole claim"][2] >= 0.64
    assert gold_scores["heldout9"]["claim found"][2] >= 0.85
