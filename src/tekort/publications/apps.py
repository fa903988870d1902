"""Releases, the public dashboard, downloads and methodology pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "tekort.publications"
    verbose_name = _("Publications")
