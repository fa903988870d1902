"""Starting tekort's production processes on loopback, for the topology and load tests and for
``bench/deadline.py``: a copy of a PostgreSQL database, the environment of a production process
(DEBUG off, plain HTTP), gunicorn with ``gunicorn.conf.py``, the task worker and the scheduler.

Plain functions and one small class, no pytest: the bench script uses them too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg

from tekort.conf.env import REPO_ROOT

PY = sys.executable
MANAGE = str(REPO_ROOT / "src" / "manage.py")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SECRET_KEY = "topology-test-secret-key-" + "x" * 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    """The status of a GET on loopback; 0 when nothing listens (yet) or no answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, TimeoutError):  # not listening (yet), or too busy
        return 0


def wait_until(condition, timeout: float, step: float = 0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {timeout} s: {condition.__doc__ or condition}")


def database_url(params: dict, name: str) -> str:
    """The URL of database ``name`` on the server of ``params`` (psycopg's connection
    parameters); the user and password quoted, so ``@``, ``/`` or ``:`` in them stay theirs."""
    user, host, port = (
        quote(params.get("user", ""), safe=""),
        params.get("host", ""),
        params.get("port", ""),
    )
    password = f":{quote(params['password'], safe='')}" if params.get("password") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}"


def server_params(params: dict) -> dict:
    """Connection parameters of the server's maintenance database ``postgres``."""
    return {**{k: v for k, v in params.items() if k != "dbname"}, "dbname": "postgres"}


@contextmanager
def maintenance_connection(params: dict):
    """An autocommit connection to the server's maintenance database (``server_params``)."""
    with psycopg.connect(**server_params(params), autocommit=True) as server:
        yield server


def copy_database(params: dict, template: str, name: str) -> None:
    """(Re)create ``name`` as a copy of ``template`` (CREATE DATABASE … TEMPLATE)."""
    with maintenance_connection(params) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def narrow_database(url: str) -> None:
    """Narrow the database at ``url`` (a copy of a test database) to the small register
    (``tekort.tests.small_register``): the tests whose production commands generate demo
    registrations and estimate a round need processes and a release, not the country. A process
    of its own does it: a test's ``available_apps`` hides the register's relations in this one."""
    subprocess.run(  # noqa: S603 (our own command)
        [
            PY,
            MANAGE,
            "shell",
            "-c",
            "from tekort.tests.small_register import narrow_register; narrow_register()",
        ],  # fmt: skip
        env=production_env(url),
        check=True,
        capture_output=True,
        timeout=300,
    )


def drop_database(params: dict, name: str) -> None:
    with maintenance_connection(params) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def static_root() -> Path:
    """Where this test process's production processes collect their static files: one folder
    per pytest-xdist worker, so that two topologies never rewrite each other's manifest while
    their gunicorns read it."""
    return REPO_ROOT / "var" / f"static-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


_COLLECTED: set[str] = set()


def collect_static(env: dict) -> None:
    """``collectstatic`` into the static folder of ``env`` (``TEKORT_STATIC_ROOT``), once per
    test process: the files do not change during a run, and collecting them (the manifest,
    the compressed copies) took several seconds for every production site a test started."""
    root = env.get("TEKORT_STATIC_ROOT") or str(static_root())
    if root in _COLLECTED:
        return
    subprocess.run(  # noqa: S603 (our own command)
        [PY, MANAGE, "collectstatic", "--noinput", "-v0"],
        env={**env, "TEKORT_STATIC_ROOT": root},
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    _COLLECTED.add(root)


def production_env(url: str, **extra: str) -> dict:
    """The environment of a production process on loopback against the database ``url``; the
    shared cache is Redis when REDIS_URL is set in this process's environment."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tekort.conf.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "TEKORT_HTTPS": "false",  # plain HTTP on loopback
        # its own keys in a Redis shared with other runs (one run's publication state must not
        # be read by another's processes)
        "TEKORT_CACHE_PREFIX": f"tekort-topology-{os.getpid()}-{time.time_ns()}",
        "TEKORT_STATIC_ROOT": str(static_root()),
        **extra,
    }


class Processes:
    """The processes started against one environment; ``stop`` ends them (terminate, then kill)."""

    def __init__(self, env: dict, log: Path):
        self.env = env
        self.log = log.open("ab")
        self.started: list[subprocess.Popen] = []

    def manage(self, *args: str, check: bool = True, timeout: float = 120):
        return subprocess.run(  # noqa: S603 (our own commands)
            [PY, MANAGE, *args],
            env=self.env,
            check=check,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *command: str, **extra_env: str) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command,
            env={**self.env, **extra_env},
            stdout=self.log,
            stderr=self.log,
            cwd=REPO_ROOT,
        )
        self.started.append(process)
        return process

    def gunicorn(self, port: int, workers: int, timeout: int = 60) -> str:
        """gunicorn with the production configuration (gunicorn.conf.py); returns its base URL.
        The static files are collected first, once per test process (``collect_static``)."""
        collect_static(self.env)
        self.start(
            GUNICORN,
            "--config",
            str(REPO_ROOT / "gunicorn.conf.py"),
            "--chdir",
            str(REPO_ROOT / "src"),
            TEKORT_WEB_BIND=f"127.0.0.1:{port}",
            TEKORT_WEB_WORKERS=str(workers),
            TEKORT_WEB_TIMEOUT=str(timeout),
        )
        return f"http://127.0.0.1:{port}"

    def worker(self, *args: str) -> subprocess.Popen:
        return self.start(PY, MANAGE, "run_worker", "--no-startup-delay", *args)

    def scheduler(self, *args: str) -> subprocess.Popen:
        return self.start(PY, MANAGE, "run_scheduler", *args)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()


@contextmanager
def test_database_copy(suffix: str, *, small: bool = False):
    """A copy of the current (PostgreSQL) test database, the register imported (the small
    register where ``small``: ``narrow_database``), as ``(connection parameters, database
    URL)``; dropped afterwards. Use it inside ``django_db_blocker.unblock()``: Django's
    connections are closed first (the template must have no sessions)."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        raise RuntimeError("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    params = connection.get_connection_params()
    template = connection.settings_dict["NAME"]
    name = f"{template}_{suffix}"[:63]
    connections.close_all()
    copy_database(params, template, name)
    if small:
        narrow_database(database_url(params, name))
    try:
        yield {**params, "dbname": name}, database_url(params, name)
    finally:
        drop_database(params, name)
