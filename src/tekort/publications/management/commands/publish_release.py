"""Publish the latest finished estimate run of a round as a new release version."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tekort.estimates.models import EstimateRun
from tekort.publications.models import Release
from tekort.publications.publishing import PublishError, publish


class Command(BaseCommand):
    help = (
        "Publishes a round's latest finished estimate run (or --run) as a new release version; "
        "the previous version of that round is marked superseded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--peildatum", type=date.fromisoformat, required=True)
        parser.add_argument("--run", type=int, help="the EstimateRun id (default: the latest)")
        parser.add_argument(
            "--status", choices=Release.Status.values, default=Release.Status.PROVISIONAL
        )
        parser.add_argument("--note", default="")

    def handle(self, *args, peildatum, run=None, status, note, **options):
        runs = EstimateRun.objects.filter(
            round__peildatum=peildatum, status=EstimateRun.Status.DONE
        ).order_by("-started_at")
        chosen = runs.filter(pk=run).first() if run else runs.first()
        if chosen is None:
            raise CommandError(f"geen afgeronde schatting voor peildatum {peildatum}")
        try:
            release = publish(chosen, status=status, note=note)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Gepubliceerd: {release.slug} ({release.get_status_display()}), "
            f"{release.cells.count()} cellen, {release.n_revised} herzien"
        )
