"""Bayesian non-parametric latent-class capture-recapture (LCMCR).

Method: Manrique-Vallier, D. (2016), "Bayesian population size estimation using Dirichlet
process mixtures", Biometrics 72(4): 1246-1254 — the model behind the CRAN package LCMCR
(which HRDAG used for Peru, Colombia and Syria). People fall into latent classes
k = 1..K (a truncated stick-breaking Dirichlet process with concentration alpha ~
Gamma(a_alpha, b_alpha)); within a class, lists capture independently with probabilities
lambda_jk ~ Beta(1, 1); the prior on N is p(N) ∝ 1/N. Heterogeneity of capture and
dependence between lists are both absorbed by the mixture.

The Gibbs sampler is the one of LCMCR 0.4.14 (``NPLCM_CR_Basic_Freq.cpp``), step for step:

1. latent classes of the observed people, by capture pattern: a multinomial draw of the
   pattern's count over the K classes, probabilities ∝ nu_k prod_j lambda_jk^x (1-lambda_jk)^(1-x);
2. lambda_jk ~ Beta(1 + captured in k on list j, 1 + not captured in k on list j),
   the unobserved people counting as not captured on every list;
3. stick-breaking weights V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l), nu from V;
4. the probability of being missed by every list, p0 = sum_k nu_k prod_j (1 - lambda_jk);
5. the number unobserved n0 ~ NegativeBinomial(n, 1 - p0) (the 1/N prior), redrawn when above
   20 n as in LCMCR;
6. the classes of the n0 unobserved people: multinomial ∝ nu_k prod_j (1 - lambda_jk);
7. alpha ~ Gamma(a_alpha + K - 1, b_alpha - log nu_K).

Each chain starts as LCMCR does (lambda at each list's observed capture rate, alpha = 0.3/K,
500 warm-up sweeps without the alpha step), then runs ``burnin`` sweeps, then keeps a draw
every ``thinning`` sweeps. ``samples`` is the number of draws kept *in all*, as R's
``lcmCR_PostSampl(samples=)``, shared out among the chains: R's one chain of 2,000 draws and
sabt's two chains of 1,000 are the same number of draws, and on two cores take about half the
wall time (each chain still has R's full burn-in).

Chains and stopping (docs/estimate.md, "How long the sampler runs"): by default one chain per
usable core, at least 2 (R-hat needs two) and at most 4, each in its own process. After the
``samples`` draws the rule of Vehtari et al. (2021) is checked on log N: split R-hat ≤ 1.01
and effective sample size ≥ 400. While it is not met, every chain runs on — for as many draws
as the ESS so far says are missing when only the ESS falls short, else for as many again as
it has — up to ``max_samples`` in all (3 × ``samples`` by default); the run reports
whether the rule was met, with the R-hat and ESS it stopped at. Chain c starts from seed
``seed + c``; each later round of a chain is seeded from (seed, c, round), so a run is
reproducible and does not depend on how many processes ran it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numba
import numpy as np

from ._data import CaptureTable
from ._diagnostics import effective_sample_size, split_rhat
from ._parallel import Workers, default_workers

DEFAULTS = dict(K=10, a_alpha=0.25, b_alpha=0.25, burnin=10000, samples=2000, thinning=50)
WARMUP = 500  # LCMCR's sweeps before the classes are ordered, without the alpha step
RHAT_MAX = 1.01  # the stopping rule (Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021)
ESS_MIN = 400
MAX_CHAINS = 4


def default_chains() -> int:
    """One chain per usable core, at least 2 (for R-hat) and at most 4."""
    return min(MAX_CHAINS, max(2, default_workers(MAX_CHAINS)))


@numba.njit(cache=True, nogil=True)
def _seed(seed):
    np.random.seed(seed)


@numba.njit(cache=True, nogil=True)
def _log_gamma_draw(shape):
    # log of a Gamma(shape, 1) draw, stable for small shapes
    if shape < 1.0:
        return math.log(np.random.gamma(shape + 1.0, 1.0)) + math.log(np.random.random()) / shape
    return math.log(np.random.gamma(shape, 1.0))


@numba.njit(cache=True, nogil=True)
def _log_sum(a, b):
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


@numba.njit(cache=True, nogil=True)
def _multinomial(n, weights, out):
    """Multinomial(n, weights / sum) into ``out`` by conditional binomials.

    As gsl_ran_multinomial, with an early stop once everyone is placed (the classes are
    ordered by weight after the warm-up, so this usually comes after a few draws).
    """
    K = weights.shape[0]
    total = 0.0
    for k in range(K):
        total += weights[k]
        out[k] = 0
    if n <= 0:
        return
    if n == 1:
        u = np.random.random() * total
        acc = 0.0
        for k in range(K):
            acc += weights[k]
            if u < acc:
                out[k] = 1
                return
        out[K - 1] = 1
        return
    remaining = n
    for k in range(K):
        if k == K - 1:
            out[k] = remaining
            return
        p = weights[k] / total if total > 0 else 0.0
        if p >= 1.0:
            out[k] = remaining
            return
        if p > 0.0:
            draw = np.random.binomial(remaining, p)
            out[k] = draw
            remaining -= draw
            if remaining == 0:
                return
        total -= weights[k]


@numba.njit(cache=True, nogil=True)
def _sweeps(cells, freq, n, log_lam, log_nu, count_z, count0, state, a_alpha, b_alpha,
            n_sweeps, keep_every, update_alpha, out_n, out_alpha, out_kstar, out_p0):
    """Run ``n_sweeps`` Gibbs sweeps in place; record every ``keep_every``-th (if > 0).

    ``state`` = [alpha, n0]. Returns the number of records written.
    """
    M, J = cells.shape
    K = log_nu.shape[0]
    probs = np.empty(K)
    aux1 = np.zeros((J, K))
    aux0 = np.zeros((J, K))
    countK = np.zeros(K, dtype=np.int64)
    tmp = np.zeros(K, dtype=np.int64)
    written = 0
    alpha = state[0]
    n0 = int(state[1])
    prob_zero = 0.0
    for sweep in range(n_sweeps):
        # 1. classes of the observed, by pattern
        for m in range(M):
            lg = -np.inf
            for k in range(K):
                lp = log_nu[k]
                for j in range(J):
                    lp += log_lam[j, k, cells[m, j]]
                probs[k] = lp
                lg = max(lg, lp)
            for k in range(K):
                probs[k] = math.exp(probs[k] - lg)
            _multinomial(freq[m], probs, tmp)
            for k in range(K):
                count_z[m, k] = tmp[k]
        # 2. lambda
        for j in range(J):
            for k in range(K):
                aux1[j, k] = 0.0
                aux0[j, k] = count0[k]
        for m in range(M):
            for k in range(K):
                c = count_z[m, k]
                if c > 0:
                    for j in range(J):
                        if cells[m, j] == 1:
                            aux1[j, k] += c
                        else:
                            aux0[j, k] += c
        for j in range(J):
            for k in range(K):
                if aux1[j, k] == 0.0 and aux0[j, k] == 0.0:
                    # an empty class: Beta(1, 1) is uniform, one draw instead of two gammas
                    u = np.random.random()
                    while u <= 0.0:
                        u = np.random.random()
                    log_lam[j, k, 1] = math.log(u)
                    log_lam[j, k, 0] = math.log1p(-u)
                    continue
                A = _log_gamma_draw(1.0 + aux1[j, k])
                B = _log_gamma_draw(1.0 + aux0[j, k])
                C = _log_sum(A, B)
                log_lam[j, k, 1] = A - C
                log_lam[j, k, 0] = B - C
        # 3. stick-breaking weights
        for k in range(K):
            countK[k] = count0[k]
        for m in range(M):
            for k in range(K):
                countK[k] += count_z[m, k]
        n_acc = 0
        l_acc = 0.0
        for k in range(K - 1):
            n_acc += countK[k]
            g1 = _log_gamma_draw(1.0 + countK[k])
            g2 = _log_gamma_draw(alpha + (n0 + n - n_acc))
            gs = _log_sum(g1, g2)
            log_nu[k] = g1 - gs + l_acc
            l_acc += g2 - gs
        log_nu[K - 1] = l_acc
        # 4. probability of being missed by every list
        prob_zero = 0.0
        for k in range(K):
            lp = log_nu[k]
            for j in range(J):
                lp += log_lam[j, k, 0]
            probs[k] = lp
            prob_zero += math.exp(lp)
        prob_zero = min(prob_zero, 1.0)
        # 5. number unobserved: NegBin(n, 1 - p0) = Poisson(Gamma(n, p0 / (1 - p0)))
        while True:
            if prob_zero >= 1.0:
                n0 = 20 * n
                break
            rate = np.random.gamma(n, 1.0) * prob_zero / (1.0 - prob_zero)
            n0 = np.random.poisson(rate) if rate > 0 else 0
            if n0 <= 20 * n:
                break
        # 6. classes of the unobserved
        if n0 == 0:
            for k in range(K):
                count0[k] = 0
        else:
            lg = -np.inf
            for k in range(K):
                lg = max(lg, probs[k])
            for k in range(K):
                probs[k] = math.exp(probs[k] - lg)
            _multinomial(n0, probs, count0)
        # 7. concentration
        if update_alpha:
            alpha = np.random.gamma(a_alpha + K - 1.0, 1.0 / (b_alpha - log_nu[K - 1]))
        if keep_every > 0 and (sweep + 1) % keep_every == 0 and written < out_n.shape[0]:
            out_n[written] = n + n0
            out_alpha[written] = alpha
            kstar = 0
            for k in range(K):
                if countK[k] > 0:
                    kstar += 1
            out_kstar[written] = kstar
            out_p0[written] = prob_zero
            written += 1
    state[0] = alpha
    state[1] = n0
    return written


@dataclass
class ChainOutput:
    N: np.ndarray
    alpha: np.ndarray
    k_star: np.ndarray
    prob_zero: np.ndarray

    def then(self, more: "ChainOutput") -> "ChainOutput":
        return ChainOutput(*(np.concatenate([a, b]) for a, b in zip(
            (self.N, self.alpha, self.k_star, self.prob_zero),
            (more.N, more.alpha, more.k_star, more.prob_zero))))


@dataclass
class ChainState:
    """Where a chain is: enough to run it on in another round (or another process)."""

    log_lam: np.ndarray
    log_nu: np.ndarray
    count_z: np.ndarray
    count0: np.ndarray
    state: np.ndarray  # [alpha, n0]


def _start_state(cells, freq, K, seed) -> ChainState:
    """LCMCR's start and its 500 warm-up sweeps, the classes then ordered by weight."""
    _seed(seed)
    M, J = cells.shape
    n = int(freq.sum())
    # stick-breaking from Beta(1, 1), lambda at the observed capture rates
    log_nu = np.empty(K)
    rng = np.random.default_rng(seed)
    acc = 0.0
    for k in range(K - 1):
        v = rng.beta(1.0, 1.0)
        log_nu[k] = math.log(v) + acc
        acc += math.log1p(-v)
    log_nu[K - 1] = acc
    log_lam = np.empty((J, K, 2))
    for j in range(J):
        p = float(freq[cells[:, j] == 1].sum()) / n
        p = min(max(p, 1e-6), 1 - 1e-6)
        log_lam[j, :, 1] = math.log(p)
        log_lam[j, :, 0] = math.log1p(-p)
    chain = ChainState(log_lam, log_nu, np.zeros((M, K), dtype=np.int64),
                       np.zeros(K, dtype=np.int64), np.array([0.3 / K, 0.0]))
    _run_sweeps(cells, freq, chain, 0.0, 0.0, WARMUP, 0, False)
    order = np.argsort(-chain.log_nu, kind="stable")
    return ChainState(chain.log_lam[:, order, :].copy(), chain.log_nu[order].copy(),
                      chain.count_z[:, order].copy(), chain.count0[order].copy(), chain.state)


