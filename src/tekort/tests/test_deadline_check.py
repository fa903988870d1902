"""The deadline-day check itself (tekort/tests/deadline_day.py): it finds what was written, and
says so when an acknowledged submission is missing or was written without an acknowledgement.
On PostgreSQL (the check's SQL is), inside the test's transaction: marker ``topology``."""

from decimal import Decimal as D

import pytest
from django.db import connection

from tekort.accounts.models import Role
from tekort.registry.models import Location
from tekort.submissions import intake
from tekort.submissions.figures import Figures
from tekort.submissions.tests.factories import RoleFactory, RoundFactory
from tekort.tests import deadline_day

pytestmark = [pytest.mark.topology, pytest.mark.django_db]


@pytest.fixture
def written():
    """Two versions of one location's registration, through the intake (with audit events)."""
    round_ = RoundFactory()
    code = Location.objects.filter(sector="bao").order_by("code").values_list("code", flat=True)[0]
    user = RoleFactory(kind=Role.Kind.SCHOOL, location_id=code).user
    location = Location.objects.get(code=code)
    for version, formatie in enumerate(("10.00", "12.50")):
        intake.submit(
            round_, location, Figures(formatie=D(formatie)), user=user, channel="form",
            expected_version=version, confirmed=True,
        )  # fmt: skip
    plan = {"round": round_.pk, "form": [{"code": code}], "web": [], "api": []}
    return plan, code


def check(plan, acks):
    record = deadline_day.Record(form_acks=acks)
    return deadline_day.check(connection.connection, plan, record)


def test_every_acknowledged_version_is_found(written):
    plan, code = written
    found = check(plan, [(code, 1, "10.00"), (code, 2, "12.50")])
    assert (found.acknowledged, found.found, found.lost, found.duplicated) == (2, 2, [], [])
    assert found.unacknowledged_writes == 0


def test_a_missing_or_different_version_is_lost(written):
    plan, code = written
    found = check(plan, [(code, 1, "10.00"), (code, 2, "99.00"), (code, 3, "13.00")])
    assert (found.acknowledged, found.found) == (3, 1)
    assert found.lost == [f"{code} v2 (99.00)", f"{code} v3 (13.00)"]


def test_a_write_without_acknowledgement_is_counted(written):
    plan, code = written
    found = check(plan, [(code, 1, "10.00")])
    assert (found.acknowledged, found.found, found.lost) == (1, 1, [])
    assert found.unacknowledged_writes == 1
