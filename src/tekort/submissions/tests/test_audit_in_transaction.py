"""A version and its audit record are written together or not at all (issue 17): when the audit
write fails, the intake's transaction leaves no registration, version or upload result behind."""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from tekort.audit import events
from tekort.audit.models import Event
from tekort.registry.models import Location
from tekort.submissions import intake
from tekort.submissions.figures import Figures, SchoolLeaderFigures
from tekort.submissions.models import (
    Registration,
    RegistrationVersion,
    SchoolLeaderRegistration,
    Upload,
)

pytestmark = pytest.mark.django_db

FIGURES = Figures(
    formatie=D("10.00"),
    long_leave=D("1.00"),
    regulier_openstaand=D("0.50"),
    vervanging_openstaand=D("0.20"),
)


class AuditDown(Exception):
    pass


def failing_record(*args, **kwargs):
    raise AuditDown


@pytest.fixture
def audit_fails(monkeypatch):
    monkeypatch.setattr(events, "record", failing_record)


def test_form_submission_without_its_audit_event_is_not_stored(
    open_round, location, school_user, audit_fails
):
    with pytest.raises(AuditDown):
        intake.submit(
            open_round, location, FIGURES, user=school_user, channel="form",
            expected_version=0, confirmed=True,
        )  # fmt: skip
    assert not Registration.objects.filter(round=open_round).exists()
    assert not RegistrationVersion.objects.exists()


def test_changed_figures_without_their_audit_event_keep_the_old_version(
    open_round, location, school_user, monkeypatch
):
    intake.submit(
        open_round, location, FIGURES, user=school_user, channel="form",
        expected_version=0, confirmed=True,
    )  # fmt: skip
    monkeypatch.setattr(events, "record", failing_record)
    changed = replace(FIGURES, formatie=D("12.00"))
    with pytest.raises(AuditDown):
        intake.submit(
            open_round, location, changed, user=school_user, channel="form",
            expected_version=1, confirmed=True,
        )  # fmt: skip
    registration = Registration.objects.get(round=open_round, location=location)
    assert (registration.version, registration.formatie) == (1, D("10.00"))
    assert list(registration.versions.values_list("number", flat=True)) == [1]
    assert Event.objects.filter(object_id=str(registration.pk)).count() == 1


def test_school_leaders_without_their_audit_event_are_not_stored(
    open_round, board_with_locations, board_user, audit_fails
):
    leaders = SchoolLeaderFigures(formatie=D("3.00"), regulier_openstaand=D("0.50"))
    with pytest.raises(AuditDown):
        intake.submit_school_leaders(
            open_round, board_with_locations, leaders, user=board_user, channel="form",
            expected_version=0, confirmed=True,
        )  # fmt: skip
    assert not SchoolLeaderRegistration.objects.exists()


def test_board_file_without_its_audit_event_imports_no_row(
    open_round, board_with_locations, board_user, audit_fails
):
    codes = list(
        Location.objects.filter(board=board_with_locations).values_list("code", flat=True)[:3]
    )
    upload = Upload.objects.create(
        round=open_round, board=board_with_locations, user=board_user, channel="upload",
        file_name="bestuur.csv", content=b"",
    )  # fmt: skip
    items = [intake.Item(code, FIGURES, 0) for code in codes]
    with pytest.raises(AuditDown):
        intake.apply_many(open_round, items, user=board_user, channel="upload", upload=upload)
    assert not Registration.objects.filter(round=open_round).exists()
    assert not RegistrationVersion.objects.exists()
