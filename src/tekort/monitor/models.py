"""The policy register: letters, items (motions, commitments, questions), their status per letter,
the figures and studies the letters report, tekort's indicators, and an append-only change log.

Verbatim columns (`Item.request`, `Status.text`, `Figure.source_quote`, `Study.source_quote`) hold
the source letters' own words and are never retyped.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MOTIE = "motie", _("motion")
    TOEZEGGING = "toezegging", _("commitment")
    KAMERVRAAG = "kamervraag", _("parliamentary question")
    COMMISSIEVERZOEK = "commissieverzoek", _("committee request")
    # a deliverable a letter announces without calling it a toezegging (tracked separately)
    AANKONDIGING = "aankondiging", _("announcement")


class Theme(models.TextChoices):
    REGIONAL = "regional cooperation", _("regional cooperation")
    MORE_HOURS = "more hours/bonus", _("more hours and bonus")
    ZIJ_INSTROOM = "zij-instroom", _("zij-instroom")
    TEACHER_EDUCATION = "teacher education", _("teacher education")
    WORKLOAD = "workload", _("workload")
    STRATEGIC_HR = "strategic HR", _("strategic HR")
    SALARIES = "salaries/internships", _("salaries and internships")
    DIVERSITY = "diversity", _("diversity")
    QUALIFICATIONS = "qualifications", _("qualifications")
    ONDERWIJSTIJD = "onderwijstijd", _("onderwijstijd")
    DATA = "data/monitoring", _("data and monitoring")
    INDUCTION = "induction", _("induction of starting teachers")
    RETENTION = "retention", _("retention")
    PROFESSIONAL_DEVELOPMENT = "professional development", _("professional development")
    OVERALL = "overall strategy", _("overall strategy")
    FUNDING = "funding", _("funding")


class StatusClass(models.TextChoices):
    AFGEDAAN = "afgedaan", _("done")
    LOPEND = "lopend", _("in progress")
    TOEGEZEGD_LATER = "toegezegd-later", _("report promised later")
    NIET_UITGEVOERD = "niet-uitgevoerd", _("not carried out")


class Section(models.TextChoices):
    BIJLAGE = "bijlage", _("annex")
    BRIEF = "brief", _("letter body")
    ANTWOORD = "antwoord", _("answer to a question")


class Letter(models.Model):
    """A letter to parliament (or its annex). Staff plan the next letter before it is sent."""

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")

    id = models.SlugField(primary_key=True, max_length=20)
    date = models.DateField(help_text=_("The first of the month when only the month is known."))
    date_precision = models.CharField(max_length=5, choices=Precision.choices)
    date_source = models.TextField(blank=True)
    kamerstuk = models.CharField(max_length=200, blank=True)
    kamerstuk_norm = models.CharField(max_length=50, blank=True)
    title = models.TextField()
    title_source = models.TextField(blank=True)
    doc_type = models.TextField(blank=True)
    senders = models.TextField(blank=True)
    source_file = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    is_planned = models.BooleanField(
        default=False,
        help_text=_("A letter being prepared: only ministry staff see it and its statuses."),
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return self.title


class Item(models.Model):
    """A motion, commitment, parliamentary question or committee request."""

    id = models.SlugField(primary_key=True, max_length=80)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    kamerstuk = models.TextField(blank=True)
    kamerstuk_norm = models.CharField(
        max_length=50, blank=True, help_text=_("Not unique: two motions can share a number.")
    )
    item_ref = models.CharField(max_length=30, blank=True)
    indieners = models.TextField(blank=True)
    date_of_commitment = models.CharField(max_length=10, blank=True)
    title = models.TextField()
    title_source = models.TextField(blank=True)
    request = models.TextField(blank=True)
    request_source = models.CharField(max_length=40, blank=True)
    request_letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request_fragments = models.PositiveSmallIntegerField(default=0)
    theme = models.CharField(max_length=40, choices=Theme.choices)
    theme_secondary = models.CharField(max_length=40, choices=Theme.choices, blank=True)
    notes = models.TextField(blank=True)
    indicators = models.ManyToManyField("Indicator", blank=True, related_name="items")
    figures = models.ManyToManyField("Figure", blank=True, related_name="items")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.kamerstuk or self.item_ref or self.title}"


class ItemFlag(models.Model):
    """An ambiguity in the sources that must stay visible (found by the import, never hidden)."""

    class Kind(models.TextChoices):
        SHARED_NUMBER = "shared-number", _("number shared with another item")
        SAME_REQUEST = "same-request", _("request text identical to another item's")
        INFERRED = "inferred", _("link inferred by the compiler")

    id = models.CharField(primary_key=True, max_length=200)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    other = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["item", "kind", "id"]

    def __str__(self):
        return f"{self.item_id}: {self.kind}"


class Status(models.Model):
    """The status of one item as one letter reports it. Approved statuses are never edited."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    id = models.CharField(primary_key=True, max_length=120)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="statuses")
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="statuses")
    section = models.CharField(max_length=10, choices=Section.choices, default=Section.BIJLAGE)
    heading = models.TextField(blank=True)
    kamerstuk_as_written = models.TextField(blank=True)
    text = models.TextField(help_text=_("The letter's own words (verbatim for imported letters)."))
    fragments = models.PositiveSmallIntegerField(default=1)
    shared_group = models.CharField(max_length=80, blank=True)
    status_class = models.CharField(max_length=20, choices=StatusClass.choices)
    reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Order within the letter."))
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["letter__date", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "letter"], name="one_status_per_item_letter")
        ]

    def __str__(self):
        return f"{self.item_id} @ {self.letter_id}"


