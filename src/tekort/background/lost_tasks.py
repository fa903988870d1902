"""Tasks lost with their worker: RUNNING on a worker that stopped beating, failed visibly.

django-tasks' database worker records which worker claimed a task (``worker_ids``, the last
one is the current) and when (``started_at``), but keeps no heartbeat: a worker killed during a
task leaves it RUNNING forever and no other worker takes it. ``run_worker`` adds the heartbeat;
a task RUNNING for more than LOST_AFTER_SECONDS on a worker whose heartbeat is older than
LOST_AFTER_SECONDS (or absent: a plain ``db_worker``, which tekort does not use) is lost.

Failing it sends django-tasks' ``task_finished`` signal, as a worker does for a failed task, so
that each app settles its own records (the estimate run, the upload): see the receivers in
``tekort.estimates.recovery`` and ``tekort.submissions.upload.recovery``.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from tekort.background.models import WorkerHeartbeat

LOST_AFTER_SECONDS = settings.TEKORT_WORKER_LOST_SECONDS  # a minute by default
FORGET_WORKERS_AFTER = timedelta(days=1)
MESSAGE = (
    "Worker {worker} stopped beating at {seen} while running this task (killed, crashed or its "
    "machine gone); failed by the scheduler at {now}, after more than {bound} s without a "
    "heartbeat."
)
logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The exception class recorded on a task failed because its worker died."""


def lost_tasks(now=None) -> list[DBTaskResult]:
    now = now or timezone.now()
    bound = now - timedelta(seconds=LOST_AFTER_SECONDS)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=bound).values_list("worker_id", flat=True)
    )
    running = DBTaskResult.objects.running().filter(started_at__lt=bound)
    return [task for task in running if not task.worker_ids or task.worker_ids[-1] not in alive]


def fail_lost_tasks(now=None) -> list[DBTaskResult]:
    """Fail every lost task (once, even with two schedulers) and tell the apps; returns the failed tasks."""
    now = now or timezone.now()
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    failed = []
    for task in lost_tasks(now):
        worker = task.worker_ids[-1] if task.worker_ids else "?"
        text = MESSAGE.format(
            worker=worker,
            seen=seen[worker].isoformat() if worker in seen else "never",
            now=now.isoformat(),
            bound=LOST_AFTER_SECONDS,
        )
        claimed = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, worker_ids=task.worker_ids
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=text,
        )
        if not claimed:
            continue
        task.refresh_from_db()
        logger.error("task %s (%s) lost: %s", task.pk, task.task_path, text)
        failed.append(task)
        try:
            result = task.task_result
        except (ImportError, SuspiciousOperation):  # no such task any more: nothing to settle
            continue
        task_finished.send(sender=DatabaseBackend, task_result=result)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return failed
