"""The location form's per-subject section (issue 20): only for vo, every refusal at its place,
drafts, edits that keep or change the subjects explicitly, the receipt and the history."""

import re

import pytest
from django.urls import reverse

from tekort.accounts.models import Role
from tekort.submissions import intake
from tekort.submissions.models import Registration
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import (
    RoleFactory,
    first_registration,
    register_with_subjects,
)

pytestmark = pytest.mark.django_db

# 20 FTE, 1.5 regular open, 0.5 regular hidden (unqualified), 0.4 substitution open.
TOTALS = {
    "formatie": "20,00",
    "long_leave": "1",
    "regulier_openstaand": "1,5",
    "regulier_verborgen": "0,5",
    "vervanging_openstaand": "0,4",
    "vervanging_verborgen": "0",
    "regulier__ONBEVOEGD": "0,5",
    "pupils": "",
    "action": "submit",
    "version": "0",
    "confirm_warnings": "on",
}
# Split over Dutch, mathematics and the rest so that every sum holds.
SUBJECTS = {
    "subject_answer": "per_vak",
    "vak__NE__formatie": "4",
    "vak__NE__regulier_openstaand": "1,00",
    "vak__NE__vervanging_openstaand": "0,4",
    "vak__WI__formatie": "3",
    "vak__WI__regulier_openstaand": "0,5",
    "vak__WI__regulier_verborgen": "0,5",
    "vak__OV__formatie": "13",
}
GOOD = {**TOTALS, **SUBJECTS}


def url(name, round_, location):
    return reverse(f"submissions:{name}", args=[round_.pk, location.code])


@pytest.fixture
def vo_user(vo_location):
    return RoleFactory(kind=Role.Kind.SCHOOL, location=vo_location, user__username="vo").user


@pytest.fixture
def vo_client(client, vo_user):
    return sign_in(client, vo_user)


def test_a_vo_location_gets_a_labelled_subject_table(vo_client, open_round, vo_location):
    html = vo_client.get(url("form", open_round, vo_location)).content.decode()
    assert 'id="group-subjects"' in html
    assert 'name="subject_answer" value="per_vak"' in html
    assert 'name="subject_answer" value="totaal"' in html
    # One row per subject asked on the peildatum, each input labelled with subject and cell.
    assert html.count('<th scope="row">') >= 22
    assert 'id="id_vak__GZW__vervanging_verborgen"' in html
    assert '<label class="visually-hidden" for="id_vak__NE__formatie">' in html
    assert (
        'inputmode="decimal"' in html.split('id="id_vak__NE__formatie"')[0].rsplit("<input", 1)[1]
    )
    # The answer's hint is the one its radios point at.
    radio = re.search(r'<input type="radio" name="subject_answer"[^>]*>', html).group(0)
    assert 'aria-describedby="id_subject_answer-hint"' in radio
    assert 'id="id_subject_answer-hint"' in html and "niet-respons" in html
    # The table scrolls in a focusable, labelled region on a phone.
    assert 'role="region" aria-labelledby="subjects-caption" tabindex="0"' in html


def test_a_bao_location_sees_no_subjects_and_a_posted_subject_is_refused(
    client, open_round, location, school_user
):
    sign_in(client, school_user)
    html = client.get(url("form", open_round, location)).content.decode()
    assert 'id="group-subjects"' not in html and "subject_answer" not in html
    data = {
        "formatie": "10",
        "long_leave": "0",
        "regulier_openstaand": "0,5",
        "regulier_verborgen": "0",
        "vervanging_openstaand": "0",
        "vervanging_verborgen": "0",
        "action": "submit",
        "version": "0",
        "confirm_warnings": "on",
        "subject_answer": "per_vak",
        "vak__NE__formatie": "10",
    }
    page = client.post(url("form", open_round, location), data)
    assert page.status_code == 400
    assert 'id="error-summary"' in page.content.decode()
    assert not Registration.objects.filter(round=open_round, location=location).exists()


def test_subjects_are_stored_and_shown_on_the_receipt(vo_client, open_round, vo_location):
    page = vo_client.post(url("form", open_round, vo_location), GOOD)
    assert page.status_code == 302, page.content.decode()[:3000]
    registration = Registration.objects.get(round=open_round, location=vo_location)
    assert registration.subject_answer == "per_vak"
    assert registration.subjects["NE"] == {
        "formatie": "4.00",
        "regulier_openstaand": "1.00",
        "regulier_verborgen": "0.00",
        "vervanging_openstaand": "0.40",
        "vervanging_verborgen": "0.00",
    }
    assert set(registration.subjects) == {"NE", "WI", "OV"}
    html = vo_client.get(url("receipt", open_round, vo_location)).content.decode()
    assert 'id="receipt-subjects-caption"' in html
    assert "(NE)" in html and "13,00" in html
    data = vo_client.get(url("receipt-json", open_round, vo_location)).json()
    assert data["values"]["subjects"]["WI"]["regulier_verborgen"] == "0.50"


def test_subjects_that_do_not_add_up_are_shown_at_the_table(vo_client, open_round, vo_location):
    page = vo_client.post(url("form", open_round, vo_location), {**GOOD, "vak__OV__formatie": "12"})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="group-subjects-error"' in html
    assert 'href="#group-subjects"' in html  # the error summary links to the table
    assert "19.00" in html and "20.00" in html
    assert not Registration.objects.filter(round=open_round, location=vo_location).exists()


