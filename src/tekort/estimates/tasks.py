"""Estimating a round in the background (django-tasks); progress is kept on the EstimateRun."""

from django.contrib.auth import get_user_model
from django_tasks import task

from tekort.estimates.run import run_estimates
from tekort.submissions.models import Round


@task(takes_context=True)
def estimate_round_task(
    context, round_id: int, seed: int, n_bootstrap: int, user_id: int | None
) -> int:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    run = run_estimates(
        Round.objects.get(pk=round_id),
        seed=seed,
        n_bootstrap=n_bootstrap,
        user=user,
        task_id=str(context.task_result.id),  # the run a lost task leaves is found by it
    )
    return run.pk
