"""Methodology (from docs/methodology), the glossary (from docs/glossary.md), accessibility."""

from django.http import Http404
from django.shortcuts import render

from tekort.page_twins import page_or_twin
from tekort.publications import documents, vocabulary


def methodology_index(request):
    pages = documents.methodology_pages()
    return page_or_twin(
        request,
        "publications/methodology_index.html",
        {"pages": pages, "symbols": vocabulary.SYMBOLS},
        lambda: {"pages": [{"slug": p.slug, "title": p.title} for p in pages]},
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
