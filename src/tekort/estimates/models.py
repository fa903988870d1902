"""Stored estimates: one run per round, method version and inputs' fingerprint; cells as rows,
and the tables of the signed-in region view computed from the same registrations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tekort.registry.models import Onderwijsregio
from tekort.submissions.models import Round
from tekort_stats.visibility import visibility


class EstimateRun(models.Model):
    """One computation of a round's estimates, reproducible from its stored inputs and seed."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="estimate_runs")
    method_version = models.CharField(max_length=20)
    inputs_fingerprint = models.CharField(
        max_length=64, help_text=_("SHA-256 of the canonical frame and responses fed to the core.")
    )
    seed = models.BigIntegerField()
    n_bootstrap = models.PositiveIntegerField()
    breakdowns = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    progress = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("The background task computing this run (empty: run by a command)."),
    )
    error = models.TextField(blank=True)
    results_fingerprint = models.CharField(max_length=64, blank=True)
    n_frame = models.PositiveIntegerField(default=0)
    n_responding = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.round} · {self.method_version} · {self.started_at:%Y-%m-%d %H:%M}"

    def shortage_cells(self) -> dict:
        """(function, breakdown, domain) -> (shortage FTE, withheld, FTE shown) of the run's
        direct cells: what a revision is audited against (issue 24; ``estimates.run`` and
        ``publications.publishing``)."""
        withheld = ("primary_suppressed", "secondary_suppressed")
        out = {}
        for c in self.cells.filter(measure="tekort", is_model_based=False).only(
            "function",
            "breakdown",
            "domain",
            "fte",
            "disclosure_status",
            "quality_class",
            "quality_class_fte",
        ):
            shown = visibility(c.disclosure_status, c.quality_class, c.quality_class_fte).fte
            out[(c.function, c.breakdown, c.domain)] = (
                c.fte,
                c.disclosure_status in withheld,
                shown,
            )
        return out


class EstimateCell(models.Model):
    """One published-or-not cell: function × breakdown × domain × measure, with its uncertainty."""

    run = models.ForeignKey(EstimateRun, on_delete=models.CASCADE, related_name="cells")
    function = models.CharField(max_length=20)
    breakdown = models.CharField(max_length=40)
    domain = models.CharField(max_length=100)
    measure = models.CharField(max_length=30)
    rate = models.FloatField(null=True)
    fte = models.FloatField(null=True)
    se_rate = models.FloatField(null=True)
    ci_low = models.FloatField(null=True)
    ci_high = models.FloatField(null=True)
    se_fte = models.FloatField(null=True)
    ci_fte_low = models.FloatField(null=True)
    ci_fte_high = models.FloatField(null=True)
    boot_se_rate = models.FloatField(null=True)
    boot_ci_low = models.FloatField(null=True)
    boot_ci_high = models.FloatField(null=True)
    n_responding = models.PositiveIntegerField()
    n_frame = models.PositiveIntegerField()
    n_boards_responding = models.PositiveIntegerField()
    response_rate = models.FloatField(null=True)
    response_rate_formatie = models.FloatField(null=True)
    quality_class = models.CharField(max_length=20)
    quality_class_fte = models.CharField(max_length=20)
    disclosure_status = models.CharField(max_length=30)
    symbol = models.CharField(max_length=5, blank=True)
    method_id = models.CharField(max_length=80)
    is_model_based = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "function", "breakdown", "domain", "measure", "is_model_based"],
                name="one_cell_per_key",
            )
        ]
        indexes = [models.Index(fields=["run", "breakdown", "measure"])]

    def __str__(self):
        return f"{self.breakdown}={self.domain} {self.measure}"


class EstimateRegionTables(models.Model):
    """One onderwijsregio's tables of the signed-in region view, computed by the run from the
    registrations its estimates were computed from (``estimates.region_tables``).

    ``tables`` holds the rows as shown (``estimates.region_tables.rows``): counts, response and
    rounded figures; a suppressed or empty cell holds its symbol and nothing else. ``audit``
    holds what disclosure control did (audit per measure, fail-closed, the numbers of primary
    and secondary suppressed cells), never a value. A release of the run shows these.
    """

    run = models.ForeignKey(EstimateRun, on_delete=models.CASCADE, related_name="region_tables")
    onderwijsregio = models.ForeignKey(
        Onderwijsregio, on_delete=models.PROTECT, related_name="estimate_tables"
    )
    tables = models.JSONField()
    audit = models.JSONField()

    class Meta:
        verbose_name_plural = "estimate region tables"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "onderwijsregio"], name="one_region_tables_per_run"
            )
        ]

    def __str__(self):
        return f"{self.onderwijsregio} ({self.run})"
