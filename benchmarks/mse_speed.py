"""LCMCR sampler speed: sabt's numba sampler beside R's LCMCR on the same data and settings.

    python benchmarks/mse_speed.py                 # Kosovo, K=10, burnin 10000, 2000 x 50
    python benchmarks/mse_speed.py --repeats 5

Counts Gibbs sweeps per second, every sweep of the run included (LCMCR's 500 warm-up sweeps,
the burn-in, and samples x thinning), wall-clock time around the whole call. R is run in the
same process tree (``Rscript``) when it and the LCMCR package are installed; otherwise only
sabt's figures are printed. sabt is measured both as one chain (the like-for-like figure) and
as several chains in parallel threads (the throughput a user gets from ``chains=``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from sabt.estimate import CaptureTable, lcmcr, read_counts

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent / "tests" / "estimate" / "data" / "kosovo.csv"

R_SCRIPT = r"""
suppressMessages(library(LCMCR))
args <- commandArgs(TRUE)
d <- read.csv(args[1], check.names = FALSE)
J <- ncol(d) - 1
names(d)[J + 1] <- "Freq"
d[, 1:J] <- lapply(d[, 1:J], function(x) factor(x, levels = c(0, 1)))
burnin <- as.integer(args[2]); samples <- as.integer(args[3]); thinning <- as.integer(args[4])
for (s in seq_len(as.integer(args[5]))) {
  t0 <- proc.time()[["elapsed"]]
  sampler <- lcmCR(captures = d, tabular = TRUE, in_list_label = "1", not_in_list_label = "0",
                   K = 10, a_alpha = 0.25, b_alpha = 0.25, seed = s, verbose = FALSE)
  N <- lcmCR_PostSampl(sampler, burnin = burnin, samples = samples, thinning = thinning,
                       output = FALSE)
  t1 <- proc.time()[["elapsed"]]
  cat("RUN", s, t1 - t0, median(N), "\n")
}
"""


def run_r(data: Path, burnin: int, samples: int, thinning: int, repeats: int):
    if not shutil.which("Rscript"):
        return None, "Rscript not found"
    check = subprocess.run(["Rscript", "-e", "library(LCMCR)"], capture_output=True, text=True)
    if check.returncode != 0:
        return None, "R package LCMCR not installed"
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as handle:
        handle.write(R_SCRIPT)
        script = handle.name
    try:
        out = subprocess.run(["Rscript", script, str(data), str(burnin), str(samples),
                              str(thinning), str(repeats)], capture_output=True, text=True,
                             timeout=3600)
    finally:
        os.unlink(script)
    runs = [line.split() for line in out.stdout.splitlines() if line.startswith("RUN")]
    if not runs:
        return None, "R failed: " + out.stderr.strip()[-300:]
    return [(float(r[2]), float(r[3])) for r in runs], ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--burnin", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--thinning", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chains", type=int, default=os.cpu_count() or 2,
                        help="chains for the parallel figure (default: one per core)")
    parser.add_argument("--no-r", action="store_true", help="skip R even if installed")
    args = parser.parse_args(argv)
    command = "python benchmarks/mse_speed.py " + " ".join(argv if argv is not None else sys.argv[1:])
    table = CaptureTable.from_frame(read_counts(args.data))
    sweeps = 500 + args.burnin + args.samples * args.thinning
    # compile once, outside the timing
    lcmcr.sample(table, seed=0, burnin=10, samples=5, thinning=2, chains=1)
    single, medians = [], []
    for r in range(args.repeats):
        start = time.perf_counter()
        fit = lcmcr.sample(table, seed=r + 1, burnin=args.burnin, samples=args.samples,
                           thinning=args.thinning, chains=1)
        single.append(time.perf_counter() - start)
        medians.append(float(np.median(fit.pooled)))
    start = time.perf_counter()
    fit = lcmcr.sample(table, seed=1, burnin=args.burnin, samples=args.samples,
                       thinning=args.thinning, chains=args.chains, threads=args.chains)
    parallel = time.perf_counter() - start
    sabt_rate = sweeps / statistics.median(single)
    parallel_rate = args.chains * sweeps / parallel
    print(f"# data {args.data.name}: {table.observed} observed, {table.n_lists} lists; K=10, "
          f"a_alpha=b_alpha=0.25, burnin {args.burnin}, samples {args.samples}, thinning "
          f"{args.thinning} ({sweeps:,} sweeps per chain); {os.cpu_count()} CPU(s)")
    print(f"sabt   1 chain : {statistics.median(single):7.2f} s  {sabt_rate:10,.0f} sweeps/s   "
          f"medians {', '.join(f'{m:,.0f}' for m in medians)}")
    print(f"sabt {args.chains:>2} chains: {parallel:7.2f} s  {parallel_rate:10,.0f} sweeps/s   "
          f"(parallel threads, total throughput)")
    if not args.no_r:
        runs, why = run_r(args.data, args.burnin, args.samples, args.thinning, args.repeats)
        if runs is None:
            print(f"R LCMCR        : not run ({why})")
        else:
            r_time = statistics.median(t for t, _ in runs)
            r_rate = sweeps / r_time
            print(f"R LCMCR 1 chain: {r_time:7.2f} s  {r_rate:10,.0f} sweeps/s   "
                  f"medians {', '.join(f'{m:,.0f}' for _, m in runs)}")
            print(f"speed-up, 1 chain vs 1 chain        : {sabt_rate / r_rate:5.2f}x")
            print(f"speed-up, {args.chains} chains in parallel vs R: {parallel_rate / r_rate:5.2f}x")
    print(f"# reproduce with: {command.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
