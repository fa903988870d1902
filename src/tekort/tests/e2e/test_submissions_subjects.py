"""A vo location's figures per subject in Chromium (issue 20): the subject table filled in by
keyboard, a sum that does not add up shown and corrected, the receipt with the subjects; axe-core
clean on every step, and the table scrolls in its own focusable region on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tekort.tests.e2e.test_submissions import sign_in, tab_to, type_into

pytestmark = pytest.mark.e2e


@pytest.fixture
def vo_school(small_register):
    """An open round with vo, a vo location (a copy of a real BO location's institution, board
    and municipality) and its school user; the subject list as migration 0003 loads it."""
    import importlib

    from django.apps import apps

    from tekort.accounts.models import Role
    from tekort.registry.models import Location, VoSubject
    from tekort.submissions.models import Round
    from tekort.submissions.tests.factories import RoleFactory

    if not VoSubject.objects.exists():  # a transactional test before this one flushed them
        importlib.import_module("tekort.registry.migrations.0003_vo_subjects").load(apps, None)
    today = timezone.localdate()
    round_ = Round.objects.create(
        peildatum=today - timedelta(days=2),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=30),
        sectors=["bao", "vo"],
    )
    location = Location.objects.filter(sector="bao").order_by("code").first()
    location.pk, location.sector, location.name = "99ZZ00", "vo", "Testcollege"
    location.save(force_insert=True)
    user = RoleFactory(kind=Role.Kind.SCHOOL, location=location, user__username="vo").user
    return {"round": round_, "location": location, "user": user}


def submit(page):
    tab_to(page, "submit")
    page.keyboard.press("Enter")


def test_subject_table_by_keyboard_then_receipt(page, live_server, vo_school, axe_violations):
    round_, location = vo_school["round"], vo_school["location"]
    sign_in(page, live_server, vo_school["user"])
    url = f"{live_server.url}/uitvraag/rondes/{round_.pk}/vestigingen/{location.code}/"
    page.goto(url)
    region = page.get_by_role("region", name="Formatie en tekort per vak (fte)")
    expect(region).to_be_visible()
    expect(page.get_by_label("Nederlands: Formatie (fte)")).to_be_visible()
    assert axe_violations(page) == []

    for field, value in (
        ("id_formatie", "20"),
        ("id_long_leave", "1"),
        ("id_pupils", "280"),
        ("id_regulier_openstaand", "1,5"),
        ("id_regulier_verborgen", "0,5"),
        ("id_regulier__ONBEVOEGD", "0,5"),
        ("id_vervanging_openstaand", "0,4"),
        ("id_vervanging_verborgen", "0"),
    ):
        type_into(page, field, value)
    tab_to(page, "id_subject_answer_0")
    page.keyboard.press("Space")
    expect(page.locator("#id_subject_answer_0")).to_be_checked()
    for field, value in (
        ("id_vak__NE__formatie", "4"),
        ("id_vak__NE__regulier_openstaand", "1"),
        ("id_vak__NE__vervanging_openstaand", "0,4"),
        ("id_vak__WI__formatie", "3"),
        ("id_vak__WI__regulier_openstaand", "0,5"),
        ("id_vak__WI__regulier_verborgen", "0,5"),
    ):
        type_into(page, field, value)
    # The rest of the formatie on "Overige vakken", one FTE short: the sum does not hold.
    type_into(page, "id_vak__OV__formatie", "12")
    submit(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("19.00")
    expect(page.locator("#group-subjects-error")).to_be_visible()
    expect(page.locator("#id_vak__NE__formatie")).to_have_value("4")  # what was typed is kept
    assert axe_violations(page) == []

    # The error summary's link leads the keyboard to the table.
    page.keyboard.press("Tab")
    expect(summary.locator("a[href='#group-subjects']")).to_be_focused()
    page.keyboard.press("Enter")
    type_into(page, "id_vak__OV__formatie", "13")
    submit(page)
    if page.locator("#warning-summary").count():
        tab_to(page, "id_confirm_warnings")
        page.keyboard.press("Space")
        submit(page)
    expect(page.locator("h1")).to_have_text("Ontvangstbewijs")
    subjects = page.get_by_role("region", name="Formatie en tekort per vak (fte)")
    expect(subjects).to_contain_text("Overige vakken (OV)")
    expect(subjects).to_contain_text("13,00")
    expect(page.locator("body")).to_contain_text("Cijfers per vak: per vak")
    assert axe_violations(page) == []

    # On a phone the table scrolls sideways inside its own region, which takes the focus.
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(url)
    region = page.get_by_role("region", name="Formatie en tekort per vak (fte)")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    region.focus()
    expect(region).to_be_focused()
    assert axe_violations(page) == []
