"""Release pages: the headline of the latest release, any version, a round's versions and log.

Everything shown is read from the release (its stored headline and cells); frozen releases are
sent with an ETag and answer 304 to a matching If-None-Match.
"""

import json

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from tekort.page_twins import is_twin, json_answer, page_or_twin
from tekort.publications import charts, vocabulary
from tekort.publications.downloads import cells_csv, letters_csv, letters_xlsx
from tekort.publications.frozen import (
    PAGE_CACHE_SECONDS,
    frozen_response,
    not_modified,
    publication_state,
)
from tekort.publications.headline import is_provisional, release_meta
from tekort.publications.models import Release, ReleaseCell
from tekort.publications.presentation import public_cell
from tekort.publications.summaries import headline_summaries

LATEST_MAX_AGE = 60  # "the latest" changes with a new release; a version's URL never does
NO_CELL = {"percentage": None, "flags": []}


def latest_release() -> Release | None:
    return Release.objects.current().select_related("round", "superseded_by").first()


def _release(slug: str) -> Release:
    return get_object_or_404(
        Release.objects.public().select_related("round", "superseded_by"), slug=slug
    )


def public_headline(release: Release) -> dict:
    """The stored headline, its release described as now (demo flag, status the public is told).

    The headline is frozen at publication; its ``release`` part of a release published before
    the demo flag existed lacks it, and a demo release must never say "definitief".
    """
    head = dict(release.headline)
    stored = head.get("release") or {}
    now = release_meta(release)
    head["release"] = {**stored, "status": now["status"], "demo": now["demo"]}
    return head


def headline(request):
    if is_twin(request):
        return _latest_headline_json(request)
    release = latest_release()
    if release is None:
        return render(request, "publications/no_release.html", status=404)
    return _headline_page(request, release, is_latest=True)


def _latest_headline_json(request):
    """The latest headline: its bytes kept per publication state (the hot path of the site)."""
    key = f"publications:latest-headline:{publication_state()}"
    hit = cache.get(key)
    if hit is None:
        release = latest_release()
        if release is None:
            raise Http404
        body = json.dumps(public_headline(release), ensure_ascii=False).encode()
        hit = (body, release.etag)
        cache.set(key, hit, PAGE_CACHE_SECONDS)
    body, etag = hit
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=LATEST_MAX_AGE)
    return response


def release_page(request, slug):
    release = _release(slug)
    if is_twin(request):
        return _headline_json(request, release)
    return _headline_page(request, release, is_latest=False)


def _headline_json(request, release: Release):
    """A version's twin: frozen with the release's ETag (the page is not)."""
    if not_modified(request, release):
        return frozen_response(HttpResponse(status=304), release)
    return frozen_response(json_answer(public_headline(release)), release)


def _headline_page(request, release: Release, *, is_latest: bool):
    head = release.headline
    leaders = head.get("school_leaders") or {}
    coping = head.get("coping") or {}
    context = {
        "release": release,
        "head": head,
        "is_latest": is_latest,
        "sector_chart": charts.bar_chart(head["by_sector"]),
        "cells_chart": charts.bar_chart(
            head["four_cells"], [vocabulary.MEASURES[m] for m in vocabulary.FOUR_CELLS]
        ),
        "g5_chart": charts.bar_chart(
            head["g5"] + head["g5_bao"],
            [_("G5, all sectors"), _("rest, all sectors"), _("G5, bao"), _("rest, bao")],
        ),
        "schoolweging_chart": charts.bar_chart(head["schoolweging"]),
        "trend_chart": charts.trend_chart(
            head["trend"], {"national": _("all sectors"), "bao": _("bao")}
        ),
        "measures": vocabulary.MEASURES,
        "summaries": headline_summaries(head),
        "cell_rows": head["four_cells"] + head["open_hidden"],
        "g5_rows": head["g5"] + head["g5_bao"],
        # releases published before school leaders were estimated have none in their headline
        "school_leaders": leaders,
        "school_leader_rows": [leaders.get("national"), *leaders.get("by_sector", [])],
        # releases published before po was estimated have no po / vo figures in their headline
        "po_vo": head.get("po_vo") or {},
        "has_letters_table": bool(head.get("letters_table")),
        # how schools cope (releases published before it was estimated have none)
        "coping": coping,
        "coping_chart": charts.bar_chart(
            coping["national"], [vocabulary.ALL_MEASURES[c["measure"]] for c in coping["national"]]
        )
        if coping.get("national")
        else None,
        "trend_rows": [
            {**p, "pair": [p.get("national") or NO_CELL, p.get("bao") or NO_CELL]}
            for p in head["trend"]
        ],
        "legend_symbols": vocabulary.SYMBOLS,
        # the vo shortage by subject (tekortvakken), where this release holds it
        "has_subjects": ReleaseCell.objects.filter(release=release, breakdown="vak").exists(),
    }
    return render(request, "publications/release.html", context)


