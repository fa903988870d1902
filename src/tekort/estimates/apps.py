"""Feeds a round's frame and registrations to tekort_stats and stores the results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimatesConfig(AppConfig):
    name = "tekort.estimates"
    verbose_name = _("Estimates")

    def ready(self):
        from tekort.estimates import recovery  # noqa: F401  (fails the run of a lost task)
