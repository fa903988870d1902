"""Read-only questions about the register that pages and the API ask."""

from django.db.models import Count, Q, QuerySet

from tekort.registry.models import Board, Location, Municipality, Onderwijsregio, Sector


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


def search_locations(query: str, limit: int = 50) -> QuerySet[Location]:
    """Locations whose name, BRIN/vestigingscode or place matches every word of the query."""
    words = query.split()
    if not words:
        return Location.objects.none()
    condition = Q()
    for word in words[:6]:
        condition &= (
            Q(name__icontains=word)
            | Q(code__istartswith=word)
            | Q(place__icontains=word)
            | Q(municipality__name__icontains=word)
        )
    return (
        Location.objects.filter(condition)
        .select_related("municipality", "board")
        .order_by("name", "code")[:limit]
    )
