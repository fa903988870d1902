"""The uitvraag: rounds per peildatum, one registration per location per round, and its history.

Registrations are written through exactly one path, ``tekort.submissions.intake``; every change
adds an append-only ``RegistrationVersion`` with who, when, the channel and the old and new values.
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tekort.registry.models import Board, Location
from tekort.submissions import subject_answers
from tekort_stats.shortage_cells import COMPONENTS

FTE = {"max_digits": 8, "decimal_places": 2}


class QuestionSet(models.Model):
    """A versioned question set: the definitions a round asks its figures by.

    The definitions are the official Dutch wording of the round (data, not interface text), so that a
    change of a definition is a new version recorded with the round, never silently applied.
    """

    version = models.CharField(max_length=20, unique=True)
    sectors = models.JSONField(default=list, help_text=_("Sectors this question set is for."))
    definitions = models.JSONField(
        default=dict, help_text=_("Definition text per field, shown next to the field.")
    )
    long_substitution_weeks = models.PositiveSmallIntegerField(
        default=6, help_text=_("Substitution counts only for absences longer than this.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version"]

    def __str__(self):
        return self.version


class Round(models.Model):
    """A registration round: every location in its sectors is asked for its figures."""

    peildatum = models.DateField(unique=True)
    opens_on = models.DateField()
    closes_on = models.DateField()
    sectors = models.JSONField(default=list, help_text=_("Sectors taking part in this round."))
    question_set_version = models.CharField(max_length=20, default="2025.1")
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, null=True, blank=True, related_name="rounds"
    )
    reopened_until = models.DateField(
        null=True, blank=True, help_text=_("Last day of a reopening after the round closed.")
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["peildatum"]

    def __str__(self):
        return f"peildatum {self.peildatum:%d-%m-%Y}"

    @property
    def last_day(self) -> date:
        if self.reopened_until and self.reopened_until > self.closes_on:
            return self.reopened_until
        return self.closes_on

    def is_open(self, today: date | None = None) -> bool:
        """Open by schedule: from opens_on up to and including the last day (a reopening included)."""
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.last_day

    def state(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "planned"
        return "open" if self.is_open(today) else "closed"


class RoundEvent(models.Model):
    """What happened to a round: created, schedule changed, reopened (with the reason)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("schedule changed")
        REOPENED = "reopened", _("reopened")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.round}: {self.kind}"


class RegistrationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(submitted_at__isnull=True)


class Channel(models.TextChoices):
    FORM = "form", _("form")
    UPLOAD = "upload", _("board upload")
    API = "api", _("API")
    COMMAND = "command", _("management command")
    DEMO = "demo", _("demo generator")


