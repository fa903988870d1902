"""Append-only events: sign-ins, views and downloads of microdata, changes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tekort.audit"
    verbose_name = _("Audit")

    def ready(self):
        from tekort.audit import signals  # noqa: F401
