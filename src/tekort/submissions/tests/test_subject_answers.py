"""The per-subject questions of a vo location (issue 20): every refusal, and what is stored."""

from decimal import Decimal as D

import pytest

from tekort.registry import vo_subjects
from tekort.submissions import intake
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration
from tekort.submissions.tests.factories import first_registration
from tekort.submissions.validation import Context, errors

VO = Context("vo", subject_codes=("NE", "WI", "DU", "OV"))


def subject(formatie, ro="0", rv="0", vo="0", vv="0"):
    return {
        "formatie": D(formatie),
        "regulier_openstaand": D(ro),
        "regulier_verborgen": D(rv),
        "vervanging_openstaand": D(vo),
        "vervanging_verborgen": D(vv),
    }


def vo_figures(**values):
    """20 FTE, 1.5 regular open, 0.5 regular hidden (unqualified), 0.4 substitution open; split
    over Dutch, mathematics and the rest so that every sum holds."""
    base = {
        "formatie": D("20.00"),
        "long_leave": D("1.00"),
        "regulier_openstaand": D("1.50"),
        "regulier_verborgen": D("0.50"),
        "vervanging_openstaand": D("0.40"),
        "hidden_measures": {"regulier": {"ONBEVOEGD": D("0.50")}},
        "subject_answer": "per_vak",
        "subjects": {
            "NE": subject("4.00", ro="1.00", vo="0.40"),
            "WI": subject("3.00", ro="0.50", rv="0.50"),
            "OV": subject("13.00"),
        },
    }
    base.update(values)
    return Figures(**base)


def codes(figures, context=VO):
    return [issue.code for issue in errors(figures, context)]


def test_subjects_that_add_up_pass():
    assert codes(vo_figures()) == []


def test_total_only_without_subjects_passes_and_is_kept_as_an_answer():
    figures = vo_figures(subject_answer="totaal", subjects={})
    assert codes(figures) == []
    assert figures.model_values()["subject_answer"] == "totaal"


def test_subjects_must_add_up_to_the_formatie_and_to_every_cell():
    figures = vo_figures()
    figures.subjects["OV"]["formatie"] = D("12.00")
    figures.subjects["WI"]["regulier_verborgen"] = D("0.30")
    issues = errors(figures, VO)
    fields = sorted(i.field for i in issues if i.code == "subjects_do_not_add_up")
    assert fields == ["subjects:formatie", "subjects:regulier_verborgen"]
    assert any("19.00" in i.message and "20.00" in i.message for i in issues)


def test_a_subjects_vacancies_stay_within_its_formatie():
    figures = vo_figures(
        formatie=D("20.00"),
        subjects={
            "NE": subject("0.50", ro="1.00", vo="0.40"),
            "WI": subject("6.50", ro="0.50", rv="0.50"),
            "OV": subject("13.00"),
        },
    )
    assert codes(figures) == ["subject_cells_exceed_formatie"]


def test_unknown_or_ended_subject_codes_are_refused():
    figures = vo_figures()
    figures.subjects["XX"] = figures.subjects.pop("OV")
    assert "unknown_subject" in codes(figures)


def test_total_only_with_subjects_is_a_contradiction_not_a_silent_drop():
    assert codes(vo_figures(subject_answer="totaal")) == ["subjects_with_total_only"]


def test_per_subject_without_subjects_and_subjects_without_the_answer_are_refused():
    assert codes(vo_figures(subjects={})) == ["subjects_missing"]
    assert "subject_answer_missing" in codes(vo_figures(subject_answer=""))
    assert codes(vo_figures(subject_answer="soms")) == ["subject_answer_unknown"]


def test_subjects_are_asked_in_vo_only():
    assert codes(vo_figures(), Context("bao")) == ["subjects_not_vo"]
    assert codes(vo_figures(subject_answer="totaal", subjects={}), Context("bao")) == [
        "subjects_not_vo"
    ]


@pytest.mark.django_db
def test_the_register_asks_the_ministrys_22_subjects():
    from datetime import date

    asked = vo_subjects.codes_on(date(2025, 10, 1))
    assert len(asked) == 22 and asked[:2] == ("NE", "WI") and asked[-1] == "OV"
    assert vo_subjects.codes_on(date(2020, 10, 1)) == ()


@pytest.mark.django_db
def test_subjects_are_stored_versioned_and_read_back(open_round, vo_location, school_user):
    def submit(figures, expected_version):
        return intake.submit(
            open_round,
            vo_location,
            figures,
            user=school_user,
            channel=Registration.Channel.API,
            expected_version=expected_version,
            confirmed=True,
        )

    figures = vo_figures(subjects={**vo_figures().subjects})
    registration = submit(figures, 0)
    registration.refresh_from_db()
    assert registration.subject_answer == "per_vak"
    assert registration.subjects["NE"]["regulier_openstaand"] == "1.00"
    assert "OV" in registration.subjects
    assert Figures.from_registration(registration).subjects == figures.subjects
    version = registration.versions.get()
    assert version.new_values["subjects"]["WI"]["regulier_verborgen"] == "0.50"
    registration = submit(vo_figures(subject_answer="totaal", subjects={}), 1)
    second = registration.versions.get(number=2)
    assert second.old_values["subjects"]["NE"]["formatie"] == "4.00"
    assert second.new_values["subjects"] == {} and second.new_values["subject_answer"] == "totaal"
    assert "subjects" in second.changed_fields


@pytest.mark.django_db
def test_a_bao_location_with_subjects_is_refused_and_nothing_stored(
    open_round, location, school_user
):
    with pytest.raises(intake.Rejected) as refused:
        first_registration(
            open_round, location, school_user, vo_figures(), Registration.Channel.API
        )
    assert [e.code for e in refused.value.errors] == ["subjects_not_vo"]
    assert not Registration.objects.filter(location=location).exists()
