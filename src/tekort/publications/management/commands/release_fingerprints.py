"""`manage.py release_fingerprints`: one line per published release, with a hash of its rows.

Run it before a backup and after a restore (docs/operations.md): equal output means the
restored database publishes exactly the same figures.
"""

from django.core.management.base import BaseCommand

from tekort.publications.fingerprints import published_fingerprints


class Command(BaseCommand):
    help = "Prints '<slug> <cells> <sha256>' for every published release, sorted by slug."

    def handle(self, *args, **options):
        for slug, (cells, fingerprint) in published_fingerprints().items():
            self.stdout.write(f"{slug} {cells} {fingerprint}")
