"""Benchmark of the web app: p50/p95 latency of list, search and detail pages and API calls at
50 concurrent clients, against a case with 100,000 persons (and their records) and 20,000 claims,
on SQLite and on PostgreSQL.

    python benchmarks/web.py                                   # both backends, the defaults
    python benchmarks/web.py --backends sqlite --requests 500

The server runs in its own process (uvicorn, as ``sabt serve`` runs it; ``--workers N`` as
``sabt serve --workers N`` does) on a free loopback port; this process is the load:
``--clients`` concurrent HTTP/1.1 connections, each sending its next request as soon as the
last one is answered, ``--requests`` requests per endpoint (bounded — it never runs open-ended). Pages are requested with a login session, API
calls with a Bearer token, both as an *analyst*: the costlier role, since every protected
identity shown is unsealed and its reading written to the audit log. 5% of persons and records
are protected. Prints its figures and the command line that reproduces them. Everything lives
in a temporary folder (and a temporary PostgreSQL database) removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PASSWORD = "benchmark password"
GIVEN = ["Ali", "Reza", "Mohammad", "Hossein", "Mehdi", "Zahra", "Fatemeh", "Maryam", "Sara", "Nasrin", "Hamid",
         "Omid", "Kian", "Shirin", "Parisa", "Javad", "Navid", "Arash", "Leila", "Mina"]
FAMILY = ["Rezaei", "Mohammadi", "Hosseini", "Ahmadi", "Karimi", "Rahimi", "Moradi", "Jafari", "Ghasemi", "Sadeghi",
          "Heidari", "Kazemi", "Azizi", "Rostami", "Bagheri", "Amini", "Sharifi", "Najafi", "Ebrahimi", "Yousefi"]
PROVINCES = [f"IR-{n:02d}" for n in range(1, 32)]
STATUSES = ("reported", "under_investigation", "confirmed", "disputed", "refuted")
METRICS = ("killed", "injured", "arrested", "detained", "disappeared", "executed")


# -- building the case ------------------------------------------------------------------------
def build_case(db: str, key_file: Path, persons: int, claims: int, seed: int = 7) -> dict:
    from sabt.case import Case
    from sabt.settings import Settings
    from sabt.store import models
    from sabt.store.bulk import bulk_insert
    from sabt.web import auth

    rng = random.Random(seed)
    case = Case.init(Settings.for_db(db, key_file=key_file))
    key = case.key
    now = dt.datetime.now(dt.timezone.utc)
    start = dt.date(2026, 1, 1)
    with case.engine.begin() as connection:
        sources = [(f"list-{i}", f"Organisation {i}", "list", "BCD"[i % 3], now) for i in range(10)]
        bulk_insert(connection, models.Source.__table__, ["id", "name", "kind", "reliability", "created_at"], sources)
        bulk_insert(connection, models.ImportBatch.__table__,
                    ["id", "source_id", "file_name", "file_sha256", "file_format", "rows_read", "rows_added", "created_at"],
                    [(1, "list-0", "synthetic.csv", "0" * 64, "csv", persons, persons, now)])
        claim_rows = []
        for i in range(claims):
            low = rng.randint(1, 5000)
            claim_rows.append((i + 1, sources[i % 10][0], rng.choice(METRICS), low, low + rng.randint(0, 500),
                               start + dt.timedelta(days=rng.randint(0, 60)), rng.choice(STATUSES),
                               rng.choice(PROVINCES), f"Organisation {i % 10} reports {low} in {rng.choice(PROVINCES)}",
                               "B", rng.randint(1, 6), False, "unreviewed", now))
        bulk_insert(connection, models.Claim.__table__,
                    ["id", "source_id", "metric", "best", "high", "as_of", "status", "place_text", "quote",
                     "reliability", "credibility", "superseded", "review", "created_at"], claim_rows)
        person_rows, record_rows, names = [], [], []
        for i in range(persons):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}"
            names.append(name)
            protected = i % 20 == 0
            death = start + dt.timedelta(days=rng.randint(0, 60))
            province, age = rng.choice(PROVINCES), rng.randint(12, 80)
            person_sealed = key.seal({"name": name, "name_latin": name, "father_name": None}, "persons") if protected else None
            record_sealed = key.seal({"name": name, "raw": {"name": name}}, "records") if protected else None
            person_rows.append((i + 1, protected, None if protected else name, person_sealed, "m" if i % 2 else "f",
                                age, death, "killed", province, now))
            record_rows.append((i + 1, 1, sources[i % 10][0], f"R-{i}", i + 2, f"{i:064x}", protected, record_sealed,
                                None if protected else name, key.blind_index(name.lower()) if protected else None,
                                age, death, "killed", province, False, i + 1, now))
        bulk_insert(connection, models.Person.__table__,
                    ["id", "protected", "name", "sealed", "sex", "age", "date_of_death", "status", "province_code",
                     "created_at"], person_rows)
        bulk_insert(connection, models.Record.__table__,
                    ["id", "import_id", "source_id", "source_record_id", "row_number", "row_sha256", "protected", "sealed",
                     "name", "name_index", "age", "date_of_death", "status", "province_code", "superseded",
                     "person_id", "created_at"], record_rows)
    if case.engine.dialect.name == "postgresql":
        with case.engine.connect() as connection:
            for table in ("claims", "persons", "records"):
                connection.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                           f"(SELECT max(id) FROM {table}))")
            connection.commit()
        with case.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with case.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    auth.add_user(case, "analyst", "analyst", PASSWORD)
    token = auth.issue_token(case, "analyst", 1)
    case.close()
    protected_names = [names[i] for i in range(0, persons, 20)]
    plain_names = [names[i] for i in range(persons) if i % 20]
    return {"token": token, "protected_names": protected_names, "plain_names": plain_names,
            "persons": persons, "claims": claims}


# -- the server process ------------------------------------------------------------------------
def serve(db: str, key_file: str, port: int, log: str, workers: int) -> None:
    from sabt.cli.serve import run_server

    os.environ["SABT_KEY_FILE"] = key_file
    run_server(db, "127.0.0.1", port, Path(log), True, workers)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, key_file: Path, folder: Path, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve", db, "--key", str(key_file), "--port", str(port),
                                "--log", str(folder / "server.log"), "--workers", str(workers)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, base
        except OSError:
            if process.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start in 60 s")


# -- the load ---------------------------------------------------------------------------------
def endpoints(data: dict, rng: random.Random) -> dict:
    persons, claims = data["persons"], data["claims"]
    pages_p = persons // 25
    return {
        "page: persons list": ("page", lambda: f"/persons?page={rng.randint(1, pages_p)}"),
        "page: claims list, filtered": ("page", lambda: f"/claims?status={rng.choice(STATUSES)}&source=list-{rng.randint(0, 9)}"
                                                         f"&page={rng.randint(1, 5)}"),
        "page: person search (name)": ("page", lambda: "/persons?q=" + rng.choice(data["plain_names"]).replace(" ", "+")),
        "page: person search (protected)": ("page", lambda: "/persons?q=" + rng.choice(data["protected_names"]).replace(" ", "+")),
        "page: person detail": ("page", lambda: f"/persons/{rng.randint(1, persons)}"),
        "page: claim detail": ("page", lambda: f"/claims/{rng.randint(1, claims)}"),
        "api: persons list": ("api", lambda: f"/api/persons?page={rng.randint(1, pages_p)}"),
        "api: claims list, filtered": ("api", lambda: f"/api/claims?metric={rng.choice(METRICS)}&place=IR-{rng.randint(1, 31):02d}"),
        "api: record search": ("api", lambda: "/api/records?q=" + rng.choice(data["plain_names"]).replace(" ", "+")),
        "api: person detail": ("api", lambda: f"/api/persons/{rng.randint(1, persons)}"),
        "api: claim detail": ("api", lambda: f"/api/claims/{rng.randint(1, claims)}"),
    }


class Connection:
    """A lean keep-alive HTTP/1.1 client on one socket, so the load costs little CPU beside the
    server it measures (an httpx client at 50 connections saturated a core on its own)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}"] + [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        body = await self.reader.readexactly(length)
        if re.search(rb"(?i)connection: *close", head):
            self.writer.close()
            self.reader = self.writer = None
        return status, body


