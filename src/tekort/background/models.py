"""What the background processes record in the database (the only state they share)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running ``run_worker`` process: it writes ``seen_at`` every HEARTBEAT_SECONDS.

    A task RUNNING on a worker whose heartbeat is older than LOST_AFTER_SECONDS (or missing)
    was lost with its worker (killed, crashed, its machine gone): see ``lost_tasks``.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    queues = models.CharField(max_length=200)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.worker_id} ({self.queues}) on {self.host}:{self.pid}"


class ScheduledJob(models.Model):
    """One periodic job of ``run_scheduler``: when it is due next and how its last run went.

    A scheduler claims a due job by moving ``due_at`` forward in one conditional UPDATE, so two
    schedulers started by mistake still run each job once per interval.
    """

    name = models.CharField(max_length=50, primary_key=True)
    due_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_outcome = models.TextField(blank=True)

    def __str__(self):
        return self.name