class Deadline(models.Model):
    """When an item is due: the last day of the period a letter names for it ("in het najaar van
    2024" -> 30 November 2024), read from the text by `monitor.deadlines` at import, or set by
    staff through `monitor.editing.set_deadline` (which the import then leaves alone)."""

    class Source(models.TextChoices):
        TEXT = "text", _("read from the text")
        STAFF = "staff", _("set by staff")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        SEASON = "season", _("season")
        PART_OF_YEAR = "part-of-year", _("part of a year")
        HALF_YEAR = "half-year", _("half year")
        YEAR = "year", _("year")
        SCHOOL_YEAR = "school-year", _("school year")

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, primary_key=True, related_name="deadline"
    )
    due_date = models.DateField(help_text=_("The last day of the period."))
    period_start = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=15, choices=Precision.choices)
    phrase = models.TextField(
        help_text=_("The words of the text the period was read from (verbatim), or staff's note.")
    )
    source = models.CharField(max_length=5, choices=Source.choices)
    letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_date", "item"]

    def __str__(self):
        return f"{self.item_id}: {self.due_date:%Y-%m-%d}"


class Indicator(models.Model):
    """One of tekort's own indicators (`zij_instroom.count`, `registration.response_rate`)."""

    key = models.CharField(primary_key=True, max_length=60)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.name


class Figure(models.Model):
    """A quantitative fact a letter states, with its verbatim source sentence."""

    id = models.CharField(primary_key=True, max_length=30)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="figures")
    subject = models.TextField()
    value = models.DecimalField(max_digits=16, decimal_places=2)
    value_as_written = models.CharField(max_length=200)
    unit = models.CharField(max_length=20)
    per = models.CharField(max_length=30, blank=True)
    qualifier = models.CharField(max_length=20)
    reference_period = models.CharField(max_length=200, blank=True)
    geography = models.CharField(max_length=100, blank=True)
    sector = models.CharField(max_length=100, blank=True)
    source_quote = models.TextField()
    source_fragments = models.PositiveSmallIntegerField(default=1)
    notes = models.TextField(blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="figures"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.subject}: {self.value_as_written}"


class Study(models.Model):
    """A study or evaluation as one letter describes it (`study_id` is shared across letters)."""

    id = models.CharField(primary_key=True, max_length=120)
    study_id = models.SlugField(max_length=100)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="studies")
    title = models.TextField()
    title_source = models.TextField(blank=True)
    authors = models.TextField(blank=True)
    bureau = models.TextField(blank=True)
    year = models.CharField(max_length=20, blank=True)
    study_type = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=200, blank=True)
    kamerstuk = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    summary = models.TextField(blank=True)
    source_quote = models.TextField(blank=True)
    source_fragments = models.PositiveSmallIntegerField(default=0)
    related_study_ids = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["letter__date", "study_id"]

    def __str__(self):
        return self.title
