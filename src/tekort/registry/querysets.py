"""Read-only questions about the register that pages and the API ask."""

from django.db.models import Count, Q, QuerySet

from tekort.registry.models import (
    Board,
    LabourMarketRegion,
    Location,
    Municipality,
    Onderwijsregio,
    Province,
    Sector,
)
from tekort.registry.place_names import matching_municipalities, normalise, split_query

AREA_LIMIT = 10


def register_summary() -> dict:
    """What the register holds: locations per sector and the number of boards, areas, regions."""
    per_sector = dict(Location.objects.values_list("sector").annotate(n=Count("code")))
    return {
        "locations_per_sector": [
            {"sector": s.value, "label": str(s.label), "locations": per_sector.get(s.value, 0)}
            for s in Sector
        ],
        "locations": sum(per_sector.values()),
        "boards": Board.objects.filter(locations__isnull=False).distinct().count(),
        "municipalities": Municipality.objects.count(),
        "onderwijsregios": Onderwijsregio.objects.count(),
        "onderwijsregios_provisional": Onderwijsregio.objects.filter(is_provisional=True).exists(),
    }


def _word(word: str) -> Q:
    return (
        Q(name__icontains=word)
        | Q(code__istartswith=word)
        | Q(place__icontains=word)
        | Q(municipality__name__icontains=word)
    )


def search_locations(query: str, limit: int = 50) -> QuerySet[Location]:
    """Locations whose name, BRIN/vestigingscode or place matches every word of the query.

    Accents, apostrophes and hyphens are ignored; words that name a municipality, by its CBS
    name or a common one ("Den Haag", "Den Bosch"), also match every location in it.
    """
    groups = split_query(query)[:6]
    if not groups:
        return Location.objects.none()
    condition = Q()
    for words, codes in groups:
        part = Q()
        for word in words:
            part &= _word(word)
        if codes:
            part |= Q(municipality__code__in=codes)
        condition &= part
    return (
        Location.objects.filter(condition)
        .select_related("municipality", "board")
        .order_by("name", "code")[:limit]
    )


def search_areas(query: str) -> dict[str, list]:
    """Municipalities (also by common name), labour-market regions, provinces and
    onderwijsregio's whose name contains the query, accents and apostrophes ignored."""
    wanted = normalise(query)
    if not wanted:
        return {
            "municipalities": [],
            "labour_market_regions": [],
            "provinces": [],
            "onderwijsregios": [],
        }

    def named(queryset):
        return [area for area in queryset if wanted in normalise(area.name)][:AREA_LIMIT]

    return {
        "municipalities": list(
            Municipality.objects.filter(code__in=matching_municipalities(query))
            .select_related("province", "labour_market_region")
            .order_by("name")[:AREA_LIMIT]
        ),
        "labour_market_regions": named(LabourMarketRegion.objects.order_by("name")),
        "provinces": named(Province.objects.order_by("name")),
        "onderwijsregios": named(Onderwijsregio.objects.order_by("name")),
    }
