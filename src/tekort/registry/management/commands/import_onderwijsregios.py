"""Import onderwijsregio membership from a CSV (bevoegd_gezag, onderwijsregio)."""

from django.core.management.base import BaseCommand, CommandError

from tekort.registry.importers.base import ImportRejected
from tekort.registry.importers.onderwijsregios import (
    OnderwijsregioMembership,
    provisional_assignment,
)
from tekort.registry.models import Onderwijsregio


class Command(BaseCommand):
    help = (
        "Imports onderwijsregio membership from a CSV with columns bevoegd_gezag,onderwijsregio. "
        "--provisional-demo derives and imports the documented provisional assignment instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="CSV path or https URL")
        parser.add_argument("--provisional-demo", action="store_true")
        parser.add_argument(
            "--if-none", action="store_true", help="do nothing if any onderwijsregio exists"
        )

    def handle(self, *args, source=None, provisional_demo=False, if_none=False, **options):
        if not source and not provisional_demo:
            raise CommandError("geef een CSV-bestand of --provisional-demo")
        if if_none and Onderwijsregio.objects.exists():
            self.stdout.write("Er zijn al onderwijsregio's; niets gewijzigd.")
            return
        try:
            if provisional_demo:
                importer = OnderwijsregioMembership("voorlopige indeling", provisional=True)
                report = importer.run(provisional_assignment().encode())
            else:
                report = OnderwijsregioMembership(source).run()
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"{rejected.source}: {error}")
            raise CommandError(str(rejected)) from rejected
        for line in report.lines():
            self.stdout.write(line)
