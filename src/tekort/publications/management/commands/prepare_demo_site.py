"""Everything `make run` needs after migrating, in one process; a second run only checks.

The register and the policy register are imported from the official files when they are empty
(refresh them explicitly with `import_registry` / `import_policy`, which are idempotent); the
provisional onderwijsregio's, the demo registrations and the demo releases are made when missing.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tekort.registry.models import Location


class Command(BaseCommand):
    help = "Imports the reference data and makes the demo figures where they are missing."

    def add_arguments(self, parser):
        parser.add_argument("--bootstrap", type=int, default=200, help="replicates per estimate")

    def handle(self, *args, bootstrap, **options):
        if Location.objects.exists():
            self.stdout.write("Register aanwezig (verversen: manage.py import_registry).")
        else:
            call_command("import_registry", stdout=self.stdout, stderr=self.stderr)
        call_command(
            "import_onderwijsregios", provisional_demo=True, if_none=True, stdout=self.stdout
        )
        call_command("generate_demo", if_empty=True, stdout=self.stdout)
        call_command("import_policy", if_empty=True, stdout=self.stdout, stderr=self.stderr)
        call_command("publish_demo", bootstrap=bootstrap, stdout=self.stdout)
        call_command("warm_map_shapes", stdout=self.stdout)
