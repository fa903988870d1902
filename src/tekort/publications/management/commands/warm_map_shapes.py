"""Draw the map's shapes ahead, so that the first view of each map level is fast."""

import time

from django.core.management.base import BaseCommand

from tekort.publications import maps


class Command(BaseCommand):
    help = "Draws the shapes of every map level into the cache and TEKORT_MAP_SHAPES_DIR."

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = maps.warm()
        seconds = time.perf_counter() - started
        for level, path in written.items():
            self.stdout.write(f"Kaartvormen {level}: {path or 'alleen in de cache'}")
        self.stdout.write(f"Kaartvormen getekend in {seconds:.1f} s.")
