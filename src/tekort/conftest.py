"""Fixtures for the Django apps' tests.

The test database of every run (SQLite or PostgreSQL) starts as a copy of the starting database
(``tekort.tests.database_cache``): the real register imported from the official files, so that
tests see thousands of real locations, built once per change of the source; each test runs in a
transaction that is rolled back. Browser tests (marker e2e, a separate run) flush their database
after each test, so they load what they need themselves.
"""

import os
from contextlib import contextmanager

import pytest

from conftest import find_shared_data_dir
from tekort.tests import database_cache

IMPORT_REPORTS: list = []
COMPUTED_ROUNDS: dict = {}

# A test that asks for none of these (and is not marked django_db) cannot reach the database:
# pytest-django refuses it. Its result is the same on SQLite and on PostgreSQL, so the PostgreSQL
# run (``TEKORT_DATABASE_TESTS_ONLY=1``, set by ``make test-postgres``) leaves it to the SQLite
# run, unless it is a sweep, which runs on PostgreSQL only.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
        "admin_user",
        "admin_client",
    }
)


def touches_database(item) -> bool:
    """Whether the test may use the database: a django_db mark or a database fixture."""
    if item.get_closest_marker("django_db") is not None:
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    if os.environ.get("TEKORT_DATABASE_TESTS_ONLY") != "1":
        return
    # the sweeps run in this run only (not on SQLite): every one of them stays
    keep = [i for i in items if touches_database(i) or i.get_closest_marker("sweep") is not None]
    if len(keep) < len(items):
        kept = {id(item) for item in keep}
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        items[:] = keep


def uses_starting_database(request) -> bool:
    """Whether this run starts from the cached starting database (every run but the browser
    tests': they flush their database after each test and load what they need themselves)."""
    return request.config.getoption("markexpr") != "e2e"


@pytest.fixture(scope="session")
def starting_database(request):
    """The starting database of this run's database kind (``tekort.tests.database_cache``):
    the register imported and the demo rounds computed, built once per change of the source."""
    from django.conf import settings

    return database_cache.ensure(settings.DATABASES["default"], find_shared_data_dir())


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """On PostgreSQL each worker's test database is a copy of the starting database's template."""
    if not uses_starting_database(request):
        return
    from django.conf import settings

    start = request.getfixturevalue("starting_database")
    if start.template:
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = start.template


@pytest.fixture(scope="session")
def django_db_use_migrations(request) -> bool:
    """The starting database holds the migrated schema (and the migrations' data): the test
    database gets only the tables, at once, before the starting database replaces them."""
    if uses_starting_database(request):
        return False
    return not request.config.getvalue("nomigrations")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    if not uses_starting_database(request):
        return
    from django.db import connection

    start = request.getfixturevalue("starting_database")
    with django_db_blocker.unblock():
        if start.vendor == "sqlite":
            database_cache.restore_sqlite(start, connection)
        built = start.load()
    IMPORT_REPORTS[:] = built["import_reports"]
    COMPUTED_ROUNDS.update(built["rounds"])


# The small register (tekort.tests.small_register): the default for demo rounds and estimate
# runs; a test that needs the whole country (a national total, an area elsewhere) is marked
# ``real_register``.


def wants_real_register(node) -> bool:
    return node.get_closest_marker("real_register") is not None


@contextmanager
def module_transaction(django_db_blocker):
    """A transaction around the rest of a test module, rolled back when the module ends.

    A module-scoped fixture writes its data inside it once; every later test of the module
    sees that data, each in a savepoint of its own (the ``db`` fixture's transaction nests),
    so what a test changes is rolled back after it. Use it where every test of the module
    wants the data: a test that needs an empty database belongs in another module."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def import_reports(django_db_setup) -> dict:
    """The report of each official file's first import, keyed by the file name."""
    return {report.source.rsplit("/", 1)[-1]: report for report in IMPORT_REPORTS}


@pytest.fixture(scope="session")
def computed_rounds(django_db_setup):
    """The two demo rounds' runs on the small register (``database_cache.compute_rounds``)."""
    return COMPUTED_ROUNDS["small"]


@pytest.fixture(scope="session")
def computed_rounds_real(django_db_setup):
    """The two demo rounds' runs on the whole register, for a test marked ``real_register`` (a
    national figure, an area outside the small one)."""
    return COMPUTED_ROUNDS["real"]


def rounds_for(request) -> list:
    """The computed rounds the asking test or module wants: the whole register's where it is
    marked ``real_register``, else the small register's."""
    real = wants_real_register(request.node)
    return request.getfixturevalue("computed_rounds_real" if real else "computed_rounds")


def replay(computed):
    """One computed round's run, stored again (unpublished) in the current test's database."""
    from tekort.estimates.models import EstimateCell, EstimateRegionTables, EstimateRun
    from tekort.submissions.models import Round

    round_fields, run_fields, cells, regions = computed
    round_, _ = Round.objects.get_or_create(
        peildatum=round_fields["peildatum"], defaults=round_fields
    )
    run = EstimateRun.objects.create(round=round_, **run_fields)
    EstimateCell.objects.bulk_create([EstimateCell(run=run, **c) for c in cells], batch_size=2000)
    EstimateRegionTables.objects.bulk_create([EstimateRegionTables(run=run, **r) for r in regions])
    return run


@pytest.fixture
def estimate_runs(request, db):
    """The two rounds' estimate runs (earlier, latest), unpublished (``rounds_for``)."""
    return [replay(c) for c in rounds_for(request)]


def publish_both(runs):
    """Both rounds published, the earlier first (provisional: they are demo rounds, and demo
    figures are never final); returns the releases (earlier, latest)."""
    from tekort.publications.publishing import publish

    earlier, latest = runs
    return publish(earlier, note="Eerdere ronde"), publish(latest, note="Eerste publicatie")


@pytest.fixture
def published_world(estimate_runs):
    """Both replayed demo rounds published, with an empty page cache before and after."""
    from django.core.cache import cache

    cache.clear()
    yield publish_both(estimate_runs)
    cache.clear()
