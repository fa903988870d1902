"""Public pages of the register: the search for schools and areas (also as .json), a school.

The home page, which leads with the published shortage, is ``tekort.publications.home_views``."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from tekort.registry import membership, schoolweging
from tekort.registry.models import Location
from tekort.registry.querysets import search_areas, search_locations


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = list(search_locations(query)) if query else []
    areas = search_areas(query) if query else {}
    return render(
        request,
        "registry/search.html",
        {"query": query, "results": results, "areas": areas, "n_areas": _count(areas)},
    )


def search_json(request):
    query = request.GET.get("q", "").strip()[:100]
    areas = search_areas(query)
    return JsonResponse(
        {
            "query": query,
            "results": [_as_json(loc) for loc in search_locations(query)],
            "areas": {
                kind: [{"code": getattr(a, "code", a.pk), "name": a.name} for a in found]
                for kind, found in areas.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


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
