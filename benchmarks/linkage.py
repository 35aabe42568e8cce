"""Linkage accuracy, time and memory on simulated lists with a known truth, beside the peers.

    python benchmarks/linkage.py --records 10000
    python benchmarks/linkage.py --records 100000 --peers recordlinkage
    python benchmarks/linkage.py --records 1000000 --no-peers
    python benchmarks/linkage.py --records 10000 --simulator both

The lists come from `sabt.simulate` (four fictional organisations: Persian script with Solar
Hijri dates, Latin transliterations in their own spelling habits, typos, swaps, within-list
duplicates) — the *first* simulator, on which sabt's linkage was tuned — or from
`sabt.simulate.second` (`--simulator second`), written independently from how real lists
differ and never tuned on: it is run on its held-out seeds (HELD_OUT_SEEDS, frozen before any
tuning: 20101 and 20102; `--seed` overrides, `--second-seeds dev` takes its development draws).
`--names dense` draws surnames from the dense bank (the commonest at 5.6 % instead
of the registry's 1.1 %). Each method runs in its own process so its peak memory can be read (wait4):

- sabt: `sabt.link.link_case` (names in Persian script and in a canonical Latin form, Splink
  on DuckDB, constrained clustering);
- splink-docs: Splink with the setup its documentation shows for names — NameComparison
  (Jaro-Winkler) on the raw first and last names, no script handling — on the same normalised
  dates, ages and places, clustered at the same threshold;
- recordlinkage: the recordlinkage toolkit's standard pipeline — blocking on the raw surname
  and a sorted neighbourhood on the raw full name, Jaro-Winkler and exact comparisons, the
  tutorial's rule (more than 3 of the 6 comparisons agree), connected components. (Its
  unsupervised ECM classifier, tried first, labelled nearly every candidate a match here.)

Pairwise precision/recall/F1 count record pairs put in one person; cluster precision/recall
count persons recovered exactly. Blocking recall is the share of true pairs that at least one of
sabt's blocking rules compares (a pair no rule covers can never be linked): the rules' own SQL,
run by DuckDB on sabt's features of the records of each true pair.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

THRESHOLD = 0.9
RECORDS_PER_PERSON = 1.5


def build_case(workdir: Path, records: int, seed: int, names: str = "registry",
               simulator: str = "first") -> tuple[str, dict]:
    from sabt.case import Case
    from sabt.ingest import import_list
    from sabt.settings import Settings
    from sabt.simulate import NameBank, record_map, simulate_lists, write_lists

    if simulator == "second":
        from sabt.simulate.second import simulate_second, write_second

        truth, lists = simulate_second(int(records / RECORDS_PER_PERSON), seed=seed)
        paths = write_second(truth, lists, workdir / "lists")
    else:
        bank = NameBank.dense() if names == "dense" else NameBank()
        truth, lists = simulate_lists(int(records / RECORDS_PER_PERSON), seed=seed, names=bank)
        paths = write_lists(truth, lists, workdir / "lists")
    files = paths if isinstance(paths, dict) else {p.stem: p for p in sorted((workdir / "lists").glob("*.csv")) if p.stem in lists}
    db = str(workdir / "case.sabt")
    case = Case.init(Settings.for_db(db, key_file=workdir / "k.key"))
    for name in lists:
        import_list(case, Path(files[name]), name)
    case.close()
    mapping = record_map(truth)
    true_person = {(row.list, str(row.id)): row.true_person_id for row in mapping.itertuples()}
    return db, true_person


def run_worker(method: str, db: str, key: str, out: str) -> None:
    os.environ["SABT_KEY_FILE"] = key
    from sabt.case import Case
    from sabt.settings import Settings

    case = Case.open(Settings.for_db(db))
    if method == "sabt":
        from sabt.link import link_case

        link_case(case)
        from sqlalchemy import text

        with case.engine.connect() as connection:
            rows = connection.execute(text("select source_id, source_record_id, person_id from records")).all()
        clusters = [(s, r, int(p)) for s, r, p in rows]
    else:
        frame = _raw_frame(case)
        clusters = (_splink_docs if method == "splink-docs" else _recordlinkage)(frame)
    Path(out).write_text(json.dumps(clusters))


def _raw_frame(case):
    import pandas as pd
    from sqlalchemy import text

    with case.engine.connect() as connection:
        frame = pd.read_sql(text("select id, source_id, source_record_id, name, given_name, family_name, age, sex, "
                                 "date_of_death, place_text, province_code from records"), connection)
    given = frame["given_name"].fillna(frame["name"].str.split(" ").str[0])
    family = frame["family_name"].fillna(frame["name"].str.split(" ").str[-1])
    return pd.DataFrame({
        "unique_id": frame["id"], "source_id": frame["source_id"], "source_record_id": frame["source_record_id"],
        "first_name": given.str.lower(), "surname": family.str.lower(), "full_name": frame["name"].str.lower(),
        "age": frame["age"], "sex": frame["sex"], "date_of_death": pd.to_datetime(frame["date_of_death"]),
        "city": frame["place_text"], "province": frame["province_code"],
    })


def _components(ids, edges):
    parent = {i: i for i in ids}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra
    return {i: find(i) for i in ids}


def _splink_docs(frame):
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from sabt.link import _splink_compat

    _splink_compat.apply()
    api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname"),
            cl.AbsoluteDateDifferenceAtThresholds("date_of_death", input_is_string=False, metrics=["day", "day"], thresholds=[2, 7]),
            cl.ExactMatch("age"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            cl.ExactMatch("sex"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "surname"),
            block_on("surname", "date_of_death"),
            block_on("first_name", "date_of_death"),
        ],
    )
    linker = Linker(api.register(frame.drop(columns=["source_id", "source_record_id", "full_name"])), settings,
                    log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("first_name", "surname", "date_of_death")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("date_of_death"), block_on("surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    pairs = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    edges = list(zip(pairs["unique_id_l"], pairs["unique_id_r"]))
    roots = _components(list(frame["unique_id"]), edges)
    return [(s, r, int(roots[u])) for s, r, u in zip(frame["source_id"], frame["source_record_id"], frame["unique_id"])]


def _recordlinkage(frame):
    import recordlinkage
    from recordlinkage.index import Block, SortedNeighbourhood

    data = frame.set_index("unique_id")
    data["date"] = data["date_of_death"].dt.strftime("%Y-%m-%d")
    indexer = recordlinkage.Index()
    indexer.add(Block("surname"))
    indexer.add(SortedNeighbourhood("full_name", window=5))
    candidates = indexer.index(data)
    compare = recordlinkage.Compare()
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.85, label="first_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date", "date", label="date")
    compare.exact("age", "age", label="age")
    compare.exact("city", "city", label="city")
    compare.exact("sex", "sex", label="sex")
    features = compare.compute(candidates, data)
    matches = features[features.sum(axis=1) > 3].index  # the toolkit tutorial's rule for these features
    roots = _components(list(data.index), list(matches))
    return [(s, r, int(roots[u])) for s, r, u in zip(frame["source_id"], frame["source_record_id"], frame["unique_id"])]


def scores(clusters, true_person) -> dict:
    predicted, true = defaultdict(set), defaultdict(set)
    for source, record, cluster in clusters:
        key = (source, str(record))
        predicted[cluster].add(key)
        true[true_person[key]].add(key)

    def pair_count(groups):
        return sum(len(g) * (len(g) - 1) // 2 for g in groups)

    overlap = defaultdict(int)
    person_of = {k: p for p, g in true.items() for k in g}
    for g in predicted.values():
        counts = defaultdict(int)
        for k in g:
            counts[person_of[k]] += 1
        for c in counts.values():
            overlap["tp"] += c * (c - 1) // 2
    predicted_pairs, true_pairs = pair_count(predicted.values()), pair_count(true.values())
    precision = overlap["tp"] / predicted_pairs if predicted_pairs else 1.0
    recall = overlap["tp"] / true_pairs if true_pairs else 1.0
    exact = {frozenset(g) for g in true.values()} & {frozenset(g) for g in predicted.values()}
    cp, cr = len(exact) / len(predicted), len(exact) / len(true)
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    return {"pair_precision": precision, "pair_recall": recall, "pair_f1": f1(precision, recall),
            "cluster_precision": cp, "cluster_recall": cr, "cluster_f1": f1(cp, cr),
            "persons_true": len(true), "persons_found": len(predicted)}


def blocking_recall(db: str, key: Path, true_person: dict) -> tuple[float, int, set, object]:
    """(share of true pairs some blocking rule compares, number of true pairs, the true pairs of
    record ids no rule compares, sabt's features by record id)."""
    import duckdb
    import pandas as pd
    from sqlalchemy import text

    from sabt.case import Case
    from sabt.link.model import blocking_rules, optional_columns
    from sabt.link.run import case_features
    from sabt.settings import Settings

    case = Case.open(Settings.for_db(db, key_file=key))
    try:
        frame = case_features(case)
        with case.engine.connect() as connection:
            ids = connection.execute(text("select source_id, source_record_id, id from records")).all()
    finally:
        case.close()
    compared = set(frame["unique_id"].astype(int))
    members = defaultdict(list)
    for source, record, unique_id in ids:
        if int(unique_id) in compared:
            members[true_person[(source, str(record))]].append(int(unique_id))
    true_pairs = pd.DataFrame([pair for group in members.values() for pair in itertools.combinations(sorted(group), 2)],
                              columns=["a", "b"])
    rules = " or ".join(f"({rule.get_blocking_rule('duckdb').blocking_rule_sql})"
                        for rule in blocking_rules(optional_columns(frame)))
    connection = duckdb.connect()
    connection.register("features", frame)
    connection.register("true_pairs", true_pairs)
    covered = connection.sql(f"""select t.a, t.b from true_pairs t join features l on l.unique_id = t.a
                                 join features r on r.unique_id = t.b where {rules}""").fetchall()
    missed = set(map(tuple, true_pairs.itertuples(index=False, name=None))) - set(covered)
    share = len(covered) / len(true_pairs) if len(true_pairs) else 1.0
    return share, len(true_pairs), missed, frame.set_index("unique_id")


def _record_ids(db: str, key: Path) -> dict:
    from sqlalchemy import text

    from sabt.case import Case
    from sabt.settings import Settings

    case = Case.open(Settings.for_db(db, key_file=key))
    try:
        with case.engine.connect() as connection:
            rows = connection.execute(text("select source_id, source_record_id, id from records")).all()
    finally:
        case.close()
    return {(s, str(r)): int(i) for s, r, i in rows}


def error_kinds(clusters, true_person, record_ids: dict, missed: set, feats) -> dict:
    """Wrongly split and wrongly joined record pairs by kind: scripts of the two records, whether
    their names have one matching form (either order), and (split pairs) whether any blocking
    rule compared them."""
    predicted, true = defaultdict(list), defaultdict(list)
    for source, record, cluster in clusters:
        rid = record_ids[(source, str(record))]
        predicted[cluster].append(rid)
        true[true_person[(source, str(record))]].append(rid)
    cluster_of = {r: c for c, g in predicted.items() for r in g}
    person_of = {r: p for p, g in true.items() for r in g}

    def kind(a, b):
        la, lb = feats.loc[a], feats.loc[b]
        scripts = "-".join(sorted("Persian" if isinstance(x["native_key"], str) else "Latin" for x in (la, lb)))
        same = la["sorted_rom"] == lb["sorted_rom"] and isinstance(la["sorted_rom"], str)
        return scripts + (", same name form" if same else ", names differ")

    counts = defaultdict(int)
    for group in true.values():
        for a, b in itertools.combinations(sorted(group), 2):
            if cluster_of[a] != cluster_of[b]:
                counts["split: " + ("never compared (blocking)" if (a, b) in missed else kind(a, b))] += 1
    for group in predicted.values():
        for a, b in itertools.combinations(sorted(group), 2):
            if person_of[a] != person_of[b]:
                counts["joined: " + kind(a, b)] += 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


def estimates_on_linkages(clusters, true_person) -> tuple[float, float]:
    """The log-linear estimate of the total on the true linkage and on the method's."""
    from sabt.estimate import estimate
    from sabt.estimate.linkage import capture_counts

    keys = [(s, str(r)) for s, r, _ in clusters]
    sources = {i: k[0] for i, k in enumerate(keys)}
    lists = sorted(set(sources.values()))
    on_truth = estimate(capture_counts({i: true_person[k] for i, k in enumerate(keys)}, sources, lists))
    on_method = estimate(capture_counts({i: c for i, (_, _, c) in enumerate(clusters)}, sources, lists))
    return on_truth.estimate, on_method.estimate


def measure(method: str, db: str, key: Path, workdir: Path) -> dict:
    out = workdir / f"{method}.json"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--worker", method, "--db", db, "--key", str(key),
                                "--out", str(out)])
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        return {"method": method, "error": f"exit status {status}", "seconds": seconds}
    return {"method": method, "seconds": seconds, "peak_mib": usage.ru_maxrss / 1024,
            "clusters": json.loads(out.read_text())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=None,
                        help="the first simulator's seed (default 1); with --simulator second, one seed instead of the held-out ones")
    parser.add_argument("--no-peers", action="store_true", help="run sabt only")
    parser.add_argument("--peers", default="splink-docs,recordlinkage",
                        help="which peers to run beside sabt (the splink-docs peer needs more than 18 GB at 100,000 records)")
    parser.add_argument("--names", choices=("registry", "dense"), default="registry",
                        help="surnames as frequent as in Iran's registry (default) or the dense bank")
    parser.add_argument("--simulator", choices=("first", "second", "both"), default="first",
                        help="the simulator sabt was tuned on (first), the independent one (second), or both")
    parser.add_argument("--second-seeds", choices=("held-out", "dev"), default="held-out",
                        help="the second simulator's draws: the frozen held-out seeds (report these) or dev")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        run_worker(args.worker, args.db, args.key, args.out)
        return
    runs = []
    if args.simulator in ("first", "both"):
        runs.append(("first", args.seed or 1))
    if args.simulator in ("second", "both"):
        from sabt.simulate.second import DEV_SEEDS, HELD_OUT_SEEDS

        seeds = DEV_SEEDS if args.second_seeds == "dev" else HELD_OUT_SEEDS
        runs += [("second", seed) for seed in ([args.seed] if args.simulator == "second" and args.seed else seeds)]
    for simulator, seed in runs:
        run_one(args, simulator, seed)
    print("reproduce: python benchmarks/linkage.py " + " ".join(sys.argv[1:]))


