"""Fixtures for the Django apps' tests.

The test database of every run (SQLite or PostgreSQL) is filled once with the real register from
the official files, so that tests see thousands of real locations; each test runs in a transaction
that is rolled back. Browser tests (marker e2e, a separate run) flush their database after each
test, so they load what they need themselves.
"""

import pytest
from django.core.management import call_command

from conftest import find_shared_data_dir

IMPORT_REPORTS: list = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    if request.config.getoption("markexpr") == "e2e":
        return
    from tekort.registry.importers.registry import import_all

    with django_db_blocker.unblock():
        IMPORT_REPORTS[:] = import_all(find_shared_data_dir())
        call_command("import_onderwijsregios", provisional_demo=True, verbosity=0)


@pytest.fixture
def import_reports(django_db_setup) -> dict:
    """The report of each official file's first import, keyed by the file name."""
    return {report.source.rsplit("/", 1)[-1]: report for report in IMPORT_REPORTS}
