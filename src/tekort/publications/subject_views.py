"""Tekortvakken pages: the vo shortage by subject as published (``publications.subjects``).

``/tekortvakken/`` ranks the subjects of the latest release with subject cells (or of
``?release=<slug>``), shows one subject (``?vak=WI``) per onderwijsregio on the map and in a
table, and every subject × onderwijsregio; ``/tekortvakken/<code>/`` is one subject over the
peildata. Each page has its ``.json`` twin; ``/tekortvakken.csv`` holds every published subject
cell of the release.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tekort.charts.numbers import nl_number
from tekort.page_twins import is_twin, page_or_twin
from tekort.publications import charts, maps, subjects, vocabulary
from tekort.publications.downloads import cells_csv, legend
from tekort.publications.frozen import frozen_response, not_modified
from tekort.publications.headline import is_provisional, release_meta
from tekort.publications.models import ReleaseCell
from tekort.publications.presentation import public_cell

PARAMS = ("release", "vak")
LATEST_MAX_AGE = 60  # "the latest" changes with a new release; a named release never does
# the methodology of the figures by subject (and of item non-response: a total-only answer)
METHOD_PAGE = "subjects"


class SubjectForm(forms.Form):
    vak = forms.ChoiceField(label=_("Subject on the map and in the table"), required=False)

    def __init__(self, data, choices):
        super().__init__(data)
        self.fields["vak"].choices = choices


def method_page() -> str:
    return reverse("publications:methodology-page", args=[METHOD_PAGE])


def _release(request):
    release = subjects.chosen_release(request.GET.get("release"))
    if release is None:
        raise Http404
    return release


def _overview(request):
    release = _release(request)
    ranked = subjects.ranking(release)
    order = list(subjects.names())
    present = {c["code"] for c in ranked}
    codes = [code for code in order if code in present] + sorted(present - set(order))
    names = {c["code"]: c["name"] for c in ranked}
    form = SubjectForm(request.GET or None, [(code, names[code]) for code in codes])
    valid = form.is_valid() if form.is_bound else True
    chosen = form.cleaned_data.get("vak") if form.is_bound and valid else None
    selected = chosen or (ranked[0]["code"] if ranked else None)
    cells = subjects.region_cells(release)
    regions = subjects.subject_regions(cells, selected) if selected else []
    for row in regions:
        row["anchor"] = maps.anchor(row[subjects.REGION])
    return {
        "release": release,
        "form": form,
        "valid": valid,
        "ranked": ranked,
        "codes": codes,
        "names": names,
        "selected": selected,
        "regions": regions,
        "matrix": subjects.matrix(cells, codes),
        "item_response": subjects.item_response(release),
    }


def overview(request):
    """The ranking, or (``tekortvakken.json``) the same as data; 400 for a refused query."""
    try:
        data = _overview(request)
    except Http404:
        if is_twin(request):
            raise
        return render(request, "publications/tekortvakken_none.html", status=404)
    return page_or_twin(
        request,
        "publications/tekortvakken.html",
        lambda: _overview_context(request, data),
        lambda: _overview_doc(data),
        status=200 if data["valid"] else 400,
    )


def _overview_context(request, data: dict) -> dict:
    selected, regions = data["selected"], data["regions"]
    areas, height = maps.map_areas("onderwijsregio", subjects.map_rows(regions))
    selected_name = data["names"].get(selected, selected)
    return {
        **data,
        "chart": charts.bar_chart(data["ranked"]),
        "summary": ranking_summary(data["ranked"]),
        "selected_name": selected_name,
        "matrix_names": [data["names"][code] for code in data["codes"]],
        "areas": areas,
        "height": height,
        "width": maps.WIDTH,
        "classes": maps.legend_classes(),
        "map_summary": region_summary(selected_name, regions),
        "legend_symbols": vocabulary.SYMBOLS,
        "method_page": method_page(),
        "query": request.GET.urlencode(),
    }


def _subject_record(cell: dict) -> dict:
    return {
        **{k: v for k, v in cell.items() if k != "position"},
        "url": reverse("publications:tekortvak", args=[cell["code"]]),
    }


def _overview_doc(data: dict) -> dict:
    return {
        "release": release_meta(data["release"]),
        "measure": subjects.SHORTAGE,
        "legend": legend(),
        "subjects": [_subject_record(c) for c in data["ranked"]],
        "selected": data["selected"],
        "item_response": data["item_response"],
        "regions": [
            {
                **{k: v for k, v in row.items() if k not in ("position", "anchor")},
                "fill": maps.fill_for(row),
            }
            for row in data["regions"]
        ],
        "matrix": {
            "subjects": data["codes"],
            "rows": [
                {
                    subjects.REGION: row[subjects.REGION],
                    "cells": [
                        None if cell is None else {k: v for k, v in cell.items() if k != "position"}
                        for cell in row["cells"]
                    ],
                }
                for row in data["matrix"]
            ],
        },
    }


def overview_csv(request):
    """Every published subject cell of the release: nation and onderwijsregio's, every
    measure (Dutch headers, formulas neutralised: ``downloads.cells_csv``)."""
    release = _release(request)
    if not_modified(request, release):
        return _frozen(request, HttpResponse(status=304), release)
    cells = ReleaseCell.objects.filter(
        release=release, breakdown__in=subjects.BREAKDOWNS, is_model_based=False
    ).order_by("function", "breakdown", "domain", "measure")
    provisional = is_provisional(release)
    response = cells_csv(release, [public_cell(c, provisional=provisional) for c in cells])
    response["Content-Disposition"] = (
        f'attachment; filename="tekort-{release.slug}-tekortvakken.csv"'
    )
    return _frozen(request, response, release)


def _frozen(request, response, release):
    """The release's ETag; cached an hour for a named release, a minute for the latest."""
    response = frozen_response(response, release)
    if not request.GET.get("release"):
        patch_cache_control(response, max_age=LATEST_MAX_AGE)
    return response


