"""Saved scenarios: a signed-in user's named, shareable scenario URLs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedScenario(models.Model):
    """A named scenario: the page's canonical query string (region, sector, levers)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_scenarios"
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(_("query string"), max_length=2000)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("saved scenario")
        verbose_name_plural = _("saved scenarios")

    def __str__(self):
        return self.name