def login_cookie(base: str) -> str:
    """Sign in once through the login form; every client then uses that session."""
    import httpx

    with httpx.Client(base_url=base, follow_redirects=False) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post("/login", data={"username": "analyst", "password": PASSWORD, "csrf_token": token})
        if response.status_code != 303:
            raise SystemExit(f"login failed: {response.status_code}")
        return response.cookies["sabt_session"]


async def run_load(base: str, data: dict, clients: int, requests: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    host, port = base.rsplit("//", 1)[1].split(":")
    cookie = {"Cookie": f"sabt_session={login_cookie(base)}"}
    bearer = {"Authorization": f"Bearer {data['token']}"}
    connections = [Connection(host, int(port)) for _ in range(clients)]
    for connection in connections:                 # open every connection and warm the server up
        await connection.get("/persons", cookie)
    results = {}
    for name, (kind, make) in endpoints(data, rng).items():
        queue = iter([make() for _ in range(requests)])
        latencies, statuses = [], {}
        headers = bearer if kind == "api" else cookie

        async def worker(connection):
            for path in queue:
                started = time.perf_counter()
                status, _body = await connection.get(path, headers)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1
        started = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in connections))
        elapsed = time.perf_counter() - started
        latencies.sort()
        results[name] = {"p50": statistics.median(latencies), "p95": latencies[int(0.95 * (len(latencies) - 1))],
                         "max": latencies[-1], "rps": len(latencies) / elapsed, "statuses": statuses}
    for connection in connections:
        if connection.writer is not None:
            connection.writer.close()
    return results