def release_cells_csv(request, slug):
    """Every published cell of a release (all breakdowns and measures): 'download all data'."""
    release = _release(slug)
    if not_modified(request, release):
        return frozen_response(HttpResponse(status=304), release)
    cells = ReleaseCell.objects.filter(release=release).order_by(
        "function", "breakdown", "domain", "measure", "is_model_based"
    )
    provisional = is_provisional(release)
    return frozen_response(
        cells_csv(release, [public_cell(c, provisional=provisional) for c in cells]), release
    )


def release_letters_table(request, slug, fmt):
    """The letters' table of a release (peildata x po / bao / sbo / (v)so / school leaders), as
    frozen in its headline at publication: CSV and XLSX with Dutch headers, or JSON."""
    release = _release(slug)
    if not_modified(request, release):
        return frozen_response(HttpResponse(status=304), release)
    rows = (release.headline or {}).get("letters_table") or []
    if fmt == "csv":
        response = letters_csv(release, rows)
    elif fmt == "xlsx":
        response = letters_xlsx(release, rows)
    else:
        response = json_answer({"release": release_meta(release), "rows": rows})
    return frozen_response(response, release)


def release_coping_csv(request, slug):
    """How schools cope: every published cell of the hidden shortage by emergency measure."""
    release = _release(slug)
    if not_modified(request, release):
        return frozen_response(HttpResponse(status=304), release)
    cells = ReleaseCell.objects.filter(
        release=release, measure__startswith=vocabulary.COPING_PREFIX
    ).order_by("function", "breakdown", "domain", "measure", "is_model_based")
    provisional = is_provisional(release)
    response = cells_csv(release, [public_cell(c, provisional=provisional) for c in cells])
    response["Content-Disposition"] = (
        f'attachment; filename="tekort-{release.slug}-noodmaatregelen.csv"'
    )
    return frozen_response(response, release)


def _versions_of(peildatum) -> list[Release]:
    """Every published version of the round of ``peildatum``, newest first (404 if none)."""
    releases = list(
        Release.objects.public()
        .filter(round__peildatum=peildatum)
        .select_related("round", "superseded_by")
        .order_by("-version")
    )
    if not releases:
        raise Http404
    return releases


def round_publications(request, peildatum):
    releases = _versions_of(peildatum)
    return render(
        request,
        "publications/round.html",
        {"releases": releases, "peildatum": peildatum, "current": releases[0]},
    )


def all_publications(request):
    releases = Release.objects.public().select_related("round", "superseded_by")
    return page_or_twin(
        request,
        "publications/list.html",
        {"releases": releases},
        lambda: {"releases": [release_meta(r) for r in releases]},
    )


def revision_log(request, peildatum):
    releases = _versions_of(peildatum)
    return page_or_twin(
        request,
        "publications/revisions.html",
        lambda: {"entries": _revision_entries(releases), "peildatum": peildatum},
        lambda: _revision_doc(releases, peildatum),
    )


def _revision_entries(releases: list[Release]) -> list[dict]:
    """Each version with its first 50 revised shortage cells, labelled for the page."""
    revised = {
        r.pk: list(
            ReleaseCell.objects.filter(release=r, is_revised=True, measure="tekort")
            .order_by("function", "breakdown", "domain")
            .values_list("function", "breakdown", "domain")[:50]
        )
        for r in releases
    }
    return [
        {
            "release": r,
            "revised": [
                (
                    vocabulary.FUNCTIONS.get(f, f),
                    vocabulary.BREAKDOWNS.get(b, b),
                    vocabulary.domain_label(d),
                )
                for f, b, d in revised[r.pk]
            ],
        }
        for r in releases
    ]


def _revision_doc(releases: list[Release], peildatum) -> dict:
    """Each version with every revised cell, for the twin."""
    return {
        "peildatum": peildatum.isoformat(),
        "versions": [
            {
                **release_meta(r),
                "revised_cells": [
                    {"function": f, "breakdown": b, "domain": d, "measure": m}
                    for f, b, d, m in ReleaseCell.objects.filter(release=r, is_revised=True)
                    .order_by("function", "breakdown", "domain", "measure")
                    .values_list("function", "breakdown", "domain", "measure")
                ],
            }
            for r in releases
        ],
    }
