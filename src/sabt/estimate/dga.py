"""Bayesian model averaging over decomposable graphical models (dga).

Method: Madigan, D. & York, J. C. (1997), "Bayesian methods for estimation of the size of a
closed population", Biometrika 84(1): 19-31; as implemented in the CRAN package dga
(Johndrow, Lum & Madigan), which HRDAG used for Syria. For 3-5 lists, every decomposable
graph on the lists is a model of their dependence; under the hyper-Dirichlet prior with
parameter ``delta`` on each of the 2^p cells, the marginal likelihood of the full table
(with N - n people in the unobserved cell) factorises over the graph's cliques C and
separators S::

    p(table | G) = prod_C ML(table_C) / prod_S ML(table_S)
    ML(table_A) = Gamma(delta 2^p) / Gamma(N + delta 2^p)
                  * prod_cells Gamma(n_c + delta 2^(p-|A|)) / Gamma(delta 2^(p-|A|))

times the multinomial coefficient N! / ((N - n)! prod y!) and the prior on N (dga's default
1/N). Every graph has the same prior weight. The posterior over (graph, N) is computed
exactly on a grid of N - n = 0 .. ``max_missing_factor`` x n (the published reference runs
used 0 .. 20 n); this module reports the posterior median and the 2.5 % / 97.5 % quantiles of
the model-averaged posterior of N, and the posterior mass in the top 10 % of the grid (a
large value means the grid truncates the posterior and the upper end is not to be trusted).

The graph list is generated (all chordal graphs on p labelled vertices: 8, 61 and 822 for
3, 4 and 5 lists, the same counts as dga's ``graphs3/4/5``), with cliques and separators
from a maximum-weight junction tree.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from scipy import special

from sabt.errors import SabtError

from ._data import CaptureTable


def _is_chordal(p: int, edges: set[frozenset]) -> bool:
    """Maximum cardinality search, then check the ordering is a perfect elimination."""
    adjacency = {v: {u for u in range(p) if frozenset((u, v)) in edges} for v in range(p)}
    numbered: list[int] = []
    weight = {v: 0 for v in range(p)}
    while len(numbered) < p:
        v = max((u for u in range(p) if u not in numbered), key=lambda u: (weight[u], -u))
        numbered.append(v)
        for u in adjacency[v]:
            if u not in numbered:
                weight[u] += 1
    # reverse of MCS order is a perfect elimination ordering iff chordal
    position = {v: i for i, v in enumerate(numbered)}
    for v in numbered:
        earlier = [u for u in adjacency[v] if position[u] < position[v]]
        if earlier:
            parent = max(earlier, key=lambda u: position[u])
            for u in earlier:
                if u != parent and frozenset((u, parent)) not in edges:
                    return False
    return True


def _cliques(p: int, edges: set[frozenset]) -> list[tuple[int, ...]]:
    complete = []
    for size in range(p, 0, -1):
        for subset in itertools.combinations(range(p), size):
            if all(frozenset(pair) in edges for pair in itertools.combinations(subset, 2)):
                if not any(set(subset) <= set(c) for c in complete):
                    complete.append(subset)
    return complete


def _separators(cliques: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Separators of a junction tree: Kruskal's maximum spanning tree on |Ci ∩ Cj|."""
    pairs = sorted(
        ((len(set(a) & set(b)), i, j) for (i, a), (j, b) in
         itertools.combinations(enumerate(cliques), 2)),
        reverse=True,
    )
    parent = list(range(len(cliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    separators = []
    for size, i, j in pairs:
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[ri] = rj
            if size > 0:
                separators.append(tuple(sorted(set(cliques[i]) & set(cliques[j]))))
    return separators


@functools.lru_cache(maxsize=8)
def decomposable_graphs(p: int) -> tuple[tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]], ...]:
    """All decomposable graphs on p lists as (cliques, separators), 0-based."""
    all_pairs = list(itertools.combinations(range(p), 2))
    graphs = []
    for mask in range(1 << len(all_pairs)):
        edges = {frozenset(e) for i, e in enumerate(all_pairs) if mask >> i & 1}
        if _is_chordal(p, edges):
            cliques = _cliques(p, edges)
            graphs.append((tuple(cliques), tuple(_separators(cliques))))
    return tuple(graphs)


def graph_name(cliques: tuple[tuple[int, ...], ...]) -> str:
    return "[" + ",".join("".join(str(j + 1) for j in c) for c in sorted(cliques, key=lambda c: (-len(c), c))) + "]"


@dataclass
class DgaFit:
    N: np.ndarray  # grid of N
    posterior: np.ndarray  # model-averaged posterior of N on the grid
    graph_weights: np.ndarray  # posterior probability of each graph
    graphs: tuple
    delta: float
    tail_mass: float  # posterior mass in the top 10 % of the grid

    def quantile(self, q: float) -> float:
        cdf = np.cumsum(self.posterior)
        return float(self.N[min(np.searchsorted(cdf, q), len(self.N) - 1)])

    def top_graphs(self, k: int = 5) -> list[dict]:
        order = np.argsort(-self.graph_weights)[:k]
        return [{"graph": graph_name(self.graphs[i][0]), "posterior": float(self.graph_weights[i])}
                for i in order]


def fit(table: CaptureTable, delta: float | None = None, max_missing_factor: float = 20.0,
        log_prior_N=None) -> DgaFit:
    """Model-averaged posterior of N over all decomposable graphs (3-5 lists).

    ``delta`` defaults to 2^-p; ``log_prior_N`` (a function of the N grid) to -log N.
    """
    p = table.n_lists
    if not 3 <= p <= 5:
        raise SabtError(f"dga averages over decomposable graphs for 3 to 5 lists; this table has {p}")
    delta = 2.0 ** -p if delta is None else float(delta)
    n = table.observed
    missing = np.arange(0, int(round(max_missing_factor * n)) + 1, dtype=float)
    N = n + missing
    full = table.full_array()  # 2^p, unobserved first (0), lexicographic
    Y = full.reshape((2,) * p)
    subsets = [s for size in range(1, p + 1) for s in itertools.combinations(range(p), size)]
    index = {s: i for i, s in enumerate(subsets)}
    alpha_total = delta * 2**p
    normaliser = special.gammaln(alpha_total) - special.gammaln(N + alpha_total)
    B = np.empty((len(subsets), len(missing)))
    for s in subsets:
        other = tuple(j for j in range(p) if j not in s)
        D = Y.sum(axis=other).reshape(-1) if other else Y.reshape(-1)
        a = delta * 2 ** (p - len(s))
        fixed = special.gammaln(D[1:] + a).sum() - len(D) * special.gammaln(a)
        B[index[s]] = special.gammaln(missing + D[0] + a) + fixed + normaliser
    graphs = decomposable_graphs(p)
    G = np.zeros((len(graphs), len(subsets)))
    for g, (cliques, separators) in enumerate(graphs):
        for c in cliques:
            G[g, index[c]] += 1
        for s in separators:
            G[g, index[s]] -= 1
    y_obs = table.y
    common = (special.gammaln(N + 1) - special.gammaln(y_obs + 1).sum() - special.gammaln(missing + 1))
    common = common + (log_prior_N(N) if log_prior_N is not None else -np.log(N))
    # graphs whose posterior is below e^-60 of the best everywhere add nothing: find them on
    # a coarse grid (the log posterior moves far less than 60 between coarse points)
    stride = max(1, len(missing) // 2000)
    coarse = G @ B[:, ::stride] + common[::stride]
    peak = coarse.max(axis=1)
    useful = peak >= peak.max() - 60.0
    all_graphs = len(graphs)
    G_used = G[useful]
    # exact posterior over (graph, N), accumulated in blocks of the grid
    block = 20000
    log_by_graph = np.full(int(useful.sum()), -np.inf)
    log_by_N = np.empty(len(missing))
    for start in range(0, len(missing), block):
        stop = min(start + block, len(missing))
        V = G_used @ B[:, start:stop] + common[start:stop]
        log_by_N[start:stop] = special.logsumexp(V, axis=0)
        log_by_graph = np.logaddexp(log_by_graph, special.logsumexp(V, axis=1))
    total = special.logsumexp(log_by_N)
    posterior = np.exp(log_by_N - total)
    weights = np.zeros(all_graphs)
    weights[useful] = np.exp(log_by_graph - total)
    top = int(len(missing) * 0.9)
    return DgaFit(N=N, posterior=posterior, graph_weights=weights, graphs=graphs, delta=delta,
                  tail_mass=float(posterior[top:].sum()))
