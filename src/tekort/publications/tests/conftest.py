"""A published release of the real register: demo registrations → estimate run → publication.

The estimates are computed once per test session and replayed into each test's database
(``computed_rounds`` and ``estimate_runs`` in ``src/tekort/conftest.py``, shared with the leak
test); each test then publishes them with the one write path, so every test starts from a real
release without paying for the estimation.

A module whose every test can live with that release present publishes it once instead, with
``pytestmark = pytest.mark.usefixtures("module_release")``: its tests then share the release
(each in a savepoint of the module's transaction, so what one changes the next does not see).
"""

import pytest

from tekort.conftest import module_transaction, replay, rounds_for
from tekort.conftest import publish_both as publish_both_rounds
from tekort.publications.models import Release


def publish_both(runs) -> Release:
    """The latest round published, after the round before it; returns the latest release."""
    return publish_both_rounds(runs)[1]


@pytest.fixture(scope="module")
def module_release(request, django_db_setup, django_db_blocker):
    """The release of ``release``, published once for the module (its primary key)."""
    computed_rounds = rounds_for(request)
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            pk = publish_both([replay(computed) for computed in computed_rounds]).pk
        yield pk


@pytest.fixture
def release(request, db):
    """The latest round published, after the round before it: once per module where the
    module asks for ``module_release``, else for this test."""
    if "module_release" in request.fixturenames:
        return Release.objects.get(pk=request.getfixturevalue("module_release"))
    return publish_both(request.getfixturevalue("estimate_runs"))


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Pages are cached per publication state; a rolled-back test must not leave its pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def revised_run(db):
    """``revised_run(run, change)``: a new finished run of the run's round with the run's cells,
    ``change(cell)`` applied to each, as a late correction revises a release."""
    from tekort.estimates.models import EstimateCell, EstimateRun

    def make(run, change) -> EstimateRun:
        copy = EstimateRun.objects.create(
            round=run.round,
            method_version=run.method_version,
            inputs_fingerprint="x" * 64,
            seed=run.seed,
            n_bootstrap=run.n_bootstrap,
            status=EstimateRun.Status.DONE,
            results_fingerprint="y" * 64,
        )
        cells = list(EstimateCell.objects.filter(run=run))
        for c in cells:
            c.pk, c.run = None, copy
            change(c)
        EstimateCell.objects.bulk_create(cells)
        return copy

    return make
