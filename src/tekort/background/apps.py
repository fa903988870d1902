"""Background work that survives a crash: workers with a heartbeat, lost tasks failed visibly,
and the scheduler of periodic work (docs/deployment.md, "Background work")."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    name = "tekort.background"
    verbose_name = _("Background work")
