"""Hostile board files (issue 17): dimension and zip bombs, .xls and password-protected files,
garbage, CSVs whose rows do not fit their header, odd encodings. Each is refused with a Dutch
reason (never a server error, never a guess) and nothing is imported."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tekort.submissions import tokens
from tekort.submissions.models import Registration, Upload
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.hostile_files import dimension_bomb, rewrite_sheet, small_xlsx
from tekort.submissions.upload import reading


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def reasons(content: bytes, name: str) -> list[str]:
    with pytest.raises(reading.Unreadable) as refused:
        reading.read(content, name)
    return [e.reason for e in refused.value.errors]


def test_declared_dimensions_are_not_trusted():
    content = dimension_bomb(far_column=None)
    assert len(content) < 6000
    table = reading.read(content, "bestuur.xlsx")
    assert [r.values for r in table.rows] == [{"vestiging": "06BM00", "formatie": "12"}]


def test_dimension_bomb_with_a_far_row_is_refused_quickly():
    assert reasons(dimension_bomb(), "bestuur.xlsx") == [
        "Het bestand heeft meer dan 20.000 rijen onder de kop (ook lege rijen met opmaak tellen "
        "mee); een bestuur heeft veel minder vestigingen."
    ]


def test_too_many_columns_are_refused():
    header = ["vestiging", "formatie"] + [f"x{i}" for i in range(reading.MAX_COLUMNS)]
    assert "kolommen" in reasons(small_xlsx([header]), "bestuur.xlsx")[0]
    csv_content = ";".join(header).encode()
    assert "kolommen" in reasons(csv_content, "bestuur.csv")[0]


def test_zip_bomb_is_refused_before_unpacking():
    padding = b" " * (reading.MAX_UNCOMPRESSED_BYTES + 1)
    content = rewrite_sheet(
        small_xlsx(), lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>")
    )
    assert len(content) < 1_000_000
    assert "pakt uit tot meer dan 64 MB" in reasons(content, "bestuur.xlsx")[0]


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "bestuur.xls", ".xls"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "bestuur.xlsx", "wachtwoord"),
        (b"anything", "bestuur.xls", ".xls"),
        (b"PK\x03\x04 broken", "bestuur.xlsx", "geen leesbaar XLSX"),
        (bytes(range(256)) * 8, "bestuur.xlsx", "geen leesbaar XLSX"),
        (bytes(range(256)) * 8, "bestuur.csv", "geen leesbaar CSV"),
        (b"vestiging;formatie\n06BM00;1\x002\n", "bestuur.csv", "NUL"),
        ("vestiging;formatie\n06BM00;1\n".encode("utf-16-le"), "bestuur.csv", "NUL"),
        (b'vestiging;formatie\n"06BM00;1\n' + b"x" * 200_000, "bestuur.csv", "aanhalingsteken"),
    ],
)
def test_unreadable_files_get_a_dutch_reason(content, name, expected):
    assert any(expected in reason for reason in reasons(content, name))


def test_nested_garbage_in_a_zip_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types><Default/>")
        archive.writestr("inner.zip", small_xlsx())
    assert "geen leesbaar XLSX" in reasons(out.getvalue(), "bestuur.xlsx")[0]


def test_unquoted_decimal_commas_in_a_comma_separated_file_are_refused_with_their_line():
    content = (
        b"vestiging,formatie,langdurig_verlof\n"
        b"06BM00,20,5,3\n"  # 20,5 and 3: four fields
        b"06BM01,12,1\n"
        b"\n"
        b"06BM02,12\n"  # one field short
    )
    with pytest.raises(reading.Unreadable) as refused:
        reading.read(content, "bestuur.csv")
    errors = refused.value.errors
    assert [e.row for e in errors] == [2, 5]
    assert errors[0].reason.startswith("Deze rij heeft 4 velden, de kop 3.")
    assert "tussen aanhalingstekens" in errors[0].reason
    assert errors[1].reason.startswith("Deze rij heeft 2 velden, de kop 3.")


@pytest.mark.parametrize(
    "content",
    [
        "vestiging;formatie;toelichting\n06BM00;12,5;één\n".encode(),
        "\ufeffvestiging;formatie;toelichting\n06BM00;12,5;één\n".encode(),
        "vestiging;formatie;toelichting\n06BM00;12,5;één\n".encode("cp1252"),
        "vestiging;formatie;toelichting\r\n06BM00;12,5;één\r\n".encode("utf-16"),
        'vestiging,formatie,toelichting\n06BM00,"12,5",één\n'.encode(),
    ],
    ids=["utf-8", "bom", "cp1252", "utf-16", "quoted-comma"],
)
def test_csv_encodings_are_decoded(content):
    table = reading.read(content, "bestuur.csv")
    assert [r.values for r in table.rows] == [
        {"vestiging": "06BM00", "formatie": "12,5", "toelichting": "één"}
    ]


@pytest.mark.django_db
def test_hostile_files_through_the_web_and_the_api_import_nothing(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    page = reverse("submissions:board", args=[open_round.pk, board_with_locations.number])
    api = reverse("submissions:api-upload", args=[board_with_locations.number])
    key = tokens.create(board_user, "HR")
    files = {
        "bom.xlsx": dimension_bomb(),
        "oud.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "komma.csv": b"vestiging,formatie\n06BM00,20,5\n",
        "binair.csv": bytes(range(256)) * 4,
    }
    for name, content in files.items():
        file = io.BytesIO(content)
        file.name = name
        answer = client.post(page, {"file": file}, follow=True)
        assert answer.status_code == 200
        upload = Upload.objects.order_by("-created_at").first()
        assert upload.status == Upload.Status.REJECTED, name
        assert escape(upload.errors[0]["reason"]) in answer.content.decode()
        file.seek(0)
        answer = client.post(api, {"file": file}, HTTP_AUTHORIZATION=f"Token {key}")
        assert answer.status_code == 422, name
        assert answer.json()["errors"][0]["reason"] == upload.errors[0]["reason"]
    assert not Registration.objects.filter(round=open_round).exists()
