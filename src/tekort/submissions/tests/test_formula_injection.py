"""Formula injection (issue 17): every CSV and XLSX the uitvraag exports writes text that starts
with = + - @, a tab or a carriage return with a leading single quote (OWASP), so a spreadsheet
shows it as text instead of running it."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tekort.formula_injection import neutralise, neutralise_row
from tekort.registry.models import Location
from tekort.submissions.models import Upload
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.upload import template

HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://x.example","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_text_gets_a_quote(text):
    assert neutralise(text) == "'" + text


def test_other_values_are_left_alone():
    assert neutralise_row(["06BM00", "De Regenboog", 12, -1, 0.5, None, "", "a=b"]) == [
        "06BM00",
        "De Regenboog",
        12,
        -1,
        0.5,
        None,
        "",
        "a=b",
    ]


@pytest.mark.django_db
def test_error_file_neutralises_the_uploaders_sheet_title_and_columns(
    client, open_round, board_with_locations, board_user
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "=1+1"
    sheet.append(["vestiging", "@SUM(A1)"])
    out = io.BytesIO()
    workbook.save(out)
    file = io.BytesIO(out.getvalue())
    file.name = "bestuur.xlsx"
    sign_in(client, board_user)
    client.post(
        reverse("submissions:board", args=[open_round.pk, board_with_locations.number]),
        {"file": file},
    )
    upload = Upload.objects.get()
    assert upload.status == Upload.Status.REJECTED
    body = client.get(reverse("submissions:upload-errors", args=[upload.pk])).content.decode()
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["blad", "rij", "kolom", "reden"]
    assert {r[0] for r in rows[1:]} == {"'=1+1"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
def test_response_csv_and_template_neutralise_register_text(
    client, open_round, board_with_locations, board_user, location
):
    Location.objects.filter(code=location.code).update(name='=HYPERLINK("http://x.example")')
    sign_in(client, board_user)
    address = reverse(
        "submissions:board-response-csv", args=[open_round.pk, board_with_locations.number]
    )
    body = client.get(address).content.decode()
    assert "'=HYPERLINK" in body
    assert ";=HYPERLINK" not in body
    sheet = load_workbook(io.BytesIO(template.build(open_round, board_with_locations)))[
        "Registratie"
    ]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x.example")' in names
    assert not any(str(n).startswith("=") for n in names)
