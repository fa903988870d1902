"""School leaders per board (methods.md §1.6): one per board per round, the same intake, the board
page form and receipt, the upload's sheet Schoolleiding, response monitoring."""

import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tekort.accounts.models import Role
from tekort.registry.models import Board
from tekort.submissions import intake
from tekort.submissions.figures import SchoolLeaderFigures
from tekort.submissions.models import (
    Registration,
    SchoolLeaderRegistration,
    SchoolLeaderVersion,
    Upload,
)
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import RoleFactory, RoundFactory
from tekort.submissions.tests.test_upload import (
    GOOD_ROW,
    filled_template,
    latest_upload,
    post_file,
)
from tekort.submissions.upload import template

pytestmark = pytest.mark.django_db

GOOD = {
    "version": 0,
    "formatie": "8,00",
    "regulier_openstaand": "0.5",
    "regulier_verborgen": "0.5",
    "vervanging_openstaand": "0",
    "vervanging_verborgen": "0.2",
}


def figures(**values) -> SchoolLeaderFigures:
    base = {
        "formatie": D("8.00"),
        "regulier_openstaand": D("0.50"),
        "regulier_verborgen": D("0.50"),
    }
    return SchoolLeaderFigures(**{**base, **values})


def url(name, round_, board):
    return reverse(f"submissions:{name}", args=[round_.pk, board.number])


def test_one_registration_per_board_per_round(open_round, board_with_locations):
    values = {"round": open_round, "board": board_with_locations, "formatie": 5, "channel": "form"}
    SchoolLeaderRegistration.objects.create(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolLeaderRegistration.objects.create(**values)


def test_board_user_registers_and_gets_a_receipt(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    page = client.get(url("school-leaders", open_round, board_with_locations))
    assert page.status_code == 200
    assert "bovenschoolse directeuren" in page.content.decode()  # the definition inline
    assert 'aria-describedby="id_formatie-hint"' in page.content.decode()
    response = client.post(url("school-leaders", open_round, board_with_locations), GOOD)
    assert response.status_code == 302
    registration = SchoolLeaderRegistration.objects.get(
        round=open_round, board=board_with_locations
    )
    assert registration.formatie == D("8.00") and registration.shortage == D("1.20")
    assert registration.submitted_by == board_user and registration.channel == "form"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and "15,0" in receipt.content.decode()  # 1.2 / 8 = 15.0 %
    data = client.get(url("school-leaders-receipt-json", open_round, board_with_locations)).json()
    assert data["function"] == "schoolleider" and data["shortage_rate"] == "0.1500"
    board_page = client.get(url("board", open_round, board_with_locations)).content.decode()
    assert "versie 1" in board_page or "version 1" in board_page


def test_board_user_cannot_register_for_another_board(client, open_round, board_user):
    other = Board.objects.exclude(pk=board_user.roles.first().board_id).first()
    sign_in(client, board_user)
    assert client.get(url("school-leaders", open_round, other)).status_code == 403
    assert client.post(url("school-leaders", open_round, other), GOOD).status_code == 403
    assert not SchoolLeaderRegistration.objects.exists()


def test_school_user_cannot_register_school_leaders(
    client, open_round, board_with_locations, school_user
):
    sign_in(client, school_user)
    target = url("school-leaders", open_round, board_with_locations)
    assert client.get(target).status_code == 403
    assert client.post(target, GOOD).status_code == 403
    assert not SchoolLeaderRegistration.objects.exists()


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"formatie": D("0")}, "formatie_zero"),
        ({"formatie": D("600")}, "formatie_implausible"),
        (
            {"regulier_openstaand": D("5"), "regulier_verborgen": D("4")},
            "vacancies_exceed_formatie",
        ),
        (
            {"vervanging_openstaand": D("6"), "vervanging_verborgen": D("3")},
            "substitution_exceeds_formatie",
        ),
    ],
)
def test_hard_errors_refuse(open_round, board_with_locations, board_user, values, code):
    with pytest.raises(intake.Rejected) as refused:
        intake.submit_school_leaders(
            open_round,
            board_with_locations,
            figures(**values),
            user=board_user,
            channel="form",
            expected_version=0,
        )
    assert code in [e.code for e in refused.value.errors]
    assert not SchoolLeaderRegistration.objects.exists()


