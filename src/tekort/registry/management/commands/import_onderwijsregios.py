"""Import onderwijsregio membership from a CSV (bevoegd_gezag, onderwijsregio, optional
geldig_vanaf, geldig_tot); a re-import keeps history."""

from django.core.management.base import BaseCommand, CommandError

from tekort.registry.importers.base import rejection_as_command_error
from tekort.registry.importers.onderwijsregios import (
    OnderwijsregioMembership,
    parse_date,
    provisional_assignment,
)
from tekort.registry.models import Onderwijsregio


class Command(BaseCommand):
    help = (
        "Imports onderwijsregio membership from a CSV with columns bevoegd_gezag,onderwijsregio "
        "and optionally geldig_vanaf,geldig_tot; memberships no longer in the file are ended "
        "(on --geldig-vanaf, else the date every row shares, else today), never deleted. "
        "--provisional-demo derives and imports the documented provisional assignment instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="CSV path or https URL")
        parser.add_argument("--provisional-demo", action="store_true")
        parser.add_argument(
            "--geldig-vanaf",
            help="the file's date (jjjj-mm-dd or dd-mm-jjjj): new memberships without a date "
            "start then, memberships no longer in the file end then",
        )
        parser.add_argument(
            "--if-none", action="store_true", help="do nothing if any onderwijsregio exists"
        )

    def handle(
        self, *args, source=None, provisional_demo=False, if_none=False, geldig_vanaf=None, **kw
    ):
        try:
            valid_from = parse_date(geldig_vanaf or "")
        except ValueError as exc:
            raise CommandError(f"--geldig-vanaf {geldig_vanaf} is geen datum") from exc
        if not source and not provisional_demo:
            raise CommandError("geef een CSV-bestand of --provisional-demo")
        if if_none and Onderwijsregio.objects.exists():
            self.stdout.write("Er zijn al onderwijsregio's; niets gewijzigd.")
            return
        with rejection_as_command_error(self.stderr):
            if provisional_demo:
                importer = OnderwijsregioMembership(
                    "voorlopige indeling", provisional=True, valid_from=valid_from
                )
                report = importer.run(provisional_assignment().encode())
            else:
                report = OnderwijsregioMembership(source, valid_from=valid_from).run()
        for line in report.lines():
            self.stdout.write(line)
