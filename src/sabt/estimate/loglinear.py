"""Log-linear models for multiple systems estimation.

Method: Fienberg (1972), "The multiple recapture census for closed populations and
incomplete 2^k contingency tables", Biometrika 59(3); Cormack (1989), "Log-linear models for
capture-recapture", Biometrics 45(2). The observed 2^J - 1 cells are fitted by a Poisson
GLM with hierarchical interaction terms; the count of the unobserved cell is exp(intercept).

Model search and selection follow Rcapture's ``closedpMS.t`` (Baillargeon & Rivest 2007,
J. Stat. Software 19(5)): every hierarchical model with terms up to ``max_order`` (all
subsets of two-way terms by default), AIC = -2 log L + 2 p and BIC = -2 log L + log(n) p with
L the full Poisson likelihood, p the number of columns of the design matrix (intercept
included, as glm's ``rank`` counts it) and n the number of people observed. Beyond 5 lists
the space is too large and a stepwise search on the same criterion is used.

Intervals: the profile likelihood of N as Rcapture's ``closedpCI.t`` computes it (the
multinomial likelihood of N, Cormack 1992, with the Poisson fit re-done with the unobserved
cell fixed at N - n), and a parametric bootstrap (populations drawn from the fitted model,
the selected model refitted).

Existence: with zero cells the maximum-likelihood estimate may not exist. Following Chan,
Silverman & Vincent (2021), "Multiple systems estimation for sparse capture data: inferential
challenges when there are nonoverlapping lists", JASA 116(535), a linear program finds the
zero cells whose fitted value can be driven to 0 (they are fitted as 0, the supremum of the
likelihood is used) and the estimate of N is declared not identifiable when a direction of
unbounded likelihood moves the intercept.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from sabt.errors import NotIdentifiable

from ._data import CaptureTable

Term = tuple[int, ...]  # 0-based list positions


# ----------------------------------------------------------------------------- models


def model_name(terms: tuple[Term, ...], n_lists: int) -> str:
    """Rcapture's notation: maximal terms, highest order first, lists in no term as singletons.

    >>> model_name(((0, 1), (0, 2)), 3)
    '[12,13]'
    >>> model_name(((1, 2),), 3)
    '[23,1]'
    """
    maximal = [t for t in terms if not any(set(t) < set(u) for u in terms)]
    covered = set(itertools.chain.from_iterable(terms))
    singles = [(j,) for j in range(n_lists) if j not in covered]
    parts = sorted(maximal, key=lambda t: (-len(t), t)) + singles
    return "[" + ",".join("".join(str(j + 1) for j in t) for t in parts) + "]"


def hierarchical_models(n_lists: int, max_order: int = 2) -> list[tuple[Term, ...]]:
    """All hierarchical models whose interaction terms have order 2..max_order.

    A model is the set of its interaction terms, closed under taking sub-terms of order >= 2.
    For 4 lists this gives 64 models with max_order=2 and 113 with max_order=3 (as Rcapture).
    """
    max_order = max(1, min(max_order, n_lists - 1))
    models: list[tuple[Term, ...]] = [()]
    for order in range(2, max_order + 1):
        grown = []
        for model in models:
            have = set(model)
            candidates = [
                t for t in itertools.combinations(range(n_lists), order)
                if all(s in have for s in itertools.combinations(t, order - 1))
            ] if order > 2 else list(itertools.combinations(range(n_lists), 2))
            if order > 2 and not candidates:
                grown.append(model)
                continue
            if order == 2:
                for mask in range(1 << len(candidates)):
                    grown.append(tuple(c for i, c in enumerate(candidates) if mask >> i & 1))
            else:
                for mask in range(1 << len(candidates)):
                    grown.append(model + tuple(c for i, c in enumerate(candidates) if mask >> i & 1))
        models = grown
    return models


def design_matrix(cells: np.ndarray, terms: tuple[Term, ...]) -> np.ndarray:
    """Intercept, main effects, then one column per interaction term (product of 0/1)."""
    columns = [np.ones(len(cells)), *[cells[:, j].astype(float) for j in range(cells.shape[1])]]
    for term in terms:
        columns.append(np.prod(cells[:, list(term)], axis=1).astype(float))
    return np.column_stack(columns)


# ----------------------------------------------------------------------------- fitting


def _poisson_irls(X: np.ndarray, y: np.ndarray, tol: float = 1e-10, max_iter: int = 200):
    """Poisson GLM by Newton-Raphson; returns (beta, mu, converged)."""
    beta, *_ = np.linalg.lstsq(X, np.log(y + 0.5), rcond=None)
    previous = np.inf
    converged = False
    for _ in range(max_iter):
        eta = np.clip(X @ beta, -700, 700)
        mu = np.exp(eta)
        gradient = X.T @ (y - mu)
        hessian = X.T @ (X * mu[:, None])
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        beta = beta + step
        deviance = _deviance(y, np.exp(np.clip(X @ beta, -700, 700)))
        if abs(previous - deviance) < tol * (abs(deviance) + 0.1):
            converged = True
            break
        previous = deviance
    mu = np.exp(np.clip(X @ beta, -700, 700))
    return beta, mu, converged


def _deviance(y: np.ndarray, mu: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2 * np.sum(term - (y - mu)))


def _poisson_loglik(y: np.ndarray, mu: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(mu), 0.0)
    return float(np.sum(term - mu - special.gammaln(y + 1)))


def _facial_zero_cells(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Zero cells whose fitted value the likelihood drives to 0 (boolean mask).

    One linear program over the cone {d : X_+ d = 0, X_0 d <= 0} (Chan, Silverman & Vincent
    2021; Fienberg & Rinaldo 2012): maximise sum t_i subject to X_0 d + t <= 0, 0 <= t <= 1.
    Because the cone is closed under addition and d is unbounded, at the optimum t_i = 1
    exactly for every zero cell some direction can push, so one solve finds them all.
    """
    zero = y == 0
    facial = np.zeros(len(y), dtype=bool)
    if not zero.any():
        return facial
    positive = ~zero
    p = X.shape[1]
    z = int(zero.sum())
    objective = np.concatenate([np.zeros(p), -np.ones(z)])
    A_ub = np.hstack([X[zero], np.eye(z)])
    A_eq = np.hstack([X[positive], np.zeros((int(positive.sum()), z))]) if positive.any() else None
    result = optimize.linprog(
        objective, A_ub=A_ub, b_ub=np.zeros(z),
        A_eq=A_eq, b_eq=np.zeros(A_eq.shape[0]) if A_eq is not None else None,
        bounds=[(None, None)] * p + [(0.0, 1.0)] * z, method="highs",
    )
    if result.status != 0:
        return facial
    facial[np.flatnonzero(zero)] = result.x[p:] > 0.5
    return facial


