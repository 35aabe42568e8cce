"""Import throughput: sabt's list import beside sqlite3's own `.import` of the same file.

    python benchmarks/import_list.py --rows 1000000 [--postgres postgresql://sabt:sabt@127.0.0.1:5432/postgres]

sabt reads, decodes, validates and normalises every field (digits, Arabic letter forms, Solar
Hijri dates, places through the gazetteer), keeps each row as read, and writes in one
transaction; `.import` only copies text. The ratio of the two, measured in the same run, is the
figure (absolute times on a shared 2-core machine are noisy). With --postgres, the same import
into PostgreSQL beside psql's `\\copy` of the same file.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

CITIES = ["Tehran", "Karaj", "Ahvaz", "Ahwaz", "Mashhad", "Esfahan", "Isfahan", "Shiraz", "Tabriz",
          "Kermanshah", "Rasht", "Zahedan", "Ilam", "Sanandaj", "تهران", "اهواز", "کرمانشاه", "مشهد"]
GIVEN = ["Mohammad", "Ali", "Reza", "Hossein", "Mehdi", "Sara", "Zahra", "Maryam", "Amir", "Nima",
         "محمد", "علي", "زهرا", "حسين", "مريم", "رضا"]
FAMILY = ["Ahmadi", "Rezaei", "Karimi", "Hosseini", "Moradi", "Jafari", "Rahimi", "Kazemi",
          "احمدی", "رضايي", "كريمي", "حسینی", "مرادی"]


def make_list(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "father_name", "age", "sex", "date_of_death", "city", "status"])
        for i in range(rows):
            day = rng.randint(1, 31)
            date = f"2026-01-{day:02d}" if rng.random() < 0.6 else f"۱۴۰۴/۱۰/{min(day, 30):02d}".translate(
                str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
            writer.writerow([
                f"R{i}", f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", rng.choice(GIVEN),
                str(rng.randint(12, 80)) if rng.random() < 0.9 else "", rng.choice("mfMF"), date,
                rng.choice(CITIES), "killed",
            ])


def time_sqlite_import(csv_path: Path, workdir: Path) -> float:
    db = workdir / "plain.sqlite"
    start = time.perf_counter()
    subprocess.run(["sqlite3", str(db), ".mode csv", f".import {csv_path} records"], check=True)
    return time.perf_counter() - start


def time_sabt_import(db: str, csv_path: Path, key_file: Path) -> float:
    from sabt.case import Case
    from sabt.ingest import import_list
    from sabt.settings import Settings

    case = Case.init(Settings.for_db(db, key_file=key_file))
    start = time.perf_counter()
    summary = import_list(case, csv_path, "bench")
    elapsed = time.perf_counter() - start
    case.close()
    assert summary.rows_added > 0
    return elapsed


def time_psql_copy(url: str, csv_path: Path) -> float:
    sql = "create table plain_records (id text, name text, father_name text, age text, sex text, date_of_death text, city text, status text)"
    subprocess.run(["psql", "-q", url, "-c", sql], check=True)
    start = time.perf_counter()
    subprocess.run(["psql", "-q", url, "-c", f"\\copy plain_records from '{csv_path}' csv header"], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="postgresql:// URL of a server where databases may be created")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sabt-bench-"))
    try:
        csv_path = workdir / "list.csv"
        make_list(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"list: {args.rows:,} rows, {size_mb:.0f} MB")
        plain = time_sqlite_import(csv_path, workdir)
        ours = time_sabt_import(str(workdir / "case.sabt"), csv_path, workdir / "k.key")
        print(f"sqlite3 .import : {args.rows / plain:>10,.0f} rows/s ({plain:.1f} s)")
        print(f"sabt → SQLite   : {args.rows / ours:>10,.0f} rows/s ({ours:.1f} s)  ratio {ours / plain:.2f}× .import's time")
        if args.postgres:
            import psycopg

            base = args.postgres.rsplit("/", 1)[0]
            names = [f"sabt_bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
            with psycopg.connect(args.postgres, autocommit=True) as connection:
                for name in names:
                    connection.execute(f'create database "{name}"')
            try:
                copy = time_psql_copy(f"{base}/{names[0]}", csv_path)
                ours_pg = time_sabt_import(f"{base}/{names[1]}", csv_path, workdir / "k.key")
                print(f"psql \\copy      : {args.rows / copy:>10,.0f} rows/s ({copy:.1f} s)")
                print(f"sabt → Postgres : {args.rows / ours_pg:>10,.0f} rows/s ({ours_pg:.1f} s)  ratio {ours_pg / copy:.2f}× \\copy's time, {ours_pg / plain:.2f}× sqlite3 .import's")
            finally:
                with psycopg.connect(args.postgres, autocommit=True) as connection:
                    for name in names:
                        connection.execute(f'drop database if exists "{name}" with (force)')
        print("reproduce: python benchmarks/import_list.py " + " ".join(sys.argv[1:]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
