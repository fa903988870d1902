"""The former monitor.Change rows move into the one audit trail (migration 0004, issue 22)."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from tekort.audit.models import Event
from tekort.monitor import history

pytestmark = pytest.mark.django_db

LONG_SOURCE = "/srv/tekort/" + "gedeelde-gegevens/" * 6 + "monitor/policy"  # 134 characters
move = importlib.import_module("tekort.monitor.migrations.0004_changes_in_the_audit_trail")


class _Rows(list):
    def select_related(self, *fields):
        return self

    def order_by(self, *fields):
        return _Rows(sorted(self, key=lambda c: (c.at, c.id)))


def test_every_change_becomes_an_event_with_its_time_user_object_and_data():
    analyst = get_user_model().objects.create_user("analist")
    at = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    rows = _Rows(
        [
            SimpleNamespace(
                id=2,
                at=at + datetime.timedelta(hours=1),
                user_id=analyst.pk,
                user=analyst,
                object_type="status",
                object_id="ms-1@l2024-06",
                action="status.revised",
                data={"before": {"text": "Eerste."}, "after": {"text": "Tweede."}},
            ),
            SimpleNamespace(
                id=1,
                at=at,
                user_id=None,
                user=None,
                object_type="policy",
                object_id=LONG_SOURCE,
                action="import",
                data={"moties": {"created": 3}},
            ),
        ]
    )
    models = {"Change": SimpleNamespace(objects=rows), "Event": Event}
    move.to_audit_trail(SimpleNamespace(get_model=lambda app, name: models[name]), None)

    imported, revised = history.changes().order_by("at")
    assert (imported.at, imported.actor, imported.actor_name) == (at, None, "")
    # a path longer than the field keeps its end there and all of it in the detail
    assert imported.object_type == "monitor.policy"
    assert len(imported.object_id) == 64 and imported.object_id.endswith("/monitor/policy")
    assert imported.detail == {
        "change": "import",
        "data": {"moties": {"created": 3}},
        "object_id": LONG_SOURCE,
    }
    assert (revised.actor, revised.actor_name) == (analyst, "analist")
    assert revised.object_type == "monitor.status" and revised.object_id == "ms-1@l2024-06"
    assert history.changes("status.revised").get().detail["data"]["after"]["text"] == "Tweede."
    assert Event.objects.filter(action=Event.Action.CHANGED_POLICY).count() == 2


def test_an_import_from_a_long_path_is_recorded_whole():
    event = history.record_import("import", LONG_SOURCE, {"moties": {"created": 1}})
    event.refresh_from_db()
    assert len(event.object_id) <= 64 and event.object_id.startswith("…")
    assert event.detail["object_id"] == LONG_SOURCE
    assert history.changes("import").get() == event
