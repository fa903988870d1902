"""Build or refresh the register from the official files (all of them, or one)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from tekort.registry.importers.base import rejection_as_command_error
from tekort.registry.importers.registry import BY_NAME, import_all


class Command(BaseCommand):
    help = (
        "Imports the register from the official files in TEKORT_DATA_DIR, in one transaction. "
        "With --only NAME SOURCE, imports one file from a path or its official https URL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="folder with the reference files")
        parser.add_argument(
            "--only",
            nargs=2,
            metavar=("NAME", "SOURCE"),
            help=f"one importer ({', '.join(BY_NAME)}) and its file path or https URL",
        )

    def handle(self, *args, data_dir=None, only=None, verbosity=1, **options):
        progress_for = self._progress if verbosity >= 1 and sys.stderr.isatty() else None
        if only and only[0] not in BY_NAME:
            raise CommandError(f"onbekende importer '{only[0]}'; kies uit: {', '.join(BY_NAME)}")
        try:
            with rejection_as_command_error(self.stderr):
                if only:
                    name, source = only
                    reports = [
                        BY_NAME[name](source, progress_for(name) if progress_for else None).run()
                    ]
                else:
                    reports = import_all(data_dir, progress_for)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for report in reports:
            for line in report.lines():
                self.stdout.write(line)
        if not any(r.changed for r in reports):
            self.stdout.write(
                self.style.SUCCESS("Register ongewijzigd: alles was al geïmporteerd.")
            )

    def _progress(self, name):
        def show(done, total):
            self.stderr.write(f"\r{name}: {done}/{total}", ending="")
            if done == total:
                self.stderr.write("")

        return show
