"""Factories for the tests of estimate runs (rounds come from the submissions' factories)."""

from tekort.estimates.models import EstimateRun


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
