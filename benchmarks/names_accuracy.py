"""Accuracy and speed of sabt.names.name_similarity on the labelled name pairs.

    python benchmarks/names_accuracy.py [--threshold 0.85] [--errors] [--speed] [--by-kind] [--simulated]

Prints precision, recall and F1 of ``name_similarity(a, b) >= threshold`` on the development
pairs (tests/data/name_pairs.csv) and, separately, on the held-out pairs
(tests/data/names_pairs_heldout.csv), next to a baseline: rapidfuzz Jaro–Winkler on the raw
strings with no script handling, at the same threshold and at the threshold that maximises
the baseline's F1 on the development pairs (its best chance; with cross-script pairs scoring
near 0 that can be a threshold so low it calls almost every pair a match). ``--errors`` lists the
development pairs the matcher gets wrong (never the held-out ones: they are not for tuning).
``--speed`` measures calls per second.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz.distance import JaroWinkler

from sabt.names import compare_names, name_similarity
from sabt.names._analyse import analyse_name, analyse_token

DEV = ROOT / "tests/data/name_pairs.csv"
HELDOUT = ROOT / "tests/data/names_pairs_heldout.csv"
THRESHOLD = 0.85


def load(path: Path) -> list[tuple[str, str, int, str]]:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return [(r["name_a"], r["name_b"], int(r["same"]), r["kind"]) for r in csv.DictReader(lines)]


def metrics(scores: list[float], labels: list[int], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def baseline(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(a, b)


def best_threshold(scores: list[float], labels: list[int]) -> float:
    grid = [i / 100 for i in range(1, 100)]
    return max(grid, key=lambda t: metrics(scores, labels, t)[2])


def speed() -> None:
    rng = random.Random(1)
    pairs = load(DEV) + load(HELDOUT)
    names = [a for a, *_ in pairs] + [b for _, b, *_ in pairs]
    n = 200_000
    sample = [(rng.choice(names), rng.choice(names)) for _ in range(n)]
    analyse_name.cache_clear()
    analyse_token.cache_clear()
    t0 = time.perf_counter()
    for name in names:
        analyse_name(name)
    cold = len(names) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for a, b in sample:
        name_similarity(a, b)
    warm = n / (time.perf_counter() - t0)
    print(f"speed: analyse_name on unseen names (cold caches) {cold:,.0f} names/s; "
          f"name_similarity on cached names {warm:,.0f} pairs/s "
          f"({len(set(names))} distinct names, {n:,} pairs)")


def simulated(threshold: float, people: int = 3000, seed: int = 1) -> None:
    """Names of the same person across simulated lists (sabt.simulate, its own corruption):
    blocking recall of the phonetic key and precision/recall of the threshold within blocks."""
    from itertools import combinations

    from sabt.names import phonetic_key
    from sabt.simulate import record_map, simulate_lists

    truth, lists = simulate_lists(people, seed=seed)
    owner = {(r.list, r.id): r.true_person_id for r in record_map(truth).itertuples()}
    records = [
        (slug, row.id, f"{row.given_name} {row.family_name}")
        for slug, frame in lists.items() for row in frame.itertuples()
    ]
    by_person: dict[str, list[tuple[str, str, str]]] = {}
    for rec in records:
        by_person.setdefault(owner[(rec[0], rec[1])], []).append(rec)
    true_pairs = [(a, b) for recs in by_person.values() for a, b in combinations(recs, 2)]
    blocks: dict[str, list[tuple[str, str, str]]] = {}
    for rec in records:
        blocks.setdefault(phonetic_key(rec[2], sort_tokens=True), []).append(rec)
    same_block = sum(
        1 for a, b in true_pairs
        if phonetic_key(a[2], sort_tokens=True) == phonetic_key(b[2], sort_tokens=True)
    )
    candidate = [(a, b) for recs in blocks.values() for a, b in combinations(recs, 2)]
    tp = fp = 0
    for a, b in candidate:
        match = name_similarity(a[2], b[2]) >= threshold
        same = owner[(a[0], a[1])] == owner[(b[0], b[1])]
        tp += match and same
        fp += match and not same
    found_any = sum(1 for a, b in true_pairs if name_similarity(a[2], b[2]) >= threshold)
    print(f"simulated lists ({people} people, seed {seed}, {len(records)} records, "
          f"{len(true_pairs)} same-person record pairs):")
    print(f"  phonetic_key(sort_tokens=True) puts {same_block / len(true_pairs):.3f} of them in one block"
          f" ({len(candidate)} candidate pairs in {len(blocks)} blocks)")
    print(f"  name_similarity >= {threshold}: recall {found_any / len(true_pairs):.3f} over all "
          f"same-person pairs; precision within blocks {tp / max(tp + fp, 1):.3f} "
          f"(same name, different people: the name alone cannot separate namesakes)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--by-kind", action="store_true", help="share correct per kind of pair")
    parser.add_argument("--simulated", action="store_true", help="also score simulated lists")
    args = parser.parse_args()
    dev, held = load(DEV), load(HELDOUT)
    dev_labels = [y for *_, y, _ in dev]
    base_threshold = best_threshold([baseline(a, b) for a, b, *_ in dev], dev_labels)
    print(f"command: python benchmarks/names_accuracy.py --threshold {args.threshold}")
    print(f"{'part':<10}{'pairs':>6}  {'method':<34}{'thr':>5}{'prec':>7}{'recall':>8}{'F1':>7}")
    print("(positives: dev {:.0%}, held-out {:.0%})".format(
        sum(dev_labels) / len(dev), sum(y for *_, y, _ in held) / len(held)))
    for part, rows in (("dev", dev), ("held-out", held)):
        labels = [y for *_, y, _ in rows]
        ours = [name_similarity(a, b) for a, b, *_ in rows]
        base = [baseline(a, b) for a, b, *_ in rows]
        for method, scores, thr in (
            ("sabt.names.name_similarity", ours, args.threshold),
            ("baseline Jaro-Winkler, raw strings", base, args.threshold),
            ("baseline, its best dev threshold", base, base_threshold),
        ):
            p, r, f = metrics(scores, labels, thr)
            print(f"{part:<10}{len(rows):>6}  {method:<34}{thr:>5.2f}{p:>7.3f}{r:>8.3f}{f:>7.3f}")
    if args.by_kind:
        for part, rows in (("dev", dev), ("held-out", held)):
            groups: dict[str, list[int]] = {}
            for a, b, y, kind in rows:
                variation = kind.split(":", 1)[1]
                label = ("neg " + variation.split("+")[0].replace("neg-", "")) if not y else (
                    "pos " + ("typo" if "typo" in variation else "no typo"))
                for key in (label, "script " + kind.split(":")[0] + (" pos" if y else " neg")):
                    ok = (name_similarity(a, b) >= args.threshold) == bool(y)
                    groups.setdefault(key, []).append(int(ok))
            print(f"{part}: share correct by kind")
            for key in sorted(groups):
                print(f"  {key:<34}{len(groups[key]):>5}{sum(groups[key]) / len(groups[key]):>8.3f}")
    if args.errors:
        for a, b, y, kind in dev:
            c = compare_names(a, b)
            if (c.score >= args.threshold) != bool(y):
                print(f"{'FP' if not y else 'FN'} {c.score:.3f} {kind:<40} {a} | {b} | {c.reason}")
    if args.simulated:
        simulated(args.threshold)
    if args.speed:
        speed()


if __name__ == "__main__":
    main()
