"""HTTP and page caching of what is frozen: a release never changes, so its ETag never changes.

The ETag is the release's slug and results fingerprint; a matching If-None-Match gets 304.
A superseded release stays valid (it is still what it was), so it is cacheable too.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

MAX_AGE = 3600
PAGE_CACHE_SECONDS = 600
STATE_KEY = "publications:state"
STATE_SECONDS = 5


def not_modified(request, release) -> bool:
    header = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return release.etag in tags or "*" in tags


def frozen_response(response, release):
    response["ETag"] = release.etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def publication_state() -> str:
    """Changes with every publication (a new release is the only change to what pages show).

    Kept for STATE_SECONDS per process; ``publish`` forgets it at once in its own process, so
    other server processes show a new release at most STATE_SECONDS late.
    """
    from tekort.publications.models import Release

    state = cache.get(STATE_KEY)
    if state is None:
        last = Release.objects.order_by("-pk").values_list("pk", "published_at").first()
        state = hashlib.sha256(repr(last).encode()).hexdigest()[:16]
        cache.set(STATE_KEY, state, STATE_SECONDS)
    return state


def forget_publication_state() -> None:
    cache.delete(STATE_KEY)


def known_parameters(query: QueryDict, known) -> QueryDict:
    """The query with only the parameters the page reads, in a fixed order."""
    kept = QueryDict(mutable=True)
    for name in sorted(set(query) & set(known)):
        kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


def cached_page(view=None, *, params=()):
    """Anonymous GETs of a page built only from releases: rendered once per publication state.

    The page sees, and its cache key holds, only the query parameters it reads (``params``,
    e.g. its form's fields), sorted: a random query string neither bypasses the cache nor fills
    it. Signed-in users get the page rendered for them (the header shows who is signed in).
    """
    if view is None:
        return lambda view: cached_page(view, params=params)

    @wraps(view)
    def cached(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        request.GET = known_parameters(request.GET, params)
        raw = "|".join(
            [
                request.path,
                request.GET.urlencode(),
                get_language() or "",
                publication_state(),
            ]
        )
        key = "publications:page:" + hashlib.sha256(raw.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            content, status, content_type = hit
            return HttpResponse(content, status=status, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 400, 404) and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                (response.content, response.status_code, response["Content-Type"]),
                PAGE_CACHE_SECONDS,
            )
        return response

    return cached
