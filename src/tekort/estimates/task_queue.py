"""The estimate tasks not yet finished, as the analyst sees them on the runs page.

A task is queued (waiting for a worker, with its place in the queue) or running (on which
worker, since when, with the progress its run reports). django-tasks' database backend keeps the
tasks in a table of its own; the run of a running task is found by its ``task_id``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tekort.background.lost_tasks import LOST_AFTER_SECONDS
from tekort.background.models import WorkerHeartbeat
from tekort.estimates.models import EstimateRun
from tekort.estimates.tasks import estimate_round_task
from tekort.submissions.models import Round


@dataclass(frozen=True)
class PendingTask:
    id: str
    round: Round | None
    status: str  # "queued" or "running"
    enqueued_at: datetime
    started_at: datetime | None
    place: int | None  # 1 = next; only for a queued task
    worker_alive: bool  # queued: some worker serves its queue; running: its worker beats
    progress: str
    run_id: int | None

    @property
    def status_text(self) -> str:
        if self.status == "running":
            return _("running")
        return _("queued (number %(place)s in the queue)") % {"place": self.place}

    @property
    def since(self) -> str:
        moment = timezone.localtime(self.started_at or self.enqueued_at)
        return date_format(moment, "j F Y H:i:s")

    @property
    def note(self) -> str:
        """Said when no worker is there to do the task."""
        if self.worker_alive:
            return ""
        if self.status == "running":
            return _(
                "Its worker does not respond; the task will be marked failed within a few "
                "minutes if it does not come back."
            )
        return _("No worker is running for this queue: the task waits until one is started.")

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "round": str(self.round) if self.round else "—",
            "status": self.status,
            "status_text": self.status_text,
            "since": self.since,
            "note": self.note,
            "progress": self.progress,
            "run": self.run_id,
        }


def pending_estimate_tasks(now=None) -> list[PendingTask]:
    now = now or timezone.now()
    alive_since = now - timedelta(seconds=LOST_AFTER_SECONDS)
    beats = WorkerHeartbeat.objects.filter(seen_at__gte=alive_since)
    alive_ids = set(beats.values_list("worker_id", flat=True))
    served = {q for queues in beats.values_list("queues", flat=True) for q in queues.split(",")}
    tasks = list(
        DBTaskResult.objects.filter(
            task_path=estimate_round_task.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).order_by("enqueued_at")
    )
    rounds = Round.objects.in_bulk(
        {t.args_kwargs["args"][0] for t in tasks if t.args_kwargs["args"]}
    )
    runs = {
        run.task_id: run
        for run in EstimateRun.objects.filter(task_id__in=[str(t.pk) for t in tasks])
    }
    out = []
    for task in tasks:
        running = task.status == TaskResultStatus.RUNNING
        run = runs.get(str(task.pk))
        place = None
        if not running:
            place = 1 + (
                DBTaskResult.objects.ready()
                .filter(queue_name=task.queue_name, enqueued_at__lt=task.enqueued_at)
                .count()
            )
        args = task.args_kwargs["args"]
        out.append(
            PendingTask(
                id=str(task.pk),
                round=rounds.get(args[0]) if args else None,
                status="running" if running else "queued",
                enqueued_at=task.enqueued_at,
                started_at=task.started_at,
                place=place,
                worker_alive=(
                    bool(task.worker_ids) and task.worker_ids[-1] in alive_ids
                    if running
                    else "*" in served or task.queue_name in served
                ),
                progress=run.progress if run else "",
                run_id=run.pk if run else None,
            )
        )
    return out
