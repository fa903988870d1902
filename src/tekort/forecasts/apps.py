"""The raming: scenario builder and back-test pages around tekort_forecast."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastsConfig(AppConfig):
    name = "tekort.forecasts"
    verbose_name = _("Forecasts")
