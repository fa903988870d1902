"""The run of an estimate task that failed without failing its run: its worker died.

A task that raises fails its run itself (``run_estimates``); a worker killed during the run
cannot. When the scheduler fails such a lost task (``tekort.background.lost_tasks``), django-tasks'
``task_finished`` signal arrives here and the run is marked failed with the reason, so that the
analyst sees it and starts it again.
"""

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext, override
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from tekort.estimates.models import EstimateRun


@receiver(task_finished, dispatch_uid="estimates-fail-run-of-failed-task")
def fail_run_of_failed_task(sender, task_result, **kwargs) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    runs = EstimateRun.objects.filter(
        task_id=str(task_result.id), status=EstimateRun.Status.RUNNING
    )
    if not runs.exists():
        return
    error = task_result.errors[-1].traceback if task_result.errors else ""
    with override("nl"):
        reason = gettext(
            "The background worker stopped during this run (killed or crashed); nothing of it "
            "was saved. Start the run again."
        )
    runs.update(
        status=EstimateRun.Status.FAILED,
        progress=reason,
        error=f"{reason}\n{error}".strip(),
        finished_at=timezone.now(),
    )
