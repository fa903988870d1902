"""The audit trail: append-only events. Written only through tekort.audit.events."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An audit event was about to be changed or deleted."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Audit events are never changed.")

    def delete(self):
        raise AppendOnly("Audit events are never deleted.")


class Event(models.Model):
    """One thing that happened: who did what, to which object, when and from where."""

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", _("signed in")
        SIGNED_OUT = "signed_out", _("signed out")
        SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out")
        TWO_FACTOR_SET_UP = "two_factor_set_up", _("two-factor authentication set up")
        PASSWORD_RESET = "password_reset", _("reset the password through an e-mail link")
        INVITED = "invited", _("invited a user")
        INVITATION_ACCEPTED = "invitation_accepted", _("accepted an invitation")
        VIEWED_MICRODATA = "viewed_microdata", _("viewed microdata")
        DOWNLOADED_MICRODATA = "downloaded_microdata", _("downloaded microdata")
        CREATED_RECORD = "created_record", _("created a record")
        CHANGED_RECORD = "changed_record", _("changed a record")
        DELETED_RECORD = "deleted_record", _("deleted a record")
        PUBLISHED_RELEASE = "published_release", _("published a release")
        CHANGED_POLICY = "changed_policy", _("changed the policy register")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    # No database constraint and no cascade: the trail outlives the user it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name or '-'} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Audit events are never deleted.")
