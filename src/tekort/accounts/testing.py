"""Test helpers for every app: sign a user in as a browser would, second factor included.

    from tekort.accounts.testing import sign_in

    def test_board_page(client, ...):
        sign_in(client, user)          # signed in with a verified TOTP device
        assert client.get(url).status_code == 200

``client.force_login(user)`` alone is no longer enough for a page behind ``requires(...)``:
such a session has no verified second factor and is redirected to set one up.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def totp_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device (created when missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def sign_in(client, user, *, verified: bool = True):
    """Sign ``user`` in on the test ``client``; ``verified`` marks the session OTP-verified."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if verified:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
    return client