class VersionedFigures(models.Model):
    """What a location's and a board's school-leader registration share: the formatie, the four
    shortage cells and a remark, in FTE; the warnings the submitter confirmed; who submitted it,
    when and through which channel; and the version that optimistic concurrency guards."""

    Channel = Channel

    formatie = models.DecimalField(**FTE)
    regulier_openstaand = models.DecimalField(**FTE, default=0)
    regulier_verborgen = models.DecimalField(**FTE, default=0)
    vervanging_openstaand = models.DecimalField(**FTE, default=0)
    vervanging_verborgen = models.DecimalField(**FTE, default=0)
    remark = models.TextField(blank=True)
    warnings = models.JSONField(
        default=list, blank=True, help_text=_("Soft warnings the submitter confirmed.")
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def shortage(self):
        return sum(getattr(self, cell) for cell in COMPONENTS)


class SubjectAnswer(models.TextChoices):
    """How a vo location answered the per-subject questions (issue 20)."""

    NOT_GIVEN = subject_answers.NOT_GIVEN, _("not given")
    PER_SUBJECT = subject_answers.PER_SUBJECT, _("per subject")
    TOTAL_ONLY = subject_answers.TOTAL_ONLY, _("total only, not per subject")


class Registration(VersionedFigures):
    """What one location reported for one round (function leraar), in FTE.

    A vo location may also report its formatie and the four cells per subject (``subjects``, with
    ``subject_answer`` "per_vak"; they add up to the location's own figures) or say it answers
    the total only ("totaal"): an item non-respondent for the per-subject estimates, never zero.
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="registrations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="registrations")
    long_leave = models.DecimalField(**FTE, default=0)
    hidden_measures = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Hidden FTE per emergency-measure code, per cell (regulier, vervanging)."),
    )
    other_measure = models.CharField(max_length=300, blank=True)
    pupils = models.PositiveIntegerField(null=True, blank=True)
    subject_answer = models.CharField(
        max_length=10, choices=SubjectAnswer.choices, blank=True, default=SubjectAnswer.NOT_GIVEN
    )
    subjects = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Per vo subject code: the formatie and the four cells in FTE (as text)."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "location"], name="one_registration_per_round")
        ]

    def __str__(self):
        return f"{self.location_id} @ {self.round}"


class AppendOnly(models.Model):
    """A record that is written once: saving an existing row or deleting one is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("append-only record: a change is a new row")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("append-only record: never deleted")


class Version(AppendOnly):
    """One change of a registration of either kind: who, when, through which channel, old and new
    values (as strings) and the warnings confirmed with it."""

    number = models.PositiveIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)
    old_values = models.JSONField(default=dict)
    new_values = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)

    class Meta:
        abstract = True
        ordering = ["registration", "number"]

    def __str__(self):
        return f"{self.registration} v{self.number}"

    @property
    def changed_fields(self) -> list[str]:
        keys = set(self.old_values) | set(self.new_values)
        return sorted(k for k in keys if self.old_values.get(k) != self.new_values.get(k))


class RegistrationVersion(Version):
    """One change of a location's registration."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="versions"
    )
    upload = models.ForeignKey(
        "Upload", on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )

    class Meta(Version.Meta):
        constraints = [
            models.UniqueConstraint(fields=["registration", "number"], name="one_version_number")
        ]


class Draft(models.Model):
    """A form saved as draft: not a registration (it never counts as response), one per location."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="drafts")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    base_version = models.PositiveIntegerField(
        default=0, help_text=_("Version of the registration the draft started from (0: none).")
    )
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "location"], name="one_draft_per_round")
        ]

    def __str__(self):
        return f"concept {self.location_id} @ {self.round}"


class Upload(models.Model):
    """One board file: validated (with progress), previewed, then committed or rejected."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        VALIDATING = "validating", _("validating")
        REJECTED = "rejected", _("rejected")
        PREVIEW = "preview", _("ready to confirm")
        COMMITTING = "committing", _("importing")
        DONE = "done", _("imported")
        CONFLICT = "conflict", _("conflict")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="uploads")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    preview = models.JSONField(default=list)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.board_id}, {self.round})"


class SchoolLeaderRegistration(VersionedFigures):
    """What one board reported for its school leaders (function schoolleider) in one round, in FTE.

    School leadership is asked per board, not per location (methods.md §1.6, letter 002): a location
    does not see the board-level (bovenschools) directors. Written only through ``intake``.
    """

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="school_leader_registrations"
    )
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "board"], name="one_school_leader_registration_per_round"
            )
        ]

    def __str__(self):
        return f"schoolleiding {self.board_id} @ {self.round}"


class SchoolLeaderVersion(Version):
    """One change of a board's school-leader registration."""

    registration = models.ForeignKey(
        SchoolLeaderRegistration, on_delete=models.PROTECT, related_name="versions"
    )
    upload = models.ForeignKey(
        Upload, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(Version.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "number"], name="one_school_leader_version_number"
            )
        ]


class Reminder(models.Model):
    """A reminder e-mail about one location to one user: never two on one day."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["location", "user", "sent_on"], name="one_reminder_per_day"
            )
        ]

    def __str__(self):
        return f"herinnering {self.location_id} → {self.user} ({self.sent_on})"


class ApiToken(models.Model):
    """A token for the upload API; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upload_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} ({self.user})"
