"""Read the Tweede Kamer's open data (OData JSON of Zaak, Document, Toezegging) and propose
status changes as drafts in a planned letter, for staff to review and approve."""

from django.core.management.base import BaseCommand, CommandError

from tekort.monitor import parliament


class Command(BaseCommand):
    help = (
        "Reads responses of the Tweede Kamer's gegevensmagazijn (OData v4 JSON of Zaak, "
        "Document or Toezegging; a file, a folder of *.json, or an https URL), matches them to "
        "the register by kamerstuk number or TZ number, and proposes status changes as DRAFT "
        "statuses in a planned letter. Approves nothing; a rerun proposes nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a response file, a folder of them, or an https URL")
        parser.add_argument("--letter", help="the planned letter (default: the only one)")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be proposed; save nothing"
        )

    def handle(self, *args, source, letter=None, dry_run=False, **options):
        try:
            report, planned = parliament.import_responses(source, letter_id=letter, dry_run=dry_run)
        except parliament.ParliamentRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(str(rejected)) from rejected
        except OSError as exc:
            raise CommandError(f"kan {source} niet lezen: {exc}") from exc
        for line in report.lines(planned, dry_run=dry_run):
            self.stdout.write(line)
