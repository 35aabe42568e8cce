"""The front door: ``estimate(counts, method=...)`` for one table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sabt.errors import NotIdentifiable, SabtError

from ._data import CaptureTable, check_counts
from .result import EstimateResult

METHODS = ("loglinear", "lcmcr", "dga")


def _table(counts: pd.DataFrame | CaptureTable) -> CaptureTable:
    if isinstance(counts, CaptureTable):
        return counts
    return CaptureTable.from_frame(check_counts(counts))


def _general_checks(table: CaptureTable) -> list[str]:
    """Refuse what no method can estimate; return cautions for what is merely weak."""
    margins = table.marginal_counts()
    empty = [name for name, count in margins.items() if count == 0]
    if empty:
        raise NotIdentifiable(
            f"list(s) {', '.join(empty)} record no one in this table; drop them before "
            "estimating (a list that records no one says nothing about who is missing)")
    warnings = []
    overlap = int(table.y[table.cells.sum(axis=1) >= 2].sum())
    if overlap == 0:
        raise NotIdentifiable(
            "no person appears on more than one list, so the lists' overlap, which carries all "
            "the information about the people on no list, is empty; no estimate is possible")
    if overlap < 10:
        warnings.append(f"only {overlap} people appear on more than one list; any estimate "
                        "here rests mostly on the model's assumptions, not on the data")
    for j, name in enumerate(table.lists):
        on_j = table.cells[:, j] == 1
        shared = table.y[on_j & (table.cells.sum(axis=1) >= 2)].sum()
        if shared == 0:
            warnings.append(f"list {name} shares no one with any other list")
    if table.observed < 50:
        warnings.append(f"only {table.observed} people are documented; estimates from so few "
                        "are very uncertain")
    return warnings


def estimate(counts: pd.DataFrame | CaptureTable, method: str = "loglinear",
             seed: int | None = None, max_order: int = 2, **options) -> EstimateResult:
    """Estimate the total number of people, documented and undocumented.

    ``counts``: a capture-pattern table (one 0/1 column per list and ``count``), as
    :func:`read_counts` returns. ``method``: ``"loglinear"`` (Rcapture-style model search;
    options ``criterion`` "bic"|"aic", ``interval`` "profile"|"bootstrap", ``n_boot``),
    ``"lcmcr"`` (options ``K``, ``a_alpha``, ``b_alpha``, ``burnin``, ``samples`` (in all, over
    the chains), ``thinning``, ``chains``, ``workers``, ``max_samples``, ``progress``; see
    :func:`sabt.estimate.lcmcr.sample`) or ``"dga"`` (options ``delta``,
    ``max_missing_factor``, ``n_draws``). ``seed`` makes sampling reproducible.

    >>> result = estimate(read_counts("kosovo.csv"), method="loglinear", max_order=3)  # doctest: +SKIP
    >>> round(result.estimate)                                                         # doctest: +SKIP
    10357
    """
    if method not in METHODS:
        raise SabtError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    table = _table(counts)
    warnings = _general_checks(table)
    if method == "loglinear":
        result = _loglinear(table, seed, max_order, **options)
    elif method == "lcmcr":
        result = _lcmcr(table, seed, **options)
    else:
        result = _dga(table, seed, **options)
    result.warnings = warnings + result.warnings
    return result


def _loglinear(table: CaptureTable, seed, max_order, criterion: str = "bic",
               interval: str = "profile", n_boot: int = 1000, want_draws: bool = False,
               progress=None) -> EstimateResult:
    from . import loglinear as loglinear_module  # each method's modules load when it runs

    fits, search = loglinear_module.search_models(table, max_order=max_order, criterion=criterion)
    best = loglinear_module.chosen_model(fits, criterion)
    warnings = []
    not_identifiable = [f.name for f in fits if not f.identifiable]
    key = (lambda f: f.bic) if criterion == "bic" else (lambda f: f.aic)
    close = [f for f in fits if f.identifiable and f is not best and key(f) - key(best) < 2]
    spread = [f.estimate for f in close] + [best.estimate]
    if close and (max(spread) - min(spread)) > 0.1 * best.estimate:
        warnings.append(
            f"{len(close)} other model(s) fit almost as well ({criterion.upper()} within 2) "
            f"but give totals from {_int(min(spread))} to {_int(max(spread))}; "
            "the choice of model matters here")
    if search == "stepwise":
        warnings.append(f"{table.n_lists} lists: models were searched stepwise, not exhaustively")
    if best.facial_cells:
        warnings.append(best.note)
    draws = None
    if interval == "bootstrap" or want_draws:
        draws = loglinear_module.bootstrap_draws(table, best.terms, n_boot=n_boot, seed=seed)
        failed = int(np.isnan(draws).sum())
        if failed:
            warnings.append(f"{failed} of {n_boot} bootstrap refits were not identifiable")
        draws = draws[~np.isnan(draws)]
    if interval == "bootstrap":
        lower, upper = np.percentile(draws, [2.5, 97.5])
        interval_name = "bootstrap percentile interval"
    elif interval == "profile":
        lower, upper = loglinear_module.profile_interval(table, best)
        interval_name = "profile-likelihood confidence interval"
    else:
        raise SabtError("interval must be 'profile' or 'bootstrap'")
    if not math.isfinite(upper):
        warnings.append("the upper end of the interval is unbounded: the data cannot rule out "
                        "a very large number of people on no list")
    diagnostics = {
        "criterion": criterion, "search": search, "max_order": max_order,
        "models_fitted": len(fits), "models_not_identifiable": len(not_identifiable),
        "selected": {"model": best.name, "deviance": best.deviance, "df": best.df,
                     "aic": best.aic, "bic": best.bic, "parameters": best.n_params,
                     "wald_stderr": best.stderr},
        "top_models": loglinear_module.model_table(fits, criterion),
    }
    return EstimateResult(
        method="loglinear", observed=table.observed, estimate=best.estimate,
        lower=float(lower), upper=float(upper), model=best.name, diagnostics=diagnostics,
        warnings=warnings, lists=list(table.lists), interval=interval_name,
        settings={"max_order": max_order, "criterion": criterion, "interval": interval,
                  "n_boot": n_boot if draws is not None else None, "seed": seed,
                  "bootstrap": "parametric" if draws is not None else None},
        draws=draws,
    )


def _int(x: float) -> str:
    return f"{int(round(x)):,}"


def _lcmcr(table: CaptureTable, seed, K: int = 10, a_alpha: float = 0.25, b_alpha: float = 0.25,
           burnin: int = 10000, samples: int = 2000, thinning: int = 50, chains: int | None = None,
           workers: int | None = None, max_samples: int | None = None, progress=None) -> EstimateResult:
    from . import lcmcr as lcmcr_module

    fit = lcmcr_module.sample(table, seed=seed, K=K, a_alpha=a_alpha, b_alpha=b_alpha,
                              burnin=burnin, samples=samples, thinning=thinning, chains=chains,
                              workers=workers, max_samples=max_samples, progress=progress)
    draws = fit.pooled
    diagnostics = fit.diagnostics()
    warnings = []
    rhat, ess = diagnostics["rhat_log_N"], diagnostics["ess_log_N"]
    stopping = diagnostics["stopping"]
    if not stopping["met"]:
        warnings.append(f"the sampler stopped at its cap of {stopping['draws']:,} draws without "
                        f"meeting its convergence rule ({stopping['rule']}; it reached R-hat "
                        f"{rhat:.3f}, ESS {ess:.0f})")
    if fit.draws.shape[0] > 1 and (not math.isfinite(rhat) or rhat > 1.05):
        warnings.append(f"the sampler's chains disagree (R-hat {rhat:.3f} > 1.05): the posterior "
                        "is not reliably explored; run longer (more burn-in and samples)")
    if math.isfinite(ess) and ess < 400:
        warnings.append(f"effective sample size of N is only {ess:.0f} (< 400): interval ends "
                        "are imprecise; run more samples")
    if diagnostics["share_at_cap_20n"] > 0.01:
        warnings.append("the sampler often reached its cap of 20 times the observed number on "
                        "no list: the data barely bound the total from above")
    if diagnostics["k_star_mean"] > 0.9 * K:
        warnings.append(f"nearly all {K} latent classes are in use; consider a larger K")
    lower, median, upper = np.percentile(draws, [2.5, 50, 97.5])
    return EstimateResult(
        method="lcmcr", observed=table.observed, estimate=float(median), lower=float(lower),
        upper=float(upper),
        model={"name": "NPLCM (Dirichlet-process latent classes)", "K": K,
               "a_alpha": a_alpha, "b_alpha": b_alpha, "prior_N": "1/N"},
        diagnostics=diagnostics, warnings=warnings, lists=list(table.lists),
        interval="posterior credible interval",
        settings=dict(fit.settings), draws=draws,
    )


def _dga(table: CaptureTable, seed, delta: float | None = None, max_missing_factor: float = 20.0,
         n_draws: int = 8000, progress=None) -> EstimateResult:
    from . import dga as dga_module

    fit = dga_module.fit(table, delta=delta, max_missing_factor=max_missing_factor)
    warnings = []
    if fit.tail_mass > 1e-3:
        warnings.append(
            f"{fit.tail_mass:.1%} of the posterior lies in the top tenth of the range of N "
            f"considered (up to {max_missing_factor:g} times the observed on no list): the upper "
            "end, and perhaps the median, depend on that arbitrary bound")
    rng = np.random.default_rng(seed)
    draws = rng.choice(fit.N, size=n_draws, p=fit.posterior)
    top = fit.top_graphs(5)
    return EstimateResult(
        method="dga", observed=table.observed, estimate=fit.quantile(0.5),
        lower=fit.quantile(0.025), upper=fit.quantile(0.975),
        model={"name": "Bayesian model averaging over decomposable graphs",
               "graphs": len(fit.graphs), "delta": fit.delta, "prior_N": "1/N",
               "top_graphs": top},
        diagnostics={"tail_mass_top_10pct": fit.tail_mass,
                     "posterior_mean": float(np.sum(fit.N * fit.posterior)),
                     "grid_max_missing": int(fit.N[-1] - table.observed),
                     "top_graphs": top},
        warnings=warnings, lists=list(table.lists), interval="posterior credible interval",
        settings={"delta": fit.delta, "max_missing_factor": max_missing_factor, "seed": seed},
        draws=draws,
    )