def _independent_columns(Xr: np.ndarray, rank: int) -> list[int]:
    """Columns forming a basis of Xr's column space, intercept first, in order."""
    if rank == Xr.shape[1]:
        return list(range(Xr.shape[1]))
    chosen = [0]
    for column in range(1, Xr.shape[1]):
        if np.linalg.matrix_rank(Xr[:, chosen + [column]], tol=1e-9) == len(chosen) + 1:
            chosen.append(column)
    return chosen


@dataclass
class LoglinearFit:
    """One fitted log-linear model."""

    terms: tuple[Term, ...]
    name: str
    n_params: int
    estimate: float
    unobserved: float
    loglik: float
    deviance: float
    df: int
    aic: float
    bic: float
    stderr: float
    beta: np.ndarray
    fitted: np.ndarray
    identifiable: bool = True
    facial_cells: list[int] = field(default_factory=list)
    note: str = ""


def fit_model(table: CaptureTable, terms: tuple[Term, ...], y: np.ndarray | None = None) -> LoglinearFit:
    """Fit one hierarchical model to the observed cells; check existence first."""
    y = table.y if y is None else y
    n = float(y.sum())
    X = design_matrix(table.cells, terms)
    name = model_name(terms, table.n_lists)
    n_params = X.shape[1]
    facial = np.zeros(len(y), dtype=bool)
    if (y == 0).any():
        # an interior MLE (converged, no empty cell fitted near 0) needs no linear program
        _, mu_try, ok = _poisson_irls(X, y, max_iter=60)
        if not ok or np.min(mu_try[y == 0]) < 1e-6 or np.linalg.matrix_rank(X) < n_params:
            facial = _facial_zero_cells(X, y)
    keep = ~facial
    Xr = X[keep]
    # directions left in the reduced design that leave every kept cell unchanged
    _, singular, vt = np.linalg.svd(Xr, full_matrices=True)
    rank = int(np.sum(singular > 1e-9 * max(1.0, singular[0])))
    null = vt[rank:]
    if null.size and np.any(np.abs(null[:, 0]) > 1e-8):
        return LoglinearFit(
            terms=terms, name=name, n_params=n_params, estimate=math.inf, unobserved=math.inf,
            loglik=-math.inf, deviance=math.inf, df=len(y) - n_params, aic=math.inf,
            bic=math.inf, stderr=math.inf, beta=np.full(n_params, np.nan),
            fitted=np.full(len(y), np.nan), identifiable=False,
            facial_cells=np.flatnonzero(facial).tolist(),
            note=("the number unobserved is not identifiable under this model: some lists or "
                  "combinations never overlap, so the data say nothing about the missing cell"),
        )
    chosen = _independent_columns(Xr, rank)
    beta_r, mu_r, converged = _poisson_irls(Xr[:, chosen], y[keep])
    beta = np.zeros(n_params)
    beta[chosen] = beta_r
    fitted = np.zeros(len(y))
    fitted[keep] = mu_r
    loglik = _poisson_loglik(y, fitted)
    deviance = _deviance(y, fitted)
    unobserved = float(np.exp(beta_r[0]))
    information = Xr[:, chosen].T @ (Xr[:, chosen] * mu_r[:, None])
    try:
        var0 = float(np.linalg.inv(information)[0, 0])
    except np.linalg.LinAlgError:
        var0 = math.inf
    stderr = math.sqrt(unobserved + unobserved**2 * var0)
    note = "" if converged else "the Poisson fit did not converge"
    if facial.any():
        note = (note + "; " if note else "") + (
            f"{int(facial.sum())} empty cell(s) fitted as 0 (the MLE lies on the boundary)")
    return LoglinearFit(
        terms=terms, name=name, n_params=n_params, estimate=n + unobserved,
        unobserved=unobserved, loglik=loglik, deviance=deviance, df=len(y) - n_params,
        aic=-2 * loglik + 2 * n_params, bic=-2 * loglik + math.log(n) * n_params,
        stderr=stderr, beta=beta, fitted=fitted, identifiable=True,
        facial_cells=np.flatnonzero(facial).tolist(), note=note,
    )


