"""A page and its ``.json`` twin, answered by the same view from the same data.

Every public page that has a machine-readable twin serves both from one view: the URLconf
routes the page (``…/``) and its twin (``….json``) to the same function, and the view ends in
:func:`page_or_twin`, which renders the page or dumps the data as JSON according to the path.
A view whose page and twin need different work passes each as a function of no arguments, so
that each form computes only what it shows.

JSON is UTF-8 and not ``\\u``-escaped (``ensure_ascii=False``): Dutch names read as they are.
A JSON answer's headers are Django's ``JsonResponse``'s (``Content-Type: application/json``);
caching (``tekort.cache_headers``) and a frozen release's ETag (``publications.frozen``) are
added around it as for the page. An error in a twin is :func:`json_error`: ``{"error": …}`` or
``{"errors": {field: […]}}`` with its status.

Not through this: the versioned API (``tekort.api``), which answers through DRF, and the upload
API (``submissions.api``), which signs in and validates through DRF's authentication classes and
serializers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

Data = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def is_twin(request: HttpRequest) -> bool:
    """True when the ``.json`` twin is asked for rather than the page."""
    return request.path.endswith(".json")


def asks_for_json(request: HttpRequest) -> bool:
    """True when an answer made before any view (a middleware's refusal) should be JSON rather
    than a page: for the API, a ``.json`` twin, or a client whose Accept header names JSON."""
    return (
        "/api/" in request.path or is_twin(request) or "json" in request.headers.get("Accept", "")
    )


def page_or_twin(
    request: HttpRequest, template: str, context: Data, data: Data, *, status: int = 200
) -> HttpResponse:
    """The page (``template`` with ``context``) or, for a ``.json`` path, its twin (``data``).

    ``context`` and ``data`` may each be a mapping or a function of no arguments returning one;
    only the one for the form asked for is called.
    """
    if is_twin(request):
        return json_answer(_made(data), status=status)
    return render(request, template, _made(context), status=status)


def json_answer(data: Any, *, status: int = 200, indent: int | None = None) -> JsonResponse:
    """``data`` as JSON: a twin, or a JSON-only answer of a page's script."""
    params: dict[str, Any] = {"ensure_ascii": False}
    if indent is not None:
        params["indent"] = indent
    return JsonResponse(data, status=status, json_dumps_params=params)


def json_error(
    error: str | None = None,
    *,
    errors: Mapping[str, Any] | None = None,
    status: int,
    **extra: Any,
) -> JsonResponse:
    """A twin's refusal: ``{"error": error}`` or ``{"errors": errors}`` (with ``extra`` keys)."""
    if (error is None) == (errors is None):
        raise ValueError("give either error or errors")
    body = {"error": str(error)} if error is not None else {"errors": dict(errors)}
    return json_answer(body | extra, status=status)


def _made(data: Data) -> Mapping[str, Any]:
    return data() if callable(data) else data
