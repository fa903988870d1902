"""Which onderwijsregio(s) a board belongs to on a date: decided here and nowhere else.

A membership counts on a date `on` when (no ``valid_from``, the start not known, or
``valid_from <= on``) and (no ``valid_to`` or ``on < valid_to``): ``valid_to`` is the first day
the board is no longer a member.

The rule for a board in two onderwijsregio's at once, stated once:

- where every membership matters (a region's own tables and pages, the areas a board's schools
  fall in, the response per region), the board counts in each of its regions;
- where one region per board is needed (the estimate's onderwijsregio breakdown, a board's
  dashboard, the map's colouring), it is the first of its regions by name (`primary_*`).

Callers without a date of their own (pages about the register now) ask for `today()`; an
estimate asks for its round's peildatum.
"""

from __future__ import annotations

import datetime

from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tekort.registry.models import Board, Onderwijsregio, OnderwijsregioMembership


def today() -> datetime.date:
    return timezone.localdate()


def valid_on(on: datetime.date, prefix: str = "") -> Q:
    """The condition a membership (reached through `prefix`, e.g. ``"board__onderwijsregio_
    memberships__"``) is valid on `on`."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def memberships_on(on: datetime.date) -> QuerySet[OnderwijsregioMembership]:
    """Every membership valid on `on`."""
    return OnderwijsregioMembership.objects.filter(valid_on(on))


def regions_on(on: datetime.date) -> QuerySet[Onderwijsregio]:
    """The onderwijsregio's with at least one member on `on`, by name."""
    return Onderwijsregio.objects.filter(
        pk__in=memberships_on(on).values("onderwijsregio_id")
    ).order_by("name")


def regions_of_board(board: Board | str, on: datetime.date) -> list[Onderwijsregio]:
    """Every onderwijsregio the board is a member of on `on`, by name."""
    board_id = getattr(board, "pk", board)
    return list(
        Onderwijsregio.objects.filter(
            pk__in=memberships_on(on).filter(board_id=board_id).values("onderwijsregio_id")
        ).order_by("name")
    )


def primary_region(board: Board | str, on: datetime.date) -> Onderwijsregio | None:
    """The one onderwijsregio of a board where one is needed: the first by name."""
    regions = regions_of_board(board, on)
    return regions[0] if regions else None


def primary_region_name(on: datetime.date, board_ref: str = "board") -> Subquery:
    """An annotation: the name of the first (by name) onderwijsregio of the row's board
    (`board_ref`, a path to a board's number from the annotated model) on `on`; None without."""
    return Subquery(
        memberships_on(on)
        .filter(board_id=OuterRef(board_ref))
        .order_by("onderwijsregio__name")
        .values("onderwijsregio__name")[:1]
    )


def boards_of_region(region: Onderwijsregio | int, on: datetime.date) -> QuerySet:
    """The numbers of the region's member boards on `on` (a subquery for ``board__in``)."""
    region_id = getattr(region, "pk", region)
    return memberships_on(on).filter(onderwijsregio_id=region_id).values("board_id")


def regions_by_board(on: datetime.date) -> dict[str, list[int]]:
    """Board number -> ids of every onderwijsregio it is a member of on `on` (first by name
    first)."""
    out: dict[str, list[int]] = {}
    rows = (
        memberships_on(on)
        .order_by("board_id", "onderwijsregio__name", "onderwijsregio_id")
        .values_list("board_id", "onderwijsregio_id")
    )
    for board_id, region_id in rows:
        regions = out.setdefault(board_id, [])
        if region_id not in regions:
            regions.append(region_id)
    return out


def with_memberships(
    queryset: QuerySet, on: datetime.date, board_path: str = "board", alias: str = "membership"
) -> QuerySet:
    """`queryset` with `alias` a filtered relation to its board's memberships valid on `on`
    (one row per membership, a row without membership kept: ``values(f"{alias}__onderwijsregio")``
    counts a board in each of its regions)."""
    relation = f"{board_path}__onderwijsregio_memberships"
    return queryset.annotate(
        **{alias: FilteredRelation(relation, condition=valid_on(on, prefix=f"{relation}__"))}
    )


__all__ = [
    "boards_of_region",
    "memberships_on",
    "primary_region",
    "primary_region_name",
    "regions_by_board",
    "regions_of_board",
    "regions_on",
    "today",
    "valid_on",
    "with_memberships",
]