def test_form_shows_the_hard_error_at_its_field(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    bad = {**GOOD, "regulier_openstaand": "7", "regulier_verborgen": "2"}
    page = client.post(url("school-leaders", open_round, board_with_locations), bad)
    assert page.status_code == 400
    assert 'id="id_regulier_openstaand-error"' in page.content.decode()
    negative = client.post(
        url("school-leaders", open_round, board_with_locations), {**GOOD, "formatie": "-1"}
    )
    assert negative.status_code == 400 and not SchoolLeaderRegistration.objects.exists()


def test_warning_needs_confirmation_and_is_kept(open_round, board_with_locations, board_user):
    high = figures(regulier_openstaand=D("3"), regulier_verborgen=D("2"))  # 5 of 8 FTE
    submit = {"user": board_user, "channel": "form", "expected_version": 0}
    with pytest.raises(intake.NeedsConfirmation) as unconfirmed:
        intake.submit_school_leaders(open_round, board_with_locations, high, **submit)
    assert [w.code for w in unconfirmed.value.warnings] == ["shortage_above_half"]
    registration = intake.submit_school_leaders(
        open_round, board_with_locations, high, confirmed=True, **submit
    )
    assert registration.warnings[0]["code"] == "shortage_above_half"
    assert registration.versions.get().warnings == registration.warnings


def test_formatie_change_against_last_round_warns(board_with_locations, board_user):
    today = timezone.localdate()
    earlier = RoundFactory(opens_on=today - timedelta(days=60), closes_on=today + timedelta(days=1))
    later = RoundFactory(peildatum=earlier.peildatum + timedelta(days=1))
    submit = {"user": board_user, "channel": "form", "expected_version": 0}
    intake.submit_school_leaders(earlier, board_with_locations, figures(), **submit)
    with pytest.raises(intake.NeedsConfirmation) as changed:
        intake.submit_school_leaders(
            later, board_with_locations, figures(formatie=D("20")), **submit
        )
    assert "formatie_changed" in [w.code for w in changed.value.warnings]


def test_versions_are_kept_and_stale_or_closed_writes_refused(
    open_round, board_with_locations, board_user
):
    def send(sent: SchoolLeaderFigures, expected_version: int) -> SchoolLeaderRegistration:
        return intake.submit_school_leaders(
            open_round,
            board_with_locations,
            sent,
            user=board_user,
            channel="form",
            expected_version=expected_version,
        )

    first = send(figures(), 0)
    second = send(figures(formatie=D("9.00")), 1)
    assert second.pk == first.pk and second.version == 2
    versions = list(SchoolLeaderVersion.objects.filter(registration=second).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert (
        versions[1].old_values["formatie"] == "8.00"
        and versions[1].new_values["formatie"] == "9.00"
    )
    with pytest.raises(ValueError):
        versions[0].delete()
    with pytest.raises(intake.VersionConflict):
        send(figures(formatie=D("7.00")), 1)
    with pytest.raises(intake.VersionConflict):  # a second "first" submission
        send(figures(), 0)
    open_round.closes_on = open_round.opens_on = timezone.localdate() - timedelta(days=40)
    open_round.closes_on += timedelta(days=5)
    open_round.save()
    with pytest.raises(intake.RoundClosed):
        send(figures(formatie=D("7.00")), 2)
    assert SchoolLeaderRegistration.objects.get().version == 2


LEADERS = {
    "formatie": 6,
    "regulier_openstaand": 0.5,
    "regulier_verborgen": 0.3,
    "vervanging_openstaand": 0,
    "vervanging_verborgen": 0,
}


def test_template_has_the_school_leader_sheet(open_round, board_with_locations):
    workbook = load_workbook(io.BytesIO(template.build(open_round, board_with_locations)))
    sheet = workbook["Schoolleiding"]
    assert [c.value for c in sheet[1]][:2] == ["formatie", "regulier_openstaand"]
    assert "bovenschoolse" in sheet["A1"].comment.text


def test_bad_school_leader_row_reports_that_row_and_imports_nothing(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    content = filled_template(
        open_round,
        board_with_locations,
        {0: GOOD_ROW, 1: GOOD_ROW},
        # 8 > 6 FTE
        Schoolleiding={0: {**LEADERS, "regulier_openstaand": 5, "regulier_verborgen": 3}},
    )
    post_file(client, open_round, board_with_locations, content)
    upload = latest_upload()
    assert upload.status == Upload.Status.REJECTED
    assert len(upload.errors) == 1
    error = upload.errors[0]
    assert (error["sheet"], error["row"]) == ("Schoolleiding", 2)
    assert error["column"] == "B (regulier_openstaand)"
    assert "formatie" in error["reason"]
    assert not Registration.objects.exists() and not SchoolLeaderRegistration.objects.exists()


def test_school_leader_sheet_is_imported_with_the_file(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    content = filled_template(
        open_round, board_with_locations, {0: GOOD_ROW}, Schoolleiding={0: LEADERS}
    )
    post_file(client, open_round, board_with_locations, content)
    upload = latest_upload()
    assert upload.status == Upload.Status.PREVIEW, upload.errors
    assert upload.result["school_leaders"]["status"] == "new"
    client.post(reverse("submissions:upload-confirm", args=[upload.pk]), {"confirm_warnings": "on"})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE
    registration = SchoolLeaderRegistration.objects.get(board=board_with_locations)
    assert registration.formatie == D("6.00") and registration.channel == "upload"
    assert registration.versions.get().upload_id == upload.pk
    assert Registration.objects.filter(round=open_round).count() == 1


def test_response_monitoring_counts_boards_for_school_leaders(
    client, open_round, board_with_locations, board_user
):
    intake.submit_school_leaders(
        open_round,
        board_with_locations,
        figures(),
        user=board_user,
        channel="form",
        expected_version=0,
    )
    analyst = RoleFactory(kind=Role.Kind.ANALYST, user__username="analist").user
    sign_in(client, analyst)
    data = client.get(reverse("submissions:response-json", args=[open_round.pk])).json()
    leaders = data["school_leaders"]
    assert leaders["responded"] == 1 and leaders["boards"] > 100
    assert board_with_locations.number not in leaders["missing"]
    sign_in(client, board_user)
    own = client.get(url("board-response-json", open_round, board_with_locations)).json()
    assert own["school_leaders"] == {"boards": 1, "responded": 1, "rate": 1.0, "missing": []}


def test_receipt_before_any_submission(client, open_round, board_with_locations, board_user):
    sign_in(client, board_user)
    page = client.get(url("school-leaders-receipt", open_round, board_with_locations))
    assert page.status_code == 302 and page["Location"].endswith("/schoolleiding/")
    data = client.get(url("school-leaders-receipt-json", open_round, board_with_locations)).json()
    assert data["submitted"] is False
