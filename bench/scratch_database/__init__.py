"""A scratch database for the benchmarks that write: DATABASE_URL's database, dropped and made
anew when it is PostgreSQL, or else a new SQLite file in a temporary folder.

A package rather than a module beside the scripts, so that ``make bench`` (every ``bench/*.py``)
does not run it as a benchmark.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def use_scratch_database() -> None:
    """Before Django is set up: tekort on the path, the test settings, and DATABASE_URL or else a
    temporary SQLite file."""
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tekort.conf.test")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"


def migrate_from_scratch() -> None:
    """After Django is set up: the schema on an empty database (a PostgreSQL one is dropped and
    made first)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        _recreate_postgres_database()
    call_command("migrate", verbosity=0)


def _recreate_postgres_database() -> None:
    import psycopg
    from django.db import connection

    name = connection.settings_dict["NAME"]
    params = {k: v for k, v in connection.get_connection_params().items() if k != "dbname"}
    connection.close()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