def _subject(code: str):
    names = subjects.names()
    if code not in names:
        raise Http404
    points = subjects.series(code)
    if not any(p["cell"] for p in points):
        raise Http404
    return names[code], points


def subject_page(request, vak):
    """One subject over the peildata, or (``tekortvakken/<vak>.json``) the same as data."""
    name, points = _subject(vak)
    latest = subjects.chosen_release()
    rows = subjects.measures(latest, vak) if latest else []
    strip = lambda cell: {k: v for k, v in cell.items() if k != "position"}  # noqa: E731
    return page_or_twin(
        request,
        "publications/tekortvak.html",
        lambda: {
            "code": vak,
            "name": name,
            "points": points,
            "trend_chart": charts.trend_chart(
                [{"peildatum": p["peildatum"], "rate": p["cell"]} for p in points],
                {"rate": name},
            ),
            "summary": series_summary(name, points),
            "release": latest,
            "measure_rows": rows,
            "legend_symbols": vocabulary.SYMBOLS,
            "method_page": method_page(),
        },
        lambda: {
            "code": vak,
            "name": name,
            "legend": legend(),
            "series": [{**p, "cell": strip(p["cell"]) if p["cell"] else None} for p in points],
            "release": release_meta(latest) if latest else None,
            "measures": [strip(c) for c in rows],
        },
    )


def _published_range(rows: list[dict], label: str) -> dict | None:
    """How many of the rows have a published percentage and how many none, and the highest and
    the lowest of them (their `label` and value). Ranked by value, highest first, ties in the rows'
    order: the highest is the first, the lowest the last. None when no row has a published value."""
    shown = sorted((r for r in rows if r["percentage"] is not None), key=lambda r: -r["percentage"])
    if not shown:
        return None
    high, low = shown[0], shown[-1]
    return {
        "n": len(shown),
        "hidden": len(rows) - len(shown),
        "high": high[label],
        "high_pct": nl_number(high["percentage"]),
        "low": low[label],
        "low_pct": nl_number(low["percentage"]),
    }


def ranking_summary(ranked: list[dict]) -> str:
    figures = _published_range(ranked, "name")
    if figures is None:
        return gettext("No subject has a published value.")
    return (
        gettext(
            "%(n)s subjects have a published value, %(hidden)s have none. Highest shortage: "
            "%(high)s (%(high_pct)s%%); lowest: %(low)s (%(low_pct)s%%)."
        )
        % figures
    )


def region_summary(name: str, rows: list[dict]) -> str:
    figures = _published_range(rows, "label")
    if figures is None:
        return gettext("%(subject)s: no onderwijsregio has a published value.") % {"subject": name}
    return gettext(
        "%(subject)s: %(n)s onderwijsregio's have a published value, %(hidden)s have none. "
        "Highest: %(high)s (%(high_pct)s%%); lowest: %(low)s (%(low_pct)s%%)."
    ) % {"subject": name, **figures}


def series_summary(name: str, points: list[dict]) -> str:
    shown = [p for p in points if p["cell"] and p["cell"]["percentage"] is not None]
    if not shown:
        return gettext("%(subject)s has no published value on any peildatum.") % {"subject": name}
    last = shown[-1]
    return gettext(
        "%(subject)s: %(n)s peildata with a published value; on %(date)s %(pct)s%% "
        "(95%% interval %(low)s to %(high)s%%)."
    ) % {
        "subject": name,
        "n": len(shown),
        "date": last["peildatum"],
        "pct": nl_number(last["cell"]["percentage"]),
        "low": nl_number(last["cell"]["ci_low"]),
        "high": nl_number(last["cell"]["ci_high"]),
    }