def run_one(args, simulator: str, seed: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sabt-linkage-"))
    try:
        started = time.perf_counter()
        db, true_person = build_case(workdir, args.records, seed, args.names, simulator)
        print(f"\n== {simulator} simulator, seed {seed}: simulated and imported {len(true_person):,} records "
              f"in {time.perf_counter() - started:.0f} s")
        methods = ["sabt"] + ([] if args.no_peers else [p for p in args.peers.split(",") if p])
        print(f"{'method':<14}{'pair P':>8}{'pair R':>8}{'pair F1':>8}{'clus P':>8}{'clus R':>8}{'clus F1':>8}"
              f"{'persons':>10}{'seconds':>9}{'peak MiB':>10}")
        sabt_clusters = None
        for method in methods:
            result = measure(method, db, workdir / "k.key", workdir)
            if "error" in result:
                print(f"{method:<14} failed: {result['error']} after {result['seconds']:.0f} s")
                continue
            s = scores(result["clusters"], true_person)
            sabt_clusters = result["clusters"] if method == "sabt" else sabt_clusters
            print(f"{method:<14}{s['pair_precision']:>8.3f}{s['pair_recall']:>8.3f}{s['pair_f1']:>8.3f}"
                  f"{s['cluster_precision']:>8.3f}{s['cluster_recall']:>8.3f}{s['cluster_f1']:>8.3f}"
                  f"{s['persons_found']:>10,}{result['seconds']:>9.0f}{result['peak_mib']:>10,.0f}")
        persons = len(set(true_person.values()))
        print(f"true persons: {persons:,}")
        recall, true_pairs, missed, feats = blocking_recall(db, workdir / "k.key", true_person)
        print(f"sabt's blocking recall: {recall:.2%} of {true_pairs:,} true pairs are compared by some rule")
        if sabt_clusters is not None:
            found = len({c for _, _, c in sabt_clusters})
            print(f"people found by sabt: {found:,} against {persons:,} ({found / persons - 1:+.2%})")
            on_truth, on_sabt = estimates_on_linkages(sabt_clusters, true_person)
            print(f"log-linear estimate of the total: {on_truth:,.0f} on the true linkage, {on_sabt:,.0f} on "
                  f"sabt's ({on_sabt / on_truth - 1:+.2%})")
            record_ids = _record_ids(db, workdir / "k.key")
            print("sabt's errors by kind (record pairs):")
            for kind, count in error_kinds(sabt_clusters, true_person, record_ids, missed, feats).items():
                print(f"  {count:>7,}  {kind}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

if __name__ == "__main__":
    main()
