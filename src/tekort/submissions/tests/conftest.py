"""Fixtures of the uitvraag's tests: real locations of the register, users with roles."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from tekort.accounts.models import Role
from tekort.registry.models import Location
from tekort.submissions.tests.factories import RoleFactory, RoundFactory


def sign_in(client, user):
    """Sign the user in with a verified second factor (a static OTP device)."""
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def open_round(db):
    return RoundFactory()


@pytest.fixture
def board_with_locations(db):
    """A real board of the register with at least three bao locations."""
    from django.db.models import Count

    board_id = (
        Location.objects.filter(sector="bao")
        .values("board")
        .annotate(n=Count("code"))
        .filter(n__gte=3, n__lte=20)
        .order_by("board")
        .values_list("board", flat=True)
        .first()
    )
    return Location.objects.get(code=Location.objects.filter(board_id=board_id).first().code).board


@pytest.fixture
def location(board_with_locations):
    return (
        Location.objects.filter(board=board_with_locations, sector="bao").order_by("code").first()
    )


@pytest.fixture
def other_location(board_with_locations):
    return Location.objects.exclude(board=board_with_locations).filter(sector="bao").first()


@pytest.fixture
def school_user(location):
    return RoleFactory(kind=Role.Kind.SCHOOL, location=location, user__username="school").user


@pytest.fixture
def board_user(board_with_locations):
    return RoleFactory(kind=Role.Kind.BOARD, board=board_with_locations, user__username="hr").user


@pytest.fixture
def analyst(db):
    return RoleFactory(kind=Role.Kind.ANALYST, user__username="analyst").user


@pytest.fixture
def admin_user(db):
    return RoleFactory(kind=Role.Kind.ADMIN, user__username="ministerie").user


@pytest.fixture
def vo_location(db):
    """A vo location of the real register (the per-subject questions are asked in vo only)."""
    return Location.objects.filter(sector="vo").order_by("code").first()
