"""An upload whose checking or import task failed without finishing it: its worker died.

A task that raises finishes its upload as FAILED itself (``jobs``); a worker killed while
checking or importing cannot, and the upload would stay "validating" or "importing" forever.
When the scheduler fails such a lost task (``tekort.background.lost_tasks``), django-tasks'
``task_finished`` signal arrives here: the upload is failed with the reason WORKER_LOST, which
the upload page explains in Dutch. The import is one transaction, so nothing of it was saved;
the board uploads the file again.
"""

from django.dispatch import receiver
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished

from tekort.submissions.models import Upload
from tekort.submissions.upload import jobs

WORKER_LOST = "worker lost"
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
