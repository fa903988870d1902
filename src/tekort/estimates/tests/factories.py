"""Factories for the tests of estimate runs (rounds come from the submissions' factories)."""

import factory
from django.utils import timezone

from tekort.estimates.models import EstimateRun


class FinishedRunFactory(factory.django.DjangoModelFactory):
    """A finished run without cells: give the round (and what sets it apart from its round's other
    runs: the method, the fingerprints, the seed)."""

    class Meta:
        model = EstimateRun

    method_version = "test"
    inputs_fingerprint = "0" * 64
    seed = 1
    n_bootstrap = 0
    status = EstimateRun.Status.DONE
    finished_at = factory.LazyFunction(timezone.now)


def run_of_task(round_, task_id: str, progress: str) -> EstimateRun:
    """The run of the round that the estimate task ``task_id`` is computing, at ``progress``."""
    return EstimateRun.objects.create(
        round=round_,
        method_version="t",
        seed=1,
        n_bootstrap=0,
        task_id=task_id,
        progress=progress,
    )
