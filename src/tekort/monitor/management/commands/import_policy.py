"""Import the policy register (letters, motions, statuses, figures, studies) from the policy folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tekort.monitor.importer import PolicyImporter
from tekort.monitor.models import Letter
from tekort.registry.importers.base import rejection_as_command_error


class Command(BaseCommand):
    help = (
        "Imports <TEKORT_DATA_DIR>/policy/ (or --data-dir/policy/). Idempotent: reports what was "
        "added, changed or left unchanged; a file with bad rows is refused whole."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", help="the reference data folder (default TEKORT_DATA_DIR)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only import when the policy register holds no letters yet",
        )

    def handle(self, *args, data_dir=None, if_empty=False, **options):
        if if_empty and Letter.objects.exists():
            self.stdout.write("Beleidsregister aanwezig (verversen: manage.py import_policy).")
            return
        folder = Path(data_dir or settings.TEKORT_DATA_DIR) / "policy"
        try:
            with rejection_as_command_error(self.stderr):
                report = PolicyImporter(folder).run()
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
