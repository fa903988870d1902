"""The home page: the latest release's shortage first, then search and the ways in (+ .json)."""

from django.http import JsonResponse
from django.shortcuts import render

from tekort.publications.home import home_figures
from tekort.registry.querysets import register_summary


def home(request):
    return render(
        request,
        "publications/home.html",
        {"figures": home_figures(), "summary": register_summary()},
    )


def home_json(request):
    return JsonResponse(
        {**home_figures(), "register": register_summary()},
        json_dumps_params={"ensure_ascii": False},
    )
