"""Estimate and publish every demo round that has no release yet (used by `make run`)."""

from django.core.management.base import BaseCommand

from tekort.estimates.run import run_estimates
from tekort.publications.models import Release
from tekort.publications.publishing import publish
from tekort.submissions.models import Round


class Command(BaseCommand):
    help = (
        "For every demo round without a release: estimate it (seeded) and publish it, so that the "
        "public dashboard has figures and a trend. Real rounds are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bootstrap", type=int, default=200)
        parser.add_argument("--seed", type=int, default=20231001)

    def handle(self, *args, bootstrap, seed, **options):
        published = set(Release.objects.values_list("round_id", flat=True))
        rounds = Round.objects.filter(is_demo=True).exclude(pk__in=published).order_by("peildatum")
        if not rounds:
            self.stdout.write("Alle demorondes zijn al gepubliceerd.")
            return
        for round_ in rounds:
            run = run_estimates(
                round_,
                seed=seed,
                n_bootstrap=bootstrap,
                progress=lambda message, r=round_: self.stdout.write(f"{r}: {message}"),
            )
            # demo figures are never final (publish refuses it): always provisional
            release = publish(
                run,
                status=Release.Status.PROVISIONAL,
                note="Demonstratie: gegenereerde registraties.",
            )
            self.stdout.write(self.style.SUCCESS(f"Gepubliceerd: {release}"))
