"""Sign-in with password and TOTP, two-factor enforced for every role, lockout after failures."""

from base64 import b32decode
from binascii import hexlify

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django_otp.middleware import OTPMiddleware
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tekort.accounts.access import requires, signed_in
from tekort.accounts.models import Role
from tekort.accounts.role_matrix import build_world, make_role_users
from tekort.accounts.testing import sign_in, totp_device
from tekort.accounts.tests.helpers import PASSWORD, code_for, sign_in_steps, user_with_role
from tekort.audit.models import Event

pytestmark = pytest.mark.django_db


def test_sign_in_takes_the_password_then_the_totp_code(client):
    user = user_with_role("analist@example.nl", kind=Role.Kind.ANALYST)
    device = totp_device(user)
    response = sign_in_steps(client, user.username, PASSWORD)
    assert response.status_code == 200
    assert "token-otp_token" in response.content.decode()
    assert "_auth_user_id" not in client.session  # not signed in after the password alone

    response = client.post(
        "/account/aanmelden/",
        {"sign_in_view-current_step": "token", "token-otp_token": code_for(device)},
    )
    assert response.status_code == 302 and response["Location"] == "/account/"
    page = client.get("/account/")
    assert page.status_code == 200
    assert "analist@example.nl" in page.content.decode()
    assert Event.objects.filter(action="signed_in", actor=user).count() == 1


def test_a_wrong_code_does_not_sign_in(client):
    user = user_with_role("school@example.nl")
    device = totp_device(user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = sign_in_steps(client, user.username, PASSWORD, wrong)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/account/").status_code == 302


def test_a_wrong_password_is_recorded_and_refused(client):
    user_with_role("bestuur@example.nl")
    response = sign_in_steps(client, "bestuur@example.nl", "niet-het-wachtwoord")
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in response.content.decode()
    event = Event.objects.get(action="sign_in_failed")
    assert event.detail == {"username": "bestuur@example.nl"}
    assert event.ip_address == "127.0.0.1"


def test_first_sign_in_without_a_device_continues_with_totp_setup(client):
    user = user_with_role("nieuw@example.nl", kind=Role.Kind.ANALYST)
    response = sign_in_steps(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/instellen/")
    # Signed in, but every protected page sends the user back to the setup.
    audit = client.get("/account/")
    assert audit.status_code == 302 and "/tweestapsverificatie/instellen/" in audit["Location"]

    setup = "/account/tweestapsverificatie/instellen/"
    step = client.post(setup, {"two_factor_setup_view-current_step": "welcome"})
    key = step.context["secret_key"]
    assert client.get("/account/tweestapsverificatie/qr/")["Content-Type"].startswith("image/svg")
    code = totp(b32decode(key), 30, 0, 6, 0)
    done = client.post(
        setup, {"two_factor_setup_view-current_step": "generator", "generator-token": code}
    )
    assert done.status_code == 302
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and hexlify(b32decode(key)).decode() == device.key
    assert client.get("/account/").status_code == 200  # the setup verified this session
    assert Event.objects.filter(action="two_factor_set_up", actor=user).exists()


@pytest.fixture
def role_users():
    world = build_world()
    return world, make_role_users(world, "2fa")


PERMISSION_HELD = {
    "school": ("registry.view_location_figures", "location"),
    "board": ("registry.view_board_figures", "board"),
    "board_inviter": ("accounts.invite_board_user", "board"),
    "region": ("registry.view_region_aggregates", "onderwijsregio"),
    "analyst": ("estimates.run", None),
    "admin": ("audit.view_events", None),
}


def through_middleware(view, user, verify: bool):
    """Call ``view`` as the site does: django-otp's middleware decides is_verified()."""
    request = RequestFactory().get("/beschermd/")
    request.user = user
    request.session = {}
    if verify:
        request.session["otp_device_id"] = totp_device(user).persistent_id
    return OTPMiddleware(view)(request)


def test_two_factor_is_enforced_for_every_role(role_users):
    world, users = role_users

    def page(request):
        return HttpResponse("figures")

    for role, (perm, kind) in PERMISSION_HELD.items():
        user = users[role]
        obj = getattr(world.own, kind) if kind else None
        assert user.has_perm(perm, obj), role
        view = requires(perm, lambda request, obj=obj: obj)(page)
        unverified = through_middleware(view, user, verify=False)
        assert unverified.status_code == 302, role
        assert unverified["Location"].startswith("/account/"), role
        assert through_middleware(view, user, verify=True).content == b"figures", role
        own_pages = signed_in(page)
        assert through_middleware(own_pages, user, verify=False).status_code == 302, role
        assert through_middleware(own_pages, user, verify=True).status_code == 200, role


def test_an_unverified_user_without_device_is_sent_to_setup(client):
    user = user_with_role("zonder@example.nl", kind=Role.Kind.ADMIN)
    sign_in(client, user, verified=False)
    response = client.get("/account/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/instellen/?next=")


def test_the_admin_site_requires_a_verified_staff_user(client):
    user = user_with_role("beheer@example.nl", kind=Role.Kind.ADMIN)
    user.is_staff = True
    user.save()
    sign_in(client, user, verified=False)
    assert client.get("/beheer/").status_code == 302
    sign_in(client, user)
    assert client.get("/beheer/").status_code == 200
    assert client.get("/beheer/audit/event/").status_code == 200


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_out(client):
    user = user_with_role(
        "doelwit@example.nl", kind=Role.Kind.SCHOOL, location=build_world().own.location
    )
    for _attempt in range(2):
        assert sign_in_steps(client, user.username, "fout-wachtwoord").status_code == 200
    locked = sign_in_steps(client, user.username, "fout-wachtwoord")
    assert locked.status_code == 429
    assert "geblokkeerd" in locked.content.decode()
    # Now even the right password is refused, and nothing was signed in.
    again = sign_in_steps(client, user.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(action="locked_out").exists()
    # Another address is not locked out (lockout is per user name and address).
    other = sign_in_steps(client.__class__(REMOTE_ADDR="10.0.0.9"), user.username, PASSWORD)
    assert other.status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_successful_sign_in_resets_the_failure_count(client):
    user = user_with_role("vergeetachtig@example.nl")
    device = totp_device(user)
    for _attempt in range(2):
        sign_in_steps(client, user.username, "fout-wachtwoord")
    # The count is reset by a complete sign-in (password and code), not by the password alone.
    assert sign_in_steps(client, user.username, PASSWORD, code_for(device)).status_code == 302
    client.post("/account/afmelden/")
    for _attempt in range(2):
        assert sign_in_steps(client, user.username, "fout-wachtwoord").status_code == 200


def test_security_headers_and_content_security_policy(client):
    response = client.get("/account/aanmelden/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_session_and_csrf_cookie_settings(settings):
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
