"""The client's address behind TEKORT_PROXY_COUNT proxies: forged X-Forwarded-For addresses never
count, so they cannot dodge the lockout, the rate limits or the audit trail."""

import pytest
from django.test import Client, RequestFactory, override_settings

from tekort.accounts.models import Role
from tekort.accounts.role_matrix import build_world
from tekort.accounts.testing import totp_device
from tekort.accounts.tests.helpers import PASSWORD, sign_in_steps, user_with_role
from tekort.audit import events

PUBLIC_PEER = "145.100.1.1"  # an internet address: gunicorn reached without the proxy
PROXY = "10.0.0.2"


def ip(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return events.client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # Without proxies the header is ignored.
        (0, PROXY, "6.6.6.6", PROXY),
        (0, PUBLIC_PEER, "6.6.6.6", PUBLIC_PEER),
        # One proxy takes the right-most address.
        (1, PROXY, "145.1.2.3", "145.1.2.3"),
        (1, "127.0.0.1", "6.6.6.6, 145.1.2.3", "145.1.2.3"),  # the forged part is ignored
        (1, "::1", "2001:db8::7", "2001:db8::7"),
        # Two proxies take the second address from the right.
        (2, PROXY, "6.6.6.6, 7.7.7.7, 145.1.2.3, 10.0.0.9", "145.1.2.3"),
        (2, PROXY, "10.0.0.9", PROXY),  # fewer than two: not through both proxies
        # A forged header sent to gunicorn directly is ignored.
        (1, PUBLIC_PEER, "1.2.3.4", PUBLIC_PEER),
        (1, PUBLIC_PEER, "10.0.0.5, 127.0.0.1", PUBLIC_PEER),
        # Malformed forwarded addresses fall back to the connection.
        (1, PROXY, "", PROXY),
        (1, PROXY, "1.2.3.4, nonsense", PROXY),
        (1, PROXY, "1.2.3.4,\x00", PROXY),
        (1, PROXY, "nonsense, 145.1.2.3", "145.1.2.3"),  # only the right-most one matters
        (1, "not-an-address", "145.1.2.3", None),
    ],
)
def test_only_the_proxies_forwarded_addresses_name_the_client(
    settings, proxies, remote, forwarded, expected
):
    settings.TEKORT_PROXY_COUNT = proxies
    assert ip(remote, forwarded) == expected


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TEKORT_PROXY_COUNT=1)
def test_a_new_forged_address_per_attempt_does_not_dodge_the_lockout():
    user = user_with_role(
        "doelwit-xff@example.nl", kind=Role.Kind.SCHOOL, location=build_world().own.location
    )
    totp_device(user)
    direct = Client(REMOTE_ADDR=PUBLIC_PEER)
    statuses = [
        sign_in_steps(
            direct, user.username, "fout-wachtwoord", HTTP_X_FORWARDED_FOR=f"6.6.6.{attempt}"
        ).status_code
        for attempt in range(4)
    ]
    assert statuses == [200, 200, 429, 429]

    via_proxy = Client(REMOTE_ADDR="127.0.0.1")  # the proxy appends the real client: 145.2.2.2
    statuses = [
        sign_in_steps(
            via_proxy,
            user.username,
            "fout-wachtwoord",
            HTTP_X_FORWARDED_FOR=f"6.6.6.{attempt}, 145.2.2.2",
        ).status_code
        for attempt in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
    # Another real client behind the proxy is not locked out by either.
    other = sign_in_steps(via_proxy, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="145.3.3.3")
    assert other.status_code == 200 and "token-otp_token" in other.content.decode()


@pytest.mark.django_db
def test_a_request_straight_from_the_internet_is_warned_about_once(settings, caplog):
    import logging

    settings.TEKORT_PROXY_COUNT = 1
    client = Client()  # a new handler: the middleware reads the setting when it is built
    with caplog.at_level(logging.WARNING, logger="tekort.proxy"):
        client.get("/scholen/", HTTP_X_FORWARDED_FOR="145.1.2.3")  # through the proxy: quiet
        client.get("/scholen/", REMOTE_ADDR=PUBLIC_PEER, HTTP_X_FORWARDED_FOR="6.6.6.6")
        client.get("/scholen/", REMOTE_ADDR=PUBLIC_PEER, HTTP_X_FORWARDED_FOR="6.6.6.7")
    warnings = [r.getMessage() for r in caplog.records if r.name == "tekort.proxy"]
    assert warnings == [
        "TEKORT_PROXY_COUNT is 1, but a request came directly from the internet address "
        "145.100.1.1, not through the proxy; its X-Forwarded-For is ignored. Bind gunicorn to "
        "loopback or a private address that only the proxy can reach."
    ]