def test_a_subjects_own_error_is_at_its_row(vo_client, open_round, vo_location):
    data = {**GOOD, "vak__NE__formatie": "0,5", "vak__WI__formatie": "6,5"}
    page = vo_client.post(url("form", open_round, vo_location), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_vak__NE__formatie-error"' in html
    assert 'href="#id_vak__NE__formatie"' in html
    assert (
        'aria-invalid="true"' in html.split('id="id_vak__NE__formatie"')[0].rsplit("<input", 1)[1]
    )


def test_a_bad_number_in_a_subject_cell_is_at_its_input(vo_client, open_round, vo_location):
    page = vo_client.post(
        url("form", open_round, vo_location), {**GOOD, "vak__WI__regulier_verborgen": "een"}
    )
    assert page.status_code == 400
    assert 'id="id_vak__WI__regulier_verborgen-error"' in page.content.decode()


def test_an_unknown_subject_is_refused(open_round, vo_location):
    """The form asks only the round's subjects; a code outside them never reaches the table, so
    the refusal is the intake's (the one write path), which the form shows at the table."""
    from tekort.submissions.forms import RegistrationForm
    from tekort.submissions.validation import Issue

    form = RegistrationForm(GOOD, sector="vo", subjects=[])
    assert not form.is_vo and form.is_valid() is False  # posted subjects outside the section
    from tekort.registry import vo_subjects

    form = RegistrationForm(
        GOOD, sector="vo", subjects=vo_subjects.subjects_on(open_round.peildatum)
    )
    assert form.is_valid()
    form.figures.subjects["XX"] = form.figures.subjects.pop("OV")
    with pytest.raises(intake.Rejected) as refused:
        first_registration(open_round, vo_location, None, form.figures)
    issues = refused.value.errors
    assert [i.code for i in issues] == ["unknown_subject"]
    form.add_issues([Issue("x", i.field, i.message) for i in issues])
    assert "XX" in form.group_errors["subjects"][0]


def test_total_only_with_subjects_is_refused_not_dropped(vo_client, open_round, vo_location):
    page = vo_client.post(
        url("form", open_round, vo_location), {**GOOD, "subject_answer": "totaal"}
    )
    assert page.status_code == 400
    assert 'id="group-subjects-error"' in page.content.decode()
    assert not Registration.objects.filter(round=open_round, location=vo_location).exists()


def test_subjects_without_the_answer_are_refused_at_the_radio(vo_client, open_round, vo_location):
    page = vo_client.post(url("form", open_round, vo_location), {**GOOD, "subject_answer": ""})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_subject_answer-error"' in html and 'href="#id_subject_answer"' in html


def test_total_only_is_stored(vo_client, open_round, vo_location):
    page = vo_client.post(
        url("form", open_round, vo_location), {**TOTALS, "subject_answer": "totaal"}
    )
    assert page.status_code == 302
    registration = Registration.objects.get(round=open_round, location=vo_location)
    assert registration.subject_answer == "totaal" and registration.subjects == {}


def test_a_draft_keeps_the_typed_subjects(vo_client, open_round, vo_location):
    data = {**GOOD, "action": "draft", "vak__NE__formatie": "4,25", "vak__KL__formatie": "x"}
    assert vo_client.post(url("form", open_round, vo_location), data).status_code == 302
    assert not Registration.objects.filter(round=open_round, location=vo_location).exists()
    html = vo_client.get(url("form", open_round, vo_location)).content.decode()
    assert re.search(r'<input[^>]*name="vak__NE__formatie" value="4,25"', html)
    assert re.search(r'<input[^>]*name="vak__KL__formatie" value="x"', html)


def test_an_edit_through_the_form_keeps_the_prefilled_subjects(
    vo_client, open_round, vo_location, vo_user
):
    register_with_subjects(open_round, vo_location, vo_user, "form")
    html = vo_client.get(url("form", open_round, vo_location)).content.decode()
    assert re.search(
        r'<input type="radio" name="subject_answer" value="per_vak"[^>]* checked>', html
    )
    assert re.search(r'<input[^>]*name="vak__OV__formatie" value="13.00"', html)
    # Submit what the page shows, with one change to the remark only.
    form = vo_client.get(url("form", open_round, vo_location)).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(action="submit", confirm_warnings="on", remark="Alleen een opmerking")
    page = vo_client.post(url("form", open_round, vo_location), data)
    assert page.status_code == 302, page.content.decode()[:2000]
    registration = Registration.objects.get(round=open_round, location=vo_location)
    assert registration.version == 2
    assert registration.subject_answer == "per_vak" and set(registration.subjects) == {
        "NE",
        "WI",
        "OV",
    }
    assert "subjects" not in registration.versions.get(number=2).changed_fields


def test_changing_to_total_only_is_explicit_and_in_the_history(
    vo_client, open_round, vo_location, vo_user
):
    register_with_subjects(open_round, vo_location, vo_user, "form")
    data = {**TOTALS, "version": "1", "subject_answer": "totaal"}
    page = vo_client.post(url("form", open_round, vo_location), data)
    assert page.status_code == 302
    registration = Registration.objects.get(round=open_round, location=vo_location)
    assert registration.subject_answer == "totaal" and registration.subjects == {}
    second = registration.versions.get(number=2)
    assert {"subjects", "subject_answer"} <= set(second.changed_fields)
    html = vo_client.get(url("versions", open_round, vo_location)).content.decode()
    # The history names the subjects and the answer in words, never a raw dict.
    assert "(NE):" in html and "13,00" in html
    assert "{&#x27;" not in html and "{'" not in html
    assert "per_vak" not in html and "totaal</" not in html
