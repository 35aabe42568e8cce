"""Log-linear models agree with Rcapture on the published data sets (reference-all.csv).

Rcapture 1.4-4: ``closedpMS.t(X, dfreq=TRUE, maxorder=2|3)``, the model with the smallest
BIC, and ``closedpCI.t`` for its profile-likelihood interval. Required: the same selected
model and the point estimate within 0.5 %; we also hold the interval ends to 1 %.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sabt.errors import NotIdentifiable
from sabt.estimate import CaptureTable, estimate, loglinear, read_counts

DATA = Path(__file__).parent / "data"


def rcapture_rows():
    ref = pd.read_csv(DATA / "reference-all.csv")
    rows = []
    for _, r in ref[ref.peer == "Rcapture"].iterrows():
        m = re.match(r"closedpMS\.t maxorder=(\d) BIC-best (\[[\d,]+\])", r.method)
        if m and int(m.group(1)) <= 3:
            rows.append(pytest.param(r.dataset, int(m.group(1)), m.group(2), r.estimate, r.lower,
                                     r.upper, id=f"{r.dataset}-maxorder{m.group(1)}"))
    return rows


@pytest.mark.parametrize("dataset, max_order, model, est, lower, upper", rcapture_rows())
def test_agrees_with_rcapture(dataset, max_order, model, est, lower, upper):
    result = estimate(read_counts(DATA / f"{dataset}.csv"), method="loglinear", max_order=max_order)
    assert result.model == model
    assert result.estimate == pytest.approx(est, rel=0.005)
    assert result.lower == pytest.approx(lower, rel=0.01)
    assert result.upper == pytest.approx(upper, rel=0.01)
    if dataset == "Ned_5":
        # the BIC-best model has empty cells fitted as 0 (the MLE is on the boundary)
        assert any("fitted as 0" in w for w in result.warnings)


def test_readme_table_kosovo_both_model_spaces():
    frame = read_counts(DATA / "kosovo.csv")
    two = estimate(frame, method="loglinear", max_order=2)
    three = estimate(frame, method="loglinear", max_order=3)
    assert (two.model, round(two.estimate)) == ("[12,13,14,23,34]", 14342)
    assert (three.model, round(three.estimate)) == ("[123,14,34]", 10357)  # published 10,356
    assert two.diagnostics["models_fitted"] == 64
    assert three.diagnostics["models_fitted"] == 113


def test_model_counts_match_rcapture():
    assert len(loglinear.hierarchical_models(4, 2)) == 64
    assert len(loglinear.hierarchical_models(4, 3)) == 113
    assert len(loglinear.hierarchical_models(5, 2)) == 1024
    assert len(loglinear.hierarchical_models(5, 4)) == 6893


def test_model_names():
    assert loglinear.model_name(((1, 2),), 3) == "[23,1]"
    assert loglinear.model_name(((0, 1), (0, 2), (1, 2), (0, 1, 2)), 4) == "[123,4]"
    assert loglinear.model_name((), 3) == "[1,2,3]"


def test_bootstrap_interval_brackets_estimate():
    frame = read_counts(DATA / "spina.csv")
    result = estimate(frame, method="loglinear", interval="bootstrap", n_boot=300, seed=3)
    assert result.lower < result.estimate < result.upper
    assert result.lower == pytest.approx(693, rel=0.03)
    assert result.upper == pytest.approx(759, rel=0.05)


def test_non_identifiable_model_is_detected():
    # no one is on lists a and b without c: under the model with all two-way terms the
    # estimate m000 = m100 m010 m001 m111 / (m110 m101 m011) has m110 -> 0, so N is unbounded
    frame = pd.DataFrame({"a": [1, 0, 0, 1, 1, 0], "b": [0, 1, 0, 0, 1, 1],
                          "c": [0, 0, 1, 1, 1, 1], "count": [50, 40, 30, 10, 5, 12]})
    table = CaptureTable.from_frame(frame)
    fit = loglinear.fit_model(table, ((0, 1), (0, 2), (1, 2)))
    assert not fit.identifiable
    assert "not identifiable" in fit.note
    # a zero cell that only removes an interaction leaves N identifiable (Chan et al. 2021)
    partial = loglinear.fit_model(table, ((0, 1),))
    assert partial.identifiable
    # the selection skips the unidentifiable model and says how many were skipped
    result = estimate(frame, method="loglinear")
    assert result.diagnostics["models_not_identifiable"] >= 1
    assert np.isfinite(result.estimate)


def test_nothing_identifiable_raises():
    frame = pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1], "count": [10, 10, 0]})
    frame.loc[2, "count"] = 1
    table = CaptureTable.from_frame(frame)
    # two lists: only the independence model exists and it is identifiable
    assert loglinear.fit_model(table, ()).identifiable
    with pytest.raises(NotIdentifiable):
        loglinear.chosen_model([loglinear.fit_model(table, ((0, 1),))])


def test_stepwise_beyond_five_lists():
    result = estimate(read_counts(DATA / "UKdat.csv"), method="loglinear")
    assert result.diagnostics["search"] == "stepwise"
    assert any("stepwise" in w for w in result.warnings)
    assert 5000 < result.estimate < 60000


def test_independent_lists_known_truth():
    # simulate 3 independent lists on N = 5000; the interval should cover N
    rng = np.random.default_rng(7)
    covered = 0
    for _ in range(20):
        caught = rng.random((5000, 3)) < np.array([0.3, 0.25, 0.2])
        seen = caught[caught.any(axis=1)].astype(int)
        frame = pd.DataFrame(seen, columns=["a", "b", "c"]).assign(count=1)
        r = estimate(frame, method="loglinear")
        covered += r.lower <= 5000 <= r.upper
        assert abs(r.estimate - 5000) < 1000
    assert covered >= 16
