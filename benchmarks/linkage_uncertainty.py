"""Does the interval pooled over drawn linkages cover the true population? (issue 20)

    python benchmarks/linkage_uncertainty.py --people 900 --seeds 1,2,3,4 [--simulator second] [--draws 10]

For each seed: simulate lists with a known population, link them with sabt, and estimate the
total (log-linear) on the true linkage, on sabt's own linkage, and pooled over linkages drawn
from the pair probabilities (`sabt.estimate.linkage`). Prints each, whether each interval
covers the true population and the estimate on the true linkage (what a perfect linkage would
give: the log-linear model's own error, e.g. from heterogeneous capture, is not linkage's), and
the share of the pooled variance that lies between linkages.
Small on purpose (a shared 2-core machine): coverage over a handful of seeds is a check, not a
measurement of the coverage rate.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path


def one_seed(people: int, seed: int, simulator: str, draws: int) -> dict:
    from sqlalchemy import text

    from sabt.case import Case
    from sabt.estimate import estimate
    from sabt.estimate.linkage import capture_counts, draw_linkages, inputs_from_case, pooled_estimate
    from sabt.ingest import import_list
    from sabt.link import link_case
    from sabt.settings import Settings
    from sabt.simulate import record_map, simulate_lists, write_lists
    from sabt.simulate.second import simulate_second, write_second

    work = Path(tempfile.mkdtemp(prefix="sabt-linkage-uncertainty-"))
    try:
        if simulator == "second":
            truth, lists = simulate_second(people, seed)
            paths = write_second(truth, lists, work / "lists")
        else:
            truth, lists = simulate_lists(people, seed=seed)
            paths = write_lists(truth, lists, work / "lists")
        case = Case.init(Settings.for_db(str(work / "case.sabt"), key_file=work / "k.key"))
        for name in lists:
            import_list(case, paths[name], name)
        link_case(case)
        with case.engine.connect() as connection:
            rows = connection.execute(text("select id, source_id, source_record_id, person_id from records")).all()
        true_person = {(r.list, str(r.id)): r.true_person_id for r in record_map(truth).itertuples()}
        sources = {i: s for i, s, _, _ in rows}
        names = sorted(lists)
        on_truth = estimate(capture_counts({i: true_person[(s, str(r))] for i, s, r, _ in rows}, sources, names))
        on_own = estimate(capture_counts({i: p for i, _, _, p in rows}, sources, names))
        inputs = inputs_from_case(case)
        pooled = pooled_estimate(draw_linkages(inputs, draws, seed=seed), inputs.sources, seed=seed, own=on_own)
        case.close()
        return {"seed": seed, "people": people, "truth": on_truth, "own": on_own, "pooled": pooled}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=900)
    parser.add_argument("--seeds", default="1,2,3,4")
    parser.add_argument("--simulator", choices=("first", "second"), default="first")
    parser.add_argument("--draws", type=int, default=10)
    args = parser.parse_args()
    print(f"{'seed':>6}{'true-linkage est.':>20}{'own est. (interval)':>28}{'own/true':>10}"
          f"{'pooled (interval)':>28}{'between':>9}  covers N: own / pooled; covers true-linkage est.: own / pooled")
    covered = {"own": 0, "pooled": 0}
    covered_truth = {"own": 0, "pooled": 0}
    seeds = [int(s) for s in args.seeds.split(",")]
    for seed in seeds:
        r = one_seed(args.people, seed, args.simulator, args.draws)
        n = r["people"]
        own, pooled, truth = r["own"], r["pooled"], r["truth"]
        hits = {k: v.lower <= n <= v.upper for k, v in (("own", own), ("pooled", pooled))}
        near = {k: v.lower <= truth.estimate <= v.upper for k, v in (("own", own), ("pooled", pooled))}
        for k in hits:
            covered[k] += hits[k]
            covered_truth[k] += near[k]
        print(f"{seed:>6}{truth.estimate:>20,.0f}{own.estimate:>10,.0f} ({own.lower:,.0f}-{own.upper:,.0f})"
              f"{own.estimate / truth.estimate - 1:>+10.1%}{pooled.estimate:>10,.0f} ({pooled.lower:,.0f}-"
              f"{pooled.upper:,.0f}){pooled.diagnostics['linkage']['variance_share']:>9.0%}  "
              f"{'yes' if hits['own'] else 'no'} / {'yes' if hits['pooled'] else 'no'}; "
              f"{'yes' if near['own'] else 'no'} / {'yes' if near['pooled'] else 'no'}")
    print(f"true population {args.people:,} covered by: own-linkage interval {covered['own']} of {len(seeds)}, "
          f"pooled interval {covered['pooled']} of {len(seeds)}; the estimate on the true linkage covered by: "
          f"own {covered_truth['own']} of {len(seeds)}, pooled {covered_truth['pooled']} of {len(seeds)}")


if __name__ == "__main__":
    main()
