"""The board bulk upload: template, every error of a bad file (nothing imported), preview, confirm,
conflicts with a location's own submission, CSV, the API and the management command."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from tekort.registry.models import Location
from tekort.submissions import tokens
from tekort.submissions.figures import Figures
from tekort.submissions.models import Registration, RegistrationVersion, Upload
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.factories import first_registration
from tekort.submissions.upload import template

pytestmark = pytest.mark.django_db

GOOD_ROW = {
    "formatie": 10,
    "langdurig_verlof": 1,
    "regulier_openstaand": 0.5,
    "regulier_verborgen": 0.6,
    "vervanging_openstaand": 0,
    "vervanging_verborgen": 0,
    "regulier_OOP_VOOR_KLAS": 0.6,
}


def filled_template(round_, board, rows: dict[int, dict], **sheets: dict[int, dict]) -> bytes:
    """The board's template with the given data rows (0-based) filled in: ``rows`` on the sheet
    Registratie, another sheet's by its name (``Schoolleiding={0: {...}}``)."""
    workbook = load_workbook(io.BytesIO(template.build(round_, board)))
    for name, sheet_rows in {"Registratie": rows, **sheets}.items():
        sheet = workbook[name]
        headers = [c.value for c in sheet[1]]
        for index, values in sheet_rows.items():
            for header, value in values.items():
                sheet.cell(row=index + 2, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def post_file(client, round_, board, content, name="bestuur.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("submissions:board", args=[round_.pk, board.number]), {"file": file})


def latest_upload():
    return Upload.objects.order_by("-created_at").first()


def upload_filled_template(client, round_, board, user, rows: dict[int, dict]) -> Upload:
    """The board's user signs in and sends its template with ``rows`` filled in: the upload."""
    sign_in(client, user)
    post_file(client, round_, board, filled_template(round_, board, rows))
    return latest_upload()


def test_template_lists_the_boards_locations_with_definitions(open_round, board_with_locations):
    workbook = load_workbook(io.BytesIO(template.build(open_round, board_with_locations)))
    sheet = workbook["Registratie"]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    expected = Location.objects.filter(
        board=board_with_locations, sector__in=open_round.sectors
    ).order_by("code")
    assert codes == [loc.code for loc in expected]
    notes = {c.value: c.comment.text for c in sheet[1] if c.comment}
    assert "formatieplan" in notes["formatie"]
    assert "SAMENVOEGEN" in notes["regulier_SAMENVOEGEN"]
    assert "Toelichting" in workbook.sheetnames


def test_bad_file_lists_exactly_its_errors_and_imports_nothing(
    client, open_round, board_with_locations, board_user
):
    content = filled_template(
        open_round,
        board_with_locations,
        {
            0: GOOD_ROW,
            1: {**GOOD_ROW, "regulier_openstaand": -1},  # negative
            2: {**GOOD_ROW, "regulier_openstaand": 9.5},  # vacancies above formatie
            3: {**GOOD_ROW, "regulier_LESUITVAL": 0.6, "regulier_OOP_VOOR_KLAS": None},  # vo only
        },
    )
    sign_in(client, board_user)
    page = post_file(client, open_round, board_with_locations, content)
    upload = latest_upload()
    assert page["Location"] == reverse("submissions:upload", args=[upload.pk])
    assert upload.status == Upload.Status.REJECTED
    assert [(e["sheet"], e["row"], e["column"]) for e in upload.errors] == [
        ("Registratie", 3, "E (regulier_openstaand)"),
        ("Registratie", 4, "E (regulier_openstaand)"),
        ("Registratie", 5, f"{_letter('regulier_LESUITVAL')} (regulier_LESUITVAL)"),
    ]
    assert not Registration.objects.filter(round=open_round).exists()  # not even the good row
    page = client.get(reverse("submissions:upload", args=[upload.pk]))
    assert page.content.decode().count("<tr><td>Registratie</td>") == 3
    errors = client.get(reverse("submissions:upload-errors", args=[upload.pk]))
    lines = errors.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "blad;rij;kolom;reden" and len(lines) == 4


def _letter(header):
    from tekort.submissions.upload.columns import COLUMNS

    index = [c.header for c in COLUMNS].index(header)
    return chr(65 + index) if index < 26 else "A" + chr(65 + index - 26)


def test_good_file_previews_then_imports_atomically(
    client, open_round, board_with_locations, board_user
):
    content = filled_template(open_round, board_with_locations, {0: GOOD_ROW, 1: GOOD_ROW})
    sign_in(client, board_user)
    post_file(client, open_round, board_with_locations, content)
    upload = latest_upload()
    assert upload.status == Upload.Status.PREVIEW
    assert upload.result["counts"]["new"] == 2
    assert upload.result["counts"]["skipped"] == upload.total - 2  # rows not filled in
    assert not Registration.objects.filter(round=open_round).exists()  # preview saves nothing
    page = client.get(reverse("submissions:upload", args=[upload.pk]))
    assert "status-new" in page.content.decode()
    confirm = {"confirm_warnings": "on"}
    client.post(reverse("submissions:upload-confirm", args=[upload.pk]), confirm)
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE
    assert upload.result["created"] == 2
    registrations = Registration.objects.filter(round=open_round)
    assert registrations.count() == 2
    assert set(registrations.values_list("channel", flat=True)) == {"upload"}
    versions = RegistrationVersion.objects.filter(upload=upload)
    assert versions.count() == 2 and {v.user for v in versions} == {board_user}
    # The same file again: unchanged, nothing new to write.
    post_file(client, open_round, board_with_locations, content)
    assert latest_upload().result["counts"]["unchanged"] == 2


def test_conflict_with_the_locations_own_submission_is_shown_and_kept(
    client, open_round, board_with_locations, board_user, location, school_user
):
    first_registration(open_round, location, school_user, Figures(formatie=D("20.00")))
    row = list(
        Location.objects.filter(board=board_with_locations, sector__in=open_round.sectors)
        .order_by("code")
        .values_list("code", flat=True)
    ).index(location.code)
    upload = upload_filled_template(
        client, open_round, board_with_locations, board_user, {row: GOOD_ROW}
    )
    assert upload.result["counts"]["conflict"] == 1
    (preview,) = upload.preview
    assert ["formatie", "20.00", "10.00"] in preview["changes"]
    client.post(reverse("submissions:upload-confirm", args=[upload.pk]), {"confirm_warnings": "on"})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.DONE and upload.result["conflicts_skipped"] == 1
    assert Registration.objects.get(round=open_round, location=location).formatie == D("20.00")


def test_change_between_preview_and_confirm_conflicts(
    client, open_round, board_with_locations, board_user, location, school_user
):
    upload = upload_filled_template(
        client, open_round, board_with_locations, board_user, {0: GOOD_ROW}
    )
    first = Location.objects.get(code=upload.preview[0]["location"])
    first_registration(open_round, first, school_user, Figures(formatie=D("30.00")))
    client.post(reverse("submissions:upload-confirm", args=[upload.pk]), {"confirm_warnings": "on"})
    upload.refresh_from_db()
    assert upload.status == Upload.Status.CONFLICT
    assert Registration.objects.get(round=open_round, location=first).formatie == D("30.00")


def test_csv_is_accepted_with_dutch_decimals(client, open_round, board_with_locations, board_user):
    code = Location.objects.filter(board=board_with_locations, sector="bao").first().code
    content = (
        "vestiging;formatie;langdurig_verlof;regulier_openstaand;regulier_verborgen;"
        "vervanging_openstaand;vervanging_verborgen;regulier_ONBEVOEGD\n"
        f"{code};12,5;0;1,0;0,4;0;0;0,4\n"
    ).encode()
    sign_in(client, board_user)
    post_file(client, open_round, board_with_locations, content, name="bestand.csv")
    upload = latest_upload()
    assert upload.status == Upload.Status.PREVIEW, upload.errors
    assert upload.preview[0]["values"]["formatie"] == "12.50"


def test_location_of_another_board_is_an_error(
    client, open_round, board_with_locations, board_user, other_location
):
    content = (f"vestiging;formatie;regulier_openstaand\n{other_location.code};10;1\n").encode()
    sign_in(client, board_user)
    post_file(client, open_round, board_with_locations, content, name="x.csv")
    upload = latest_upload()
    assert upload.status == Upload.Status.REJECTED
    assert (
        "ander bestuur" in upload.errors[0]["reason"]
        or "another board" in upload.errors[0]["reason"]
    )


def test_board_user_cannot_upload_for_another_board(
    client, open_round, board_with_locations, board_user, other_location
):
    sign_in(client, board_user)
    other = other_location.board
    assert (
        client.get(reverse("submissions:board", args=[open_round.pk, other.number])).status_code
        == 403
    )
    content = f"vestiging;formatie;regulier_openstaand\n{other_location.code};10;1\n".encode()
    assert post_file(client, open_round, other, content, name="x.csv").status_code == 403
    assert not Upload.objects.filter(board=other).exists()


def test_someone_elses_upload_is_hidden(
    client, open_round, board_with_locations, board_user, other_location
):
    from tekort.accounts.models import Role
    from tekort.submissions.tests.factories import RoleFactory

    upload = upload_filled_template(
        client, open_round, board_with_locations, board_user, {0: GOOD_ROW}
    )
    stranger = RoleFactory(kind=Role.Kind.BOARD, board=other_location.board).user
    client.logout()
    sign_in(client, stranger)
    assert client.get(reverse("submissions:upload", args=[upload.pk])).status_code == 404
    assert client.post(reverse("submissions:upload-confirm", args=[upload.pk])).status_code == 404


def test_api_upload_with_token(client, open_round, board_with_locations, board_user):
    key = tokens.create(board_user, "HR")
    content = filled_template(open_round, board_with_locations, {0: GOOD_ROW})
    url = reverse("submissions:api-upload", args=[board_with_locations.number])
    file = io.BytesIO(content)
    file.name = "hr.xlsx"
    answer = client.post(
        f"{url}?confirm=true&confirm_warnings=true",
        {"file": file},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "done"
    assert Registration.objects.get(round=open_round, channel="api").submitted_by == board_user
    bad = client.post(url, {"file": io.BytesIO(b"x")}, HTTP_AUTHORIZATION="Token wrong")
    assert bad.status_code == 401


def test_api_refuses_another_boards_token(client, open_round, board_with_locations, other_location):
    from tekort.accounts.models import Role
    from tekort.submissions.tests.factories import RoleFactory

    stranger = RoleFactory(kind=Role.Kind.BOARD, board=other_location.board).user
    key = tokens.create(stranger, "HR")
    url = reverse("submissions:api-upload", args=[board_with_locations.number])
    answer = client.post(url, {"file": io.BytesIO(b"x")}, HTTP_AUTHORIZATION=f"Token {key}")
    assert answer.status_code == 403


def test_management_command_checks_and_imports(
    tmp_path, open_round, board_with_locations, board_user, capsys
):
    path = tmp_path / "bestuur.xlsx"
    path.write_bytes(filled_template(open_round, board_with_locations, {0: GOOD_ROW}))
    args = [str(path), "--board", board_with_locations.number, "--user", board_user.username]
    call_command("import_board_file", *args)
    assert not Registration.objects.filter(round=open_round).exists()
    call_command("import_board_file", *args, "--confirm", "--confirm-warnings")
    out = capsys.readouterr().out
    assert "gecontroleerd" in out and "geïmporteerd: 1 nieuw" in out
    assert Registration.objects.filter(round=open_round, channel="command").count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("vestiging;formatie\nXXXX99;1\n")
    with pytest.raises(CommandError, match="1 fout"):
        call_command("import_board_file", str(bad), *args[1:], "--confirm")


def test_api_refusals_are_dutch_and_name_the_token_scheme(client, open_round, board_with_locations):
    url = reverse("submissions:api-upload", args=[board_with_locations.number])
    nobody = client.post(url, {"file": io.BytesIO(b"x")})
    assert nobody.status_code == 401
    assert nobody["WWW-Authenticate"] == "Token"
    assert nobody.json()["detail"] == "Log in, of stuur een uploadtoken."
    wrong = client.post(url, {"file": io.BytesIO(b"x")}, HTTP_AUTHORIZATION="Token wrong")
    assert (wrong.status_code, wrong["WWW-Authenticate"]) == (401, "Token")
    assert wrong.json()["detail"] == "Dit token is niet geldig."
    two = client.post(url, {"file": io.BytesIO(b"x")}, HTTP_AUTHORIZATION="Token a b")
    assert two.status_code == 401
    assert two.json()["detail"] == "Stuur één token: Authorization: Token <sleutel>."


def test_api_session_without_csrf_token_is_refused(open_round, board_with_locations, board_user):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, board_user)
    url = reverse("submissions:api-upload", args=[board_with_locations.number])
    answer = strict.post(url, {"file": io.BytesIO(b"x")})
    assert answer.status_code == 403
    assert "CSRF" in answer.json()["detail"]


def test_location_error_says_why_a_code_cannot_be_taken(board_with_locations, other_location):
    """The one check both sheets (Registratie, Vakken) put a row's location code through."""
    from django.utils.translation import gettext as _

    from tekort.submissions.upload.checking import location_error

    own = {loc.code: loc for loc in Location.objects.filter(board=board_with_locations)}
    mine = next(iter(own))
    elsewhere = {other_location.code}
    assert location_error(mine, own, elsewhere) is None
    assert location_error("", own, elsewhere) == _("The location code is missing.")
    assert location_error(other_location.code, own, elsewhere) == _(
        "Location %(code)s belongs to another board."
    ) % {"code": other_location.code}
    assert location_error("XX99", own, elsewhere) == _("Unknown location code %(code)s.") % {
        "code": "XX99"
    }
