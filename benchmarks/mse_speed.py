"""LCMCR speed: sabt beside R's LCMCR on the same data, settings and number of draws.

    python benchmarks/mse_speed.py                       # Kosovo; R's defaults of the README
    python benchmarks/mse_speed.py --r-lib /tmp/r-lib    # where LCMCR is installed for R

Every figure is one process run from start to end (imports, reading the table, sampling,
summary), timed by wall clock and by the CPU time the process and its children used (on a
shared machine the wall time depends on the others' load; the CPU time much less). Rows:

* sampler, 1 chain: sweeps per second of one chain, sabt's numba sampler and R's C++ one,
  every sweep counted (500 warm-up, burn-in, samples x thinning);
* whole estimate, same draws: R's one chain of ``samples`` draws beside sabt's default
  chains sharing ``samples`` draws (each with R's full burn-in), in parallel processes and
  one after another (does parallel help on this machine?);
* sabt's default ``sabt estimate --method lcmcr``: the stopping rule (split R-hat <= 1.01,
  ESS >= 400) may run the chains on past R's number of draws; its effective sample size per
  second is shown beside R's;
* start-up: ``sabt --help``, and ``sabt estimate``'s time before the sampler starts.

R is run with ``Rscript`` when it and the LCMCR package are installed (``--r-lib`` or
``R_LIBS``); nothing of R is part of sabt.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent / "tests" / "estimate" / "data" / "kosovo.csv"
WARMUP = 500

R_SCRIPT = r"""
suppressMessages(library(LCMCR))
args <- commandArgs(TRUE)
d <- read.csv(args[1], check.names = FALSE)
J <- ncol(d) - 1
names(d)[J + 1] <- "Freq"
d[, 1:J] <- lapply(d[, 1:J], function(x) factor(x, levels = c(0, 1)))
t0 <- proc.time()[["elapsed"]]
sampler <- lcmCR(captures = d, tabular = TRUE, in_list_label = "1", not_in_list_label = "0",
                 K = 10, a_alpha = 0.25, b_alpha = 0.25, seed = as.integer(args[5]), verbose = FALSE)
N <- lcmCR_PostSampl(sampler, burnin = as.integer(args[2]), samples = as.integer(args[3]),
                     thinning = as.integer(args[4]), output = FALSE)
cat("SAMPLER", proc.time()[["elapsed"]] - t0, "\n")
cat("DRAWS", N, "\n")
"""

SABT_SCRIPT = r"""
import json, sys, time
start = time.perf_counter()
from sabt.estimate import estimate, read_counts
path, burnin, samples, thinning, chains, workers, cap = sys.argv[1:8]
result = estimate(read_counts(path), method="lcmcr", seed=1, burnin=int(burnin),
                  samples=int(samples), thinning=int(thinning), chains=int(chains) or None,
                  workers=int(workers) or None, max_samples=int(cap) or None)
d = result.diagnostics
print(json.dumps({"sampler": d["seconds"], "median": result.estimate, "lower": result.lower,
                  "upper": result.upper, "ess": d["ess_log_N"], "rhat": d["rhat_log_N"],
                  "chains": d["chains"], "draws": len(result.draws), "workers": d["workers"]}))
