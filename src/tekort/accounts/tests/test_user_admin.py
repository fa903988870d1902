"""An administrator (an invited one: a role, not a Django superuser) deactivates users and resets
a lost second factor from tekort's own pages, through the permission layer, audited; nobody else
may, and nobody may do it to their own account."""

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tekort.accounts.models import Role
from tekort.accounts.role_matrix import build_world
from tekort.accounts.testing import sign_in, totp_device
from tekort.accounts.tests.helpers import PASSWORD, sign_in_steps, user_with_role
from tekort.audit.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    user = user_with_role("beheerder@example.nl", kind=Role.Kind.ADMIN)
    assert not user.is_staff and not user.is_superuser  # invited: only tekort's role
    return user


@pytest.fixture
def teacher():
    """A school user who lost the phone with the authenticator app."""
    user = user_with_role(
        "leraar@example.nl", kind=Role.Kind.SCHOOL, location=build_world().own.location
    )
    totp_device(user)
    StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    return user


def urls(user):
    base = f"/account/gebruikers/{user.pk}/"
    return {
        "deactivate": base + "deactiveren/",
        "activate": base + "activeren/",
        "reset": base + "tweestapsverificatie-herstellen/",
        "detail": base,
    }


def test_an_invited_administrator_deactivates_and_reactivates_a_user(admin, teacher):
    client = sign_in(Client(), admin)
    listing = client.get("/account/gebruikers/", {"zoek": "leraar"}).content.decode()
    assert f'<a href="/account/gebruikers/{teacher.pk}/">leraar@example.nl</a>' in listing
    assert "Gebruikers" in client.get("/account/").content.decode()
    page = client.get(urls(teacher)["detail"]).content.decode()
    assert "<h1>leraar@example.nl</h1>" in page and "Deactiveren" in page

    done = client.post(urls(teacher)["deactivate"], follow=True)
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert "leraar@example.nl is gedeactiveerd en kan zich niet meer aanmelden." in (
        done.content.decode()
    )
    event = Event.objects.get(action=Event.Action.CHANGED_RECORD, object_id=str(teacher.pk))
    assert event.actor == admin and event.object_type == "auth.user"
    assert event.detail == {"changes": {"is_active": [True, False]}}
    refused = sign_in_steps(Client(), teacher.username, PASSWORD)
    assert refused.status_code == 200 and "token-otp_token" not in refused.content.decode()

    again = client.post(urls(teacher)["activate"], follow=True)
    teacher.refresh_from_db()
    assert teacher.is_active
    assert "leraar@example.nl kan zich weer aanmelden." in again.content.decode()
    assert Event.objects.filter(
        action=Event.Action.CHANGED_RECORD, detail={"changes": {"is_active": [False, True]}}
    ).exists()


def test_deactivating_ends_the_users_sessions(admin, teacher):
    teachers_browser = sign_in(Client(), teacher)
    assert teachers_browser.get("/account/").status_code == 200
    sign_in(Client(), admin).post(urls(teacher)["deactivate"])
    assert teachers_browser.get("/account/").status_code == 302  # signed out


def test_an_administrator_resets_a_lost_second_factor(admin, teacher):
    device_ids = sorted(
        d.persistent_id
        for d in [
            *TOTPDevice.objects.filter(user=teacher),
            *StaticDevice.objects.filter(user=teacher),
        ]
    )
    client = sign_in(Client(), admin)
    assert "Tweestapsverificatie herstellen" in client.get(urls(teacher)["detail"]).content.decode()
    done = client.post(urls(teacher)["reset"], follow=True)
    assert "De tweede factor van leraar@example.nl is verwijderd." in done.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert not StaticDevice.objects.filter(user=teacher).exists()
    event = Event.objects.get(action=Event.Action.CHANGED_RECORD, object_id=str(teacher.pk))
    assert event.actor == admin
    assert sorted(event.detail["changes"]["second_factor"][0]) == device_ids
    assert event.detail["changes"]["second_factor"][1] == []

    # The teacher signs in with the password and goes on to set up a new app.
    step = sign_in_steps(Client(), teacher.username, PASSWORD)
    assert step.status_code == 302
    assert step["Location"].startswith("/account/tweestapsverificatie/instellen/")


@pytest.mark.parametrize(
    "kind",
    [Role.Kind.SCHOOL, Role.Kind.BOARD, Role.Kind.REGION, Role.Kind.ANALYST],
)
def test_no_other_role_may_manage_users(kind, teacher):
    world = build_world()
    target = {
        Role.Kind.SCHOOL: {"location": world.own.location},
        Role.Kind.BOARD: {"board": world.own.board, "can_invite": True},
        Role.Kind.REGION: {"onderwijsregio": world.own.onderwijsregio},
        Role.Kind.ANALYST: {},
    }[kind]
    other = user_with_role(f"{kind}@example.nl", kind=kind, **target)
    client = sign_in(Client(), other)
    assert client.get("/account/gebruikers/").status_code == 403
    assert client.get(urls(teacher)["detail"]).status_code == 403
    for action in ("deactivate", "activate", "reset"):
        assert client.post(urls(teacher)[action]).status_code == 403
    teacher.refresh_from_db()
    assert teacher.is_active and TOTPDevice.objects.filter(user=teacher).exists()
    assert not Event.objects.filter(action=Event.Action.CHANGED_RECORD).exists()


def test_an_administrator_may_not_deactivate_or_reset_their_own_account(admin):
    client = sign_in(Client(), admin)
    page = client.get(urls(admin)["detail"]).content.decode()
    assert "Uw eigen account: een andere beheerder deactiveert het" in page
    assert "<button" not in page.split("</h1>", 1)[1].split("<footer", 1)[0]
    assert client.post(urls(admin)["deactivate"]).status_code == 403
    assert client.post(urls(admin)["reset"]).status_code == 403
    admin.refresh_from_db()
    assert admin.is_active and TOTPDevice.objects.filter(user=admin).exists()


def test_the_pages_need_a_verified_second_factor_and_posts(admin, teacher):
    unverified = sign_in(Client(), admin, verified=False)
    response = unverified.post(urls(teacher)["deactivate"])
    assert response.status_code == 302 and "/account/" in response["Location"]
    teacher.refresh_from_db()
    assert teacher.is_active
    verified = sign_in(Client(), admin)
    assert verified.get(urls(teacher)["deactivate"])["Location"] == urls(teacher)["detail"]
    teacher.refresh_from_db()
    assert teacher.is_active  # a GET changes nothing
    assert verified.get("/account/gebruikers/999999/").status_code == 404
    assert verified.get("/account/gebruikers/", {"zoek": "a\x00b"}).status_code == 400  # NUL
