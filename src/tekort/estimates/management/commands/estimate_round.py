"""Estimate a round's figures with tekort_stats and store them (one EstimateRun)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tekort.estimates.run import DEFAULT_BOOTSTRAP, DEFAULT_SEED, run_estimates
from tekort.submissions.models import Round


class Command(BaseCommand):
    help = "Estimates the round of a peildatum (YYYY-MM-DD; default: the latest round)."

    def add_arguments(self, parser):
        parser.add_argument("--peildatum", type=date.fromisoformat)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--bootstrap", type=int, default=DEFAULT_BOOTSTRAP)

    def handle(self, *args, peildatum=None, seed, bootstrap, **options):
        rounds = Round.objects.order_by("-peildatum")
        round_ = rounds.filter(peildatum=peildatum).first() if peildatum else rounds.first()
        if round_ is None:
            raise CommandError(f"geen ronde met peildatum {peildatum or '(enige)'}")
        run = run_estimates(
            round_, seed=seed, n_bootstrap=bootstrap, progress=lambda m: self.stdout.write(f"… {m}")
        )
        self.stdout.write(
            f"Schatting {run.pk} voor {round_}: {run.cells.count()} cellen, "
            f"invoer {run.inputs_fingerprint[:12]}, resultaat {run.results_fingerprint[:12]}"
        )
