"""The uitvraag in Chromium: the location form by keyboard alone (hard error, confirmed warning,
submit, receipt download) and a board upload (a file with three bad rows, then a good one)."""

import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MAX_TABS = 120


@pytest.fixture
def uitvraag(small_register):
    """An open round, a BO location with a school user and its board with a board user."""
    from django.db.models import Count

    from tekort.accounts.models import Role
    from tekort.registry.models import Location
    from tekort.submissions.models import Round
    from tekort.submissions.tests.factories import RoleFactory

    today = timezone.localdate()
    round_ = Round.objects.create(
        peildatum=today - timedelta(days=2),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=30),
        sectors=["bao", "sbo", "so", "vso", "sovso"],
    )
    board_id = (
        Location.objects.filter(sector="bao")
        .values("board")
        .annotate(n=Count("code"))
        .filter(n__gte=5, n__lte=15)
        .order_by("board")
        .values_list("board", flat=True)
        .first()
    )
    location = Location.objects.filter(board_id=board_id, sector="bao").order_by("code").first()
    school = RoleFactory(kind=Role.Kind.SCHOOL, location=location, user__username="school").user
    board = RoleFactory(kind=Role.Kind.BOARD, board_id=board_id, user__username="hr").user
    return {"round": round_, "location": location, "school": school, "board": board}


def sign_in(page, live_server, user):
    """A verified (two-factor) session for the user, handed to the browser as its cookie."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client = Client()
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="e2e")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )


def tab_to(page, element_id):
    """Press Tab until the element has focus: the keyboard is the only input device."""
    for _ in range(MAX_TABS):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def type_into(page, element_id, text):
    tab_to(page, element_id)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_location_form_by_keyboard_alone(page, live_server, uitvraag, axe_violations):
    round_, location = uitvraag["round"], uitvraag["location"]
    sign_in(page, live_server, uitvraag["school"])
    page.goto(f"{live_server.url}/uitvraag/rondes/{round_.pk}/vestigingen/{location.code}/")
    expect(page.locator("h1")).to_contain_text(location.name)
    expect(page.get_by_label("Formatie (fte)")).to_be_visible()
    assert axe_violations(page) == []

    # A hard error: more vacancies than formatie.
    type_into(page, "id_formatie", "10")
    type_into(page, "id_long_leave", "1")
    type_into(page, "id_regulier_openstaand", "12")
    type_into(page, "id_regulier_verborgen", "0,6")
    type_into(page, "id_vervanging_openstaand", "0")
    type_into(page, "id_vervanging_verborgen", "0")
    type_into(page, "id_regulier__OOP_VOOR_KLAS", "0,6")
    type_into(page, "id_pupils", "160")
    tab_to(page, "submit")
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("meer dan de formatie")
    field = page.locator("#id_regulier_openstaand")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []

    # Correct it into something unusual: a shortage above half the formatie is a warning.
    type_into(page, "id_regulier_openstaand", "5")
    tab_to(page, "submit")
    page.keyboard.press("Enter")
    warning = page.locator("#warning-summary")
    expect(warning).to_be_focused()
    expect(warning).to_contain_text("meer dan de helft van de formatie")
    assert axe_violations(page) == []
    tab_to(page, "id_confirm_warnings")
    page.keyboard.press("Space")
    expect(page.locator("#id_confirm_warnings")).to_be_checked()
    tab_to(page, "submit")
    page.keyboard.press("Enter")

    # The receipt, then its download.
    expect(page.locator("h1")).to_have_text("Ontvangstbewijs")
    expect(page.get_by_role("status")).to_contain_text("ingediend")
    expect(page.locator("table").first).to_contain_text("56,0%")  # (5 + 0.6) / 10
    assert axe_violations(page) == []
    tab_to(page, "download-receipt")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    receipt = json.loads(open(download.value.path()).read())
    assert receipt["location"]["code"] == location.code
    assert receipt["values"]["regulier_openstaand"] == "5.00"
    assert "shortage_above_half" in [w["code"] for w in receipt["confirmed_warnings"]]


def _filled(content: bytes, rows: dict) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Registratie"]
    headers = [c.value for c in sheet[1]]
    for index, values in rows.items():
        for header, value in values.items():
            sheet.cell(row=index + 2, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = {
    "formatie": 12,
    "langdurig_verlof": 1,
    "regulier_openstaand": 1,
    "regulier_verborgen": 0.5,
    "vervanging_openstaand": 0,
    "vervanging_verborgen": 0,
    "regulier_SAMENVOEGEN": 0.5,
}


def test_board_upload_bad_then_good(page, live_server, uitvraag, axe_violations, tmp_path):
    from tekort.submissions.models import Registration

    round_ = uitvraag["round"]
    board = uitvraag["location"].board
    sign_in(page, live_server, uitvraag["board"])
    page.goto(f"{live_server.url}/uitvraag/rondes/{round_.pk}/besturen/{board.number}/")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het sjabloon (XLSX)").click()
    template = open(download.value.path(), "rb").read()

    bad = tmp_path / "fout.xlsx"
    bad.write_bytes(
        _filled(
            template,
            {
                0: GOOD,
                1: {**GOOD, "regulier_openstaand": "veel"},
                2: {**GOOD, "regulier_SAMENVOEGEN": 0.2},
                3: {
                    **GOOD,
                    "formatie": 0,
                    "langdurig_verlof": 0,
                    "regulier_openstaand": 0,
                    "regulier_verborgen": 0,
                    "regulier_SAMENVOEGEN": None,
                },
            },
        )
    )
    page.get_by_label("Ingevuld sjabloon (XLSX of CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Uploaden en controleren").click()
    expect(page.locator("#error-summary")).to_contain_text("3 fouten")
    rows = page.locator("table.errors tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("3")
    expect(rows.nth(0)).to_contain_text("regulier_openstaand")
    expect(rows.nth(1)).to_contain_text("optellen")
    expect(rows.nth(2)).to_contain_text("meer dan 0 fte")
    assert axe_violations(page) == []
    with page.expect_download() as errors:
        page.get_by_role("link", name="Download de fouten (CSV)").click()
    assert len(open(errors.value.path(), encoding="utf-8-sig").read().strip().splitlines()) == 4
    assert not Registration.objects.filter(round=round_).exists()

    good = tmp_path / "goed.xlsx"
    good.write_bytes(_filled(template, {0: GOOD, 1: GOOD, 2: GOOD}))
    page.get_by_role("link", name="Upload een verbeterd bestand").click()
    page.get_by_label("Ingevuld sjabloon (XLSX of CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Uploaden en controleren").click()
    expect(page.locator("h2").first).to_have_text("Voorbeeld: er is nog niets opgeslagen")
    expect(page.locator("table.preview tbody tr")).to_have_count(3)
    assert axe_violations(page) == []
    confirm = page.get_by_label("Ik heb de rijen met waarschuwingen gecontroleerd: ze kloppen.")
    if confirm.count():
        confirm.check()
    page.get_by_role("button", name="Bevestigen en importeren").click()
    expect(page.get_by_role("status")).to_contain_text("3 nieuwe en 0 gewijzigde registraties")
    assert Registration.objects.filter(round=round_, channel="upload").count() == 3
    assert axe_violations(page) == []
