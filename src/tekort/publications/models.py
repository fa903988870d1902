"""Releases: the frozen, disclosure-controlled estimates of a round, and frozen table permalinks.

A release copies the cells of one estimate run at publication. Cells that disclosure control
suppressed (or that quality rules withhold) are stored WITHOUT any value: only their symbol.
Nothing shown to the public is computed from live registrations; every public page, download
and API response reads these rows (or the headline precomputed at publication). The signed-in
region view reads its onderwijsregio's tables of the release's run (``EstimateRegionTables``,
computed with the estimates from the same registrations).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tekort.estimates.models import EstimateRun
from tekort.submissions.models import Round


class ReleaseQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published_at__isnull=False)

    def current(self):
        """The version of each round that no later version superseded."""
        return self.public().filter(superseded_by__isnull=True)


class Release(models.Model):
    """One version of a round's published figures; a revision is a new version."""

    class Status(models.TextChoices):
        PROVISIONAL = "voorlopig", _("provisional")
        FINAL = "definitief", _("final")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="releases")
    version = models.PositiveIntegerField()
    slug = models.SlugField(max_length=40, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROVISIONAL)
    note = models.TextField(blank=True, help_text=_("Release note: what this version is."))
    method_version = models.CharField(max_length=20)
    run = models.ForeignKey(EstimateRun, on_delete=models.PROTECT, related_name="releases")
    results_fingerprint = models.CharField(max_length=64)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    headline = models.JSONField(
        default=dict, help_text=_("The headline figures, computed once at publication.")
    )
    n_revised = models.PositiveIntegerField(default=0)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-round__peildatum", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "version"], name="one_release_per_version"),
            # an estimate run is published once: two simultaneous publications of it yield one
            # version (the other gets IntegrityError, publishing.publish says "al gepubliceerd")
            models.UniqueConstraint(fields=["run"], name="one_release_per_run"),
        ]

    def __str__(self):
        return f"{self.round.peildatum:%d-%m-%Y} versie {self.version}"

    @property
    def etag(self) -> str:
        """Strong validator of everything derived from this frozen release."""
        return f'"{self.slug}-{self.results_fingerprint[:16]}"'


class ReleaseCell(models.Model):
    """One published cell. Value fields are NULL whenever the cell is not shown (symbol only)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="cells")
    function = models.CharField(max_length=20)
    breakdown = models.CharField(max_length=40)
    domain = models.CharField(max_length=100)
    measure = models.CharField(max_length=30)
    is_model_based = models.BooleanField(default=False)
    rate = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    se_rate = models.FloatField(null=True)
    fte = models.FloatField(null=True)
    ci_fte_low = models.FloatField(null=True)
    ci_fte_high = models.FloatField(null=True)
    n_responding = models.PositiveIntegerField(null=True)
    n_frame = models.PositiveIntegerField()
    response_rate = models.FloatField(null=True)
    response_rate_formatie = models.FloatField(null=True)
    quality_class = models.CharField(max_length=20, blank=True)
    symbol = models.CharField(max_length=5, blank=True)
    is_revised = models.BooleanField(default=False)
    method_id = models.CharField(max_length=80)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "function", "breakdown", "domain", "measure", "is_model_based"],
                name="one_release_cell_per_key",
            )
        ]
        indexes = [models.Index(fields=["release", "breakdown", "measure"])]

    def __str__(self):
        return f"{self.breakdown}={self.domain} {self.measure}"

    @property
    def has_value(self) -> bool:
        return self.rate is not None


class TablePermalink(models.Model):
    """A table of the table tool, frozen: its query against one release version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="permalinks")
    query = models.JSONField()
    query_key = models.CharField(max_length=64, help_text=_("SHA-256 of release and query."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query_key"], name="one_permalink_per_query")
        ]

    def __str__(self):
        return f"{self.id} ({self.release})"


class ReleaseChange(models.Model):
    """A release's figures compared with the same peildatum a year earlier (issue 23, part 5).

    Computed once at publication (``publications.changes``) from the registrations of both
    rounds with ``tekort_stats.change`` (a paired bootstrap: the same resampled locations in
    both rounds), against the earlier round's release that was current then. ``rows`` holds one
    entry per breakdown x domain of the teachers' shortage; a difference carries values only
    where both releases show the cell, else only its symbol (disclosure control and quality
    rules of either round hold for the difference too).
    """

    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="change")
    earlier_release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="+")
    method_version = models.CharField(max_length=20)
    seed = models.BigIntegerField()
    n_bootstrap = models.PositiveIntegerField()
    inputs_fingerprint = models.CharField(
        max_length=64, help_text=_("SHA-256 of the frame and both rounds' responses.")
    )
    n_both = models.PositiveIntegerField(
        help_text=_("Locations that answered in both rounds (nationally).")
    )
    rows = models.JSONField(default=list)

    def __str__(self):
        return f"{self.release} vs {self.earlier_release}"