"""


def timed(command: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the process and its children, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise RuntimeError(f"{shlex.join(command)} failed: {out.stderr.strip()[-400:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout


def r_environment(r_lib: str | None) -> tuple[dict | None, str]:
    if not shutil.which("Rscript"):
        return None, "Rscript not found"
    env = dict(os.environ)
    if r_lib:
        env["R_LIBS"] = r_lib
    check = subprocess.run(["Rscript", "-e", "library(LCMCR)"], capture_output=True, env=env)
    if check.returncode != 0:
        return None, "R package LCMCR not installed (give --r-lib)"
    return env, ""


def run_r(env: dict, data: Path, burnin: int, samples: int, thinning: int):
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as handle:
        handle.write(R_SCRIPT)
        script = handle.name
    try:
        wall, cpu, out = timed(["Rscript", script, str(data), str(burnin), str(samples),
                                str(thinning), "1"], env)
    finally:
        os.unlink(script)
    lines = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    draws = np.array([float(x) for x in lines["DRAWS"]])
    return {"wall": wall, "cpu": cpu, "sampler": float(lines["SAMPLER"][0]), "draws": draws}


def run_sabt(data: Path, burnin: int, samples: int, thinning: int, chains: int, workers: int,
             cap: int) -> dict:
    wall, cpu, out = timed([sys.executable, "-c", SABT_SCRIPT, str(data), str(burnin),
                            str(samples), str(thinning), str(chains), str(workers), str(cap)])
    return {"wall": wall, "cpu": cpu, **json.loads(out.strip().splitlines()[-1])}


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--burnin", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=2000, help="draws in all (R's samples)")
    parser.add_argument("--thinning", type=int, default=50)
    parser.add_argument("--r-lib", default=os.environ.get("R_LIBS"),
                        help="R library folder holding LCMCR (default: R_LIBS)")
    parser.add_argument("--no-r", action="store_true", help="skip R even if installed")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "benchmarks/mse_speed.py",
                          *(argv if argv is not None else sys.argv[1:])])
    from sabt.estimate import CaptureTable, read_counts
    from sabt.estimate._diagnostics import effective_sample_size
    from sabt.estimate.lcmcr import default_chains

    table = CaptureTable.from_frame(read_counts(args.data))
    b, s, t = args.burnin, args.samples, args.thinning
    one_chain_sweeps = WARMUP + b + s * t
    chains = default_chains()
    print(f"# {args.data.name}: {table.observed:,} documented on {table.n_lists} lists; K=10, "
          f"a_alpha=b_alpha=0.25, burnin {b:,}, {s:,} draws, thinning {t}; "
          f"{len(os.sched_getaffinity(0))} usable core(s); {load()}")
    # compile (or load numba's cache) once, outside the timing
    run_sabt(args.data, 10, 4, 2, 1, 1, 4)

    r = None
    env, why = (None, "skipped (--no-r)") if args.no_r else r_environment(args.r_lib)
    if env is not None:
        r = run_r(env, args.data, b, s, t)
        r["ess"] = effective_sample_size(np.log(r["draws"])[None, :])
    one = run_sabt(args.data, b, s, t, 1, 1, s)
    parallel = run_sabt(args.data, b, s, t, chains, 0, s)
    serial = run_sabt(args.data, b, s, t, chains, 1, s)
    default = run_sabt(args.data, b, s, t, 0, 0, 0)
    help_wall, help_cpu, _ = timed([sys.executable, "-m", "sabt.cli", "--help"])

    def row(name, result, sweeps=None):
        rate = f"{sweeps / result['sampler']:9,.0f} sweeps/s" if sweeps else " " * 18
        ratio = ""
        if r is not None:
            ratio = f"  = {result['wall'] / r['wall']:4.2f}x R's wall, {result['cpu'] / r['cpu']:4.2f}x its CPU"
        print(f"{name:<44} {result['wall']:6.2f} s wall {result['cpu']:6.2f} s CPU  "
              f"sampler {result['sampler']:6.2f} s {rate}{ratio}")

    print("\nsampler, 1 chain, the same sweeps")
    if r is not None:
        row("  R LCMCR, 1 chain", r, one_chain_sweeps)
    else:
        print(f"  R LCMCR: not run ({why})")
    row("  sabt, 1 chain", one, one_chain_sweeps)
    if r is not None:
        print(f"  sweeps/s per chain, sabt / R: {r['sampler'] / one['sampler']:.2f}")
    print(f"\nwhole estimate, the same {s:,} draws (whole process, start to end)")
    if r is not None:
        row("  R LCMCR, 1 chain", r)
    row(f"  sabt, {chains} chains in parallel ({parallel['workers']})", parallel)
    row(f"  sabt, {chains} chains one after another", serial)
    print(f"  parallel / serial wall: {parallel['wall'] / serial['wall']:.2f} "
          f"(CPU {parallel['cpu'] / serial['cpu']:.2f})")
    print("\nsabt's default (stopping rule: split R-hat <= 1.01 and ESS >= 400 on log N)")
    row(f"  sabt estimate --method lcmcr ({default['draws']:,} draws)", default)
    print("\nposterior of N: median [95 % interval], ESS of log N, ESS per wall second")
    results = ([("R LCMCR", r | {"median": float(np.median(r["draws"])),
                                 "lower": float(np.percentile(r["draws"], 2.5)),
                                 "upper": float(np.percentile(r["draws"], 97.5))})] if r else [])
    results += [("sabt, same draws", parallel), ("sabt, default", default)]
    for name, result in results:
        print(f"  {name:<18} {result['median']:8,.0f} [{result['lower']:,.0f} - {result['upper']:,.0f}]"
              f"  ESS {result['ess']:6.0f}  {result['ess'] / result['wall']:6.1f} ESS/s")
    print(f"\nstart-up: sabt --help {help_wall:.2f} s wall ({help_cpu:.2f} s CPU); "
          f"the estimate's process before its sampler {default['wall'] - default['sampler']:.2f} s wall")
    print(f"# {load()}")
    print(f"# reproduce with: {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
