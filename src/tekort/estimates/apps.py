"""Feeds a round's frame and registrations to tekort_stats and stores the results."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimatesConfig(AppConfig):
    name = "tekort.estimates"
    verbose_name = _("Estimates")
