"""A worker's heartbeat: a row it refreshes every HEARTBEAT_SECONDS from a thread of its own.

The thread beats while a long task runs (numpy and the database release the interpreter lock),
and stops with its process: a killed or crashed worker stops beating, which is how
``lost_tasks`` tells it from a busy one.
"""

import logging
import os
import socket
import threading

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.utils import timezone

from tekort.background.models import WorkerHeartbeat

HEARTBEAT_SECONDS = settings.TEKORT_WORKER_HEARTBEAT_SECONDS
logger = logging.getLogger(__name__)


def beat(worker_id: str, queues: list[str], started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "queues": ",".join(queues),
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


class Heartbeat:
    """Beats once at start, then every HEARTBEAT_SECONDS until ``stop``."""

    def __init__(self, worker_id: str, queues: list[str], seconds: float = HEARTBEAT_SECONDS):
        self.worker_id, self.queues, self.seconds = worker_id, queues, seconds
        self.started_at = timezone.now()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        """Beat now, then from the thread. A first beat that meets a dropped connection (the
        database restarted as the worker started) ends nothing: the worker's loop reconnects,
        and the thread beats again in ``seconds``."""
        try:
            beat(self.worker_id, self.queues, self.started_at)
        except (OperationalError, InterfaceError):
            logger.warning(
                "first heartbeat of worker %s not written", self.worker_id, exc_info=True
            )
            connection.close()
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(self.seconds):
            try:
                close_old_connections()
                beat(self.worker_id, self.queues, self.started_at)
            except Exception:  # a database restart: beat again next time
                logger.warning("heartbeat of worker %s not written", self.worker_id, exc_info=True)
        connection.close()

    def stop(self) -> None:
        """A clean shutdown: the worker is gone, not lost."""
        self._stopped.set()
        self._thread.join(timeout=self.seconds + 5)
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
