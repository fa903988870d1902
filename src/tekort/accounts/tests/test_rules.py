"""The permission layer's core rules, per role, own object and other object."""

import pytest
from django.contrib.auth import get_user_model

from tekort.accounts.models import Role
from tekort.accounts.scopes import locations_registrable_by, locations_with_visible_figures
from tekort.registry.models import Board, Location, Onderwijsregio

pytestmark = pytest.mark.django_db


def make_user(name, **role):
    user = get_user_model().objects.create_user(name, password="x" * 16)
    if role:
        Role.objects.create(user=user, **role)
    return user


@pytest.fixture
def two_locations_of_different_boards():
    first = Location.objects.order_by("code").first()
    other = Location.objects.exclude(board=first.board).order_by("code").first()
    return first, other


def test_school_user_registers_and_sees_only_own_location(two_locations_of_different_boards):
    own, other = two_locations_of_different_boards
    user = make_user("school", kind=Role.Kind.SCHOOL, location=own)
    assert user.has_perm("submissions.register_for_location", own)
    assert not user.has_perm("submissions.register_for_location", other)
    assert user.has_perm("registry.view_location_figures", own)
    assert not user.has_perm("registry.view_location_figures", other)
    assert list(locations_with_visible_figures(user)) == [own]


def test_board_user_covers_all_locations_of_the_board(two_locations_of_different_boards):
    own, other = two_locations_of_different_boards
    user = make_user("board", kind=Role.Kind.BOARD, board=own.board)
    assert set(locations_registrable_by(user)) == set(Location.objects.filter(board=own.board))
    assert not user.has_perm("submissions.register_for_location", other)
    assert user.has_perm("submissions.upload_for_board", own.board)
    assert not user.has_perm("submissions.upload_for_board", other.board)


def test_region_user_never_sees_one_location(two_locations_of_different_boards):
    own, _ = two_locations_of_different_boards
    region = Onderwijsregio.objects.filter(boards=own.board).first()
    user = make_user("region", kind=Role.Kind.REGION, onderwijsregio=region)
    assert user.has_perm("registry.view_region_aggregates", region)
    assert not user.has_perm("registry.view_location_figures", own)
    assert not locations_with_visible_figures(user).exists()
    other_region = Onderwijsregio.objects.exclude(pk=region.pk).first()
    assert not user.has_perm("registry.view_region_aggregates", other_region)


def test_analyst_sees_all_but_does_not_register(two_locations_of_different_boards):
    own, other = two_locations_of_different_boards
    user = make_user("analyst", kind=Role.Kind.ANALYST)
    assert user.has_perm("registry.view_location_figures", other)
    assert not user.has_perm("submissions.register_for_location", own)
    assert user.has_perm("estimates.run")
    assert not user.has_perm("submissions.manage_rounds")


def test_anonymous_and_inactive_users_get_nothing(two_locations_of_different_boards):
    from django.contrib.auth.models import AnonymousUser

    own, _ = two_locations_of_different_boards
    assert not AnonymousUser().has_perm("registry.view_location_figures", own)
    user = make_user("gone", kind=Role.Kind.SCHOOL, location=own)
    user.is_active = False
    user.save()
    assert not user.has_perm("registry.view_location_figures", own)
    assert not locations_with_visible_figures(user).exists()


def test_a_role_must_point_at_the_object_of_its_kind():
    from django.db import IntegrityError

    user = make_user("broken")
    with pytest.raises(IntegrityError):
        Role.objects.create(user=user, kind=Role.Kind.SCHOOL, board=Board.objects.first())
