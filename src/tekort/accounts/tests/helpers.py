"""Shared helpers of the accounts tests: users with roles and TOTP codes."""

from django.contrib.auth import get_user_model
from django_otp.oath import totp

from tekort.accounts.models import Role

PASSWORD = "lerarentekort-2025-veilig"


def user_with_role(email: str, **role):
    user = get_user_model().objects.create_user(email, email=email, password=PASSWORD)
    if role:
        Role.objects.create(user=user, **role)
    return user


def code_for(device) -> str:
    """The current TOTP code of a django-otp TOTPDevice, as the authenticator app shows it."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in_steps(client, username, password, code=None, **extra):
    """Post the sign-in wizard's password step and, with ``code``, its token step (``extra``:
    request headers, e.g. HTTP_X_FORWARDED_FOR)."""
    url = "/account/aanmelden/"
    response = client.post(
        url,
        {"sign_in_view-current_step": "auth", "auth-username": username, "auth-password": password},
        **extra,
    )
    if code is None:
        return response
    return client.post(
        url, {"sign_in_view-current_step": "token", "token-otp_token": code}, **extra
    )
