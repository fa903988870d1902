"""Bench: a deadline day on loopback against the production setup on PostgreSQL (issue 17).

gunicorn with gunicorn.conf.py (3 workers), one task worker and the scheduler, Redis as the shared
cache when one answers (REDIS_URL, else redis://127.0.0.1:6379/14, emptied first). Signed-in
users submit for ``--seconds``: half through the location form, a quarter as boards uploading
through the web (CSV and XLSX in turn: the worker checks, the user confirms, the worker imports),
a quarter as boards posting files to the token API; meanwhile ``--readers`` anonymous readers load
the dashboard, table tool, map, table download and school search. Afterwards every acknowledged submission is
looked up: exactly once, with its version and its audit record (tekort/tests/deadline_day.py).

The database: ``tekort_bench_template`` is made once (migrate + prepare_demo_site: the real
register, demo registrations and releases; a few minutes) and kept between runs (``--rebuild``
makes it again); every run works on a fresh copy ``tekort_bench`` with its own users and round.

Run:  .venv/bin/python bench/deadline.py                      (200 + 200 users, 60 s)
      .venv/bin/python bench/deadline.py --users 20 --readers 20 --seconds 15
      BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 (the server; this is the default)
Prints throughput and p50/p95/p99 per kind of request; the figure is the last line; exit 1 when
an acknowledged submission is lost or duplicated (or none was acknowledged).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

TEMPLATE = "tekort_bench_template"
DATABASE = "tekort_bench"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200, help="signed-in submitters")
    parser.add_argument("--readers", type=int, default=200, help="anonymous readers")
    parser.add_argument("--seconds", type=float, default=60, help="how long users keep starting")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--grace", type=float, default=120, help="for uploads still in progress")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--rebuild", action="store_true", help="make the template database again")
    return parser.parse_args()


def server_params() -> dict:
    import psycopg

    url = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    info = psycopg.conninfo.conninfo_to_dict(url + "/postgres")
    return {k: v for k, v in info.items() if k != "dbname"}


def redis_url() -> str:
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()
    except redis.RedisError:
        return ""
    if "REDIS_URL" not in os.environ:
        client.flushdb()  # our own database number: no cached pages of an earlier run
    return url


def exists(params: dict, name: str) -> bool:
    import psycopg

    with psycopg.connect(**params, dbname="postgres", autocommit=True) as server:
        return bool(server.execute("select 1 from pg_database where datname=%s", [name]).fetchone())


def build_template(params: dict, log: Path) -> None:
    """migrate + prepare_demo_site into a database that becomes the template only when done."""
    import psycopg

    from tekort.tests import topology

    building = f"{TEMPLATE}_building"
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        server.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{building}"')
    processes = topology.Processes(
        topology.production_env(topology.database_url(params, building)), log
    )
    started = time.monotonic()
    print(f"making {TEMPLATE} (once; migrate + prepare_demo_site) …", flush=True)
    processes.manage("migrate", "--noinput", "-v0", timeout=1800)
    processes.manage("prepare_demo_site", "--bootstrap", "20", timeout=3600)
    processes.stop()
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as server:
        server.execute(f'ALTER DATABASE "{building}" RENAME TO "{TEMPLATE}"')
    print(f"{TEMPLATE} made in {time.monotonic() - started:.0f} s", flush=True)


def main() -> int:
    import psycopg

    from tekort.tests import deadline_day, topology

    args = arguments()
    params = server_params()
    log = Path(tempfile.mkdtemp(prefix="deadline-")) / "processes.log"
    if args.rebuild or not exists(params, TEMPLATE):
        build_template(params, log)
    topology.copy_database(params, TEMPLATE, DATABASE)
    redis = redis_url()
    extra = {"TEKORT_PROXY_COUNT": "1", **({"REDIS_URL": redis} if redis else {})}
    env = topology.production_env(topology.database_url(params, DATABASE), **extra)
    if not redis:
        env.pop("REDIS_URL", None)
    processes = topology.Processes(env, log)
    form = args.users // 2
    web = args.users // 4
    api = args.users - form - web
    try:
        processes.manage("collectstatic", "--noinput", "-v0")
        output = processes.manage(
            "shell", "-c",
            f"from tekort.tests.deadline_day import seed_main; seed_main({form}, {web}, {api})",
        ).stdout  # fmt: skip
        plan = deadline_day.plan_from(output)
        base = processes.gunicorn(topology.free_port(), args.workers)
        processes.worker()
        processes.scheduler()
        topology.wait_until(lambda: topology.get(f"{base}/gereed/") == 200, 180)
        for kind, path in deadline_day.READER_PAGES.items():
            status = topology.get(base + path)
            if status != 200:
                print(f"warning: {kind} {path} answers {status} before the load")
        print(
            f"deadline day: {form} form users, {web} web-upload boards, {api} API boards, "
            f"{args.readers} readers, {args.seconds:.0f} s, gunicorn {args.workers} workers, "
            f"redis={'yes' if redis else 'no'}; log {log}",
            flush=True,
        )
        record = deadline_day.run(
            base, plan, args.readers, args.seconds, think=args.think, grace=args.grace
        )
    finally:
        processes.stop()
    with psycopg.connect(**params, dbname=DATABASE) as conn:
        found = deadline_day.check(conn, plan, record)
    for line in deadline_day.report(record, found):
        print(line)
    requests = sum(len(v) for k, v in record.timings.items() if "file to imported" not in k)
    submit_p95 = {
        kind: deadline_day.percentile(record.timings[kind], 95)
        for kind in ("form POST", "API upload POST", "dashboard")
        if record.timings.get(kind)
    }
    ok = found.acknowledged > 0 and not found.lost and not found.duplicated
    print(
        f"deadline {args.users}+{args.readers} users {args.seconds:.0f} s: acknowledged "
        f"{found.acknowledged}, found {found.found} (lost {len(found.lost)}, duplicated "
        f"{len(found.duplicated)}), server errors {record.server_errors()}, "
        f"{requests / record.elapsed:.1f} req/s, p95 "
        + ", ".join(f"{k} {v:.2f} s" for k, v in submit_p95.items())
        + (" OK" if ok else " FAILED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
