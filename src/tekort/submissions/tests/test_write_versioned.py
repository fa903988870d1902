"""The one writer of a single registration, for both kinds (a location's and a board's school
leaders): create or version-guarded update, one append-only version row per change."""

from dataclasses import dataclass
from decimal import Decimal as D

import pytest
from django.db import transaction
from django.utils import timezone

from tekort.submissions import intake, validation
from tekort.submissions.figures import Figures, SchoolLeaderFigures
from tekort.submissions.models import (
    Registration,
    RegistrationVersion,
    SchoolLeaderRegistration,
    SchoolLeaderVersion,
)

pytestmark = pytest.mark.django_db


@dataclass
class Kind:
    model: type
    version_model: type
    key: dict
    figures: type
    who: str

    def values(self, **changed) -> dict:
        return self.figures(**{"formatie": D("10.00"), **changed}).model_values()

    def write(self, user, expected_version, warnings=(), **changed) -> intake.Written:
        with transaction.atomic():
            return intake._write_versioned(
                self.model,
                self.key,
                self.values(**changed),
                user=user,
                channel="form",
                expected_version=expected_version,
                warnings=list(warnings),
                now=timezone.now(),
                who=self.who,
            )


@pytest.fixture(params=["location", "school_leaders"])
def kind(request, open_round, location, board_with_locations) -> Kind:
    if request.param == "location":
        key = {"round": open_round, "location": location}
        return Kind(Registration, RegistrationVersion, key, Figures, location.code)
    key = {"round": open_round, "board": board_with_locations}
    return Kind(
        SchoolLeaderRegistration,
        SchoolLeaderVersion,
        key,
        SchoolLeaderFigures,
        f"bestuur {board_with_locations.pk}",
    )


def versions(kind: Kind) -> list:
    return list(
        kind.version_model.objects.filter(
            registration__in=kind.model.objects.filter(**kind.key)
        ).order_by("number")
    )


def test_first_write_creates_version_one_with_empty_old_values(kind, board_user):
    written = kind.write(board_user, 0, regulier_openstaand=D("1.00"))
    registration = kind.model.objects.get(**kind.key)
    assert written.registration == registration and written.versioned
    assert registration.version == 1 and registration.submitted_by == board_user
    [first] = versions(kind)
    assert (first.number, first.user, first.old_values) == (1, board_user, {})
    assert first.new_values["regulier_openstaand"] == "1.00"
    assert written.changes["formatie"] == [None, "10.00"]


def test_every_change_keeps_a_version_row(kind, board_user):
    kind.write(board_user, 0)
    kind.write(board_user, 1, regulier_openstaand=D("2.00"))
    written = kind.write(board_user, 2, regulier_openstaand=D("2.00"), remark="later")
    assert kind.model.objects.get(**kind.key).version == 3
    rows = versions(kind)
    assert [v.number for v in rows] == [1, 2, 3]
    assert rows[1].changed_fields == ["regulier_openstaand"]
    assert rows[2].changed_fields == ["remark"]
    assert rows[2].old_values["regulier_openstaand"] == rows[2].new_values["regulier_openstaand"]
    assert written.changes == {"remark": ["", "later"]}


def test_same_values_and_warnings_add_no_version_but_new_warnings_do(kind, board_user):
    kind.write(board_user, 0)
    unchanged = kind.write(board_user, 1)
    assert not unchanged.versioned and unchanged.changes == {}
    assert len(versions(kind)) == 1
    warned = kind.write(board_user, 1, warnings=[{"code": "shortage_above_half"}])
    assert warned.versioned and warned.registration.version == 2
    assert versions(kind)[-1].warnings == [{"code": "shortage_above_half"}]


@pytest.mark.parametrize("stale", [0, 1, 3])
def test_a_stale_version_is_refused_and_nothing_is_written(kind, board_user, stale):
    kind.write(board_user, 0)
    kind.write(board_user, 1, formatie=D("11.00"))
    with pytest.raises(intake.VersionConflict) as conflict:
        kind.write(board_user, stale, formatie=D("12.00"))
    assert conflict.value.location_ids == [kind.who]
    registration = kind.model.objects.get(**kind.key)
    assert (registration.version, registration.formatie) == (2, D("11.00"))
    assert len(versions(kind)) == 2


def test_an_update_of_a_registration_that_does_not_exist_is_refused(kind, board_user):
    with pytest.raises(intake.VersionConflict):
        kind.write(board_user, 1)
    assert not kind.model.objects.filter(**kind.key).exists()


def test_both_kinds_share_the_soft_warnings():
    """The school leaders get the location's warnings, but for DUO's pupil count."""
    previous = {"formatie": D("10.00")}
    now = {"formatie": D("20.00"), "regulier_openstaand": D("6.00"), "regulier_verborgen": D("5")}
    location = validation.warnings(
        Figures(**now), validation.Context("bao", Figures(**previous), duo_pupils=None)
    )
    leaders = validation.school_leader_warnings(
        SchoolLeaderFigures(**now), SchoolLeaderFigures(**previous)
    )
    codes = [(w.code, w.field) for w in leaders]
    assert codes == [(w.code, w.field) for w in location]
    assert codes == [
        ("shortage_above_half", ""),
        ("formatie_changed", "formatie"),
        ("cell_jumped", "regulier_openstaand"),
        ("cell_jumped", "regulier_verborgen"),
    ]
    assert [w.message for w in leaders] == [w.message for w in location]
