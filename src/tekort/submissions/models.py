"""The uitvraag: registration rounds per peildatum and one registration per location per round."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tekort.registry.models import Location

FTE = {"max_digits": 8, "decimal_places": 2}


class Round(models.Model):
    """A registration round: every location in its sectors is asked for its figures."""

    peildatum = models.DateField(unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    sectors = models.JSONField(default=list, help_text=_("Sectors taking part in this round."))
    question_set_version = models.CharField(max_length=20, default="2025.1")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["peildatum"]

    def __str__(self):
        return f"peildatum {self.peildatum:%d-%m-%Y}"


class Registration(models.Model):
    """What one location reported for one round (function leraar), in FTE."""

    class Channel(models.TextChoices):
        FORM = "form", _("form")
        UPLOAD = "upload", _("board upload")
        API = "api", _("API")
        DEMO = "demo", _("demo generator")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="registrations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="registrations")
    formatie = models.DecimalField(**FTE)
    long_leave = models.DecimalField(**FTE, default=0)
    regulier_openstaand = models.DecimalField(**FTE, default=0)
    regulier_verborgen = models.DecimalField(**FTE, default=0)
    vervanging_openstaand = models.DecimalField(**FTE, default=0)
    vervanging_verborgen = models.DecimalField(**FTE, default=0)
    pupils = models.PositiveIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "location"], name="one_registration_per_round")
        ]

    def __str__(self):
        return f"{self.location_id} @ {self.round}"

    @property
    def shortage(self):
        return (
            self.regulier_openstaand
            + self.regulier_verborgen
            + self.vervanging_openstaand
            + self.vervanging_verborgen
        )
