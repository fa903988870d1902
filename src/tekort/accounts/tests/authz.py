"""URL kwargs of the accounts pages for the authorisation matrix (tekort/tests/test_authz_matrix).

The password-reset link names a user (``uidb64``) and carries Django's reset token for that
user; both sides get a real, valid link of their own user.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def _reset_user(side):
    email = f"matrix-reset-{side.name}@example.nl"
    user, created = get_user_model().objects.get_or_create(
        username=email, defaults={"email": email}
    )
    if created:
        user.set_password("matrix-wachtwoord-2025")
        user.save()
    return user


def _reset_uid(side):
    return urlsafe_base64_encode(force_bytes(_reset_user(side).pk))


def _reset_token(side):
    return default_token_generator.make_token(_reset_user(side))


def _managed_user(side):
    """A user without a role per side, for the user-management pages."""
    email = f"matrix-managed-{side.name}@example.nl"
    return get_user_model().objects.get_or_create(username=email, defaults={"email": email})[0].pk


KWARGS = {
    "user_id": _managed_user,
    "accounts:password_reset_confirm/uidb64": _reset_uid,
    "accounts:password_reset_confirm/token": _reset_token,
}
