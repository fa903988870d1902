"""A short deadline day in CI (issue 17): the load of ``bench/deadline.py`` at 20 + 20 users.

The production setup on a copy of the PostgreSQL test database (the real register; no release,
whose estimate would not fit the time of a CI test, so the release pages answer 404 as they do
before a first publication and the readers also search schools): gunicorn with gunicorn.conf.py (3 workers), one task worker
and the scheduler; Redis as the shared cache when REDIS_URL is set (`make test-redis` sets it).
For 15 s, 10 school users submit the location form, 5 boards upload CSV and XLSX files through the
web (checked and imported by the worker) and 5 post files to the token API, while 20 anonymous
readers load the dashboard, table tool, map, the table download and the school search. Afterwards every
acknowledged submission is in the database exactly once, with its version and its audit record;
no request got a server error. Marker ``topology``. The full run is ``bench/deadline.py``.
"""

import time
from pathlib import Path

import psycopg
import pytest

from tekort.tests import deadline_day, topology

pytestmark = [
    pytest.mark.topology,
    pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"]),
]
USERS, READERS, SECONDS = 20, 20, 15


@pytest.fixture
def production(django_db_setup, django_db_blocker, tmp_path: Path):
    with django_db_blocker.unblock(), topology.test_database_copy("deadline") as (params, url):
        env = topology.production_env(url, TEKORT_PROXY_COUNT="1")
        processes = topology.Processes(env, tmp_path / "processes.log")
        try:
            yield params, processes
        finally:
            processes.stop()


def test_a_short_deadline_day_loses_nothing(production):
    started = time.monotonic()
    params, processes = production
    topology.collect_static(processes.env)
    plan = deadline_day.plan_from(
        processes.manage(
            "shell",
            "-c",
            "from tekort.tests.deadline_day import seed_main; seed_main(10, 5, 5)",
        ).stdout  # fmt: skip
    )
    base = processes.gunicorn(topology.free_port(), workers=3)
    processes.worker()
    processes.scheduler()
    topology.wait_until(lambda: topology.get(f"{base}/gereed/") == 200, 60)
    # without a release the release pages answer 404 (nothing published yet), the search 200
    before = {kind: topology.get(base + path) for kind, path in deadline_day.READER_PAGES.items()}
    assert before == {**dict.fromkeys(deadline_day.READER_PAGES, 404), "school search": 200}
    set_up = time.monotonic() - started

    record = deadline_day.run(base, plan, READERS, SECONDS, think=0.5, grace=30)
    with psycopg.connect(**params) as conn:
        found = deadline_day.check(conn, plan, record)
    lines = deadline_day.report(record, found)
    print("\n" + "\n".join(lines) + f"\nset-up {set_up:.0f} s, {time.monotonic() - started:.0f} s")

    assert (found.lost, found.duplicated) == ([], [])
    assert found.acknowledged == found.found
    assert record.server_errors() == 0, lines
    assert record.failures == [] and record.refused == [] and record.pending == 0, lines
    # every kind of submission was acknowledged, every kind of page read
    kinds = {kind for *_, kind in record.upload_acks}
    assert record.form_acks and kinds == {"web", "api"}
    # under load every page gave the answer it gave before: no error, no refusal
    assert {kind: set(record.statuses[kind]) for kind in before} == {
        kind: {status} for kind, status in before.items()
    }, lines
