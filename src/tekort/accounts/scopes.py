"""Querysets of what a user may see: the same rules as tekort.accounts.rules, as filters."""

from django.db.models import Q, QuerySet

from tekort.accounts.models import Role
from tekort.registry.models import Board, Location


def locations_with_visible_figures(user) -> QuerySet[Location]:
    """Locations whose own figures the user may see (registry.view_location_figures): those the
    user may register for, and every location for an analyst."""
    is_analyst = (
        user.is_authenticated
        and user.is_active
        and user.roles.filter(kind=Role.Kind.ANALYST).exists()
    )
    return Location.objects.all() if is_analyst else locations_registrable_by(user)


def locations_registrable_by(user) -> QuerySet[Location]:
    """Locations the user may register for (submissions.register_for_location)."""
    if not user.is_authenticated or not user.is_active:
        return Location.objects.none()
    roles = user.roles.all()
    return Location.objects.filter(
        Q(code__in=roles.filter(kind=Role.Kind.SCHOOL).values("location_id"))
        | Q(board_id__in=roles.filter(kind=Role.Kind.BOARD).values("board_id"))
    )


def boards_of(user) -> QuerySet[Board]:
    """Boards the user acts for as a board user."""
    if not user.is_authenticated or not user.is_active:
        return Board.objects.none()
    return Board.objects.filter(
        number__in=user.roles.filter(kind=Role.Kind.BOARD).values("board_id")
    )
