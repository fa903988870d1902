"""HTTP caching of what is frozen: a release never changes, so its ETag never changes.

The ETag is the release's slug and results fingerprint; a matching If-None-Match gets 304.
A superseded release stays valid (it is still what it was), so it is cacheable too.
"""

from django.utils.cache import patch_cache_control

MAX_AGE = 3600


def not_modified(request, release) -> bool:
    header = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
    return release.etag in tags or "*" in tags


def frozen_response(response, release):
    response["ETag"] = release.etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
