"""Assembles each app's API routes and the OpenAPI schema; no domain logic."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tekort.api"
    verbose_name = _("API")
