"""The location form through the browser's eyes (Django test client): prefill, errors, warnings,
drafts, conflicts, receipt, and who may use it."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from tekort.registry.models import PupilCount
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import RoundFactory, first_registration

pytestmark = pytest.mark.django_db

GOOD = {
    "formatie": "10,00",
    "long_leave": "1",
    "regulier_openstaand": "0.5",
    "regulier_verborgen": "0.6",
    "vervanging_openstaand": "0",
    "vervanging_verborgen": "0",
    "regulier__OOP_VOOR_KLAS": "0,6",
    "pupils": "150",
    "action": "submit",
    "version": "0",
    "confirm_warnings": "on",  # whatever warnings the real location's DUO count raises
}


def url(name, round_, location):
    return reverse(f"submissions:{name}", args=[round_.pk, location.code])


def test_form_is_prefilled_with_last_formatie_and_duo_pupils(client, location, school_user):
    today = timezone.localdate()
    earlier = RoundFactory(peildatum=today - timedelta(days=300))
    current = RoundFactory(peildatum=today - timedelta(days=1))
    first_registration(earlier, location, school_user, Figures(formatie=D("12.34")))
    PupilCount.objects.update_or_create(location=location, year=2099, defaults={"pupils": 187})
    page = sign_in(client, school_user).get(url("form", current, location))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="12.34"' in html
    assert 'value="187"' in html
    # Definitions inline, linked to the field.
    assert 'aria-describedby="id_formatie-hint"' in html
    assert "formatieplan van de vestiging op de peildatum" in html
    # Verborgen FTE per emergency-measure code (§1.4), "other, namely" included; LESUITVAL is vo.
    assert 'id="id_regulier__ANDERS"' in html and 'id="id_vervanging__NAAR_HUIS"' in html
    assert 'id="id_regulier__LESUITVAL"' not in html


def test_hard_error_is_linked_to_its_field(client, open_round, location, school_user):
    data = {**GOOD, "regulier_openstaand": "-1"}
    page = sign_in(client, school_user).post(url("form", open_round, location), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_regulier_openstaand-error"' in html
    assert 'aria-describedby="id_regulier_openstaand-hint id_regulier_openstaand-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'href="#id_regulier_openstaand"' in html  # the error summary links to the field
    assert not Registration.objects.filter(round=open_round, location=location).exists()


def test_measures_that_do_not_add_up_are_a_group_error(client, open_round, location, school_user):
    data = {**GOOD, "regulier__OOP_VOOR_KLAS": "0.3"}
    page = sign_in(client, school_user).post(url("form", open_round, location), data)
    assert page.status_code == 400
    assert 'id="group-regulier_measures-error"' in page.content.decode()


def test_warning_must_be_confirmed_then_is_kept(client, open_round, location, school_user):
    sign_in(client, school_user)
    data = {**GOOD, "regulier_openstaand": "6"}
    del data["confirm_warnings"]
    page = client.post(url("form", open_round, location), data)
    assert page.status_code == 200
    assert 'id="warning-summary"' in page.content.decode()
    assert not Registration.objects.filter(round=open_round, location=location).exists()
    page = client.post(url("form", open_round, location), {**data, "confirm_warnings": "on"})
    assert page.status_code == 302
    assert page["Location"] == url("receipt", open_round, location)
    registration = Registration.objects.get(round=open_round, location=location)
    assert "shortage_above_half" in [w["code"] for w in registration.warnings]


def test_draft_is_saved_and_shown_but_not_submitted(client, open_round, location, school_user):
    sign_in(client, school_user)
    page = client.post(
        url("form", open_round, location), {**GOOD, "action": "draft", "formatie": "7,5"}
    )
    assert page.status_code == 302
    assert not Registration.objects.filter(round=open_round, location=location).exists()
    page = client.get(url("form", open_round, location))
    assert 'value="7,5"' in page.content.decode()


def test_stale_form_gets_a_conflict_not_a_lost_update(client, open_round, location, school_user):
    sign_in(client, school_user)
    assert client.post(url("form", open_round, location), GOOD).status_code == 302
    # Two people open version 1; the first submits.
    first = {**GOOD, "version": "1", "regulier_openstaand": "1"}
    assert client.post(url("form", open_round, location), first).status_code == 302
    second = {**GOOD, "version": "1", "regulier_openstaand": "2"}
    page = client.post(url("form", open_round, location), second)
    assert page.status_code == 409
    assert 'id="conflict"' in page.content.decode()
    registration = Registration.objects.get(round=open_round, location=location)
    assert registration.regulier_openstaand == D("1.00") and registration.version == 2


def test_receipt_page_and_json(client, open_round, location, school_user):
    sign_in(client, school_user)
    client.post(url("form", open_round, location), GOOD)
    page = client.get(url("receipt", open_round, location))
    assert page.status_code == 200
    html = page.content.decode()
    assert "11,0%" in html  # (0.5 + 0.6) / 10 in total
    download = client.get(url("receipt-json", open_round, location))
    assert download["Content-Disposition"].startswith("attachment;")
    data = download.json()
    assert data["values"]["regulier_verborgen"] == "0.60"
    assert data["shortage_rate"] == "0.1100"
    assert data["version"] == 1
    history = client.get(url("versions-json", open_round, location)).json()
    assert [v["number"] for v in history["versions"]] == [1]


def test_school_user_cannot_register_for_another_location(
    client, open_round, location, other_location, school_user
):
    sign_in(client, school_user)
    assert client.get(url("form", open_round, other_location)).status_code == 403
    assert client.post(url("form", open_round, other_location), GOOD).status_code == 403
    assert client.get(url("receipt-json", open_round, other_location)).status_code == 403
    assert not Registration.objects.filter(location=other_location).exists()


def test_board_user_registers_for_own_locations_only(
    client, open_round, location, other_location, board_user
):
    sign_in(client, board_user)
    assert client.post(url("form", open_round, location), GOOD).status_code == 302
    assert client.post(url("form", open_round, other_location), GOOD).status_code == 403


def test_closed_round_form_is_frozen(client, location, school_user):
    today = timezone.localdate()
    closed = RoundFactory(opens_on=today - timedelta(days=50), closes_on=today - timedelta(days=2))
    sign_in(client, school_user)
    page = client.post(url("form", closed, location), GOOD)
    assert page.status_code == 409
    assert 'id="round-closed"' in page.content.decode()
    assert not Registration.objects.filter(round=closed).exists()


def test_index_lists_open_rounds_and_locations(client, open_round, location, school_user):
    page = sign_in(client, school_user).get(reverse("submissions:index"))
    assert page.status_code == 200
    assert url("form", open_round, location) in page.content.decode()


def test_anonymous_is_sent_to_sign_in(client, open_round, location):
    page = client.get(url("form", open_round, location))
    assert page.status_code == 302