# ----------------------------------------------------------------------------- search


def _criterion(fit: LoglinearFit, criterion: str) -> float:
    return fit.bic if criterion == "bic" else fit.aic


def search_models(table: CaptureTable, max_order: int = 2, criterion: str = "bic",
                  exhaustive_up_to: int = 5) -> tuple[list[LoglinearFit], str]:
    """Fit every hierarchical model (<= ``exhaustive_up_to`` lists) or search stepwise."""
    if criterion not in ("aic", "bic"):
        raise ValueError("criterion must be 'aic' or 'bic'")
    J = table.n_lists
    if J <= exhaustive_up_to:
        fits = [fit_model(table, terms) for terms in hierarchical_models(J, max_order)]
        return fits, "exhaustive"
    return _stepwise(table, max_order, criterion), "stepwise"


def _stepwise(table: CaptureTable, max_order: int, criterion: str) -> list[LoglinearFit]:
    """Bidirectional stepwise search from independence on the chosen criterion."""
    J = table.n_lists
    max_order = max(1, min(max_order, J - 1))
    seen: dict[frozenset, LoglinearFit] = {}

    def fit(terms: frozenset) -> LoglinearFit:
        if terms not in seen:
            ordered = tuple(sorted(terms, key=lambda t: (len(t), t)))
            seen[terms] = fit_model(table, ordered)
        return seen[terms]

    current = frozenset()
    best = fit(current)
    while True:
        moves = []
        for order in range(2, max_order + 1):
            for t in itertools.combinations(range(J), order):
                if t in current:
                    # remove only if no higher term contains it
                    if not any(set(t) < set(u) for u in current):
                        moves.append(current - {t})
                elif order == 2 or all(s in current for s in itertools.combinations(t, order - 1)):
                    moves.append(current | {t})
        candidates = [fit(m) for m in moves]
        challenger = min(candidates, key=lambda f: _criterion(f, criterion), default=None)
        if challenger is None or _criterion(challenger, criterion) >= _criterion(best, criterion) - 1e-9:
            break
        best = challenger
        current = frozenset(best.terms)
    return list(seen.values())


