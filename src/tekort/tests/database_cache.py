"""The Django tests' starting database, built once per change of what it is made from.

Every Django test starts from the real register imported from the official files, and the
tests that need estimates replay the two demo rounds' runs, computed on the small and on the
whole register (``tekort.conftest``). Building that (the migrations, the register's import,
the demo rounds estimated) took each pytest process about a minute on the CI machine, and
every xdist worker of every run did it again.

Here it is built once per *fingerprint* of its inputs (the source except the test modules,
the lock file, the reference files) and kept in ``var/test-cache/``:

- SQLite: a database file, copied into each worker's in-memory test database with SQLite's
  backup API;
- PostgreSQL: a template database on the test server (``tekort_tpl_…``), from which each
  worker's test database is created (``CREATE DATABASE … TEMPLATE``);
- beside either, a pickle of what the build returned: the import reports and the computed
  demo rounds.

A change to any input gives a new fingerprint, so a stale start is never used; this checkout's
previous copies are then removed. ``make test`` builds both before the test runs, the two at
once (``python -m tekort.tests.database_cache``, for the ``DATABASE_URL`` it is given); a pytest
run that finds none builds it in a process of its own, one worker at a time (a file lock), and
the other workers wait for it.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql

from tekort.conf.env import REPO_ROOT
from tekort.tests.topology import database_url, drop_database, maintenance_connection

CACHE_DIR = REPO_ROOT / "var" / "test-cache"
RUN_FIELDS = ("method_version", "inputs_fingerprint", "seed", "n_bootstrap", "breakdowns")
RUN_FIELDS += ("status", "results_fingerprint", "n_frame", "n_responding")
# Files below src/ that cannot change what the build makes.
NOT_INPUTS = ("static", "templates", "locale", "__pycache__", "e2e")


def fingerprint(data_dir: Path, root: Path = REPO_ROOT) -> str:
    """What the starting database is made from, hashed: every source file below ``src/``
    except test modules, static files and templates; the test lock file (the libraries'
    versions); the reference files (path, size and modification time); Python and SQLite."""
    digest = hashlib.sha256()
    for path in sorted((root / "src").rglob("*")):
        relative = path.relative_to(root)
        if (
            not path.is_file()
            or path.name.startswith("test_")
            or path.suffix in (".pyc", ".mo")
            or any(part in NOT_INPUTS for part in relative.parts)
        ):
            continue
        digest.update(f"{relative}\0".encode())
        digest.update(path.read_bytes())
    digest.update((root / "requirements" / "test.txt").read_bytes())
    data_dir = Path(data_dir).resolve()
    digest.update(f"{data_dir}\0".encode())
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(
                f"{path.relative_to(data_dir)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode()
            )
    digest.update(f"{sys.version}\0{sqlite3.sqlite_version}".encode())
    return digest.hexdigest()[:24]


@dataclass(frozen=True)
class Start:
    """Where one database kind's starting database is kept, for one fingerprint."""

    vendor: str  # "sqlite" or "postgresql"
    key: str
    database: dict  # the test server's Django settings (PostgreSQL: its connection)

    @property
    def results(self) -> Path:
        return CACHE_DIR / f"{self.vendor}-{self.key}.pickle"

    @property
    def sqlite_file(self) -> Path:
        return CACHE_DIR / f"sqlite-{self.key}.sqlite3"

    @property
    def template(self) -> str | None:
        """The PostgreSQL template's name: one per fingerprint and checkout."""
        if self.vendor != "postgresql":
            return None
        checkout = hashlib.sha256(f"{self.key}{REPO_ROOT}".encode()).hexdigest()[:16]
        return f"tekort_tpl_{checkout}"

    def is_built(self) -> bool:
        if not self.results.exists():
            return False
        if self.vendor == "sqlite":
            return self.sqlite_file.exists()
        with maintenance_connection(_params(self.database)) as server:
            found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.template])
            return found.fetchone() is not None

    def load(self) -> dict:
        """What the build returned: ``{"import_reports": [...], "rounds": {"small": [...],
        "real": [...]}}`` (``compute_rounds``)."""
        with self.results.open("rb") as file:
            return pickle.load(file)  # noqa: S301 (our own file, from _build_here)


def start_for(database: dict, data_dir: Path) -> Start:
    vendor = "postgresql" if "postgresql" in database["ENGINE"] else "sqlite"
    if vendor == "sqlite" and "sqlite" not in database["ENGINE"]:
        raise RuntimeError(f"no starting database for {database['ENGINE']}")
    return Start(vendor, fingerprint(data_dir), database)


def _params(database: dict) -> dict:
    """psycopg's connection parameters for the test server of Django's ``database`` settings."""
    params = {
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
    }
    return {key: value for key, value in params.items() if value}


