"""Public pages of the register: the home page and the school search (each also as .json)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from tekort.registry import schoolweging
from tekort.registry.models import Location
from tekort.registry.querysets import register_summary, search_locations


def home(request):
    return render(request, "registry/home.html", {"summary": register_summary()})


def home_json(request):
    return JsonResponse(register_summary())


def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = list(search_locations(query)) if query else []
    return render(request, "registry/search.html", {"query": query, "results": results})


def search_json(request):
    query = request.GET.get("q", "").strip()[:100]
    return JsonResponse(
        {"query": query, "results": [_as_json(loc) for loc in search_locations(query)]}
    )


def location_detail(request, code):
    location = get_object_or_404(
        Location.objects.select_related("municipality", "board"), code=code
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
