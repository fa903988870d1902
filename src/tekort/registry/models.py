"""The reference register: who and where the schools are.

Everything here is imported from official files (see importers/); nothing is typed in by hand
except onderwijsregio membership, which has no official file.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    BAO = "bao", _("regular primary education")
    SBO = "sbo", _("special primary education")
    SO = "so", _("special education")
    VSO = "vso", _("secondary special education")
    SO_VSO = "sovso", _("special and secondary special education")
    VO = "vo", _("secondary education")


# The po sectors (primary education, as the ministry publishes it); vo is the other group.
PO_SECTORS = tuple(s.value for s in (Sector.BAO, Sector.SBO, Sector.SO, Sector.VSO, Sector.SO_VSO))
# Each sector's name in the estimates and the published cells (``sector=…`` domains): the
# register's combined so/vso locations are "(v)so" there.
PUBLISHED_SECTOR = {
    Sector.BAO: "bao",
    Sector.SBO: "sbo",
    Sector.SO: "so",
    Sector.VSO: "vso",
    Sector.SO_VSO: "(v)so",
    Sector.VO: "vo",
}


# CBS codes of the five largest cities (Amsterdam, Rotterdam, Den Haag, Utrecht, Almere).
G5_MUNICIPALITY_CODES = frozenset({"GM0363", "GM0599", "GM0518", "GM0344", "GM0034"})


class CbsArea(models.Model):
    """An area CBS publishes by a four-character code and a name."""

    code = models.CharField(max_length=4, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name


class Province(CbsArea):
    """One of the twelve provinces (CBS code PVxx, e.g. PV27)."""

    class Meta:
        ordering = ["name"]


class LabourMarketRegion(CbsArea):
    """One of the 35 arbeidsmarktregio's (CBS code AMxx)."""


class CoropArea(CbsArea):
    """A COROP area (CBS code CRxx, e.g. CR23)."""


class Municipality(models.Model):
    code = models.CharField(max_length=6, primary_key=True)  # GM0363
    name = models.CharField(max_length=100)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="municipalities")
    labour_market_region = models.ForeignKey(
        LabourMarketRegion, on_delete=models.PROTECT, null=True, related_name="municipalities"
    )
    corop_area = models.ForeignKey(
        CoropArea, on_delete=models.PROTECT, null=True, related_name="municipalities"
    )
    is_g5 = models.BooleanField(default=False)
    duo_name = models.CharField(
        max_length=100, blank=True, help_text=_("Name as DUO writes it (upper case).")
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "municipalities"

    def __str__(self):
        return self.name


class Board(models.Model):
    """A bevoegd gezag (school board), identified by DUO's number."""

    number = models.CharField(max_length=5, primary_key=True)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.name or _('Bestuur')} ({self.number})"


class Institution(models.Model):
    """An instelling, identified by its BRIN code."""

    brin = models.CharField(max_length=4, primary_key=True)
    name = models.CharField(max_length=200)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="institutions")
    sector = models.CharField(max_length=5, choices=Sector.choices)

    class Meta:
        ordering = ["brin"]

    def __str__(self):
        return f"{self.name} ({self.brin})"


