"""`manage.py run_worker [--queue-name mail]`: django-tasks' database worker with a heartbeat.

Every option of ``db_worker`` applies. Run one (or more) per queue: ``default`` for estimates and
uploads, ``mail`` for e-mail, so that a password-reset mail never waits behind an estimate. The
worker reconnects when the database drops its connection (``reconnecting_worker``).
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from tekort.background.heartbeat import Heartbeat
from tekort.background.reconnecting_worker import ReconnectingWorker


class Command(DatabaseWorkerCommand):
    help = "Run a background-task worker that the scheduler can tell from a dead one."

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        worker = ReconnectingWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
        )
        if reload and not batch:
            # the watching parent never runs the function; the reloaded child runs it
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(lambda: self._run(worker))
            return
        worker.configure_signals()
        self._run(worker)

    @staticmethod
    def _run(worker: ReconnectingWorker) -> None:
        heartbeat = Heartbeat(worker.worker_id, worker.queue_names)
        heartbeat.start()
        try:
            worker.run()
        finally:
            heartbeat.stop()
