"""The backup of docs/operations.md, done: pg_dump -Fc → pg_restore into a new database.

On a copy of the test database (the real register) the demo registrations are estimated and
published; then the database is dumped in PostgreSQL's custom format, restored into a fresh
database, and compared with the original: every published release has the same fingerprint
(``manage.py release_fingerprints``, a hash of its stored rows), every table the same number of
rows, and the site, started on the restored database, answers. Both databases are dropped
afterwards. Marker ``topology`` (gunicorn on PostgreSQL): `make test-redis`.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections
from psycopg import sql

from tekort.conf.env import REPO_ROOT
from tekort.tests import topology
from tekort.tests.topology import free_port, get, narrow_database, static_root, wait_until

pytestmark = [
    pytest.mark.topology,
    pytest.mark.django_db(transaction=True, available_apps=["django.contrib.sessions"]),
]
PY = sys.executable
MANAGE = str(REPO_ROOT / "src" / "manage.py")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def url_of(params: dict, name: str) -> str:
    password = f":{params['password']}" if params.get("password") else ""
    return f"postgres://{params.get('user', '')}{password}@{params['host']}:{params['port']}/{name}"


def libpq_env(params: dict) -> dict:
    """The server for pg_dump and pg_restore, as libpq environment variables."""
    env = {"PGHOST": params["host"], "PGPORT": str(params["port"]), "PGUSER": params["user"]}
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return env


def table_counts(params: dict, name: str) -> dict[str, int]:
    with psycopg.connect(**{**params, "dbname": name}, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "select tablename from pg_tables where schemaname = 'public' order by tablename"
            )
        ]
        count = sql.SQL("select count(*) from {}")
        return {t: conn.execute(count.format(sql.Identifier(t))).fetchone()[0] for t in tables}


@pytest.fixture
def databases(django_db_setup, django_db_blocker):
    """(server parameters, source name, restored name): the source a copy of the test database."""
    if connection.vendor != "postgresql":
        pytest.fail("the backup test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    params = connection.get_connection_params()
    template = connection.settings_dict["NAME"]
    source, restored = f"{template}_backup"[:63], f"{template}_restored"[:63]
    with django_db_blocker.unblock():
        connections.close_all()
    admin = {**params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as server:
        for name in (source, restored):
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{source}" TEMPLATE "{template}"')
    narrow_database(url_of(params, source))  # a release and every table, not the country
    yield params, source, restored
    with psycopg.connect(**admin, autocommit=True) as server:
        for name in (source, restored):
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        left = server.execute(
            "select count(*) from pg_database where datname in (%s, %s)", [source, restored]
        ).fetchone()[0]
    assert left == 0


def test_dump_restore_keeps_every_release_and_row(databases, tmp_path):
    started = time.monotonic()
    params, source, restored = databases
    for tool in ("pg_dump", "pg_restore"):
        assert shutil.which(tool), f"{tool} missing: install postgresql-client"
    base_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "tekort.conf.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "backup-test-secret-key-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "TEKORT_HTTPS": "false",
        # its own static folder and cache keys beside other topology tests (topology.py)
        "TEKORT_STATIC_ROOT": str(static_root()),
        "TEKORT_CACHE_PREFIX": f"tekort-backup-{os.getpid()}",
    }

    def manage(name: str, *args) -> str:
        env = {**base_env, "DATABASE_URL": url_of(params, name)}
        return subprocess.run(  # noqa: S603 (our own commands)
            [PY, MANAGE, *args], env=env, check=True, capture_output=True, text=True, timeout=300
        ).stdout

    # A database with published figures: demo registrations, an estimate, a release.
    manage(source, "generate_demo", "--seed", "7")
    with psycopg.connect(**{**params, "dbname": source}) as conn:
        peildatum = conn.execute("select max(peildatum) from submissions_round").fetchone()[0]
    manage(source, "estimate_round", "--peildatum", peildatum.isoformat(), "--bootstrap", "0")
    manage(source, "publish_release", "--peildatum", peildatum.isoformat())
    before = manage(source, "release_fingerprints")
    counts_before = table_counts(params, source)

    # The backup and the restore, as docs/operations.md prescribes.
    dump = tmp_path / "tekort.dump"
    tools_env = {**os.environ, **libpq_env(params)}
    subprocess.run(  # noqa: S603
        ["pg_dump", "-Fc", "--no-owner", "-f", str(dump), source],  # noqa: S607
        env=tools_env, check=True, timeout=300,
    )  # fmt: skip
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{restored}" TEMPLATE template0')
    subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump)],  # noqa: S607
        env=tools_env, check=True, timeout=300,
    )  # fmt: skip

    after = manage(restored, "release_fingerprints")
    counts_after = table_counts(params, restored)
    releases = before.splitlines()
    assert len(releases) == 1 and int(releases[0].split()[1]) > 0, before
    assert after == before
    assert counts_after == counts_before
    assert counts_before["publications_releasecell"] == int(releases[0].split()[1])

    # The site answers on the restored database.
    port = free_port()
    env = {**base_env, "DATABASE_URL": url_of(params, restored)}
    topology.collect_static(env)
    log = (tmp_path / "web.log").open("ab")
    web = subprocess.Popen(  # noqa: S603
        [GUNICORN, "tekort.wsgi", "--chdir", "src", "--workers", "1",
         "--bind", f"127.0.0.1:{port}"],
        env=env, cwd=REPO_ROOT, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        site = f"http://127.0.0.1:{port}"
        wait_until(lambda: get(f"{site}/gezondheid/") == 200, 30)
        pages = {url: get(site + url) for url in ("/cijfers/", "/cijfers.json", "/scholen/")}
    finally:
        web.terminate()
        web.wait(timeout=10)
    log.close()
    errors = (tmp_path / "web.log").read_text()[-3000:]
    assert pages == {"/cijfers/": 200, "/cijfers.json": 200, "/scholen/": 200}, errors
    print(
        f"\nbackup: {dump.stat().st_size / 1e6:.1f} MB dump, {len(counts_before)} tables, "
        f"{sum(counts_before.values())} rows equal after restore; release fingerprints equal:\n"
        f"{after.strip()}\n{time.monotonic() - started:.0f} s"
    )
