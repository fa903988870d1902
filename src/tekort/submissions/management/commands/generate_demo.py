"""Fill an empty database with the seeded demo registrations."""

from django.core.management.base import BaseCommand, CommandError

from tekort.submissions import demo
from tekort.submissions.models import Registration


class Command(BaseCommand):
    help = "Generates seeded demo registrations (1 Feb and 1 Oct, 2023-2025) if there are none."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20251001)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (successfully) if registrations exist",
        )

    def handle(self, *args, seed, if_empty, **options):
        if if_empty and Registration.objects.exists():
            self.stdout.write("Er zijn al registraties; demodata niet opnieuw gemaakt.")
            return
        try:
            summary = demo.generate(seed)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Demodata: {summary.rounds} rondes, {summary.registrations} registraties, "
            f"{summary.schoolweging_filled} vestigingen met een demo-schoolweging."
        )
