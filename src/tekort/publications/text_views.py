"""Methodology (from docs/methodology), the glossary (from docs/glossary.md), accessibility."""

from django.http import Http404, JsonResponse
from django.shortcuts import render

from tekort.publications import documents, vocabulary


def methodology_index(request):
    return render(
        request,
        "publications/methodology_index.html",
        {"pages": documents.methodology_pages(), "symbols": vocabulary.SYMBOLS},
    )


def methodology_page(request, slug):
    page = documents.methodology_page(slug)
    if page is None:
        raise Http404
    return render(request, "publications/methodology_page.html", {"page": page})


def glossary(request):
    return render(request, "publications/glossary.html", {"page": documents.glossary()})


def accessibility(request):
    return render(request, "publications/accessibility.html")


def methodology_index_json(request):
    return JsonResponse(
        {"pages": [{"slug": p.slug, "title": p.title} for p in documents.methodology_pages()]}
    )
