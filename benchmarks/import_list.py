"""Import throughput: sabt's list import beside sqlite3's own `.import` of the same file.

    python benchmarks/import_list.py --rows 100000 1000000 10000000 [--postgres postgresql://sabt:sabt@127.0.0.1:5432/postgres]

For each size, a synthetic list (Latin and Persian names, Gregorian and Solar Hijri dates with
Persian digits, cities in several spellings) is written with DuckDB, then imported twice, each
in a child process: by `sqlite3 DB .import` and by `sabt import list` (the command a user runs,
start-up and progress bar included). sabt reads, decodes, validates and normalises every field,
keeps each row as read, fills the name search and the indexes, and writes in one transaction;
`.import` only copies text into a table without indexes. The ratio of the two wall times,
measured in the same run, is the figure (absolute times on a shared 2-core machine are noisy:
the load average is printed, and the CPU time of each child beside its wall time). Peak memory
is each child's resident-set high-water mark, as GNU time reports it (``%M``). With --postgres, the
same import into PostgreSQL (COPY) beside psql's `\\copy` of the same file.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

TIME = "/usr/bin/time"  # GNU time (Debian's package "time")
CITIES = ["Tehran", "Karaj", "Ahvaz", "Ahwaz", "Mashhad", "Esfahan", "Isfahan", "Shiraz", "Tabriz",
          "Kermanshah", "Rasht", "Zahedan", "Ilam", "Sanandaj", "تهران", "اهواز", "کرمانشاه", "مشهد"]
GIVEN = ["Mohammad", "Ali", "Reza", "Hossein", "Mehdi", "Sara", "Zahra", "Maryam", "Amir", "Nima",
         "محمد", "علي", "زهرا", "حسين", "مريم", "رضا"]
FAMILY = ["Ahmadi", "Rezaei", "Karimi", "Hosseini", "Moradi", "Jafari", "Rahimi", "Kazemi",
          "احمدی", "رضايي", "كريمي", "حسینی", "مرادی"]


def make_list(path: Path, rows: int, seed: int = 1) -> None:
    """The list as CSV, written by DuckDB in one statement (ten million rows in seconds)."""
    import duckdb

    def pick(options: list[str], salt: int) -> str:
        quoted = ", ".join("'" + o.replace("'", "''") + "'" for o in options)
        return f"[{quoted}][(1 + hash(i, {seed * 100 + salt}) % {len(options)})::BIGINT]"

    def chance(salt: int) -> str:
        return f"(hash(i, {seed * 100 + salt}) % 1000) / 1000.0"

    day = f"(1 + hash(i, {seed * 100 + 7}) % 31)::BIGINT"
    query = f"""
        COPY (SELECT 'R' || i AS id, {pick(GIVEN, 1)} || ' ' || {pick(FAMILY, 2)} AS name, {pick(GIVEN, 3)} AS father_name,
                     CASE WHEN {chance(4)} < 0.9 THEN (12 + hash(i, {seed * 100 + 5}) % 69)::BIGINT::VARCHAR ELSE '' END AS age,
                     {pick(list("mfMF"), 6)} AS sex,
                     CASE WHEN {chance(8)} < 0.6 THEN '2026-01-' || lpad({day}::VARCHAR, 2, '0')
                          ELSE translate('1404/10/' || lpad(least({day}, 30)::VARCHAR, 2, '0'), '0123456789', '۰۱۲۳۴۵۶۷۸۹')
                     END AS date_of_death,
                     {pick(CITIES, 9)} AS city, 'killed' AS status
              FROM range({rows}) AS t(i))
        TO '{path}' (HEADER, DELIMITER ',')"""
    connection = duckdb.connect()
    connection.execute("SET threads = 2")
    connection.execute(query)
    connection.close()


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    command: list[str]


def run_child(command: list[str], env: dict | None = None) -> Run:
    """Run ``command`` to its end under GNU time: wall time, CPU time and the resident-set
    high-water mark of the command alone (a child forked from this Python would start with
    this process's memory counted in)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as measured, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.run([TIME, "-f", "%M %U %S", "-o", measured.name, *command], env=env,
                                 stdout=subprocess.DEVNULL, stderr=errors)
        wall = time.perf_counter() - start
        if process.returncode:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{shlex.join(command)} failed ({process.returncode}):\n{tail}")
        peak_kb, user, system = measured.read().split()[-3:]
    return Run(wall, float(user) + float(system), int(peak_kb) / 1024, command)