_EMPTY_F = np.empty(0)
_EMPTY_I = np.empty(0, dtype=np.int64)


def _run_sweeps(cells, freq, chain: ChainState, a_alpha, b_alpha, sweeps, keep_every,
                update_alpha, out=None) -> int:
    outputs = (out.N, out.alpha, out.k_star, out.prob_zero) if out else (_EMPTY_F, _EMPTY_F, _EMPTY_I, _EMPTY_F)
    return _sweeps(cells, freq, int(freq.sum()), chain.log_lam, chain.log_nu, chain.count_z,
                   chain.count0, chain.state, a_alpha, b_alpha, sweeps, keep_every, update_alpha,
                   *outputs)


def _round_seed(seed: int, chain: int, round_: int) -> int:
    if round_ == 0:
        return seed + chain
    return int(np.random.SeedSequence([seed, chain, round_]).generate_state(1)[0] % (2**31 - 1))


def _chain_round(cells, freq, K, a_alpha, b_alpha, burnin, samples, thinning, seed, chain_index,
                 round_, chain: ChainState | None, progress=None, chunks=20):
    """One round of one chain: (if new) LCMCR's start and ``burnin``, then ``samples`` draws.

    Returns the chain's state after the round and the draws it kept. Top-level, so that it can
    run in a worker process.
    """
    seed = _round_seed(seed, chain_index, round_)
    if chain is None:
        chain = _start_state(cells, freq, K, seed)
        if progress:
            progress(WARMUP)
    else:
        _seed(seed)
    total = burnin + samples * thinning
    step = max(1, total // chunks)
    done = 0
    while done < burnin:
        now = min(step, burnin - done)
        _run_sweeps(cells, freq, chain, a_alpha, b_alpha, now, 0, True)
        done += now
        if progress:
            progress(now)
    out = ChainOutput(np.empty(samples), np.empty(samples), np.empty(samples, dtype=np.int64),
                      np.empty(samples))
    kept = 0
    per_chunk = max(1, step // thinning)
    while kept < samples:
        now = min(per_chunk, samples - kept)
        part = ChainOutput(out.N[kept:], out.alpha[kept:], out.k_star[kept:], out.prob_zero[kept:])
        _run_sweeps(cells, freq, chain, a_alpha, b_alpha, now * thinning, thinning, True, part)
        kept += now
        if progress:
            progress(now * thinning)
    return chain, out


@dataclass
class LcmcrFit:
    draws: np.ndarray  # (chains, samples) posterior draws of N
    alpha: np.ndarray
    k_star: np.ndarray
    settings: dict
    seconds: float
    iterations_per_second: float
    stopping: dict | None = None
    workers: str = "serial"

    @property
    def pooled(self) -> np.ndarray:
        return self.draws.reshape(-1)

    def diagnostics(self) -> dict:
        pooled = self.pooled
        chains = self.draws
        rhat, ess = convergence(chains)
        per_chain_median = [float(np.median(c)) for c in chains]
        return {
            "chains": int(chains.shape[0]),
            "samples_per_chain": int(chains.shape[1]),
            "rhat_log_N": rhat,
            "ess_log_N": ess,
            "stopping": self.stopping,
            "workers": self.workers,
            "chain_medians": per_chain_median,
            "trace": {
                "min": float(pooled.min()), "max": float(pooled.max()),
                "mean": float(pooled.mean()), "sd": float(pooled.std(ddof=1)),
                "first_half_median": float(np.median(chains[:, : chains.shape[1] // 2])),
                "second_half_median": float(np.median(chains[:, chains.shape[1] // 2:])),
            },
            "share_at_cap_20n": float(np.mean(pooled >= 21 * self.settings["observed"] - 0.5)),
            "k_star_mean": float(self.k_star.mean()),
            "alpha_median": float(np.median(self.alpha)),
            "seconds": self.seconds,
            "iterations_per_second": self.iterations_per_second,
        }


def convergence(draws: np.ndarray) -> tuple[float, float]:
    """Split R-hat and effective sample size of log N, draws shaped (chains, samples)."""
    logs = np.log(draws)
    return split_rhat(logs), effective_sample_size(logs)


def rule_met(rhat: float, ess: float, rhat_max: float = RHAT_MAX, ess_min: float = ESS_MIN) -> bool:
    return math.isfinite(rhat) and rhat <= rhat_max and math.isfinite(ess) and ess >= ess_min


def sample(table: CaptureTable, seed: int | None = None, K: int = 10, a_alpha: float = 0.25,
           b_alpha: float = 0.25, burnin: int = 10000, samples: int = 2000, thinning: int = 50,
           chains: int | None = None, workers: int | None = None, max_samples: int | None = None,
           rhat_max: float = RHAT_MAX, ess_min: float = ESS_MIN, progress=None) -> LcmcrFit:
    """Run the LCMCR Gibbs sampler; returns the posterior draws of N for every chain.

    ``samples``: draws kept in all, shared out among ``chains`` (default
    :func:`default_chains`), which run in ``workers`` processes (default one per chain, at
    most one per usable core). Until split R-hat ≤ ``rhat_max`` and ESS ≥ ``ess_min`` (on
    log N) every chain runs on for half its draws again, up to ``max_samples`` in all
    (default 3 × ``samples``; ``max_samples=samples`` turns the rule off). ``progress``, if
    given, is called with a number of sweeps done.
    """
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0] % (2**31 - 1))
    chains = chains or default_chains()
    per_chain = max(1, -(-samples // chains))
    cap = max(samples, max_samples if max_samples is not None else 3 * samples)
    cap_per_chain = max(per_chain, cap // chains)
    more = max(1, per_chain // 2)
    cells, freq = table.observed_patterns()
    cells = np.ascontiguousarray(cells, dtype=np.int64)
    freq = np.ascontiguousarray(freq, dtype=np.int64)
    common = (cells, freq, K, a_alpha, b_alpha)
    start = time.perf_counter()
    states, outputs = [None] * chains, [None] * chains
    round_, sweeps, stopping, rhat, ess = 0, 0, None, math.nan, math.nan
    _seed(seed)  # numba's one-time start (about 0.5 s of CPU) here, once, not in every worker
    with Workers(workers or default_workers(chains), progress) as pool:
        while True:
            want = per_chain if round_ == 0 else _more_draws(outputs[0].N.shape[0], rhat, ess, ess_min,
                                                             more, cap_per_chain)
            warm = burnin if round_ == 0 else 0
            jobs = [(*common, warm, want, thinning, seed, c, round_, states[c]) for c in range(chains)]
            for c, (state, out) in enumerate(pool.map(_chain_round, jobs)):
                states[c] = state
                outputs[c] = out if round_ == 0 else outputs[c].then(out)
            sweeps += chains * (warm + want * thinning + (WARMUP if round_ == 0 else 0))
            rhat, ess = convergence(np.vstack([o.N for o in outputs]))
            met = rule_met(rhat, ess, rhat_max, ess_min)
            kept = outputs[0].N.shape[0]
            if met or kept >= cap_per_chain:
                stopping = {"rule": f"split R-hat <= {rhat_max} and ESS >= {ess_min:g} on log N",
                            "met": met, "rhat_log_N": rhat, "ess_log_N": ess, "rounds": round_ + 1,
                            "draws": kept * chains, "max_draws": cap_per_chain * chains}
                break
            round_ += 1
        kind = pool.kind
    seconds = time.perf_counter() - start
    return LcmcrFit(
        draws=np.vstack([o.N for o in outputs]),
        alpha=np.vstack([o.alpha for o in outputs]),
        k_star=np.vstack([o.k_star for o in outputs]),
        settings=dict(K=K, a_alpha=a_alpha, b_alpha=b_alpha, burnin=burnin, samples=samples,
                      thinning=thinning, chains=chains, seed=seed, observed=table.observed,
                      max_samples=cap, rhat_max=rhat_max, ess_min=ess_min),
        seconds=seconds,
        iterations_per_second=sweeps / seconds if seconds > 0 else float("inf"),
        stopping=stopping, workers=kind,
    )


def _more_draws(kept: int, rhat: float, ess: float, ess_min: float, least: int, cap: int) -> int:
    """Draws per chain for the next round: as many as the ESS so far says are missing (with a
    fifth to spare) when only the ESS falls short, else as many again as the chains have."""
    want = max(least, kept)
    if math.isfinite(rhat) and rhat <= 1.05 and math.isfinite(ess) and 0 < ess < ess_min:
        want = max(least, math.ceil(kept * (ess_min / ess - 1) * 1.2))
    return max(1, min(want, cap - kept))


def sampler_sweeps(strata: int = 1) -> int:
    """Sweeps of a default run (per stratum) that meets the stopping rule at once, for a
    progress bar (a run that goes on for more draws raises the bar's total as it goes)."""
    chains = default_chains()
    per_chain = WARMUP + DEFAULTS["burnin"] + -(-DEFAULTS["samples"] // chains) * DEFAULTS["thinning"]
    return strata * chains * per_chain


def sweeps_counter(progress, total: int):
    """The sampler reports sweeps done since its last call; a progress bar wants
    ``progress("LCMCR sampler", done so far, total)``."""
    done = 0

    def advance(sweeps: int) -> None:
        nonlocal done
        done += sweeps
        progress("LCMCR sampler", done, max(total, done))

    return advance
