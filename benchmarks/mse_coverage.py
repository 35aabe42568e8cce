"""Simulation study for sabt.estimate: bias, RMSE and 95 % interval coverage, per method.

Populations with a known total are drawn under four scenarios; every method estimates each
from the capture pattern of the people seen. Prints one table per scenario and the command
that reproduces it.

    python benchmarks/mse_coverage.py                    # 4 scenarios x 60 populations = 240
    python benchmarks/mse_coverage.py --populations 10   # quick look

Scenarios (N is the true total):

* independent — 4 lists, every person has the same capture probability on each list
  (0.15 - 0.35); every method's assumptions hold.
* latent-classes — 4 lists, two classes of people (40 % / 60 %) with different capture
  probabilities (0.45 - 0.6 vs 0.2 - 0.3), lists independent within a class: LCMCR's model.
* list-dependence — 4 lists, lists 1 and 2 positively dependent (people on list 1 are three
  times as likely to be on list 2, as with referrals), homogeneous otherwise: a log-linear
  model with the 12 interaction holds; dga's graphs include it.
* hard-to-reach — 4 lists, 70 % of people are captured with probability about 0.1 on every
  list: most of the missing are in a group the lists barely reach. No method can see them
  well; this shows where all of them fail.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np
import pandas as pd

from sabt.errors import SabtError
from sabt.estimate import estimate


def _frame(caught: np.ndarray) -> pd.DataFrame:
    seen = caught[caught.any(axis=1)].astype(int)
    return pd.DataFrame(seen, columns=list("ABCD")).assign(count=1)


def independent(rng, N):
    p = rng.uniform(0.15, 0.35, size=4)
    return _frame(rng.random((N, 4)) < p)


def latent_classes(rng, N):
    klass = rng.random(N) < 0.4
    high = rng.uniform(0.45, 0.6, size=4)
    low = rng.uniform(0.2, 0.3, size=4)
    p = np.where(klass[:, None], high, low)
    return _frame(rng.random((N, 4)) < p)


def list_dependence(rng, N):
    p = rng.uniform(0.15, 0.3, size=4)
    caught = rng.random((N, 4)) < p
    # list 2 depends on list 1: odds ratio about 3
    p2_given_1 = min(0.9, 3 * p[1] / (1 - p[1] + 3 * p[1]))
    p2_given_0 = p[1] * 0.8
    u = rng.random(N)
    caught[:, 1] = np.where(caught[:, 0], u < p2_given_1, u < p2_given_0)
    return _frame(caught)


def hard_to_reach(rng, N):
    klass = rng.random(N) < 0.3
    high = rng.uniform(0.35, 0.5, size=4)
    low = rng.uniform(0.08, 0.15, size=4)
    p = np.where(klass[:, None], high, low)
    return _frame(rng.random((N, 4)) < p)


SCENARIOS = {
    "independent": independent,
    "latent-classes": latent_classes,
    "list-dependence": list_dependence,
    "hard-to-reach": hard_to_reach,
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--populations", type=int, default=60, help="populations per scenario")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--N", type=int, default=2000, help="true total of each population")
    parser.add_argument("--methods", default="loglinear,lcmcr,dga")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--burnin", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--thinning", type=int, default=20)
    parser.add_argument("--chains", type=int, default=2)
    args = parser.parse_args(argv)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    command = "python benchmarks/mse_coverage.py " + " ".join(argv if argv is not None else sys.argv[1:])
    lcmcr_options = dict(burnin=args.burnin, samples=args.samples, thinning=args.thinning,
                         chains=args.chains)
    print(f"# {len(scenarios)} scenarios x {args.populations} populations, N = {args.N}; "
          f"LCMCR: K=10, burnin {args.burnin}, samples {args.samples}, thinning {args.thinning}, "
          f"{args.chains} chains")
    all_rows = []
    start = time.perf_counter()
    for s_index, scenario in enumerate(scenarios):
        rng = np.random.default_rng([args.seed, s_index])
        results = {m: [] for m in methods}
        for i in range(args.populations):
            frame = SCENARIOS[scenario](rng, args.N)
            for method in methods:
                options = lcmcr_options if method == "lcmcr" else {}
                try:
                    r = estimate(frame, method=method, seed=args.seed + i, **options)
                    results[method].append((r.estimate, r.lower, r.upper))
                except SabtError:
                    results[method].append((math.nan, math.nan, math.nan))
        print(f"\n## {scenario}")
        print(f"{'method':<10} {'n':>4} {'bias %':>8} {'RMSE %':>8} {'coverage':>9} {'width %':>8} {'failed':>7}")
        for method in methods:
            a = np.array(results[method], dtype=float)
            ok = ~np.isnan(a[:, 0])
            est, lo, hi = a[ok, 0], a[ok, 1], a[ok, 2]
            rel = est / args.N - 1
            bias = 100 * rel.mean()
            rmse = 100 * math.sqrt(np.mean(rel**2))
            coverage = np.mean((lo <= args.N) & (args.N <= hi))
            width = 100 * np.median((hi - lo) / args.N)
            failed = int((~ok).sum())
            print(f"{method:<10} {ok.sum():>4} {bias:>8.1f} {rmse:>8.1f} {coverage:>9.1%} {width:>8.1f} {failed:>7}")
            all_rows.append(dict(scenario=scenario, method=method, bias=bias, rmse=rmse,
                                 coverage=coverage, width=width, failed=failed))
    print(f"\n# {time.perf_counter() - start:.0f} s; reproduce with: {command.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
