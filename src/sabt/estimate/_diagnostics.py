"""MCMC convergence diagnostics: split R-hat and effective sample size.

Gelman et al. (2013), *Bayesian Data Analysis*, 3rd ed., §11.4–11.5 (split R-hat; effective
sample size from the multi-chain variogram with Geyer's initial monotone sequence), as
implemented in Stan.
"""

from __future__ import annotations

import numpy as np


def split_rhat(chains: np.ndarray) -> float:
    """Split R-hat of draws shaped (chains, samples); 1.0 is ideal, > 1.01 is suspicious."""
    chains = np.asarray(chains, dtype=float)
    half = chains.shape[1] // 2
    if half < 2:
        return float("nan")
    split = np.vstack([chains[:, :half], chains[:, half: 2 * half]])
    m, n = split.shape
    means = split.mean(axis=1)
    within = split.var(axis=1, ddof=1).mean()
    between = n * means.var(ddof=1)
    if within <= 0:
        return float("nan") if between > 0 else 1.0
    var_plus = (n - 1) / n * within + between / n
    return float(np.sqrt(var_plus / within))


def effective_sample_size(chains: np.ndarray) -> float:
    """Multi-chain effective sample size of draws shaped (chains, samples)."""
    chains = np.asarray(chains, dtype=float)
    m, n = chains.shape
    if n < 4:
        return float("nan")
    centred = chains - chains.mean(axis=1, keepdims=True)
    size = 1 << int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(centred, size, axis=1)
    acov = np.fft.irfft(spectrum * np.conj(spectrum), size, axis=1)[:, :n] / n
    chain_var = acov[:, 0] * n / (n - 1)
    within = chain_var.mean()
    if within <= 0:
        return float(m * n)
    means = chains.mean(axis=1)
    var_plus = within * (n - 1) / n + (means.var(ddof=1) if m > 1 else 0.0)
    rho = 1.0 - (within - acov.mean(axis=0)) / var_plus
    rho[0] = 1.0
    # Geyer: sum pairs while positive, made monotone
    total = 0.0
    previous = np.inf
    t = 0
    while t + 1 < n:
        pair = rho[t] + rho[t + 1]
        if pair < 0:
            break
        pair = min(pair, previous)
        total += pair
        previous = pair
        t += 2
    tau = -1.0 + 2.0 * total
    tau = max(tau, 1.0 / np.log10(m * n + 10))
    return float(m * n / tau)
