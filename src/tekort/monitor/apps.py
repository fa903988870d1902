"""Motions, commitments, questions and studies across letters."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "tekort.monitor"
    verbose_name = _("Policy monitor")
