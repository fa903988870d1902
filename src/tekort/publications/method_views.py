"""The plain-Dutch method pages for the public: how we measure, how certain, why a figure is
missing. Text in the templates (translated); formulas rendered as MathML on the server."""

from django.shortcuts import render

from tekort.publications import documents, vocabulary

RATE = r"R_G = \frac{\sum_{i \in G} y_i}{\sum_{i \in G} f_i}"
INTERVAL = r"\hat{R} \pm t \times \widehat{SE}"


def how_we_measure(request):
    return render(
        request, "publications/method_how_we_measure.html", {"rate": documents.mathml(RATE)}
    )


def how_certain(request):
    return render(
        request,
        "publications/method_how_certain.html",
        {"interval": documents.mathml(INTERVAL)},
    )


def why_missing(request):
    return render(request, "publications/method_why_missing.html", {"symbols": vocabulary.SYMBOLS})