class Location(models.Model):
    """A vestiging (BRIN + two digits): the unit that registers its figures."""

    code = models.CharField(max_length=6, primary_key=True)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="locations")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=5, choices=Sector.choices, db_index=True)
    denomination = models.CharField(max_length=100, blank=True)
    street = models.CharField(max_length=200, blank=True)
    house_number = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    place = models.CharField(max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="locations"
    )
    website = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    schoolweging = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    schoolweging_year = models.PositiveSmallIntegerField(null=True, blank=True)
    schoolweging_is_demo = models.BooleanField(
        default=False, help_text=_("No CBS schoolweging known: demo value.")
    )
    source = models.CharField(max_length=100, help_text=_("File the location was imported from."))

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class PupilCount(models.Model):
    """DUO's pupil count of a location for a count year; '<5' is stored as hidden."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="pupil_counts")
    year = models.PositiveSmallIntegerField()
    pupils = models.PositiveIntegerField(null=True, help_text=_("Empty where DUO publishes '<5'."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["location", "year"], name="one_count_per_year")
        ]

    def __str__(self):
        return f"{self.location_id} {self.year}: {self.pupils if self.pupils is not None else '<5'}"


class Onderwijsregio(models.Model):
    """A regional partnership of school boards: not an official geography, a set of boards."""

    name = models.CharField(max_length=200, unique=True)
    boards = models.ManyToManyField(
        Board,
        related_name="onderwijsregios",
        blank=True,
        through="OnderwijsregioMembership",
        help_text=_(
            "Every membership ever, ended ones included: read the members on a date through "
            "tekort.registry.membership."
        ),
    )
    is_provisional = models.BooleanField(
        default=False, help_text=_("Provisional assignment for the demo, not official.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "onderwijsregio's"

    def __str__(self):
        return self.name


class OnderwijsregioMembership(models.Model):
    """A board's membership of an onderwijsregio from `valid_from` up to (not including)
    `valid_to`; null `valid_to`: still a member. Null `valid_from`: the start is not known (the
    memberships from before membership had dates, a first import without dates): a member on
    every date before `valid_to`. Ended memberships are kept: they are history.

    Which onderwijsregio(s) a board belongs to on a date is decided in one place only:
    tekort.registry.membership."""

    onderwijsregio = models.ForeignKey(
        Onderwijsregio,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("onderwijsregio"),
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        related_name="onderwijsregio_memberships",
        verbose_name=_("board"),
    )
    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("First day of membership; empty: start not known, a member on every date."),
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("First day no longer a member; empty: still a member."),
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("File or import the membership came from."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True, null=True)

    class Meta:
        # The join table the plain many-to-many field had: its rows are these memberships.
        db_table = "registry_onderwijsregio_boards"
        verbose_name = _("onderwijsregio membership")
        verbose_name_plural = _("onderwijsregio memberships")
        ordering = ["onderwijsregio__name", "board_id", F("valid_from").asc(nulls_first=True)]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gt=F("valid_from")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["onderwijsregio", "board", "valid_from"], name="membership_start_once"
            ),
            models.UniqueConstraint(
                fields=["onderwijsregio", "board"],
                condition=models.Q(valid_from__isnull=True),
                name="membership_unknown_start_once",
            ),
        ]

    def __str__(self):
        start = self.valid_from.isoformat() if self.valid_from else "…"
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.board_id} in {self.onderwijsregio} ({start}–{end})"

    def clean(self):
        super().clean()
        if self.valid_to is not None and self.valid_from and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("The end must come after the start.")})
        if self.board_id is None or self.onderwijsregio_id is None:
            return
        overlapping = OnderwijsregioMembership.objects.filter(
            board_id=self.board_id, onderwijsregio_id=self.onderwijsregio_id
        ).exclude(pk=self.pk)
        if self.valid_from is not None:
            overlapping = overlapping.filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=self.valid_from)
            )
        if self.valid_to is not None:
            overlapping = overlapping.filter(
                models.Q(valid_from__isnull=True) | models.Q(valid_from__lt=self.valid_to)
            )
        if overlapping.exists():
            raise ValidationError(
                _("This board is already a member of this onderwijsregio in that period.")
            )


class MunicipalityBoundary(models.Model):
    """Simplified boundary (GeoJSON geometry, WGS84) for maps."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="boundary"
    )
    year = models.PositiveSmallIntegerField()
    geometry = models.JSONField()

    def __str__(self):
        return f"{self.municipality_id} ({self.year})"


class VoSubject(models.Model):
    """A subject (vak) of secondary education that the uitvraag asks per vo location.

    The list is the one OCW publishes the vo shortage by (ocwincijfers.nl, "landelijke tekorten vo
    naar vak", October 2023: 22 subjects, "Overige" the rest), so that tekort's per-subject figures
    stand beside the ministry's. A subject is asked from ``valid_from`` up to (not including)
    ``valid_to``; a subject that is no longer asked is ended, never deleted, so earlier rounds
    keep their meaning (``tekort.registry.vo_subjects``).
    """

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(
        help_text=_("Order in forms and tables (the ministry's order).")
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=F("valid_from")),
                name="vo_subject_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"
