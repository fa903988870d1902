"""`manage.py run_worker [--queue-name mail]`: django-tasks' database worker with a heartbeat.

Every option of ``db_worker`` applies. Run one (or more) per queue: ``default`` for estimates and
uploads, ``mail`` for e-mail, so that a password-reset mail never waits behind an estimate.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from tekort.background.heartbeat import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run a background-task worker that the scheduler can tell from a dead one."

    def handle(self, *args, queue_name: str, worker_id: str, reload: bool, **options):
        if reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # the watching parent: the worker (and its heartbeat) runs in the reloaded child
            return super().handle(
                *args, queue_name=queue_name, worker_id=worker_id, reload=reload, **options
            )
        heartbeat = Heartbeat(worker_id, queue_name.split(","))
        heartbeat.start()
        try:
            super().handle(
                *args, queue_name=queue_name, worker_id=worker_id, reload=reload, **options
            )
        finally:
            heartbeat.stop()
