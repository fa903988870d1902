"""Invitations: the one write path for inviting a user and for accepting an invitation.

A board user with ``can_invite`` invites users for the board's locations and the board itself;
an administrator invites anyone (boards, regions, analysts, administrators). The e-mail carries a
link with a signed token (django.core.signing, salted, timestamped) naming the invitation and its
random nonce; the token is refused when its signature is wrong, when it is older than
``TEKORT_INVITATION_DAYS``, when the invitation has expired or when it was used already.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tekort.accounts.models import Invitation, Role
from tekort.audit import events

SALT = "tekort.accounts.invitation"


class InvitationInvalid(Exception):
    """The link cannot be used: wrong, expired or used already (the message says which)."""


def validity() -> timedelta:
    return timedelta(days=settings.TEKORT_INVITATION_DAYS)


def token_for(invitation: Invitation) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"i": invitation.pk, "n": invitation.nonce}
    )


def invitation_for(token: str) -> Invitation:
    """The open invitation a token names, or InvitationInvalid."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=validity().total_seconds()
        )
    except signing.SignatureExpired as error:
        raise InvitationInvalid(_("This invitation has expired.")) from error
    except signing.BadSignature as error:
        raise InvitationInvalid(_("This invitation link is not valid.")) from error
    invitation = Invitation.objects.filter(pk=data.get("i"), nonce=data.get("n")).first()
    if invitation is None:
        raise InvitationInvalid(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(_("This invitation has been used already."))
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid(_("This invitation has expired."))
    return invitation


def invite(
    *,
    email: str,
    kind: str,
    invited_by=None,
    location=None,
    board=None,
    onderwijsregio=None,
    can_invite: bool = False,
    request=None,
    base_url: str = "",
) -> tuple[Invitation, str]:
    """Create an invitation, e-mail its link and record it; returns the invitation and link.

    The caller has checked the permission (accounts.invite_any or accounts.invite_board_user).
    """
    invitation = Invitation.objects.create(
        email=email.strip().lower(),
        kind=kind,
        location=location,
        board=board,
        onderwijsregio=onderwijsregio,
        can_invite=can_invite and kind == Role.Kind.BOARD,
        invited_by=invited_by,
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + validity(),
    )
    path = reverse("accounts:accept", kwargs={"token": token_for(invitation)})
    link = request.build_absolute_uri(path) if request is not None else base_url.rstrip("/") + path
    context = {"invitation": invitation, "link": link, "days": settings.TEKORT_INVITATION_DAYS}
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    events.invited(
        request,
        invitation,
        {"email": invitation.email, "kind": kind, "target": str(invitation.target or "")},
    )
    return invitation, link


def existing_user_for(invitation: Invitation):
    return get_user_model().objects.filter(username__iexact=invitation.email).first()


@transaction.atomic
def accept(invitation: Invitation, user, request=None) -> Role:
    """Give ``user`` the invited role and close the invitation (once: a second call fails)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise InvitationInvalid(_("This invitation has been used already."))
    role, _created = Role.objects.get_or_create(user=user, **locked.role_fields())
    if locked.can_invite and not role.can_invite:
        role.can_invite = True
        role.save(update_fields=["can_invite"])
    if locked.kind == Role.Kind.ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    events.invitation_accepted(request, user, locked)
    return role
