"""LCMCR's chains and strata in parallel processes, its stopping rule, and a light CLI start.

Speed is measured in benchmarks/mse_speed.py; these tests check only that running in parallel
changes nothing in the result, that the stopping rule stops when (and only when) its R-hat and
ESS thresholds are met, and that the CLI still starts without the heavy libraries.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sabt.estimate import CaptureTable, estimate, estimate_strata, lcmcr, read_counts
from sabt.estimate._diagnostics import effective_sample_size, split_rhat
from sabt.estimate._parallel import Workers

DATA = Path(__file__).parent / "data"
SHORT = dict(burnin=300, samples=400, thinning=2)


@pytest.fixture(scope="module")
def kosovo() -> CaptureTable:
    return CaptureTable.from_frame(read_counts(DATA / "kosovo.csv"))


def test_parallel_chains_give_the_serial_draws(kosovo):
    serial = lcmcr.sample(kosovo, seed=11, chains=2, workers=1, max_samples=800, **SHORT)
    parallel = lcmcr.sample(kosovo, seed=11, chains=2, workers=2, max_samples=800, **SHORT)
    assert serial.workers == "serial"
    if Workers(2).count == 2:  # fork is available: the chains really ran in two processes
        assert parallel.workers == "2 processes"
    # each chain has its own seeds whatever process runs it: not merely close, the same draws
    assert np.array_equal(serial.draws, parallel.draws)
    assert np.array_equal(serial.alpha, parallel.alpha)
    assert serial.stopping == parallel.stopping


def test_parallel_chains_agree_with_one_chain_within_monte_carlo_error(kosovo):
    one = lcmcr.sample(kosovo, seed=3, chains=1, workers=1, max_samples=4000, burnin=1000,
                       samples=4000, thinning=10)
    two = lcmcr.sample(kosovo, seed=4, chains=2, workers=2, max_samples=4000, burnin=1000,
                       samples=4000, thinning=10)
    # the posterior median of N: both within a few Monte-Carlo standard errors of each other
    sd = np.std(np.log(one.pooled))
    ess = min(effective_sample_size(np.log(one.draws)), effective_sample_size(np.log(two.draws)))
    mc_error = sd * np.sqrt(2 / ess) * 1.25  # of a median, about 1.25 x that of a mean
    assert abs(np.log(np.median(one.pooled)) - np.log(np.median(two.pooled))) < 4 * mc_error


def test_samples_are_draws_in_all_shared_among_the_chains(kosovo):
    fit = lcmcr.sample(kosovo, seed=1, chains=4, workers=1, max_samples=400, **SHORT)
    assert fit.draws.shape == (4, 100)


def test_stopping_rule_runs_on_until_met_and_reports_it():
    korea = CaptureTable.from_frame(read_counts(DATA / "Korea.csv"))
    fit = lcmcr.sample(korea, seed=5, chains=2, workers=2, burnin=500, samples=400,
                       thinning=10, max_samples=4000)
    stopping = fit.stopping
    first = fit.draws[:, :200]  # the first round's draws: the rule was not met on them
    first_rhat, first_ess = split_rhat(np.log(first)), effective_sample_size(np.log(first))
    assert not (first_rhat <= 1.01 and first_ess >= 400)
    assert stopping["met"] and stopping["rounds"] > 1 and stopping["draws"] > 400
    # the figures reported are those of the draws returned, and they meet the thresholds
    assert stopping["rhat_log_N"] == pytest.approx(split_rhat(np.log(fit.draws)))
    assert stopping["ess_log_N"] == pytest.approx(effective_sample_size(np.log(fit.draws)))
    assert stopping["rhat_log_N"] <= 1.01 and stopping["ess_log_N"] >= 400
    diagnostics = fit.diagnostics()
    assert diagnostics["stopping"] == stopping and diagnostics["rhat_log_N"] == stopping["rhat_log_N"]


def test_stopping_rule_not_met_stops_at_the_cap_and_says_so():
    frame = read_counts(DATA / "kosovo.csv")
    # thinning 1 and a few hundred draws: the ESS cannot reach 400 within the cap
    result = estimate(frame, method="lcmcr", seed=2, burnin=100, samples=100, thinning=1,
                      chains=2, max_samples=200)
    stopping = result.diagnostics["stopping"]
    assert not stopping["met"] and stopping["draws"] == 200 == len(result.draws)
    assert stopping["ess_log_N"] < 400
    assert any("without meeting its convergence rule" in w and "ESS" in w for w in result.warnings)


def test_strata_in_parallel_give_the_serial_result(monkeypatch):
    rng = np.random.default_rng(8)
    frames = []
    for province, p in (("IR-01", [0.3, 0.25, 0.2]), ("IR-02", [0.2, 0.3, 0.25])):
        caught = rng.random((1500, 3)) < np.asarray(p)
        seen = pd.DataFrame(caught[caught.any(axis=1)].astype(int), columns=list("ABC"))
        frames.append(seen.assign(province=province))
    people = pd.concat(frames, ignore_index=True)
    options = dict(method="lcmcr", seed=9, burnin=200, samples=200, thinning=2, chains=2,
                   max_samples=200)
    import sabt.estimate.strata as strata_module

    done = []
    monkeypatch.setattr(strata_module, "default_workers", lambda jobs: 1)
    serial = estimate_strata(people, by=["province"], **options)
    monkeypatch.setattr(strata_module, "default_workers", lambda jobs: 2)
    parallel = estimate_strata(people, by=["province"], progress=done.append, **options)
    assert set(parallel.strata) == {"province=IR-01", "province=IR-02"}
    for name in serial.strata:
        assert np.array_equal(serial.strata[name].draws, parallel.strata[name].draws)
    assert np.array_equal(serial.total.draws, parallel.total.draws)
    # the workers' progress reached the caller: every sweep of both strata, 2 chains each
    assert sum(done) == 2 * 2 * (500 + 200 + 100 * 2)


def test_importing_the_cli_loads_no_heavy_library():
    code = ("import sys, json, sabt.cli; print(json.dumps(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('splink', 'duckdb', 'pandas', 'numpy', 'scipy', 'numba', "
            "'matplotlib', 'statsmodels', 'sqlalchemy', 'fastapi'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_lazy_cli_still_estimates():
    """The deferred imports are all reachable: the command runs end to end in a fresh process."""
    out = subprocess.run([sys.executable, "-m", "sabt.cli", "estimate", "--counts",
                          str(DATA / "kosovo.csv"), "--method", "loglinear", "--max-order", "3",
                          "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert round(json.loads(out.stdout.strip().splitlines()[-1])["estimate"]) == 10357
    helped = subprocess.run([sys.executable, "-m", "sabt.cli", "estimate", "--help"],
                            capture_output=True, text=True)
    assert helped.returncode == 0 and "--method" in helped.stdout
