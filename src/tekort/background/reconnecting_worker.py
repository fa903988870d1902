"""django-tasks' database worker, kept alive when the database drops its connection.

``db_worker``'s loop lets a database error end the process: a PostgreSQL restart, a failover or
an administrator's ``pg_terminate_backend`` would leave no worker until someone restarts it,
while its heartbeat thread (which reconnects) kept it looking alive. This worker closes the
broken connection and polls again. A task whose outcome could not be written because the
connection broke is marked failed once the database answers again, so it is never left running.
"""

import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
CONNECTION_LOST = (OperationalError, InterfaceError)
RECONNECT_SECONDS = 1.0


class ReconnectingWorker(Worker):
    """``Worker`` whose loop survives a lost database connection."""

    def run(self) -> None:
        while True:
            try:
                return super().run()
            except CONNECTION_LOST:
                logger.warning(
                    "worker %s lost its database connection; reconnecting",
                    self.worker_id,
                    exc_info=True,
                )
                connection.close()
                if not self.running:
                    return None
                time.sleep(max(self.interval, RECONNECT_SECONDS))
                self.startup_delay = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except CONNECTION_LOST as lost:
            # neither the result nor the failure could be written: write the failure on a new
            # connection (the task's own work either committed or rolled back with it)
            connection.close()
            self._fail_when_back(db_task_result, lost)

    def _fail_when_back(self, db_task_result: DBTaskResult, lost: BaseException) -> None:
        while self.running:
            try:
                db_task_result.set_failed(lost)
                return
            except DatabaseError:
                connection.close()
                time.sleep(max(self.interval, RECONNECT_SECONDS))
