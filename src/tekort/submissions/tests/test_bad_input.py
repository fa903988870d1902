"""Bad input that used to give a server error (issue 17): numbers too large to quantize,
Unicode digits, a draft's version that is not a number, a peildatum that is no date, NUL
characters in addresses and drafts. Each is now a Dutch 400 or form error, nothing stored."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from tekort.submissions import tokens
from tekort.submissions.figures import ParseError, parse_fte, parse_pupils
from tekort.submissions.models import Draft, Registration, SchoolLeaderRegistration
from tekort.submissions.tests.conftest import sign_in
from tekort.submissions.tests.test_form import GOOD, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.mark.parametrize("text", ["1e26", "1E+26", "1e5000", "-1e5000", "NaN", "-Infinity", "1e6"])
def test_fte_out_of_range_is_a_parse_error(text):
    with pytest.raises(ParseError):
        parse_fte(text)


def test_minus_zero_is_zero():
    assert str(parse_fte("-0")) == "0.00"


@pytest.mark.parametrize(
    ("text", "value"), [("4,5", "4.50"), ("4.5", "4.50"), ("1.234,5", "1234.50"), (" 12 ", "12.00")]
)
def test_fte_is_read_the_dutch_way(text, value):
    assert str(parse_fte(text)) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,234.5", "bijvoorbeeld 12,5"),  # English grouping: refused, never guessed
        ("1.2.3", "bijvoorbeeld 12,5"),
        ("0.30000000000000004", "hoogstens twee decimalen"),  # a spreadsheet's float
        ("12,345", "hoogstens twee decimalen"),
    ],
)
def test_fte_that_is_refused_says_why(text, message):
    with pytest.raises(ParseError, match=message):
        parse_fte(text)


def test_an_exponent_is_not_a_typed_dutch_number():
    # the one reader of Dutch numbers (tekort_calc.numbers) reads no exponent
    with pytest.raises(ParseError, match="bijvoorbeeld 12,5"):
        parse_fte("1e1")


@pytest.mark.parametrize("text", ["²", "١٢", "1e3", "-1", "99999999", "1" * 5000])
def test_pupils_only_ascii_whole_numbers(text):
    with pytest.raises(ParseError):
        parse_pupils(text)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("formatie", "1e26", "Vul een getal in, bijvoorbeeld 12,5."),
        ("formatie", "1e5000", "Vul een getal in, bijvoorbeeld 12,5."),
        ("formatie", "9" * 12, "Dit getal is veel te groot."),
        ("formatie", "1.000.000,5", "Dit getal is veel te groot."),
        ("pupils", "²", "Vul een heel aantal leerlingen in (0 of meer)."),
        ("remark", "a\x00b", "Null"),
        ("version", "abc", "Versie van de cijfers"),
    ],
)
def test_location_form_gives_a_form_error(
    client, open_round, location, school_user, field, value, message
):
    sign_in(client, school_user)
    page = client.post(url("form", open_round, location), {**GOOD, field: value})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Registration.objects.filter(round=open_round, location=location).exists()


@pytest.mark.parametrize("bad", [{"version": "abc"}, {"version": "-1"}, {"remark": "a\x00b"}])
def test_draft_that_cannot_be_kept_is_a_form_error(client, open_round, location, school_user, bad):
    sign_in(client, school_user)
    page = client.post(url("form", open_round, location), {**GOOD, "action": "draft", **bad})
    assert page.status_code == 400
    assert not Draft.objects.exists()


def test_school_leader_form_refuses_a_huge_formatie(
    client, open_round, board_with_locations, board_user
):
    sign_in(client, board_user)
    address = reverse(
        "submissions:school-leaders", args=[open_round.pk, board_with_locations.number]
    )
    page = client.post(address, {"formatie": "9" * 12, "version": "0", "action": "submit"})
    assert page.status_code == 400
    assert "Dit getal is veel te groot." in page.content.decode()
    assert not SchoolLeaderRegistration.objects.exists()


def _api(client, board, board_user, query="", content=b"vestiging;formatie\n"):
    key = tokens.create(board_user, "HR")
    file = io.BytesIO(content)
    file.name = "bestuur.csv"
    address = reverse("submissions:api-upload", args=[board.number]) + query
    return client.post(address, {"file": file}, HTTP_AUTHORIZATION=f"Token {key}")


def test_api_huge_numbers_and_unicode_digits_are_row_errors(
    client, open_round, board_with_locations, board_user, location
):
    content = f"vestiging;formatie;leerlingen;regulier_openstaand\n{location.code};999999999999;²;0\n".encode()
    answer = _api(client, board_with_locations, board_user, content=content)
    assert answer.status_code == 422
    reasons = {e["column"].split(" ")[0]: e["reason"] for e in answer.json()["errors"]}
    assert reasons == {
        "B": "Dit getal is veel te groot.",
        "C": "Vul een heel aantal leerlingen in (0 of meer).",
    }
    assert not Registration.objects.exists()


@pytest.mark.parametrize("peildatum", ["2025-13-45", "2025-02-30", "abc", "9999999999-01-01"])
def test_api_peildatum_that_is_no_date_is_a_400(
    client, open_round, board_with_locations, board_user, peildatum
):
    answer = _api(client, board_with_locations, board_user, query=f"?peildatum={peildatum}")
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("De peildatum is geen datum")


@pytest.mark.parametrize(
    "address",
    [
        "/scholen/?q=%00",
        "/scholen.json?q=a%00b",
        "/api/v1/releases/x/cells/?domain=%00",
        "/api/v1/releases/?%00=1",
        "/uitvraag/?x=%00",
    ],
)
def test_nul_in_the_address_is_a_dutch_400(client, address):
    answer = client.get(address)
    assert answer.status_code == 400
    assert "NUL-teken" in answer.content.decode()
    if "json" in address or "/api/" in address:
        assert answer.json()["detail"].startswith("Het adres bevat een NUL-teken")
