"""`manage.py run_scheduler`: run the periodic work of ``tekort.background.schedule``.

One process per installation is enough (a second one is harmless: jobs are claimed in the
database). It stops cleanly on SIGTERM or Ctrl+C between ticks. A tick that loses the
database (a restart, a dropped connection) is logged and the next tick reconnects: the scheduler
keeps running, as it must to fail the tasks and uploads that the same outage interrupted.
"""

import contextlib
import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection

from tekort.background.schedule import TICK_SECONDS, tick

logger = logging.getLogger(__name__)


def tick_surviving_the_database() -> dict[str, str]:
    """One tick; {} when the database went away during it (the connection is dropped, so that
    the next tick opens a new one)."""
    try:
        return tick()
    except DatabaseError:
        logger.exception("scheduler tick lost the database; trying again next tick")
        with contextlib.suppress(DatabaseError):
            connection.close()
        return {}


class Command(BaseCommand):
    help = "Run tekort's periodic jobs (lost tasks, sessions, lockouts, task results, reminders)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one tick and stop.")
        parser.add_argument("--interval", type=float, default=TICK_SECONDS)

    def handle(self, *args, once: bool, interval: float, **options):
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        while True:
            close_old_connections()
            for name, outcome in tick_surviving_the_database().items():
                self.stdout.write(f"{name}: {outcome}")
            if once or stop.wait(interval):
                return
