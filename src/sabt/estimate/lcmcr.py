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

It starts as LCMCR does (lambda at each list's observed capture rate, alpha = 0.3/K, 500
warm-up sweeps without the alpha step), then ``burnin`` sweeps, then ``samples`` draws kept
every ``thinning`` sweeps. Several chains run in parallel threads (numba releases the GIL);
each chain has its own seed (seed + chain index), so a run is reproducible.
"""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numba
import numpy as np

from ._data import CaptureTable
from ._diagnostics import effective_sample_size, split_rhat

DEFAULTS = dict(K=10, a_alpha=0.25, b_alpha=0.25, burnin=10000, samples=2000, thinning=50,
                chains=4)


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


def _run_chain(cells, freq, K, a_alpha, b_alpha, burnin, samples, thinning, seed,
               progress=None, chunks=20) -> ChainOutput:
    _seed(seed)
    M, J = cells.shape
    n = int(freq.sum())
    # start as LCMCR: stick-breaking from Beta(1, 1), lambda at the observed capture rates
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
    count_z = np.zeros((M, K), dtype=np.int64)
    count0 = np.zeros(K, dtype=np.int64)
    state = np.array([0.3 / K, 0.0])
    dummy_f = np.empty(0)
    dummy_i = np.empty(0, dtype=np.int64)
    _sweeps(cells, freq, n, log_lam, log_nu, count_z, count0, state, a_alpha, b_alpha,
            500, 0, False, dummy_f, dummy_f, dummy_i, dummy_f)
    # order classes by weight, as LCMCR does after its warm-up
    order = np.argsort(-log_nu, kind="stable")
    log_nu[:] = log_nu[order]
    log_lam[:] = log_lam[:, order, :]
    count_z[:] = count_z[:, order]
    count0[:] = count0[order]
    total = burnin + samples * thinning
    step = max(1, total // chunks)
    done = 0
    while done < burnin:
        now = min(step, burnin - done)
        _sweeps(cells, freq, n, log_lam, log_nu, count_z, count0, state, a_alpha, b_alpha,
                now, 0, True, dummy_f, dummy_f, dummy_i, dummy_f)
        done += now
        if progress:
            progress(now)
    out_n = np.empty(samples)
    out_alpha = np.empty(samples)
    out_kstar = np.empty(samples, dtype=np.int64)
    out_p0 = np.empty(samples)
    kept = 0
    per_chunk = max(1, step // thinning)
    while kept < samples:
        now = min(per_chunk, samples - kept)
        _sweeps(cells, freq, n, log_lam, log_nu, count_z, count0, state, a_alpha, b_alpha,
                now * thinning, thinning, True, out_n[kept:], out_alpha[kept:],
                out_kstar[kept:], out_p0[kept:])
        kept += now
        if progress:
            progress(now * thinning)
    return ChainOutput(N=out_n, alpha=out_alpha, k_star=out_kstar, prob_zero=out_p0)


@dataclass
class LcmcrFit:
    draws: np.ndarray  # (chains, samples) posterior draws of N
    alpha: np.ndarray
    k_star: np.ndarray
    settings: dict
    seconds: float
    iterations_per_second: float

    @property
    def pooled(self) -> np.ndarray:
        return self.draws.reshape(-1)

    def diagnostics(self) -> dict:
        pooled = self.pooled
        chains = self.draws
        rhat = split_rhat(np.log(chains))
        ess = effective_sample_size(np.log(chains))
        per_chain_median = [float(np.median(c)) for c in chains]
        return {
            "chains": int(chains.shape[0]),
            "samples_per_chain": int(chains.shape[1]),
            "rhat_log_N": rhat,
            "ess_log_N": ess,
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


def sample(table: CaptureTable, seed: int | None = None, K: int = 10, a_alpha: float = 0.25,
           b_alpha: float = 0.25, burnin: int = 10000, samples: int = 2000, thinning: int = 50,
           chains: int = 4, threads: int | None = None, progress=None) -> LcmcrFit:
    """Run the LCMCR Gibbs sampler; returns the posterior draws of N for every chain.

    ``progress``, if given, is called with a number of sweeps done (from several threads).
    """
    import time

    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0] % (2**31 - 1))
    cells, freq = table.observed_patterns()
    cells = np.ascontiguousarray(cells, dtype=np.int64)
    freq = np.ascontiguousarray(freq, dtype=np.int64)
    lock = threading.Lock()

    def report(k: int) -> None:
        if progress:
            with lock:
                progress(k)

    start = time.perf_counter()
    workers = threads or min(chains, 2 if chains > 1 else 1)
    args = [(cells, freq, K, a_alpha, b_alpha, burnin, samples, thinning, seed + c, report)
            for c in range(chains)]
    if workers > 1 and chains > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outputs = list(pool.map(lambda a: _run_chain(*a), args))
    else:
        outputs = [_run_chain(*a) for a in args]
    seconds = time.perf_counter() - start
    sweeps = chains * (500 + burnin + samples * thinning)
    return LcmcrFit(
        draws=np.vstack([o.N for o in outputs]),
        alpha=np.vstack([o.alpha for o in outputs]),
        k_star=np.vstack([o.k_star for o in outputs]),
        settings=dict(K=K, a_alpha=a_alpha, b_alpha=b_alpha, burnin=burnin, samples=samples,
                      thinning=thinning, chains=chains, seed=seed, observed=table.observed),
        seconds=seconds,
        iterations_per_second=sweeps / seconds if seconds > 0 else float("inf"),
    )
