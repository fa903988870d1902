"""Signed-in board and region views."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "tekort.dashboards"
    verbose_name = _("Dashboards")
