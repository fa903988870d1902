"""`manage.py run_scheduler`: run the periodic work of ``tekort.background.schedule``.

One process per installation is enough (a second one is harmless: jobs are claimed in the
database). It stops cleanly on SIGTERM or Ctrl+C between ticks.
"""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tekort.background.schedule import TICK_SECONDS, tick


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
            for name, outcome in tick().items():
                self.stdout.write(f"{name}: {outcome}")
            if once or stop.wait(interval):
                return
