"""Public pages of the register: the search for schools and areas (also as .json), a school.

The home page, which leads with the published shortage, is ``tekort.publications.home_views``."""

from django.shortcuts import get_object_or_404, render

from tekort.page_twins import page_or_twin
from tekort.registry import membership, schoolweging
from tekort.registry.models import Location
from tekort.registry.querysets import search_areas, search_locations


def search(request):
    """The search, or (``scholen.json``) its results."""
    query = request.GET.get("q", "").strip()[:100]
    return page_or_twin(
        request,
        "registry/search.html",
        lambda: _search_context(query),
        lambda: _search_doc(query),
    )


def _search_context(query: str) -> dict:
    results = list(search_locations(query)) if query else []
    areas = search_areas(query) if query else {}
    return {"query": query, "results": results, "areas": areas, "n_areas": _count(areas)}


def _search_doc(query: str) -> dict:
    areas = search_areas(query)
    return {
        "query": query,
        "results": [_as_json(loc) for loc in search_locations(query)],
        "areas": {
            kind: [{"code": getattr(a, "code", a.pk), "name": a.name} for a in found]
            for kind, found in areas.items()
        },
    }


def _count(areas: dict) -> int:
    return sum(len(found) for found in areas.values())


def location_detail(request, code):
    location = get_object_or_404(
        Location.objects.select_related(
            "municipality__province", "municipality__labour_market_region", "board"
        ),
        code=code,
    )
    cuts = schoolweging.national_cut_points()
    band = schoolweging.location_band(location, cuts)
    return render(
        request,
        "registry/location.html",
        {
            "location": location,
            "band": band,
            "band_label": schoolweging.LABELS[band],
            "cuts": cuts,
            "onderwijsregios": membership.regions_of_board(location.board_id, membership.today()),
        },
    )


def _as_json(location: Location) -> dict:
    return {
        "code": location.code,
        "name": location.name,
        "sector": location.sector,
        "place": location.place,
        "municipality": location.municipality.name,
        "board": location.board_id,
    }
