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
"""

from datetime import timedelta

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from tekort.conf import env
from tekort.submissions.models import Upload
from tekort.submissions.upload import jobs

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
    upload.status = Upload.Status.FAILED
    upload.result = {**upload.result, "reason": WORKER_LOST}
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "result", "finished_at"])


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
        claimed = Upload.objects.filter(pk=upload.pk, status=upload.status).update(
            status=Upload.Status.FAILED,
            result={**upload.result, "reason": INTERRUPTED},
            finished_at=now,
        )
        if claimed:
            failed.append(upload)
    return failed
