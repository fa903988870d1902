"""Onderwijsregio membership in the admin (/beheer/): administrators only; dates before today
are never changed there (membership is history), nothing is deleted, and every addition and
change is in the audit trail."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.accounts.testing import sign_in
from tekort.audit.models import Event
from tekort.registry import membership
from tekort.registry.models import Onderwijsregio, OnderwijsregioMembership

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registry_onderwijsregiomembership_changelist")
ADD = reverse("admin:registry_onderwijsregiomembership_add")
D = datetime.timedelta


def _user(email, *, staff, **role):
    user = get_user_model().objects.create_user(email, email=email, is_staff=staff)
    if role:
        Role.objects.create(user=user, **role)
    return user


@pytest.fixture
def admin_client(client):
    sign_in(client, _user("beheer@example.nl", staff=True, kind=Role.Kind.ADMIN))
    return client


@pytest.fixture
def started():
    """A membership of the provisional import: no known start, still running."""
    return OnderwijsregioMembership.objects.filter(valid_from__isnull=True).order_by("pk").first()


def _change(obj):
    return reverse("admin:registry_onderwijsregiomembership_change", args=[obj.pk])


def test_the_changelist_and_change_page_load_for_an_administrator(admin_client, started):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "geldig vanaf" in page.lower() and "lid vandaag" in page.lower()
    for query in ("?status=current", "?status=ended", "?status=future", f"?q={started.board_id}"):
        assert admin_client.get(CHANGELIST + query).status_code == 200
    found = admin_client.get(CHANGELIST + f"?q={started.board_id}").content.decode()
    assert started.onderwijsregio.name in found
    page = admin_client.get(_change(started)).content.decode()
    assert "lidmaatschappen van dit bestuur" in page.lower()
    assert started.onderwijsregio.name in page
    assert admin_client.get(ADD).status_code == 200


def test_non_staff_and_staff_without_the_administrator_role_are_refused(client, started):
    sign_in(client, _user("analist@example.nl", staff=False, kind=Role.Kind.ANALYST))
    for url in (CHANGELIST, _change(started), ADD):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    sign_in(client, _user("staf@example.nl", staff=True))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(_change(started)).status_code == 403


def _form(obj, **fields):
    data = {
        "onderwijsregio": obj.onderwijsregio_id,
        "board": obj.board_id,
        "valid_from": obj.valid_from.isoformat() if obj.valid_from else "",
        "valid_to": obj.valid_to.isoformat() if obj.valid_to else "",
    }
    return {**data, **fields}


def test_a_running_membership_is_ended_from_today_on_never_in_the_past(admin_client, started):
    today = membership.today()
    other = Onderwijsregio.objects.exclude(pk=started.onderwijsregio_id).first()
    refused = admin_client.post(
        _change(started), _form(started, valid_to=(today - D(days=1)).isoformat())
    )
    assert refused.status_code == 200  # the form again, with the reason
    assert "vóór vandaag" in refused.content.decode()
    started.refresh_from_db()
    assert started.valid_to is None

    end = today + D(days=30)
    saved = admin_client.post(
        _change(started), _form(started, valid_to=end.isoformat(), onderwijsregio=other.pk)
    )
    assert saved.status_code == 302
    stored = OnderwijsregioMembership.objects.get(pk=started.pk)
    # the start has passed: board, region and start are read-only
    assert (stored.valid_to, stored.onderwijsregio_id, stored.valid_from) == (
        end,
        started.onderwijsregio_id,
        None,
    )
    event = Event.objects.get(object_type="registry.onderwijsregiomembership")
    assert event.action == "changed_record" and event.actor_name == "beheer@example.nl"
    assert event.detail == {"changes": {"valid_to": [None, end.isoformat()]}}
    assert "audittrail" in admin_client.get(_change(started)).content.decode().lower()


def test_an_ended_membership_cannot_be_changed_or_deleted(admin_client, started):
    started.valid_to = membership.today() - D(days=10)
    started.save()
    response = admin_client.post(_change(started), _form(started, valid_to=""))
    assert response.status_code == 302  # every field is read-only: nothing to change
    started.refresh_from_db()
    assert started.valid_to == membership.today() - D(days=10)
    delete = reverse("admin:registry_onderwijsregiomembership_delete", args=[started.pk])
    assert admin_client.get(delete).status_code == 403
    assert not Event.objects.filter(object_type="registry.onderwijsregiomembership").exists()


def test_a_new_membership_starts_today_or_later_and_is_recorded(admin_client, started):
    today = membership.today()
    other = Onderwijsregio.objects.exclude(pk=started.onderwijsregio_id).first()
    data = {"onderwijsregio": other.pk, "board": started.board_id, "valid_to": ""}
    for start in ("", (today - D(days=1)).isoformat()):
        assert admin_client.post(ADD, {**data, "valid_from": start}).status_code == 200
    assert not OnderwijsregioMembership.objects.filter(
        board=started.board, onderwijsregio=other
    ).exists()

    assert admin_client.post(ADD, {**data, "valid_from": today.isoformat()}).status_code == 302
    made = OnderwijsregioMembership.objects.get(board=started.board, onderwijsregio=other)
    assert made.valid_from == today and made.source == "beheer (beheer@example.nl)"
    assert other in membership.regions_of_board(started.board, today)
    event = Event.objects.get(object_type="registry.onderwijsregiomembership")
    assert (event.action, event.object_id) == ("created_record", str(made.pk))
    assert event.detail["changes"]["valid_from"] == [None, today.isoformat()]
