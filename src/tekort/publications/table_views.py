"""The table tool (GET form → table), its downloads, and permalinks that freeze a table."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from tekort.publications import downloads, vocabulary
from tekort.publications.frozen import frozen_response, not_modified
from tekort.publications.models import Release, ReleaseCell, TablePermalink
from tekort.publications.tables import TableForm, build_table, query_key

FORMATS = {"csv": downloads.as_csv, "xlsx": downloads.as_xlsx}


def _form(request, data):
    releases = list(Release.objects.public().select_related("round"))
    if not releases:
        raise Http404
    chosen = None
    slug = (data or {}).get("release")
    if slug:
        chosen = next((r for r in releases if r.slug == slug), None)
    if chosen is None:
        current = [r for r in releases if r.superseded_by_id is None]
        chosen = current[0] if current else releases[0]
    breakdowns: dict[str, set[str]] = {}
    for function, breakdown in (
        ReleaseCell.objects.filter(release=chosen).values_list("function", "breakdown").distinct()
    ):
        breakdowns.setdefault(function, set()).add(breakdown)
    form = TableForm(data, releases=releases, breakdowns=breakdowns, chosen=chosen)
    return form, chosen


def _table(request):
    form, release = _form(request, request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, release, None
    if not form.is_bound:
        form.full_clean()
    return form, release, build_table(release, form.query())


def table_tool(request):
    form, release, table = _table(request)
    status = 400 if table is None else 200
    query = {"release": release.slug, **(table.query if table else {})}
    return render(
        request,
        "publications/table_tool.html",
        {
            "form": form,
            "release": release,
            "table": table,
            "query_string": urlencode(query, doseq=True),
            "legend": vocabulary.SYMBOLS,
        },
        status=status,
    )


def table_download(request, fmt):
    form, release, table = _table(request)
    if table is None:
        return HttpResponse(status=400)
    if fmt == "json":
        return downloads.as_json(table)
    return FORMATS[fmt](table)


def create_permalink(request):
    """GET with the table's query → the permalink of that table (the same table, the same link).

    Idempotent: a table has one permalink per release version, so a GET may make it.
    """
    form, release, table = _table_from_query(request)
    if table is None:
        return redirect(reverse("publications:table-tool"))
    link, _created = TablePermalink.objects.get_or_create(
        query_key=query_key(release, table.query),
        defaults={"release": release, "query": table.query},
    )
    return redirect("publications:permalink", pk=link.pk)


def _table_from_query(request):
    form, release = _form(request, request.GET)
    if not form.is_valid():
        return form, release, None
    return form, release, build_table(release, form.query())


def _permalink(pk) -> TablePermalink:
    return get_object_or_404(
        TablePermalink.objects.select_related("release__round", "release__superseded_by"), pk=pk
    )


def permalink(request, pk):
    link = _permalink(pk)
    table = build_table(link.release, link.query)
    latest = Release.objects.current().filter(round=link.release.round).first()
    newer = Release.objects.current().exclude(pk=link.release.pk).first()
    response = render(
        request,
        "publications/permalink.html",
        {
            "link": link,
            "table": table,
            "release": link.release,
            "superseded_by": latest if latest and latest.pk != link.release.pk else None,
            "newer_round": newer
            if newer and newer.round.peildatum > link.release.round.peildatum
            else None,
            "legend": vocabulary.SYMBOLS,
            "tool_query": urlencode({"release": link.release.slug, **link.query}, doseq=True),
        },
    )
    response["ETag"] = link.release.etag
    return response


def permalink_download(request, pk, fmt):
    link = _permalink(pk)
    if not_modified(request, link.release):
        return frozen_response(HttpResponse(status=304), link.release)
    table = build_table(link.release, link.query)
    if fmt == "json":
        url = request.build_absolute_uri(reverse("publications:permalink", args=[link.pk]))
        return frozen_response(downloads.as_json(table, permalink=url), link.release)
    return frozen_response(FORMATS[fmt](table), link.release)
