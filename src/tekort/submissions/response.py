"""Response monitoring: which locations of a round have submitted, per sector, board, region, area.

Live: computed from the registrations at the moment of asking. A location responds when it has a
submitted registration (a draft is not a response).
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from tekort.registry import membership
from tekort.registry.models import Location, Sector
from tekort.submissions.models import Registration, Round, SchoolLeaderRegistration

DIMENSIONS = {
    "sector": ("sector", None),
    "board": ("board", "board__name"),
    "labour_market_region": (
        "municipality__labour_market_region",
        "municipality__labour_market_region__name",
    ),
    "municipality": ("municipality", "municipality__name"),
    # A board in two onderwijsregio's counts in each (membership on the round's peildatum).
    "onderwijsregio": (
        "regio_membership__onderwijsregio",
        "regio_membership__onderwijsregio__name",
    ),
}


def population(round_: Round, locations: QuerySet[Location] | None = None) -> QuerySet[Location]:
    """The locations asked in the round, each annotated with whether it responded."""
    locations = Location.objects.all() if locations is None else locations
    responded = Registration.objects.submitted().filter(round=round_, location=OuterRef("pk"))
    return locations.filter(sector__in=round_.sectors).annotate(responded=Exists(responded))


def response_by(round_: Round, dimension: str, locations=None) -> list[dict]:
    key, label = DIMENSIONS[dimension]
    fields = [key] + ([label] if label else [])
    asked = population(round_, locations)
    if dimension == "onderwijsregio":
        asked = membership.with_memberships(asked, round_.peildatum, alias="regio_membership")
    rows = (
        asked.values(*fields)
        .annotate(
            locations=Count("code", distinct=True),
            responded=Count("code", distinct=True, filter=Q(responded=True)),
        )
        .order_by(key)
    )
    sector_labels = dict(Sector.choices)
    out = []
    for row in rows:
        key_value = row[key]
        name = row[label] if label else str(sector_labels.get(key_value, key_value))
        out.append(
            {
                "key": key_value,
                "name": name or "",
                "locations": row["locations"],
                "responded": row["responded"],
                "rate": round(row["responded"] / row["locations"], 4) if row["locations"] else None,
            }
        )
    return out


def summary(round_: Round, locations=None) -> dict:
    qs = population(round_, locations)
    total = qs.count()
    responded = qs.filter(responded=True).count()
    return {
        "peildatum": round_.peildatum.isoformat(),
        "state": round_.state(),
        "locations": total,
        "responded": responded,
        "rate": round(responded / total, 4) if total else None,
    }


def missing(round_: Round, locations=None) -> QuerySet[Location]:
    return (
        population(round_, locations)
        .filter(responded=False)
        .select_related("municipality", "board")
        .order_by("board_id", "code")
    )


def school_leader_summary(round_: Round, locations=None) -> dict:
    """Boards asked in the round (they have a location in its sectors) and how many submitted their
    school leaders (methods.md §1.6: school leadership is registered per board)."""
    boards = set(population(round_, locations).values_list("board_id", flat=True).distinct())
    responded = set(
        SchoolLeaderRegistration.objects.submitted()
        .filter(round=round_, board_id__in=boards)
        .values_list("board_id", flat=True)
    )
    return {
        "boards": len(boards),
        "responded": len(responded),
        "rate": round(len(responded) / len(boards), 4) if boards else None,
        "missing": sorted(boards - responded),
    }
