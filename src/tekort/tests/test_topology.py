"""The real topology on loopback (issue 18): two gunicorn processes, a worker and the scheduler
against PostgreSQL (and Redis when REDIS_URL is set), in production mode (DEBUG off).

* a release published by another process shows on both web processes within the bound
  (at once with Redis; within the publication state's 5 s without it);
* a worker killed during an estimate: its task and its run end failed, with the reason;
* every database connection terminated by the server: the next requests get no 500.

It works on a copy of the test database (the real register), made with CREATE DATABASE …
TEMPLATE, so the test database itself is left as it was. Marker ``topology``: run by
`make test-postgres`, deselected on SQLite. The figures are printed (``-s`` shows them).
"""

import os
import signal
import subprocess
import time

import psycopg
import pytest
from django.db import connection

from tekort.conf.env import REPO_ROOT
from tekort.tests import topology
from tekort.tests.topology import (
    GUNICORN,
    MANAGE,
    PY,
    collect_static,
    free_port,
    get,
    production_env,
    wait_until,
)

pytestmark = [
    pytest.mark.topology,
    # the test database must exist (it is the template); nothing of it is changed
    pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"]),
]
STATE_SECONDS = 5  # tekort.publications.frozen.STATE_SECONDS
LOST_SECONDS = 3  # TEKORT_WORKER_LOST_SECONDS in this test (60 in production)


@pytest.fixture
def topology_db(django_db_setup, django_db_blocker):
    """A copy of the test database on the small register (processes and a release, not the
    country), dropped afterwards."""
    if connection.vendor != "postgresql":
        pytest.fail("the topology test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    with django_db_blocker.unblock(), topology.test_database_copy("topology", small=True) as copy:
        yield copy


@pytest.fixture
def processes():
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
    for process in started:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_two_web_processes_a_worker_and_the_scheduler(topology_db, processes, tmp_path):
    started_at = time.monotonic()
    db_params, database_url = topology_db
    env = production_env(
        database_url,
        TEKORT_WORKER_HEARTBEAT_SECONDS="1",
        TEKORT_WORKER_LOST_SECONDS=str(LOST_SECONDS),
    )
    log = tmp_path / "processes.log"
    out = log.open("ab")

    def manage(*args, check=True):
        return subprocess.run(  # noqa: S603 (our own commands)
            [PY, MANAGE, *args], env=env, check=check, capture_output=True, text=True, timeout=120
        )

    def start(*command):
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command, env=env, stdout=out, stderr=out, cwd=REPO_ROOT
        )
        processes.append(process)
        return process

    def db(sql, args=()):
        with psycopg.connect(**db_params, autocommit=True) as conn:
            return conn.execute(sql, args).fetchall()

    manage("generate_demo", "--seed", "7")
    collect_static(env)
    peildatum = db("select peildatum from submissions_round order by peildatum desc limit 1")[0][0]

    ports = [free_port(), free_port()]
    for port in ports:
        start(GUNICORN, "tekort.wsgi", "--chdir", "src", "--workers", "1",
              "--bind", f"127.0.0.1:{port}", "--timeout", "60")  # fmt: skip
    worker = start(PY, MANAGE, "run_worker", "--no-startup-delay", "--interval", "0.2")
    start(PY, MANAGE, "run_scheduler", "--interval", "0.5")
    one, other = (f"http://127.0.0.1:{port}" for port in ports)
    wait_until(lambda: get(f"{one}/gezondheid/") == 200 and get(f"{other}/gezondheid/") == 200, 30)

    # 1. Publish through another process; both web processes show the release.
    manage("estimate_round", "--peildatum", peildatum.isoformat(), "--bootstrap", "0")
    # both processes answer (and cache) "no release yet" just before the publication
    assert get(f"{one}/cijfers.json") == get(f"{other}/cijfers.json") == 404
    assert get(f"{one}/cijfers/") == get(f"{other}/cijfers/") == 404
    manage("publish_release", "--peildatum", peildatum.isoformat())
    published = time.monotonic()
    lags = {}

    def both_show_it():
        """both web processes show the new release"""
        for base in (other, one):
            if base not in lags and get(f"{base}/cijfers/") == 200:
                lags[base] = time.monotonic() - published
        return len(lags) == 2

    wait_until(both_show_it, STATE_SECONDS + 5, step=0.05)
    lag_other, lag_one = lags[other], lags[one]
    assert max(lags.values()) <= STATE_SECONDS + 1
    assert get(f"{one}/cijfers.json") == get(f"{other}/cijfers.json") == 200

    # 2. Kill the worker during an estimate: the task and its run end failed, with the reason.
    manage(
        "shell",
        "-c",
        "from tekort.estimates.tasks import estimate_round_task as t; "
        f"from tekort.submissions.models import Round; "
        f"t.enqueue(Round.objects.get(peildatum='{peildatum}').pk, 5, 5000, None)",
    )

    def running_run():
        """the estimate run of the task is running"""
        rows = db("select id from estimates_estimaterun where task_id <> '' and status='running'")
        return rows and rows[0][0]

    run_id = wait_until(running_run, 30)
    time.sleep(0.5)
    worker.send_signal(signal.SIGKILL)
    killed = time.monotonic()

    def run_failed():
        """the run of the killed worker is failed"""
        return (
            db("select status, progress from estimates_estimaterun where id=%s", [run_id])[0][0]
            == "failed"
        )

    wait_until(run_failed, 2 * LOST_SECONDS + 10)
    recovered_after = time.monotonic() - killed
    status, progress = db("select status, progress from estimates_estimaterun where id=%s",
                          [run_id])[0]  # fmt: skip
    ((task_status, exception),) = db(
        "select status, exception_class_path from django_tasks_database_dbtaskresult "
        "where id::text = (select task_id from estimates_estimaterun where id=%s)",
        [run_id],
    )
    assert (status, task_status) == ("failed", "FAILED")
    assert exception == "tekort.background.lost_tasks.WorkerLost"
    assert progress.startswith("De achtergrondverwerking stopte tijdens deze berekening")

    # 3. The server drops every connection: the next requests get no 500.
    urls = ["/scholen/?q=amsterdam", "/cijfers/", "/kaart/", "/gereed/"]
    for base in (one, other):
        for url in urls:
            assert get(base + url) == 200, url
    dropped = db(
        "select count(pg_terminate_backend(pid)) from pg_stat_activity "
        "where datname = %s and pid <> pg_backend_pid()",
        [db_params["dbname"]],
    )[0][0]
    statuses = [get(base + url) for _ in range(3) for base in (one, other) for url in urls]
    errors = sum(s >= 500 for s in statuses)
    assert errors == 0, statuses

    elapsed = time.monotonic() - started_at
    print(
        f"\ntopology: publish-to-visible lag {lag_other:.2f} s on the other process "
        f"({lag_one:.2f} s on the first), redis={'REDIS_URL' in os.environ}; "
        f"worker killed mid-estimate: run {run_id} {status} after {recovered_after:.1f} s "
        f"({progress!r}); {dropped} connections terminated, {len(statuses)} requests, "
        f"{errors} errors; {elapsed:.0f} s in all"
    )
