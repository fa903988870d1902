"""Sign-in with password and TOTP in Chromium, and the first sign-in that sets up TOTP; axe-clean."""

from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from playwright.sync_api import expect

from tekort.accounts.models import Role
from tekort.accounts.testing import totp_device

pytestmark = pytest.mark.e2e

PASSWORD = "lerarentekort-2025-veilig"


def code_for(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def analyst(transactional_db):
    user = get_user_model().objects.create_user(
        "analist@example.nl", email="analist@example.nl", password=PASSWORD
    )
    Role.objects.create(user=user, kind=Role.Kind.ANALYST)
    return user


def test_sign_in_with_password_and_totp_code(page, live_server, analyst, axe_violations):
    device = totp_device(analyst)
    page.goto(live_server.url + "/account/aanmelden/")
    expect(page.locator("h1")).to_have_text("Aanmelden")
    assert axe_violations(page) == []

    page.get_by_label("E-mailadres").fill("analist@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.keyboard.press("Enter")
    code_field = page.locator("input[name='token-otp_token']")
    expect(code_field).to_be_focused()  # autofocus: keyboard users type straight away
    assert axe_violations(page) == []

    code_field.fill(code_for(device))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Mijn account")
    expect(page.locator("main")).to_contain_text("Aangemeld als analist@example.nl")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("link", name="Aanmelden")).to_be_visible()


def test_a_wrong_password_shows_an_error_linked_to_the_form(
    page, live_server, analyst, axe_violations
):
    page.goto(live_server.url + "/account/aanmelden/")
    page.get_by_label("E-mailadres").fill("analist@example.nl")
    page.get_by_label("Wachtwoord").fill("niet-het-goede")
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_role("alert")).to_contain_text("Verbeter het volgende")
    assert axe_violations(page) == []


def test_first_sign_in_sets_up_totp_by_keyboard(page, live_server, analyst, axe_violations):
    page.goto(live_server.url + "/account/aanmelden/")
    page.get_by_label("E-mailadres").fill("analist@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tweestapsverificatie instellen")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Verder").click()

    key = page.locator("#secret-key").inner_text().strip()
    expect(page.locator("img.qr")).to_be_visible()
    qr = page.request.get(live_server.url + page.locator("img.qr").get_attribute("src"))
    assert qr.ok and qr.headers["content-type"].startswith("image/svg+xml")
    assert axe_violations(page) == []
    page.locator("input[name='generator-token']").fill(f"{totp(b32decode(key), 30, 0, 6, 0):06d}")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tweestapsverificatie is ingesteld")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Reservecodes maken").click()
    page.get_by_role("button", name="Nieuwe reservecodes maken").click()
    expect(page.locator(".backup-codes li")).to_have_count(10)


def test_password_reset_by_keyboard_and_the_code_is_still_asked(
    page, live_server, analyst, axe_violations, mailoutbox
):
    totp_device(analyst)
    page.goto(live_server.url + "/account/aanmelden/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.locator("h1")).to_have_text("Wachtwoord vergeten?")
    assert axe_violations(page) == []
    page.locator("input[name='email']").fill("analist@example.nl")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Kijk in uw e-mail")
    assert axe_violations(page) == []

    assert len(mailoutbox) == 1
    link = next(w for w in mailoutbox[0].body.split() if "/wachtwoord-herstellen/" in w)
    page.goto(link if link.startswith("http") else live_server.url + link)
    expect(page.locator("h1")).to_have_text("Kies een nieuw wachtwoord")
    assert axe_violations(page) == []
    page.locator("input[name='new_password1']").fill("een-heel-nieuw-wachtwoord-2026")
    page.locator("input[name='new_password2']").fill("een-heel-nieuw-wachtwoord-2026")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Uw wachtwoord is gewijzigd")
    assert axe_violations(page) == []
    page.goto(link if link.startswith("http") else live_server.url + link)  # used: refused
    expect(page.locator("h1")).to_have_text("Deze link kan niet worden gebruikt")

    page.goto(live_server.url + "/account/aanmelden/")
    page.get_by_label("E-mailadres").fill("analist@example.nl")
    page.get_by_label("Wachtwoord").fill("een-heel-nieuw-wachtwoord-2026")
    page.keyboard.press("Enter")
    expect(page.locator("input[name='token-otp_token']")).to_be_focused()