def sqlite_import(csv_path: Path, workdir: Path) -> Run:
    db = workdir / "plain.sqlite"
    db.unlink(missing_ok=True)
    return run_child(["sqlite3", str(db), ".mode csv", f".import {csv_path} records"])


def sabt_import(db: str, csv_path: Path, env: dict) -> Run:
    sabt = [sys.executable, "-m", "sabt.cli"]
    subprocess.run(sabt + ["init", db], check=True, env=env, stdout=subprocess.DEVNULL)
    return run_child(sabt + ["import", "list", str(csv_path), "--db", db, "--source", "bench"], env=env)


def psql_copy(url: str, csv_path: Path) -> Run:
    sql = ("create table plain_records (id text, name text, father_name text, age text, sex text, "
           "date_of_death text, city text, status text)")
    subprocess.run(["psql", "-q", url, "-c", sql], check=True)
    return run_child(["psql", "-q", url, "-c", f"\\copy plain_records from '{csv_path}' csv header"])


def line(label: str, rows: int, run: Run, beside: Run | None = None, peer: str = "") -> str:
    text = (f"{label:<16}: {rows / run.wall:>10,.0f} rows/s  wall {run.wall:7.1f} s  cpu {run.cpu:7.1f} s  "
            f"peak {run.peak_mb:7.0f} MB")
    if beside is not None:
        text += f"  ratio {run.wall / beside.wall:.2f}× {peer}'s wall time ({run.cpu / beside.cpu:.2f}× its cpu)"
    return text


def bench(rows: int, workdir: Path, env: dict, postgres: str | None) -> None:
    csv_path = workdir / f"list-{rows}.csv"
    make_list(csv_path, rows)
    print(f"list: {rows:,} rows, {csv_path.stat().st_size / 1e6:,.0f} MB; load average {os.getloadavg()[0]:.1f}",
          flush=True)
    plain = sqlite_import(csv_path, workdir)
    print(line("sqlite3 .import", rows, plain), flush=True)
    db = workdir / f"case-{rows}.sabt"
    ours = sabt_import(str(db), csv_path, env)
    print(line("sabt → SQLite", rows, ours, plain, ".import"), flush=True)
    print(f"  child: {shlex.join(ours.command)}", flush=True)
    for path in workdir.glob(f"case-{rows}.sabt*"):
        path.unlink()
    (workdir / "plain.sqlite").unlink(missing_ok=True)
    if postgres:
        import psycopg

        base = postgres.rsplit("/", 1)[0]
        names = [f"sabt_bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
        with psycopg.connect(postgres, autocommit=True) as connection:
            for name in names:
                connection.execute(f'create database "{name}"')
        try:
            copy = psql_copy(f"{base}/{names[0]}", csv_path)
            print(line("psql \\copy", rows, copy), flush=True)
            ours_pg = sabt_import(f"{base}/{names[1]}", csv_path, env)
            print(line("sabt → Postgres", rows, ours_pg, copy, "\\copy"), flush=True)
        finally:
            with psycopg.connect(postgres, autocommit=True) as connection:
                for name in names:
                    connection.execute(f'drop database if exists "{name}" with (force)')
    csv_path.unlink()
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--postgres", help="postgresql:// URL of a server where databases may be created")
    parser.add_argument("--workdir", type=Path, help="where the lists and cases go (default: a temporary folder)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="sabt-bench-", dir=args.workdir))
    env = dict(os.environ, SABT_KEY_FILE=str(workdir / "bench.key"), NO_COLOR="1")
    print("reproduce: python benchmarks/import_list.py " + shlex.join(sys.argv[1:]), flush=True)
    try:
        for rows in args.rows:
            bench(rows, workdir, env, args.postgres)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
