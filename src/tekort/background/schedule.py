"""The periodic work of tekort, run by ``manage.py run_scheduler`` (one ``tick`` at a time).

Each job has an interval; its due time is kept in the database (``ScheduledJob``), so a
restarted scheduler neither repeats a daily job nor forgets one, and a job is claimed with one
conditional UPDATE, so that two schedulers run it once. A job that fails is logged and recorded,
and tried again at its next due time; the other jobs run regardless.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tekort.background.lost_tasks import LOST_AFTER_SECONDS, fail_lost_tasks
from tekort.background.models import ScheduledJob

TICK_SECONDS = 15
TASK_RESULTS_KEPT_DAYS = 14
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], str]


def _fail_lost_tasks() -> str:
    return f"{len(fail_lost_tasks())} lost tasks failed"


def _fail_abandoned_uploads() -> str:
    from tekort.submissions.upload.recovery import fail_abandoned_uploads

    return f"{len(fail_abandoned_uploads())} abandoned uploads failed"


def _prune_task_results() -> str:
    """As django-tasks-db's prune_db_task_results, on every queue (that command refuses a
    backend other than the database one, such as the tests' immediate backend)."""
    old = timezone.now() - timedelta(days=TASK_RESULTS_KEPT_DAYS)
    removed, _ = DBTaskResult.objects.finished().filter(finished_at__lt=old).delete()
    return f"{removed} finished task results older than {TASK_RESULTS_KEPT_DAYS} days removed"


def _clear_sessions() -> str:
    call_command("clearsessions", verbosity=0)
    return "expired sessions removed"


def _clean_lockouts() -> str:
    from tekort.accounts.lockout_cleanup import clean

    return clean()


def _send_reminders() -> str:
    if not settings.TEKORT_SITE_URL:
        return "skipped: TEKORT_SITE_URL is not set"
    call_command("send_reminders", site_url=settings.TEKORT_SITE_URL, verbosity=0)
    return "reminders sent for the open rounds"


JOBS: tuple[Job, ...] = (
    Job("fail_lost_tasks", timedelta(seconds=max(1, LOST_AFTER_SECONDS // 2)), _fail_lost_tasks),
    Job(
        "fail_abandoned_uploads",
        timedelta(seconds=max(1, LOST_AFTER_SECONDS // 2)),
        _fail_abandoned_uploads,
    ),
    Job("clear_sessions", timedelta(hours=1), _clear_sessions),
    Job("clean_lockouts", timedelta(hours=1), _clean_lockouts),
    Job("prune_task_results", timedelta(days=1), _prune_task_results),
    Job("send_reminders", timedelta(days=1), _send_reminders),
)


def tick(now=None, jobs: tuple[Job, ...] = JOBS) -> dict[str, str]:
    """Run every job that is due; {job name: outcome} of those that ran."""
    now = now or timezone.now()
    ran = {}
    for job in jobs:
        ScheduledJob.objects.get_or_create(name=job.name, defaults={"due_at": now})
        claimed = ScheduledJob.objects.filter(name=job.name, due_at__lte=now).update(
            due_at=now + job.every, last_started_at=now
        )
        if not claimed:
            continue
        try:
            outcome = job.run()
        except Exception as exc:
            logger.exception("scheduled job %s failed", job.name)
            outcome = f"failed: {type(exc).__name__}: {exc}"
        ScheduledJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_outcome=outcome
        )
        ran[job.name] = outcome
    return ran
