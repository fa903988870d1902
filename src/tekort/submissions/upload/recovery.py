"""An upload whose checking or import task failed without finishing it: its worker died.

A task that raises finishes its upload as FAILED itself (``jobs``); a worker killed while
checking or importing cannot, and the upload would stay "validating" or "importing" forever.
When the scheduler fails such a lost task (``tekort.background.lost_tasks``), django-tasks'
``task_finished`` signal arrives here: the upload is failed with the reason WORKER_LOST, which
the upload page explains in Dutch. The import is one transaction, so nothing of it was saved;
the board uploads the file again.

An upload of the API is checked and imported inside its request, without a task: a web worker
killed meanwhile (or a request cut off by gunicorn's timeout) leaves it busy with nothing to
fail it. ``fail_abandoned_uploads`` (a job of the scheduler) fails every upload still busy after
more than TEKORT_WEB_TIMEOUT (plus LOST_AFTER_SECONDS of margin) with no task queued or running
for it, with the reason INTERRUPTED; the upload page says that nothing was imported.

Either way, an upload whose import had committed before its process died (only the final status
was not written) is ended DONE, not failed: its version rows name it.
"""

from datetime import timedelta

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from tekort.conf import env
from tekort.submissions.models import RegistrationVersion, SchoolLeaderVersion, Upload
from tekort.submissions.upload import jobs
from tekort.submissions.upload.checking import CONFLICT

WORKER_LOST = "worker lost"
INTERRUPTED = "interrupted"
UPLOAD_TASKS = {jobs.validate_task.module_path, jobs.commit_task.module_path}
BUSY = (Upload.Status.RECEIVED, Upload.Status.VALIDATING, Upload.Status.COMMITTING)


@receiver(task_finished, dispatch_uid="submissions-fail-upload-of-failed-task")
def fail_upload_of_failed_task(sender, task_result, **kwargs) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.module_path not in UPLOAD_TASKS or not task_result.args:
        return
    upload = Upload.objects.filter(pk=task_result.args[0], status__in=BUSY).first()
    if upload is None:
        return
    settle(upload, WORKER_LOST, timezone.now())


def abandoned_uploads(now=None) -> list[Upload]:
    """Busy uploads that no request can still be working on and no task will pick up."""
    now = now or timezone.now()
    web_timeout = int(env.get("TEKORT_WEB_TIMEOUT"))  # gunicorn's, read as gunicorn.conf.py does
    bound = timedelta(seconds=web_timeout + settings.TEKORT_WORKER_LOST_SECONDS)
    busy = list(Upload.objects.filter(status__in=BUSY, created_at__lt=now - bound))
    if not busy:
        return []
    pending = DBTaskResult.objects.filter(
        task_path__in=UPLOAD_TASKS, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).values_list("args_kwargs", flat=True)
    awaited = {str(a["args"][0]) for a in pending if a.get("args")}
    return [upload for upload in busy if str(upload.pk) not in awaited]


def fail_abandoned_uploads(now=None) -> list[Upload]:
    """Fail the abandoned uploads (each once, even with two schedulers); returns them."""
    now = now or timezone.now()
    failed = []
    for upload in abandoned_uploads(now):
        if settle(upload, INTERRUPTED, now):
            failed.append(upload)
    return failed


def settle(upload: Upload, reason: str, now) -> bool:
    """End an interrupted upload (once: False if another scheduler did): FAILED with ``reason``,
    or DONE when its import had committed and only the status was not written (the process died
    or lost the database just after the import's transaction): its versions name the upload."""
    written = dict(
        RegistrationVersion.objects.filter(upload=upload).values_list(
            "registration__location_id", "number"
        )
    )
    leaders = SchoolLeaderVersion.objects.filter(upload=upload).exists()
    if written or leaders:
        status = Upload.Status.DONE
        result = {
            **upload.result,
            "created": sum(1 for n in written.values() if n == 1),
            "updated": sum(1 for n in written.values() if n > 1),
            "conflicts_skipped": sum(
                1
                for r in upload.preview
                if r["status"] == CONFLICT and r["location"] not in written
            ),
            "recovered": reason,
        }
    else:
        status, result = Upload.Status.FAILED, {**upload.result, "reason": reason}
    return bool(
        Upload.objects.filter(pk=upload.pk, status=upload.status).update(
            status=status, result=result, finished_at=now
        )
    )
