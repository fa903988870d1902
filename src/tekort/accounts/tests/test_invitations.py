"""Invitations: who may invite whom, single-use signed links that expire, accepting."""

import time
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tekort.accounts import invitations
from tekort.accounts.models import Invitation, Role
from tekort.accounts.role_matrix import build_world
from tekort.accounts.testing import sign_in
from tekort.accounts.tests.helpers import user_with_role
from tekort.audit.models import Event

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Vestiging-registreert-2025"


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_an_administrator_invites_an_analyst_by_email(client):
    admin = user_with_role("beheer@example.nl", kind=Role.Kind.ADMIN)
    sign_in(client, admin)
    response = client.post(
        "/account/uitnodigen/", {"email": "Analist@Example.nl", "kind": "analyst"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.kind, invitation.invited_by) == (
        "analist@example.nl",
        "analyst",
        admin,
    )
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    (message,) = mail.outbox
    assert message.to == ["analist@example.nl"]
    assert "/account/uitnodiging/" in message.body
    assert Event.objects.filter(action="invited", actor=admin).exists()


def test_a_board_inviter_invites_only_for_the_boards_own_locations(client):
    world = build_world()
    inviter = user_with_role(
        "hr@example.nl", kind=Role.Kind.BOARD, board=world.own.board, can_invite=True
    )
    sign_in(client, inviter)
    url = f"/account/besturen/{world.own.board.number}/uitnodigen/"
    refused = client.post(
        url, {"email": "x@example.nl", "kind": "school", "location": world.other.location.code}
    )
    assert refused.status_code == 200
    assert "location_error" in refused.content.decode()  # the error is linked to the field
    assert not Invitation.objects.exists()
    # A region or analyst role is not the board's to give.
    assert client.post(url, {"email": "x@example.nl", "kind": "analyst"}).status_code == 200
    assert not Invitation.objects.exists()

    client.post(
        url,
        {"email": "directeur@example.nl", "kind": "school", "location": world.own.location.code},
    )
    invitation = Invitation.objects.get()
    assert (invitation.kind, invitation.location) == ("school", world.own.location)
    # Another board's invitation page is refused.
    other = client.get(f"/account/besturen/{world.other.board.number}/uitnodigen/")
    assert other.status_code == 403


def test_a_board_user_without_can_invite_may_not_invite(client):
    world = build_world()
    user = user_with_role("medewerker@example.nl", kind=Role.Kind.BOARD, board=world.own.board)
    sign_in(client, user)
    assert client.get(f"/account/besturen/{world.own.board.number}/uitnodigen/").status_code == 403
    assert client.get("/account/uitnodigen/").status_code == 403


def test_accepting_sets_a_password_then_forces_totp_setup(client):
    world = build_world()
    _invitation, link = invitations.invite(
        email="regio@example.nl", kind="region", onderwijsregio=world.own.onderwijsregio
    )
    url = f"/account/uitnodiging/{token_of(link)}/"
    page = client.get(url)
    assert page.status_code == 200 and "regio@example.nl" in page.content.decode()

    weak = client.post(url, {"new_password1": "welkom123", "new_password2": "welkom123"})
    assert weak.status_code == 200 and "new_password2_error" in weak.content.decode()
    assert not get_user_model().objects.filter(username="regio@example.nl").exists()

    done = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert (
        done.status_code == 302 and done["Location"] == "/account/tweestapsverificatie/instellen/"
    )
    user = get_user_model().objects.get(username="regio@example.nl")
    assert user.check_password(NEW_PASSWORD)
    assert user.roles.get().onderwijsregio == world.own.onderwijsregio
    # Signed in, but not verified: the account page sends the new user to the TOTP setup.
    assert "/tweestapsverificatie/instellen/" in client.get("/account/")["Location"]
    assert Event.objects.filter(action="invitation_accepted", actor=user).exists()

    # The link works once.
    again = client.get(url)
    assert again.status_code == 410 and "al gebruikt" in again.content.decode()


def test_an_expired_invitation_is_refused(client):
    _invitation, link = invitations.invite(email="laat@example.nl", kind="analyst")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/account/uitnodiging/{token_of(link)}/")
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    posted = client.post(
        f"/account/uitnodiging/{token_of(link)}/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert posted.status_code == 410
    assert not get_user_model().objects.filter(username="laat@example.nl").exists()


def test_a_token_older_than_the_validity_is_refused_even_if_the_record_says_open():
    invitation, link = invitations.invite(email="oud@example.nl", kind="analyst")
    Invitation.objects.update(expires_at=timezone.now() + timedelta(days=30))
    later = time.time() + timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        with pytest.raises(invitations.InvitationInvalid, match="verlopen|expired"):
            invitations.invitation_for(token_of(link))
    assert invitations.invitation_for(token_of(link)) == invitation


def test_a_tampered_or_revoked_token_is_refused():
    invitation, link = invitations.invite(email="sluw@example.nl", kind="analyst")
    token = token_of(link)
    with pytest.raises(invitations.InvitationInvalid):
        invitations.invitation_for(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    invitation.nonce = "0" * 32  # a new nonce revokes the old link
    invitation.save()
    with pytest.raises(invitations.InvitationInvalid):
        invitations.invitation_for(token)


def test_an_existing_user_adds_the_role_after_signing_in(client):
    world = build_world()
    user = user_with_role("twee@example.nl", kind=Role.Kind.SCHOOL, location=world.own.location)
    _invitation, link = invitations.invite(
        email="twee@example.nl", kind="school", location=world.other.location
    )
    url = f"/account/uitnodiging/{token_of(link)}/"
    assert "Meld u eerst aan" in client.get(url).content.decode()
    sign_in(client, user)
    assert client.post(url).status_code == 302
    assert set(user.roles.values_list("location", flat=True)) == {
        world.own.location.pk,
        world.other.location.pk,
    }


def test_the_invite_command_bootstraps_the_first_administrator(client):
    out = StringIO()
    call_command("invite", "eerste@example.nl", "--role", "admin", stdout=out)
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:8000/account/uitnodiging/")
    assert mail.outbox[0].to == ["eerste@example.nl"]
    client.post(
        f"/account/uitnodiging/{token_of(link)}/",
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    admin = get_user_model().objects.get(username="eerste@example.nl")
    assert admin.is_staff and admin.roles.get().kind == "admin"
    assert admin.has_perm("accounts.invite_any") and admin.has_perm("audit.view_events")


def test_the_invite_command_checks_the_role_object():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--board"):
        call_command("invite", "x@example.nl", "--role", "board", stdout=StringIO())
    with pytest.raises(CommandError, match="Not found"):
        call_command(
            "invite", "x@example.nl", "--role", "school", "--location", "ZZZZ99", stdout=StringIO()
        )
    assert not Invitation.objects.exists()
