"""Roles tie a user to the objects of the register they act for."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tekort.registry.models import Board, Location, Onderwijsregio


class Role(models.Model):
    """One role of one user: a school user per location, a board user per board, and so on."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("school user")
        BOARD = "board", _("board user")
        REGION = "region", _("region coordinator")
        ANALYST = "analyst", _("ministry analyst")
        ADMIN = "admin", _("administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, null=True, blank=True)
    onderwijsregio = models.ForeignKey(
        Onderwijsregio, on_delete=models.CASCADE, null=True, blank=True
    )
    can_invite = models.BooleanField(
        default=False, help_text=_("A board user who may invite the board's users.")
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="role_object_matches_kind",
                condition=(
                    Q(
                        kind="school",
                        location__isnull=False,
                        board__isnull=True,
                        onderwijsregio__isnull=True,
                    )
                    | Q(
                        kind="board",
                        board__isnull=False,
                        location__isnull=True,
                        onderwijsregio__isnull=True,
                    )
                    | Q(
                        kind="region",
                        onderwijsregio__isnull=False,
                        location__isnull=True,
                        board__isnull=True,
                    )
                    | Q(
                        kind__in=["analyst", "admin"],
                        location__isnull=True,
                        board__isnull=True,
                        onderwijsregio__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "location", "board", "onderwijsregio"],
                name="one_role_per_object",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        target = self.location or self.board or self.onderwijsregio or ""
        return f"{self.user} — {self.get_kind_display()} {target}".strip()


class Invitation(models.Model):
    """An invitation by e-mail to take up one role; accepted once, before it expires.

    The link carries a signed token (tekort.accounts.invitations) naming this invitation and its
    nonce; the invitation itself records expiry and use, so a link works once and never late.
    """

    email = models.EmailField(_("e-mail address"))
    kind = models.CharField(_("role"), max_length=10, choices=Role.Kind.choices)
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("location")
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("board")
    )
    onderwijsregio = models.ForeignKey(
        Onderwijsregio,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("onderwijsregio"),
    )
    can_invite = models.BooleanField(_("may invite the board's users"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    nonce = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} — {self.get_kind_display()} {self.target or ''}".strip()

    @property
    def target(self):
        return self.location or self.board or self.onderwijsregio

    def role_fields(self) -> dict:
        return {
            "kind": self.kind,
            "location": self.location,
            "board": self.board,
            "onderwijsregio": self.onderwijsregio,
        }
