"""The one write path: checks, warnings, frozen rounds, optimistic concurrency, the version trail."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from tekort.submissions import intake
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration, RegistrationVersion
from tekort.submissions.tests.factories import RoundFactory

pytestmark = pytest.mark.django_db


def figures(**values):
    base = {
        "formatie": D("10.00"),
        "long_leave": D("1.00"),
        "regulier_openstaand": D("0.50"),
        "regulier_verborgen": D("0.60"),
        "hidden_measures": {"regulier": {"OOP_VOOR_KLAS": D("0.60")}},
    }
    base.update(values)
    return Figures(**base)


def submit(round_, location, user, fig=None, version=0, **kw):
    return intake.submit(
        round_,
        location,
        fig or figures(),
        user=user,
        channel=Registration.Channel.FORM,
        expected_version=version,
        confirmed=kw.pop("confirmed", True),
        **kw,
    )


def test_submission_creates_registration_and_first_version(open_round, location, school_user):
    registration = submit(open_round, location, school_user)
    assert registration.version == 1
    assert registration.submitted_at is not None
    version = registration.versions.get()
    assert version.number == 1 and version.user == school_user and version.channel == "form"
    assert version.old_values == {}
    assert version.new_values["regulier_verborgen"] == "0.60"
    assert version.new_values["hidden_measures"] == {"regulier": {"OOP_VOOR_KLAS": "0.60"}}


def test_every_change_is_a_new_version_with_old_and_new_values(open_round, location, school_user):
    submit(open_round, location, school_user)
    submit(open_round, location, school_user, figures(regulier_openstaand=D("1.25")), version=1)
    registration = submit(
        open_round,
        location,
        school_user,
        figures(formatie=D("11.00"), regulier_openstaand=D("1.25")),
        version=2,
    )
    assert registration.version == 3
    versions = list(registration.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert versions[1].old_values["regulier_openstaand"] == "0.50"
    assert versions[1].new_values["regulier_openstaand"] == "1.25"
    assert versions[1].changed_fields == ["regulier_openstaand"]
    assert versions[2].changed_fields == ["formatie"]


def test_identical_resubmission_adds_no_version(open_round, location, school_user):
    submit(open_round, location, school_user)
    submit(open_round, location, school_user, version=1)
    assert RegistrationVersion.objects.filter(registration__location=location).count() == 1


def test_versions_are_append_only(open_round, location, school_user):
    version = submit(open_round, location, school_user).versions.get()
    version.new_values = {}
    with pytest.raises(ValueError, match="append-only"):
        version.save()
    with pytest.raises(ValueError, match="append-only"):
        version.delete()


def test_concurrent_edits_conflict_instead_of_overwriting(open_round, location, school_user):
    submit(open_round, location, school_user)
    # Two people opened version 1; the first saves, the second must get a conflict.
    submit(open_round, location, school_user, figures(regulier_openstaand=D("2.00")), version=1)
    with pytest.raises(intake.VersionConflict):
        submit(open_round, location, school_user, figures(regulier_openstaand=D("3.00")), version=1)
    registration = Registration.objects.get(round=open_round, location=location)
    assert registration.regulier_openstaand == D("2.00")
    assert registration.version == 2


def test_two_first_submissions_conflict(open_round, location, school_user):
    submit(open_round, location, school_user)
    with pytest.raises(intake.VersionConflict):
        submit(open_round, location, school_user, figures(formatie=D("12.00")), version=0)
    assert Registration.objects.filter(round=open_round, location=location).count() == 1


def test_closed_round_refuses_changes(location, school_user):
    today = timezone.localdate()
    closed = RoundFactory(opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=1))
    with pytest.raises(intake.RoundClosed):
        submit(closed, location, school_user)
    with pytest.raises(intake.RoundClosed):
        intake.save_draft(closed, location, {}, user=school_user, base_version=0)
    assert not Registration.objects.filter(round=closed).exists()


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"formatie": D("0")}, "formatie_zero"),
        ({"regulier_openstaand": D("9.50")}, "vacancies_exceed_formatie"),
        ({"vervanging_openstaand": D("2.00")}, "substitution_exceeds_leave"),
        ({"regulier_verborgen": D("1.00")}, "measures_do_not_add_up"),
        (
            {"hidden_measures": {"regulier": {"LESUITVAL": D("0.60")}}},
            "unknown_measure",
        ),
        (
            {"hidden_measures": {"regulier": {"ANDERS": D("0.60")}}},
            "other_measure_unexplained",
        ),
        ({"formatie": D("900")}, "formatie_implausible"),
    ],
)
def test_hard_errors_refuse(open_round, location, school_user, values, code):
    with pytest.raises(intake.Rejected) as refused:
        submit(open_round, location, school_user, figures(**values))
    assert code in [e.code for e in refused.value.errors]
    assert not Registration.objects.filter(round=open_round, location=location).exists()


def test_other_measure_with_explanation_is_accepted(open_round, location, school_user):
    fig = figures(
        hidden_measures={"regulier": {"ANDERS": D("0.60")}}, other_measure="Vakleerkracht gym"
    )
    assert submit(open_round, location, school_user, fig).other_measure == "Vakleerkracht gym"


def test_warning_needs_confirmation_and_is_stored(open_round, location, school_user):
    fig = figures(regulier_openstaand=D("5.00"), regulier_verborgen=D("0.60"))
    with pytest.raises(intake.NeedsConfirmation) as asked:
        submit(open_round, location, school_user, fig, confirmed=False)
    assert "shortage_above_half" in [w.code for w in asked.value.warnings]
    assert not Registration.objects.filter(round=open_round, location=location).exists()
    registration = submit(open_round, location, school_user, fig, confirmed=True)
    assert "shortage_above_half" in [w["code"] for w in registration.warnings]
    assert registration.versions.get().warnings == registration.warnings


def test_warnings_compare_with_last_round(location, school_user):
    today = timezone.localdate()
    earlier = RoundFactory(
        peildatum=today - timedelta(days=400),
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=10),
    )
    current = RoundFactory(peildatum=today - timedelta(days=5))
    submit(earlier, location, school_user, figures(regulier_openstaand=D("0")))
    fig = figures(formatie=D("20.00"), regulier_openstaand=D("3.00"))
    with pytest.raises(intake.NeedsConfirmation) as asked:
        submit(current, location, school_user, fig, confirmed=False)
    codes = {w.code for w in asked.value.warnings}
    assert {"formatie_changed", "cell_jumped"} <= codes


def test_draft_is_not_a_registration(open_round, location, school_user):
    intake.save_draft(open_round, location, {"formatie": "3"}, user=school_user, base_version=0)
    assert not Registration.objects.filter(round=open_round, location=location).exists()
    submit(open_round, location, school_user)
    assert not open_round.drafts.exists()  # submitting clears the draft


def test_apply_many_is_atomic_on_conflict(open_round, board_with_locations, board_user):
    from tekort.registry.models import Location

    locations = list(Location.objects.filter(board=board_with_locations)[:3])
    submit(open_round, locations[1], board_user)
    items = [intake.Item(loc.code, figures(), 0) for loc in locations]  # locations[1] is at v1
    with pytest.raises(intake.VersionConflict) as conflict:
        intake.apply_many(open_round, items, user=board_user, channel="upload")
    assert conflict.value.location_ids == [locations[1].code]
    assert Registration.objects.filter(round=open_round).count() == 1