# ----------------------------------------------------------------------------- intervals


def profile_interval(table: CaptureTable, fit: LoglinearFit, level: float = 0.95) -> tuple[float, float]:
    """Profile-likelihood interval for N (Rcapture closedpCI.t; Cormack 1992).

    For each candidate number unobserved n0 the Poisson model is refitted with the
    unobserved cell included at n0; the multinomial log-likelihood of N = n + n0 is
    log N! - log n0! + sum_c y_c log(mu_c / N) (constant terms dropped).
    """
    y = table.y
    n = float(y.sum())
    X = design_matrix(table.cells, fit.terms)
    keep = np.ones(len(y), dtype=bool)
    keep[fit.facial_cells] = False
    Xr = X[keep]
    chosen = _independent_columns(Xr, np.linalg.matrix_rank(Xr, tol=1e-9))
    Xa = np.vstack([Xr[:, chosen], np.eye(1, len(chosen))])
    ya = y[keep]

    def loglik(n0: float) -> float:
        yy = np.concatenate([ya, [n0]])
        _, mu, _ = _poisson_irls(Xa, yy)
        N = n + n0
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(yy > 0, yy * np.log(mu / N), 0.0)
        return float(special.gammaln(N + 1) - special.gammaln(n0 + 1) + terms.sum())

    # the maximum is near the MLE; search a little around it
    mle = optimize.minimize_scalar(lambda v: -loglik(v), bracket=(fit.unobserved * 0.9 + 1e-6, fit.unobserved * 1.1 + 1))
    n0_hat = max(float(mle.x), 0.0)
    top = loglik(n0_hat)
    cut = stats.chi2.ppf(level, 1) / 2

    def gap(v: float) -> float:
        return top - loglik(v) - cut

    if gap(0.0) <= 0:
        lower = 0.0
    else:
        lower = optimize.brentq(gap, 0.0, n0_hat, xtol=1e-3)
    high = max(n0_hat * 2 + 10, 10.0)
    while gap(high) < 0:
        high *= 2
        if high > 1e9:
            return n + lower, math.inf
    upper = optimize.brentq(gap, n0_hat, high, xtol=1e-3)
    return n + lower, n + upper


def bootstrap_draws(table: CaptureTable, terms: tuple[Term, ...], n_boot: int = 1000,
                    seed: int | None = None) -> np.ndarray:
    """Parametric bootstrap of N for one model.

    Each replicate draws a population of round(N-hat) people over all 2^J cells with the
    fitted probabilities (the unobserved cell included, so the number observed varies as it
    would), drops the unobserved cell and refits the model. Resampling the n observed people
    instead would hold n fixed and understate the uncertainty.
    """
    rng = np.random.default_rng(seed)
    fit = fit_model(table, terms)
    if not fit.identifiable:
        raise NotIdentifiable(fit.note)
    total = int(round(fit.estimate))
    probabilities = np.concatenate([[fit.unobserved], fit.fitted]) / fit.estimate
    probabilities = probabilities / probabilities.sum()
    draws = np.empty(n_boot)
    for b in range(n_boot):
        y = rng.multinomial(total, probabilities)[1:].astype(float)
        result = fit_model(table, terms, y=y)
        draws[b] = result.estimate if result.identifiable else np.nan
    return draws


def chosen_model(fits: list[LoglinearFit], criterion: str = "bic") -> LoglinearFit:
    usable = [f for f in fits if f.identifiable and np.isfinite(_criterion(f, criterion))]
    if not usable:
        reasons = sorted({f.note for f in fits if f.note})
        raise NotIdentifiable(
            "no log-linear model can be fitted to this table: " + "; ".join(reasons[:2]))
    return min(usable, key=lambda f: _criterion(f, criterion))


def model_table(fits: list[LoglinearFit], criterion: str = "bic", top: int = 10) -> list[dict]:
    ranked = sorted(fits, key=lambda f: _criterion(f, criterion))
    rows = []
    for f in ranked[:top]:
        rows.append({
            "model": f.name, "estimate": f.estimate if f.identifiable else None,
            "deviance": f.deviance if f.identifiable else None, "df": f.df,
            "aic": f.aic if f.identifiable else None, "bic": f.bic if f.identifiable else None,
            "note": f.note,
        })
    return rows
