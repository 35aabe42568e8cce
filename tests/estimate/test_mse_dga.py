"""dga agrees with the CRAN package dga 2.0.2 on the published data (reference-all.csv).

Reference runs: ``bma.cr(Y, Nmissing = 0:(20 * n), delta = 2^-p, graphs = graphsp)`` with the
default prior 1/N; posterior median and 2.5 % / 97.5 % quantiles. Required: within 2 %.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sabt.errors import SabtError
from sabt.estimate import CaptureTable, dga, estimate, read_counts

DATA = Path(__file__).parent / "data"


def dga_rows():
    ref = pd.read_csv(DATA / "reference-all.csv")
    return [pytest.param(r.dataset, r.estimate, r.lower, r.upper, r.method, id=r.dataset)
            for _, r in ref[ref.peer == "dga"].iterrows()]


def test_graph_counts_match_the_package():
    # dga ships graphs3 / graphs4 / graphs5 with 8, 61 and 822 decomposable graphs
    assert [len(dga.decomposable_graphs(p)) for p in (3, 4, 5)] == [8, 61, 822]


@pytest.mark.parametrize("dataset, est, lower, upper, method", dga_rows())
def test_agrees_with_dga(dataset, est, lower, upper, method):
    result = estimate(read_counts(DATA / f"{dataset}.csv"), method="dga", seed=1)
    assert result.estimate == pytest.approx(est, rel=0.02)
    assert result.lower == pytest.approx(lower, rel=0.02)
    assert result.upper == pytest.approx(upper, rel=0.02)
    tail = float(method.split("P(top10% of grid)=")[1])
    assert result.diagnostics["tail_mass_top_10pct"] == pytest.approx(tail, rel=0.05, abs=1e-9)
    # Ned_5: 11 % of the posterior sits at the top of the grid; the upper end is not to be
    # trusted, and the result says so
    assert any("arbitrary bound" in w for w in result.warnings) == (tail > 1e-3)


def test_madigan_york_example_runs():
    # the 5-list example of Madigan & York (1997) shipped in dga's help page (delta = 0.5)
    y = [0, 27, 37, 19, 4, 4, 1, 1, 97, 22, 37, 25, 2, 1, 3, 5,
         83, 36, 34, 18, 3, 5, 0, 2, 30, 5, 23, 8, 0, 3, 0, 2]
    # R's array() fills with the first index fastest: cell i has list k = bit k of i
    rows = []
    for i, count in enumerate(y[1:], start=1):
        rows.append([(i >> k) & 1 for k in range(5)] + [count])
    frame = pd.DataFrame(rows, columns=list("ABCDE") + ["count"])
    fit = dga.fit(CaptureTable.from_frame(frame), delta=0.5, max_missing_factor=300 / sum(y))
    assert sum(y) < fit.quantile(0.5) < sum(y) + 300


def test_needs_three_to_five_lists():
    with pytest.raises(SabtError, match="3 to 5 lists"):
        estimate(read_counts(DATA / "UKdat.csv"), method="dga")
