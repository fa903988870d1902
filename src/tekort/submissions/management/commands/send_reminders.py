"""Send reminder e-mails for the open round(s); safe to run more than once a day."""

from django.core.management.base import BaseCommand

from tekort.submissions import reminders, rounds


class Command(BaseCommand):
    help = "Reminds the users of locations that have not submitted (never twice a day)."

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default="", help="e.g. https://tekort.example")

    def handle(self, *args, site_url, **options):
        for round_ in rounds.current_rounds():
            sent = reminders.send(round_, site_url=site_url.rstrip("/"))
            self.stdout.write(
                f"{round_}: {sent.emails} e-mails, {sent.reminders} herinneringen, "
                f"{sent.skipped_today} vandaag al herinnerd"
            )