# -- the run ------------------------------------------------------------------------------------
def pg_admin(url: str, statement: str) -> None:
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def one_backend(backend: str, args, folder: Path) -> dict:
    key_file = folder / f"{backend}.key"
    if backend == "sqlite":
        db, cleanup = str(folder / "bench.sabt"), None
    else:
        name = f"sabt_bench_{uuid.uuid4().hex[:8]}"
        pg_admin(args.pg, f'CREATE DATABASE "{name}"')
        db = args.pg.rsplit("/", 1)[0] + "/" + name
        cleanup = lambda: pg_admin(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # noqa: E731
    try:
        started = time.perf_counter()
        data = build_case(db, key_file, args.persons, args.claims)
        print(f"[{backend}] built {args.persons:,} persons + records and {args.claims:,} claims "
              f"in {time.perf_counter() - started:.0f} s", flush=True)
        process, base = start_server(db, key_file, folder, args.workers)
        try:
            results = asyncio.run(run_load(base, data, args.clients, args.requests))
        finally:
            process.terminate()
            process.wait(timeout=30)
        return results
    finally:
        if cleanup:
            cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg", default=os.environ.get("SABT_BENCH_PG", "postgresql://sabt:sabt@127.0.0.1:5432/sabt_test"),
                        help="a PostgreSQL URL whose user may create databases (a temporary one is made and dropped)")
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--workers", type=int, default=1, help="server processes (sabt serve --workers)")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.key, args.port, args.log, args.workers)
        return
    folder = Path(tempfile.mkdtemp(prefix="sabt-web-bench-"))
    all_results = {}
    try:
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            all_results[backend] = one_backend(backend, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(f"sabt web benchmark — {args.clients} concurrent clients, {args.requests} requests per endpoint, "
          f"{args.workers} server process{'es' if args.workers > 1 else ''}, "
          f"{args.persons:,} persons, {args.claims:,} claims; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    for backend, results in all_results.items():
        print(f"\n{backend}:")
        print(f"  {'endpoint':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>8}  statuses")
        for name, r in results.items():
            flag = "" if r["p95"] < 200 else "  (p95 over 200 ms)"
            print(f"  {name:<34} {r['p50']:8.1f} {r['p95']:8.1f} {r['max']:8.1f} {r['rps']:8.1f}  {r['statuses']}{flag}")
    command = [Path(sys.executable).name, "benchmarks/web.py", "--backends", args.backends, "--persons", str(args.persons),
               "--claims", str(args.claims), "--clients", str(args.clients), "--requests", str(args.requests),
               "--workers", str(args.workers)]
    print("\nreproduce with:", shlex.join(command))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    main()
