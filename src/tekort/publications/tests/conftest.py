"""A published release of the real register: demo registrations → estimate run → publication.

The estimates are computed once per test session (demo.generate, run_estimates with 50
bootstrap replicates, inside a transaction that is rolled back) and replayed into each test's
database as the same EstimateRun, EstimateCell and EstimateRegionTables rows (the region view's
tables the run computed with its estimates); each test then publishes them with the one write
path, so every test starts from a real release without paying for the estimation. The demo
registrations are rolled back with the rest: a test sees the run's inputs only through what
the run stored.
"""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from tekort.estimates.models import EstimateCell, EstimateRegionTables, EstimateRun
from tekort.estimates.run import run_estimates
from tekort.publications.publishing import publish
from tekort.submissions import demo
from tekort.submissions.models import Round

RUN_FIELDS = ("method_version", "inputs_fingerprint", "seed", "n_bootstrap", "breakdowns")
RUN_FIELDS += ("status", "results_fingerprint", "n_frame", "n_responding")


@pytest.fixture(scope="session")
def computed_rounds(django_db_setup, django_db_blocker):
    """[(round fields, run fields, [cell fields], [region tables fields])] of the last two demo
    rounds, computed once."""
    out = []
    with django_db_blocker.unblock(), transaction.atomic():
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


def replay(computed) -> EstimateRun:
    round_fields, run_fields, cells, regions = computed
    round_, _ = Round.objects.get_or_create(
        peildatum=round_fields["peildatum"], defaults=round_fields
    )
    run = EstimateRun.objects.create(round=round_, **run_fields)
    EstimateCell.objects.bulk_create([EstimateCell(run=run, **c) for c in cells], batch_size=2000)
    EstimateRegionTables.objects.bulk_create([EstimateRegionTables(run=run, **r) for r in regions])
    return run


@pytest.fixture
def estimate_runs(db, computed_rounds):
    """The two rounds' estimate runs (earlier, latest), unpublished."""
    return [replay(c) for c in computed_rounds]


@pytest.fixture
def release(estimate_runs):
    """The latest round published, after the round before it (both provisional: they are demo
    rounds, and demo figures are never final)."""
    earlier, latest = estimate_runs
    publish(earlier, note="Eerdere ronde")
    return publish(latest, note="Eerste publicatie")


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Pages are cached per publication state; a rolled-back test must not leave its pages."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