@contextmanager
def _lock(vendor: str):
    """One builder at a time per database kind, across the processes of this checkout."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with (CACHE_DIR / f"{vendor}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure(database: dict, data_dir: Path) -> Start:
    """The starting database for ``database``'s kind, built first where this fingerprint has
    none (in a process of its own; another process that wants it meanwhile waits)."""
    start = start_for(database, data_dir)
    if start.is_built():
        return start
    with _lock(start.vendor):
        if not start.is_built():  # built by another process while this one waited
            _build(start, data_dir)
    return start


def _build(start: Start, data_dir: Path) -> None:
    partial = start.results.with_name(start.results.name + ".part")
    if start.vendor == "sqlite":
        target = start.sqlite_file.with_name(start.sqlite_file.name + ".part")
        target.unlink(missing_ok=True)
        url = f"sqlite:///{target}"
    else:
        target = f"{start.template}_part"
        drop_database(_params(start.database), target)
        with maintenance_connection(_params(start.database)) as server:
            server.execute(f'CREATE DATABASE "{target}"')
        url = database_url(_params(start.database), target)
    log = CACHE_DIR / f"{start.vendor}-build.log"
    with log.open("w") as output:
        built = subprocess.run(  # noqa: S603 (our own module)
            [sys.executable, "-m", "tekort.tests.database_cache", "--build-into", str(partial)],
            env={
                **os.environ,
                "DATABASE_URL": url,
                "DJANGO_SETTINGS_MODULE": "tekort.conf.test",
                "TEKORT_DATA_DIR": str(data_dir),
            },
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )
    if built.returncode != 0:
        raise RuntimeError(
            f"the tests' starting database ({start.vendor}) could not be built; its output, "
            f"from {log}:\n{log.read_text()[-6000:]}"
        )
    if start.vendor == "sqlite":
        os.replace(target, start.sqlite_file)
    else:
        drop_database(_params(start.database), start.template)
        with maintenance_connection(_params(start.database)) as server:
            server.execute(f'ALTER DATABASE "{target}" RENAME TO "{start.template}"')
            # the checkout it serves: a later build drops it once that checkout is gone
            server.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(start.template), sql.Literal(str(REPO_ROOT))
                )
            )
    os.replace(partial, start.results)
    _remove_older(start)


def _remove_older(start: Start) -> None:
    """The copies for earlier fingerprints: this checkout's files, and the templates on the
    server of this checkout or of a checkout that no longer exists (a CI clone)."""
    for path in CACHE_DIR.glob(f"{start.vendor}-*"):
        if start.key not in path.name and not path.name.endswith("-build.log"):
            path.unlink(missing_ok=True)
    if start.vendor != "postgresql":
        return
    with maintenance_connection(_params(start.database)) as server:
        templates = server.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname LIKE 'tekort\\_tpl\\_%%' AND datname <> %s",
            [start.template],
        ).fetchall()
    for name, checkout in templates:
        if checkout == str(REPO_ROOT) or not checkout or not Path(checkout).exists():
            drop_database(_params(start.database), name)


def restore_sqlite(start: Start, connection) -> None:
    """Copy the SQLite starting database into ``connection``'s (the worker's test database):
    the same pages, so the same rows, keys and sequences as building it there."""
    from django.contrib.contenttypes.models import ContentType

    connection.ensure_connection()
    source = sqlite3.connect(start.sqlite_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    ContentType.objects.clear_cache()


def compute_rounds(small: bool) -> list:
    """[(round fields, run fields, [cell fields], [region tables fields])] of the last two demo
    rounds: demo.generate, run_estimates with 50 bootstrap replicates, inside a transaction that
    is rolled back (a test sees the run's inputs only through what the run stored); on the small
    register (``narrow_register``) or on the whole one."""
    from django.db import transaction
    from django.forms.models import model_to_dict

    from tekort.estimates.models import EstimateCell
    from tekort.estimates.run import run_estimates
    from tekort.submissions import demo
    from tekort.submissions.models import Round
    from tekort.tests.small_register import narrow_register

    out = []
    with transaction.atomic():
        if small:
            narrow_register()
        demo.generate(seed=11)
        for round_ in Round.objects.order_by("-peildatum")[:2][::-1]:
            run = run_estimates(round_, seed=1, n_bootstrap=50)
            cells = [
                model_to_dict(c, exclude=["id", "run"])
                for c in EstimateCell.objects.filter(run=run)
            ]
            regions = list(run.region_tables.values("onderwijsregio_id", "tables", "audit"))
            round_fields = model_to_dict(round_, exclude=["id", "question_set"])
            out.append((round_fields, {f: getattr(run, f) for f in RUN_FIELDS}, cells, regions))
        transaction.set_rollback(True)
    return out


def _build_here(results: Path) -> None:
    """In the builder's own process (``DATABASE_URL`` names the empty database to fill): the
    migrations, the register and the onderwijsregio's, then both demo rounds' runs."""
    import django

    django.setup()
    from django.core.management import call_command

    from tekort.registry.importers.registry import import_all

    call_command("migrate", verbosity=0)
    reports = import_all()
    call_command("import_onderwijsregios", provisional_demo=True, verbosity=0)
    rounds = {"small": compute_rounds(small=True), "real": compute_rounds(small=False)}
    with results.open("wb") as file:
        pickle.dump({"import_reports": reports, "rounds": rounds}, file)


def main(argv: list[str]) -> None:
    """``python -m tekort.tests.database_cache``: build the starting database for
    ``DATABASE_URL`` (SQLite by default) unless this fingerprint has one."""
    if argv[:1] == ["--build-into"]:
        _build_here(Path(argv[1]))
        return
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.test")
    django.setup()
    from django.conf import settings

    database = settings.DATABASES["default"]
    kind = "PostgreSQL" if "postgresql" in database["ENGINE"] else "SQLite"
    started = time.monotonic()
    reused = start_for(database, settings.TEKORT_DATA_DIR).is_built()
    start = ensure(database, settings.TEKORT_DATA_DIR)
    done = "reused" if reused else f"built in {time.monotonic() - started:.0f} s"
    print(f"the tests' starting database ({kind}, {start.key}): {done}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
