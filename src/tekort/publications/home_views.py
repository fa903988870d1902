"""The home page: the latest release's shortage first, then search and the ways in (+ .json)."""

from tekort.page_twins import page_or_twin
from tekort.publications.home import home_figures
from tekort.registry.querysets import register_summary


def home(request):
    figures, summary = home_figures(), register_summary()
    return page_or_twin(
        request,
        "publications/home.html",
        {"figures": figures, "summary": summary},
        {**figures, "register": summary},
    )
