"""The meerurencalculator pages around tekort_calc."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalculatorConfig(AppConfig):
    name = "tekort.calculator"
    verbose_name = _("More-hours calculator")

    def ready(self):
        from tekort.calculator import privacy

        privacy.install()
