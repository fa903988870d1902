"""The audit trail: one function per action, append-only in the model and in the database."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from tekort.audit import events
from tekort.audit.admin import EventAdmin
from tekort.audit.models import AppendOnly, Event
from tekort.registry.models import Location

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of_user():
    user = get_user_model().objects.create_user("analist@example.nl")
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.user = user
    return request


def test_viewed_microdata_records_who_what_and_where(request_of_user):
    location = Location.objects.order_by("code").first()
    event = events.viewed_microdata(request_of_user, location, {"round": "2025-10-01"})
    assert event.actor == request_of_user.user
    assert event.actor_name == "analist@example.nl"
    assert (event.object_type, event.object_id) == ("registry.location", location.code)
    assert event.detail == {"round": "2025-10-01"}
    assert event.ip_address == "192.0.2.7"
    assert event.action == "viewed_microdata"


def test_downloads_and_changes_keep_their_detail(request_of_user):
    location = Location.objects.order_by("code").first()
    download = events.downloaded_microdata(request_of_user, None, "csv", {"rows": 12})
    assert download.detail == {"format": "csv", "rows": 12} and download.object_type == ""
    change = events.changed_record(request_of_user, location, {"fte": [1.0, 2.0]})
    assert change.detail == {"changes": {"fte": [1.0, 2.0]}}


def test_events_are_never_changed_or_deleted(request_of_user):
    event = events.signed_in(request_of_user, request_of_user.user)
    event.action = "signed_out"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        Event.objects.filter(pk=event.pk).update(action="signed_out")
    with pytest.raises(AppendOnly):
        Event.objects.all().delete()
    # Also the database refuses an update behind the ORM's back.
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_event SET action = 'x' WHERE id = %s", [event.pk])
    assert Event.objects.get(pk=event.pk).action == "signed_in"


def test_the_trail_outlives_the_user(request_of_user):
    events.signed_in(request_of_user, request_of_user.user)
    request_of_user.user.delete()
    event = Event.objects.get()
    assert event.actor_name == "analist@example.nl"


def test_the_admin_is_read_only_and_for_administrators(request_of_user):
    from django.contrib.admin.sites import site

    admin = EventAdmin(Event, site)
    assert not admin.has_add_permission(request_of_user)
    assert not admin.has_change_permission(request_of_user)
    assert not admin.has_delete_permission(request_of_user)
    assert not admin.has_view_permission(request_of_user)  # not an administrator


def test_client_ip_behind_trusted_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert events.client_ip(request) == "10.0.0.1"  # no trusted proxy: X-Forwarded-For ignored
    settings.TEKORT_PROXY_COUNT = 1
    assert events.client_ip(request) == "203.0.113.5"  # what our proxy saw, not the forged part
